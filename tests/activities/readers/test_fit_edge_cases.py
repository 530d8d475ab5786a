"""FIT edge cases on files the tests write themselves with fit_tool."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fit_tool.profile.profile_type import Sport, SubSport

from tests.support.fit_factory import SessionSpec, build_activity_fit, build_workout_fit
from trainingops.activities.readers import (
    CorruptFile,
    NotAnActivity,
    activity_to_session_fields,
    read_activity,
)

MORNING = datetime(2024, 5, 14, 6, 30, tzinfo=UTC)


def test_it_reads_a_plain_run_with_heart_rate_gps_and_splits() -> None:
    [run] = read_activity(build_activity_fit(SessionSpec(MORNING, 1200)))
    assert (run.format, run.sport, run.sub_sport) == ("fit", "running", "generic")
    assert run.start == MORNING
    assert run.timer_s == run.elapsed_s == 1200
    assert run.distance_m == 3600
    assert [s.km for s in run.splits_km] == [1, 2, 3, 4]
    assert sum(s.distance_m for s in run.splits_km) == pytest.approx(3600)
    assert run.splits_km[0].timer_s == pytest.approx(1000 / 3.0, abs=0.5)
    assert run.heart_rate is not None and run.heart_rate.avg == 154 and run.heart_rate.max == 159
    assert run.heart_rate.zone_seconds is not None
    assert sum(run.heart_rate.zone_seconds) == pytest.approx(1200, abs=1)
    assert run.elevation_gain_m == pytest.approx(40.0)  # 20 m steps every 5 min: up, down, up, down
    assert run.device.manufacturer == "development"


def test_pauses_count_in_elapsed_time_but_not_in_timer_time_or_split_times() -> None:
    spec = SessionSpec(MORNING, 1200, pauses=[(300, 90), (900, 30)])
    [run] = read_activity(build_activity_fit(spec))
    assert run.elapsed_s == 1320 and run.timer_s == 1200
    fields = activity_to_session_fields(run)
    assert fields["actual_duration_sec"] == 1200
    assert fields["completed_at"] == MORNING + timedelta(seconds=1320)
    assert sum(s.timer_s for s in run.splits_km) == pytest.approx(1200, abs=1)
    assert sum(s.elapsed_s for s in run.splits_km) == pytest.approx(1320, abs=1)
    assert run.splits_km[0].elapsed_s == pytest.approx(run.splits_km[0].timer_s + 90, abs=1)
    assert sum(run.heart_rate.zone_seconds or ()) == pytest.approx(1200, abs=1)  # type: ignore[union-attr]


def test_a_run_without_heart_rate_has_no_heart_rate_block() -> None:
    [run] = read_activity(build_activity_fit(SessionSpec(MORNING, 600, hr=None)))
    assert run.heart_rate is None
    assert all(split.avg_hr is None for split in run.splits_km)
    assert activity_to_session_fields(run)["metrics_json"]["hr"] is None


def test_a_treadmill_run_without_gps_or_altitude_still_has_distance_and_splits() -> None:
    spec = SessionSpec(MORNING, 900, sub_sport=SubSport.TREADMILL, gps=False, altitude=False)
    [run] = read_activity(build_activity_fit(spec))
    assert run.sub_sport == "treadmill"
    assert run.distance_m == 2700 and len(run.splits_km) == 3
    assert run.elevation_gain_m is None
    assert activity_to_session_fields(run)["workout_category"] == "run"


def test_a_pool_swim_is_read_from_its_lengths() -> None:
    spec = SessionSpec(MORNING, 1000, sport=Sport.SWIMMING, sub_sport=SubSport.LAP_SWIMMING, speed_m_s=1.0, hr=None)
    spec.pool_length_m = 25.0
    [swim] = read_activity(build_activity_fit(spec))
    assert (swim.sport, swim.sub_sport) == ("swimming", "lap_swimming")
    assert swim.pool_length_m == 25.0 and swim.active_lengths == 40
    assert swim.distance_m == 1000
    assert [s.distance_m for s in swim.splits_km] == [1000]
    assert swim.splits_km[0].timer_s == pytest.approx(1000)
    assert activity_to_session_fields(swim)["workout_category"] == "cross_training"


def test_a_run_across_midnight_completes_on_the_next_utc_day() -> None:
    start = datetime(2024, 12, 31, 23, 45, tzinfo=UTC)
    [run] = read_activity(build_activity_fit(SessionSpec(start, 1800)))
    fields = activity_to_session_fields(run)
    assert run.start == start
    assert fields["completed_at"] == datetime(2025, 1, 1, 0, 15, tzinfo=UTC)
    assert fields["metrics_json"]["end"] == "2025-01-01T00:15:00Z"


def test_a_run_across_a_dst_change_lasts_its_real_duration() -> None:
    # Europe moved clocks forward at 2024-03-31T01:00Z; FIT times are UTC, so nothing may jump by an hour.
    start = datetime(2024, 3, 31, 0, 30, tzinfo=UTC)
    [run] = read_activity(build_activity_fit(SessionSpec(start, 3600, step_s=10)))
    assert run.elapsed_s == 3600
    assert activity_to_session_fields(run)["completed_at"] == datetime(2024, 3, 31, 1, 30, tzinfo=UTC)


def test_a_multisport_file_gives_one_activity_per_sport_segment_without_transitions() -> None:
    # Each segment starts a second after the previous one ends, as when the athlete presses the lap button.
    swim = SessionSpec(MORNING, 600, sport=Sport.SWIMMING, speed_m_s=1.2, hr=None)
    transition = SessionSpec(MORNING + timedelta(seconds=601), 120, sport=Sport.TRANSITION, speed_m_s=1.0)
    bike = SessionSpec(MORNING + timedelta(seconds=722), 1200, sport=Sport.CYCLING, speed_m_s=9.0)
    activities = read_activity(build_activity_fit(swim, transition, bike))
    assert [a.sport for a in activities] == ["swimming", "cycling"]
    assert [(a.segment_index, a.segment_count) for a in activities] == [(0, 2), (1, 2)]
    assert activities[0].distance_m == 720 and activities[1].distance_m == 10800
    assert len(activities[1].splits_km) == 11
    assert activities[1].splits_km[0].timer_s == pytest.approx(1000 / 9.0, abs=1)
    assert activities[0].sha256 == activities[1].sha256
    categories = [activity_to_session_fields(a)["workout_category"] for a in activities]
    assert categories == ["cross_training", "cross_training"]


def test_a_file_without_a_session_message_is_summarised_from_its_records() -> None:
    spec = SessionSpec(MORNING, 600)
    spec.write_session = False
    [run] = read_activity(build_activity_fit(spec))
    assert run.sport == "running"
    assert run.start == MORNING
    assert run.elapsed_s == 600 and run.timer_s == pytest.approx(600)
    assert run.distance_m == 1800


def test_a_workout_definition_is_not_an_activity() -> None:
    with pytest.raises(NotAnActivity, match="workout"):
        read_activity(build_workout_fit(MORNING))


@pytest.mark.parametrize("where", ["header", "body", "crc"])
def test_a_flipped_byte_anywhere_is_a_corrupt_file(where: str) -> None:
    data = bytearray(build_activity_fit(SessionSpec(MORNING, 120)))
    index = {"header": 4, "body": len(data) // 2, "crc": len(data) - 1}[where]
    data[index] ^= 0xFF
    with pytest.raises(CorruptFile):
        read_activity(bytes(data))


def test_a_truncated_file_is_a_corrupt_file() -> None:
    data = build_activity_fit(SessionSpec(MORNING, 120))
    with pytest.raises(CorruptFile, match="truncated"):
        read_activity(data[:-40])


def test_a_chained_file_with_garbage_after_the_activity_is_rejected() -> None:
    data = build_activity_fit(SessionSpec(MORNING, 120))
    with pytest.raises(CorruptFile):
        read_activity(data + b"\x0e\x10garbage-not-a-fit-header")


def test_two_chained_activities_read_as_the_first() -> None:
    first = build_activity_fit(SessionSpec(MORNING, 120))
    second = build_activity_fit(SessionSpec(MORNING + timedelta(hours=3), 300))
    [activity] = read_activity(first + second)
    assert activity.start == MORNING and activity.timer_s == 120


def test_a_file_with_more_sport_segments_than_any_recording_is_refused() -> None:
    """Each segment is summarised over the whole record stream: thousands of session messages made the read
    quadratic (found by the upload fuzzer); more than MAX_SEGMENTS is refused before that work starts."""
    start = datetime(2024, 5, 14, 6, tzinfo=UTC)
    specs = [SessionSpec(start + timedelta(minutes=2 * i), 60, Sport.RUNNING, SubSport.GENERIC, 3.0) for i in range(51)]
    with pytest.raises(CorruptFile) as caught:
        read_activity(build_activity_fit(*specs))
    assert caught.value.detail.startswith("The FIT file has 51 session messages; a recording has at most 50")

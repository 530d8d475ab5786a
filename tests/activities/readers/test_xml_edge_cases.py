"""GPX and TCX edge cases on small files written in the test."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone

import pytest

from trainingops.activities.readers import (
    CorruptFile,
    NotAnActivity,
    NoTimestamps,
    UnsupportedFormat,
    activity_to_session_fields,
    read_activity,
)

START = datetime(2024, 5, 14, 6, 30, tzinfo=UTC)
Point = tuple[datetime | None, float, int | None]
# 0.0001° of latitude is 11.1195 m on the IUGG mean sphere.
DEG_PER_M = 1 / 111_194.93


def gpx(points: Sequence[Point], *, track_type: str = "running", breaks: tuple[int, ...] = ()) -> bytes:
    """Points (time, metres north of the start, heart rate) in one track; ``breaks`` start new segments."""
    body = []
    for index, (when, north_m, hr) in enumerate(points):
        if index in breaks:
            body.append("</trkseg><trkseg>")
        time = f"<time>{when.isoformat()}</time>" if when else ""
        ext = (
            "<extensions><gpxtpx:TrackPointExtension>"
            f"<gpxtpx:hr>{hr}</gpxtpx:hr><gpxtpx:cad>88</gpxtpx:cad>"
            "</gpxtpx:TrackPointExtension></extensions>"
            if hr is not None
            else ""
        )
        lat = 46.0 + north_m * DEG_PER_M
        body.append(f'<trkpt lat="{lat:.8f}" lon="14.0"><ele>{300 + index % 2}</ele>{time}{ext}</trkpt>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="Test Watch" xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk><type>{track_type}</type><trkseg>{''.join(body)}</trkseg></trk></gpx>"
    ).encode()


def steady(
    seconds: int, step: int = 5, speed: float = 3.0, hr: int | None = 150, start: datetime = START
) -> list[Point]:
    return [(start + timedelta(seconds=s), s * speed, hr) for s in range(0, seconds + 1, step)]


def test_gpx_heart_rate_and_cadence_come_from_the_extensions() -> None:
    [run] = read_activity(gpx(steady(1200)), "morning.gpx")
    assert (run.format, run.sport) == ("gpx", "running")
    assert run.distance_m == pytest.approx(3600, rel=1e-3)
    assert run.timer_s == run.elapsed_s == 1200
    assert run.heart_rate is not None and run.heart_rate.avg == pytest.approx(150)
    assert run.cadence_avg == pytest.approx(88)
    assert run.laps == ()
    assert len(run.splits_km) == 4
    assert run.device.product == "Test Watch"
    assert run.elevation_gain_m == 0.0  # 1 m jitter stays inside the 3 m hysteresis


def test_gpx_without_heart_rate_has_no_heart_rate() -> None:
    [run] = read_activity(gpx(steady(300, hr=None)))
    assert run.heart_rate is None and run.cadence_avg is None


def test_a_gpx_pause_between_segments_counts_in_elapsed_but_not_timer_time() -> None:
    first = steady(600)
    second = steady(600, start=START + timedelta(seconds=900))
    second = [(when, north + 1800, hr) for when, north, hr in second]
    [run] = read_activity(gpx(first + second, breaks=(len(first),)))
    assert run.elapsed_s == 1500 and run.timer_s == 1200
    assert run.distance_m == pytest.approx(3600, rel=1e-3)


def test_gpx_times_with_offsets_across_a_dst_change_are_read_in_utc() -> None:
    # 2024-03-31 in Central Europe: 01:59:59+01:00 is followed by 03:00:00+02:00, one second later.
    cet, cest = timezone(timedelta(hours=1)), timezone(timedelta(hours=2))
    points = [
        (datetime(2024, 3, 31, 1, 50, tzinfo=cet), 0.0, 140),
        (datetime(2024, 3, 31, 1, 59, 59, tzinfo=cet), 1000.0, 150),
        (datetime(2024, 3, 31, 3, 10, tzinfo=cest), 2500.0, 160),
    ]
    [run] = read_activity(gpx(points))
    assert run.start == datetime(2024, 3, 31, 0, 50, tzinfo=UTC)
    assert run.elapsed_s == 1200


def test_a_gpx_run_across_midnight_completes_the_next_day() -> None:
    [run] = read_activity(gpx(steady(1200, start=datetime(2024, 12, 31, 23, 50, tzinfo=UTC))))
    assert activity_to_session_fields(run)["completed_at"] == datetime(2025, 1, 1, 0, 10, tzinfo=UTC)


def test_gpx_without_times_is_rejected() -> None:
    points = [(None, float(i * 10), None) for i in range(20)]
    with pytest.raises(NoTimestamps):
        read_activity(gpx(points))


def test_gpx_with_a_few_untimed_points_drops_and_flags_them() -> None:
    points = steady(600)
    points[3] = (None, points[3][1], 150)
    [run] = read_activity(gpx(points))
    assert run.has_flag("timestamps_partial")


def test_gpx_with_only_a_route_is_not_an_activity() -> None:
    data = b'<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><rte><rtept lat="1" lon="2"/></rte></gpx>'
    with pytest.raises(NotAnActivity):
        read_activity(data)


def test_gpx_with_a_doctype_is_refused_before_parsing() -> None:
    data = b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaa">]><gpx version="1.1"></gpx>'
    with pytest.raises(UnsupportedFormat, match="DOCTYPE"):
        read_activity(data)


def test_malformed_gpx_is_a_corrupt_file() -> None:
    with pytest.raises(CorruptFile):
        read_activity(gpx(steady(60))[:-30])


def tcx(*, position: bool = True, hr: bool = True, sport: str = "Running", offset: str = "Z") -> bytes:
    """Two 600 s laps, a point every 10 s, 3 m/s; lap HR averages 140 and 160."""
    laps = []
    for lap in range(2):
        lap_start = START + timedelta(seconds=600 * lap)
        points = []
        for s in range(0, 600, 10):
            when = (lap_start + timedelta(seconds=s)).strftime("%Y-%m-%dT%H:%M:%S") + offset
            pos = (
                f"<Position><LatitudeDegrees>{46 + (600 * lap + s) * 3 * DEG_PER_M:.8f}</LatitudeDegrees>"
                "<LongitudeDegrees>14.0</LongitudeDegrees></Position>"
                if position
                else ""
            )
            bpm = f"<HeartRateBpm><Value>{140 + 20 * lap}</Value></HeartRateBpm>" if hr else ""
            points.append(
                f"<Trackpoint><Time>{when}</Time>{pos}<DistanceMeters>{(600 * lap + s) * 3.0}</DistanceMeters>"
                f"{bpm}</Trackpoint>"
            )
        summary = (
            f"<AverageHeartRateBpm><Value>{140 + 20 * lap}</Value></AverageHeartRateBpm>"
            f"<MaximumHeartRateBpm><Value>{150 + 20 * lap}</Value></MaximumHeartRateBpm>"
            if hr
            else ""
        )
        laps.append(
            f'<Lap StartTime="{lap_start.strftime("%Y-%m-%dT%H:%M:%S")}{offset}">'
            f"<TotalTimeSeconds>600</TotalTimeSeconds><DistanceMeters>1800</DistanceMeters>"
            f"<Calories>100</Calories>{summary}<Track>{''.join(points)}</Track></Lap>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="{sport}"><Id>{START.isoformat()}</Id>{"".join(laps)}'
        "<Creator><Name>Forerunner Test</Name></Creator></Activity></Activities></TrainingCenterDatabase>"
    ).encode()


def test_tcx_timer_time_and_distance_come_from_the_laps() -> None:
    [run] = read_activity(tcx(), "run.tcx")
    assert (run.format, run.sport) == ("tcx", "running")
    assert run.start == START
    assert run.timer_s == 1200 and run.distance_m == 3600
    assert [lap.distance_m for lap in run.laps] == [1800, 1800]
    assert run.heart_rate is not None and run.heart_rate.avg == 150 and run.heart_rate.max == 170
    assert run.calories_kcal == 200
    assert run.device.product == "Forerunner Test"


def test_tcx_points_without_positions_are_kept_for_treadmill_runs() -> None:
    [run] = read_activity(tcx(position=False))
    assert len(run.splits_km) == 4  # only_gps=True would have dropped every point
    assert run.splits_km[0].avg_hr == pytest.approx(140)


def test_tcx_without_heart_rate_has_none() -> None:
    [run] = read_activity(tcx(hr=False))
    assert run.heart_rate is None


def test_tcx_with_offset_times_is_normalised_to_utc() -> None:
    [run] = read_activity(tcx(offset="+00:00"))
    assert run.start == START and run.start.tzinfo is not None


def test_tcx_biking_maps_to_cross_training() -> None:
    [ride] = read_activity(tcx(sport="Biking"))
    assert ride.sport == "cycling"
    assert activity_to_session_fields(ride)["workout_category"] == "cross_training"


def test_a_tcx_course_without_activities_is_not_an_activity() -> None:
    data = (
        b'<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        b"<Courses/></TrainingCenterDatabase>"
    )
    with pytest.raises(NotAnActivity):
        read_activity(data)


def test_malformed_tcx_is_a_corrupt_file() -> None:
    with pytest.raises(CorruptFile):
        read_activity(tcx()[:-50])


def test_the_content_decides_the_format_and_a_wrong_extension_is_flagged() -> None:
    [run] = read_activity(tcx(), "run.gpx")
    assert run.format == "tcx"
    assert run.has_flag("extension_mismatch")

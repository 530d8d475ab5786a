"""Activity -> session fields: the category table, the activity/1 metrics object and its size cap."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from trainingops.activities.readers import (
    DEFAULT_HR_ZONES,
    METRICS_JSON_MAX_BYTES,
    Activity,
    Device,
    HeartRate,
    Lap,
    QualityFlag,
    Split,
    activity_to_session_fields,
    metrics_json,
    workout_category,
)
from trainingops.activities.readers.mapping import encoded_size

START = datetime(2024, 5, 14, 6, 30, tzinfo=UTC)


def make_activity(**changes: object) -> Activity:
    base = Activity(
        format="fit",
        sha256="ab" * 32,
        sport="running",
        sub_sport="generic",
        start=START,
        elapsed_s=3700.5,
        timer_s=3600.4,
        distance_m=10000.26,
        laps=(Lap(START, 3700.5, 3600.4, 10000.26, 150.0, 170),),
        splits_km=tuple(Split(k, 1000.0, 360.0, 370.0, 150.0) for k in range(1, 11)),
        heart_rate=HeartRate(150.0, 170, (0.0, 0.0, 600.0, 1800.0, 1200.0, 0.0), DEFAULT_HR_ZONES),
        elevation_gain_m=42.0,
        elevation_loss_m=40.0,
        cadence_avg=88.0,
        cadence_max=95,
        power_avg=None,
        power_max=None,
        calories_kcal=700,
        pool_length_m=None,
        active_lengths=None,
        device=Device("garmin", "fenix5"),
        flags=(QualityFlag("hr_avg_implausible", "example"),),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sport", "sub_sport", "category"),
    [
        ("running", "generic", "run"),
        ("running", "treadmill", "run"),
        ("running", "trail", "run"),
        ("training", "strength_training", "gym"),
        ("fitness_equipment", "strength_training", "gym"),
        ("fitness_equipment", "treadmill", "run"),
        ("fitness_equipment", "elliptical", "cross_training"),
        ("fitness_equipment", "indoor_rowing", "cross_training"),
        ("cycling", "road", "cross_training"),
        ("swimming", "lap_swimming", "cross_training"),
        ("rowing", None, "cross_training"),
        ("walking", "treadmill", "other"),
        ("training", "yoga", "other"),
        ("golf", None, "other"),
        ("unknown_254", None, "other"),
    ],
)
def test_the_category_table(sport: str, sub_sport: str | None, category: str) -> None:
    assert workout_category(sport, sub_sport) == category


def test_session_fields_use_timer_time_and_the_end_of_the_activity() -> None:
    fields = activity_to_session_fields(make_activity())
    assert fields["workout_category"] == "run"
    assert fields["actual_distance_m"] == 10000
    assert fields["actual_duration_sec"] == 3600
    assert fields["completed_at"] == START + timedelta(seconds=3700.5)


def test_a_zero_distance_strength_session_has_no_distance() -> None:
    activity = make_activity(sport="training", sub_sport="strength_training", distance_m=0.0)
    fields = activity_to_session_fields(activity)
    assert fields["workout_category"] == "gym" and fields["actual_distance_m"] is None


def test_metrics_json_is_the_documented_activity_1_object() -> None:
    metrics = metrics_json(make_activity())
    assert list(metrics) == [
        "schema",
        "source",
        "sport",
        "sub_sport",
        "start",
        "end",
        "elapsed_s",
        "timer_s",
        "distance_m",
        "laps",
        "splits_km",
        "hr",
        "elevation",
        "cadence",
        "power",
        "calories_kcal",
        "swim",
        "quality",
    ]
    assert metrics["schema"] == "activity/1"
    assert metrics["source"] == {
        "format": "fit",
        "sha256": "ab" * 32,
        "device": {"manufacturer": "garmin", "product": "fenix5"},
        "segment": {"index": 0, "count": 1},
    }
    assert metrics["start"] == "2024-05-14T06:30:00Z"
    assert metrics["hr"]["zones"]["lower_bounds_bpm"] == [97, 116, 136, 155, 175]
    assert metrics["quality"] == [{"code": "hr_avg_implausible", "detail": "example"}]
    assert json.loads(json.dumps(metrics)) == metrics  # plain JSON types only


def test_metrics_json_stays_under_the_cap_by_cutting_laps_and_splits_and_says_so() -> None:
    laps = tuple(Lap(START + timedelta(seconds=60 * i), 60.0, 60.0, 200.0, 150.0, 160) for i in range(5000))
    splits = tuple(Split(k, 1000.0, 300.0, 300.0, 150.0) for k in range(1, 3001))
    metrics = metrics_json(make_activity(laps=laps, splits_km=splits))
    assert encoded_size(metrics) <= METRICS_JSON_MAX_BYTES
    assert metrics["truncated"] == {"laps": 5000, "splits_km": 3000}
    assert 0 < len(metrics["laps"]) < 5000
    assert metrics["laps"][0]["start"] == "2024-05-14T06:30:00Z"  # the first laps are the ones kept


def test_metrics_json_under_the_cap_is_not_truncated() -> None:
    assert "truncated" not in metrics_json(make_activity())

"""Workout steps: totals, rendering, % of 1RM in kilograms."""

from __future__ import annotations

import uuid
from decimal import Decimal

from trainingops.planning.steps import Step, kilograms, render, totals

RUN, JOG, SQUAT = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def intervals() -> list[Step]:
    """2 km warm-up, 4 × (400 m at 3:00–3:10/km RPE 8, 200 m jog 90 s RPE 3), 2 km cool-down."""
    return [
        Step(
            training_event_id=RUN,
            event_name="Easy run",
            target_distance_m=2000,
            target_duration_sec=600,
            intensity_rpe=3,
        ),
        Step(
            repeat_count=4,
            steps=(
                Step(
                    training_event_id=RUN,
                    event_name="400 m",
                    target_distance_m=400,
                    pace_min_sec_per_km=180,
                    pace_max_sec_per_km=190,
                    intensity_rpe=8,
                ),
                Step(
                    training_event_id=JOG,
                    event_name="Jog",
                    target_distance_m=200,
                    target_duration_sec=90,
                    intensity_rpe=3,
                ),
            ),
        ),
        Step(
            training_event_id=RUN,
            event_name="Easy run",
            target_distance_m=2000,
            target_duration_sec=600,
            intensity_rpe=3,
        ),
    ]


def test_repeat_blocks_multiply_out_and_pace_gives_a_duration() -> None:
    result = totals(intervals())
    assert result.distance_m == 2000 + 4 * 600 + 2000
    # 400 m at the middle of 3:00–3:10/km = 0.4 × 185 s = 74 s
    assert result.duration_sec == 600 + 4 * (74 + 90) + 600
    # duration-weighted RPE: (3×600 + 4×(8×74 + 3×90) + 3×600) / 1856 = 7048 / 1856 = 3.80 -> 4
    assert result.rpe == 4


def test_sets_and_rests_count_for_strength_work() -> None:
    squat = Step(
        training_event_id=SQUAT,
        event_name="Back squat",
        sets=5,
        reps=5,
        target_duration_sec=40,
        load_pct_1rm=Decimal("80"),
        intensity_rpe=8,
        rest_sec=180,
    )
    result = totals([squat])
    assert result.duration_sec == 5 * (40 + 180)
    assert result.distance_m is None
    assert result.rpe == 8


def test_percent_of_one_rep_max_becomes_the_athletes_kilograms_rounded_to_plates() -> None:
    assert kilograms(Decimal("80"), Decimal("105")) == Decimal("85.0")  # 84 kg -> nearest 2.5 kg
    assert kilograms(Decimal("72.5"), Decimal("140")) == Decimal("102.5")  # 101.5 -> 102.5
    squat = Step(training_event_id=SQUAT, event_name="Back squat", sets=5, reps=5, load_pct_1rm=Decimal("80"))
    text, to_set = render([squat], {SQUAT: Decimal("105")})
    assert text == "1. Back squat: 5 × 5, @ 85 kg (80 % of 1RM 105 kg)"
    assert not to_set


def test_without_a_tested_max_the_load_is_to_be_set() -> None:
    squat = Step(training_event_id=SQUAT, event_name="Back squat", sets=3, reps=8, load_pct_1rm=Decimal("70"))
    text, to_set = render([squat], {})
    assert "load to be set: no tested max" in text
    assert to_set


def test_rendering_reads_like_a_coachs_whiteboard() -> None:
    text, _ = render(intervals())
    assert text.splitlines() == [
        "1. Easy run: 2 km, 10:00, RPE 3",
        "2. 4 × (400 m: 400 m, pace 3:00–3:10/km, RPE 8; Jog: 200 m, 1:30, RPE 3)",
        "3. Easy run: 2 km, 10:00, RPE 3",
    ]

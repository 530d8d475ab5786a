"""Request examples of the planning routes, as the OpenAPI document shows them (ids are placeholders)."""

from __future__ import annotations

from typing import Any

EVENT_ID = "3f2a0c1e-0000-4000-8000-000000000001"
WORKOUT_ID = "3f2a0c1e-0000-4000-8000-000000000002"
ATHLETE_ID = "8d0e0a5e-0000-4000-8000-000000000001"
ENTRY_ID = "3f2a0c1e-0000-4000-8000-000000000003"
GROUP_ID = "3f2a0c1e-0000-4000-8000-000000000004"

TRAINING_EVENT: dict[str, Any] = {
    "repeat": {
        "summary": "A track repeat, measured by distance",
        "value": {"name": "400 m repeat", "workout_category": "run", "measure": "distance"},
    },
    "lift": {
        "summary": "A lift, measured by load",
        "value": {"name": "Back squat", "workout_category": "gym", "measure": "load", "description": "Below parallel"},
    },
}

WORKOUT: dict[str, Any] = {
    "intervals": {
        "summary": "4 × (400 m at RPE 8, 200 m jog), session RPE from the coach",
        "value": {
            "name": "4 × 400 m",
            "workout_category": "run",
            "planned_rpe": 7,
            "steps": [
                {
                    "repeat": 4,
                    "steps": [
                        {"training_event_id": EVENT_ID, "target_distance_m": 400, "intensity_rpe": 8},
                        {"training_event_id": EVENT_ID, "target_distance_m": 200, "intensity_rpe": 3},
                    ],
                    "rest_sec": 120,
                }
            ],
        },
    },
    "strength": {
        "summary": "3 × 5 back squat at 80 % of 1RM (kilograms per athlete when published)",
        "value": {
            "name": "Squat day",
            "workout_category": "gym",
            "steps": [{"training_event_id": EVENT_ID, "sets": 3, "reps": 5, "load_pct_1rm": 80, "rest_sec": 180}],
        },
    },
}

PRACTICE: dict[str, Any] = {
    "track": {
        "summary": "An afternoon track practice",
        "value": {
            "practice_date": "2026-12-01",
            "title": "Track: speed endurance",
            "start_time": "15:30:00",
            "location": "Outdoor track",
        },
    },
}

PRACTICE_WORKOUT: dict[str, Any] = {
    "group": {"summary": "For one event group", "value": {"workout_id": WORKOUT_ID, "event_group_id": GROUP_ID}},
    "everyone": {"summary": "For everyone on the roster, first", "value": {"workout_id": WORKOUT_ID, "position": 1}},
}

ASSIGNMENT: dict[str, Any] = {
    "scale": {
        "summary": "Scale one athlete's workout down",
        "value": {
            "athlete_id": ATHLETE_ID,
            "kind": "scale",
            "practice_session_workout_id": ENTRY_ID,
            "distance_pct": 70,
            "rpe_shift": -2,
            "note": "Coming back from a calf strain",
        },
    },
    "exclude": {
        "summary": "Leave an athlete out of the practice",
        "value": {"athlete_id": ATHLETE_ID, "kind": "exclude", "note": "Travelling to the meet"},
    },
}

STRENGTH_MAX: dict[str, Any] = {
    "tested": {
        "summary": "A tested 1RM",
        "value": {"training_event_id": EVENT_ID, "one_rm_kg": 142.5, "tested_on": "2026-11-20"},
    },
}

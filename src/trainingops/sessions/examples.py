"""Request examples of the sessions routes, as the OpenAPI document shows them (ids are placeholders)."""

from __future__ import annotations

from typing import Any

CREATE: dict[str, Any] = {
    "coach": {
        "summary": "Staff assign a session to two athletes",
        "value": {
            "athlete_ids": ["8d0e0a5e-0000-4000-8000-000000000001", "8d0e0a5e-0000-4000-8000-000000000002"],
            "team_season_id": "5b1f7c1a-0000-4000-8000-000000000001",
            "scheduled_date": "2026-12-01",
            "workout_category": "run",
            "title": "Tempo 6 km",
            "planned_distance_m": 11000,
            "planned_duration_sec": 3300,
            "planned_rpe": 7,
        },
    },
    "athlete": {
        "summary": "An athlete logs an easy run already done",
        "value": {
            "workout_category": "run",
            "title": "Easy run",
            "completed_at": "2026-11-27T16:10:00Z",
            "actual_distance_m": 8000,
            "actual_duration_sec": 2520,
            "actual_rpe": 3,
        },
    },
}


PATCH: dict[str, Any] = {
    "athlete": {"summary": "An athlete rates how hard it felt", "value": {"actual_rpe": 3}},
    "athlete_log": {
        "summary": "An athlete logs what they did",
        "value": {
            "actual_distance_m": 9600,
            "actual_duration_sec": 2880,
            "actual_rpe": 6,
            "actual_description": "Windy",
        },
    },
    "staff": {"summary": "A coach changes the plan", "value": {"planned_rpe": 6, "title": "Tempo 5 km"}},
}
COMPLETE: dict[str, Any] = {
    "now": {"summary": "Done just now", "value": {"actual_duration_sec": 2700, "actual_rpe": 5}},
    "earlier": {
        "summary": "Done earlier",
        "value": {"completed_at": "2026-11-27T16:10:00Z", "actual_distance_m": 8000, "actual_rpe": 4},
    },
}
IMPORT_CSV = (
    "athlete_id,scheduled_date,workout_category,title,planned_duration_sec,planned_rpe\n"
    "8d0e0a5e-0000-4000-8000-000000000001,2026-12-01,run,Easy run,2400,3\n"
)

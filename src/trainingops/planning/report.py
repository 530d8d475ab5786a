"""The report of a preview, publish or cancel: what changed, session by session and athlete by athlete."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from trainingops.planning import derive


def per_athlete(changes: derive.Changes, owners: dict[UUID, UUID]) -> list[dict[str, Any]]:
    """The changes counted per athlete, for a report a coach reads athlete by athlete."""
    touched: dict[str, list[UUID]] = {
        "created": [p.athlete_id for p in changes.create],
        "updated": [p.athlete_id for _, p in changes.update],
        "removed": [owners[i] for i in changes.remove],
        "unchanged": [owners[i] for i in changes.unchanged],
        "kept_completed": [owners[i] for i in changes.kept_completed],
    }
    counts: dict[UUID, dict[str, int]] = {}
    for kind, athletes in touched.items():
        for athlete in athletes:
            counts.setdefault(athlete, dict.fromkeys(touched, 0))[kind] += 1
    return [{"athlete_id": str(a), **c} for a, c in sorted(counts.items(), key=lambda item: str(item[0]))]


def report(
    practice: dict[str, Any],
    changes: derive.Changes,
    planned: list[derive.Planned],
    created: list[dict[str, Any]] | None,
    status: str,
    version: int,
    not_applied: list[derive.Override],
    owners: dict[UUID, UUID],
) -> dict[str, Any]:
    return {
        "practice_session_id": str(practice["id"]),
        "status": status,
        "version": version,
        "created": created
        if created is not None
        else [
            {
                "id": None,
                "athlete_id": str(p.athlete_id),
                "workout_id": str(p.workout_id),
                "practice_session_workout_id": str(p.entry_id) if p.entry_id else None,
            }
            for p in changes.create
        ],
        "updated": [str(i) for i, _ in changes.update],
        "removed": [str(i) for i in changes.remove],
        "unchanged": [str(i) for i in changes.unchanged],
        "kept_completed": [str(i) for i in changes.kept_completed],
        "loads_to_be_set": [
            {"athlete_id": str(p.athlete_id), "workout_id": str(p.workout_id)} for p in planned if p.load_to_be_set
        ],
        "overrides_not_applied": [
            {
                "id": str(o.id),
                "athlete_id": str(o.athlete_id),
                "kind": o.kind,
                "practice_session_workout_id": str(o.entry_id) if o.entry_id else None,
            }
            for o in not_applied
        ],
        "athletes": per_athlete(changes, owners),
    }

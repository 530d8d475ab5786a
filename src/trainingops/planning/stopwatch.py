"""The coach's group stopwatch, filed: every athlete's splits per rep into their session of the practice
(``metrics_json`` schema ``stopwatch/1``, laps shaped like the device import's ``activity/1`` laps), the actual
duration and distance, and the session completed — all athletes in one statement, or none.

Statements whatever the group size: the practice, the role check, the athletes' sessions, one UPDATE."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from trainingops.db.pool import Connection
from trainingops.errors import Conflict, InvalidInput
from trainingops.planning.field_schemas import SplitsFiling
from trainingops.planning.service import PracticeNotFound
from trainingops.roster import access

SCHEMA = "stopwatch/1"

PRACTICE = "select id, program_id, status from practice_sessions where id = %s"
# The run sessions the practice gave these athletes (row-level security: those the caller may see).
SESSIONS = """
select s.id, s.athlete_id, s.completed_at is not null as completed, s.practice_session_workout_id
from athlete_training_sessions s
where s.practice_session_id = %(practice)s and s.athlete_id = any (%(athletes)s::uuid[])
  and s.workout_category <> 'gym'
  and (%(entry)s::uuid is null or s.practice_session_workout_id = %(entry)s::uuid)
"""
FILE = """
update athlete_training_sessions s
set metrics_json = v.metrics, actual_duration_sec = v.duration, actual_distance_m = v.distance,
    completed_at = now()
from jsonb_to_recordset(%(rows)s::jsonb) as v(id uuid, metrics jsonb, duration integer, distance integer)
where s.id = v.id and s.completed_at is null
returning s.id as session_id, s.athlete_id, s.version, s.actual_duration_sec, s.actual_distance_m
"""


class AthletesNotOnPractice(InvalidInput):
    code = "athletes_not_on_practice"
    title = "Some athletes have no session of this practice to file splits into"


class SessionsAlreadyCompleted(Conflict):
    code = "sessions_already_completed"
    title = "Some athletes already logged this session"


class WorkoutAmbiguous(InvalidInput):
    code = "practice_workout_ambiguous"
    title = "The athlete has more than one run session in this practice"


def laps(filing: SplitsFiling, reps: list[Any]) -> tuple[list[dict[str, Any]], int, int | None]:
    """The laps (``activity/1`` lap keys, plus rep, split_ms and dnf), total seconds and metres of one athlete."""
    out, total_ms, metres, any_distance = [], 0, 0, False
    for number, rep in enumerate(reps, start=1):
        distance = rep.distance_m or filing.rep_distance_m
        seconds = rep.split_ms / 1000 if rep.split_ms is not None else None
        out.append(
            {
                "rep": number,
                "start": None,
                "elapsed_s": seconds,
                "timer_s": seconds,
                "distance_m": None if rep.dnf else distance,
                "avg_hr": None,
                "max_hr": None,
                "split_ms": rep.split_ms,
                "dnf": rep.dnf,
            }
        )
        total_ms += rep.split_ms or 0
        if distance is not None and not rep.dnf:
            metres, any_distance = metres + distance, True
    return out, round(total_ms / 1000), metres if any_distance else None


async def file_splits(conn: Connection, *, practice_id: UUID, filing: SplitsFiling) -> str:
    cursor = await conn.execute(PRACTICE, [practice_id])
    practice = await cursor.fetchone()
    if practice is None:
        raise PracticeNotFound.of("practice")
    await access.require_role(conn, program_id=practice["program_id"], capability="plan_run")
    athletes = [a.athlete_id for a in filing.athletes]
    cursor = await conn.execute(
        SESSIONS, {"practice": practice_id, "athletes": athletes, "entry": filing.practice_session_workout_id}
    )
    found: dict[UUID, list[dict[str, Any]]] = {}
    for row in await cursor.fetchall():
        found.setdefault(row["athlete_id"], []).append(row)
    _check(filing, found)
    rows = []
    for athlete in filing.athletes:
        session = found[athlete.athlete_id][0]
        lap_list, seconds, metres = laps(filing, athlete.reps)
        metrics = {
            "schema": SCHEMA,
            "source": {
                "practice_session_id": str(practice_id),
                "practice_session_workout_id": str(session["practice_session_workout_id"] or "") or None,
            },
            "elapsed_s": seconds,
            "timer_s": seconds,
            "distance_m": metres,
            "laps": lap_list,
        }
        rows.append({"id": str(session["id"]), "metrics": metrics, "duration": seconds, "distance": metres})
    cursor = await conn.execute(FILE, {"rows": json.dumps(rows)})
    filed = await cursor.fetchall()
    if len(filed) != len(rows):  # completed meanwhile by a concurrent write: all or none
        raise SessionsAlreadyCompleted("A session was completed while the splits were being filed; nothing was filed.")
    body = {
        "practice_session_id": str(practice_id),
        "sessions": [{**r, "athlete_id": str(r["athlete_id"]), "session_id": str(r["session_id"])} for r in filed],
    }
    return json.dumps(body, default=str)


def _check(filing: SplitsFiling, found: dict[UUID, list[dict[str, Any]]]) -> None:
    missing = [i for i, a in enumerate(filing.athletes) if a.athlete_id not in found]
    if missing:
        raise AthletesNotOnPractice(
            f"{len(missing)} athlete(s) have no run session of this practice that you may file; nothing was filed.",
            errors=[{"pointer": f"#/athletes/{i}/athlete_id", "detail": "not on this practice"} for i in missing],
        )
    twice = [i for i, a in enumerate(filing.athletes) if len(found[a.athlete_id]) > 1]
    if twice:
        raise WorkoutAmbiguous(
            "Name the practice workout that was timed (practice_session_workout_id); nothing was filed.",
            errors=[{"pointer": f"#/athletes/{i}/athlete_id", "detail": "two run sessions"} for i in twice],
        )
    done = [i for i, a in enumerate(filing.athletes) if found[a.athlete_id][0]["completed"]]
    if done:
        raise SessionsAlreadyCompleted(
            f"{len(done)} athlete(s) already logged this session: their log stays; nothing was filed.",
            errors=[{"pointer": f"#/athletes/{i}/athlete_id", "detail": "already completed"} for i in done],
        )

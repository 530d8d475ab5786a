"""Strength work per set: what the athlete did (``metrics_json.strength``, schema ``strength/1``) beside what the
session's workout prescribed (its steps, with the athlete's kilograms from their maxes as of the session's day),
and a coach-confirmed strength max from a tested set (Epley 1985).

The set log is one member of ``metrics_json`` (``{"strength": {"schema": "strength/1", "sets": [...]}}``), so a
device file's ``activity/1`` summary and the set log live side by side; writing it goes through the session's
update (If-Match, history, the session rules)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

from trainingops.db.pool import Connection
from trainingops.errors import Conflict, InvalidInput
from trainingops.planning.field_schemas import MaxFromSet, SetLog
from trainingops.planning.service import PracticeNotFound
from trainingops.planning.steps import kilograms
from trainingops.roster import access
from trainingops.sessions import service as sessions_service

SCHEMA = "strength/1"
# Epley 1985 (Boyd Epley, Poundage Chart, Boyd Epley Workout, Lincoln NE: Body Enterprises): 1RM = w·(1 + r/30).
EPLEY_REPS_DIVISOR = Decimal(30)
# Repetition-based estimates lose accuracy past about ten reps (LeSuer et al. 1997, J Strength Cond Res 11:211-213):
# only sets of 1-10 reps may update a max.
MAX_TESTED_REPS = 10

SESSIONS = """
select s.id, s.athlete_id, s.version, s.workout_category, s.session_date, s.practice_session_id, s.metrics_json,
  (select coalesce(json_agg(json_build_object('id', ws.id, 'parent', ws.parent_step_id, 'repeat_count',
            ws.repeat_count, 'training_event_id', ws.training_event_id, 'event_name', te.name, 'sets', ws.sets,
            'reps', ws.reps, 'load_kg', ws.load_kg, 'load_pct_1rm', ws.load_pct_1rm)
          order by ws.parent_step_id nulls first, ws.position), '[]')
   from workout_steps ws left join training_events te on te.id = ws.training_event_id
   where ws.workout_id = s.workout_id) as steps,
  (select coalesce(json_object_agg(m.training_event_id, m.one_rm_kg), '{}')
   from (select distinct on (sm.training_event_id) sm.training_event_id, sm.one_rm_kg from strength_maxes sm
         where sm.athlete_id = s.athlete_id and sm.tested_on <= s.session_date
         order by sm.training_event_id, sm.tested_on desc) m) as maxes
from athlete_training_sessions s
"""
ONE = SESSIONS + " where s.id = %(id)s"
OF_PRACTICE = (
    SESSIONS + " where s.practice_session_id = %(practice)s and s.workout_category = 'gym' order by s.athlete_id"
)
PRACTICE = "select id from practice_sessions where id = %s"
VISIBLE_EVENTS = "select id from training_events where id = any (%s::uuid[])"
PROGRAM_OF_SESSION = """
select coalesce((select p.program_id from practice_sessions p where p.id = s.practice_session_id),
                (select pm.program_id from program_members pm where pm.id = s.coach_member_id),
                (select ts.program_id from team_seasons ts where ts.id = s.team_season_id)) as program_id
from athlete_training_sessions s where s.id = %s
"""
SAVE_MAX = """
insert into strength_maxes (program_id, athlete_id, training_event_id, one_rm_kg, tested_on)
values (%(program)s, %(athlete)s, %(event)s, %(one_rm)s, %(day)s) returning id
"""


class SessionNotGym(InvalidInput):
    code = "session_not_gym"
    title = "Sets are logged for gym sessions"


class SetNotFound(InvalidInput):
    code = "set_not_found"
    title = "The session has no such set"


class SetNotTestable(InvalidInput):
    code = "set_not_testable"
    title = "A strength max is estimated from a set done with load and 1 to 10 reps"


class MaxNeedsProgram(Conflict):
    code = "strength_max_program_unknown"
    title = "A self-assigned session belongs to no program's plan"


def epley_1rm(load_kg: Decimal, reps: int) -> Decimal:
    """Epley 1985; a single is its own max."""
    one_rm = load_kg if reps == 1 else load_kg * (1 + Decimal(reps) / EPLEY_REPS_DIVISOR)
    return one_rm.quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class _Prescribed:
    step_id: str
    training_event_id: str | None
    event_name: str | None
    sets: int
    reps: int | None
    load_kg: Decimal | None


def prescribed(steps: list[dict[str, Any]], maxes: dict[str, Any]) -> list[_Prescribed]:
    """Leaf steps in plan order, each with its sets (× the repeats of the blocks around it) and the athlete's kg."""
    children: dict[str | None, list[dict[str, Any]]] = {}
    for step in steps:
        children.setdefault(step["parent"], []).append(step)
    out: list[_Prescribed] = []

    def walk(parent: str | None, times: int) -> None:
        for step in children.get(parent, []):
            if step["repeat_count"] is not None:
                walk(step["id"], times * step["repeat_count"])
                continue
            load = Decimal(str(step["load_kg"])) if step["load_kg"] is not None else None
            one_rm = maxes.get(str(step["training_event_id"]))
            if load is None and step["load_pct_1rm"] is not None and one_rm is not None:
                load = kilograms(Decimal(str(step["load_pct_1rm"])), Decimal(str(one_rm)))
            out.append(
                _Prescribed(
                    step["id"],
                    step["training_event_id"],
                    step["event_name"],
                    (step["sets"] or 1) * times,
                    step["reps"],
                    load,
                )
            )

    walk(None, 1)
    return out


def _done(session: dict[str, Any]) -> list[dict[str, Any]]:
    metrics = session["metrics_json"] or {}
    log = metrics.get("strength") if isinstance(metrics, dict) else None
    sets = log.get("sets") if isinstance(log, dict) else None
    return sets if isinstance(sets, list) else []


def _estimate(done: dict[str, Any] | None) -> float | None:
    if done is None or done.get("status") == "skipped" or not done.get("load_kg") or not done.get("reps"):
        return None
    if not 1 <= int(done["reps"]) <= MAX_TESTED_REPS:
        return None
    return float(epley_1rm(Decimal(str(done["load_kg"])), int(done["reps"])))


def set_rows(session: dict[str, Any]) -> dict[str, Any]:
    """Prescribed vs done per set of one session (``SessionSets``)."""
    done = {(str(d.get("step_id")), int(d["set_number"])): d for d in _done(session)}
    rows = []
    for step in prescribed(session["steps"], session["maxes"]):
        for number in range(1, step.sets + 1):
            did = done.pop((str(step.step_id), number), None)
            rows.append(_row(step.step_id, step.training_event_id, step.event_name, number, step, did))
    for did in done.values():  # added sets (and sets of steps the plan no longer has)
        name = did.get("exercise")
        rows.append(_row(did.get("step_id"), did.get("training_event_id"), name, int(did["set_number"]), None, did))
    return {
        "session_id": str(session["id"]),
        "athlete_id": str(session["athlete_id"]),
        "version": session["version"],
        "sets": rows,
    }


def _row(step_id: Any, event: Any, name: Any, number: int, step: _Prescribed | None, did: Any) -> dict[str, Any]:
    return {
        "step_id": step_id,
        "training_event_id": event if event is not None else (did or {}).get("training_event_id"),
        "event_name": name,
        "set_number": number,
        "prescribed_reps": step.reps if step else None,
        "prescribed_load_kg": float(step.load_kg) if step and step.load_kg is not None else None,
        "status": did.get("status") if did else None,
        "load_kg": did.get("load_kg") if did else None,
        "reps": did.get("reps") if did else None,
        "estimated_1rm_kg": _estimate(did),
    }


async def _session(conn: Connection, session_id: UUID) -> dict[str, Any]:
    cursor = await conn.execute(ONE, {"id": session_id})
    session = await cursor.fetchone()
    if session is None:
        raise sessions_service.SessionNotFound()
    return session


async def session_sets(conn: Connection, *, session_id: UUID) -> tuple[str, int]:
    session = await _session(conn, session_id)
    return json.dumps(set_rows(session), default=str), session["version"]


async def practice_sets(conn: Connection, *, practice_id: UUID) -> str:
    """Every gym session of the practice the caller may see, prescribed vs done per athlete and set."""
    cursor = await conn.execute(PRACTICE, [practice_id])
    if await cursor.fetchone() is None:
        raise PracticeNotFound.of("practice")
    cursor = await conn.execute(OF_PRACTICE, {"practice": practice_id})
    sessions = [set_rows(s) for s in await cursor.fetchall()]
    return json.dumps({"practice_session_id": str(practice_id), "sessions": sessions}, default=str)


async def log_sets(conn: Connection, *, session_id: UUID, log: SetLog, expected_version: int | None) -> tuple[str, int]:
    """Replace the session's set log (the athlete's, or staff who assign its gym work) under If-Match."""
    session = await _session(conn, session_id)
    if session["workout_category"] != "gym":
        raise SessionNotGym("Sets are logged for gym sessions; log this session's actuals instead.")
    steps = {str(s["id"]): s for s in session["steps"] if s["repeat_count"] is None}
    entries = []
    for index, done in enumerate(log.sets):
        step = steps.get(str(done.step_id)) if done.step_id is not None else None
        if done.step_id is not None and step is None:
            raise SetNotFound(
                "This step is not part of the session's workout.", errors=[{"pointer": f"#/sets/{index}/step_id"}]
            )
        entry = done.model_dump(mode="json")
        entry["training_event_id"] = entry["training_event_id"] or (step or {}).get("training_event_id")
        entry["load_kg"] = float(done.load_kg) if done.load_kg is not None else None
        entries.append(entry)
    await _check_events(conn, log)
    metrics = dict(session["metrics_json"] or {})
    metrics["strength"] = {"schema": SCHEMA, "sets": entries}
    await sessions_service.update(
        conn, session_id=session_id, changes={"metrics_json": metrics}, expected_version=expected_version
    )
    return await session_sets(conn, session_id=session_id)


async def _check_events(conn: Connection, log: SetLog) -> None:
    """An added set may name a training event only if the caller can see it (else its name, ``exercise``)."""
    named = [(i, d.training_event_id) for i, d in enumerate(log.sets) if d.step_id is None and d.training_event_id]
    if not named:
        return
    cursor = await conn.execute(VISIBLE_EVENTS, [[event for _, event in named]])
    visible = {row["id"] for row in await cursor.fetchall()}
    unknown = [i for i, event in named if event not in visible]
    if unknown:
        raise SetNotFound(
            "No training event with this id exists, or you may not see it; name the exercise instead.",
            errors=[{"pointer": f"#/sets/{i}/training_event_id"} for i in unknown],
        )


async def max_from_set(conn: Connection, *, session_id: UUID, request: MaxFromSet) -> str:
    """The Epley estimate from a set the athlete did; with ``confirm`` the coach saves it as a strength max
    (tested on the session's day). The role rule is strength_maxes' own (plan_gym: head and strength coaches)."""
    session = await _session(conn, session_id)
    rows = set_rows(session)["sets"]
    match = next(
        (
            r
            for r in rows
            if r["set_number"] == request.set_number
            and (request.step_id is None or str(r["step_id"]) == str(request.step_id))
            and (request.training_event_id is None or str(r["training_event_id"]) == str(request.training_event_id))
        ),
        None,
    )
    if match is None or match["status"] is None:
        raise SetNotFound("The session has no logged set like this.", errors=[{"pointer": "#/set_number"}])
    if match["estimated_1rm_kg"] is None or match["training_event_id"] is None:
        raise SetNotTestable(
            f"A max is estimated from a set done with a load and 1 to {MAX_TESTED_REPS} reps (Epley 1985)."
        )
    cursor = await conn.execute(PROGRAM_OF_SESSION, [session_id])
    program = await cursor.fetchone()
    if program is None or program["program_id"] is None:
        raise MaxNeedsProgram("Log a max by hand for a self-assigned session: it belongs to no program's plan.")
    await access.require_role(conn, program_id=program["program_id"], capability="plan_gym")
    saved_id = None
    if request.confirm:
        cursor = await conn.execute(
            SAVE_MAX,
            {
                "program": program["program_id"],
                "athlete": session["athlete_id"],
                "event": match["training_event_id"],
                "one_rm": Decimal(str(match["estimated_1rm_kg"])),
                "day": session["session_date"],
            },
        )
        saved = await cursor.fetchone()
        assert saved is not None
        saved_id = str(saved["id"])
    body = {
        "athlete_id": str(session["athlete_id"]),
        "training_event_id": str(match["training_event_id"]),
        "load_kg": match["load_kg"],
        "reps": match["reps"],
        "one_rm_kg": match["estimated_1rm_kg"],
        "tested_on": str(session["session_date"]),
        "saved": request.confirm,
        "strength_max_id": saved_id,
    }
    return json.dumps(body)

"""Reading and writing the planning tables, as the caller (row-level security decides what exists).

The six program-owned tables share one set of verbs (``get``, ``listing``, ``insert``, ``update``, ``delete``,
keyword-only, each given the ``Table`` it acts on); what is particular to one table — a workout's nested steps,
a practice's season, the next position of a practice workout, the program of a max — has its own function below.
Every function runs inside the caller's transaction and never commits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from psycopg.types.json import Jsonb

from trainingops.api.http import PreconditionFailed
from trainingops.db.pool import Connection
from trainingops.errors import NotFound
from trainingops.planning import schemas, sql
from trainingops.planning import steps as step_rules
from trainingops.roster import access

WHAT = "its plans"  # what staff change here, for the StaffOnly sentence
# Who plans what (docs/security.md, "Staff roles"): practices are any planner's; a library row, a practice workout and a
# workout's steps follow the workout category (gym: plan_gym, the S&C coach's; the rest: plan_run); maxes plan_gym.
PLAN, MAXES = "plan", "plan_gym"


class PracticeNotFound(NotFound):
    code = "practice_not_found"


@dataclass(frozen=True)
class Table:
    name: str
    what: str  # what a person calls a row: "training event"
    missing: type[NotFound] = NotFound


TRAINING_EVENTS = Table("training_events", "training event")
WORKOUTS = Table("workouts", "workout")
PRACTICES = Table("practice_sessions", "practice", PracticeNotFound)
PRACTICE_WORKOUTS = Table("practice_session_workouts", "practice workout")
ASSIGNMENTS = Table("practice_assignments", "override")
STRENGTH_MAXES = Table("strength_maxes", "strength max")


def not_found(table: Table) -> NotFound:
    return table.missing.of(table.what)


async def _row(conn: Connection, query: Any, params: dict[str, Any]) -> dict[str, Any] | None:
    cursor = await conn.execute(query, params)
    return await cursor.fetchone()


def _values(values: dict[str, Any]) -> dict[str, Any]:
    return {k: Jsonb(v) if isinstance(v, dict | list) else v for k, v in values.items()}


# --------------------------------------------------------------------------------------------- the shared verbs


async def get(conn: Connection, *, table: Table, row_id: UUID) -> dict[str, Any]:
    row = await _row(conn, sql.one(table.name), {"id": row_id})
    if row is None:
        raise not_found(table)
    body: dict[str, Any] = row["body"]
    return body


async def listing(conn: Connection, *, table: Table, where: str, params: dict[str, Any], order: str) -> str:
    """``{"items": [...]}`` as JSON text; ``where`` and ``order`` are constants of the caller."""
    row = await _row(conn, sql.listing(table.name, where=where, order=order), params)
    assert row is not None
    return str(row["body"])


async def insert(conn: Connection, *, table: Table, values: dict[str, Any]) -> dict[str, Any]:
    row = await _row(conn, sql.insert(table.name, list(values)), _values(values))
    assert row is not None
    body: dict[str, Any] = row["body"]
    return body


async def _why_unchanged(conn: Connection, *, table: Table, row_id: UUID, expected_version: int | None) -> Exception:
    """Nothing was updated or deleted: the row is hidden or missing (404), the caller may read it but is not staff
    of its program (403 staff_only), it changed since the caller read it (412), or it is as they read it and the
    policies refused their role (403 role_required)."""
    row = await _row(conn, sql.why_unchanged(table.name), {"id": row_id})
    if row is None:
        return not_found(table)
    if not row["is_staff"]:
        return access.StaffOnly(f"Only active staff of the program can change {WHAT}.")
    if expected_version is None or row["version"] == expected_version:
        return access.role_required(row["capability"], list(row["roles"]))
    return PreconditionFailed(
        f"The {table.what} changed since you read it (now version {row['version']}); GET it again.",
        current_etag=f'"v{row["version"]}"',
    )


async def update(
    conn: Connection, *, table: Table, row_id: UUID, changes: dict[str, Any], expected_version: int | None
) -> dict[str, Any]:
    if not changes:
        return await get(conn, table=table, row_id=row_id)
    query = sql.update(table.name, list(changes), check_version=expected_version is not None)
    row = await _row(conn, query, {**_values(changes), "id": row_id, "expected": expected_version})
    if row is None:
        raise await _why_unchanged(conn, table=table, row_id=row_id, expected_version=expected_version)
    body: dict[str, Any] = row["body"]
    return body


async def delete(conn: Connection, *, table: Table, row_id: UUID, expected_version: int | None) -> None:
    query = sql.delete(table.name, check_version=expected_version is not None)
    if await _row(conn, query, {"id": row_id, "expected": expected_version}) is None:
        raise await _why_unchanged(conn, table=table, row_id=row_id, expected_version=expected_version)


async def program_of(conn: Connection, *, table: Table, row_id: UUID) -> UUID:
    return UUID((await get(conn, table=table, row_id=row_id))["program_id"])


# ------------------------------------------------------------------------------- what one table needs of its own


async def list_of_program(conn: Connection, *, table: Table, program_id: UUID) -> str:
    """A program's training events or workouts, by name; 404 for a hidden program, as every program route."""
    await access.require_visible(conn, table="programs", row_id=program_id)
    return await listing(
        conn, table=table, where="t.program_id = %(program)s", params={"program": program_id}, order="lower(t.name)"
    )


async def create_in_program(
    conn: Connection, *, table: Table, program_id: UUID, values: dict[str, Any]
) -> dict[str, Any]:
    """A training event of the program: planned by whoever plans its category (gym, or run and track)."""
    capability = access.category_capability("plan", values["workout_category"])
    await access.require_role(conn, program_id=program_id, capability=capability)
    return await insert(conn, table=table, values={"program_id": program_id, **values})


async def create_practice(conn: Connection, *, team_season_id: UUID, body: schemas.PracticeCreate) -> dict[str, Any]:
    season = await _row(conn, sql.SEASON_PROGRAM, {"season": team_season_id})
    if season is None:
        raise NotFound.of("team season")
    await access.require_role(conn, program_id=season["program_id"], capability=PLAN)
    values = {"program_id": season["program_id"], "team_season_id": team_season_id, **body.model_dump()}
    return await insert(conn, table=PRACTICES, values=values)


async def list_of_practice(conn: Connection, *, table: Table, practice_id: UUID, order: str) -> str:
    """A practice's workouts or overrides; 404 when the practice is hidden or missing."""
    await get(conn, table=PRACTICES, row_id=practice_id)
    return await listing(
        conn, table=table, where="t.practice_session_id = %(practice)s", params={"practice": practice_id}, order=order
    )


async def _in_practice(conn: Connection, *, practice_id: UUID, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` placed in the practice and its program, for its planners only."""
    program_id = await program_of(conn, table=PRACTICES, row_id=practice_id)
    await access.require_role(conn, program_id=program_id, capability=PLAN)
    return {"program_id": program_id, "practice_session_id": practice_id, **values}


async def add_practice_workout(
    conn: Connection, *, practice_id: UUID, body: schemas.PracticeWorkoutCreate
) -> dict[str, Any]:
    """A workout of the practice for an event group (or everyone); without a position it goes last."""
    values = await _in_practice(conn, practice_id=practice_id, values=body.model_dump())
    workout = await _row(conn, sql.WORKOUT_CATEGORY, {"id": body.workout_id})
    if workout is not None:  # a hidden or missing workout fails its foreign key, like in the library
        capability = access.category_capability("plan", workout["workout_category"])
        await access.require_role(conn, program_id=values["program_id"], capability=capability)
    if values["position"] is None:
        row = await _row(conn, sql.NEXT_POSITION, {"practice": practice_id})
        values["position"] = row["next"] if row else 1
    return await insert(conn, table=PRACTICE_WORKOUTS, values=values)


async def add_assignment(conn: Connection, *, practice_id: UUID, body: schemas.AssignmentCreate) -> dict[str, Any]:
    values = await _in_practice(conn, practice_id=practice_id, values=body.model_dump())
    return await insert(conn, table=ASSIGNMENTS, values=values)


async def list_practices(
    conn: Connection, *, team_season_id: UUID, date_from: date | None, date_to: date | None
) -> str:
    await access.require_visible(conn, table="team_seasons", row_id=team_season_id)
    where = (
        "t.team_season_id = %(season)s and (%(from)s::date is null or t.practice_date >= %(from)s) "
        "and (%(to)s::date is null or t.practice_date <= %(to)s)"
    )
    params = {"season": team_season_id, "from": date_from, "to": date_to}
    return await listing(conn, table=PRACTICES, where=where, params=params, order="t.practice_date, t.start_time, t.id")


async def list_maxes(conn: Connection, *, athlete_id: UUID) -> str:
    await access.require_visible(conn, table="athletes", row_id=athlete_id)
    return await listing(
        conn,
        table=STRENGTH_MAXES,
        where="t.athlete_id = %(athlete)s",
        params={"athlete": athlete_id},
        order="t.tested_on desc, t.id",
    )


async def add_max(conn: Connection, *, athlete_id: UUID, body: schemas.StrengthMaxCreate) -> dict[str, Any]:
    """A tested 1RM; the exercise's program is the max's program (staff of it only)."""
    event = await get(conn, table=TRAINING_EVENTS, row_id=body.training_event_id)
    await access.require_role(conn, program_id=UUID(event["program_id"]), capability=MAXES)
    await access.require_visible(conn, table="athletes", row_id=athlete_id)
    values = {"program_id": event["program_id"], "athlete_id": athlete_id, **body.model_dump()}
    return await insert(conn, table=STRENGTH_MAXES, values=values)


# ---------------------------------------------------------------------------------------------- workouts


def flatten_steps(
    steps: list[schemas.StepIn], workout_id: UUID, program_id: UUID, parent_path: str | None = None
) -> list[dict[str, Any]]:
    """The nested document as rows; a step is named by its path of positions ("2.1"), its id is the server's."""
    rows: list[dict[str, Any]] = []
    for position, step in enumerate(steps, 1):
        path = f"{parent_path}.{position}" if parent_path else str(position)
        rows.append(
            {
                "path": path,
                "parent_path": parent_path,
                "program_id": str(program_id),
                "workout_id": str(workout_id),
                "position": position,
                "repeat_count": step.repeat,
                "training_event_id": str(step.training_event_id) if step.training_event_id else None,
                "target_distance_m": step.target_distance_m,
                "target_duration_sec": step.target_duration_sec,
                "sets": step.sets,
                "reps": step.reps,
                "load_kg": str(step.load_kg) if step.load_kg is not None else None,
                "load_pct_1rm": str(step.load_pct_1rm) if step.load_pct_1rm is not None else None,
                "intensity_rpe": step.intensity_rpe,
                "pace_min_sec_per_km": step.pace_min_sec_per_km,
                "pace_max_sec_per_km": step.pace_max_sec_per_km,
                "hr_zone": step.hr_zone,
                "rest_sec": step.rest_sec,
                "notes": step.notes,
            }
        )
        rows += flatten_steps(step.steps or [], workout_id, program_id, path)
    return rows


async def _replace_steps(conn: Connection, workout_id: UUID, program_id: UUID, steps: list[schemas.StepIn]) -> None:
    """Delete the workout's steps and insert the new document: two statements whatever its size."""
    await conn.execute(sql.DELETE_STEPS, {"workout": workout_id})
    rows = flatten_steps(steps, workout_id, program_id)
    if rows:
        await conn.execute(sql.INSERT_STEPS, [Jsonb(rows)])


def _totals(body: schemas.WorkoutCreate | schemas.WorkoutUpdate, derived: step_rules.Totals) -> dict[str, Any]:
    return {
        "planned_distance_m": derived.distance_m if derived.distance_m is not None else body.planned_distance_m,
        "planned_duration_sec": derived.duration_sec if derived.duration_sec is not None else body.planned_duration_sec,
    }


def _planned_rpe(*, coach: int | None, coach_sent: bool, estimate: int | None, recompute: bool) -> dict[str, Any]:
    """Session RPE rates the whole session (Foster et al. 2001, J Strength Cond Res 15:109): the coach's value is
    kept as given, whatever the steps say; the steps' estimate is used only without one, and marked as such."""
    if coach_sent and coach is not None:
        return {"planned_rpe": coach, "planned_rpe_source": "coach"}
    if coach_sent or recompute:
        return {"planned_rpe": estimate, "planned_rpe_source": "steps"}
    return {}


def _derived(steps: list[schemas.StepIn]) -> step_rules.Totals:
    return step_rules.totals([s.to_step() for s in steps])


async def create_workout(conn: Connection, *, program_id: UUID, body: schemas.WorkoutCreate) -> dict[str, Any]:
    capability = access.category_capability("plan", body.workout_category)
    await access.require_role(conn, program_id=program_id, capability=capability)
    derived = _derived(body.steps)
    values = {
        "program_id": program_id,
        "name": body.name,
        "workout_category": body.workout_category,
        "description": body.description,
        **_totals(body, derived),
        **_planned_rpe(coach=body.planned_rpe, coach_sent=True, estimate=derived.rpe, recompute=True),
    }
    workout = await insert(conn, table=WORKOUTS, values=values)
    await _replace_steps(conn, UUID(workout["id"]), program_id, body.steps)
    return await get_workout(conn, workout_id=UUID(workout["id"]))


async def update_workout(
    conn: Connection, *, workout_id: UUID, body: schemas.WorkoutUpdate, expected_version: int | None
) -> dict[str, Any]:
    current = await get_workout(conn, workout_id=workout_id)
    changes = body.model_dump(exclude_unset=True, exclude={"steps", "planned_rpe"})
    steps = (
        body.steps
        if body.steps is not None
        else [schemas.StepIn.model_validate(_step_input(s)) for s in current["steps"]]
    )
    derived = _derived(steps)
    if body.steps is not None:
        changes.update(_totals(body, derived))
        await _replace_steps(conn, workout_id, UUID(current["program_id"]), body.steps)
    elif changes.keys() & {"planned_distance_m", "planned_duration_sec"} and current["steps"]:
        changes = {k: v for k, v in changes.items() if not k.startswith("planned_")}  # the steps decide
    # A coach's RPE survives new steps; an estimate follows them; sending null hands the RPE back to the steps.
    changes.update(
        _planned_rpe(
            coach=body.planned_rpe,
            coach_sent="planned_rpe" in body.model_fields_set,
            estimate=derived.rpe,
            recompute=body.steps is not None and current["planned_rpe_source"] != "coach",
        )
    )
    # New steps alone still move the workout's version (its ETag): the row is written either way.
    updated = await update(
        conn,
        table=WORKOUTS,
        row_id=workout_id,
        changes=changes or {"name": current["name"]},
        expected_version=expected_version,
    )
    return updated | {"steps": await workout_steps(conn, workout_id=workout_id)}


async def copy_workout(conn: Connection, *, workout_id: UUID, name: str | None) -> dict[str, Any]:
    source = await get_workout(conn, workout_id=workout_id)
    capability = access.category_capability("plan", source["workout_category"])
    await access.require_role(conn, program_id=UUID(source["program_id"]), capability=capability)
    copy = await insert(
        conn,
        table=WORKOUTS,
        values={
            "program_id": source["program_id"],
            "name": name or f"{source['name']} (copy)"[:200],
            "workout_category": source["workout_category"],
            "description": source["description"],
            "planned_distance_m": source["planned_distance_m"],
            "planned_duration_sec": source["planned_duration_sec"],
            "planned_rpe": source["planned_rpe"],
            "planned_rpe_source": source["planned_rpe_source"],
        },
    )
    steps = [schemas.StepIn.model_validate(_step_input(s)) for s in source["steps"]]
    await _replace_steps(conn, UUID(copy["id"]), UUID(source["program_id"]), steps)
    return await get_workout(conn, workout_id=UUID(copy["id"]))


def _step_input(step: dict[str, Any]) -> dict[str, Any]:
    """A stored step (as ``workout_steps`` returns it) back into the request shape."""
    data = {k: step[k] for k in sql.STEP_FIELDS if step.get(k) is not None}
    if step.get("repeat") is not None:
        data["repeat"] = step["repeat"]
        data["steps"] = [_step_input(child) for child in step["steps"]]
    return data


async def get_workout(conn: Connection, *, workout_id: UUID) -> dict[str, Any]:
    """A workout with its steps."""
    return await get(conn, table=WORKOUTS, row_id=workout_id) | {
        "steps": await workout_steps(conn, workout_id=workout_id)
    }


async def workout_steps(conn: Connection, *, workout_id: UUID) -> list[dict[str, Any]]:
    """The workout's steps as the nested document clients send."""
    cursor = await conn.execute(sql.WORKOUT_STEPS, {"workout": workout_id})
    row = await cursor.fetchone()
    flat: list[dict[str, Any]] = json.loads(row["steps"]) if row else []
    children: dict[str | None, list[dict[str, Any]]] = {}
    for step in flat:
        children.setdefault(step["parent_step_id"], []).append(step)

    def nest(step: dict[str, Any]) -> dict[str, Any]:
        out = {k: step[k] for k in ("id", "position", *sql.STEP_FIELDS, "event_name")}
        if step["repeat_count"] is not None:
            out["repeat"] = step["repeat_count"]
            out["steps"] = [nest(child) for child in children.get(step["id"], [])]
        return out

    return [nest(step) for step in children.get(None, [])]

"""Reading and writing the planning tables, as the caller (row-level security decides what exists).

The planning resources share one shape (program-owned rows with a version), so one set of functions serves
them all; workouts add their nested steps. Every function runs inside the caller's transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import sql
from psycopg.types.json import Jsonb

from trainingops.api.http import PreconditionFailed
from trainingops.db.pool import Connection
from trainingops.errors import DomainError, NotFound
from trainingops.planning import schemas
from trainingops.planning import steps as step_rules
from trainingops.roster import access


@dataclass(frozen=True)
class Resource:
    table: str
    what: str  # for messages: "training event"


TRAINING_EVENTS = Resource("training_events", "training event")
WORKOUTS = Resource("workouts", "workout")
PRACTICES = Resource("practice_sessions", "practice")
PRACTICE_WORKOUTS = Resource("practice_session_workouts", "practice workout")
ASSIGNMENTS = Resource("practice_assignments", "override")
STRENGTH_MAXES = Resource("strength_maxes", "strength max")


_STEP_FIELDS = ("training_event_id", "target_distance_m", "target_duration_sec", "sets", "reps", "load_kg",
                "load_pct_1rm", "intensity_rpe", "pace_min_sec_per_km", "pace_max_sec_per_km", "hr_zone",
                "rest_sec", "notes")  # fmt: skip


def not_found(resource: Resource) -> NotFound:
    return NotFound(f"No {resource.what} with this id exists, or you may not see it.")


async def _row(conn: Connection, query: Any, params: Any) -> dict[str, Any] | None:
    cursor = await conn.execute(query, params)
    return await cursor.fetchone()


async def get(conn: Connection, resource: Resource, row_id: UUID) -> dict[str, Any]:
    row = await _row(
        conn,
        sql.SQL("select to_jsonb(t) as body from {} t where t.id = %s").format(sql.Identifier(resource.table)),
        [row_id],
    )
    if row is None:
        raise not_found(resource)
    body: dict[str, Any] = row["body"]
    if resource is WORKOUTS:
        body["steps"] = await workout_steps(conn, row_id)
    return body


async def listing(conn: Connection, resource: Resource, where: sql.Composable, params: dict[str, Any],
                  order: str) -> str:  # fmt: skip
    query = sql.SQL(
        "select coalesce(json_agg(to_jsonb(t) order by {order}), '[]')::text as items from {table} t where {where}"
    ).format(order=sql.SQL(order), table=sql.Identifier(resource.table), where=where)  # order: a constant
    row = await _row(conn, query, params)
    assert row is not None
    return '{"items":' + str(row["items"]) + "}"


def _values(values: dict[str, Any]) -> dict[str, Any]:
    return {k: Jsonb(v) if isinstance(v, dict | list) else v for k, v in values.items()}


async def insert(conn: Connection, resource: Resource, values: dict[str, Any]) -> dict[str, Any]:
    values = _values(values)
    query = sql.SQL("insert into {} ({}) values ({}) returning to_jsonb({}) as body").format(
        sql.Identifier(resource.table),
        sql.SQL(", ").join(map(sql.Identifier, values)),
        sql.SQL(", ").join(map(sql.Placeholder, values)),
        sql.Identifier(resource.table),
    )
    row = await _row(conn, query, values)
    assert row is not None
    body: dict[str, Any] = row["body"]
    return body


async def _stale_or_missing(conn: Connection, resource: Resource, row_id: UUID) -> DomainError:
    row = await _row(
        conn, sql.SQL("select version from {} where id = %s").format(sql.Identifier(resource.table)), [row_id]
    )
    if row is None:
        return not_found(resource)
    return PreconditionFailed(
        f"The {resource.what} changed since you read it (now version {row['version']}); GET it again.",
        current_etag=f'"v{row["version"]}"',
    )


async def update(conn: Connection, resource: Resource, row_id: UUID, changes: dict[str, Any],
                 expected_version: int | None) -> dict[str, Any]:  # fmt: skip
    if not changes:
        return await get(conn, resource, row_id)
    changes = _values(changes)
    query = sql.SQL("update {table} t set {sets} where t.id = %(row_id)s {check} returning to_jsonb(t) as body").format(
        table=sql.Identifier(resource.table),
        sets=sql.SQL(", ").join(sql.SQL("{} = {}").format(sql.Identifier(k), sql.Placeholder(k)) for k in changes),
        check=sql.SQL("and t.version = %(expected)s") if expected_version is not None else sql.SQL(""),
    )
    row = await _row(conn, query, {**changes, "row_id": row_id, "expected": expected_version})
    if row is None:
        raise await _stale_or_missing(conn, resource, row_id)
    body: dict[str, Any] = row["body"]
    return body


async def delete(conn: Connection, resource: Resource, row_id: UUID, expected_version: int | None) -> None:
    query = sql.SQL("delete from {} t where t.id = %(row_id)s {} returning t.id").format(
        sql.Identifier(resource.table),
        sql.SQL("and t.version = %(expected)s") if expected_version is not None else sql.SQL(""),
    )
    if await _row(conn, query, {"row_id": row_id, "expected": expected_version}) is None:
        raise await _stale_or_missing(conn, resource, row_id)


# ---------------------------------------------------------------------------------------------- workouts


def flatten_steps(
    steps: list[schemas.StepIn], workout_id: UUID, program_id: UUID, parent_path: str | None = None
) -> list[dict[str, Any]]:
    """The nested document as rows; a step is named by its path of positions ("2.1"), its id is the server's."""
    rows: list[dict[str, Any]] = []
    for position, step in enumerate(steps, 1):
        path = f"{parent_path}.{position}" if parent_path else str(position)
        rows.append({
            "path": path, "parent_path": parent_path, "program_id": str(program_id), "workout_id": str(workout_id),
            "position": position, "repeat_count": step.repeat,
            "training_event_id": str(step.training_event_id) if step.training_event_id else None,
            "target_distance_m": step.target_distance_m, "target_duration_sec": step.target_duration_sec,
            "sets": step.sets, "reps": step.reps,
            "load_kg": str(step.load_kg) if step.load_kg is not None else None,
            "load_pct_1rm": str(step.load_pct_1rm) if step.load_pct_1rm is not None else None,
            "intensity_rpe": step.intensity_rpe, "pace_min_sec_per_km": step.pace_min_sec_per_km,
            "pace_max_sec_per_km": step.pace_max_sec_per_km, "hr_zone": step.hr_zone, "rest_sec": step.rest_sec,
            "notes": step.notes,
        })  # fmt: skip
        rows += flatten_steps(step.steps or [], workout_id, program_id, path)
    return rows


_STEP_INSERT_COLUMNS = ("program_id", "workout_id", "position", "repeat_count", *_STEP_FIELDS)


def _insert_steps_query() -> str:
    """One statement for the whole document: a data-modifying CTE per nesting level (steps.MAX_DEPTH of them),
    each taking its parents' server-generated ids from the level above by path. The API role chooses no id."""
    columns = ", ".join(_STEP_INSERT_COLUMNS)
    values = ", ".join(f"i.{c}" for c in _STEP_INSERT_COLUMNS)
    levels = [
        "input as (select r.*, e.value ->> 'path' as path, e.value ->> 'parent_path' as parent_path "
        "from jsonb_array_elements(%s) e cross join lateral jsonb_populate_record(null::workout_steps, e.value) r)",
        f"level1 as (insert into workout_steps ({columns}) select {values} from input i where i.parent_path is null "
        "returning id, position::text as path)",
    ]
    for depth in range(2, step_rules.MAX_DEPTH + 1):
        levels.append(
            f"level{depth} as (insert into workout_steps (parent_step_id, {columns}) "
            f"select p.id, {values} from input i join level{depth - 1} p on p.path = i.parent_path "
            f"returning id, (select p.path from level{depth - 1} p where p.id = parent_step_id) || '.' || position "
            "as path)"
        )
    return f"with {', '.join(levels)} select 1"


INSERT_STEPS = _insert_steps_query()


async def _replace_steps(conn: Connection, workout_id: UUID, program_id: UUID, steps: list[schemas.StepIn]) -> None:
    """Delete the workout's steps and insert the new document: two statements whatever its size."""
    await conn.execute("delete from workout_steps where workout_id = %s", [workout_id])
    rows = flatten_steps(steps, workout_id, program_id)
    if rows:
        await conn.execute(INSERT_STEPS, [Jsonb(rows)])


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
    await access.require_staff(conn, program_id=program_id, what="its plans")
    derived = _derived(body.steps)
    values = {"program_id": program_id, "name": body.name, "workout_category": body.workout_category,
              "description": body.description, **_totals(body, derived),
              **_planned_rpe(coach=body.planned_rpe, coach_sent=True, estimate=derived.rpe, recompute=True)}  # fmt: skip
    workout = await insert(conn, WORKOUTS, values)
    await _replace_steps(conn, UUID(workout["id"]), program_id, body.steps)
    return await get(conn, WORKOUTS, UUID(workout["id"]))


async def update_workout(conn: Connection, *, workout_id: UUID, body: schemas.WorkoutUpdate,
                         expected_version: int | None) -> dict[str, Any]:  # fmt: skip
    current = await get(conn, WORKOUTS, workout_id)
    changes = body.model_dump(exclude_unset=True, exclude={"steps", "planned_rpe"})
    steps = body.steps if body.steps is not None else [schemas.StepIn.model_validate(_step_input(s))
                                                       for s in current["steps"]]  # fmt: skip
    derived = _derived(steps)
    if body.steps is not None:
        changes.update(_totals(body, derived))
        await _replace_steps(conn, workout_id, UUID(current["program_id"]), body.steps)
    elif changes.keys() & {"planned_distance_m", "planned_duration_sec"} and current["steps"]:
        changes = {k: v for k, v in changes.items() if not k.startswith("planned_")}  # the steps decide
    # A coach's RPE survives new steps; an estimate follows them; sending null hands the RPE back to the steps.
    changes.update(_planned_rpe(coach=body.planned_rpe, coach_sent="planned_rpe" in body.model_fields_set,
                                estimate=derived.rpe,
                                recompute=body.steps is not None and current["planned_rpe_source"] != "coach"))  # fmt: skip
    # New steps alone still move the workout's version (its ETag): the row is written either way.
    return await update(conn, WORKOUTS, workout_id, changes or {"name": current["name"]}, expected_version) | {
        "steps": await workout_steps(conn, workout_id)
    }


async def copy_workout(conn: Connection, *, workout_id: UUID, name: str | None) -> dict[str, Any]:
    source = await get(conn, WORKOUTS, workout_id)
    await access.require_staff(conn, program_id=UUID(source["program_id"]), what="its plans")
    copy = await insert(conn, WORKOUTS, {
        "program_id": source["program_id"], "name": name or f"{source['name']} (copy)"[:200],
        "workout_category": source["workout_category"], "description": source["description"],
        "planned_distance_m": source["planned_distance_m"], "planned_duration_sec": source["planned_duration_sec"],
        "planned_rpe": source["planned_rpe"], "planned_rpe_source": source["planned_rpe_source"],
    })  # fmt: skip
    steps = [schemas.StepIn.model_validate(_step_input(s)) for s in source["steps"]]
    await _replace_steps(conn, UUID(copy["id"]), UUID(source["program_id"]), steps)
    return await get(conn, WORKOUTS, UUID(copy["id"]))


def _step_input(step: dict[str, Any]) -> dict[str, Any]:
    """A stored step (as ``workout_steps`` returns it) back into the request shape."""
    data = {k: step[k] for k in _STEP_FIELDS if step.get(k) is not None}
    if step.get("repeat") is not None:
        data["repeat"] = step["repeat"]
        data["steps"] = [_step_input(child) for child in step["steps"]]
    return data


async def workout_steps(conn: Connection, workout_id: UUID) -> list[dict[str, Any]]:
    """The workout's steps as the nested document clients send."""
    cursor = await conn.execute(
        "select coalesce(json_agg(to_jsonb(ws) || jsonb_build_object('event_name', te.name) order by ws.position), "
        "'[]')::text as steps from workout_steps ws left join training_events te on te.id = ws.training_event_id "
        "where ws.workout_id = %s",
        [workout_id],
    )
    row = await cursor.fetchone()
    flat: list[dict[str, Any]] = json.loads(row["steps"]) if row else []
    children: dict[str | None, list[dict[str, Any]]] = {}
    for step in flat:
        children.setdefault(step["parent_step_id"], []).append(step)

    def nest(step: dict[str, Any]) -> dict[str, Any]:
        out = {k: step[k] for k in ("id", "position", *_STEP_FIELDS, "event_name")}
        if step["repeat_count"] is not None:
            out["repeat"] = step["repeat_count"]
            out["steps"] = [nest(child) for child in children.get(step["id"], [])]
        return out

    return [nest(step) for step in children.get(None, [])]

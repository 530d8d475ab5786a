"""The statements of the planning layer. Every one runs as the caller: row-level security decides which rows exist,
so nothing here filters for access.

The six program-owned tables (training events, workouts, practices, practice workouts, overrides, maxes) share one
shape — an id, a program, a version bumped by a trigger — so their read, insert, update and delete statements are
composed here, once per call site, from the table's name as written in ``planning.service`` (never from input). The
statements particular to one table follow.
"""

from __future__ import annotations

from psycopg import sql

from trainingops.planning import steps as step_rules


def one(table: str) -> sql.Composed:
    return sql.SQL("select to_jsonb(t) as body from {} t where t.id = %(id)s").format(sql.Identifier(table))


def listing(table: str, *, where: str, order: str) -> sql.Composed:
    """The rows matching ``where`` (a constant condition on ``t`` with named parameters), as ``{"items": [...]}``."""
    return sql.SQL(
        "select '{{\"items\":' || coalesce(json_agg(to_jsonb(t) order by {order}), '[]')::text || '}}' as body "
        "from {table} t where {where}"
    ).format(order=sql.SQL(order), table=sql.Identifier(table), where=sql.SQL(where))


def insert(table: str, columns: list[str]) -> sql.Composed:
    return sql.SQL("insert into {table} ({columns}) values ({values}) returning to_jsonb({table}) as body").format(
        table=sql.Identifier(table),
        columns=sql.SQL(", ").join(map(sql.Identifier, columns)),
        values=sql.SQL(", ").join(map(sql.Placeholder, columns)),
    )


def update(table: str, columns: list[str], *, check_version: bool) -> sql.Composed:
    return sql.SQL("update {table} t set {sets} where t.id = %(id)s {check} returning to_jsonb(t) as body").format(
        table=sql.Identifier(table),
        sets=sql.SQL(", ").join(sql.SQL("{} = {}").format(sql.Identifier(c), sql.Placeholder(c)) for c in columns),
        check=sql.SQL("and t.version = %(expected)s" if check_version else ""),
    )


def delete(table: str, *, check_version: bool) -> sql.Composed:
    return sql.SQL("delete from {table} t where t.id = %(id)s {check} returning t.id").format(
        table=sql.Identifier(table), check=sql.SQL("and t.version = %(expected)s" if check_version else "")
    )


# The capability a change of a row of each planning table needs, for the 403 sentence (the policies of 0017 decide).
_CAPABILITY = {
    "training_events": "case when t.workout_category = 'gym' then 'plan_gym' else 'plan_run' end",
    "workouts": "case when t.workout_category = 'gym' then 'plan_gym' else 'plan_run' end",
    "practice_session_workouts": "(select case when w.workout_category = 'gym' then 'plan_gym' else 'plan_run' end "
    "from workouts w where w.id = t.workout_id)",
    "strength_maxes": "'plan_gym'",
}


def practice_needs(practice: str, program: str) -> str:
    """SQL: the capability changing a practice needs (publish, cancel, its fields): to plan every workout in it —
    'plan_gym' when it holds gym work the caller may not plan, 'plan_run' for other work they may not plan, else
    'plan' (docs/security.md, Staff roles)."""
    return f"""(select case when bool_or(w.workout_category = 'gym'
                                 and not {program} = any (app_private.staff_program_ids_with('plan_gym')))
                    then 'plan_gym'
                    when bool_or(w.workout_category <> 'gym'
                                 and not {program} = any (app_private.staff_program_ids_with('plan_run')))
                    then 'plan_run'
                    else 'plan' end
        from practice_session_workouts e join workouts w on w.id = e.workout_id
        where e.practice_session_id = {practice})"""


def why_unchanged(table: str) -> sql.Composed:
    """After an update or delete touched no row: is it there (the caller sees it), its version, whether the caller
    is staff of its program (an athlete may read some planning rows but never change them), and the capability
    the change needed with the roles that hold it (the row is as read, so the policies refused the role)."""
    capability = _CAPABILITY.get(table) or practice_needs(
        "t.id" if table == "practice_sessions" else "t.practice_session_id", "t.program_id"
    )
    return sql.SQL(
        "select t.version, t.program_id = any (app_private.staff_program_ids()) as is_staff, c.capability, "
        "app_private.capability_roles(c.capability) as roles "
        "from {} t cross join lateral (select coalesce({}, 'plan') as capability) c where t.id = %(id)s"
    ).format(sql.Identifier(table), sql.SQL(capability))


WORKOUT_CATEGORY = "select workout_category from workouts where id = %(id)s"


SEASON_PROGRAM = "select program_id from team_seasons where id = %(season)s"

NEXT_POSITION = """
select coalesce(max(position), 0) + 1 as next from practice_session_workouts where practice_session_id = %(practice)s
"""

WORKOUT_STEPS = """
select coalesce(json_agg(to_jsonb(ws) || jsonb_build_object('event_name', te.name) order by ws.position), '[]')::text
  as steps
from workout_steps ws left join training_events te on te.id = ws.training_event_id
where ws.workout_id = %(workout)s
"""

DELETE_STEPS = "delete from workout_steps where workout_id = %(workout)s"

STEP_FIELDS = (
    "training_event_id",
    "target_distance_m",
    "target_duration_sec",
    "sets",
    "reps",
    "load_kg",
    "load_pct_1rm",
    "intensity_rpe",
    "pace_min_sec_per_km",
    "pace_max_sec_per_km",
    "hr_zone",
    "rest_sec",
    "notes",
)
_STEP_INSERT_COLUMNS = ("program_id", "workout_id", "position", "repeat_count", *STEP_FIELDS)


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

"""The removal plan derived from foreign keys: children before parents, SET NULL rows kept, and every key of the
real schema that can reach the demo's programs, athletes or users accounted for."""

from __future__ import annotations

import asyncio
import graphlib

import psycopg
import pytest

from trainingops.db.target import DatabaseTarget
from trainingops.demo import removal
from trainingops.demo.removal import ForeignKey, RemovalPlan

ROOTS = ("programs", "athletes", "users")


def key(name: str, table: str, parent: str, on_delete: str = "c", columns: tuple[str, ...] = ()) -> ForeignKey:
    columns = columns or (f"{parent.rstrip('s')}_id",)
    parent_columns = ("id",) if len(columns) == 1 else ("program_id", "id")
    return ForeignKey(name, table, columns, parent, parent_columns, on_delete)


# The shape that broke the reload: two cascade paths from programs meet at a NO ACTION key.
DIAMOND = [
    key("events_program", "training_events", "programs"),
    key("workouts_program", "workouts", "programs"),
    key("steps_workout", "workout_steps", "workouts", columns=("program_id", "workout_id")),
    key("steps_event", "workout_steps", "training_events", "a", columns=("program_id", "training_event_id")),
    key("steps_parent", "workout_steps", "workout_steps", columns=("parent_step_id",)),
]


def test_the_steps_go_before_both_the_events_and_the_workouts_they_point_at() -> None:
    plan = RemovalPlan.derive(DIAMOND, ["programs"])
    assert plan.order == ("workout_steps", "training_events", "workouts", "programs")


def test_a_row_whose_key_is_set_null_outlives_its_parent() -> None:
    keys = [*DIAMOND, key("files_uploader", "activity_files", "programs", "n")]
    assert "activity_files" not in RemovalPlan.derive(keys, ["programs"]).order


def test_a_self_reference_is_left_to_the_single_delete_of_its_table() -> None:
    plan = RemovalPlan.derive(DIAMOND, ["programs"])
    assert [k.name for k in plan.keys if k.table == "workout_steps"] == ["steps_workout", "steps_event"]


def test_two_tables_that_must_each_go_first_are_refused() -> None:
    keys = [key("a_program", "a", "programs"), key("a_b", "a", "b"), key("b_a", "b", "a", "a")]
    with pytest.raises(graphlib.CycleError):
        RemovalPlan.derive(keys, ["programs"])


def test_a_root_compares_its_column_and_a_chain_compares_through_its_parents() -> None:
    plan = RemovalPlan.derive(DIAMOND, ["programs"])
    statements = {table: statement.as_string() for table, statement in plan.statements()}
    assert (
        statements["training_events"] == 'delete from "training_events" t0 where "t0"."program_id" = any (%(programs)s)'
    )
    assert statements["workout_steps"] == (
        'delete from "workout_steps" t0 where exists (select from "workouts" "t1" where "t1"."program_id" = '
        '"t0"."program_id" and "t1"."id" = "t0"."workout_id" and ("t1"."program_id" = any (%(programs)s))) '
        'or exists (select from "training_events" "t1" where "t1"."program_id" = "t0"."program_id" and '
        '"t1"."id" = "t0"."training_event_id" and ("t1"."program_id" = any (%(programs)s)))'
    )


# Every key that leads, over any number of other keys, to a demo root (independent of removal.py's walk).
REACHING_KEYS = """
with recursive reach(table_oid) as (
  select oid from pg_class where relnamespace = 'public'::regnamespace and relname = any (%s)
  union
  select c.conrelid from pg_constraint c join reach r on c.confrelid = r.table_oid where c.contype = 'f'
)
select c.conname, child.relname, parent.relname, c.confdeltype, child.relnamespace::regnamespace::text,
       exists (select from pg_constraint r where r.confrelid = c.conrelid and r.contype = 'f')
from pg_constraint c
join pg_class child on child.oid = c.conrelid
join pg_class parent on parent.oid = c.confrelid
where c.contype = 'f' and c.confrelid in (select table_oid from reach)
order by 1
"""


def test_every_key_that_reaches_the_demo_is_either_emptied_child_first_or_cleared(
    admin_conn: psycopg.Connection[tuple[object, ...]], shared_db: DatabaseTarget
) -> None:
    async def catalog() -> list[ForeignKey]:
        async with await psycopg.AsyncConnection.connect(shared_db.admin_url) as conn:
            return await removal.foreign_keys(conn)

    plan = RemovalPlan.derive(asyncio.run(catalog()), ROOTS)
    position = {table: i for i, table in enumerate(plan.order)}
    reaching = admin_conn.execute(REACHING_KEYS, [list(ROOTS)]).fetchall()
    assert len(reaching) >= 35  # the schema of 0010; more is fine, each is checked below
    unaccounted = []
    for name, table, parent, on_delete, schema, referenced in reaching:
        # A parent the plan does not delete (an import batch: the loader removes the demo's after the plan) cannot
        # be blocked by its children.
        emptied_first = table in position and (
            table == parent or parent not in position or position[table] < position[parent]
        )
        cleared = on_delete in ("n", "d") and table not in position  # the row stays, its reference is cleared
        # app_private's accounts tables (0016: credentials, sign-in sessions, links) are outside the plan: their rows
        # go by CASCADE with their user, which nothing can block because no key points at them.
        cascaded_leaf = schema != "public" and on_delete in ("c", "n") and not referenced
        if not (emptied_first or cleared or cascaded_leaf):
            unaccounted.append(name)
    assert unaccounted == []


# uuid columns that are not a key, not part of a foreign key: the plan cannot see them. Each is decided here.
UNLINKED_REFERENCES = """
select c.relname || '.' || a.attname
from pg_attribute a
join pg_class c on c.oid = a.attrelid
where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
  and a.atttypid in ('uuid'::regtype, 'uuid[]'::regtype)
  and not exists (select from pg_constraint k where k.conrelid = c.oid and k.contype in ('f', 'p')
                  and a.attnum = any (k.conkey))
order by 1
"""


def test_references_without_a_foreign_key_are_the_known_ones(
    admin_conn: psycopg.Connection[tuple[object, ...]],
) -> None:
    unlinked = [row[0] for row in admin_conn.execute(UNLINKED_REFERENCES).fetchall()]
    assert unlinked == [
        "activity_files.session_ids",  # the file goes with its athlete (a foreign key)
        "athlete_training_session_history.athlete_id",  # the loader deletes the demo athletes' history
        "athlete_training_session_history.changed_by",  # kept: history of other athletes outlives a demo user
        "athlete_training_session_history.session_id",  # follows athlete_id
        "athlete_training_sessions.program_ids",  # kept current by the roster triggers
        "session_import_batches.program_ids",  # the loader deletes the batches of the demo's users and programs
    ]

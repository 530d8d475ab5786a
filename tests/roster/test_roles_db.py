"""The role table (docs/security.md, "Staff roles"; tests/support/roles.py), every cell from both sides, at the database:
each capability's write sent as ``trainingops_app`` by the member of P1 who holds each role (and by athlete A1),
in a transaction that is rolled back. The policies and rule triggers of migration 0017 decide, not Python."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from psycopg.rows import tuple_row

from tests.support.acting import acting_as
from tests.support.factories import TODAY
from tests.support.roles import ACTOR, CELLS, TABLE
from tests.support.world import IN_SEASON, World, add_role_library
from trainingops.db.target import DatabaseTarget

Conn = psycopg.Connection[Any]
# The refusals a role gets: the policies' (no row matched, or a new row refused) and the column rules' triggers.
ROLE_RULES = {"roster_entries_status_only", "sessions_planned_fields_locked"}


@pytest.fixture(scope="module")
def world(world_db: tuple[DatabaseTarget, World]) -> World:
    target, built = world_db
    with psycopg.connect(target.admin_url) as conn:
        add_role_library(conn, built)
    return built


@pytest.fixture(scope="module")
def app_conn(world_db: tuple[DatabaseTarget, World], world: World) -> Iterator[Conn]:
    with psycopg.connect(world_db[0].app_url, row_factory=tuple_row) as conn:
        yield conn


def _member(w: World, actor: str) -> uuid.UUID:
    """The actor's own membership in P1 (an athlete names the head coach's, as an attacker would)."""
    return w.ids[actor.lower()] if actor.lower() in w.ids and actor != "A1" else w.ids["c1"]


def _session(category: str) -> Callable[[World, str], tuple[str, list[Any]]]:
    def statement(w: World, actor: str) -> tuple[str, list[Any]]:
        return (
            "insert into athlete_training_sessions (athlete_id, source, coach_member_id, team_season_id, "
            "workout_category, scheduled_date) values (%s, 'coach_assigned', %s, %s, %s, %s) returning id",
            [w.ids["a1"], _member(w, actor), w.ids["s1"], category, TODAY + timedelta(days=2)],
        )

    return statement


# capability -> the statement that exercises it, as (SQL, parameters) for the world and the acting actor; a row
# back means it was done.
STATEMENTS: dict[str, Callable[[World, str], tuple[str, list[Any]]]] = {
    "program settings": lambda w, a: (
        "update programs set name = name || '!' where id = %s returning id",
        [w.ids["p1"]],
    ),
    "load settings": lambda w, a: (
        "insert into program_load_settings (program_id, acute_days, updated_by) values (%s, 5, %s) returning program_id",
        [w.ids["p1"], w.users[a]],
    ),
    "members": lambda w, a: (
        "update program_members set role = 'strength_coach' where id = %s returning id",
        [w.ids["y"]],
    ),
    "seasons": lambda w, a: (
        "insert into team_seasons (program_id, name, sport, start_date, end_date) "
        "values (%s, 'Next', 'track_and_field', %s, %s) returning id",
        [w.ids["p1"], TODAY + timedelta(days=400), TODAY + timedelta(days=500)],
    ),
    "invite staff": lambda w, a: (
        "insert into invitations (program_id, email, role, invited_by) "
        "values (%s, 'staff.invited@example.org', 'assistant_coach', %s) returning id",
        [w.ids["p1"], w.users[a]],
    ),
    "invite athletes": lambda w, a: (
        "insert into invitations (program_id, email, role, athlete_id, invited_by) "
        "values (%s, 'athlete.invited@example.org', 'athlete', %s, %s) returning id",
        [w.ids["p1"], w.ids["a2"], w.users[a]],
    ),
    "roster": lambda w, a: (
        "insert into roster_entries (program_id, team_season_id, athlete_id) values (%s, %s, %s) returning id",
        [w.ids["p1"], w.ids["s1"], w.ids["a1"]],
    ),
    "roster status": lambda w, a: (
        "update roster_entries set status = 'injured' where id = %s returning id",
        [w.ids[f"r_{'a1' if a == 'A1' else 'a2'}_{w.ids['p1']}"]],
    ),
    "event groups": lambda w, a: (
        "insert into event_groups (program_id, name) values (%s, 'Hurdles') returning id",
        [w.ids["p1"]],
    ),
    "athlete profiles": lambda w, a: (
        "update athletes set date_of_birth = '2004-04-04' where id = %s returning id",
        [w.ids["a1" if a == "A1" else "a2"]],
    ),
    "plan run work": lambda w, a: (
        "insert into workouts (program_id, name, workout_category) values (%s, 'Strides', 'run') returning id",
        [w.ids["p1"]],
    ),
    "publish a run practice": lambda w, a: (
        "update practice_sessions set status = 'published' where id = %s returning id",
        [w.ids["practice_run"]],
    ),
    "plan gym work": lambda w, a: (
        "insert into workouts (program_id, name, workout_category) values (%s, 'Cleans', 'gym') returning id",
        [w.ids["p1"]],
    ),
    "publish an S&C practice": lambda w, a: (
        "update practice_sessions set status = 'published' where id = %s returning id",
        [w.ids["practice_gym"]],
    ),
    "strength maxes": lambda w, a: (
        "insert into strength_maxes (program_id, athlete_id, training_event_id, one_rm_kg, tested_on) "
        "values (%s, %s, %s, 100, %s) returning id",
        [w.ids["p1"], w.ids["a1"], w.ids["event_gym"], IN_SEASON],
    ),
    "read training": lambda w, a: ("select id from athlete_training_sessions where athlete_id = %s", [w.ids["a1"]]),
    "assign run sessions": _session("run"),
    "assign gym sessions": _session("gym"),
    "edit a run session's plan": lambda w, a: (
        "update athlete_training_sessions set planned_rpe = 6 where id = %s returning id",
        [w.sessions["a1_coach"]],
    ),
    "edit a gym session's plan": lambda w, a: (
        "update athlete_training_sessions set planned_rpe = 6 where id = %s returning id",
        [w.sessions["a1_gym"]],
    ),
}


def attempt(conn: Conn, query: str, params: list[Any]) -> bool:
    """True when the statement did its work; False when the database refused the caller: a policy (no row
    matched, or the new row refused) or a column rule."""
    try:
        return bool(conn.execute(query, params).fetchall())
    except psycopg.errors.InsufficientPrivilege as exc:
        assert exc.diag.message_primary.startswith("new row violates row-level security policy"), exc
        return False
    except psycopg.errors.CheckViolation as exc:
        assert exc.diag.constraint_name in ROLE_RULES, exc
        return False


def test_every_capability_of_the_table_has_its_statement() -> None:
    assert set(STATEMENTS) == set(TABLE)


@pytest.mark.parametrize(("capability", "role"), CELLS, ids=[f"{c}-{r}" for c, r in CELLS])
def test_each_role_may_do_exactly_what_the_table_says_at_the_database(
    app_conn: Conn, world: World, capability: str, role: str
) -> None:
    actor = ACTOR[role]
    query, params = STATEMENTS[capability](world, actor)
    with acting_as(app_conn, world, actor) as conn:
        assert attempt(conn, query, params) is TABLE[capability][role]


def test_the_table_is_the_databases_own(app_conn: Conn, world: World) -> None:
    """app_private.capability_roles is where the roles are written; the documented table says the same."""
    with acting_as(app_conn, world, "C1") as conn:
        roles = dict(
            conn.execute(
                "select c, app_private.capability_roles(c) from unnest(array['administer', 'manage_roster', "
                "'set_roster_status', 'plan', 'plan_run', 'plan_gym', 'assign_run', 'assign_gym']) c"
            ).fetchall()
        )
    rows = {
        "administer": "members",
        "manage_roster": "roster",
        "set_roster_status": "roster status",
        "plan_run": "plan run work",
        "plan_gym": "plan gym work",
        "assign_run": "assign run sessions",
        "assign_gym": "assign gym sessions",
    }
    for capability, row in rows.items():
        assert set(roles[capability]) == {r for r, allowed in TABLE[row].items() if allowed and r != "athlete"}
    assert set(roles["plan"]) == set(roles["plan_run"]) | set(roles["plan_gym"])


@pytest.mark.parametrize("actor", ["X", "U", "C2", "anon"])
def test_nobody_outside_p1_and_no_former_member_does_any_of_it(app_conn: Conn, world: World, actor: str) -> None:
    """X's membership is inactive (deactivation ends every right at once); C2 is another program's head coach."""
    for capability, statement in STATEMENTS.items():
        if capability == "read training":
            continue
        query, params = statement(world, "C1")
        if capability == "load settings":
            params = [params[0], world.users.get(actor, world.users["U"])]
        with acting_as(app_conn, world, actor) as conn:
            assert attempt(conn, query, params) is False, capability

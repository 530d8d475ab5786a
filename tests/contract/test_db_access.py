"""The attack matrix at the database level: every table x command x actor, allowed and denied, acting as
trainingops_app with each identity, inside a transaction that is rolled back."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg.rows import tuple_row

from tests.support.acting import acting_as
from tests.support.world import ACTORS, IN_SEASON, ROLE_STAFF, VISIBLE_SESSIONS, World
from trainingops.db.target import DatabaseTarget

Conn = psycopg.Connection[Any]
# The API role's two refusals, which each denied case must tell apart: no privilege, or a row the policy refuses.
NO_PRIVILEGE = "permission denied for table {}"
RLS_REFUSAL = 'new row violates row-level security policy for table "{}"'


@pytest.fixture(scope="module")
def app_conn(world_db: tuple[DatabaseTarget, World]) -> Iterator[Conn]:
    with psycopg.connect(world_db[0].app_url, row_factory=tuple_row) as conn:
        yield conn


@pytest.fixture(scope="module")
def world(world_db: tuple[DatabaseTarget, World]) -> World:
    return world_db[1]


def names(world: World, ids: list[Any]) -> set[str]:
    by_id = {v: k for k, v in world.sessions.items()}
    return {by_id.get(uuid.UUID(str(i)), str(i)) for i in ids}


def session_ids(conn: Conn, query: str = "select id from athlete_training_sessions") -> list[Any]:
    return [row[0] for row in conn.execute(query).fetchall()]


# ---------------------------------------------------------------------------------------------------- select


@pytest.mark.parametrize("actor", ACTORS)
def test_each_actor_reads_exactly_their_sessions(app_conn: Conn, world: World, actor: str) -> None:
    with acting_as(app_conn, world, actor) as conn:
        assert names(world, session_ids(conn)) == VISIBLE_SESSIONS[actor]


# What each actor may change of what they see: every session of the world is a run, which the head coach and
# the assistant coach assign; the program admin, the strength coach (gym only) and the athletic trainer read them
# and change none (docs/security.md, Staff roles).
CHANGEABLE = {**VISIBLE_SESSIONS, "PA": set(), "SC": set(), "AT": set()}


@pytest.mark.parametrize("actor", ACTORS)
def test_select_for_update_locks_only_what_the_actor_may_change(app_conn: Conn, world: World, actor: str) -> None:
    with acting_as(app_conn, world, actor) as conn:
        locked = names(world, session_ids(conn, "select id from athlete_training_sessions for update"))
    assert locked == CHANGEABLE[actor]


@pytest.mark.parametrize("actor", ACTORS)
def test_copy_to_exports_only_visible_rows(app_conn: Conn, world: World, actor: str) -> None:
    with acting_as(app_conn, world, actor) as conn:
        with conn.cursor().copy("copy athlete_training_sessions (id) to stdout") as copy:
            exported = [row[0] for row in copy.rows()]
    assert names(world, exported) == VISIBLE_SESSIONS[actor]


def test_copy_from_and_truncate_are_refused(app_conn: Conn, world: World) -> None:
    with acting_as(app_conn, world, "C1") as conn, pytest.raises(psycopg.errors.FeatureNotSupported):
        with conn.cursor().copy(
            "copy athlete_training_sessions (athlete_id, source, workout_category) from stdin"
        ) as c:
            c.write_row((world.ids["a1"], "self_assigned", "run"))
    for table in ("athlete_training_sessions", "roster_entries", "users", "athlete_training_session_history"):
        with acting_as(app_conn, world, "C1") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
            conn.execute(f"truncate {table}")
        assert caught.value.diag.message_primary == NO_PRIVILEGE.format(table)


# ---------------------------------------------------------------------------------------------------- insert

INSERT = (
    "insert into athlete_training_sessions (athlete_id, source, coach_member_id, team_season_id, workout_category, "
    "scheduled_date) values (%s, %s, %s, %s, 'run', %s) returning id"
)


def attempt_insert(conn: Conn, world: World, athlete: str, source: str, coach: str | None, season: str | None) -> bool:
    """True when the row is written; False when the insert policy's WITH CHECK refuses it, the one refusal every
    denied case gets (another program's athlete, coach or season fails like a missing one)."""
    values = [world.ids[athlete], source, world.ids.get(coach or ""), world.ids.get(season or ""), IN_SEASON]
    try:
        with conn.transaction():
            conn.execute(INSERT, values).fetchone()
        return True
    except psycopg.errors.InsufficientPrivilege as exc:
        assert exc.diag.message_primary == RLS_REFUSAL.format("athlete_training_sessions")
        return False


@pytest.mark.parametrize(
    ("actor", "athlete", "source", "coach", "season", "allowed"),
    [
        ("C1", "a1", "coach_assigned", "c1", "s1", True),
        ("C1", "a1", "coach_assigned", "c1", None, True),
        ("C1", "d", "coach_assigned", "c1", "s1", True),
        ("C1", "b1", "coach_assigned", "c1", None, False),  # not on a P1 roster
        ("C1", "a1", "coach_assigned", "c2", None, False),  # another program's coach
        ("C1", "a1", "coach_assigned", "c1", "s2", False),  # another program's season
        ("C1", "a1", "coach_assigned", "x", "s1", False),  # an inactive coach
        ("C1", "a1", "self_assigned", None, None, False),  # staff do not self-assign for athletes
        ("C2", "a1", "coach_assigned", "c2", "s2", False),
        ("X", "a1", "coach_assigned", "x", "s1", False),  # removed from P1
        ("A1", "a1", "self_assigned", None, None, True),
        ("A1", "a1", "self_assigned", None, "s1", True),
        ("A1", "a1", "self_assigned", None, "s2", False),  # not on that season's roster
        ("A1", "a2", "self_assigned", None, None, False),  # a teammate
        ("A1", "a1", "coach_assigned", "c1", "s1", False),  # athletes do not coach-assign
        ("U", "a1", "self_assigned", None, None, False),
        ("anon", "a1", "self_assigned", None, None, False),
        ("anon", "a1", "coach_assigned", "c1", "s1", False),
    ],
)
def test_who_may_create_which_session(
    app_conn: Conn,
    world: World,
    actor: str,
    athlete: str,
    source: str,
    coach: str | None,
    season: str | None,
    allowed: bool,
) -> None:
    with acting_as(app_conn, world, actor) as conn:
        assert attempt_insert(conn, world, athlete, source, coach, season) is allowed


def test_insert_on_conflict_cannot_overwrite_a_hidden_session(app_conn: Conn, world: World) -> None:
    hidden = world.sessions["b1_coach"]
    upsert = (
        "insert into athlete_training_sessions (id, athlete_id, source, workout_category, scheduled_date) "
        "values (%s, %s, 'self_assigned', 'run', %s) on conflict (id) do update set title = 'pwned'"
    )
    with acting_as(app_conn, world, "A1") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
            conn.execute(upsert, [hidden, world.ids["a1"], IN_SEASON])
        conn.rollback()
    assert caught.value.diag.message_primary == NO_PRIVILEGE.format("athlete_training_sessions")  # no id column
    with acting_as(app_conn, world, "C2") as conn:
        title = conn.execute("select title from athlete_training_sessions where id = %s", [hidden]).fetchone()
    assert title == (None,)


# ---------------------------------------------------------------------------------------------------- update

UPDATE_TITLE = "update athlete_training_sessions set title = 'changed' where id = %s returning id"


@pytest.mark.parametrize("actor", ACTORS)
def test_staff_update_only_their_programs_sessions_and_nobody_else_updates_anything_hidden(
    app_conn: Conn, world: World, actor: str
) -> None:
    with acting_as(app_conn, world, actor) as conn:
        changed = set()
        for name, session_id in world.sessions.items():
            if name in {"a1_coach", "a1_completed", "a1_by_x", "a2_coach", "b1_coach", "d_p1", "d_p2"} and actor in {
                "A1",
                "A2",
                "B1",
                "D",
            }:
                continue  # athletes changing a coach's plan: see the locked-fields test
            with conn.transaction():
                if conn.execute(UPDATE_TITLE, [session_id]).fetchone():
                    changed.add(name)
    expected = CHANGEABLE[actor]
    if actor in {"A1", "A2", "B1", "D"}:
        expected = {n for n in expected if "self" in n}
    assert changed == expected


def test_staff_cannot_move_a_session_to_another_program_or_athlete(app_conn: Conn, world: World) -> None:
    session_id = world.sessions["a1_coach"]
    # The season decides the program: another program's season moves the session, another program's coach does
    # not fit its season.
    for change, value, constraint in (
        ("team_season_id", world.ids["s2"], "sessions_program_locked"),
        ("coach_member_id", world.ids["c2"], "sessions_coach_in_season_program"),
    ):
        with acting_as(app_conn, world, "C1") as conn, pytest.raises(psycopg.errors.CheckViolation) as caught:
            conn.execute(f"update athlete_training_sessions set {change} = %s where id = %s", [value, session_id])
        assert (type(caught.value), caught.value.diag.constraint_name) == (psycopg.errors.CheckViolation, constraint)
    # The guard answers before the row's own checks: the identity is locked, whatever else the change breaks.
    for change, value in (("athlete_id", world.ids["a2"]), ("source", "self_assigned")):
        with acting_as(app_conn, world, "C1") as conn, pytest.raises(psycopg.errors.CheckViolation) as caught:
            conn.execute(
                f"update athlete_training_sessions set {change} = %s, coach_member_id = null where id = %s",
                [value, session_id],
            )
        assert caught.value.diag.constraint_name == "sessions_identity_locked", change


def test_athletes_log_actuals_on_coach_sessions_but_cannot_change_the_plan(app_conn: Conn, world: World) -> None:
    session_id = world.sessions["a1_coach"]
    with acting_as(app_conn, world, "A1") as conn:
        row = conn.execute(
            "update athlete_training_sessions set actual_rpe = 7, actual_duration_sec = 2400, "
            "actual_description = 'felt good', completed_at = now(), metrics_json = '{}' where id = %s returning id",
            [session_id],
        ).fetchone()
        assert row is not None
    for change in (
        "planned_rpe = 9",
        "title = 'easier'",
        "scheduled_date = scheduled_date + 1",
        "workout_category = 'gym'",
        "planned_distance_m = 1",
    ):
        with acting_as(app_conn, world, "A1") as conn, pytest.raises(psycopg.errors.CheckViolation) as caught:
            conn.execute(f"update athlete_training_sessions set {change} where id = %s", [session_id])
        assert caught.value.diag.constraint_name == "sessions_planned_fields_locked"


def test_athletes_change_the_plan_of_their_own_self_assigned_sessions(app_conn: Conn, world: World) -> None:
    with acting_as(app_conn, world, "A1") as conn:
        row = conn.execute(
            "update athlete_training_sessions set title = 'Long run', planned_rpe = 6, scheduled_date = %s "
            "where id = %s returning id",
            [IN_SEASON, world.sessions["a1_self"]],
        ).fetchone()
        assert row is not None
    with acting_as(app_conn, world, "A1") as conn, pytest.raises(psycopg.errors.CheckViolation) as caught:
        conn.execute(
            "update athlete_training_sessions set team_season_id = %s where id = %s",
            [world.ids["s1"], world.sessions["a1_self"]],
        )
    assert caught.value.diag.constraint_name == "sessions_planned_fields_locked"


# ---------------------------------------------------------------------------------------------------- delete

DELETABLE = {
    "C1": {"a1_coach", "a1_by_x", "a1_self", "a1_self_season", "a2_coach", "d_p1", "d_self"},  # not completed
    "AC": {"a1_coach", "a1_by_x", "a1_self", "a1_self_season", "a2_coach", "d_p1", "d_self"},  # assigns runs too
    "PA": set(),  # reads, assigns nothing
    "SC": set(),  # gym sessions only
    "AT": set(),
    "C2": {"b1_coach", "d_p2", "d_self"},
    "A1": {"a1_self", "a1_self_season"},
    "A2": set(),
    "B1": set(),
    "D": {"d_self"},
    "U": set(),
    "X": set(),
    "anon": set(),
}


@pytest.mark.parametrize("actor", ACTORS)
def test_who_may_delete_which_session(app_conn: Conn, world: World, actor: str) -> None:
    with acting_as(app_conn, world, actor) as conn:
        deleted = names(world, session_ids(conn, "delete from athlete_training_sessions returning id"))
    assert deleted == DELETABLE[actor]


# ---------------------------------------------------------------------------------------------------- history


def test_history_records_who_changed_what_and_follows_the_sessions_rules(app_conn: Conn, world: World) -> None:
    session_id = world.sessions["a1_coach"]
    with acting_as(app_conn, world, "C1") as conn:
        conn.execute("update athlete_training_sessions set planned_rpe = 7 where id = %s", [session_id])
        rows = conn.execute(
            "select operation, changed_by, changes from athlete_training_session_history "
            "where session_id = %s order by id",
            [session_id],
        ).fetchall()
        assert [r[0] for r in rows] == ["insert", "update"]
        assert rows[1][1] == world.users["C1"]
        assert rows[1][2] == {"planned_rpe": {"old": 5, "new": 7}}
        assert rows[0][1] is None  # created on the administrative connection
        seen = {r[0] for r in conn.execute("select distinct session_id from athlete_training_session_history")}
        assert names(world, list(seen)) == VISIBLE_SESSIONS["C1"]
    for actor in ACTORS:
        with acting_as(app_conn, world, actor) as conn:
            seen = {r[0] for r in conn.execute("select distinct session_id from athlete_training_session_history")}
        assert names(world, list(seen)) == VISIBLE_SESSIONS[actor], actor
    with acting_as(app_conn, world, "C1") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
        conn.execute("delete from athlete_training_session_history")
    assert caught.value.diag.message_primary == NO_PRIVILEGE.format("athlete_training_session_history")


# ---------------------------------------------------------------------------------------------- context tables

CONTEXT_VISIBLE: dict[str, dict[str, set[str]]] = {
    # table -> actor -> names of visible rows (see ids in tests/world.py)
    "programs": {
        "C1": {"p1"},
        "C2": {"p2"},
        "A1": {"p1"},
        "B1": {"p2"},
        "D": {"p1", "p2"},
        "U": set(),
        "X": set(),
        "anon": set(),
    },
    "team_seasons": {
        "C1": {"s1"},
        "C2": {"s2"},
        "A1": {"s1"},
        "D": {"s1", "s2"},
        "U": set(),
        "X": set(),
        "anon": set(),
    },
    "event_groups": {
        "C1": {"g1"},
        "C2": {"g2"},
        "A1": {"g1"},
        "D": {"g1", "g2"},
        "U": set(),
        "X": set(),
        "anon": set(),
    },
    "athletes": {
        "C1": {"a1", "a2", "d"},
        "C2": {"b1", "d"},
        "A1": {"a1"},
        "D": {"d"},
        "U": set(),
        "X": set(),
        "anon": set(),
    },
    "program_members": {
        "C1": {"c1", "x", "pa", "ac", "sc", "at"},
        "C2": {"c2"},
        "A1": {"c1", "x", "pa", "ac", "sc", "at"},
        "B1": {"c2"},
        "D": {"c1", "x", "c2", "pa", "ac", "sc", "at"},
        "X": {"x"},
        "U": set(),
        "anon": set(),
    },
}


@pytest.mark.parametrize(
    ("table", "actor"), [(table, actor) for table, by_actor in CONTEXT_VISIBLE.items() for actor in by_actor]
)
def test_context_tables_show_each_actor_only_their_programs_people(
    app_conn: Conn, world: World, table: str, actor: str
) -> None:
    by_id = {v: k for k, v in world.ids.items()}
    with acting_as(app_conn, world, actor) as conn:
        seen = {by_id.get(r[0], "?") for r in conn.execute(f"select id from {table}").fetchall()}
    assert seen == CONTEXT_VISIBLE[table][actor]


def test_users_are_visible_to_themselves_their_programs_staff_and_their_rosters_athletes(
    app_conn: Conn, world: World
) -> None:
    by_id = {v: k for k, v in world.users.items()}
    p1_staff = {"C1", "X", *ROLE_STAFF}
    expected = {
        "C1": {*p1_staff, "A1", "A2", "D"},
        "A1": {"A1", *p1_staff},
        "D": {"D", *p1_staff, "C2"},
        "U": {"U"},
        "anon": set(),
        "X": {"X"},
    }
    for actor, visible in expected.items():
        with acting_as(app_conn, world, actor) as conn:
            assert {by_id.get(r[0]) for r in conn.execute("select id from users").fetchall()} == visible, actor


def test_staff_manage_event_groups_of_their_program_only(app_conn: Conn, world: World) -> None:
    with acting_as(app_conn, world, "C1") as conn:
        conn.execute("insert into event_groups (program_id, name) values (%s, 'Throws')", [world.ids["p1"]])
        assert (
            conn.execute(
                "update event_groups set name = name || '!' where program_id = %s returning id", [world.ids["p2"]]
            ).fetchall()
            == []
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
            conn.execute("insert into event_groups (program_id, name) values (%s, 'Throws')", [world.ids["p2"]])
        assert caught.value.diag.message_primary == RLS_REFUSAL.format("event_groups")
    for actor in ("A1", "U", "X", "anon"):
        with acting_as(app_conn, world, actor) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
            conn.execute("insert into event_groups (program_id, name) values (%s, 'Mine')", [world.ids["p1"]])
        assert caught.value.diag.message_primary == RLS_REFUSAL.format("event_groups"), actor


@pytest.mark.parametrize(
    ("actor", "statement"),
    [
        ("C1", "insert into roster_entries (program_id, team_season_id, athlete_id) values ({p2}, {s2}, {a1})"),
        ("C1", "insert into roster_entries (program_id, team_season_id, athlete_id) values ({p1}, {s1}, {b1})"),
        ("C2", "insert into roster_entries (program_id, team_season_id, athlete_id) values ({p1}, {s1}, {b1})"),
        ("A1", "insert into roster_entries (program_id, team_season_id, athlete_id) values ({p1}, {s1}, {a1})"),
        ("U", "insert into roster_entries (program_id, team_season_id, athlete_id) values ({p1}, {s1}, {a1})"),
        ("X", "insert into roster_entries (program_id, team_season_id, athlete_id) values ({p1}, {s1}, {a1})"),
        ("anon", "insert into roster_entries (program_id, team_season_id, athlete_id) values ({p1}, {s1}, {a1})"),
    ],
)
def test_nobody_rosters_an_athlete_who_is_not_their_programs_or_into_another_program(
    app_conn: Conn, world: World, actor: str, statement: str
) -> None:
    """Issue 11 #4: staff could put any athlete on their roster and then read them. Roster entries are written again
    (0017), but only by roster staff of the entry's program, for athletes who are already the program's."""
    query = statement.format(**{k: f"'{world.ids[k]}'" for k in ("p1", "p2", "s1", "s2", "a1", "b1")})
    with acting_as(app_conn, world, actor) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
        conn.execute(query)
    assert caught.value.diag.message_primary == RLS_REFUSAL.format("roster_entries")


@pytest.mark.parametrize("actor", ["C2", "A1", "A2", "U", "X", "anon"])
def test_only_the_programs_staff_change_its_roster_entries_and_nobody_deletes_one(
    app_conn: Conn, world: World, actor: str
) -> None:
    with acting_as(app_conn, world, actor) as conn:
        changed = conn.execute(
            "update roster_entries set status = 'injured' where program_id = %s returning id", [world.ids["p1"]]
        ).fetchall()
    assert changed == []
    with acting_as(app_conn, world, "C1") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
        conn.execute("delete from roster_entries")
    assert caught.value.diag.message_primary == NO_PRIVILEGE.format("roster_entries")


@pytest.mark.parametrize("table", ["users", "programs", "program_members", "athletes", "team_seasons"])
def test_read_only_context_tables_cannot_be_written_by_the_api(app_conn: Conn, world: World, table: str) -> None:
    with acting_as(app_conn, world, "C1") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
        conn.execute(f"delete from {table}")
    assert caught.value.diag.message_primary == NO_PRIVILEGE.format(table)


# ------------------------------------------------------------------------------- belonging kept up to date


def test_rostering_an_athlete_reveals_their_unseasoned_sessions_in_that_season_without_touching_them(
    world_db: tuple[DatabaseTarget, World], world: World
) -> None:
    d_self = world.sessions["d_self"]

    def as_c2(conn: Conn) -> None:
        conn.execute(
            "select set_config('role', 'trainingops_app', true), set_config('app.user_id', %s, true)",
            [str(world.users["C2"])],
        )

    def as_admin(conn: Conn) -> None:
        conn.execute("select set_config('role', 'none', true), set_config('app.user_id', '', true)")

    # Rosters are changed by an administrator; what C2 sees is read as the API role in the same transaction.
    with psycopg.connect(world_db[0].admin_url) as conn:
        try:
            as_c2(conn)
            before = conn.execute(
                "select version, updated_at from athlete_training_sessions where id = %s", [d_self]
            ).fetchone()
            # D leaves the P2 roster: D's season-less session (dated in both seasons) leaves C2's view ...
            as_admin(conn)
            conn.execute(
                "delete from roster_entries where athlete_id = %s and program_id = %s",
                [world.ids["d"], world.ids["p2"]],
            )
            as_c2(conn)
            assert conn.execute("select 1 from athlete_training_sessions where id = %s", [d_self]).fetchone() is None
            # ... and comes back when D is rostered again; the session itself is not edited by any of this.
            as_admin(conn)
            conn.execute(
                "insert into roster_entries (program_id, team_season_id, athlete_id) values (%s, %s, %s)",
                [world.ids["p2"], world.ids["s2"], world.ids["d"]],
            )
            as_c2(conn)
            after = conn.execute(
                "select version, updated_at from athlete_training_sessions where id = %s", [d_self]
            ).fetchone()
            assert before is not None and after == before
            history = conn.execute(
                "select count(*) from athlete_training_session_history where session_id = %s", [d_self]
            ).fetchone()
            assert history == (1,)  # only its creation
        finally:
            conn.rollback()


def test_staff_of_two_programs_cannot_move_a_session_between_them(
    app_conn: Conn, world: World, world_db: tuple[DatabaseTarget, World]
) -> None:
    # Make C1 staff of P2 as well, on the administrative side, for this test only.
    with psycopg.connect(world_db[0].admin_url) as admin:
        member = admin.execute(
            "insert into program_members (program_id, user_id, role) values (%s, %s, 'assistant_coach') returning id",
            [world.ids["p2"], world.users["C1"]],
        ).fetchone()
        try:
            admin.commit()
            with acting_as(app_conn, world, "C1") as conn, pytest.raises(psycopg.errors.CheckViolation) as caught:
                conn.execute(
                    "update athlete_training_sessions set team_season_id = %s where id = %s",
                    [world.ids["s2"], world.sessions["a1_coach"]],
                )
            assert caught.value.diag.constraint_name == "sessions_program_locked"  # even to a program of their own
            with acting_as(app_conn, world, "C1") as conn, pytest.raises(psycopg.errors.CheckViolation) as caught:
                conn.execute(
                    "update athlete_training_sessions set team_season_id = %s, coach_member_id = %s where id = %s",
                    [world.ids["s2"], member[0], world.sessions["a1_coach"]],
                )
            assert caught.value.diag.constraint_name == "sessions_program_locked"
        finally:
            admin.execute("delete from program_members where id = %s", [member[0]])
            admin.commit()


def test_program_ids_cannot_be_written_through_the_api_role(app_conn: Conn, world: World) -> None:
    with acting_as(app_conn, world, "C1") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
        conn.execute(
            "update athlete_training_sessions set program_ids = %s where id = %s returning program_ids",
            [[world.ids["p2"]], world.sessions["a1_coach"]],
        )
    assert caught.value.diag.message_primary == NO_PRIVILEGE.format("athlete_training_sessions")

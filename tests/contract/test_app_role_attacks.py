"""The API role as an attacker: SQL the API never sends, sent as trainingops_app with an identity set.

The documents promise that PostgreSQL holds its rules whatever SQL the API role sends (docs/security.md, "What
the database enforces against the API role"). Each test here is one way a malicious insider or an injected
statement would try to get past them: changing the identity mid-statement, writing derived columns, choosing
primary keys, pointing foreign keys and lineage across programs, and ON CONFLICT probes — for every table the
role can write, not only sessions. Every test runs in a transaction that is rolled back.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg.rows import tuple_row

from tests.support.acting import acting_as
from tests.support.world import IN_SEASON, World
from trainingops.db.target import DatabaseTarget

Conn = psycopg.Connection[Any]
RANDOM = uuid.UUID("00000000-0000-4000-8000-000000000000")
# Columns the server alone writes, on every table that has them (and the sessions' program_ids, kept by a
# trigger; an import batch's program_ids is the importer's statement, checked by its policy).
SERVER_COLUMNS = ("id", "created_at", "updated_at", "version")


@pytest.fixture(scope="module")
def world(world_db: tuple[DatabaseTarget, World]) -> World:
    """The access world plus a planning library in each program (written administratively)."""
    target, built = world_db
    with psycopg.connect(target.admin_url) as conn:
        for program in ("p1", "p2"):
            pid = built.ids[program]
            built.ids[f"event_{program}"] = _returning(
                conn,
                "insert into training_events (program_id, name, workout_category, measure) "
                "values (%s, 'Back squat', 'gym', 'load') returning id",
                [pid],
            )
            built.ids[f"workout_{program}"] = _returning(
                conn,
                "insert into workouts (program_id, name, workout_category) values (%s, 'Tempo', 'run') returning id",
                [pid],
            )
            built.ids[f"practice_{program}"] = _returning(
                conn,
                "insert into practice_sessions (program_id, team_season_id, practice_date, title) "
                "values (%s, %s, %s, 'Tuesday') returning id",
                [pid, built.ids["s" + program[1]], IN_SEASON],
            )
            built.ids[f"entry_{program}"] = _returning(
                conn,
                "insert into practice_session_workouts (program_id, practice_session_id, workout_id, position) "
                "values (%s, %s, %s, 1) returning id",
                [pid, built.ids[f"practice_{program}"], built.ids[f"workout_{program}"]],
            )
        conn.execute("insert into program_load_settings (program_id, acute_days) values (%s, 5)", [built.ids["p2"]])
    return built


def _returning(conn: Conn, query: str, params: list[Any]) -> uuid.UUID:
    row = conn.execute(query, params).fetchone()
    assert row is not None
    return uuid.UUID(str(row[0]))


@pytest.fixture(scope="module")
def app_conn(world_db: tuple[DatabaseTarget, World], world: World) -> Iterator[Conn]:
    with psycopg.connect(world_db[0].app_url, row_factory=tuple_row) as conn:
        yield conn


def refused(conn: Conn, query: str, params: Any = None) -> psycopg.Error:
    """Run a statement that must fail; return the error (each test then asserts its exact type and message)."""
    with pytest.raises(psycopg.Error) as caught:
        conn.execute(query, params)
    return caught.value


def assert_refusal(error: psycopg.Error, error_type: type[psycopg.Error], message: str) -> None:
    assert (type(error), error.diag.message_primary) == (error_type, message)


# ------------------------------------------------------------------------------------ identity mid-statement

# The SET expression changes app.user_id while the statement runs: '' (no identity) or another user on the
# second row. The policies were checked once, as the caller; the guard of each row must not accept it.
BLANK_ON_SECOND_ROW = """
update athlete_training_sessions s
set planned_rpe = 9,
    title = case when set_config('app.user_id', case when s.id = %(second)s then %(switch)s else %(me)s end, true)
                      is not null then 'mine now' end
where s.id in (%(first)s, %(second)s)
"""


@pytest.mark.parametrize("switch_to", ["", "C1"], ids=["no-identity", "the-coach"])
def test_an_athlete_cannot_drop_or_switch_the_identity_mid_statement(
    app_conn: Conn, world: World, switch_to: str
) -> None:
    """Issue 11 #3: with the identity blanked on the second row, an athlete changed the coach's plan."""
    params = {
        "first": world.sessions["a1_self"],
        "second": world.sessions["a1_coach"],
        "me": str(world.users["A1"]),
        "switch": str(world.users[switch_to]) if switch_to else "",
    }
    with acting_as(app_conn, world, "A1") as conn:
        error = refused(conn, BLANK_ON_SECOND_ROW, params)
    assert isinstance(error, psycopg.errors.InsufficientPrivilege)
    expected = {
        "": "This write needs the caller's identity (app.user_id), set for the whole transaction.",
        "C1": "The caller's identity (app.user_id) changed within a transaction; a transaction acts for one user.",
    }
    assert error.diag.message_primary == expected[switch_to]


def test_an_identity_cannot_change_between_statements_of_one_transaction(app_conn: Conn, world: World) -> None:
    with acting_as(app_conn, world, "A1") as conn:
        conn.execute("update athlete_training_sessions set actual_rpe = 5 where id = %s", [world.sessions["a1_self"]])
        conn.execute("select set_config('app.user_id', %s, true)", [str(world.users["C1"])])
        error = refused(
            conn, "update athlete_training_sessions set planned_rpe = 9 where id = %s", [world.sessions["a1_coach"]]
        )
    assert_refusal(
        error,
        psycopg.errors.InsufficientPrivilege,
        "The caller's identity (app.user_id) changed within a transaction; a transaction acts for one user.",
    )


def test_a_write_without_an_identity_is_refused_not_administrative(app_conn: Conn, world: World) -> None:
    """No identity used to mean "administrative connection": now it sees nothing and writes nothing."""
    with acting_as(app_conn, world, "anon") as conn:
        assert conn.execute("update athlete_training_sessions set title = 'x' returning id").fetchall() == []
        error = refused(
            conn,
            "insert into athlete_training_sessions (athlete_id, source, workout_category, "
            "scheduled_date) values (%s, 'self_assigned', 'run', %s)",
            [world.ids["a1"], IN_SEASON],
        )
    assert_refusal(
        error,
        psycopg.errors.InsufficientPrivilege,
        'new row violates row-level security policy for table "athlete_training_sessions"',
    )


def test_history_names_the_caller_of_every_api_write(app_conn: Conn, world: World) -> None:
    with acting_as(app_conn, world, "A1") as conn:
        conn.execute("update athlete_training_sessions set actual_rpe = 4 where id = %s", [world.sessions["a1_self"]])
        changed_by = conn.execute(
            "select changed_by from athlete_training_session_history where session_id = %s order by id desc limit 1",
            [world.sessions["a1_self"]],
        ).fetchone()
    assert changed_by == (world.users["A1"],)


# --------------------------------------------------------------------------------- server columns and ids


def _writable_tables(conn: Conn) -> list[str]:
    rows = conn.execute(
        "select distinct table_name from information_schema.column_privileges "
        "where grantee = 'trainingops_app' and table_schema = 'public' and privilege_type in ('INSERT', 'UPDATE') "
        "order by 1"
    ).fetchall()
    return [row[0] for row in rows]


def test_the_api_role_holds_no_write_privilege_on_any_server_column(admin_conn: Conn) -> None:
    """Catalog check for every table, present and future: ids, bookkeeping and derived columns are the
    server's (client-chosen ids were an existence oracle; program_ids decides who sees a session)."""
    granted = admin_conn.execute(
        "select table_name, column_name, privilege_type from information_schema.column_privileges "
        "where grantee = 'trainingops_app' and table_schema = 'public' and privilege_type in ('INSERT', 'UPDATE') "
        "and (column_name = any (%s) or (table_name = 'athlete_training_sessions' and column_name = 'program_ids'))",
        [list(SERVER_COLUMNS)],
    ).fetchall()
    assert granted == []
    table_level = admin_conn.execute(
        "select table_name, privilege_type from information_schema.role_table_grants "
        "where grantee = 'trainingops_app' and table_schema = 'public' and privilege_type in ('INSERT', 'UPDATE')"
    ).fetchall()
    assert table_level == []  # column grants only: a table-level grant would include the server's columns


WRITABLE = [
    "activity_files",
    "athlete_training_sessions",
    "athletes",
    "calendar_feeds",
    "event_groups",
    "idempotency_records",
    "invitations",
    "practice_assignments",
    "practice_session_workouts",
    "practice_sessions",
    "program_load_settings",
    "program_members",
    "programs",
    "roster_entries",
    "session_import_batches",
    "session_imports",
    "strength_maxes",
    "team_seasons",
    "training_events",
    "wellness_checkins",
    "workout_steps",
    "workouts",
]


def test_the_list_of_writable_tables_is_complete(app_conn: Conn) -> None:
    assert _writable_tables(app_conn) == WRITABLE


@pytest.mark.parametrize("table", [t for t in WRITABLE if t != "program_load_settings"])
@pytest.mark.parametrize("target", ["hidden", "random"])
def test_a_client_chosen_id_is_refused_whether_or_not_it_exists(
    app_conn: Conn, world: World, table: str, target: str
) -> None:
    """Issue 11 #7b: `insert (id, …) on conflict do nothing` answered 0 rows for a hidden id and 1 for a free
    one. Now naming an id is refused before any row is looked at, with the same error either way."""
    hidden = {
        "athlete_training_sessions": world.sessions["b1_coach"],
        "event_groups": world.ids["g2"],
        "training_events": world.ids["event_p2"],
        "workouts": world.ids["workout_p2"],
        "practice_sessions": world.ids["practice_p2"],
        "practice_session_workouts": world.ids["entry_p2"],
        "athletes": world.ids["b1"],
        "programs": world.ids["p2"],
        "program_members": world.ids["c2"],
        "roster_entries": world.ids["r_b1_" + str(world.ids["p2"])],
        "team_seasons": world.ids["s2"],
    }.get(table, RANDOM)
    row_id = hidden if target == "hidden" else uuid.uuid4()
    with acting_as(app_conn, world, "C1") as conn:
        error = refused(conn, f"insert into {table} (id) values (%s) on conflict do nothing", [row_id])
    assert isinstance(error, psycopg.errors.InsufficientPrivilege)
    assert error.diag.message_primary == f"permission denied for table {table}"


# (table, column) for every server column each writable table has (the catalog test above covers the grants;
# this sends the statements).
WITHOUT = {
    ("program_load_settings", "id"),
    ("workout_steps", "created_at"),
    ("workout_steps", "version"),
    ("activity_files", "version"),
    ("calendar_feeds", "version"),
    ("session_imports", "version"),
    ("session_import_batches", "version"),
    ("idempotency_records", "version"),
}
SERVER_COLUMN_WRITES = [(t, c) for t in WRITABLE for c in ("id", "created_at", "version") if (t, c) not in WITHOUT]


def test_the_server_column_list_matches_the_catalog(app_conn: Conn) -> None:
    present = {
        (t, c)
        for t, c in app_conn.execute(
            "select table_name, column_name from information_schema.columns where table_schema = 'public' "
            "and column_name in ('id', 'created_at', 'version')"
        ).fetchall()
    }
    app_conn.rollback()
    assert {pair for pair in present if pair[0] in WRITABLE} == set(SERVER_COLUMN_WRITES)


@pytest.mark.parametrize(("table", "column"), SERVER_COLUMN_WRITES)
def test_server_columns_cannot_be_updated(app_conn: Conn, world: World, table: str, column: str) -> None:
    with acting_as(app_conn, world, "C1") as conn:
        error = refused(conn, f"update {table} set {column} = {column}")
    assert_refusal(error, psycopg.errors.InsufficientPrivilege, f"permission denied for table {table}")


@pytest.mark.parametrize("program", ["p1", "p2", "random"])
def test_load_settings_on_conflict_reveal_nothing_about_another_program(
    app_conn: Conn, world: World, program: str
) -> None:
    """program_load_settings is keyed by program: an ON CONFLICT probe of another program (P2 has a row) and of
    a random id get the same refusal; the caller's own program is accepted."""
    program_id = world.ids.get(program, RANDOM)
    probe = (
        "insert into program_load_settings (program_id, updated_by) values (%s, %s) "
        "on conflict (program_id) do nothing returning program_id"
    )
    with acting_as(app_conn, world, "C1") as conn:
        if program == "p1":
            assert conn.execute(probe, [program_id, world.users["C1"]]).fetchall() == [(program_id,)]
            return
        error = refused(conn, probe, [program_id, world.users["C1"]])
    assert isinstance(error, psycopg.errors.InsufficientPrivilege)
    assert error.diag.message_primary == 'new row violates row-level security policy for table "program_load_settings"'


# ---------------------------------------------------------------------------------- across programs


@pytest.mark.parametrize(
    ("table", "columns", "values", "constraint"),
    [
        (
            "workout_steps",
            "(program_id, workout_id, position, training_event_id)",
            ("p1", "workout_p2", 1, "event_p1"),
            "workout_steps_workout_fk",
        ),
        (
            "workout_steps",
            "(program_id, workout_id, position, training_event_id)",
            ("p1", "workout_p1", 1, "event_p2"),
            "workout_steps_event_fk",
        ),
        (
            "practice_session_workouts",
            "(program_id, practice_session_id, workout_id, position)",
            ("p1", "practice_p1", "workout_p2", 1),
            "practice_workouts_workout_fk",
        ),
        (
            "practice_session_workouts",
            "(program_id, practice_session_id, workout_id, position)",
            ("p1", "practice_p2", "workout_p1", 1),
            "practice_workouts_practice_fk",
        ),
        (
            "practice_sessions",
            "(program_id, team_season_id, practice_date, title)",
            ("p1", "s2", IN_SEASON, "x"),
            "practice_sessions_season_fk",
        ),
        (
            "strength_maxes",
            "(program_id, athlete_id, training_event_id, one_rm_kg, tested_on)",
            ("p1", "a1", "event_p2", 100, IN_SEASON),
            "strength_maxes_event_fk",
        ),
    ],
)
@pytest.mark.parametrize("reference", ["hidden", "random"])
def test_a_foreign_key_into_another_program_fails_like_a_missing_row(
    app_conn: Conn, world: World, table: str, columns: str, values: tuple[Any, ...], constraint: str, reference: str
) -> None:
    """Composite (program_id, id) keys: another program's row and a row that does not exist give the same error."""
    resolved = [world.ids.get(v, v) if isinstance(v, str) else v for v in values]
    if reference == "random":
        resolved = [
            RANDOM if isinstance(v, str) and (v.endswith("_p2") or v == "s2") else r
            for v, r in zip(values, resolved, strict=True)
        ]
    placeholders = ", ".join(["%s"] * len(resolved))
    with acting_as(app_conn, world, "C1") as conn:
        error = refused(conn, f"insert into {table} {columns} values ({placeholders})", resolved)
    assert isinstance(error, psycopg.errors.ForeignKeyViolation)
    assert error.diag.constraint_name == constraint


@pytest.mark.parametrize(
    ("table", "columns", "values"),
    [
        (
            "practice_assignments",
            "(program_id, practice_session_id, athlete_id, kind)",
            ("p1", "practice_p1", "b1", "exclude"),
        ),
        (
            "strength_maxes",
            "(program_id, athlete_id, training_event_id, one_rm_kg, tested_on)",
            ("p1", "b1", "event_p1", 100, IN_SEASON),
        ),
        ("calendar_feeds", "(user_id, token_sha256, athlete_id)", ("C1", "ab" * 32, "b1")),
        ("calendar_feeds", "(user_id, token_sha256, team_season_id)", ("C1", "cd" * 32, "s2")),
        ("session_imports", "(user_id, idempotency_key, body_sha256, response)", ("C2", "k", "x", "{}")),
        (
            "idempotency_records",
            "(user_id, idempotency_key, operation, request_sha256, status_code, response_body)",
            ("C2", "k", "x", "x", 200, "{}"),
        ),
        (
            "wellness_checkins",
            "(athlete_id, checkin_date, sleep_quality, fatigue, muscle_soreness, stress, mood, sleep_hours)",
            ("b1", IN_SEASON, 3, 3, 3, 3, 3, 8),
        ),
        ("event_groups", "(program_id, name)", ("p2", "Mine")),
        ("training_events", "(program_id, name, workout_category, measure)", ("p2", "Mine", "run", "distance")),
        ("workouts", "(program_id, name, workout_category)", ("p2", "Mine", "run")),
    ],
)
def test_rows_naming_another_programs_athlete_season_or_program_are_refused(
    app_conn: Conn, world: World, table: str, columns: str, values: tuple[Any, ...]
) -> None:
    resolved = [world.ids.get(v, world.users.get(v, v)) if isinstance(v, str) else v for v in values]
    placeholders = ", ".join(["%s"] * len(resolved))
    with acting_as(app_conn, world, "C1") as conn:
        error = refused(conn, f"insert into {table} {columns} values ({placeholders})", resolved)
    assert isinstance(error, psycopg.errors.InsufficientPrivilege)
    assert error.diag.message_primary == f'new row violates row-level security policy for table "{table}"'


# ---------------------------------------------------------------------------------------- lineage


def test_a_self_assigned_session_cannot_name_another_programs_workout(app_conn: Conn, world: World) -> None:
    """Issue 11 #5: lineage on a self-assigned session made another program's workout readable."""
    with acting_as(app_conn, world, "A1") as conn:
        error = refused(
            conn,
            "insert into athlete_training_sessions (athlete_id, source, workout_category, scheduled_date, "
            "workout_id) values (%s, 'self_assigned', 'run', %s, %s)",
            [world.ids["a1"], IN_SEASON, world.ids["workout_p2"]],
        )
    assert isinstance(error, psycopg.errors.CheckViolation)
    assert error.diag.constraint_name == "sessions_lineage_not_self_assigned"
    with acting_as(app_conn, world, "A1") as conn:
        visible = conn.execute("select id from workouts").fetchall()
    assert visible == []


@pytest.mark.parametrize(
    ("column", "value"),
    [("workout_id", "workout_p2"), ("practice_session_id", "practice_p2")],
)
def test_staff_cannot_point_a_session_at_another_programs_plan(
    app_conn: Conn, world: World, column: str, value: str
) -> None:
    with acting_as(app_conn, world, "C1") as conn:
        error = refused(
            conn,
            f"update athlete_training_sessions set {column} = %s where id = %s",
            [world.ids[value], world.sessions["a1_coach"]],
        )
    assert isinstance(error, psycopg.errors.CheckViolation)
    assert error.diag.constraint_name == "sessions_lineage_same_program"


def test_staff_may_point_a_session_at_their_own_programs_plan(app_conn: Conn, world: World) -> None:
    with acting_as(app_conn, world, "C1") as conn:
        row = conn.execute(
            "update athlete_training_sessions set practice_session_id = %s, practice_session_workout_id = %s, "
            "workout_id = %s where id = %s returning id",
            [world.ids["practice_p1"], world.ids["entry_p1"], world.ids["workout_p1"], world.sessions["a1_coach"]],
        ).fetchone()
    assert row == (world.sessions["a1_coach"],)


def test_a_practice_entry_of_another_practice_is_refused(app_conn: Conn, world: World) -> None:
    with acting_as(app_conn, world, "C1") as conn:
        error = refused(
            conn,
            "update athlete_training_sessions set practice_session_id = %s, practice_session_workout_id = %s "
            "where id = %s",
            [world.ids["practice_p1"], world.ids["entry_p2"], world.sessions["a1_coach"]],
        )
    assert (type(error), error.diag.constraint_name) == (psycopg.errors.CheckViolation, "sessions_lineage_same_program")


# -------------------------------------------------------------------------------- the role's own reach


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("create table public.mine (x int)", "permission denied for schema public"),
        ("create function public.f() returns int language sql as 'select 1'", "permission denied for schema public"),
        ("select * from app_private.transaction_identities", "permission denied for table transaction_identities"),
        (
            "select app_private.session_program_ids(null, null, null, null)",
            "permission denied for function session_program_ids",
        ),
        ("select app_private.acting_user_id()", "permission denied for function acting_user_id"),
        ("select app_private.is_administrative()", "permission denied for function is_administrative"),
        ("select password_hash from app_private.user_credentials", "permission denied for table user_credentials"),
        ("select * from app_private.one_time_tokens", "permission denied for table one_time_tokens"),
        ("select * from app_private.sign_in_sessions", "permission denied for table sign_in_sessions"),
        (
            "select app_private.create_sign_in_session(gen_random_uuid(), interval '1 hour', null)",
            "permission denied for function create_sign_in_session",
        ),
        ("select app_private.revoke_sign_ins(gen_random_uuid())", "permission denied for function revoke_sign_ins"),
        ("set role trainingops_owner", 'permission denied to set role "trainingops_owner"'),
        (
            "alter table athlete_training_sessions disable row level security",
            "must be owner of table athlete_training_sessions",
        ),
    ],
)
def test_the_api_role_cannot_create_objects_or_call_internal_helpers(
    app_conn: Conn, world: World, statement: str, message: str
) -> None:
    with acting_as(app_conn, world, "C1") as conn:
        error = refused(conn, statement)
    assert_refusal(error, psycopg.errors.InsufficientPrivilege, message)

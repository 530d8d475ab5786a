"""Staff write last season's history (migration 0012, sessions_insert): for an athlete who was on the roster of
a season of their program, dated within it; nothing beyond their program. And who may delete an imported
session (sessions_delete). As trainingops_app, every case from both sides."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time
from typing import Any

import psycopg
import pytest
from psycopg.rows import tuple_row

from tests.support.seasons import Seasons, build
from trainingops.db.target import DatabaseTarget

Conn = psycopg.Connection[Any]


@pytest.fixture(scope="module")
def seasons_db(pg_server: Any, template_db: str) -> Iterator[tuple[DatabaseTarget, Seasons]]:
    name = pg_server.create(template=template_db)
    target = pg_server.target(name)
    with psycopg.connect(target.admin_url) as conn:
        world = build(conn)
    yield target, world
    pg_server.drop(name)


@pytest.fixture
def as_user(seasons_db: tuple[DatabaseTarget, Seasons]) -> Iterator[Any]:
    """``as_user(actor)``: a connection as trainingops_app acting as that user, in a transaction rolled back."""
    target, world = seasons_db
    with psycopg.connect(target.app_url, row_factory=tuple_row) as conn:

        def acting(actor: str) -> Conn:
            conn.rollback()
            conn.execute("select set_config('app.user_id', %s, true)", [str(world.users[actor])])
            return conn

        yield acting
        conn.rollback()


INSERT = (
    "insert into athlete_training_sessions (athlete_id, source, coach_member_id, team_season_id, workout_category, "
    "scheduled_date) values (%s, 'coach_assigned', %s, %s, 'run', %s) returning id"
)

CASES = [
    # (athlete, season named, season the day is in, allowed)
    ("leah", "p_last", "p_last", True),  # left after last season: her season, a day within it
    ("leah", None, "p_last", True),  # no season named: the day is within a season whose roster had her
    ("leah", "p_last", "p_current", False),  # her season named, but a day outside it
    ("leah", None, "p_current", False),  # a day of a season she was not on
    ("quinn", "p_last", "p_last", False),  # never on last season's roster
    ("bea", None, "q_current", False),  # another program's athlete
    ("leah", "q_current", "q_current", False),  # another program's season
    ("ana", "p_older", "p_older", True),  # on a current roster: any season of the program, as before
]


@pytest.mark.parametrize(("athlete", "season", "day_in", "allowed"), CASES)
def test_staff_write_history_only_within_a_season_of_their_program_whose_roster_had_the_athlete(
    as_user: Any,
    seasons_db: tuple[DatabaseTarget, Seasons],
    athlete: str,
    season: str | None,
    day_in: str,
    allowed: bool,
) -> None:
    world = seasons_db[1]
    conn = as_user("CP")
    values = [world.ids[athlete], world.ids["cp"], world.ids.get(season or ""), world.inside(day_in)]
    if allowed:
        assert conn.execute(INSERT, values).fetchone() is not None
        return
    with pytest.raises((psycopg.errors.InsufficientPrivilege, psycopg.errors.CheckViolation)) as refused:
        conn.execute(INSERT, values)
    if isinstance(refused.value, psycopg.errors.CheckViolation):  # the coach/season rule may answer first
        assert refused.value.diag.constraint_name == "sessions_coach_in_season_program"
    else:
        assert "row-level security" in str(refused.value)


def test_the_other_programs_coach_cannot_write_history_for_our_former_athlete(
    as_user: Any, seasons_db: tuple[DatabaseTarget, Seasons]
) -> None:
    world = seasons_db[1]
    conn = as_user("CQ")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(INSERT, [world.ids["leah"], world.ids["cq"], None, world.inside("p_last")])


def test_a_written_history_session_belongs_to_the_program_and_its_staff_see_it(
    as_user: Any, seasons_db: tuple[DatabaseTarget, Seasons]
) -> None:
    world = seasons_db[1]
    conn = as_user("CP")
    row = conn.execute(INSERT, [world.ids["leah"], world.ids["cp"], world.ids["p_last"], world.inside("p_last")])
    session = row.fetchone()
    assert session is not None
    programs = conn.execute("select program_ids from athlete_training_sessions where id = %s", [session[0]]).fetchone()
    assert programs == ([world.ids["p"]],)


def _imported_completed(conn: Conn, world: Seasons, *, batch: bool) -> Any:
    """A completed history session written by CP, as an import does (with a batch) or by hand (without)."""
    batch_id = None
    if batch:
        found = conn.execute(
            "insert into session_import_batches (imported_by, program_ids, row_count, created_count, duplicate_count) "
            "values (%s, %s, 1, 1, 0) returning id",
            [world.users["CP"], [world.ids["p"]]],
        ).fetchone()
        assert found is not None
        batch_id = found[0]
    day = world.inside("p_last")
    row = conn.execute(
        "insert into athlete_training_sessions (athlete_id, source, coach_member_id, team_season_id, workout_category, "
        "scheduled_date, completed_at, import_batch_id) values (%s, 'coach_assigned', %s, %s, 'run', %s, %s, %s) "
        "returning id",
        [world.ids["leah"], world.ids["cp"], world.ids["p_last"], day, datetime.combine(day, time(17), UTC), batch_id],
    ).fetchone()
    assert row is not None
    return row[0]


def test_staff_delete_a_completed_session_only_while_it_is_as_an_import_wrote_it(
    as_user: Any, seasons_db: tuple[DatabaseTarget, Seasons]
) -> None:
    world = seasons_db[1]
    delete = "delete from athlete_training_sessions where id = %s returning id"
    conn = as_user("CP")
    imported = _imported_completed(conn, world, batch=True)
    assert conn.execute(delete, [imported]).fetchone() is not None
    imported = _imported_completed(conn, world, batch=True)
    conn.execute("update athlete_training_sessions set actual_rpe = 6 where id = %s", [imported])  # changed since
    assert conn.execute(delete, [imported]).fetchone() is None
    by_hand = _imported_completed(conn, world, batch=False)
    assert conn.execute(delete, [by_hand]).fetchone() is None  # completed and not imported: history, as before
    imported = _imported_completed(conn, world, batch=True)
    other = as_user("CQ")
    assert other.execute(delete, [imported]).fetchone() is None  # rolled back anyway: nothing to see for Q


BATCH = (
    "insert into session_import_batches (imported_by, program_ids, row_count, created_count, duplicate_count) "
    "values (%s, %s, 0, 0, 0) returning id"
)
MARK = (
    "update session_import_batches set undone_at = now(), undone_by = %s, deleted_count = 0, kept_count = 0 "
    "where id = %s returning id"
)


def test_import_batches_are_seen_and_undone_only_by_staff_of_their_programs(
    as_user: Any, seasons_db: tuple[DatabaseTarget, Seasons]
) -> None:
    target, world = seasons_db
    with psycopg.connect(target.admin_url) as admin:
        found = admin.execute(BATCH, [world.users["CP"], [world.ids["p"]]]).fetchone()
        assert found is not None
        batch = found[0]
        admin.commit()
    for actor, allowed in (("CP", True), ("CQ", False), ("Leah", False), ("Ana", False)):
        conn = as_user(actor)
        seen = conn.execute("select id from session_import_batches where id = %s", [batch]).fetchone()
        assert (seen is not None) is allowed
        conn = as_user(actor)
        assert (conn.execute(MARK, [world.users[actor], batch]).fetchone() is not None) is allowed
    refused = [
        (MARK, [world.users["CQ"], batch]),  # an undo in another's name
        ("update session_import_batches set row_count = 5 where id = %s", [batch]),  # only the undo columns
        (BATCH, [world.users["CQ"], []]),  # a batch in another's name
        (BATCH, [world.users["CP"], [world.ids["q"]]]),  # a batch for another program
    ]
    for statement, values in refused:
        conn = as_user("CP")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(statement, values)


EXTERNAL = (
    "insert into athlete_training_sessions (athlete_id, source, coach_member_id, team_season_id, workout_category, "
    "scheduled_date, external_id) values (%s, 'coach_assigned', %s, %s, 'run', %s, 'sheet-7') returning id"
)


def test_an_external_id_is_unique_per_athlete_and_source_without_revealing_another_programs(
    as_user: Any, seasons_db: tuple[DatabaseTarget, Seasons]
) -> None:
    world = seasons_db[1]
    day = world.inside("p_current")
    conn = as_user("CP")
    conn.execute(EXTERNAL, [world.ids["ana"], world.ids["cp"], world.ids["p_current"], day])
    with pytest.raises(psycopg.errors.UniqueViolation) as twice, conn.transaction():
        conn.execute(EXTERNAL, [world.ids["ana"], world.ids["cp"], world.ids["p_current"], day])
    assert twice.value.diag.constraint_name == "sessions_external_id_unique"
    # Q's coach uses the same id for the same athlete (on both rosters) while P's row stands (uncommitted, on
    # another connection: a transaction acts for one user): allowed without waiting for P's transaction, so a
    # unique error can never tell Q that P used it.
    with psycopg.connect(seasons_db[0].app_url, row_factory=tuple_row) as other:
        other.execute("select set_config('app.user_id', %s, true)", [str(world.users["CQ"])])
        assert other.execute(EXTERNAL, [world.ids["ana"], world.ids["cq"], world.ids["q_current"], day]).fetchone()
        other.rollback()

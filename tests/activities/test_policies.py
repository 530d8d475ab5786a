"""activity_files at the database level, acting as trainingops_app with each identity (rolled back): who reads
a stored file, who may store one, and that nobody may change or delete one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest
from psycopg.rows import tuple_row

from tests.world import ACTORS, VISIBLE_SESSIONS, World
from trainingops.db.target import DatabaseTarget

Conn = psycopg.Connection[Any]
SHA = "ab" * 32
# A file per session of the world, stored by the administrative connection.
FILES = ("a1_coach", "a1_self", "b1_coach", "d_p1", "d_p2", "d_self")


@pytest.fixture(scope="module")
def world(world_db: tuple[DatabaseTarget, World]) -> World:
    target, built = world_db
    with psycopg.connect(target.admin_url) as conn:
        for index, name in enumerate(FILES):
            conn.execute(
                "insert into activity_files (athlete_id, sha256, filename, format, size_bytes, content, session_ids, "
                "result) select athlete_id, %s, %s, 'fit', 1, '\\x00', array[id], '{}' "
                "from athlete_training_sessions where id = %s",
                [f"{index:02d}" + SHA[2:], name, built.sessions[name]],
            )
    return built


@pytest.fixture(scope="module")
def app_conn(world_db: tuple[DatabaseTarget, World], world: World) -> Iterator[Conn]:
    with psycopg.connect(world_db[0].app_url, row_factory=tuple_row) as conn:
        yield conn


@contextmanager
def acting_as(conn: Conn, world: World, actor: str) -> Iterator[Conn]:
    user_id = world.user(actor)
    try:
        conn.execute("select set_config('app.user_id', %s, true)", [str(user_id) if user_id else ""])
        yield conn
    finally:
        conn.rollback()


@pytest.mark.parametrize("actor", ACTORS)
def test_each_actor_reads_the_files_of_the_sessions_they_see(app_conn: Conn, world: World, actor: str) -> None:
    with acting_as(app_conn, world, actor) as conn:
        seen = {row[0] for row in conn.execute("select filename from activity_files").fetchall()}
    assert seen == {name for name in FILES if name in VISIBLE_SESSIONS[actor]}


def _store(conn: Conn, world: World, athlete: str, uploaded_by: str) -> None:
    conn.execute(
        "insert into activity_files (athlete_id, sha256, filename, format, size_bytes, content, uploaded_by, "
        "session_ids, result) values (%s, %s, 'x.fit', 'fit', 1, '\\x00', %s, array[%s]::uuid[], '{}')",
        [world.ids[athlete], "f" * 64, world.users[uploaded_by], world.sessions["a1_coach"]],
    )


@pytest.mark.parametrize(
    ("actor", "athlete", "allowed"),
    [("A1", "a1", True), ("C1", "a1", True), ("C1", "d", True), ("A1", "a2", False), ("C2", "a1", False),
     ("X", "a1", False), ("U", "a1", False), ("B1", "a1", False)],
)  # fmt: skip
def test_the_athlete_or_their_programs_staff_may_store_a_file(
    app_conn: Conn, world: World, actor: str, athlete: str, allowed: bool
) -> None:
    with acting_as(app_conn, world, actor) as conn:
        if allowed:
            _store(conn, world, athlete, actor)
        else:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                _store(conn, world, athlete, actor)


def test_nobody_stores_a_file_in_someone_elses_name(app_conn: Conn, world: World) -> None:
    with acting_as(app_conn, world, "C1") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        _store(conn, world, "a1", "A1")


@pytest.mark.parametrize("statement", ["update activity_files set filename = 'y'", "delete from activity_files"])
def test_nobody_changes_or_deletes_a_stored_file(app_conn: Conn, world: World, statement: str) -> None:
    with acting_as(app_conn, world, "A1") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(statement)

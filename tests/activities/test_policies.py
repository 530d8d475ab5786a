"""activity_files at the database level, acting as trainingops_app with each identity (rolled back): who reads
a stored file, who may store one, and that nobody may change or delete one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg.rows import tuple_row

from tests.support.acting import acting_as
from tests.support.world import ACTORS, VISIBLE_SESSIONS, World
from trainingops.db.target import DatabaseTarget

Conn = psycopg.Connection[Any]
REFUSED_ROW = 'new row violates row-level security policy for table "activity_files"'  # the insert policy's answer
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


@pytest.mark.parametrize("actor", ACTORS)
def test_each_actor_reads_the_files_of_the_sessions_they_see(app_conn: Conn, world: World, actor: str) -> None:
    with acting_as(app_conn, world, actor) as conn:
        seen = {row[0] for row in conn.execute("select filename from activity_files").fetchall()}
    assert seen == {name for name in FILES if name in VISIBLE_SESSIONS[actor]}


def _store(conn: Conn, world: World, athlete: str, uploaded_by: str, *sessions: str) -> None:
    conn.execute(
        "insert into activity_files (athlete_id, sha256, filename, format, size_bytes, content, uploaded_by, "
        "session_ids, result) values (%s, %s, 'x.fit', 'fit', 1, '\\x00', %s, %s::uuid[], '{}')",
        [world.ids[athlete], "f" * 64, world.users[uploaded_by], [world.sessions[s] for s in sessions]],
    )


@pytest.mark.parametrize(
    ("actor", "athlete", "session", "allowed"),
    [
        ("A1", "a1", "a1_coach", True),
        ("C1", "a1", "a1_coach", True),
        ("C1", "d", "d_p1", True),
        ("A1", "a2", "a2_coach", False),
        ("C2", "a1", "a1_coach", False),
        ("X", "a1", "a1_coach", False),
        ("U", "a1", "a1_coach", False),
        ("B1", "a1", "a1_coach", False),
    ],
)
def test_the_athlete_or_their_programs_staff_may_store_a_file(
    app_conn: Conn, world: World, actor: str, athlete: str, session: str, allowed: bool
) -> None:
    with acting_as(app_conn, world, actor) as conn:
        if allowed:
            _store(conn, world, athlete, actor, session)
        else:
            with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
                _store(conn, world, athlete, actor, session)
            assert caught.value.diag.message_primary == REFUSED_ROW


def test_nobody_stores_a_file_in_someone_elses_name(app_conn: Conn, world: World) -> None:
    with acting_as(app_conn, world, "C1") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
        _store(conn, world, "a1", "A1", "a1_coach")
    assert caught.value.diag.message_primary == REFUSED_ROW


@pytest.mark.parametrize(
    ("actor", "athlete", "sessions"),
    [
        ("C1", "d", ("d_p1", "d_p2")),  # another program's session of the same athlete, hidden from C1
        ("C1", "d", ("d_p2",)),
        ("C1", "a1", ("a2_coach",)),  # a session of another athlete, visible to C1
        ("A1", "a1", ("a1_coach", "a2_coach")),  # a teammate's session, hidden from A1
        ("D", "d", ("d_p1", "b1_coach")),
    ],
)
def test_a_file_names_only_sessions_of_its_athlete_that_the_uploader_sees(
    app_conn: Conn, world: World, actor: str, athlete: str, sessions: tuple[str, ...]
) -> None:
    with acting_as(app_conn, world, actor) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
        _store(conn, world, athlete, actor, *sessions)
    assert caught.value.diag.message_primary == REFUSED_ROW


def test_the_bytes_are_not_selectable_by_the_api_role(app_conn: Conn, world: World) -> None:
    with acting_as(app_conn, world, "A1") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
        conn.execute("select content from activity_files")
    assert caught.value.diag.message_primary == "permission denied for table activity_files"


def test_a_file_of_two_programs_gives_its_bytes_only_to_the_athlete(app_conn: Conn, world: World) -> None:
    with acting_as(app_conn, world, "D") as conn:
        _store(conn, world, "d", "D", "d_p1", "d_p2")
        [(file_id,)] = conn.execute("select id from activity_files where sha256 = %s", ["f" * 64]).fetchall()
        assert conn.execute("select app_private.activity_file_content(%s)", [file_id]).fetchone() == (b"\x00",)
        conn.execute("select set_config('app.user_id', %s, true)", [str(world.users["C1"])])
        visible = conn.execute("select id from activity_files where id = %s", [file_id]).fetchall()
        content = conn.execute("select app_private.activity_file_content(%s)", [file_id]).fetchone()
    assert (visible, content) == ([(file_id,)], (None,))


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("A1", b"\x00"), ("C1", b"\x00"), ("A2", None), ("C2", None), ("X", None), ("U", None), ("anon", None)],
)
def test_the_bytes_of_a_one_program_file_go_to_whoever_sees_its_session(
    world_db: tuple[DatabaseTarget, World], app_conn: Conn, world: World, actor: str, expected: bytes | None
) -> None:
    with psycopg.connect(world_db[0].admin_url) as admin:
        [(file_id,)] = admin.execute(
            "select id from activity_files where session_ids = array[%s]::uuid[]", [world.sessions["a1_coach"]]
        ).fetchall()
    with acting_as(app_conn, world, actor) as conn:
        row = conn.execute("select app_private.activity_file_content(%s)", [file_id]).fetchone()
    assert row == (expected,)

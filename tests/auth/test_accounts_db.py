"""The accounts tables as the API role meets them: no hash, session or link is readable, the internal helpers are
not callable, and each granted function does only its one step (docs/security.md, "Accounts")."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg.rows import tuple_row

from tests.auth.conftest import password_hash
from tests.support.acting import acting_as
from tests.support.world import World
from trainingops.db.target import DatabaseTarget

Conn = psycopg.Connection[Any]


@pytest.fixture(scope="module")
def app_conn(world_db: tuple[DatabaseTarget, World]) -> Iterator[Conn]:
    target, world = world_db
    with psycopg.connect(target.admin_url) as admin:
        admin.execute("select app_private.set_password(%s, %s)", [world.users["A1"], password_hash()])
    with psycopg.connect(target.app_url, row_factory=tuple_row) as conn:
        yield conn


@pytest.fixture(scope="module")
def world(world_db: tuple[DatabaseTarget, World]) -> World:
    return world_db[1]


_EMAILS: dict[str, str] = {}  # the world's emails, read administratively (the API role sees no users unasked)


@pytest.fixture(autouse=True, scope="module")
def _emails(world_db: tuple[DatabaseTarget, World]) -> None:
    target, world = world_db
    with psycopg.connect(target.admin_url) as admin:
        row = admin.execute("select email from users where id = %s", [world.users["A1"]]).fetchone()
    assert row is not None
    _EMAILS["A1"] = row[0]


def _refused(conn: Conn, statement: str, params: Any = None) -> psycopg.Error:
    with pytest.raises(psycopg.Error) as caught:
        conn.execute(statement, params)
    return caught.value


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("select * from app_private.user_credentials", "permission denied for table user_credentials"),
        ("select * from app_private.sign_in_sessions", "permission denied for table sign_in_sessions"),
        ("select * from app_private.one_time_tokens", "permission denied for table one_time_tokens"),
        (
            "update app_private.user_credentials set token_generation = 1",
            "permission denied for table user_credentials",
        ),
        (
            "select app_private.create_sign_in_session(gen_random_uuid(), interval '1 hour', 'x')",
            "permission denied for function create_sign_in_session",
        ),
        ("select app_private.revoke_sign_ins(gen_random_uuid())", "permission denied for function revoke_sign_ins"),
        ("update users set external_subject = 'x'", "permission denied for table users"),
    ],
)
def test_the_api_role_reads_no_secret_and_calls_no_internal_helper(
    app_conn: Conn, world: World, statement: str, message: str
) -> None:
    with acting_as(app_conn, world, "A1") as conn:
        error = _refused(conn, statement)
    assert (type(error), error.diag.message_primary) == (psycopg.errors.InsufficientPrivilege, message)


def test_sign_in_credentials_answer_for_one_email_and_nothing_for_an_unknown_one(app_conn: Conn, world: World) -> None:
    with acting_as(app_conn, world, "anon") as conn:
        email = _EMAILS["A1"]
        [(user_id, stored, generation)] = conn.execute(
            "select * from app_private.sign_in_credentials(%s)", [email.upper()]
        ).fetchall()
        assert (user_id, stored, generation > 0) == (world.users["A1"], password_hash(), True)
        assert conn.execute("select * from app_private.sign_in_credentials('nobody@example.org')").fetchall() == []


def test_a_session_starts_only_with_the_hash_that_is_stored(app_conn: Conn, world: World) -> None:
    with acting_as(app_conn, world, "anon") as conn:
        start = "select * from app_private.start_sign_in_session(%s, %s, null, interval '1 hour', 'test')"
        assert conn.execute(start, [world.users["A1"], "$argon2id$v=19$m=65536,t=3,p=4$bm90$bm90"]).fetchall() == []
        assert conn.execute(start, [world.users["C1"], None]).fetchall() == []  # no password: no session
        [(session_id, generation, _)] = conn.execute(start, [world.users["A1"], password_hash()]).fetchall()
        live = "select app_private.sign_in_is_live(%s, %s, %s)"
        assert conn.execute(live, [world.users["A1"], session_id, generation]).fetchone() == (True,)
        assert conn.execute(live, [world.users["C1"], session_id, 0]).fetchone() == (False,)  # not C1's session
        assert conn.execute(live, [world.users["A1"], session_id, generation - 1]).fetchone() == (False,)


def test_a_user_ends_only_their_own_session(app_conn: Conn, world: World) -> None:
    with acting_as(app_conn, world, "anon") as conn:
        [(session_id, generation, _)] = conn.execute(
            "select * from app_private.start_sign_in_session(%s, %s, null, interval '1 hour', 'test')",
            [world.users["A1"], password_hash()],
        ).fetchall()
        conn.execute("select set_config('app.user_id', %s, true)", [str(world.users["C1"])])
        assert conn.execute("select app_private.end_sign_in_session(%s)", [session_id]).fetchone() == (False,)
        live = "select app_private.sign_in_is_live(%s, %s, %s)"
        assert conn.execute(live, [world.users["A1"], session_id, generation]).fetchone() == (True,)


def test_the_api_role_sets_a_password_only_for_the_account_of_a_link_used_in_the_transaction(
    app_conn: Conn, world: World
) -> None:
    set_password = "select app_private.set_password(%s, %s)"
    with acting_as(app_conn, world, "anon") as conn:
        error = _refused(conn, set_password, [world.users["A1"], password_hash()])
    assert isinstance(error, psycopg.errors.InsufficientPrivilege)
    assert error.diag.message_primary == (
        "A password is set through a password-reset or invitation link used in the same transaction."
    )
    raw = uuid.uuid4().hex
    digest = hashlib.sha256(raw.encode()).digest()
    with acting_as(app_conn, world, "anon") as conn:
        conn.execute("select app_private.issue_password_reset(%s, %s, interval '1 hour')", [_EMAILS["A1"], digest])
        used = "select user_id from app_private.consume_one_time_token(%s, %s)"
        assert conn.execute(used, ["invitation", digest]).fetchall() == []  # another purpose
        assert conn.execute(used, ["password_reset", digest]).fetchall() == [(world.users["A1"],)]
        assert conn.execute(used, ["password_reset", digest]).fetchall() == []  # once
        error = _refused(conn, set_password, [world.users["C1"], password_hash()])  # not the link's account
    assert isinstance(error, psycopg.errors.InsufficientPrivilege)
    with acting_as(app_conn, world, "anon") as conn:
        conn.execute("select app_private.issue_password_reset(%s, %s, interval '1 hour')", [_EMAILS["A1"], digest])
        conn.execute(used, ["password_reset", digest])
        (generation,) = conn.execute(set_password, [world.users["A1"], password_hash()]).fetchone() or (None,)
        assert isinstance(generation, int)


def test_an_invitation_link_to_an_email_lets_that_accounts_password_be_set(app_conn: Conn, world: World) -> None:
    raw = uuid.uuid4().hex
    digest = hashlib.sha256(raw.encode()).digest()
    with acting_as(app_conn, world, "C1") as conn:
        conn.execute(
            "select app_private.issue_one_time_token('invitation', %s, null, %s, '{\"role\": \"athlete\"}', "
            "interval '7 days')",
            [digest, _EMAILS["A1"].upper()],
        )
        [(user_id, email, payload, created_by)] = conn.execute(
            "select user_id, email, payload, created_by from app_private.consume_one_time_token('invitation', %s)",
            [digest],
        ).fetchall()
        assert (user_id, email, payload, created_by) == (
            None,
            _EMAILS["A1"].upper(),
            {"role": "athlete"},
            world.users["C1"],
        )
        conn.execute("select app_private.set_password(%s, %s)", [world.users["A1"], password_hash()])

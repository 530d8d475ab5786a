"""Invitations at the database, as the API role (migration 0018): who may write, read and revoke them, and what
a link does — SQL the API never sends, refused anyway (docs/security.md, "Invitations")."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from psycopg import errors as pg
from psycopg.rows import dict_row

from tests.support.acting import acting_as
from tests.support.world import World
from trainingops.db.target import DatabaseTarget

Conn = psycopg.Connection[Any]
INSERT = (
    "insert into invitations (program_id, email, role, athlete_id, invited_by) "
    "values (%(program)s, %(email)s, %(role)s, %(athlete)s, %(by)s) returning id"
)
EVERYONE = ("C1", "PA", "AC", "SC", "AT", "A1", "C2", "B1", "U", "X", "anon")


@pytest.fixture
def db(migrated_db: DatabaseTarget) -> tuple[DatabaseTarget, World]:
    from tests.support.world import build

    with psycopg.connect(migrated_db.admin_url) as conn:
        world = build(conn)
        # An athlete record P1 created (not yet on a roster), for athlete invitations.
        row = conn.execute(
            "insert into athletes (name, email, created_in_program_id) values ('New One', 'new.one@example.org', %s) "
            "returning id",
            [world.ids["p1"]],
        ).fetchone()
        assert row is not None
        world.ids["new"] = row[0]
        conn.commit()
    return migrated_db, world


@pytest.fixture
def app(db: tuple[DatabaseTarget, World]) -> Iterator[Conn]:
    with psycopg.connect(db[0].app_url, row_factory=dict_row) as conn:
        yield conn


def _params(world: World, actor: str, *, program: str = "p1", role: str = "assistant_coach", **extra: Any) -> Any:
    return {
        "program": world.ids[program],
        "email": "someone.new@example.org",
        "role": role,
        "athlete": None,
        "by": world.user(actor),
        **extra,
    }


def _invite(conn: Conn, world: World, actor: str, **extra: Any) -> Any:
    row = conn.execute(INSERT, _params(world, actor, **extra)).fetchone()
    assert row is not None
    return row["id"]


def _sqlstate(conn: Conn, world: World, actor: str, **extra: Any) -> str | None:
    with acting_as(conn, world, actor):
        try:
            _invite(conn, world, actor, **extra)
        except psycopg.Error as exc:
            return exc.sqlstate
    return None


def test_only_administrators_invite_staff_and_only_into_their_own_program(
    app: Conn, db: tuple[DatabaseTarget, World]
) -> None:
    world = db[1]
    allowed = {actor for actor in EVERYONE if _sqlstate(app, world, actor) is None}
    assert allowed == {"C1", "PA"}
    assert _sqlstate(app, world, "C1", program="p2") == "42501"  # another program: the policy
    assert _sqlstate(app, world, "C2", program="p2") is None  # ... which is C2's own


def test_roster_staff_invite_only_the_programs_own_athletes(app: Conn, db: tuple[DatabaseTarget, World]) -> None:
    world = db[1]

    def athlete(actor: str, athlete: str, program: str = "p1") -> str | None:
        return _sqlstate(app, world, actor, role="athlete", athlete=world.ids[athlete], program=program)

    assert {actor for actor in EVERYONE if athlete(actor, "new") is None} == {"C1", "PA", "AC"}
    assert athlete("C1", "b1") == "42501"  # P2's athlete: joins P1 only by an invitation P1 may not write
    assert athlete("C2", "new", "p2") == "42501"  # P1's record, named by P2
    assert athlete("C1", "a1") is None  # on P1's roster


def test_an_invitation_is_in_the_callers_own_name_and_never_to_a_member(
    app: Conn, db: tuple[DatabaseTarget, World]
) -> None:
    world = db[1]
    assert _sqlstate(app, world, "C1", by=world.user("PA")) == "42501"
    with psycopg.connect(db[0].admin_url) as admin:
        emails: dict[Any, str] = dict(admin.execute("select id, email from users").fetchall())
    # C1 inviting themselves to a higher (or any) role, or inviting a former member: refused by the rule.
    for actor in ("C1", "X", "AC"):
        with acting_as(app, world, "C1"), pytest.raises(pg.CheckViolation) as caught:
            _invite(app, world, "C1", email=emails[world.users[actor]].upper(), role="program_admin")
        assert caught.value.diag.constraint_name == "invitations_not_a_member_yet"


def test_reading_and_revoking_is_for_who_may_send(app: Conn, db: tuple[DatabaseTarget, World]) -> None:
    world = db[1]
    with acting_as(app, world, "C1"):
        staff = _invite(app, world, "C1")
        athlete = _invite(app, world, "C1", role="athlete", athlete=world.ids["new"], email="new.one@example.org")
        app.commit()
    seen = {}
    for actor in EVERYONE:
        with acting_as(app, world, actor):
            seen[actor] = {r["id"] for r in app.execute("select id from invitations").fetchall()}
    assert seen == {**{a: set() for a in EVERYONE}, "C1": {staff, athlete}, "PA": {staff, athlete}, "AC": {athlete}}
    revoke = "update invitations set revoked_at = now(), revoked_by = %s where id = %s returning id"
    for actor in ("AC", "C2", "A1", "AT"):
        with acting_as(app, world, actor):
            assert app.execute(revoke, [world.user(actor), staff]).fetchall() == []
    with acting_as(app, world, "C1"), pytest.raises(pg.InsufficientPrivilege):
        app.execute(revoke, [world.user("PA"), staff])  # in someone else's name
    with acting_as(app, world, "C1"):
        assert len(app.execute(revoke, [world.user("C1"), staff]).fetchall()) == 1
        app.commit()
    with acting_as(app, world, "C1"):  # revoked stays revoked
        assert (
            app.execute("update invitations set revoked_at = null where id = %s returning id", [staff]).fetchall() == []
        )
        with pytest.raises(pg.InsufficientPrivilege):
            app.execute("update invitations set accepted_at = now() where id = %s", [athlete])
    with acting_as(app, world, "C1"), pytest.raises(pg.InsufficientPrivilege):
        app.execute("delete from invitations where id = %s", [athlete])


def _link(conn: Conn, world: World, actor: str, invitation: Any, ttl: timedelta = timedelta(days=7)) -> tuple[str, int]:
    raw = secrets.token_urlsafe(32)
    with acting_as(conn, world, actor):
        rows = conn.execute(
            "select * from app_private.issue_invitation_links(%s, %s, %s)",
            [[invitation], [hashlib.sha256(raw.encode()).digest()], ttl],
        ).fetchall()
        conn.commit()
    return raw, len(rows)


ACCEPT = "select * from app_private.accept_invitation(%s, %s, %s, null, interval '1 hour', 'test')"


def _accept(conn: Conn, world: World, actor: str, raw: str) -> list[dict[str, Any]]:
    with acting_as(conn, world, actor):
        rows = conn.execute(ACCEPT, [hashlib.sha256(raw.encode()).digest(), "Someone New", "$argon2id$x"]).fetchall()
        conn.commit()
    return rows


def test_a_link_is_issued_by_who_may_send_and_accepted_once(app: Conn, db: tuple[DatabaseTarget, World]) -> None:
    world = db[1]
    with acting_as(app, world, "C1"):
        invitation = _invite(app, world, "C1")
        app.commit()
    assert _link(app, world, "C2", invitation)[1] == 0
    assert _link(app, world, "AC", invitation)[1] == 0
    first, issued = _link(app, world, "C1", invitation)
    second, _ = _link(app, world, "PA", invitation)  # a resend: the first link dies
    assert issued == 1
    assert _accept(app, world, "anon", first) == []
    with pytest.raises(pg.InsufficientPrivilege):
        app.execute("select * from app_private.one_time_tokens")
    app.rollback()
    with acting_as(app, world, "U"), pytest.raises(pg.CheckViolation) as caught:
        app.execute(ACCEPT, [hashlib.sha256(second.encode()).digest(), None, None])
    assert caught.value.diag.constraint_name == "invitations_for_another_email"
    accepted = _accept(app, world, "anon", second)
    assert [(r["program_id"], r["role"]) for r in accepted] == [(world.ids["p1"], "assistant_coach")]
    assert _accept(app, world, "anon", second) == []  # used
    with psycopg.connect(db[0].admin_url) as admin:
        member = admin.execute(
            "select pm.role, pm.is_active from program_members pm join users u on u.id = pm.user_id "
            "where u.email = 'someone.new@example.org'"
        ).fetchall()
    assert member == [("assistant_coach", True)]


def test_a_revoked_or_expired_invitation_cannot_be_accepted(app: Conn, db: tuple[DatabaseTarget, World]) -> None:
    world = db[1]
    with acting_as(app, world, "C1"):
        revoked, expired = _invite(app, world, "C1"), _invite(app, world, "C1", email="later@example.org")
        app.commit()
    revoked_link, _ = _link(app, world, "C1", revoked)
    expired_link, _ = _link(app, world, "C1", expired, ttl=timedelta(microseconds=1))
    with acting_as(app, world, "C1"):
        app.execute(
            "update invitations set revoked_at = now(), revoked_by = %s where id = %s", [world.user("C1"), revoked]
        )
        app.commit()
    assert _accept(app, world, "anon", revoked_link) == []
    assert _accept(app, world, "anon", expired_link) == []
    with psycopg.connect(db[0].admin_url) as admin:
        found = admin.execute(
            "select count(*) from users where email in ('someone.new@example.org', 'later@example.org')"
        )
        assert found.fetchone() == (0,)

"""``trainingops db prune``: what is past the window goes, what is inside it or still live stays, all or nothing,
and a role that may not bypass row-level security is refused rather than pruning part of it."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import uuid
from typing import Any

import psycopg
import pytest

from tests.support import factories
from trainingops.db import prune
from trainingops.db.target import DatabaseTarget

Conn = psycopg.Connection[Any]


def days_ago(conn: Conn, days: float) -> Any:
    row = conn.execute("select now() - make_interval(secs => %s)", [days * 86400]).fetchone()
    assert row is not None
    return row[0]


def idempotency_record(conn: Conn, user: uuid.UUID, key: str, age_days: float) -> None:
    conn.execute(
        """insert into idempotency_records (user_id, idempotency_key, operation, request_sha256, status_code,
                                            response_body, created_at)
           values (%s, %s, 'create_session', 'x', 201, '{}', %s)""",
        [user, key, days_ago(conn, age_days)],
    )


def email_link(conn: Conn, user: uuid.UUID, *, issued: float, expires: float, used: float | None = None) -> bytes:
    """A password-reset link issued ``issued`` days ago that expires ``expires`` days ago (negative: ahead)."""
    sha = hashlib.sha256(uuid.uuid4().bytes).digest()
    conn.execute(
        """insert into app_private.one_time_tokens (token_sha256, purpose, user_id, created_at, expires_at, used_at)
           values (%s, 'password_reset', %s, %s, %s, %s)""",
        [sha, user, days_ago(conn, issued), days_ago(conn, expires), days_ago(conn, used) if used else None],
    )
    return sha


def sign_in(conn: Conn, user: uuid.UUID, *, started: float, expires: float, revoked: float | None = None) -> Any:
    row = conn.execute(
        """insert into app_private.sign_in_sessions (user_id, created_at, expires_at, revoked_at)
           values (%s, %s, %s, %s) returning id""",
        [user, days_ago(conn, started), days_ago(conn, expires), days_ago(conn, revoked) if revoked else None],
    ).fetchone()
    assert row is not None
    return row[0]


def remaining(conn: Conn) -> tuple[set[str], set[bytes], set[Any]]:
    return (
        {r[0] for r in conn.execute("select idempotency_key from idempotency_records")},
        {bytes(r[0]) for r in conn.execute("select token_sha256 from app_private.one_time_tokens")},
        {r[0] for r in conn.execute("select id from app_private.sign_in_sessions")},
    )


@pytest.fixture
def rows(migrated_db: DatabaseTarget) -> dict[str, Any]:
    with psycopg.connect(migrated_db.admin_url) as conn:
        user = factories.user(conn, "Pruned User")
        idempotency_record(conn, user, "old", 100)
        idempotency_record(conn, user, "recent", 10)
        kept = {
            "links": {
                email_link(conn, user, issued=10, expires=5),  # expired, but recently
                email_link(conn, user, issued=0.1, expires=-1),  # live
            },
            "sessions": {sign_in(conn, user, started=2, expires=-5), sign_in(conn, user, started=30, expires=1)},
        }
        email_link(conn, user, issued=101, expires=100.5, used=100.9)  # used long ago
        email_link(conn, user, issued=96, expires=95)  # expired long ago
        sign_in(conn, user, started=200, expires=-30, revoked=100)  # signed out long ago (its token lived on)
        sign_in(conn, user, started=120, expires=91)  # expired long ago
    return kept


def test_prune_deletes_only_what_ended_before_the_window(migrated_db: DatabaseTarget, rows: dict[str, Any]) -> None:
    counts = [(p.kind, p.rows) for p in prune.prune(migrated_db.admin_url, keep_days=90, dry_run=True)]
    expected = [("idempotency records", 1), ("used or expired email links", 2), ("ended sign-ins", 2)]
    assert counts == expected
    with psycopg.connect(migrated_db.admin_url) as conn:
        assert [len(kind) for kind in remaining(conn)] == [2, 4, 4]  # a dry run deletes nothing

    assert [(p.kind, p.rows) for p in prune.prune(migrated_db.admin_url, keep_days=90)] == expected
    with psycopg.connect(migrated_db.admin_url) as conn:
        assert remaining(conn) == ({"recent"}, rows["links"], rows["sessions"])
    assert [p.rows for p in prune.prune(migrated_db.admin_url, keep_days=90)] == [0, 0, 0]
    # A shorter window takes the recent ones too, never a live link or sign-in.
    assert [p.rows for p in prune.prune(migrated_db.admin_url, keep_days=1)] == [1, 1, 1]


def test_the_app_role_cannot_prune_and_nothing_is_deleted(migrated_db: DatabaseTarget, rows: dict[str, Any]) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        prune.prune(migrated_db.app_url, keep_days=90)
    with psycopg.connect(migrated_db.admin_url) as conn:
        assert [len(kind) for kind in remaining(conn)] == [2, 4, 4]


def test_the_command_reports_and_refuses_a_window_under_a_day(migrated_db: DatabaseTarget) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("TRAININGOPS_DATABASE_URL",)}
    env |= {"DATABASE_URL": migrated_db.admin_url, "TRAININGOPS_JWT_SECRET": "prune-test-secret-" + "z" * 32}
    command = [sys.executable, "-m", "trainingops.cli.main", "db", "prune"]
    done = subprocess.run([*command, "--dry-run"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "idempotency records: 0 would delete",
        "used or expired email links: 0 would delete",
        "ended sign-ins: 0 would delete",
        "Nothing older than 90 days to delete.",
    ]
    refused = subprocess.run([*command, "--keep-days", "0"], env=env, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2
    assert "--keep-days" in refused.stderr

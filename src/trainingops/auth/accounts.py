"""Accounts at the database: credentials, sign-in sessions and one-time links, through the SECURITY DEFINER
functions of migration 0016 (the API role cannot read the tables behind them). Every function runs inside the
caller's transaction and never commits.

For invitations (and any other emailed link): ``issue_one_time_token`` stores a link and returns its raw token
(only its SHA-256 is kept); ``consume_one_time_token`` uses it once, before it expires, and says whom it was for;
in that same transaction ``set_password`` may then set that account's password.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal
from uuid import UUID

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from trainingops.db.pool import Connection
from trainingops.errors import DomainError

Purpose = Literal["password_reset", "invitation"]
TOKEN_BYTES = 32  # 256 bits: unguessable, like a calendar feed's token


class LinkInvalid(DomainError):
    """A used, expired or unknown link: one answer for all three, so a link's history is not told."""

    code = "link_invalid"
    status = 400
    title = "This link cannot be used"

    def __init__(self) -> None:
        super().__init__(
            "This link is not valid: it was used already, it expired, or it was never issued. Ask for a new one."
        )


@dataclass(frozen=True)
class Credentials:
    user_id: UUID
    password_hash: str | None
    generation: int


@dataclass(frozen=True)
class SignIn:
    user_id: UUID
    session_id: UUID
    generation: int
    expires_at: datetime


@dataclass(frozen=True)
class OneTimeToken:
    """Whom a used link was for: an account (``user_id``, its email and name) or, for an invitation to someone
    without one yet, an ``email``; ``payload`` is what it was issued with."""

    user_id: UUID | None
    email: str | None
    name: str | None
    payload: dict[str, Any]
    created_by: UUID | None


def token_sha256(raw: str) -> bytes:
    return hashlib.sha256(raw.encode()).digest()


async def _one(conn: Connection, query: str, params: list[Any]) -> dict[str, Any] | None:
    cursor = await conn.execute(query, params)
    return await cursor.fetchone()


async def credentials_for(conn: Connection, *, email: str) -> Credentials | None:
    row = await _one(conn, "select * from app_private.sign_in_credentials(%s)", [email])
    return Credentials(row["user_id"], row["password_hash"], row["token_generation"]) if row else None


def _sign_in(user_id: UUID, row: dict[str, Any] | None) -> SignIn | None:
    return SignIn(user_id, row["session_id"], row["token_generation"], row["expires_at"]) if row else None


async def start_session(
    conn: Connection,
    *,
    user_id: UUID,
    verified_hash: str,
    new_hash: str | None,
    ttl: timedelta,
    user_agent: str | None,
) -> SignIn | None:
    """A session after the password verified against ``verified_hash`` (storing ``new_hash`` when given); None when
    the password changed in between."""
    row = await _one(
        conn,
        "select * from app_private.start_sign_in_session(%s, %s, %s, %s, %s)",
        [user_id, verified_hash, new_hash, ttl, user_agent],
    )
    return _sign_in(user_id, row)


async def create_session(conn: Connection, *, user_id: UUID, ttl: timedelta, user_agent: str) -> SignIn:
    """A session without a password check: administrative connections only (the CLI's token, the demo)."""
    row = await _one(conn, "select * from app_private.create_sign_in_session(%s, %s, %s)", [user_id, ttl, user_agent])
    signed_in = _sign_in(user_id, row)
    assert signed_in is not None  # an insert returns its row
    return signed_in


async def end_session(conn: Connection, *, session_id: UUID) -> bool:
    row = await _one(conn, "select app_private.end_sign_in_session(%s) as ended", [session_id])
    return bool(row and row["ended"])


async def end_all_sessions(conn: Connection) -> None:
    """The caller's (``app.user_id``) every session and token, CLI tokens included."""
    await conn.execute("select app_private.end_all_sign_in_sessions()")


async def set_password(conn: Connection, *, user_id: UUID, password_hash: str) -> int:
    """Store a new hash; every earlier session and token of the user ends. Returns the new token generation.
    The API role may do this only for the account of a link used in the same transaction."""
    row = await _one(conn, "select app_private.set_password(%s, %s) as generation", [user_id, password_hash])
    assert row is not None
    return int(row["generation"])


async def issue_one_time_token(
    conn: Connection,
    *,
    purpose: Purpose,
    ttl: timedelta,
    user_id: UUID | None = None,
    email: str | None = None,
    payload: dict[str, Any] | None = None,
) -> str:
    """Store a single-use link for an account (``user_id``) or an ``email``; return its raw token, to put in the
    link (it is not kept). The caller (``app.user_id``, if any) is recorded as who issued it."""
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    await conn.execute(
        "select app_private.issue_one_time_token(%s, %s, %s, %s, %s, %s)",
        [purpose, token_sha256(raw), user_id, email, Jsonb(payload or {}), ttl],
    )
    return raw


@dataclass(frozen=True)
class ResetIssued:
    token: str
    user_id: UUID
    email: str
    name: str


async def issue_password_reset(conn: Connection, *, email: str, ttl: timedelta) -> ResetIssued | None:
    """A reset link for the account with this email; None when there is none (the caller answers the same)."""
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    row = await _one(
        conn, "select * from app_private.issue_password_reset(%s, %s, %s)", [email, token_sha256(raw), ttl]
    )
    return ResetIssued(raw, row["user_id"], row["email"], row["name"]) if row else None


async def consume_one_time_token(conn: Connection, *, purpose: Purpose, raw: str) -> OneTimeToken:
    """Use a link once; raise ``LinkInvalid`` when it is unknown, used, expired or of another purpose."""
    row = await _one(conn, "select * from app_private.consume_one_time_token(%s, %s)", [purpose, token_sha256(raw)])
    if row is None:
        raise LinkInvalid()
    return OneTimeToken(row["user_id"], row["email"], row["name"], row["payload"], row["created_by"])


async def administrative_session(admin_url: str, *, user_id: UUID, ttl: timedelta, user_agent: str) -> SignIn:
    """A session started on the administrative connection (the CLI's ``token``, the demo sign-in), committed."""
    async with await psycopg.AsyncConnection.connect(admin_url, row_factory=dict_row) as conn, conn.transaction():
        return await create_session(conn, user_id=user_id, ttl=ttl, user_agent=user_agent)


async def create_user(conn: Connection, *, email: str, name: str) -> UUID:
    """A new user (administrative connections: the API role writes no users)."""
    row = await _one(
        conn, "insert into users (email, name) values (%s, %s) returning id", [email.strip(), name.strip()]
    )
    assert row is not None
    return UUID(str(row["id"]))


async def user_by_email(conn: Connection, *, email: str) -> tuple[UUID, str, str] | None:
    """(id, email, name) of the user with this email, any case (administrative connections)."""
    row = await _one(conn, "select id, email, name from users where lower(email) = lower(%s)", [email.strip()])
    return (UUID(str(row["id"])), row["email"], row["name"]) if row else None


async def link_subject(conn: Connection, *, user_id: UUID, subject: str | None) -> None:
    """Link (or with None unlink) an identity provider's subject to a user (administrative connections)."""
    await conn.execute("update users set external_subject = %s where id = %s", [subject, user_id])

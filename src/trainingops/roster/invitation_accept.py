"""Accepting an invitation: the link's holder joins the program, with a new account or the existing one of the
invitation's email, and is signed in.

- No account with the email yet: ``name`` and ``password`` are required (the password rules apply); the account is
  created with them.
- An account exists: ``password`` may be left out — the link proves the mailbox, as a password-reset link does —
  or given, and then it must be the account's (``401 invalid_credentials`` otherwise, counted like a failed
  sign-in); ``name`` is ignored.
- A signed-in caller (bearer, or the cookie with its CSRF header) accepts only invitations to their own email
  (``403 invitation_for_another_email``).

A used, expired, revoked or unknown link gets one answer (``400 link_invalid``); anything refused leaves the link
usable. The database does the whole step in one call (``app_private.accept_invitation``, migration 0018).
"""

from __future__ import annotations

from dataclasses import dataclass

from trainingops.auth import accounts, passwords
from trainingops.auth.accounts import token_sha256
from trainingops.auth.service import Caller, InvalidCredentials, Issued, SignInNotConfigured, token_for
from trainingops.auth.throttle import Throttle
from trainingops.auth.tokens import TokenService
from trainingops.db.identity import Identity
from trainingops.db.pool import Database
from trainingops.errors import InvalidInput
from trainingops.roster import invitations_sql as sql


@dataclass(frozen=True)
class Acceptance:
    token: str
    password: str | None
    name: str | None


async def _hashes(
    preview: dict[str, object], acceptance: Acceptance, *, signed_in: bool, throttle: Throttle, caller: Caller
) -> tuple[str | None, str | None]:
    """(new hash, verified hash): the new account's password hashed, or the existing account's checked."""
    email = str(preview["email"])
    if preview["user_id"] is None:
        if signed_in:  # the caller's account has another email: the database says so
            return None, None
        if not acceptance.name or not acceptance.name.strip() or not acceptance.password:
            raise InvalidInput("A new account needs a name and a password.")
        passwords.check_policy(acceptance.password, email=email, name=acceptance.name)
        return await passwords.hash_in_thread(acceptance.password), None
    if acceptance.password is None:
        return None, None
    stored = preview["password_hash"]
    throttle.check(email, caller.address)
    verified = await passwords.verify_in_thread(stored if isinstance(stored, str) else None, acceptance.password)
    if not verified or not isinstance(stored, str):
        throttle.count(email, caller.address)
        raise InvalidCredentials()
    return None, stored


async def accept(
    *,
    database: Database,
    tokens: TokenService,
    throttle: Throttle,
    identity: Identity | None,
    acceptance: Acceptance,
    caller: Caller,
) -> Issued:
    if not tokens.can_issue:
        raise SignInNotConfigured()
    digest = token_sha256(acceptance.token)
    async with database.transaction(identity) as conn:
        cursor = await conn.execute(sql.FOR_LINK, [digest])
        preview = await cursor.fetchone()
    if preview is None:
        raise accounts.LinkInvalid()
    new_hash, verified_hash = await _hashes(
        preview, acceptance, signed_in=identity is not None, throttle=throttle, caller=caller
    )
    async with database.transaction(identity) as conn:
        cursor = await conn.execute(
            sql.ACCEPT,
            [digest, acceptance.name, new_hash, verified_hash, tokens.ttl, caller.user_agent],
        )
        row = await cursor.fetchone()
    if row is None:
        raise accounts.LinkInvalid()
    signed_in = accounts.SignIn(row["user_id"], row["session_id"], row["token_generation"], row["expires_at"])
    return token_for(tokens, signed_in)

"""Sign-in and password reset, step by step. Each flow opens its own short transactions (none is open while
Argon2 runs on a worker thread) and counts attempts in the app's throttles.

A wrong password and an unknown email take the same path: one look-up, one Argon2 verification (against a dummy
hash when there is no account), the same ``invalid_credentials`` answer, the same count against the same limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from trainingops import mail
from trainingops.auth import accounts, passwords
from trainingops.auth.throttle import Throttle
from trainingops.auth.tokens import TokenService
from trainingops.config import Settings
from trainingops.db.pool import Database
from trainingops.errors import DomainError

RESET_LINK_TTL = timedelta(hours=1)


class InvalidCredentials(DomainError):
    code = "invalid_credentials"
    status = 401
    title = "Sign-in failed"

    def __init__(self) -> None:
        super().__init__("The email or the password is not right.")
        # RFC 9110 §11.6.1: a 401 names the scheme to authenticate with.
        self.headers = {"WWW-Authenticate": 'Bearer realm="trainingops"'}


class SignInNotConfigured(DomainError):
    code = "sign_in_not_configured"
    status = 503
    title = "Sign-in is not configured"

    def __init__(self) -> None:
        super().__init__(
            "This server verifies an identity provider's tokens but has no key to issue its own "
            "(TRAININGOPS_JWT_PRIVATE_KEY); sign in through your identity provider."
        )


@dataclass(frozen=True)
class Issued:
    """A signed-in session's token, and how long it lives (seconds)."""

    token: str
    expires_in: int
    user_id: UUID


@dataclass(frozen=True)
class Caller:
    """Where an anonymous request comes from: the address the throttles count, the agent a session records."""

    address: str
    user_agent: str | None


def token_for(tokens: TokenService, signed_in: accounts.SignIn) -> Issued:
    """The token of a session just started (sign-in, a reset link, an accepted invitation)."""
    token = tokens.issue(
        signed_in.user_id, ttl=tokens.ttl, session_id=signed_in.session_id, generation=signed_in.generation
    )
    return Issued(token, int(tokens.ttl.total_seconds()), signed_in.user_id)


async def sign_in(
    *, database: Database, tokens: TokenService, throttle: Throttle, email: str, password: str, caller: Caller
) -> Issued:
    if not tokens.can_issue:
        raise SignInNotConfigured()
    throttle.check(email, caller.address)
    async with database.transaction(None) as conn:
        found = await accounts.credentials_for(conn, email=email)
    stored = found.password_hash if found else None
    if not await passwords.verify_in_thread(stored, password) or found is None or stored is None:
        throttle.count(email, caller.address)
        raise InvalidCredentials()
    new_hash = await passwords.hash_in_thread(password) if passwords.needs_rehash(stored) else None
    async with database.transaction(None) as conn:
        signed_in = await accounts.start_session(
            conn,
            user_id=found.user_id,
            verified_hash=stored,
            new_hash=new_hash,
            ttl=tokens.ttl,
            user_agent=caller.user_agent,
        )
    if signed_in is None:  # the password changed between the look-up and now: the old one no longer counts
        throttle.count(email, caller.address)
        raise InvalidCredentials()
    throttle.forgive(email)
    return token_for(tokens, signed_in)


@dataclass(frozen=True)
class Link:
    """An email to send once the answer is out: whom to, and the link it carries."""

    to: str
    subject: str
    text: str
    url: str


def reset_link(settings: Settings, token: str) -> str:
    return f"{settings.public_url.rstrip('/')}/reset-password?token={token}"


async def request_reset(
    *, database: Database, settings: Settings, throttle: Throttle, email: str, caller: Caller
) -> Link | None:
    """Issue a reset link when an account has this email (None otherwise: the caller answers the same)."""
    mail.require_delivery(settings)
    throttle.check(email, caller.address)
    throttle.count(email, caller.address)
    async with database.transaction(None) as conn:
        issued = await accounts.issue_password_reset(conn, email=email, ttl=RESET_LINK_TTL)
    if issued is None:
        return None
    url = reset_link(settings, issued.token)
    text = (
        f"Hello {issued.name},\n\n"
        "Someone (we hope you) asked to set a new TrainingOps password for this email address. "
        f"Follow this link within an hour to choose one; it works once:\n\n{url}\n\n"
        "If you did not ask, ignore this email: your password stays as it is.\n"
    )
    return Link(issued.email, "Set a new TrainingOps password", text, url)


async def confirm_reset(
    *, database: Database, tokens: TokenService, sign_in_throttle: Throttle, token: str, password: str, caller: Caller
) -> Issued:
    """Use a reset link: the new password (checked against the rules first: a weak one leaves the link unused),
    every earlier session and token ended, and a new session."""
    if not tokens.can_issue:
        raise SignInNotConfigured()
    async with database.transaction(None) as conn:
        used = await accounts.consume_one_time_token(conn, purpose="password_reset", raw=token)
        if used.user_id is None or used.email is None:
            raise accounts.LinkInvalid()
        passwords.check_policy(password, email=used.email, name=used.name or "")
        new_hash = await passwords.hash_in_thread(password)
        await accounts.set_password(conn, user_id=used.user_id, password_hash=new_hash)
        signed_in = await accounts.start_session(
            conn,
            user_id=used.user_id,
            verified_hash=new_hash,
            new_hash=None,
            ttl=tokens.ttl,
            user_agent=caller.user_agent,
        )
    if signed_in is None:
        raise accounts.LinkInvalid()
    sign_in_throttle.forgive(used.email)  # a locked-out owner gets back in through their mailbox
    return token_for(tokens, signed_in)

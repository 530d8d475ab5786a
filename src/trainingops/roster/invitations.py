"""Invitations: a program's staff invite an email to a role — a staff role, or ``athlete`` naming one of the
program's athlete records — and a single-use link goes to that email; list, revoke, resend.

Who may send which (migration 0018; docs/security.md, "Invitations"): a staff role takes ``administer``
(program admin, head coach), an athlete invitation ``manage_roster`` (also assistant coaches, who create athlete
records and import rosters). The database holds every rule; the checks here answer first with the reason. An
invitation's answer never says whether its email has an account. Functions take keyword-only arguments, run inside
the caller's transaction and never commit; the mail goes after the answer (``mail.deliver_link``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from trainingops import mail
from trainingops.auth.accounts import TOKEN_BYTES, token_sha256
from trainingops.auth.service import Link
from trainingops.config import Settings
from trainingops.db.errors import AlreadyMember
from trainingops.db.pool import Connection
from trainingops.errors import Conflict, NotFound
from trainingops.roster import access
from trainingops.roster import invitations_sql as sql
from trainingops.roster.athletes import NOT_IN_PROGRAM, AthleteNotInProgram
from trainingops.roster.bodies import InvitationCreate

# GitHub's organisation invitations expire after 7 days (docs.github.com, "Inviting users to join your
# organization"): long enough to reach someone back from a weekend meet, short enough that a forgotten link dies.
INVITATION_TTL = timedelta(days=7)
ROLE_WORDS = {
    "program_admin": "a program admin",
    "head_coach": "the head coach",
    "assistant_coach": "an assistant coach",
    "strength_coach": "a strength coach",
    "athletic_trainer": "an athletic trainer",
    "athlete": "an athlete",
}
Written = tuple[str, int]


class InvitationPending(Conflict):
    code = "invitation_pending"
    title = "An invitation to this email is pending"


class InvitationNotPending(Conflict):
    code = "invitation_not_pending"
    title = "The invitation was accepted or revoked"


def capability(role: str) -> str:
    """What sending an invitation of ``role`` takes (the database's ``app_private.invitation_capability``)."""
    return "manage_roster" if role == "athlete" else "administer"


def accept_link(settings: Settings, token: str) -> str:
    return f"{settings.public_url.rstrip('/')}/accept-invitation?token={token}"


async def _row(conn: Connection, query: str, params: Any) -> dict[str, Any] | None:
    cursor = await conn.execute(query, params)
    return await cursor.fetchone()


async def _one(conn: Connection, invitation_id: UUID) -> Written:
    row = await _row(conn, sql.ONE, {"id": invitation_id})
    assert row is not None  # the caller just wrote it and may see it
    return str(row["body"]), int(row["version"])


@dataclass(frozen=True)
class Issued:
    invitation_id: UUID
    email: str
    token: str


async def issue_links(conn: Connection, *, invitation_ids: list[UUID]) -> list[Issued]:
    """A new link for each pending invitation the caller may send (earlier unused links die), in one statement."""
    raw = {invitation_id: secrets.token_urlsafe(TOKEN_BYTES) for invitation_id in invitation_ids}
    cursor = await conn.execute(
        sql.ISSUE_LINKS,
        {"ids": list(raw), "hashes": [token_sha256(token) for token in raw.values()], "ttl": INVITATION_TTL},
    )
    return [Issued(row["invitation_id"], row["email"], raw[row["invitation_id"]]) for row in await cursor.fetchall()]


async def mails(
    conn: Connection, *, settings: Settings, program_id: UUID, issued: list[Issued], role: str
) -> list[Link]:
    """The emails carrying ``issued`` links to ``program_id`` with ``role``."""
    context = await _row(conn, sql.MAIL_CONTEXT, {"program": program_id})
    assert context is not None
    days = INVITATION_TTL.days
    links = []
    for one in issued:
        url = accept_link(settings, one.token)
        text = (
            f"Hello,\n\n{context['inviter']} invited you to join {context['program']} on TrainingOps as "
            f"{ROLE_WORDS[role]}.\n\nFollow this link within {days} days to accept; it works once:\n\n{url}\n\n"
            "If you have a TrainingOps account with this email, the invitation is added to it; otherwise you choose "
            "a name and a password. If you were not expecting this, ignore this email.\n"
        )
        links.append(Link(one.email, f"Join {context['program']} on TrainingOps", text, url))
    return links


async def create(
    conn: Connection, *, settings: Settings, program_id: UUID, body: InvitationCreate
) -> tuple[Written, Link]:
    """Invite ``body.email`` to the program with ``body.role``; the same answer whether or not the email has an
    account. Nothing is written when the mail could not reach anyone (``503 mail_not_configured``)."""
    await access.require_role(conn, program_id=program_id, capability=capability(body.role))
    mail.require_delivery(settings)
    params = {"program": program_id, "email": body.email, "role": body.role, "athlete": body.athlete_id}
    if body.athlete_id is not None:
        ours = await _row(conn, sql.MAY_ROSTER, params)
        if not (ours and ours["ours"]):
            raise AthleteNotInProgram(NOT_IN_PROGRAM)
    elif (member := await _row(conn, sql.IS_MEMBER, params)) and member["member"]:
        raise AlreadyMember(
            "This person is already on the program's staff (or was): change their role, or reactivate them, in the "
            "members list."
        )
    if await _row(conn, sql.PENDING_FOR, params) is not None:
        raise InvitationPending("An invitation to this email is pending already: resend it, or revoke it first.")
    row = await _row(conn, sql.INSERT, params)
    assert row is not None
    issued = await issue_links(conn, invitation_ids=[row["id"]])
    (link,) = await mails(conn, settings=settings, program_id=program_id, issued=issued, role=body.role)
    return await _one(conn, row["id"]), link


async def pending(conn: Connection, *, program_id: UUID) -> str:
    """The program's invitations not yet accepted or revoked (expired ones too: they can be resent). Roster staff
    see athlete invitations; administrators all."""
    await access.require_role(conn, program_id=program_id, capability="manage_roster")
    row = await _row(conn, sql.PENDING, {"program": program_id})
    assert row is not None
    return str(row["body"])


async def _pending_one(conn: Connection, invitation_id: UUID) -> dict[str, Any]:
    found = await _row(conn, sql.STATE, {"id": invitation_id})
    if found is None:
        raise NotFound.of("invitation")
    if not found["pending"]:
        raise InvitationNotPending("This invitation was accepted or revoked already: nothing to do.")
    return found


async def revoke(conn: Connection, *, invitation_id: UUID) -> Written:
    """Revoke a pending invitation: its link stops working (the row stays, as history)."""
    await _pending_one(conn, invitation_id)
    if await _row(conn, sql.REVOKE, {"id": invitation_id}) is None:
        raise InvitationNotPending("This invitation was accepted or revoked meanwhile: nothing to do.")
    return await _one(conn, invitation_id)


async def resend(conn: Connection, *, settings: Settings, invitation_id: UUID) -> tuple[Written, Link]:
    """A new link for a pending (or expired) invitation, valid for another week; the earlier link stops working."""
    found = await _pending_one(conn, invitation_id)
    mail.require_delivery(settings)
    issued = await issue_links(conn, invitation_ids=[invitation_id])
    if not issued:
        raise InvitationNotPending("This invitation was accepted or revoked meanwhile: nothing to do.")
    (link,) = await mails(conn, settings=settings, program_id=found["program_id"], issued=issued, role=found["role"])
    return await _one(conn, invitation_id), link

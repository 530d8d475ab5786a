"""Invitation routes: invite to a program, list its pending invitations, revoke, resend, and accept a link."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import JSONResponse, Response

from trainingops import mail
from trainingops.api.http import etag, json_response
from trainingops.api.openapi import ETAG_HEADER, READ_ERRORS, errors
from trainingops.auth.dependencies import OptionalIdentity, Tx
from trainingops.auth.router import signed_in_response
from trainingops.auth.schemas import SignedIn
from trainingops.auth.service import Caller, Link
from trainingops.config import Settings
from trainingops.roster import invitation_accept, invitations, schemas
from trainingops.roster.bodies import InvitationAccept, InvitationCreate

router = APIRouter(prefix="/api/v1", tags=["invitations"], responses=READ_ERRORS)
# Accepting needs no sign-in: the link is the credential (a signed-in caller is checked against it).
public_router = APIRouter(prefix="/api/v1", tags=["invitations"])

ROLE = (
    "staff_only for an athlete of the program; role_required for staff whose role may not (a staff role takes "
    "program admin or head coach, an athlete invitation also an assistant coach); athlete_not_in_program"
)
NOT_PENDING = "invitation_not_pending: accepted or revoked already (nothing to do)"
NO_MAIL = "mail_not_configured: this server cannot send email (and is not the demo); nothing was written"


def _one(written: tuple[str, int], status: int = 200) -> Response:
    body, version = written
    return json_response(body, status=status, headers={"ETag": etag(version)})


def _send(background: BackgroundTasks, settings: Settings, link: Link) -> None:
    """After the answer: the time a mail takes says nothing about its address."""
    background.add_task(
        mail.deliver_link, settings, to=link.to, subject=link.subject, text=link.text, link=link.url, what="invitation"
    )


@router.post(
    "/programs/{program_id}/invitations",
    operation_id="createInvitation",
    status_code=201,
    response_model=schemas.InvitationRead,
    responses={
        201: {"headers": ETAG_HEADER},
        **errors(
            400,
            413,
            notes={
                403: ROLE,
                409: "already_member: on the program's staff now or before (change the role or reactivate instead); "
                "invitation_pending: one is pending for this email (resend it)",
                503: NO_MAIL,
            },
        ),
    },
    summary="Invite an email to the program with a role; a single-use link goes to it",
)
async def create_invitation(
    program_id: UUID, body: InvitationCreate, request: Request, tx: Tx, background: BackgroundTasks
) -> Response:
    """The answer is the same whether or not the email has an account. The link (`/accept-invitation?token=…`)
    works once, for 7 days; without SMTP in demo mode it is written to the server log."""
    settings: Settings = request.app.state.settings
    written, link = await invitations.create(tx, settings=settings, program_id=program_id, body=body)
    _send(background, settings, link)
    return _one(written, 201)


@router.get(
    "/programs/{program_id}/invitations",
    operation_id="listInvitations",
    response_model=schemas.InvitationList,
    responses=errors(notes={403: ROLE}),
    summary="The program's pending invitations (expired ones too, to resend)",
)
async def list_invitations(program_id: UUID, tx: Tx) -> Response:
    return json_response(await invitations.pending(tx, program_id=program_id))


ONE_ERRORS: dict[int | str, dict[str, Any]] = {200: {"headers": ETAG_HEADER}, **errors(409, notes={409: NOT_PENDING})}


@router.post(
    "/invitations/{invitation_id}:revoke",
    operation_id="revokeInvitation",
    response_model=schemas.InvitationRead,
    responses=ONE_ERRORS,
    summary="Revoke a pending invitation: its link stops working",
)
async def revoke_invitation(invitation_id: UUID, tx: Tx) -> Response:
    return _one(await invitations.revoke(tx, invitation_id=invitation_id))


@router.post(
    "/invitations/{invitation_id}:resend",
    operation_id="resendInvitation",
    response_model=schemas.InvitationRead,
    responses={200: {"headers": ETAG_HEADER}, **errors(409, notes={409: NOT_PENDING, 503: NO_MAIL})},
    summary="Send a new link (valid 7 days); the earlier one stops working",
)
async def resend_invitation(invitation_id: UUID, request: Request, tx: Tx, background: BackgroundTasks) -> Response:
    settings: Settings = request.app.state.settings
    written, link = await invitations.resend(tx, settings=settings, invitation_id=invitation_id)
    _send(background, settings, link)
    return _one(written)


@public_router.post(
    "/invitations:accept",
    operation_id="acceptInvitation",
    response_model=SignedIn,
    responses=errors(
        413,
        422,
        "5XX",
        notes={
            400: "link_invalid: the link was used already, expired, was revoked or never issued (one answer); "
            "malformed_json",
            401: "invalid_credentials: the account exists and the password given is not its password; "
            "unauthenticated: a credential was sent and is not valid",
            403: "invitation_for_another_email: you are signed in as another account; csrf_failed",
            409: "already_member, athlete_already_claimed, athlete_record_in_use",
            422: "password_too_weak, invalid_input (a new account needs a name and a password), validation_failed",
            429: "too_many_attempts: too many wrong passwords for this email or from this address; see Retry-After",
            503: "sign_in_not_configured: tokens come from an identity provider and no signing key is set",
        },
    ),
    summary="Accept an invitation with its emailed link: join the program and sign in",
)
async def accept_invitation(body: InvitationAccept, request: Request, identity: OptionalIdentity) -> JSONResponse:
    """Creates the account (name and password required) or uses the existing account with the invitation's email
    (password optional; if given it must be the account's), makes it a member with the role or links the athlete
    profile, and signs in: a token in the body and the session cookie, as `auth/sign-in`."""
    address = request.client.host if request.client else "unknown"
    issued = await invitation_accept.accept(
        database=request.app.state.db,
        tokens=request.app.state.tokens,
        throttle=request.app.state.sign_in_throttle,
        identity=identity,
        acceptance=invitation_accept.Acceptance(body.token, body.password, body.name),
        caller=Caller(address, request.headers.get("user-agent")),
    )
    return signed_in_response(request, issued)

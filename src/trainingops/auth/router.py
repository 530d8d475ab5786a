"""Sign-in, sign-out and password reset: ``/api/v1/auth``."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request, Response
from fastapi.responses import JSONResponse

from trainingops import mail
from trainingops.api.openapi import errors
from trainingops.auth import accounts, cookies, service
from trainingops.auth.dependencies import CurrentIdentity, Tx
from trainingops.auth.schemas import PasswordReset, PasswordResetConfirm, ResetRequested, SignedIn, SignIn
from trainingops.auth.throttle import Throttle
from trainingops.config import Settings

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])

RESET_ANSWER = ResetRequested(
    detail="If an account has this email, a link to choose a new password is on its way. It works once, for an hour."
)


def _caller(request: Request) -> service.Caller:
    address = request.client.host if request.client else "unknown"
    return service.Caller(address, request.headers.get("user-agent"))


# What a signed-in caller's routes here can answer besides 204.
SIGN_OUT_ERRORS = errors(401, 403, "5XX", notes={403: "csrf_failed: a cookie session without the right X-CSRF-Token"})


def _signed_out(request: Request) -> Response:
    response = Response(status_code=204)
    cookies.clear_session(response, request, request.app.state.settings)
    return response


def signed_in_response(request: Request, issued: service.Issued) -> JSONResponse:
    """A signed-in answer: the token in the body and as the session cookie (with its CSRF companion)."""
    body = SignedIn(access_token=issued.token, expires_in=issued.expires_in)
    response = JSONResponse(body.model_dump(), headers={"Cache-Control": "no-store"})
    cookies.set_session(response, request, request.app.state.settings, token=issued.token, max_age=issued.expires_in)
    return response


@router.post(
    "/sign-in",
    operation_id="signIn",
    response_model=SignedIn,
    responses=errors(
        400,
        413,
        422,
        "5XX",
        notes={
            401: "invalid_credentials: the email or the password is not right (the same answer for both)",
            429: "too_many_attempts: too many failed sign-ins for this email or from this address; see Retry-After",
            503: "sign_in_not_configured: tokens come from an identity provider and no signing key is set",
        },
    ),
    summary="Sign in with email and password",
)
async def sign_in(body: SignIn, request: Request) -> JSONResponse:
    """A bearer token in the body (API clients) and the same token as the `trainingops_session` cookie with its
    `trainingops_csrf` companion (browsers: send `X-CSRF-Token` on changes)."""
    throttle: Throttle = request.app.state.sign_in_throttle
    issued = await service.sign_in(
        database=request.app.state.db,
        tokens=request.app.state.tokens,
        throttle=throttle,
        email=body.email,
        password=body.password,
        caller=_caller(request),
    )
    return signed_in_response(request, issued)


@router.post(
    "/sign-out",
    operation_id="signOut",
    status_code=204,
    responses=SIGN_OUT_ERRORS,
    summary="Sign out: this token and cookie stop working",
)
async def sign_out(identity: CurrentIdentity, tx: Tx, request: Request) -> Response:
    """Ends the sign-in session of the token (or cookie) used, and clears the cookies. An identity provider's token
    has no session here: it lives until it expires."""
    if identity.session_id is not None:
        await accounts.end_session(tx, session_id=identity.session_id)
    return _signed_out(request)


@router.post(
    "/sign-out-everywhere",
    operation_id="signOutEverywhere",
    status_code=204,
    responses=SIGN_OUT_ERRORS,
    summary="Sign out every session and token of yours",
)
async def sign_out_everywhere(tx: Tx, request: Request) -> Response:
    """Ends every sign-in session of the caller and refuses every token issued to them so far (CLI tokens too)."""
    await accounts.end_all_sessions(tx)
    return _signed_out(request)


@router.post(
    "/password-reset",
    operation_id="requestPasswordReset",
    status_code=202,
    response_model=ResetRequested,
    responses=errors(
        400,
        413,
        422,
        "5XX",
        notes={
            429: "too_many_attempts: too many reset requests for this email or from this address; see Retry-After",
            503: "mail_not_configured: this server cannot send email (and is not the demo)",
        },
    ),
    summary="Email a link to choose a new password",
)
async def request_password_reset(body: PasswordReset, request: Request, background: BackgroundTasks) -> ResetRequested:
    """Always the same answer, whether or not an account has this email. The link (`/reset-password?token=…`)
    works once, within an hour; without SMTP in demo mode it is written to the server log."""
    settings: Settings = request.app.state.settings
    link = await service.request_reset(
        database=request.app.state.db,
        settings=settings,
        throttle=request.app.state.reset_throttle,
        email=body.email,
        caller=_caller(request),
    )
    if link is not None:  # sent after the answer: the time it takes says nothing about the email
        background.add_task(
            mail.deliver_link,
            settings,
            to=link.to,
            subject=link.subject,
            text=link.text,
            link=link.url,
            what="password reset",
        )
    return RESET_ANSWER


@router.post(
    "/password-reset:confirm",
    operation_id="confirmPasswordReset",
    response_model=SignedIn,
    responses=errors(
        413,
        422,
        "5XX",
        notes={
            400: "link_invalid: the link was used already, expired, or never issued (one answer for all three); "
            "malformed_json",
            422: "password_too_weak (the reason in detail), validation_failed",
            503: "sign_in_not_configured: tokens come from an identity provider and no signing key is set",
        },
    ),
    summary="Choose a new password with an emailed link",
)
async def confirm_password_reset(body: PasswordResetConfirm, request: Request) -> JSONResponse:
    """Sets the new password, ends every other session and token of the account, and signs in (token and cookie,
    as `sign-in`)."""
    issued = await service.confirm_reset(
        database=request.app.state.db,
        tokens=request.app.state.tokens,
        sign_in_throttle=request.app.state.sign_in_throttle,
        token=body.token,
        password=body.password,
        caller=_caller(request),
    )
    return signed_in_response(request, issued)

"""Demo sign-in: exists only in demo mode, so anyone trying the demo can get a token from /docs."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict
from starlette.concurrency import run_in_threadpool

from trainingops.api.openapi import errors
from trainingops.auth import accounts
from trainingops.auth.tokens import TokenService
from trainingops.errors import NotFound
from trainingops.roster.directory import user_id_for_email

router = APIRouter(prefix="/api/v1/demo", tags=["demo"])


class SignIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"email": "maria.alvarez@northfield.edu"}]}
    )
    email: str


class SignedIn(BaseModel):
    access_token: str
    token_type: str = "bearer"
    user_id: str


@router.post(
    "/sign-in",
    operation_id="demoSignIn",
    response_model=SignedIn,
    responses=errors(400, 413, 422, "5XX", notes={404: "not_found: no demo user has this email"}),
    summary="Demo only: a token for a user",
)
async def sign_in(body: SignIn, request: Request) -> SignedIn:
    """Returns a bearer token for a demo user by email (no password: this route exists only in demo mode). Every
    demo user also signs in with the demo password at `POST /api/v1/auth/sign-in`."""
    # The API role cannot look users up by email (nobody reads people outside their programs), so the demo
    # uses the administrative connection for this one look-up.
    user_id = await run_in_threadpool(user_id_for_email, request.app.state.admin_url, body.email)
    if user_id is None:
        raise NotFound("No demo user with this email; `trainingops users` lists them.")
    tokens: TokenService = request.app.state.tokens
    session = await accounts.administrative_session(
        request.app.state.admin_url, user_id=user_id, ttl=tokens.ttl, user_agent="demo sign-in"
    )
    token = tokens.issue(user_id, ttl=tokens.ttl, session_id=session.session_id, generation=session.generation)
    return SignedIn(access_token=token, user_id=str(user_id))

"""FastAPI dependencies: the caller's identity (a bearer token, or the browser's session cookie with its CSRF
check), and a transaction acting as them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from trainingops.auth import cookies
from trainingops.auth.tokens import TokenService
from trainingops.db.identity import Identity
from trainingops.db.pool import Connection, Database
from trainingops.errors import Unauthenticated

_bearer = HTTPBearer(
    auto_error=False,
    description=(
        "A JWT from `POST /api/v1/auth/sign-in`, `trainingops token --email ...` or your identity provider. "
        "Browsers may send the `trainingops_session` cookie instead (changes then need `X-CSRF-Token`)."
    ),
)


async def current_identity(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Identity:
    """Who calls: the bearer token if there is one, else the session cookie. Whether the token's sign-in is still
    live is checked by the request's transaction, in the statement that sets the identity (``db.pool``)."""
    tokens: TokenService = request.app.state.tokens
    if credentials is not None and credentials.scheme.lower() == "bearer":
        return tokens.verify(credentials.credentials)
    session = request.cookies.get(cookies.SESSION_COOKIE)
    if session:
        identity = tokens.verify(session)
        cookies.check_csrf(request)
        return identity
    raise Unauthenticated("Send a bearer token: Authorization: Bearer <token>.", error="invalid_request")


CurrentIdentity = Annotated[Identity, Depends(current_identity)]


async def optional_identity(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Identity | None:
    """The caller when they send a credential (checked, with the cookie's CSRF check, as for any route), else None:
    for routes anyone may call that act differently for a signed-in caller (accepting an invitation)."""
    if (credentials is None or credentials.scheme.lower() != "bearer") and not request.cookies.get(
        cookies.SESSION_COOKIE
    ):
        return None
    return await current_identity(request, credentials)


OptionalIdentity = Annotated[Identity | None, Depends(optional_identity)]


async def database(request: Request) -> Database:  # async: FastAPI would run a plain def in a thread
    """The app's database, for routes that run more than one transaction (uploads: check, then parse, then write)."""
    db: Database = request.app.state.db
    return db


Db = Annotated[Database, Depends(database)]


async def transaction(request: Request, identity: CurrentIdentity) -> AsyncIterator[Connection]:
    """The request's one transaction, as the caller. Commits when the handler returns, rolls back on error."""
    database: Database = request.app.state.db
    async with database.transaction(identity) as conn:
        yield conn


# scope="function": the transaction commits before the response is sent, so a failed commit is an error
# response, never a 200 for something that was not written.
Tx = Annotated[Connection, Depends(transaction, scope="function")]

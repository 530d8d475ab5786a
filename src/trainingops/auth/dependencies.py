"""FastAPI dependencies: the caller's identity from the bearer token, and a transaction acting as them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from trainingops.auth.tokens import TokenService, Unauthenticated
from trainingops.db.identity import Identity
from trainingops.db.pool import Connection, Database

_bearer = HTTPBearer(
    auto_error=False, description="A JWT from `trainingops token --email ...` or your identity provider."
)


async def current_identity(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Identity:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthenticated("Send a bearer token: Authorization: Bearer <token>.", error="invalid_request")
    tokens: TokenService = request.app.state.tokens
    return tokens.verify(credentials.credentials)


CurrentIdentity = Annotated[Identity, Depends(current_identity)]


def database(request: Request) -> Database:
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

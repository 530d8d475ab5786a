"""Idempotency-Key for every write the (offline) app sends, in one place.

A route opts in with two lines: ``dependencies=[IDEMPOTENCY_KEY]`` (documents and length-checks the header) and
the ``@idempotent`` decorator (the handler must take ``request: Request`` and ``tx: Tx``). Then, following the
IETF draft "The Idempotency-Key HTTP Header Field" (draft-ietf-httpapi-idempotency-key-header):

- no header: the write runs as always;
- a new key: the write runs, and its successful answer (status, body, ETag, Location) is stored in the same
  transaction (``idempotency_records``), so a write and its record commit or vanish together;
- the same key and the same request (method, path and body, SHA-256): the stored answer, byte for byte, with
  ``Idempotent-Replayed: true``, and nothing is written — even when the resource changed since (the replay comes
  before any If-Match check, so a retried update does not fail on the version it itself moved);
- the same key and a different request: ``422 idempotency_key_reused``, nothing written;
- the same key while its first request is still running: ``409 idempotency_key_in_flight`` (a transaction-scoped
  advisory lock on user and key; retry after a moment).

Keys are per user (another user's key is never seen). Failed writes store nothing: a retry runs again. CSV imports
keep their own record (``session_imports``), because undoing an import frees its key.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Annotated, ParamSpec

from fastapi import Depends, Header, Request
from fastapi.responses import Response

from trainingops.db.pool import Connection
from trainingops.errors import DomainError

MAX_KEY_LENGTH = 200  # as session_imports: a UUID or a ULID fits many times over
REPLAYED_HEADER = "Idempotent-Replayed"
KEPT_HEADERS = ("etag", "location")


class IdempotencyKeyReused(DomainError):
    code = "idempotency_key_reused"
    status = 422
    title = "This Idempotency-Key was used with a different body"


class IdempotencyKeyInFlight(DomainError):
    code = "idempotency_key_in_flight"
    status = 409
    title = "A request with this Idempotency-Key is still running"


def _declare(
    idempotency_key: Annotated[
        str | None,
        Header(
            min_length=1,
            max_length=MAX_KEY_LENGTH,
            description="A key the client chose for this write (e.g. a UUID). A retry with the same key and body "
            "is answered as the first time, with `Idempotent-Replayed: true`, and writes nothing.",
        ),
    ] = None,
) -> None:
    return None


IDEMPOTENCY_KEY = Depends(_declare)

# The notes routes add to their error declarations.
NOTES: dict[int | str, str] = {
    409: "idempotency_key_in_flight: the first request with this Idempotency-Key is still running",
    422: "idempotency_key_reused: this Idempotency-Key was used for a different request",
}

FIND = """
select request_sha256, status_code, response_headers, response_body from idempotency_records
where user_id = app_private.current_user_id() and idempotency_key = %s
"""
# hashtextextended: a 64-bit lock id from user and key (a collision only makes an unrelated write wait its turn).
LOCK = "select pg_try_advisory_xact_lock(hashtextextended(app_private.current_user_id()::text || '/' || %s, 21))"
RECORD = """
insert into idempotency_records
  (user_id, idempotency_key, operation, request_sha256, status_code, response_headers, response_body)
values (app_private.current_user_id(), %s, %s, %s, %s, %s, %s)
"""


async def request_digest(request: Request) -> str:
    body = await request.body()  # cached by Starlette: the handler reads the same bytes
    head = f"{request.method} {request.url.path}?{request.url.query}\n".encode()
    return hashlib.sha256(head + body).hexdigest()


async def replay_or_run(
    conn: Connection, request: Request, *, operation: str, run: Callable[[], Awaitable[Response]]
) -> Response:
    """The stored answer for a replay, else ``run()``'s answer, stored when the request named a key."""
    key = request.headers.get("idempotency-key")
    if key is None:
        return await run()
    digest = await request_digest(request)
    cursor = await conn.execute(LOCK, [key])
    locked = await cursor.fetchone()
    if locked is None or not next(iter(locked.values())):
        raise IdempotencyKeyInFlight("The first request with this Idempotency-Key has not finished; retry shortly.")
    cursor = await conn.execute(FIND, [key])
    stored = await cursor.fetchone()
    if stored is not None:
        if stored["request_sha256"] != digest:
            raise IdempotencyKeyReused(
                "This Idempotency-Key was already used for a different request; use a new key for a new write."
            )
        headers = {**stored["response_headers"], REPLAYED_HEADER: "true"}
        media = "application/json" if stored["response_body"] else None
        return Response(stored["response_body"], status_code=stored["status_code"], headers=headers, media_type=media)
    response = await run()
    if 200 <= response.status_code < 300:
        kept = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
        body = bytes(response.body).decode()
        await conn.execute(RECORD, [key, operation, digest, response.status_code, json.dumps(kept), body])
    return response


P = ParamSpec("P")


def idempotent(handler: Callable[P, Awaitable[Response]]) -> Callable[P, Awaitable[Response]]:
    """Make a route's handler honour Idempotency-Key (it must take ``request`` and ``tx`` by name)."""

    @functools.wraps(handler)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> Response:
        request, tx = kwargs["request"], kwargs["tx"]
        assert isinstance(request, Request)
        return await replay_or_run(
            tx,  # type: ignore[arg-type]
            request,
            operation=handler.__name__,
            run=lambda: handler(*args, **kwargs),
        )

    return wrapper

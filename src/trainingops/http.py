"""HTTP helpers shared by the routers: JSON built by PostgreSQL passed through, ETags and preconditions."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from trainingops.errors import DomainError


class PreconditionRequired(DomainError):
    code = "precondition_required"
    status = 428
    title = "If-Match required"


class PreconditionFailed(DomainError):
    code = "precondition_failed"
    status = 412
    title = "The resource changed since you read it"


def etag(version: int) -> str:
    """A strong ETag from the row's version (bumped by a trigger on every change, so GET and PATCH agree)."""
    return f'"v{version}"'


def if_match_version(request: Request, *, required: bool, noun: str = "session") -> int | None:
    """The version the client last saw (RFC 9110 §13.1.1), or None when absent and optional; ``noun`` names the
    resource in the error texts."""
    header = request.headers.get("if-match")
    if header is None:
        if required:
            raise PreconditionRequired(
                f"Send If-Match with the ETag from your last GET of this {noun}, so you cannot overwrite a change "
                "you have not seen."
            )
        return None
    if header.strip() == "*":
        return None
    for candidate in header.split(","):
        tag = candidate.strip()
        if tag.startswith('"v') and tag.endswith('"') and tag[2:-1].isdigit():
            return int(tag[2:-1])
    raise PreconditionFailed(f"If-Match does not name a version of this {noun}; GET it again.")


def json_response(body: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """Pass JSON built by PostgreSQL straight through (no re-parsing, no re-serialising)."""
    content = body.encode() if isinstance(body, str) else body
    return Response(content=content, status_code=status, media_type="application/json", headers=headers)


class MalformedBody(DomainError):
    code = "malformed_json"
    status = 400
    title = "The body is not valid JSON"


async def read_json(request: Request) -> Any:
    """The request body as JSON, or a 400 problem (never a 500) when it is not JSON."""
    import json

    raw = await request.body()
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise MalformedBody("The request body is not valid JSON.") from exc

"""HTTP helpers shared by the routers: JSON built by PostgreSQL passed through, ETags and preconditions."""

from __future__ import annotations

import json
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


def if_match_version(request: Request, *, required: bool, noun: str) -> int | None:
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


# No request body of this API nests deeper than a handful of levels (metrics_json: splits in laps in an object);
# 32 leaves room and keeps every later walk over the value (pydantic, psycopg, PostgreSQL) shallow.
MAX_JSON_DEPTH = 32


def json_depth(value: Any, *, stop_above: int | None = None) -> int:
    """How deeply arrays and objects nest in a parsed JSON value (a scalar is 0), without recursion, so a hostile
    document cannot exhaust the stack; with ``stop_above``, the walk ends as soon as that depth is passed."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        if stop_above is not None and deepest > stop_above:
            break
        stack.extend((child, depth + 1) for child in children)
    return deepest


def parse_json_text(raw: bytes | str, *, what: str = "The request body") -> Any:
    """JSON text to a value, or ``MalformedBody`` (400): not JSON, or nested deeper than MAX_JSON_DEPTH."""
    try:
        value = json.loads(raw)
    except RecursionError as exc:
        raise MalformedBody(f"{what} nests too deeply; at most {MAX_JSON_DEPTH} levels are accepted.") from exc
    except ValueError as exc:
        raise MalformedBody(f"{what} is not valid JSON.") from exc
    if json_depth(value) > MAX_JSON_DEPTH:
        raise MalformedBody(f"{what} nests too deeply; at most {MAX_JSON_DEPTH} levels are accepted.")
    return value


async def read_json(request: Request) -> Any:
    """The request body as JSON, or a 400 problem (never a 500) when it is not JSON or nests too deeply."""
    return parse_json_text(await request.body())

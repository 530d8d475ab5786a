"""What the planning routes share: the ETag responses, their OpenAPI declarations, and the update and delete of a
program-owned row with If-Match."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from fastapi import Request
from fastapi.responses import Response

from trainingops.api.http import etag, if_match_version, json_response
from trainingops.api.openapi import ETAG_HEADER, errors
from trainingops.auth.dependencies import Tx
from trainingops.planning import service
from trainingops.planning.service import (
    Table,
)

STAFF_ONLY = "staff_only: only active staff of the program change its plans"
ONE: dict[int | str, dict[str, Any]] = {200: {"headers": ETAG_HEADER}}
CREATED = {201: {"headers": ETAG_HEADER}, **errors(400, 409, 413, notes={403: STAFF_ONLY})}
CHANGED = {**ONE, **errors(400, 409, 412, 413, 428, notes={403: STAFF_ONLY})}
DELETED = errors(412, 428, notes={403: STAFF_ONLY, 409: "in_use: other records still refer to it"})
PRACTICE_ETAG = {
    "description": "The practice's version after the call: If-Match for publish or cancel",
    "schema": {"type": "string"},
}
PRACTICE_VERSION: dict[int | str, dict[str, Any]] = {200: {"headers": {"ETag": PRACTICE_ETAG}}}


def if_match_header(*, required: bool) -> dict[str, Any]:
    """The If-Match header in the OpenAPI document (read by ``if_match_version``, which answers 428, not 422)."""
    description = (
        "The practice's ETag as you read it (GET, or a preview): 428 without it, 412 when the practice, "
        "its workouts or its overrides changed since."
        if required
        else "Optional: the practice's ETag; 412 when it changed since."
    )
    return {
        "parameters": [
            {
                "name": "If-Match",
                "in": "header",
                "required": required,
                "description": description,
                "schema": {"type": "string"},
            }
        ]
    }


def one(body: dict[str, Any], status: int = 200) -> Response:
    return json_response(json.dumps(body, default=str), status=status, headers={"ETag": etag(int(body["version"]))})


async def patch(tx: Tx, request: Request, table: Table, row_id: UUID, changes: dict[str, Any]) -> Response:
    expected = if_match_version(request, required=True, noun=table.what)
    return one(await service.update(tx, table=table, row_id=row_id, changes=changes, expected_version=expected))


async def delete(tx: Tx, request: Request, table: Table, row_id: UUID) -> Response:
    expected = if_match_version(request, required=True, noun=table.what)
    await service.delete(tx, table=table, row_id=row_id, expected_version=expected)
    return Response(status_code=204)


def report(report: dict[str, Any]) -> Response:
    return json_response(json.dumps(report), headers={"ETag": etag(int(report["version"]))})

"""Routes: GET, PUT and DELETE /api/v1/programs/{id}/load-settings."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from trainingops.auth.dependencies import Tx
from trainingops.http import etag, if_match_version, json_response
from trainingops.load_settings import service
from trainingops.load_settings.schemas import LoadSettingsBody
from trainingops.sessions.router import ERRORS, PROBLEM

router = APIRouter(prefix="/api/v1", tags=["load"], responses=ERRORS)
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"description": "Staff only", **PROBLEM},
    412: {"description": "Stale If-Match", **PROBLEM},
    428: {"description": "If-Match missing", **PROBLEM},
}


def _one(body: dict[str, Any]) -> Response:
    return json_response(json.dumps(body), headers={"ETag": etag(int(body["version"]))})


@router.get(
    "/programs/{program_id}/load-settings",
    operation_id="getLoadSettings",
    summary="The load models' windows, time constants and smoothing for this program (defaults when never set)",
)
async def get_load_settings(program_id: UUID, tx: Tx) -> Response:
    return _one(await service.get(tx, program_id=program_id))


@router.put(
    "/programs/{program_id}/load-settings",
    operation_id="putLoadSettings",
    summary='Replace this program\'s load settings (staff; If-Match with the ETag read, "v0" the first time)',
    responses=WRITE_ERRORS,
)
async def put_load_settings(program_id: UUID, body: LoadSettingsBody, request: Request, tx: Tx) -> Response:
    expected = if_match_version(request, required=True)
    return _one(await service.replace(tx, program_id=program_id, body=body, expected_version=expected))


@router.delete(
    "/programs/{program_id}/load-settings",
    operation_id="resetLoadSettings",
    summary="Back to the published defaults (staff)",
    responses=WRITE_ERRORS,
)
async def reset_load_settings(program_id: UUID, request: Request, tx: Tx) -> Response:
    expected = if_match_version(request, required=True)
    return _one(await service.reset(tx, program_id=program_id, expected_version=expected))

"""Routes: GET, PUT and DELETE /api/v1/programs/{id}/load-settings."""

from __future__ import annotations

import json
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body, Request
from fastapi.responses import Response

from trainingops.api.http import etag, if_match_version, json_response
from trainingops.api.openapi import ETAG_HEADER, READ_ERRORS, errors
from trainingops.auth.dependencies import Tx
from trainingops.load import program_settings as service
from trainingops.load.settings_schemas import LoadSettingsBody, ProgramLoadSettings

router = APIRouter(prefix="/api/v1", tags=["load"], responses=READ_ERRORS)
# The 428/412 texts name what the ETag is of.
NOUN = "program's load settings"
CHANGED: dict[int | str, dict[str, Any]] = {
    200: {"headers": ETAG_HEADER},
    **errors(412, 428, notes={403: "staff_only: only active staff of the program change its load settings"}),
}


PUT_EXAMPLES = {
    "longer_chronic": {
        "summary": "A 35-day chronic window; the rest stays at the published defaults",
        "value": {"chronic_days": 35},
    },
    "trainingpeaks": {
        "summary": "TrainingPeaks' smoothing (k = 1/T)",
        "value": {"ctl_days": 42, "atl_days": 7, "smoothing": "reciprocal"},
    },
}


def _one(body: dict[str, Any]) -> Response:
    return json_response(json.dumps(body), headers={"ETag": etag(int(body["version"]))})


@router.get(
    "/programs/{program_id}/load-settings",
    operation_id="getLoadSettings",
    response_model=ProgramLoadSettings,
    responses={200: {"headers": ETAG_HEADER}},
    summary="The load models' windows, time constants and smoothing for this program (defaults when never set)",
)
async def get_load_settings(program_id: UUID, tx: Tx) -> Response:
    return _one(await service.get(tx, program_id=program_id))


@router.put(
    "/programs/{program_id}/load-settings",
    operation_id="putLoadSettings",
    response_model=ProgramLoadSettings,
    summary='Replace this program\'s load settings (staff; If-Match with the ETag read, "v0" the first time)',
    responses=CHANGED,
)
async def put_load_settings(
    program_id: UUID,
    body: Annotated[LoadSettingsBody, Body(openapi_examples=PUT_EXAMPLES)],
    request: Request,
    tx: Tx,
) -> Response:
    expected = if_match_version(request, required=True, noun=NOUN)
    return _one(await service.replace(tx, program_id=program_id, body=body, expected_version=expected))


@router.delete(
    "/programs/{program_id}/load-settings",
    operation_id="resetLoadSettings",
    response_model=ProgramLoadSettings,
    summary="Back to the published defaults (staff)",
    responses=CHANGED,
)
async def reset_load_settings(program_id: UUID, request: Request, tx: Tx) -> Response:
    expected = if_match_version(request, required=True, noun=NOUN)
    return _one(await service.reset(tx, program_id=program_id, expected_version=expected))

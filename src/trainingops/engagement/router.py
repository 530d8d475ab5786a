"""HTTP routes of the coach–athlete loop: thin handlers over the services."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import Response

from trainingops.api.http import json_response
from trainingops.api.openapi import READ_ERRORS
from trainingops.auth.dependencies import Tx
from trainingops.engagement import schemas, team_ops

router = APIRouter(prefix="/api/v1", tags=["engagement"])


@router.get(
    "/programs/{program_id}/team-ops",
    operation_id="getTeamOps",
    response_model=schemas.TeamOps,
    responses=READ_ERRORS,
    summary="Team Ops: each rostered athlete's week, readiness, load ratio, flags and what waits for review",
    description=(
        "For the program's staff (every role); anyone else, athletes of the program included, gets the 404 of a "
        "hidden program. One row per athlete on the season's roster (inactive entries left out), ordered by "
        "event group: the week's plan against what was done with its compliance band (a band, never a grade), "
        "missed sessions, the last completed session, readiness with its factors, the exponentially weighted "
        "acute:chronic ratio and the team load view's flags on `as_of` (today, or the end of a past week), the "
        "daily load of the 28 days up to it and the week's completed sessions not yet reviewed. Ratios and "
        "flags describe load; they are not an injury probability."
    ),
)
async def get_team_ops(
    program_id: UUID,
    tx: Tx,
    week: Annotated[date | None, Query(description="Any day of the week wanted; default: this week")] = None,
    team_season_id: Annotated[UUID | None, Query(description="Default: the season containing today")] = None,
) -> Response:
    return json_response(await team_ops.team_ops(tx, program_id=program_id, week=week, team_season_id=team_season_id))

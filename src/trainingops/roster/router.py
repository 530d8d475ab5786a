"""Context routes: who am I, and the programs, seasons, rosters, event groups and athletes I may see."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import Response

from trainingops.auth.dependencies import Tx
from trainingops.http import json_response
from trainingops.roster import service
from trainingops.sessions.router import ERRORS

router = APIRouter(prefix="/api/v1", tags=["context"], responses=ERRORS)


@router.get("/me", operation_id="getMe", summary="The caller: user, staff memberships, athlete profile and rosters")
async def get_me(tx: Tx) -> Response:
    return json_response(await service.me(tx))


@router.get("/programs", operation_id="listPrograms", summary="Programs you are staff of or rostered in")
async def list_programs(tx: Tx) -> Response:
    return json_response(await service.programs(tx))


@router.get("/programs/{program_id}/team-seasons", operation_id="listTeamSeasons")
async def list_team_seasons(program_id: UUID, tx: Tx) -> Response:
    return json_response(await service.team_seasons(tx, program_id=program_id))


@router.get("/programs/{program_id}/event-groups", operation_id="listEventGroups")
async def list_event_groups(program_id: UUID, tx: Tx) -> Response:
    return json_response(await service.event_groups(tx, program_id=program_id))


@router.get("/team-seasons/{team_season_id}/roster", operation_id="getRoster", summary="Athletes with event group")
async def get_roster(team_season_id: UUID, tx: Tx) -> Response:
    return json_response(await service.roster(tx, team_season_id=team_season_id))


@router.get("/athletes/{athlete_id}", operation_id="getAthlete")
async def get_athlete(athlete_id: UUID, tx: Tx) -> Response:
    return json_response(await service.athlete(tx, athlete_id=athlete_id))

"""Context routes: who am I, and the programs, seasons, rosters, event groups and athletes I may see."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import Response

from trainingops.api.http import etag, json_response
from trainingops.api.openapi import ETAG_HEADER, READ_ERRORS
from trainingops.auth.dependencies import Tx
from trainingops.roster import schemas, service

router = APIRouter(prefix="/api/v1", tags=["context"], responses=READ_ERRORS)


@router.get(
    "/me",
    operation_id="getMe",
    response_model=schemas.Me,
    summary="The caller: user, staff memberships, athlete profile and rosters",
)
async def get_me(tx: Tx) -> Response:
    return json_response(await service.me(tx))


@router.get(
    "/programs",
    operation_id="listPrograms",
    response_model=schemas.ProgramList,
    summary="Programs you are staff of or rostered in",
)
async def list_programs(tx: Tx) -> Response:
    return json_response(await service.programs(tx))


@router.get(
    "/programs/{program_id}/team-seasons", operation_id="listTeamSeasons", response_model=schemas.TeamSeasonList
)
async def list_team_seasons(program_id: UUID, tx: Tx) -> Response:
    return json_response(await service.team_seasons(tx, program_id=program_id))


@router.get(
    "/programs/{program_id}/event-groups", operation_id="listEventGroups", response_model=schemas.EventGroupList
)
async def list_event_groups(program_id: UUID, tx: Tx) -> Response:
    return json_response(await service.event_groups(tx, program_id=program_id))


@router.get(
    "/team-seasons/{team_season_id}/roster",
    operation_id="getRoster",
    response_model=schemas.Roster,
    summary="Athletes with event group",
)
async def get_roster(team_season_id: UUID, tx: Tx) -> Response:
    return json_response(await service.roster(tx, team_season_id=team_season_id))


@router.get(
    "/athletes/{athlete_id}",
    operation_id="getAthlete",
    response_model=schemas.AthleteRead,
    responses={200: {"headers": ETAG_HEADER}},
)
async def get_athlete(athlete_id: UUID, tx: Tx) -> Response:
    body, version = await service.athlete(tx, athlete_id=athlete_id)
    return json_response(body, headers={"ETag": etag(version)})

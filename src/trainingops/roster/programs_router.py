"""Routes that run a program: create and edit it, its members' roles, its seasons and its event groups."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from trainingops.api.http import etag, if_match_version, json_response
from trainingops.api.openapi import ETAG_HEADER, READ_ERRORS, errors
from trainingops.auth.dependencies import Tx
from trainingops.roster import programs, schemas
from trainingops.roster.bodies import (
    EventGroupCreate,
    EventGroupUpdate,
    MemberUpdate,
    ProgramCreate,
    ProgramUpdate,
    SeasonCreate,
    SeasonUpdate,
)

router = APIRouter(prefix="/api/v1", tags=["programs"], responses=READ_ERRORS)

ROLE = "staff_only for an athlete of the program; role_required for staff whose role may not (docs/security.md)"
ONE: dict[int | str, dict[str, Any]] = {200: {"headers": ETAG_HEADER}}
CREATED: dict[int | str, dict[str, Any]] = {201: {"headers": ETAG_HEADER}, **errors(400, 409, 413, notes={403: ROLE})}
CHANGED: dict[int | str, dict[str, Any]] = {**ONE, **errors(400, 409, 412, 413, 428, notes={403: ROLE})}


def _one(written: tuple[str, int], status: int = 200, location: str | None = None) -> Response:
    body, version = written
    headers = {"ETag": etag(version)}
    if location:
        headers["Location"] = location
    return json_response(body, status=status, headers=headers)


# ---------------------------------------------------------------------------------------------- programs


@router.post(
    "/programs",
    operation_id="createProgram",
    status_code=201,
    response_model=schemas.ProgramDetail,
    summary="Create a program; you become its program_admin (or head_coach: creator_role)",
    responses={201: {"headers": ETAG_HEADER}, **errors(400, 413)},
)
async def create_program(body: ProgramCreate, tx: Tx) -> Response:
    program_id = await programs.create_program(tx, body=body)
    return _one(await programs.program(tx, program_id=program_id), 201, f"/api/v1/programs/{program_id}")


@router.get(
    "/programs/{program_id}",
    operation_id="getProgram",
    response_model=schemas.ProgramDetail,
    responses=ONE,
    summary="A program, with what your role lets you do in it",
)
async def get_program(program_id: UUID, tx: Tx) -> Response:
    return _one(await programs.program(tx, program_id=program_id))


@router.patch(
    "/programs/{program_id}",
    operation_id="updateProgram",
    response_model=schemas.ProgramDetail,
    responses=CHANGED,
    summary="Name, sport, time zone (program admin, head coach); needs If-Match",
)
async def update_program(program_id: UUID, body: ProgramUpdate, request: Request, tx: Tx) -> Response:
    expected = if_match_version(request, required=True, noun="program")
    return _one(await programs.update_program(tx, program_id=program_id, body=body, expected_version=expected))


# ----------------------------------------------------------------------------------------------- members


@router.get(
    "/programs/{program_id}/members",
    operation_id="listProgramMembers",
    response_model=schemas.MemberList,
    summary="The program's staff, inactive members included",
)
async def list_members(program_id: UUID, tx: Tx) -> Response:
    return json_response(await programs.members(tx, program_id=program_id))


@router.patch(
    "/program-members/{member_id}",
    operation_id="updateProgramMember",
    response_model=schemas.MemberRead,
    responses={
        **ONE,
        **errors(
            400,
            412,
            413,
            428,
            notes={
                403: ROLE + "; own_membership_locked: nobody changes their own role or deactivates themselves",
                409: "last_administrator: the program keeps at least one active program admin or head coach",
            },
        ),
    },
    summary="Change a member's role, or deactivate them (active: false; history kept); needs If-Match",
)
async def update_member(member_id: UUID, body: MemberUpdate, request: Request, tx: Tx) -> Response:
    expected = if_match_version(request, required=True, noun="membership")
    return _one(await programs.update_member(tx, member_id=member_id, body=body, expected_version=expected))


# ----------------------------------------------------------------------------------------------- seasons


@router.post(
    "/programs/{program_id}/team-seasons",
    operation_id="createTeamSeason",
    status_code=201,
    response_model=schemas.TeamSeasonRead,
    responses=CREATED,
    summary="A new season of the program (program admin, head coach)",
)
async def create_season(program_id: UUID, body: SeasonCreate, tx: Tx) -> Response:
    return _one(await programs.create_season(tx, program_id=program_id, body=body), 201)


@router.patch(
    "/team-seasons/{team_season_id}",
    operation_id="updateTeamSeason",
    response_model=schemas.TeamSeasonRead,
    responses=CHANGED,
    summary="Name, sport, dates; closed: true closes it (no new roster entries or practices); needs If-Match",
)
async def update_season(team_season_id: UUID, body: SeasonUpdate, request: Request, tx: Tx) -> Response:
    expected = if_match_version(request, required=True, noun="team season")
    return _one(await programs.update_season(tx, team_season_id=team_season_id, body=body, expected_version=expected))


# ------------------------------------------------------------------------------------------ event groups


@router.post(
    "/programs/{program_id}/event-groups",
    operation_id="createEventGroup",
    status_code=201,
    response_model=schemas.EventGroupRead,
    responses=CREATED,
    summary="A new event group (program admin, head coach, assistant coaches)",
)
async def create_event_group(program_id: UUID, body: EventGroupCreate, tx: Tx) -> Response:
    return _one(await programs.create_event_group(tx, program_id=program_id, body=body), 201)


@router.patch(
    "/event-groups/{event_group_id}",
    operation_id="updateEventGroup",
    response_model=schemas.EventGroupRead,
    responses=CHANGED,
    summary="Rename; archived: true archives it (nothing new goes into it, history keeps it); needs If-Match",
)
async def update_event_group(event_group_id: UUID, body: EventGroupUpdate, request: Request, tx: Tx) -> Response:
    expected = if_match_version(request, required=True, noun="event group")
    return _one(
        await programs.update_event_group(tx, event_group_id=event_group_id, body=body, expected_version=expected)
    )

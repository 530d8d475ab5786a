"""Routes that change rosters: athletes of a program, their profiles, roster entries, the roster CSV import."""

from __future__ import annotations

import json
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, BackgroundTasks, Query, Request
from fastapi.responses import Response

from trainingops import mail
from trainingops.api.http import etag, if_match_version, json_response
from trainingops.api.openapi import ETAG_HEADER, READ_ERRORS, errors
from trainingops.auth.dependencies import Tx
from trainingops.config import Settings
from trainingops.roster import athletes, roster_import, schemas
from trainingops.roster.bodies import AthleteCreate, AthleteUpdate, RosterEntryCreate, RosterEntryUpdate
from trainingops.roster.import_schemas import IMPORT_EXAMPLE, RosterImportReport

router = APIRouter(prefix="/api/v1", tags=["rosters"], responses=READ_ERRORS)

ROLE = "staff_only for an athlete; role_required for staff whose role may not (docs/security.md)"
ONE: dict[int | str, dict[str, Any]] = {200: {"headers": ETAG_HEADER}}
CHANGED: dict[int | str, dict[str, Any]] = {**ONE, **errors(400, 409, 412, 413, 428, notes={403: ROLE})}
SEASON_CLOSED = "season_closed: the season is closed; already_exists: already on it in this group"


def _one(written: tuple[str, int], status: int = 200) -> Response:
    body, version = written
    return json_response(body, status=status, headers={"ETag": etag(version)})


@router.get(
    "/programs/{program_id}/athletes",
    operation_id="listProgramAthletes",
    response_model=schemas.AthleteList,
    summary="The program's athletes: those it created and those ever on its rosters",
)
async def list_program_athletes(program_id: UUID, tx: Tx) -> Response:
    return json_response(await athletes.program_athletes(tx, program_id=program_id))


@router.post(
    "/programs/{program_id}/athletes",
    operation_id="createAthlete",
    status_code=201,
    response_model=schemas.AthleteRead,
    responses={201: {"headers": ETAG_HEADER}, **errors(400, 409, 413, notes={403: ROLE, 409: SEASON_CLOSED})},
    summary="A new athlete of the program, on a season's roster at once with team_season_id",
)
async def create_athlete(program_id: UUID, body: AthleteCreate, tx: Tx) -> Response:
    return _one(await athletes.create_athlete(tx, program_id=program_id, body=body), 201)


@router.patch(
    "/athletes/{athlete_id}",
    operation_id="updateAthlete",
    response_model=schemas.AthleteRead,
    responses=CHANGED,
    summary="Name, sex, date of birth, email: the athlete, or roster staff of their program; needs If-Match",
)
async def update_athlete(athlete_id: UUID, body: AthleteUpdate, request: Request, tx: Tx) -> Response:
    expected = if_match_version(request, required=True, noun="athlete")
    return _one(await athletes.update_athlete(tx, athlete_id=athlete_id, body=body, expected_version=expected))


@router.post(
    "/team-seasons/{team_season_id}/roster",
    operation_id="addRosterEntry",
    status_code=201,
    response_model=schemas.RosterEntryRead,
    responses={
        201: {"headers": ETAG_HEADER},
        **errors(
            400,
            413,
            notes={
                403: ROLE + "; athlete_not_in_program: not an athlete of this program (they join by invitation)",
                409: SEASON_CLOSED,
            },
        ),
    },
    summary="Put an athlete of the program on this season's roster",
)
async def add_roster_entry(team_season_id: UUID, body: RosterEntryCreate, tx: Tx) -> Response:
    return _one(await athletes.add_to_roster(tx, team_season_id=team_season_id, body=body), 201)


@router.patch(
    "/roster-entries/{roster_entry_id}",
    operation_id="updateRosterEntry",
    response_model=schemas.RosterEntryRead,
    responses=CHANGED,
    summary="Status, a move to another event group, joined/left dates (athletic trainers: status); If-Match",
)
async def update_roster_entry(roster_entry_id: UUID, body: RosterEntryUpdate, request: Request, tx: Tx) -> Response:
    expected = if_match_version(request, required=True, noun="roster entry")
    return _one(await athletes.update_entry(tx, roster_entry_id=roster_entry_id, body=body, expected_version=expected))


@router.post(
    "/team-seasons/{team_season_id}/roster:import",
    operation_id="importRoster",
    status_code=201,
    response_model=RosterImportReport,
    summary="Import a season's roster from CSV: every row validated first, all rows or none",
    responses={
        200: {"model": RosterImportReport, "description": "Dry run, or nothing new to add"},
        **errors(
            401,
            413,
            422,
            "5XX",
            notes={
                403: ROLE,
                409: "season_closed: the season is closed",
                422: "import_invalid: `errors` names every bad row and column (nothing was written); invalid_input "
                "for a bad header",
            },
        ),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/csv": {"schema": {"type": "string"}, "example": IMPORT_EXAMPLE}},
        }
    },
)
async def import_roster(
    team_season_id: UUID,
    request: Request,
    tx: Tx,
    background: BackgroundTasks,
    dry_run: Annotated[bool, Query(description="Validate and report only; write nothing")] = False,
) -> Response:
    """CSV columns `name` (required), `email`, `event_group`, `status`, `sex`, `date_of_birth` (docs/api.md).
    Rows name athletes of the program (matched by email, else name) or new ones; each goes on the season's roster
    in its group, unless already there."""
    settings: Settings = request.app.state.settings
    imported = await roster_import.import_roster(
        tx, settings=settings, team_season_id=team_season_id, data=await request.body(), dry_run=dry_run
    )
    for link in imported.links:  # after the answer, like every invitation
        background.add_task(
            mail.deliver_link,
            settings,
            to=link.to,
            subject=link.subject,
            text=link.text,
            link=link.url,
            what="invitation",
        )
    report = imported.body
    created = (bool(report["entries_created"]) or bool(report["invitations_created"])) and not dry_run
    return json_response(json.dumps(report), status=201 if created else 200)

"""HTTP routes of the load models: thin handlers over ``service`` (same access rules as sessions)."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import Response

from trainingops.api.http import json_response
from trainingops.api.openapi import READ_ERRORS
from trainingops.auth.dependencies import Tx
from trainingops.load import schemas, service

router = APIRouter(prefix="/api/v1", tags=["load"])

RATIO_NOTE = (
    'Ratios and flags describe load ("load this week is 1.6× the athlete\'s recent norm"); they are not an '
    "injury probability."
)


@router.get(
    "/athletes/{athlete_id}/load",
    operation_id="getAthleteLoad",
    response_model=schemas.AthleteLoad,
    responses=READ_ERRORS,
    summary="An athlete's daily load, every metric and estimated-data flags, per day",
    description=(
        "Daily sRPE load, distance, duration, TRIMP, acute/chronic loads and ratios (rolling coupled and "
        "uncoupled, EWMA), monotony and strain, CTL/ATL/TSB, ramp rate, week-over-week distance and readiness, "
        f"per local day in [from, to] (at most {service.MAX_RANGE_DAYS} days). Sessions from "
        f"{service.HISTORY_DAYS} days before `from` (more when the program's CTL time constant is longer than 42 "
        "days; see /programs/{id}/load-settings) are read so every average is warmed up. Days from today on "
        "include the planned, not-yet-completed sessions (`projected`); readiness is given up to today only. "
        f"Undefined values are null. {RATIO_NOTE}"
    ),
)
async def athlete_load(
    athlete_id: UUID,
    tx: Tx,
    date_from: Annotated[date | None, Query(alias="from", description="Default: 55 days before `to`")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="Default: today (or 55 days after `from`)")] = None,
) -> Response:
    return json_response(await service.athlete_load(tx, athlete_id=athlete_id, date_from=date_from, date_to=date_to))


@router.get(
    "/athletes/{athlete_id}/readiness",
    operation_id="getAthleteReadiness",
    response_model=schemas.AthleteReadiness,
    responses=READ_ERRORS,
    summary="An athlete's readiness (0–100) with its factors in words, or why there is no score yet",
    description=(
        "From form relative to the athlete's own history, the load ratio, RPE drift and missed or cut-short "
        "sessions. No score until there are 28 days of history and 8 logged sessions; `data` says how much more "
        f"is needed. `date` defaults to today and may not be later. {RATIO_NOTE}"
    ),
)
async def athlete_readiness(
    athlete_id: UUID,
    tx: Tx,
    day: Annotated[date | None, Query(alias="date", description="Default: today (program time zone)")] = None,
) -> Response:
    return json_response(await service.athlete_readiness(tx, athlete_id=athlete_id, day=day))


@router.get(
    "/team-seasons/{team_season_id}/load",
    operation_id="getTeamLoad",
    response_model=schemas.TeamLoad,
    responses=READ_ERRORS,
    summary="Every rostered athlete's current metrics, descriptive flags and the 7-day forecast of the plan",
    description=(
        "Metrics on `date` (default today, not later) as of that day (today: what is done plus today's plan not "
        "yet done, at its planned load — the same numbers as the athlete view), readiness, flags in "
        "words, and the forecast for `date` and the six days after from the planned, not-yet-completed sessions "
        f"(planned RPE × planned minutes, estimated where missing). {RATIO_NOTE}"
    ),
)
async def team_load(
    team_season_id: UUID,
    tx: Tx,
    day: Annotated[date | None, Query(alias="date", description="Default: today (program time zone)")] = None,
    event_group_id: UUID | None = None,
) -> Response:
    body = await service.team_load(tx, team_season_id=team_season_id, day=day, event_group_id=event_group_id)
    return json_response(body)

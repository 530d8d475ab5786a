"""HTTP routes of the wellness check-in: thin handlers over ``service``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import Response

from trainingops.api import idempotency
from trainingops.api.http import etag, if_match_version, json_response
from trainingops.api.openapi import ETAG_HEADER, READ_ERRORS, errors
from trainingops.auth.dependencies import Tx
from trainingops.wellness import schemas, service

router = APIRouter(prefix="/api/v1", tags=["wellness"])

EXAMPLE = {
    "sleep_quality": 4,
    "fatigue": 3,
    "muscle_soreness": 3,
    "stress": 4,
    "mood": 4,
    "sleep_hours": 7.5,
    "note": "Calves a bit tight",
}


@router.put(
    "/athletes/{athlete_id}/wellness/{checkin_date}",
    operation_id="putWellnessCheckin",
    status_code=200,
    response_model=schemas.WellnessRead,
    summary="The athlete's wellness check-in for a day (McLean et al. 2010), created or changed",
    responses={
        200: {"headers": ETAG_HEADER, "description": "Changed, or the same as stored (nothing written)"},
        201: {"headers": ETAG_HEADER, "model": schemas.WellnessRead, "description": "Created"},
        **errors(
            400,
            401,
            404,
            412,
            413,
            422,
            428,
            "5XX",
            notes={
                **idempotency.NOTES,
                403: "athlete_only: staff read check-ins, only the athlete writes one",
                422: "validation_failed, checkin_date_in_future or idempotency_key_reused",
                428: "precondition_required: the day has a different check-in; send If-Match to change it",
            },
        ),
    },
    dependencies=[idempotency.IDEMPOTENCY_KEY],
)
@idempotency.idempotent
async def put_wellness_checkin(
    athlete_id: UUID,
    checkin_date: dt.date,
    request: Request,
    tx: Tx,
    checkin: Annotated[schemas.WellnessCheckin, Body(openapi_examples={"morning": {"value": EXAMPLE}})],
) -> Response:
    """Idempotent: sending the same check-in again answers 200 with it and writes nothing. A different check-in
    for a day that has one needs If-Match (428 without, 412 when stale). The day may not be after the athlete's
    today (their program's time zone)."""
    expected = if_match_version(request, required=False, noun="check-in")
    saved = await service.put_checkin(
        tx, athlete_id=athlete_id, day=checkin_date, checkin=checkin, expected_version=expected
    )
    return json_response(saved.body, status=201 if saved.created else 200, headers={"ETag": etag(saved.version)})


@router.get(
    "/athletes/{athlete_id}/wellness",
    operation_id="listWellnessCheckins",
    response_model=schemas.WellnessList,
    responses=READ_ERRORS,
    summary="The athlete's check-ins over [from, to]: items, or the daily total for staff who read the summary",
)
async def list_wellness_checkins(
    athlete_id: UUID,
    tx: Tx,
    date_from: Annotated[dt.date | None, Query(alias="from", description="Default: 27 days before `to`")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to", description="Default: the athlete's today")] = None,
) -> Response:
    """The athlete, their head coach and athletic trainer read the items (`detail: items`); every other staff
    member of the athlete reads the day's total only (`detail: summary`; items, hours and note are null)."""
    detail, items, first, last = await service.list_checkins(
        tx, athlete_id=athlete_id, date_from=date_from, date_to=date_to
    )
    head = f'{{"athlete_id":"{athlete_id}","from":"{first}","to":"{last}","detail":"{detail}","items":'
    return json_response(head + items + "}")

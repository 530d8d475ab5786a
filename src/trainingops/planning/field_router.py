"""HTTP routes the athlete app and the coach's phone use in the field: the group stopwatch and strength work per
set. Every write honours Idempotency-Key (``api.idempotency``); the set log, an update, needs If-Match."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Request
from fastapi.responses import Response

from trainingops.api import idempotency
from trainingops.api.http import etag, if_match_version, json_response
from trainingops.api.openapi import ETAG_HEADER, READ_ERRORS, errors
from trainingops.auth.dependencies import Tx
from trainingops.planning import field_schemas, stopwatch, strength_log

router = APIRouter(prefix="/api/v1", tags=["field"])

SPLITS_EXAMPLE = {
    "rep_distance_m": 800,
    "athletes": [
        {"athlete_id": "7a4e7c1e-5f7b-4c1e-9a8e-2c4b5d6e7f80", "reps": [{"split_ms": 142300}, {"split_ms": 141800}]},
        {"athlete_id": "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9", "reps": [{"split_ms": 150100}, {"dnf": True}]},
    ],
}


@router.post(
    "/practice-sessions/{practice_id}/splits",
    operation_id="fileStopwatchSplits",
    response_model=field_schemas.SplitsFiled,
    summary="File the group stopwatch: each athlete's splits per rep into their session, all or none",
    responses=errors(
        400,
        401,
        404,
        413,
        "5XX",
        notes={
            403: "staff_only / role_required: head and assistant coaches (plan_run) file splits",
            409: "sessions_already_completed (the athlete logged it: their log stays); idempotency_key_in_flight",
            422: "athletes_not_on_practice (`errors` points at each), practice_workout_ambiguous, "
            "validation_failed, idempotency_key_reused",
        },
    ),
    dependencies=[idempotency.IDEMPOTENCY_KEY],
)
@idempotency.idempotent
async def file_stopwatch_splits(
    practice_id: UUID,
    request: Request,
    tx: Tx,
    filing: Annotated[field_schemas.SplitsFiling, Body(openapi_examples={"6x800": {"value": SPLITS_EXAMPLE}})],
) -> Response:
    """For each athlete, the practice's run session gets `metrics_json` (schema `stopwatch/1`: laps shaped like a
    device file's), `actual_duration_sec` (the splits' sum), `actual_distance_m` (the reps finished) and
    `completed_at`. One transaction: one refused athlete and nothing is filed. Send an Idempotency-Key: a retry
    is answered as the first time."""
    return json_response(await stopwatch.file_splits(tx, practice_id=practice_id, filing=filing))


@router.get(
    "/sessions/{session_id}/sets",
    operation_id="getSessionSets",
    response_model=field_schemas.SessionSets,
    responses={200: {"headers": ETAG_HEADER}, **READ_ERRORS},
    summary="A gym session's sets: prescribed (with the athlete's kilograms) and done, with Epley estimates",
)
async def get_session_sets(session_id: UUID, tx: Tx) -> Response:
    body, version = await strength_log.session_sets(tx, session_id=session_id)
    return json_response(body, headers={"ETag": etag(version)})


@router.put(
    "/sessions/{session_id}/sets",
    operation_id="logSessionSets",
    response_model=field_schemas.SessionSets,
    summary="Record what was done per set (kg × reps; done, skipped or added), replacing the session's set log",
    responses={
        200: {"headers": ETAG_HEADER},
        **errors(
            400,
            401,
            404,
            412,
            413,
            428,
            "5XX",
            notes={
                **idempotency.NOTES,
                403: "planned_fields_locked or not_permitted: not yours to log",
                422: "session_not_gym, set_not_found (a step not in the workout), validation_failed, "
                "idempotency_key_reused",
            },
        ),
    },
    dependencies=[idempotency.IDEMPOTENCY_KEY],
)
@idempotency.idempotent
async def log_session_sets(
    session_id: UUID, request: Request, tx: Tx, log: Annotated[field_schemas.SetLog, Body()]
) -> Response:
    """The athlete (or staff who assign its gym work) sends every set logged so far; it is stored in the
    session's `metrics_json.strength` (schema `strength/1`) beside any device summary. Requires If-Match with the
    session's ETag."""
    expected = if_match_version(request, required=True, noun="session")
    body, version = await strength_log.log_sets(tx, session_id=session_id, log=log, expected_version=expected)
    return json_response(body, headers={"ETag": etag(version)})


@router.get(
    "/practice-sessions/{practice_id}/sets",
    operation_id="getPracticeSets",
    response_model=field_schemas.PracticeSets,
    responses=READ_ERRORS,
    summary="Prescribed vs done per athlete and set for a practice's gym sessions (the S&C coach's view)",
)
async def get_practice_sets(practice_id: UUID, tx: Tx) -> Response:
    return json_response(await strength_log.practice_sets(tx, practice_id=practice_id))


@router.post(
    "/sessions/{session_id}/strength-max",
    operation_id="strengthMaxFromSet",
    response_model=field_schemas.MaxEstimate,
    summary="Estimate a 1RM from a tested set (Epley 1985); with confirm, the coach saves it as the athlete's max",
    responses=errors(
        400,
        401,
        404,
        413,
        "5XX",
        notes={
            **idempotency.NOTES,
            403: "staff_only / role_required: head and strength coaches (plan_gym) confirm a max",
            409: "already_exists (a max for this exercise on this day), strength_max_program_unknown, "
            "idempotency_key_in_flight",
            422: "set_not_found, set_not_testable (no load, or over 10 reps), validation_failed",
        },
    ),
    dependencies=[idempotency.IDEMPOTENCY_KEY],
)
@idempotency.idempotent
async def strength_max_from_set(
    session_id: UUID, request: Request, tx: Tx, choice: Annotated[field_schemas.MaxFromSet, Body()]
) -> Response:
    """1RM = load × (1 + reps / 30) (Epley 1985), from a set logged done or added with 1 to 10 reps (a single is
    its own max). `confirm: false` answers the estimate and writes nothing; `confirm: true` saves it as a strength
    max tested on the session's day."""
    return json_response(await strength_log.max_from_set(tx, session_id=session_id, request=choice))

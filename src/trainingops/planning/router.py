"""HTTP routes of the planning library: training events, workouts (the S&C builder's too) and strength maxes."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Request
from fastapi.responses import Response

from trainingops.api.http import if_match_version, json_response
from trainingops.api.openapi import READ_ERRORS
from trainingops.auth.dependencies import Tx
from trainingops.planning import examples, reads, routing, schemas, service
from trainingops.planning.service import (
    STRENGTH_MAXES,
    TRAINING_EVENTS,
    WORKOUTS,
)

router = APIRouter(prefix="/api/v1", tags=["planning"], responses=READ_ERRORS)


# ----------------------------------------------------------------------------------------- training events


@router.get(
    "/programs/{program_id}/training-events", operation_id="listTrainingEvents", response_model=reads.TrainingEventList
)
async def list_training_events(program_id: UUID, tx: Tx) -> Response:
    return json_response(await service.list_of_program(tx, table=TRAINING_EVENTS, program_id=program_id))


@router.post(
    "/programs/{program_id}/training-events",
    operation_id="createTrainingEvent",
    status_code=201,
    response_model=reads.TrainingEventRead,
    responses=routing.CREATED,
)
async def create_training_event(
    program_id: UUID,
    body: Annotated[schemas.TrainingEventCreate, Body(openapi_examples=examples.TRAINING_EVENT)],
    tx: Tx,
) -> Response:
    values = body.model_dump()
    return routing.one(
        await service.create_in_program(tx, table=TRAINING_EVENTS, program_id=program_id, values=values), 201
    )


@router.get(
    "/training-events/{event_id}",
    operation_id="getTrainingEvent",
    response_model=reads.TrainingEventRead,
    responses=routing.ONE,
)
async def get_training_event(event_id: UUID, tx: Tx) -> Response:
    return routing.one(await service.get(tx, table=TRAINING_EVENTS, row_id=event_id))


@router.patch(
    "/training-events/{event_id}",
    operation_id="updateTrainingEvent",
    response_model=reads.TrainingEventRead,
    responses=routing.CHANGED,
)
async def update_training_event(
    event_id: UUID, body: schemas.TrainingEventUpdate, request: Request, tx: Tx
) -> Response:
    return await routing.patch(tx, request, TRAINING_EVENTS, event_id, body.model_dump(exclude_unset=True))


@router.delete(
    "/training-events/{event_id}", operation_id="deleteTrainingEvent", status_code=204, responses=routing.DELETED
)
async def delete_training_event(event_id: UUID, request: Request, tx: Tx) -> Response:
    return await routing.delete(tx, request, TRAINING_EVENTS, event_id)


# ------------------------------------------------------------------------------------------------ workouts


@router.get("/programs/{program_id}/workouts", operation_id="listWorkouts", response_model=reads.WorkoutSummaryList)
async def list_workouts(program_id: UUID, tx: Tx) -> Response:
    return json_response(await service.list_of_program(tx, table=WORKOUTS, program_id=program_id))


@router.post(
    "/programs/{program_id}/workouts",
    operation_id="createWorkout",
    status_code=201,
    response_model=reads.WorkoutRead,
    responses=routing.CREATED,
)
async def create_workout(
    program_id: UUID, body: Annotated[schemas.WorkoutCreate, Body(openapi_examples=examples.WORKOUT)], tx: Tx
) -> Response:
    """A workout with its steps as one nested document; distance and duration come from the steps, and so does
    an estimated RPE unless the coach gives planned_rpe (kept as given: session RPE rates the whole session)."""
    return routing.one(await service.create_workout(tx, program_id=program_id, body=body), 201)


@router.get(
    "/workouts/{workout_id}", operation_id="getWorkout", response_model=reads.WorkoutRead, responses=routing.ONE
)
async def get_workout(workout_id: UUID, tx: Tx) -> Response:
    return routing.one(await service.get_workout(tx, workout_id=workout_id))


@router.patch(
    "/workouts/{workout_id}", operation_id="updateWorkout", response_model=reads.WorkoutRead, responses=routing.CHANGED
)
async def update_workout(workout_id: UUID, body: schemas.WorkoutUpdate, request: Request, tx: Tx) -> Response:
    """Sending `steps` replaces the whole step document (and its totals; a coach's planned_rpe stays)."""
    expected = if_match_version(request, required=True, noun=WORKOUTS.what)
    return routing.one(await service.update_workout(tx, workout_id=workout_id, body=body, expected_version=expected))


@router.delete("/workouts/{workout_id}", operation_id="deleteWorkout", status_code=204, responses=routing.DELETED)
async def delete_workout(workout_id: UUID, request: Request, tx: Tx) -> Response:
    return await routing.delete(tx, request, WORKOUTS, workout_id)


@router.post(
    "/workouts/{workout_id}/copy",
    operation_id="copyWorkout",
    status_code=201,
    response_model=reads.WorkoutRead,
    responses=routing.CREATED,
)
async def copy_workout(workout_id: UUID, body: schemas.WorkoutCopy, tx: Tx) -> Response:
    return routing.one(await service.copy_workout(tx, workout_id=workout_id, name=body.name), 201)


# -------------------------------------------------------------------------------------------- strength maxes


@router.get(
    "/athletes/{athlete_id}/strength-maxes", operation_id="listStrengthMaxes", response_model=reads.StrengthMaxList
)
async def list_maxes(athlete_id: UUID, tx: Tx) -> Response:
    return json_response(await service.list_maxes(tx, athlete_id=athlete_id))


@router.post(
    "/athletes/{athlete_id}/strength-maxes",
    operation_id="addStrengthMax",
    status_code=201,
    response_model=reads.StrengthMaxRead,
    responses=routing.CREATED,
)
async def add_max(
    athlete_id: UUID, body: Annotated[schemas.StrengthMaxCreate, Body(openapi_examples=examples.STRENGTH_MAX)], tx: Tx
) -> Response:
    """A tested 1RM; the event's program is the max's program (staff of it only)."""
    return routing.one(await service.add_max(tx, athlete_id=athlete_id, body=body), 201)


@router.patch(
    "/strength-maxes/{max_id}",
    operation_id="updateStrengthMax",
    response_model=reads.StrengthMaxRead,
    responses=routing.CHANGED,
)
async def update_max(max_id: UUID, body: schemas.StrengthMaxUpdate, request: Request, tx: Tx) -> Response:
    return await routing.patch(tx, request, STRENGTH_MAXES, max_id, body.model_dump(exclude_unset=True))


@router.delete("/strength-maxes/{max_id}", operation_id="deleteStrengthMax", status_code=204, responses=routing.DELETED)
async def delete_max(max_id: UUID, request: Request, tx: Tx) -> Response:
    return await routing.delete(tx, request, STRENGTH_MAXES, max_id)

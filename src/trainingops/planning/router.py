"""HTTP routes of the planning layer: the practice planner and the S&C builder."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import Response

from trainingops.api.http import etag, if_match_version, json_response
from trainingops.api.openapi import ETAG_HEADER, READ_ERRORS, errors
from trainingops.auth.dependencies import Tx
from trainingops.planning import examples, publish, reads, schemas, service
from trainingops.planning.service import (
    ASSIGNMENTS,
    PRACTICE_WORKOUTS,
    PRACTICES,
    STRENGTH_MAXES,
    TRAINING_EVENTS,
    WORKOUTS,
    Table,
)

router = APIRouter(prefix="/api/v1", tags=["planning"], responses=READ_ERRORS)
STAFF_ONLY = "staff_only: only active staff of the program change its plans"
ONE: dict[int | str, dict[str, Any]] = {200: {"headers": ETAG_HEADER}}
CREATED = {201: {"headers": ETAG_HEADER}, **errors(400, 409, 413, notes={403: STAFF_ONLY})}
CHANGED = {**ONE, **errors(400, 409, 412, 413, 428, notes={403: STAFF_ONLY})}
DELETED = errors(412, 428, notes={403: STAFF_ONLY, 409: "in_use: other records still refer to it"})
PRACTICE_ETAG = {
    "description": "The practice's version after the call: If-Match for publish or cancel",
    "schema": {"type": "string"},
}
PRACTICE_VERSION: dict[int | str, dict[str, Any]] = {200: {"headers": {"ETag": PRACTICE_ETAG}}}


def _if_match_header(*, required: bool) -> dict[str, Any]:
    """The If-Match header in the OpenAPI document (read by ``if_match_version``, which answers 428, not 422)."""
    description = (
        "The practice's ETag as you read it (GET, or a preview): 428 without it, 412 when the practice, "
        "its workouts or its overrides changed since."
        if required
        else "Optional: the practice's ETag; 412 when it changed since."
    )
    return {
        "parameters": [
            {
                "name": "If-Match",
                "in": "header",
                "required": required,
                "description": description,
                "schema": {"type": "string"},
            }
        ]
    }


def _one(body: dict[str, Any], status: int = 200) -> Response:
    return json_response(json.dumps(body, default=str), status=status, headers={"ETag": etag(int(body["version"]))})


async def _patch(tx: Tx, request: Request, table: Table, row_id: UUID, changes: dict[str, Any]) -> Response:
    expected = if_match_version(request, required=True, noun=table.what)
    return _one(await service.update(tx, table=table, row_id=row_id, changes=changes, expected_version=expected))


async def _delete(tx: Tx, request: Request, table: Table, row_id: UUID) -> Response:
    expected = if_match_version(request, required=True, noun=table.what)
    await service.delete(tx, table=table, row_id=row_id, expected_version=expected)
    return Response(status_code=204)


def _report(report: dict[str, Any]) -> Response:
    return json_response(json.dumps(report), headers={"ETag": etag(int(report["version"]))})


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
    responses=CREATED,
)
async def create_training_event(
    program_id: UUID,
    body: Annotated[schemas.TrainingEventCreate, Body(openapi_examples=examples.TRAINING_EVENT)],
    tx: Tx,
) -> Response:
    values = body.model_dump()
    return _one(await service.create_in_program(tx, table=TRAINING_EVENTS, program_id=program_id, values=values), 201)


@router.get(
    "/training-events/{event_id}",
    operation_id="getTrainingEvent",
    response_model=reads.TrainingEventRead,
    responses=ONE,
)
async def get_training_event(event_id: UUID, tx: Tx) -> Response:
    return _one(await service.get(tx, table=TRAINING_EVENTS, row_id=event_id))


@router.patch(
    "/training-events/{event_id}",
    operation_id="updateTrainingEvent",
    response_model=reads.TrainingEventRead,
    responses=CHANGED,
)
async def update_training_event(
    event_id: UUID, body: schemas.TrainingEventUpdate, request: Request, tx: Tx
) -> Response:
    return await _patch(tx, request, TRAINING_EVENTS, event_id, body.model_dump(exclude_unset=True))


@router.delete("/training-events/{event_id}", operation_id="deleteTrainingEvent", status_code=204, responses=DELETED)
async def delete_training_event(event_id: UUID, request: Request, tx: Tx) -> Response:
    return await _delete(tx, request, TRAINING_EVENTS, event_id)


# ------------------------------------------------------------------------------------------------ workouts


@router.get("/programs/{program_id}/workouts", operation_id="listWorkouts", response_model=reads.WorkoutSummaryList)
async def list_workouts(program_id: UUID, tx: Tx) -> Response:
    return json_response(await service.list_of_program(tx, table=WORKOUTS, program_id=program_id))


@router.post(
    "/programs/{program_id}/workouts",
    operation_id="createWorkout",
    status_code=201,
    response_model=reads.WorkoutRead,
    responses=CREATED,
)
async def create_workout(
    program_id: UUID, body: Annotated[schemas.WorkoutCreate, Body(openapi_examples=examples.WORKOUT)], tx: Tx
) -> Response:
    """A workout with its steps as one nested document; distance and duration come from the steps, and so does
    an estimated RPE unless the coach gives planned_rpe (kept as given: session RPE rates the whole session)."""
    return _one(await service.create_workout(tx, program_id=program_id, body=body), 201)


@router.get("/workouts/{workout_id}", operation_id="getWorkout", response_model=reads.WorkoutRead, responses=ONE)
async def get_workout(workout_id: UUID, tx: Tx) -> Response:
    return _one(await service.get_workout(tx, workout_id=workout_id))


@router.patch(
    "/workouts/{workout_id}", operation_id="updateWorkout", response_model=reads.WorkoutRead, responses=CHANGED
)
async def update_workout(workout_id: UUID, body: schemas.WorkoutUpdate, request: Request, tx: Tx) -> Response:
    """Sending `steps` replaces the whole step document (and its totals; a coach's planned_rpe stays)."""
    expected = if_match_version(request, required=True, noun=WORKOUTS.what)
    return _one(await service.update_workout(tx, workout_id=workout_id, body=body, expected_version=expected))


@router.delete("/workouts/{workout_id}", operation_id="deleteWorkout", status_code=204, responses=DELETED)
async def delete_workout(workout_id: UUID, request: Request, tx: Tx) -> Response:
    return await _delete(tx, request, WORKOUTS, workout_id)


@router.post(
    "/workouts/{workout_id}/copy",
    operation_id="copyWorkout",
    status_code=201,
    response_model=reads.WorkoutRead,
    responses=CREATED,
)
async def copy_workout(workout_id: UUID, body: schemas.WorkoutCopy, tx: Tx) -> Response:
    return _one(await service.copy_workout(tx, workout_id=workout_id, name=body.name), 201)


# ----------------------------------------------------------------------------------------------- practices


@router.get(
    "/team-seasons/{team_season_id}/practice-sessions",
    operation_id="listPracticeSessions",
    response_model=reads.PracticeList,
)
async def list_practices(
    team_season_id: UUID,
    tx: Tx,
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
) -> Response:
    return json_response(
        await service.list_practices(tx, team_season_id=team_season_id, date_from=date_from, date_to=date_to)
    )


@router.post(
    "/team-seasons/{team_season_id}/practice-sessions",
    operation_id="createPracticeSession",
    status_code=201,
    response_model=reads.PracticeRead,
    responses=CREATED,
)
async def create_practice(
    team_season_id: UUID, body: Annotated[schemas.PracticeCreate, Body(openapi_examples=examples.PRACTICE)], tx: Tx
) -> Response:
    return _one(await service.create_practice(tx, team_season_id=team_season_id, body=body), 201)


@router.get(
    "/practice-sessions/{practice_id}",
    operation_id="getPracticeSession",
    response_model=reads.PracticeRead,
    responses=ONE,
)
async def get_practice(practice_id: UUID, tx: Tx) -> Response:
    return _one(await service.get(tx, table=PRACTICES, row_id=practice_id))


@router.patch(
    "/practice-sessions/{practice_id}",
    operation_id="updatePracticeSession",
    response_model=reads.PracticeRead,
    responses=CHANGED,
)
async def update_practice(practice_id: UUID, body: schemas.PracticeUpdate, request: Request, tx: Tx) -> Response:
    """Changes the practice, not its sessions: publish again to bring them in line."""
    return await _patch(tx, request, PRACTICES, practice_id, body.model_dump(exclude_unset=True))


@router.delete(
    "/practice-sessions/{practice_id}", operation_id="deletePracticeSession", status_code=204, responses=DELETED
)
async def delete_practice(practice_id: UUID, request: Request, tx: Tx) -> Response:
    """Removes its uncompleted sessions first (as cancelling does); completed ones stay, without the link."""
    expected = if_match_version(request, required=True, noun=PRACTICES.what)
    await publish.cancel(tx, practice_id=practice_id, expected_version=expected)
    await service.delete(tx, table=PRACTICES, row_id=practice_id, expected_version=None)
    return Response(status_code=204)


@router.post(
    "/practice-sessions/{practice_id}/preview",
    operation_id="previewPracticeSession",
    response_model=schemas.PublishReport,
    openapi_extra=_if_match_header(required=False),
    responses={**PRACTICE_VERSION, **errors(412, notes={403: STAFF_ONLY})},
)
async def preview_practice(practice_id: UUID, request: Request, tx: Tx) -> Response:
    """What publishing would do, without writing anything. A read: If-Match is optional and honoured; the ETag
    answered is the version previewed, so publishing with it publishes exactly what was previewed."""
    expected = if_match_version(request, required=False, noun=PRACTICES.what)
    return _report(await publish.preview(tx, practice_id=practice_id, expected_version=expected))


@router.post(
    "/practice-sessions/{practice_id}/publish",
    operation_id="publishPracticeSession",
    response_model=schemas.PublishReport,
    openapi_extra=_if_match_header(required=True),
    responses={**PRACTICE_VERSION, **errors(412, 428, notes={403: STAFF_ONLY})},
)
async def publish_practice(practice_id: UUID, request: Request, tx: Tx) -> Response:
    """Derive one session per athlete and workout; re-publishing updates uncompleted ones and never touches
    completed ones. Requires If-Match with the practice's ETag (its workouts and overrides move it too)."""
    expected = if_match_version(request, required=True, noun=PRACTICES.what)
    return _report(await publish.publish(tx, practice_id=practice_id, expected_version=expected))


@router.post(
    "/practice-sessions/{practice_id}/cancel",
    operation_id="cancelPracticeSession",
    response_model=schemas.PublishReport,
    openapi_extra=_if_match_header(required=True),
    responses={**PRACTICE_VERSION, **errors(412, 428, notes={403: STAFF_ONLY})},
)
async def cancel_practice(practice_id: UUID, request: Request, tx: Tx) -> Response:
    """Remove the practice's uncompleted sessions (completed ones stay) and mark it cancelled. Requires If-Match
    with the practice's ETag."""
    expected = if_match_version(request, required=True, noun=PRACTICES.what)
    return _report(await publish.cancel(tx, practice_id=practice_id, expected_version=expected))


# ------------------------------------------------------------------------------- practice workouts, overrides


@router.get(
    "/practice-sessions/{practice_id}/workouts",
    operation_id="listPracticeWorkouts",
    response_model=reads.PracticeWorkoutList,
)
async def list_practice_workouts(practice_id: UUID, tx: Tx) -> Response:
    return json_response(
        await service.list_of_practice(tx, table=PRACTICE_WORKOUTS, practice_id=practice_id, order="t.position, t.id")
    )


@router.post(
    "/practice-sessions/{practice_id}/workouts",
    operation_id="addPracticeWorkout",
    status_code=201,
    response_model=reads.PracticeWorkoutRead,
    responses=CREATED,
)
async def add_practice_workout(
    practice_id: UUID,
    body: Annotated[schemas.PracticeWorkoutCreate, Body(openapi_examples=examples.PRACTICE_WORKOUT)],
    tx: Tx,
) -> Response:
    return _one(await service.add_practice_workout(tx, practice_id=practice_id, body=body), 201)


@router.patch(
    "/practice-session-workouts/{entry_id}",
    operation_id="updatePracticeWorkout",
    response_model=reads.PracticeWorkoutRead,
    responses=CHANGED,
)
async def update_practice_workout(
    entry_id: UUID, body: schemas.PracticeWorkoutUpdate, request: Request, tx: Tx
) -> Response:
    return await _patch(tx, request, PRACTICE_WORKOUTS, entry_id, body.model_dump(exclude_unset=True))


@router.delete(
    "/practice-session-workouts/{entry_id}", operation_id="removePracticeWorkout", status_code=204, responses=DELETED
)
async def remove_practice_workout(entry_id: UUID, request: Request, tx: Tx) -> Response:
    return await _delete(tx, request, PRACTICE_WORKOUTS, entry_id)


@router.get(
    "/practice-sessions/{practice_id}/assignments",
    operation_id="listPracticeAssignments",
    response_model=reads.AssignmentList,
)
async def list_assignments(practice_id: UUID, tx: Tx) -> Response:
    return json_response(
        await service.list_of_practice(tx, table=ASSIGNMENTS, practice_id=practice_id, order="t.created_at, t.id")
    )


@router.post(
    "/practice-sessions/{practice_id}/assignments",
    operation_id="addPracticeAssignment",
    status_code=201,
    response_model=reads.AssignmentRead,
    responses=CREATED,
)
async def add_assignment(
    practice_id: UUID, body: Annotated[schemas.AssignmentCreate, Body(openapi_examples=examples.ASSIGNMENT)], tx: Tx
) -> Response:
    """Per-athlete override: exclude, replace a workout, scale it, or add one; with a note."""
    return _one(await service.add_assignment(tx, practice_id=practice_id, body=body), 201)


@router.patch(
    "/practice-assignments/{assignment_id}",
    operation_id="updatePracticeAssignment",
    response_model=reads.AssignmentRead,
    responses=CHANGED,
)
async def update_assignment(assignment_id: UUID, body: schemas.AssignmentUpdate, request: Request, tx: Tx) -> Response:
    return await _patch(tx, request, ASSIGNMENTS, assignment_id, body.model_dump(exclude_unset=True))


@router.delete(
    "/practice-assignments/{assignment_id}", operation_id="deletePracticeAssignment", status_code=204, responses=DELETED
)
async def delete_assignment(assignment_id: UUID, request: Request, tx: Tx) -> Response:
    return await _delete(tx, request, ASSIGNMENTS, assignment_id)


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
    responses=CREATED,
)
async def add_max(
    athlete_id: UUID, body: Annotated[schemas.StrengthMaxCreate, Body(openapi_examples=examples.STRENGTH_MAX)], tx: Tx
) -> Response:
    """A tested 1RM; the event's program is the max's program (staff of it only)."""
    return _one(await service.add_max(tx, athlete_id=athlete_id, body=body), 201)


@router.patch(
    "/strength-maxes/{max_id}",
    operation_id="updateStrengthMax",
    response_model=reads.StrengthMaxRead,
    responses=CHANGED,
)
async def update_max(max_id: UUID, body: schemas.StrengthMaxUpdate, request: Request, tx: Tx) -> Response:
    return await _patch(tx, request, STRENGTH_MAXES, max_id, body.model_dump(exclude_unset=True))


@router.delete("/strength-maxes/{max_id}", operation_id="deleteStrengthMax", status_code=204, responses=DELETED)
async def delete_max(max_id: UUID, request: Request, tx: Tx) -> Response:
    return await _delete(tx, request, STRENGTH_MAXES, max_id)

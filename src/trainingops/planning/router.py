"""HTTP routes of the planning layer: the practice planner and the S&C builder."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import Response
from psycopg import sql

from trainingops.api.http import etag, if_match_version, json_response
from trainingops.api.openapi import ETAG_HEADER, READ_ERRORS, errors
from trainingops.auth.dependencies import Tx
from trainingops.errors import NotFound
from trainingops.planning import examples, publish, reads, schemas, service
from trainingops.planning.service import (
    ASSIGNMENTS,
    PRACTICE_WORKOUTS,
    PRACTICES,
    STRENGTH_MAXES,
    TRAINING_EVENTS,
    WORKOUTS,
    Resource,
)
from trainingops.roster import access

router = APIRouter(prefix="/api/v1", tags=["planning"], responses=READ_ERRORS)
STAFF_ONLY = "staff_only: only active staff of the program change its plans"
ONE: dict[int | str, dict[str, Any]] = {200: {"headers": ETAG_HEADER}}
CREATED = {201: {"headers": ETAG_HEADER}, **errors(400, 409, 413, notes={403: STAFF_ONLY})}
CHANGED = {**ONE, **errors(400, 409, 412, 413, 428, notes={403: STAFF_ONLY})}
DELETED = errors(412, 428, notes={403: STAFF_ONLY, 409: "in_use: other records still refer to it"})
PRACTICE_ETAG = {"description": "The practice's version after the call: If-Match for publish or cancel",
                 "schema": {"type": "string"}}  # fmt: skip
PRACTICE_VERSION: dict[int | str, dict[str, Any]] = {200: {"headers": {"ETag": PRACTICE_ETAG}}}


def _if_match_header(*, required: bool) -> dict[str, Any]:
    """The If-Match header in the OpenAPI document (read by ``if_match_version``, which answers 428, not 422)."""
    description = ("The practice's ETag as you read it (GET, or a preview): 428 without it, 412 when the practice, "
                   "its workouts or its overrides changed since." if required else
                   "Optional: the practice's ETag; 412 when it changed since.")  # fmt: skip
    return {"parameters": [{"name": "If-Match", "in": "header", "required": required, "description": description,
                            "schema": {"type": "string"}}]}  # fmt: skip


def _one(body: dict[str, Any], status: int = 200) -> Response:
    return json_response(json.dumps(body, default=str), status=status, headers={"ETag": etag(int(body["version"]))})


async def _patch(tx: Tx, request: Request, resource: Resource, row_id: UUID, changes: dict[str, Any]) -> Response:
    expected = if_match_version(request, required=True, noun=resource.what)
    return _one(await service.update(tx, resource, row_id, changes, expected))


async def _delete(tx: Tx, request: Request, resource: Resource, row_id: UUID) -> Response:
    await service.delete(tx, resource, row_id, if_match_version(request, required=True, noun=resource.what))
    return Response(status_code=204)


def _report(report: dict[str, Any]) -> Response:
    return json_response(json.dumps(report), headers={"ETag": etag(int(report["version"]))})


async def _program_of(tx: Tx, resource: Resource, row_id: UUID) -> UUID:
    return UUID((await service.get(tx, resource, row_id))["program_id"])


# ----------------------------------------------------------------------------------------- training events


@router.get("/programs/{program_id}/training-events", operation_id="listTrainingEvents",
            response_model=reads.TrainingEventList)  # fmt: skip
async def list_training_events(program_id: UUID, tx: Tx) -> Response:
    return json_response(await service.listing(tx, TRAINING_EVENTS, sql.SQL("program_id = %(p)s"), {"p": program_id},
                                               "lower(t.name)"))  # fmt: skip


@router.post("/programs/{program_id}/training-events", operation_id="createTrainingEvent", status_code=201,
             response_model=reads.TrainingEventRead, responses=CREATED)  # fmt: skip
async def create_training_event(
    program_id: UUID,
    body: Annotated[schemas.TrainingEventCreate, Body(openapi_examples=examples.TRAINING_EVENT)],
    tx: Tx,
) -> Response:
    await access.require_staff(tx, program_id=program_id, what="its plans")
    return _one(await service.insert(tx, TRAINING_EVENTS, {"program_id": program_id, **body.model_dump()}), 201)


@router.get("/training-events/{event_id}", operation_id="getTrainingEvent", response_model=reads.TrainingEventRead,
            responses=ONE)  # fmt: skip
async def get_training_event(event_id: UUID, tx: Tx) -> Response:
    return _one(await service.get(tx, TRAINING_EVENTS, event_id))


@router.patch("/training-events/{event_id}", operation_id="updateTrainingEvent",
              response_model=reads.TrainingEventRead, responses=CHANGED)  # fmt: skip
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
    return json_response(await service.listing(tx, WORKOUTS, sql.SQL("program_id = %(p)s"), {"p": program_id},
                                               "lower(t.name)"))  # fmt: skip


@router.post("/programs/{program_id}/workouts", operation_id="createWorkout", status_code=201,
             response_model=reads.WorkoutRead, responses=CREATED)  # fmt: skip
async def create_workout(
    program_id: UUID, body: Annotated[schemas.WorkoutCreate, Body(openapi_examples=examples.WORKOUT)], tx: Tx
) -> Response:
    """A workout with its steps as one nested document; distance and duration come from the steps, and so does
    an estimated RPE unless the coach gives planned_rpe (kept as given: session RPE rates the whole session)."""
    return _one(await service.create_workout(tx, program_id=program_id, body=body), 201)


@router.get("/workouts/{workout_id}", operation_id="getWorkout", response_model=reads.WorkoutRead, responses=ONE)
async def get_workout(workout_id: UUID, tx: Tx) -> Response:
    return _one(await service.get(tx, WORKOUTS, workout_id))


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


@router.post("/workouts/{workout_id}/copy", operation_id="copyWorkout", status_code=201,
             response_model=reads.WorkoutRead, responses=CREATED)  # fmt: skip
async def copy_workout(workout_id: UUID, body: schemas.WorkoutCopy, tx: Tx) -> Response:
    return _one(await service.copy_workout(tx, workout_id=workout_id, name=body.name), 201)


# ----------------------------------------------------------------------------------------------- practices


@router.get("/team-seasons/{team_season_id}/practice-sessions", operation_id="listPracticeSessions",
            response_model=reads.PracticeList)  # fmt: skip
async def list_practices(
    team_season_id: UUID,
    tx: Tx,
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
) -> Response:
    await access.require_visible(tx, table="team_seasons", row_id=team_season_id)
    where = sql.SQL("team_season_id = %(s)s and (%(f)s::date is null or practice_date >= %(f)s) "
                    "and (%(t)s::date is null or practice_date <= %(t)s)")  # fmt: skip
    params = {"s": team_season_id, "f": date_from, "t": date_to}
    return json_response(await service.listing(tx, PRACTICES, where, params, "t.practice_date, t.start_time, t.id"))


@router.post("/team-seasons/{team_season_id}/practice-sessions", operation_id="createPracticeSession", status_code=201,
             response_model=reads.PracticeRead, responses=CREATED)  # fmt: skip
async def create_practice(
    team_season_id: UUID, body: Annotated[schemas.PracticeCreate, Body(openapi_examples=examples.PRACTICE)], tx: Tx
) -> Response:
    cursor = await tx.execute("select program_id from team_seasons where id = %s", [team_season_id])
    season = await cursor.fetchone()
    if season is None:
        raise NotFound("No team season with this id exists, or you may not see it.")
    await access.require_staff(tx, program_id=season["program_id"], what="its plans")
    values = {"program_id": season["program_id"], "team_season_id": team_season_id, **body.model_dump()}
    return _one(await service.insert(tx, PRACTICES, values), 201)


@router.get("/practice-sessions/{practice_id}", operation_id="getPracticeSession", response_model=reads.PracticeRead,
            responses=ONE)  # fmt: skip
async def get_practice(practice_id: UUID, tx: Tx) -> Response:
    return _one(await service.get(tx, PRACTICES, practice_id))


@router.patch("/practice-sessions/{practice_id}", operation_id="updatePracticeSession",
              response_model=reads.PracticeRead, responses=CHANGED)  # fmt: skip
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
    await service.delete(tx, PRACTICES, practice_id, None)
    return Response(status_code=204)


@router.post("/practice-sessions/{practice_id}/preview", operation_id="previewPracticeSession",
             response_model=schemas.PublishReport, openapi_extra=_if_match_header(required=False),
             responses={**PRACTICE_VERSION, **errors(412, notes={403: STAFF_ONLY})})  # fmt: skip
async def preview_practice(practice_id: UUID, request: Request, tx: Tx) -> Response:
    """What publishing would do, without writing anything. A read: If-Match is optional and honoured; the ETag
    answered is the version previewed, so publishing with it publishes exactly what was previewed."""
    expected = if_match_version(request, required=False, noun=PRACTICES.what)
    return _report(await publish.preview(tx, practice_id=practice_id, expected_version=expected))


@router.post("/practice-sessions/{practice_id}/publish", operation_id="publishPracticeSession",
             response_model=schemas.PublishReport, openapi_extra=_if_match_header(required=True),
             responses={**PRACTICE_VERSION, **errors(412, 428, notes={403: STAFF_ONLY})})  # fmt: skip
async def publish_practice(practice_id: UUID, request: Request, tx: Tx) -> Response:
    """Derive one session per athlete and workout; re-publishing updates uncompleted ones and never touches
    completed ones. Requires If-Match with the practice's ETag (its workouts and overrides move it too)."""
    expected = if_match_version(request, required=True, noun=PRACTICES.what)
    return _report(await publish.publish(tx, practice_id=practice_id, expected_version=expected))


@router.post("/practice-sessions/{practice_id}/cancel", operation_id="cancelPracticeSession",
             response_model=schemas.PublishReport, openapi_extra=_if_match_header(required=True),
             responses={**PRACTICE_VERSION, **errors(412, 428, notes={403: STAFF_ONLY})})  # fmt: skip
async def cancel_practice(practice_id: UUID, request: Request, tx: Tx) -> Response:
    """Remove the practice's uncompleted sessions (completed ones stay) and mark it cancelled. Requires If-Match
    with the practice's ETag."""
    expected = if_match_version(request, required=True, noun=PRACTICES.what)
    return _report(await publish.cancel(tx, practice_id=practice_id, expected_version=expected))


# ------------------------------------------------------------------------------- practice workouts, overrides


@router.get("/practice-sessions/{practice_id}/workouts", operation_id="listPracticeWorkouts",
            response_model=reads.PracticeWorkoutList)  # fmt: skip
async def list_practice_workouts(practice_id: UUID, tx: Tx) -> Response:
    await service.get(tx, PRACTICES, practice_id)
    return json_response(await service.listing(tx, PRACTICE_WORKOUTS, sql.SQL("practice_session_id = %(p)s"),
                                               {"p": practice_id}, "t.position, t.id"))  # fmt: skip


@router.post("/practice-sessions/{practice_id}/workouts", operation_id="addPracticeWorkout", status_code=201,
             response_model=reads.PracticeWorkoutRead, responses=CREATED)  # fmt: skip
async def add_practice_workout(
    practice_id: UUID,
    body: Annotated[schemas.PracticeWorkoutCreate, Body(openapi_examples=examples.PRACTICE_WORKOUT)],
    tx: Tx,
) -> Response:
    program_id = await _program_of(tx, PRACTICES, practice_id)
    await access.require_staff(tx, program_id=program_id, what="its plans")
    values = {"program_id": program_id, "practice_session_id": practice_id, **body.model_dump()}
    if values["position"] is None:
        cursor = await tx.execute("select coalesce(max(position), 0) + 1 as next from practice_session_workouts "
                                  "where practice_session_id = %s", [practice_id])  # fmt: skip
        row = await cursor.fetchone()
        values["position"] = row["next"] if row else 1
    return _one(await service.insert(tx, PRACTICE_WORKOUTS, values), 201)


@router.patch("/practice-session-workouts/{entry_id}", operation_id="updatePracticeWorkout",
              response_model=reads.PracticeWorkoutRead, responses=CHANGED)  # fmt: skip
async def update_practice_workout(
    entry_id: UUID, body: schemas.PracticeWorkoutUpdate, request: Request, tx: Tx
) -> Response:
    return await _patch(tx, request, PRACTICE_WORKOUTS, entry_id, body.model_dump(exclude_unset=True))


@router.delete(
    "/practice-session-workouts/{entry_id}", operation_id="removePracticeWorkout", status_code=204, responses=DELETED
)
async def remove_practice_workout(entry_id: UUID, request: Request, tx: Tx) -> Response:
    return await _delete(tx, request, PRACTICE_WORKOUTS, entry_id)


@router.get("/practice-sessions/{practice_id}/assignments", operation_id="listPracticeAssignments",
            response_model=reads.AssignmentList)  # fmt: skip
async def list_assignments(practice_id: UUID, tx: Tx) -> Response:
    await service.get(tx, PRACTICES, practice_id)
    return json_response(await service.listing(tx, ASSIGNMENTS, sql.SQL("practice_session_id = %(p)s"),
                                               {"p": practice_id}, "t.created_at, t.id"))  # fmt: skip


@router.post("/practice-sessions/{practice_id}/assignments", operation_id="addPracticeAssignment", status_code=201,
             response_model=reads.AssignmentRead, responses=CREATED)  # fmt: skip
async def add_assignment(
    practice_id: UUID, body: Annotated[schemas.AssignmentCreate, Body(openapi_examples=examples.ASSIGNMENT)], tx: Tx
) -> Response:
    """Per-athlete override: exclude, replace a workout, scale it, or add one; with a note."""
    program_id = await _program_of(tx, PRACTICES, practice_id)
    await access.require_staff(tx, program_id=program_id, what="its plans")
    values = {"program_id": program_id, "practice_session_id": practice_id, **body.model_dump()}
    return _one(await service.insert(tx, ASSIGNMENTS, values), 201)


@router.patch("/practice-assignments/{assignment_id}", operation_id="updatePracticeAssignment",
              response_model=reads.AssignmentRead, responses=CHANGED)  # fmt: skip
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
    await access.require_visible(tx, table="athletes", row_id=athlete_id)
    return json_response(await service.listing(tx, STRENGTH_MAXES, sql.SQL("athlete_id = %(a)s"), {"a": athlete_id},
                                               "t.tested_on desc, t.id"))  # fmt: skip


@router.post("/athletes/{athlete_id}/strength-maxes", operation_id="addStrengthMax", status_code=201,
             response_model=reads.StrengthMaxRead, responses=CREATED)  # fmt: skip
async def add_max(
    athlete_id: UUID, body: Annotated[schemas.StrengthMaxCreate, Body(openapi_examples=examples.STRENGTH_MAX)], tx: Tx
) -> Response:
    """A tested 1RM; the event's program is the max's program (staff of it only)."""
    event = await service.get(tx, TRAINING_EVENTS, body.training_event_id)
    await access.require_staff(tx, program_id=UUID(event["program_id"]), what="its plans")
    await access.require_visible(tx, table="athletes", row_id=athlete_id)
    values = {"program_id": event["program_id"], "athlete_id": athlete_id, **body.model_dump()}
    return _one(await service.insert(tx, STRENGTH_MAXES, values), 201)


@router.patch("/strength-maxes/{max_id}", operation_id="updateStrengthMax", response_model=reads.StrengthMaxRead,
              responses=CHANGED)  # fmt: skip
async def update_max(max_id: UUID, body: schemas.StrengthMaxUpdate, request: Request, tx: Tx) -> Response:
    return await _patch(tx, request, STRENGTH_MAXES, max_id, body.model_dump(exclude_unset=True))


@router.delete("/strength-maxes/{max_id}", operation_id="deleteStrengthMax", status_code=204, responses=DELETED)
async def delete_max(max_id: UUID, request: Request, tx: Tx) -> Response:
    return await _delete(tx, request, STRENGTH_MAXES, max_id)

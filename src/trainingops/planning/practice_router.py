"""HTTP routes of the practice planner: practices, their workouts and per-athlete overrides, preview, publish and
cancel."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import Response

from trainingops.api.http import if_match_version, json_response
from trainingops.api.openapi import READ_ERRORS, errors
from trainingops.auth.dependencies import Tx
from trainingops.planning import copy, examples, publish, reads, routing, schemas, service
from trainingops.planning.service import (
    ASSIGNMENTS,
    PRACTICE_WORKOUTS,
    PRACTICES,
)

router = APIRouter(prefix="/api/v1", tags=["planning"], responses=READ_ERRORS)


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
    responses=routing.CREATED,
)
async def create_practice(
    team_season_id: UUID, body: Annotated[schemas.PracticeCreate, Body(openapi_examples=examples.PRACTICE)], tx: Tx
) -> Response:
    return routing.one(await service.create_practice(tx, team_season_id=team_season_id, body=body), 201)


@router.get(
    "/practice-sessions/{practice_id}",
    operation_id="getPracticeSession",
    response_model=reads.PracticeRead,
    responses=routing.ONE,
)
async def get_practice(practice_id: UUID, tx: Tx) -> Response:
    return routing.one(await service.get(tx, table=PRACTICES, row_id=practice_id))


@router.patch(
    "/practice-sessions/{practice_id}",
    operation_id="updatePracticeSession",
    response_model=reads.PracticeRead,
    responses=routing.CHANGED,
)
async def update_practice(practice_id: UUID, body: schemas.PracticeUpdate, request: Request, tx: Tx) -> Response:
    """Changes the practice, not its sessions: publish again to bring them in line."""
    return await routing.patch(tx, request, PRACTICES, practice_id, body.model_dump(exclude_unset=True))


@router.delete(
    "/practice-sessions/{practice_id}", operation_id="deletePracticeSession", status_code=204, responses=routing.DELETED
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
    openapi_extra=routing.if_match_header(required=False),
    responses={**routing.PRACTICE_VERSION, **errors(412, notes={403: routing.STAFF_ONLY})},
)
async def preview_practice(practice_id: UUID, request: Request, tx: Tx) -> Response:
    """What publishing would do, without writing anything. A read: If-Match is optional and honoured; the ETag
    answered is the version previewed, so publishing with it publishes exactly what was previewed."""
    expected = if_match_version(request, required=False, noun=PRACTICES.what)
    return routing.report(await publish.preview(tx, practice_id=practice_id, expected_version=expected))


@router.post(
    "/practice-sessions/{practice_id}/publish",
    operation_id="publishPracticeSession",
    response_model=schemas.PublishReport,
    openapi_extra=routing.if_match_header(required=True),
    responses={**routing.PRACTICE_VERSION, **errors(412, 428, notes={403: routing.STAFF_ONLY})},
)
async def publish_practice(practice_id: UUID, request: Request, tx: Tx) -> Response:
    """Derive one session per athlete and workout; re-publishing updates uncompleted ones and never touches
    completed ones. Requires If-Match with the practice's ETag (its workouts and overrides move it too)."""
    expected = if_match_version(request, required=True, noun=PRACTICES.what)
    return routing.report(await publish.publish(tx, practice_id=practice_id, expected_version=expected))


@router.post(
    "/practice-sessions/{practice_id}/cancel",
    operation_id="cancelPracticeSession",
    response_model=schemas.PublishReport,
    openapi_extra=routing.if_match_header(required=True),
    responses={**routing.PRACTICE_VERSION, **errors(412, 428, notes={403: routing.STAFF_ONLY})},
)
async def cancel_practice(practice_id: UUID, request: Request, tx: Tx) -> Response:
    """Remove the practice's uncompleted sessions (completed ones stay) and mark it cancelled. Requires If-Match
    with the practice's ETag."""
    expected = if_match_version(request, required=True, noun=PRACTICES.what)
    return routing.report(await publish.cancel(tx, practice_id=practice_id, expected_version=expected))


@router.post(
    "/practice-sessions/{practice_id}:copy",
    operation_id="copyPracticeSession",
    status_code=201,
    response_model=reads.PracticeList,
    responses=errors(400, 413, notes={403: routing.STAFF_ONLY}),
)
async def copy_practice(practice_id: UUID, body: schemas.PracticeCopy, tx: Tx) -> Response:
    """A draft copy on each date, with the practice's workouts per event group and its overrides; all or nothing.
    Preview and publish each copy as any practice."""
    return json_response(await copy.copy_practice(tx, practice_id=practice_id, dates=body.dates), status=201)


@router.post(
    "/team-seasons/{team_season_id}/practice-sessions:copy-week",
    operation_id="copyPracticeWeek",
    status_code=201,
    response_model=reads.PracticeList,
    responses=errors(400, 409, 413, notes={403: routing.STAFF_ONLY, 409: "nothing_to_copy: the week has no practice"}),
)
async def copy_week(team_season_id: UUID, body: schemas.WeekCopy, tx: Tx) -> Response:
    """Every practice of a week (Monday to Sunday; cancelled ones stay behind) as drafts on the same weekdays of
    other weeks, with their workouts and overrides; all or nothing."""
    return json_response(
        await copy.copy_week(tx, team_season_id=team_season_id, week_of=body.week_of, to_weeks=body.to_weeks),
        status=201,
    )


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
    responses=routing.CREATED,
)
async def add_practice_workout(
    practice_id: UUID,
    body: Annotated[schemas.PracticeWorkoutCreate, Body(openapi_examples=examples.PRACTICE_WORKOUT)],
    tx: Tx,
) -> Response:
    return routing.one(await service.add_practice_workout(tx, practice_id=practice_id, body=body), 201)


@router.patch(
    "/practice-session-workouts/{entry_id}",
    operation_id="updatePracticeWorkout",
    response_model=reads.PracticeWorkoutRead,
    responses=routing.CHANGED,
)
async def update_practice_workout(
    entry_id: UUID, body: schemas.PracticeWorkoutUpdate, request: Request, tx: Tx
) -> Response:
    return await routing.patch(tx, request, PRACTICE_WORKOUTS, entry_id, body.model_dump(exclude_unset=True))


@router.delete(
    "/practice-session-workouts/{entry_id}",
    operation_id="removePracticeWorkout",
    status_code=204,
    responses=routing.DELETED,
)
async def remove_practice_workout(entry_id: UUID, request: Request, tx: Tx) -> Response:
    return await routing.delete(tx, request, PRACTICE_WORKOUTS, entry_id)


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
    responses=routing.CREATED,
)
async def add_assignment(
    practice_id: UUID, body: Annotated[schemas.AssignmentCreate, Body(openapi_examples=examples.ASSIGNMENT)], tx: Tx
) -> Response:
    """Per-athlete override: exclude, replace a workout, scale it, or add one; with a note."""
    return routing.one(await service.add_assignment(tx, practice_id=practice_id, body=body), 201)


@router.patch(
    "/practice-assignments/{assignment_id}",
    operation_id="updatePracticeAssignment",
    response_model=reads.AssignmentRead,
    responses=routing.CHANGED,
)
async def update_assignment(assignment_id: UUID, body: schemas.AssignmentUpdate, request: Request, tx: Tx) -> Response:
    return await routing.patch(tx, request, ASSIGNMENTS, assignment_id, body.model_dump(exclude_unset=True))


@router.delete(
    "/practice-assignments/{assignment_id}",
    operation_id="deletePracticeAssignment",
    status_code=204,
    responses=routing.DELETED,
)
async def delete_assignment(assignment_id: UUID, request: Request, tx: Tx) -> Response:
    return await routing.delete(tx, request, ASSIGNMENTS, assignment_id)

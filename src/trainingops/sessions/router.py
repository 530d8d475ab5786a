"""HTTP routes of the sessions API: thin handlers over ``service`` and ``trends``."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Body, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError

from trainingops.api import idempotency
from trainingops.api.http import etag, if_match_version, json_response, read_json
from trainingops.api.openapi import ETAG_HEADER, READ_ERRORS, errors
from trainingops.auth.dependencies import Tx
from trainingops.sessions import bulk, examples, export, import_batches, schemas, service, trends

router = APIRouter(prefix="/api/v1", tags=["sessions"])
CREATE_NOTES = {**idempotency.NOTES, 403: "staff_only / athlete_only: the other role's action"}


def _validated(model: type[BaseModel], body: Any) -> Any:
    """Validate a body against the caller's own schema, reporting errors like FastAPI does."""
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from exc


def _session_response(body: str, version: int, *, status: int = 200, location: str | None = None) -> Response:
    headers = {"ETag": etag(version)}
    if location:
        headers["Location"] = location
    return json_response(body, status=status, headers=headers)


@router.post(
    "/sessions",
    operation_id="createSessions",
    status_code=201,
    summary="Assign a session (staff, with athlete_ids) or create your own (athlete)",
    response_model=schemas.SessionList | schemas.SessionRead,
    responses={
        201: {"description": "Staff: `{items: [...]}`, one session per athlete; an athlete: the session, with ETag"},
        **errors(400, 401, 403, 413, 422, "5XX", notes=CREATE_NOTES),
    },
    dependencies=[idempotency.IDEMPOTENCY_KEY],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "oneOf": [
                            {"$ref": "#/components/schemas/CoachAssignment"},
                            {"$ref": "#/components/schemas/SelfAssignment"},
                        ]
                    },
                    "examples": examples.CREATE,
                }
            },
        }
    },
)
@idempotency.idempotent
async def create_sessions(request: Request, tx: Tx) -> Response:
    """With `athlete_ids`: staff assign one session to each athlete (all rows or none; source coach_assigned).
    Without: the calling athlete creates a self-assigned session, planned or already completed."""
    body = await read_json(request)
    if isinstance(body, dict) and "athlete_ids" in body:
        created = await service.assign(tx, body=_validated(schemas.CoachAssignment, body))
        return json_response('{"items":' + created + "}", status=201)
    payload = _validated(schemas.SelfAssignment, body)
    text, version, session_id = await service.self_assign(tx, body=payload)
    return _session_response(text, version, status=201, location=f"/api/v1/sessions/{session_id}")


@router.get(
    "/sessions",
    operation_id="listSessions",
    response_model=schemas.SessionPage,
    responses=READ_ERRORS,
    summary="Sessions you may see, by day, a page at a time",
)
async def list_sessions(
    tx: Tx,
    athlete_id: UUID | None = None,
    team_season_id: UUID | None = None,
    date_from: Annotated[date | None, Query(alias="from", description="First day, inclusive")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="Last day, inclusive")] = None,
    workout_category: schemas.Category | None = None,
    source: schemas.Source | None = None,
    status: schemas.Status | None = None,
    sort: Annotated[Literal["date", "-date"], Query(description="By day ascending or descending")] = "date",
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=service.MAX_PAGE)] = 50,
) -> Response:
    filters = service.ListFilters(
        athlete_id, team_season_id, date_from, date_to, workout_category, source, status, sort == "-date"
    )
    return json_response(await service.list_page(tx, filters=filters, cursor=cursor, limit=limit))


@router.post(
    "/sessions:import",
    operation_id="importSessions",
    status_code=201,
    summary="Import sessions from CSV: every row validated first, all rows or none",
    response_model=schemas.ImportReport,
    responses={
        200: {
            "model": schemas.ImportReport,
            "description": "Dry run, or an import whose rows all exist already (nothing created). A replay "
            "with the same Idempotency-Key answers as the first time did (201 or 200), with "
            "`Idempotent-Replayed: true`",
        },
        **errors(
            401,
            413,
            422,
            "5XX",
            notes={
                409: "The same Idempotency-Key is being imported right now",
                422: "import_invalid: `errors` names every bad row and column (nothing was written); "
                "idempotency_key_reused for a different CSV; invalid_input for a bad header",
            },
        ),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/csv": {"schema": {"type": "string"}, "example": examples.IMPORT_CSV}},
        }
    },
)
async def import_sessions(
    request: Request,
    tx: Tx,
    dry_run: Annotated[bool, Query(description="Validate only; write nothing")] = False,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> Response:
    """CSV with the spec's columns (header row; see docs/api.md). Staff import coach-assigned sessions for
    their rosters (current ones, or a past season's on dates within it), athletes self-assigned ones for
    themselves. Rows matching an existing session (same external_id, or identical) are listed, not created. The
    answer carries the batch id (undo with `POST /session-imports/{id}:undo`) and the created ids. Errors name
    every bad row in one answer (row 1 is the header)."""
    report, replayed = await bulk.import_csv(
        tx, data=await request.body(), dry_run=dry_run, idempotency_key=idempotency_key
    )
    # A replay answers exactly as the first time (RFC draft "The Idempotency-Key HTTP Header Field").
    headers = {"Idempotent-Replayed": "true"} if replayed else None
    return json_response(json.dumps(report), status=201 if report["created"] else 200, headers=headers)


@router.get(
    "/session-imports/{batch_id}",
    operation_id="getSessionImport",
    response_model=schemas.ImportBatchRead,
    responses=errors(401, 404, 422, "5XX", notes={404: "import_not_found: no such import, or not yours to see"}),
    summary="One CSV import: who, when, rows created and found existing, and its undo",
)
async def get_session_import(batch_id: UUID, tx: Tx) -> Response:
    return json_response(await import_batches.get_import(tx, batch_id=batch_id))


@router.post(
    "/session-imports/{batch_id}:undo",
    operation_id="undoSessionImport",
    summary="Staff: delete the sessions an import created that are still as imported",
    response_model=schemas.ImportUndoRead,
    responses=errors(
        401,
        422,
        "5XX",
        notes={
            403: "staff_only",
            404: "import_not_found: no such import, or not yours to see",
            409: "import_already_undone, or import_nothing_to_undo",
        },
    ),
)
async def undo_session_import(batch_id: UUID, tx: Tx) -> Response:
    """Sessions logged or edited since the import are kept and listed under `kept`; the batch records who undid
    it and when, and each deletion is in the session's history (the deleted row names the batch)."""
    return json_response(json.dumps(await import_batches.undo_import(tx, batch_id=batch_id)))


@router.get(
    "/sessions:export",
    operation_id="exportSessions",
    summary="Sessions you may see, for one athlete or one season, as CSV or Parquet",
    response_class=Response,
    responses={
        200: {
            "description": "The rows as a file: CSV (the import's columns) or Parquet",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/vnd.apache.parquet": {"schema": {"type": "string", "format": "binary"}},
            },
        },
        **READ_ERRORS,
    },
)
async def export_sessions(
    tx: Tx,
    athlete_id: UUID | None = None,
    team_season_id: UUID | None = None,
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
    format: Annotated[Literal["csv", "parquet"], Query()] = "csv",
    source: Annotated[schemas.Source | None, Query(description="Only coach- or self-assigned sessions")] = None,
) -> Response:
    """Columns: the import's (docs/api.md) plus id, lineage, import batch and timestamps; an exported CSV imports
    back. Text cells a spreadsheet would run as a formula are prefixed with an apostrophe (OWASP)."""
    rows = await export.export_rows(
        tx, athlete_id=athlete_id, team_season_id=team_season_id, date_from=date_from, date_to=date_to, source=source
    )
    if format == "parquet":
        return Response(
            export.to_parquet(rows),
            media_type="application/vnd.apache.parquet",
            headers={"Content-Disposition": 'attachment; filename="sessions.parquet"'},
        )
    return Response(
        export.to_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="sessions.csv"'},
    )


@router.get(
    "/sessions/{session_id}",
    operation_id="getSession",
    response_model=schemas.SessionRead,
    responses={200: {"headers": ETAG_HEADER}, **READ_ERRORS},
)
async def get_session(session_id: UUID, tx: Tx) -> Response:
    body, version = await service.get(tx, session_id=session_id)
    return _session_response(body, version)


@router.patch(
    "/sessions/{session_id}",
    operation_id="updateSession",
    response_model=schemas.SessionRead,
    responses={
        200: {"headers": ETAG_HEADER},
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
                403: "planned_fields_locked: athletes cannot change a coach's plan",
                409: idempotency.NOTES[409],
                422: "validation_failed (a field you may not send is an unknown field), session_identity_locked, "
                "session_program_locked, rule_violated or idempotency_key_reused",
            },
        ),
    },
    dependencies=[idempotency.IDEMPOTENCY_KEY],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "description": "What you may send depends on who you are for this session: staff of its "
                        "program send a StaffSessionPatch, its athlete an AthleteSessionPatch (the server checks "
                        "the body against that one; any other field is 422). Either may send just what they log.",
                        "anyOf": [
                            {"$ref": "#/components/schemas/StaffSessionPatch"},
                            {"$ref": "#/components/schemas/AthleteSessionPatch"},
                        ],
                    },
                    "examples": examples.PATCH,
                }
            },
        }
    },
)
@idempotency.idempotent
async def update_session(session_id: UUID, request: Request, tx: Tx) -> Response:
    """Staff change any field of their program's sessions except id, athlete and source; athletes change what
    they logged, and the plan of their own self-assigned sessions. Requires If-Match."""
    expected = if_match_version(request, required=True, noun="session")
    as_staff = await service.acting_as_staff(tx, session_id=session_id)
    model = schemas.StaffSessionPatch if as_staff else schemas.AthleteSessionPatch
    patch = _validated(model, await read_json(request))
    body, version = await service.update(
        tx, session_id=session_id, changes=patch.model_dump(exclude_unset=True), expected_version=expected
    )
    return _session_response(body, version)


@router.post(
    "/sessions/{session_id}/complete",
    operation_id="completeSession",
    response_model=schemas.SessionRead,
    responses={
        200: {"headers": ETAG_HEADER},
        **errors(400, 401, 404, 412, 413, 422, "5XX", notes={**idempotency.NOTES, 403: "planned_fields_locked"}),
    },
    dependencies=[idempotency.IDEMPOTENCY_KEY],
)
@idempotency.idempotent
async def complete_session(
    session_id: UUID,
    request: Request,
    tx: Tx,
    payload: Annotated[schemas.CompleteSession, Body(openapi_examples=examples.COMPLETE)],
) -> Response:
    """Log what was actually done. completed_at defaults to now; If-Match is optional here and honoured."""
    expected = if_match_version(request, required=False, noun="session")
    body, version = await service.complete(
        tx, session_id=session_id, changes=payload.model_dump(exclude_unset=True), expected_version=expected
    )
    return _session_response(body, version)


@router.delete(
    "/sessions/{session_id}",
    operation_id="deleteSession",
    status_code=204,
    responses=errors(
        401,
        404,
        412,
        428,
        "5XX",
        notes={
            **idempotency.NOTES,
            403: "not_deletable: not yours to delete",
            409: "session_completed: a completed session stays; idempotency_key_in_flight",
        },
    ),
    dependencies=[idempotency.IDEMPOTENCY_KEY],
)
@idempotency.idempotent
async def delete_session(session_id: UUID, request: Request, tx: Tx) -> Response:
    """Staff delete their program's sessions while not completed; athletes their own self-assigned ones."""
    expected = if_match_version(request, required=True, noun="session")
    await service.delete(tx, session_id=session_id, expected_version=expected)
    return Response(status_code=204)


@router.get(
    "/sessions/{session_id}/history",
    operation_id="getSessionHistory",
    response_model=schemas.HistoryList,
    responses=READ_ERRORS,
)
async def session_history(session_id: UUID, tx: Tx) -> Response:
    """Who changed what, when: field by field, old and new values."""
    return json_response(await service.history(tx, session_id=session_id))


@router.get(
    "/athletes/{athlete_id}/training",
    operation_id="getAthleteTraining",
    tags=["trends"],
    response_model=schemas.TrainingTab,
    responses=READ_ERRORS,
    summary="The athlete profile's Training tab: sessions and weekly trends",
)
async def athlete_training(
    athlete_id: UUID,
    tx: Tx,
    date_from: Annotated[date | None, Query(alias="from", description="Default: 7 weeks before this week")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="Default: end of this week")] = None,
) -> Response:
    return json_response(await trends.training_tab(tx, athlete_id=athlete_id, date_from=date_from, date_to=date_to))


@router.get(
    "/team-seasons/{team_season_id}/training-summary",
    operation_id="getTeamTrainingSummary",
    tags=["trends"],
    response_model=schemas.TeamTrainingSummary,
    responses=READ_ERRORS,
    summary="Team Ops: one row per rostered athlete with planned vs actual, completion and compliance",
)
async def team_training_summary(
    team_season_id: UUID,
    tx: Tx,
    date_from: Annotated[date | None, Query(alias="from", description="Default: Monday of this week")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="Default: six days after from")] = None,
    event_group_id: UUID | None = None,
) -> Response:
    body = await trends.team_summary(
        tx, team_season_id=team_season_id, date_from=date_from, date_to=date_to, event_group_id=event_group_id
    )
    return json_response(body)

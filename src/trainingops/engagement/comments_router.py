"""HTTP routes of comments on sessions and of marking sessions reviewed: thin handlers over ``comments``."""

from __future__ import annotations

import json
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from trainingops.api import idempotency
from trainingops.api.http import etag, if_match_version, json_response
from trainingops.api.openapi import ETAG_HEADER, READ_ERRORS, errors
from trainingops.auth.dependencies import Tx
from trainingops.engagement import comments, schemas
from trainingops.sessions import schemas as session_schemas

router = APIRouter(prefix="/api/v1", tags=["engagement"])

WRITE_NOTES: dict[int | str, str] = {
    403: "not_author: only the author edits or deletes a comment",
    409: "comment_deleted; edit_window_closed (edits: 15 minutes after writing); idempotency_key_in_flight",
    422: "validation_failed; idempotency_key_reused: this Idempotency-Key was used for a different request",
}
REVIEW_NOTES: dict[int | str, str] = {
    403: "staff_only: the session's athlete sees it but does not review it",
    409: "session_not_completed; already_reviewed (:review) / not_reviewed (:unreview): nothing changed",
}


def _with_etag(body: str, version: int, *, status: int = 200, location: str | None = None) -> Response:
    headers = {"ETag": etag(version)}
    if location:
        headers["Location"] = location
    return json_response(body, status=status, headers=headers)


@router.get(
    "/sessions/{session_id}/comments",
    operation_id="listSessionComments",
    response_model=schemas.CommentList,
    responses=READ_ERRORS,
    summary="A session's comment thread, oldest first, with each comment's edit history",
)
async def list_comments(session_id: UUID, tx: Tx) -> Response:
    return json_response(await comments.thread(tx, session_id=session_id))


@router.post(
    "/sessions/{session_id}/comments",
    operation_id="createSessionComment",
    status_code=201,
    response_model=schemas.Comment,
    responses={201: {"headers": ETAG_HEADER}, **errors(400, 401, 404, 409, 413, 422, "5XX", notes=idempotency.NOTES)},
    summary="Comment on a session you may see (its athlete, its program's staff); the other side is notified",
    dependencies=[idempotency.IDEMPOTENCY_KEY],
)
@idempotency.idempotent
async def create_comment(session_id: UUID, payload: schemas.CommentWrite, request: Request, tx: Tx) -> Response:
    body, version = await comments.add(tx, session_id=session_id, body=payload.body)
    location = f"/api/v1/comments/{json.loads(body)['id']}"
    return _with_etag(body, version, status=201, location=location)


@router.patch(
    "/comments/{comment_id}",
    operation_id="updateComment",
    response_model=schemas.Comment,
    responses={200: {"headers": ETAG_HEADER}, **errors(400, 401, 404, 412, 413, 422, 428, "5XX", notes=WRITE_NOTES)},
    summary="Edit your comment within 15 minutes of writing it (If-Match); the text before is kept in its history",
    dependencies=[idempotency.IDEMPOTENCY_KEY],
)
@idempotency.idempotent
async def update_comment(comment_id: UUID, payload: schemas.CommentWrite, request: Request, tx: Tx) -> Response:
    expected = if_match_version(request, required=True, noun="comment")
    body, new_version = await comments.edit(tx, comment_id=comment_id, body=payload.body, expected_version=expected)
    return _with_etag(body, new_version)


@router.delete(
    "/comments/{comment_id}",
    operation_id="deleteComment",
    response_model=schemas.Comment,
    responses={200: {"headers": ETAG_HEADER}, **errors(401, 404, 412, 422, 428, "5XX", notes=WRITE_NOTES)},
    summary="Delete your comment (If-Match): its text goes, here and in its history; a placeholder stays",
    dependencies=[idempotency.IDEMPOTENCY_KEY],
)
@idempotency.idempotent
async def delete_comment(comment_id: UUID, request: Request, tx: Tx) -> Response:
    expected = if_match_version(request, required=True, noun="comment")
    body, new_version = await comments.delete(tx, comment_id=comment_id, expected_version=expected)
    return _with_etag(body, new_version)


@router.post(
    "/sessions/{session_id}:review",
    operation_id="reviewSession",
    response_model=session_schemas.SessionRead,
    responses={200: {"headers": ETAG_HEADER}, **errors(401, 404, "5XX", notes=REVIEW_NOTES)},
    summary="Mark a completed session reviewed (staff of its program): who and when show on the session",
)
async def review_session(session_id: UUID, tx: Tx) -> Response:
    body, version = await comments.set_reviewed(tx, session_id=session_id, reviewed=True)
    return _with_etag(body, version)


@router.post(
    "/sessions/{session_id}:unreview",
    operation_id="unreviewSession",
    response_model=session_schemas.SessionRead,
    responses={200: {"headers": ETAG_HEADER}, **errors(401, 404, "5XX", notes=REVIEW_NOTES)},
    summary="Take back the reviewed mark of a session (staff of its program)",
)
async def unreview_session(session_id: UUID, tx: Tx) -> Response:
    body, version = await comments.set_reviewed(tx, session_id=session_id, reviewed=False)
    return _with_etag(body, version)

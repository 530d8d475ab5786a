"""HTTP routes of activity files: upload into an athlete's sessions or onto one session, find a session's file, and
download.

The body is the file itself: ``application/octet-stream`` (any non-form content type is read as the raw file)
with the name in ``X-Filename``, or ``multipart/form-data`` with one part named ``file``. These two routes
have their own body cap (``trainingops.api.limits.LARGE_BODY_ROUTES``, 16 MiB); the file is checked and read
before the transaction does anything, so a bad file changes nothing.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote, unquote
from uuid import UUID

import anyio
import anyio.to_thread
from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from trainingops.activities import schemas, service, streams_service
from trainingops.api.http import json_response
from trainingops.api.openapi import errors
from trainingops.auth.dependencies import CurrentIdentity, Db, Tx
from trainingops.errors import InvalidInput

router = APIRouter(prefix="/api/v1", tags=["activity files"])

UPLOAD_ERRORS = errors(
    401,
    404,
    "5XX",
    notes={
        400: "A malformed form (more than one file, or fields other than filename)",
        403: "not_permitted / not_on_your_roster / planned_fields_locked",
        409: "activity_file_already_imported into other sessions",
        413: "payload_too_large, activity_file_too_large, activity_file_compression_bomb",
        422: "activity_file_empty, _unsupported_format, _corrupt, _not_an_activity, _no_timestamps, _too_complex, "
        "_missing",
    },
)
BINARY = {"schema": {"type": "string", "format": "binary"}}
UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The FIT, GPX or TCX file (optionally gzip-compressed), at most 16 MiB.",
        "content": {
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "filename": {"type": "string", "description": "Overrides the part's file name."},
                    },
                }
            },
        },
    }
}
MEDIA_TYPES = {"fit": "application/vnd.ant.fit", "gpx": "application/gpx+xml", "tcx": "application/vnd.garmin.tcx+xml"}
GZIP_MAGIC = b"\x1f\x8b"
DOWNLOAD_MEDIA_TYPES = (*MEDIA_TYPES.values(), "application/gzip", "application/octet-stream")


class MissingFile(InvalidInput):
    code = "activity_file_missing"
    title = "No file in the form"


# Reading a file is CPU-bound: at most this many at once, each on a worker thread, so uploads never starve the
# event loop or pile up more parses than there are cores.
PARSE_LIMITER = anyio.CapacityLimiter(max(1, os.cpu_count() or 1))


@dataclass(frozen=True)
class RawUpload:
    content: bytes
    filename: str | None


async def raw_upload(
    request: Request,
    identity: CurrentIdentity,  # authenticate before reading anything
    x_filename: Annotated[
        str | None, Header(description="File name (percent-encoded if not ASCII) for a raw body.")
    ] = None,
) -> RawUpload:
    """The bytes as sent (capped by the body limit); nothing is parsed here."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=1)
        part = form.get("file")
        if not isinstance(part, UploadFile):
            raise MissingFile("Send the file in a form part named 'file'.")
        name = form.get("filename")
        return RawUpload(await part.read(), name if isinstance(name, str) else part.filename)
    return RawUpload(await request.body(), unquote(x_filename) if x_filename else None)


Raw = Annotated[RawUpload, Depends(raw_upload)]


async def _parse(raw: RawUpload) -> service.ParsedUpload:
    return await anyio.to_thread.run_sync(service.parse_upload, raw.content, raw.filename, limiter=PARSE_LIMITER)


def _import_response(result: service.ImportResult) -> Response:
    headers = {"Location": f"/api/v1/activity-files/{result.file_id}"}
    if result.replayed:
        headers["Idempotent-Replayed"] = "true"
    return json_response(result.body, status=201, headers=headers)


# The two upload routes run two transactions, not one: a short read-only one that finds the target (a hidden or
# missing one is a 404 before a byte of the file is parsed), then, after the file was read off any connection,
# the one that writes (which checks the target again; row-level security decides in the end).


@router.post(
    "/athletes/{athlete_id}/activity-files",
    operation_id="importActivityFile",
    status_code=201,
    response_model=schemas.ImportResultRead,
    responses=UPLOAD_ERRORS,
    openapi_extra=UPLOAD_BODY,
    summary="Import a device file: each segment fills the planned session of its day, else a new one",
)
async def import_activity_file(athlete_id: UUID, raw: Raw, identity: CurrentIdentity, database: Db) -> Response:
    """Per sport segment: the athlete's planned, uncompleted session of the same local date and category
    (closest planned distance/duration) is completed from the file (`matched`), else a completed session is
    created (`created`): self-assigned for the athlete's own upload, coach-assigned to the uploading staff
    member otherwise. The same file again returns the same import and changes nothing (header
    `Idempotent-Replayed: true`); the sessions in the answer are as they are now, and segments filed in sessions
    you cannot see are left out."""
    async with database.transaction(identity) as tx:
        await service.athlete_target(tx, athlete_id=athlete_id)
    upload = await _parse(raw)
    async with database.transaction(identity) as tx:
        result = await service.import_for_athlete(tx, athlete_id=athlete_id, upload=upload)
    return _import_response(result)


@router.post(
    "/sessions/{session_id}/activity-file",
    operation_id="attachActivityFile",
    status_code=201,
    response_model=schemas.ImportResultRead,
    responses=UPLOAD_ERRORS,
    openapi_extra=UPLOAD_BODY,
    summary="Fill this session's actuals from a device file",
)
async def attach_activity_file(session_id: UUID, raw: Raw, identity: CurrentIdentity, database: Db) -> Response:
    """Sets actual_distance_m, actual_duration_sec, completed_at and metrics_json (`attached`); the plan and
    category stay. Other segments of a multisport file are matched or created as on the athlete route."""
    async with database.transaction(identity) as tx:
        await service.session_target(tx, session_id=session_id)
    upload = await _parse(raw)
    async with database.transaction(identity) as tx:
        result = await service.attach_to_session(tx, session_id=session_id, upload=upload)
    return _import_response(result)


@router.get(
    "/sessions/{session_id}/activity-file",
    operation_id="getSessionActivityFile",
    response_model=schemas.SessionActivityFileRead,
    responses=errors(
        401,
        422,
        "5XX",
        notes={
            404: "session_not_found: no such session, or not yours to see (the same answer); "
            "activity_file_not_found: a session you can see that no file was imported into",
        },
    ),
    summary="The activity file this session was filled from, with its download link",
)
async def get_session_activity_file(session_id: UUID, tx: Tx) -> Response:
    """The file's metadata, a summary of its import per segment and `download` (GET it for the original bytes).
    If several files filled the session (attaching re-fills one), the newest is returned and the others are
    listed in `older_file_ids`."""
    return json_response(await service.session_file(tx, session_id=session_id))


@router.get(
    "/activity-files/{file_id}",
    operation_id="downloadActivityFile",
    response_class=Response,
    responses={
        200: {
            "description": "The original bytes, with the media type of their format (gzip as uploaded)",
            "content": {media_type: BINARY for media_type in DOWNLOAD_MEDIA_TYPES},
        },
        **errors(
            401,
            404,
            422,
            "5XX",
            notes={
                403: "activity_file_download_restricted: a multisport file with a segment in a session you "
                "cannot see; only the athlete may download it",
            },
        ),
    },
    summary="Download the original file as uploaded",
)
async def download_activity_file(file_id: UUID, tx: Tx) -> Response:
    found = await service.download(tx, file_id=file_id)
    gzipped = found.content.startswith(GZIP_MAGIC)
    ascii_name = found.filename.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    headers = {
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(found.filename)}",
        "X-Content-Type-Options": "nosniff",
    }
    media_type = "application/gzip" if gzipped else MEDIA_TYPES.get(found.format, "application/octet-stream")
    return Response(content=found.content, media_type=media_type, headers=headers)


@router.get(
    "/sessions/{session_id}/activity-file/streams",
    operation_id="getSessionActivityStreams",
    response_model=schemas.ActivityStreamsRead,
    responses=errors(
        401,
        422,
        "5XX",
        notes={
            403: "activity_file_download_restricted: the file also records a segment in a session you cannot see",
            404: "session_not_found: no such session, or not yours to see (the same answer); "
            "activity_file_not_found: a session you can see that no file was imported into",
        },
    ),
    summary="Heart rate, speed and altitude over time from the session's device file, for charts",
)
async def get_session_activity_streams(session_id: UUID, identity: CurrentIdentity, database: Db) -> Response:
    """Read again from the stored file (the session keeps summaries only): at most 1,000 points of the segment
    that filled this session. Who may download the file may read its streams."""
    async with database.transaction(identity) as tx:
        source = await streams_service.streams_source(tx, session_id=session_id)
    body = await anyio.to_thread.run_sync(streams_service.streams_body, source, limiter=PARSE_LIMITER)
    return json_response(json.dumps(body, separators=(",", ":"), allow_nan=False))

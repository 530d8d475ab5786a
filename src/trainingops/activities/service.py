"""Activity files into completed sessions: read the file, match or create a session per sport segment, keep the
original, and answer a re-upload of the same file with the same result.

``parse_upload`` is pure (no database) and runs before any transaction work, so a bad file is refused before
anything is written. The other functions take keyword-only arguments and run inside the caller's transaction
(``db.transaction(identity)``); they never commit. Row-level security decides which athletes and sessions
exist for the caller; the session guard decides which fields they may change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg.types.json import Jsonb

from trainingops.activities import sql
from trainingops.activities.readers import (
    Activity,
    ParseBudget,
    activity_to_session_fields,
    check_upload,
    read_activity,
)
from trainingops.db.pool import Connection
from trainingops.errors import Conflict, DomainError, NotFound
from trainingops.roster import access
from trainingops.sessions import service as sessions_service

# The largest upload kept (as sent, possibly gzip); the CHECK activity_files_size_cap says the same figure.
MAX_ACTIVITY_UPLOAD_BYTES = 16 * 1024 * 1024
MAX_FILENAME_CHARS = 255
DEFAULT_FILENAME = "activity"


class AthleteNotFound(NotFound):
    code = "athlete_not_found"
    title = "Athlete not found"

    def __init__(self) -> None:
        super().__init__("No athlete with this id exists, or you may not see them.")


class ActivityFileNotFound(NotFound):
    code = "activity_file_not_found"
    title = "Activity file not found"

    def __init__(self) -> None:
        super().__init__("No activity file with this id exists, or you may not see it.")


class NoActivityFile(NotFound):
    code = "activity_file_not_found"
    title = "Activity file not found"

    def __init__(self, session_id: UUID) -> None:
        super().__init__(
            "This session has no activity file: no device file was imported into it. "
            f"Upload one with POST /api/v1/sessions/{session_id}/activity-file."
        )


class DownloadRestricted(DomainError):
    code = "activity_file_download_restricted"
    status = 403
    title = "This file holds training you may not see"

    def __init__(self) -> None:
        super().__init__(
            "This file also records a segment filed in a session you cannot see (another program's part of a "
            "multisport recording), so only the athlete can download it. Its segments in sessions you can see "
            "are in GET /api/v1/sessions/{id} (metrics_json)."
        )


class AlreadyImported(Conflict):
    code = "activity_file_already_imported"
    title = "This file was already imported for this athlete"


class NotOnYourRoster(DomainError):
    code = "not_on_your_roster"
    status = 403
    title = "Not an athlete of a program you are active staff of"


@dataclass(frozen=True)
class ParsedUpload:
    """An upload that passed every check: the bytes as sent, and one activity per sport segment."""

    content: bytes
    filename: str
    activities: list[Activity]
    fields: list[dict[str, Any]]  # activity_to_session_fields of each activity, computed once

    @property
    def sha256(self) -> str:
        return self.activities[0].sha256

    @property
    def format(self) -> str:
        return self.activities[0].format


@dataclass(frozen=True)
class ImportResult:
    body: str  # JSON text, built under the caller's access for the first upload and every replay alike
    file_id: UUID
    replayed: bool


@dataclass(frozen=True)
class FileDownload:
    filename: str
    format: str
    content: bytes


def clean_filename(filename: str | None, file_format: str | None = None) -> str:
    """The last path component, without control characters, at most 255 characters."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if not name:
        name = f"{DEFAULT_FILENAME}.{file_format}" if file_format else DEFAULT_FILENAME
    return name[-MAX_FILENAME_CHARS:]


def parse_upload(content: bytes, filename: str | None) -> ParsedUpload:
    """Check and read an upload; raises an ``ActivityFileError`` (a 4xx with a stable code) for a bad file.

    One time budget (``ParseBudget``) covers unpacking and reading, on top of the byte caps."""
    budget = ParseBudget()
    decoded = check_upload(content, max_bytes=MAX_ACTIVITY_UPLOAD_BYTES, budget=budget)
    activities = read_activity(decoded, filename, budget=budget)
    fields = [activity_to_session_fields(activity) for activity in activities]
    return ParsedUpload(content, clean_filename(filename, activities[0].format), activities, fields)


# ------------------------------------------------------------------------------------------------- importing


@dataclass(frozen=True)
class UploadTarget:
    """Whose file it is and where it goes, found before the file is parsed (a hidden target is a 404)."""

    athlete_id: UUID
    is_self: bool
    session_id: UUID | None = None
    session_category: str | None = None


async def athlete_target(conn: Connection, *, athlete_id: UUID) -> UploadTarget:
    """The athlete a file is uploaded for, if the caller may upload for them (the athlete, or staff who see them)."""
    row = await _one(conn, sql.UPLOAD_TARGET, {"athlete_id": athlete_id})
    if row is None:
        raise AthleteNotFound()
    return UploadTarget(athlete_id=athlete_id, is_self=bool(row["is_self"]))


async def session_target(conn: Connection, *, session_id: UUID) -> UploadTarget:
    """The session a file is attached to, if the caller can see it (whether they may fill it is the guard's call)."""
    row = await _one(conn, sql.SESSION_UPLOAD_TARGET, {"session_id": session_id})
    if row is None:
        raise sessions_service.SessionNotFound()
    return UploadTarget(
        athlete_id=UUID(str(row["athlete_id"])),
        is_self=bool(row["is_self"]),
        session_id=session_id,
        session_category=str(row["workout_category"]),
    )


@dataclass
class _Segments:
    """What happened to each segment, in file order: the sessions filled and what is stored about each."""

    session_ids: list[UUID]
    stored: list[dict[str, Any]]

    def add(self, activity: Activity, fields: dict[str, Any], action: str, session_id: UUID) -> None:
        self.session_ids.append(session_id)
        self.stored.append(
            {
                "index": activity.segment_index,
                "action": action,
                "sport": activity.sport,
                "sub_sport": activity.sub_sport,
                "workout_category": fields["workout_category"],
                "quality": [{"code": flag.code, "detail": flag.detail} for flag in activity.flags],
            }
        )


def _title(activity: Activity) -> str:
    sport = activity.sub_sport if activity.sub_sport not in (None, "generic") else activity.sport
    return f"{str(sport).replace('_', ' ').capitalize()} ({activity.format.upper()} import)"


def _actuals(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "actual_distance_m": fields["actual_distance_m"],
        "actual_duration_sec": fields["actual_duration_sec"],
        "completed_at": fields["completed_at"],
        "metrics_json": fields["metrics_json"],
    }


async def _one(conn: Connection, query: str, params: dict[str, Any]) -> dict[str, Any] | None:
    cursor = await conn.execute(query, params)
    return await cursor.fetchone()


# What a device file does not know and must not wipe: the athlete's set log of a gym session (``strength/1``,
# docs/api.md "Strength work per set") lives beside the device summary in metrics_json.
KEPT_METRICS = "select metrics_json -> 'strength' as strength from athlete_training_sessions where id = %(id)s"


async def _fill(conn: Connection, *, session_id: UUID, fields: dict[str, Any]) -> None:
    """Write the activity's actuals onto a session the caller may change; the plan (category, title) and the set
    log stay."""
    actuals = _actuals(fields)
    kept = await _one(conn, KEPT_METRICS, {"id": session_id})
    if kept is not None and kept["strength"] is not None:
        actuals["metrics_json"] = {**actuals["metrics_json"], "strength": kept["strength"]}
    await sessions_service.update(conn, session_id=session_id, changes=actuals, expected_version=None)


async def _match_or_create(
    conn: Connection, *, target: UploadTarget, activity: Activity, fields: dict[str, Any], taken: list[UUID]
) -> tuple[str, UUID]:
    params = {
        "athlete_id": target.athlete_id,
        "category": fields["workout_category"],
        "taken": taken,
        "start": activity.start,
        "distance": fields["actual_distance_m"],
        "duration": fields["actual_duration_sec"],
    }
    match = await _one(conn, sql.MATCH_PLANNED, params)
    if match is not None:
        session_id = UUID(str(match["id"]))
        await _fill(conn, session_id=session_id, fields=fields)
        return "matched", session_id
    created = await _one(
        conn,
        sql.CREATE_SELF_ASSIGNED if target.is_self else sql.CREATE_COACH_ASSIGNED,
        {
            **params,
            "completed_at": fields["completed_at"],
            "title": _title(activity),
            "metrics": Jsonb(fields["metrics_json"]),
        },
    )
    if created is None:
        raise NotOnYourRoster(
            "You are not active staff of a program whose roster has this athlete, so no session can be created."
        )
    return "created", UUID(str(created["id"]))


async def _answer(conn: Connection, *, file_id: UUID, replayed: bool) -> ImportResult:
    row = await _one(conn, sql.FILE_ANSWER, {"id": file_id})
    assert row is not None  # the caller just stored or found this file
    return ImportResult(str(row["body"]), file_id, replayed=replayed)


async def _store(conn: Connection, *, target: UploadTarget, upload: ParsedUpload, segments: _Segments) -> ImportResult:
    row = await _one(
        conn,
        sql.STORE_FILE,
        {
            "athlete_id": target.athlete_id,
            "sha256": upload.sha256,
            "filename": upload.filename,
            "format": upload.format,
            "size_bytes": len(upload.content),
            "content": upload.content,
            "session_ids": segments.session_ids,
            "segments": Jsonb(segments.stored),
        },
    )
    assert row is not None
    return await _answer(conn, file_id=UUID(str(row["id"])), replayed=False)


async def _existing(conn: Connection, *, target: UploadTarget, sha256: str) -> dict[str, Any] | None:
    await conn.execute(sql.LOCK_FILE, {"athlete_id": str(target.athlete_id), "sha256": sha256})
    return await _one(conn, sql.EXISTING_FILE, {"athlete_id": target.athlete_id, "sha256": sha256})


async def _require_role(conn: Connection, *, target: UploadTarget, upload: ParsedUpload) -> None:
    """Staff fill and create an athlete's sessions only where their role assigns sessions of each category."""
    if target.is_self:
        return
    for category in sorted({fields["workout_category"] for fields in upload.fields}):
        capability = access.category_capability("assign", category)
        row = await _one(conn, sql.STAFF_MAY_ASSIGN, {"athlete_id": target.athlete_id, "capability": capability})
        if row is not None and not row["allowed"]:
            raise access.role_required(capability, list(row["roles"]))


async def import_for_athlete(conn: Connection, *, athlete_id: UUID, upload: ParsedUpload) -> ImportResult:
    """Each segment fills the athlete's planned, uncompleted session of its local day and category, else a new
    completed session (self-assigned for the athlete's own upload, coach-assigned for staff)."""
    target = await athlete_target(conn, athlete_id=athlete_id)
    await _require_role(conn, target=target, upload=upload)
    existing = await _existing(conn, target=target, sha256=upload.sha256)
    if existing is not None:
        return await _answer(conn, file_id=UUID(str(existing["id"])), replayed=True)
    segments = _Segments([], [])
    for activity, fields in zip(upload.activities, upload.fields, strict=True):
        action, session_id = await _match_or_create(
            conn, target=target, activity=activity, fields=fields, taken=segments.session_ids
        )
        segments.add(activity, fields, action, session_id)
    return await _store(conn, target=target, upload=upload, segments=segments)


def _segment_for(session_category: str | None, upload: ParsedUpload) -> int:
    """The segment a session takes: the first of the session's category, else the first."""
    categories = [fields["workout_category"] for fields in upload.fields]
    return categories.index(session_category) if session_category in categories else 0


async def attach_to_session(conn: Connection, *, session_id: UUID, upload: ParsedUpload) -> ImportResult:
    """Fill this session from the file (its plan and category stay); further segments of a multisport file are
    matched or created as by ``import_for_athlete``."""
    target = await session_target(conn, session_id=session_id)
    await _require_role(conn, target=target, upload=upload)
    existing = await _existing(conn, target=target, sha256=upload.sha256)
    if existing is not None:
        if session_id in existing["session_ids"]:
            return await _answer(conn, file_id=UUID(str(existing["id"])), replayed=True)
        raise AlreadyImported(
            "This file was already imported for this athlete into other sessions; see the activity file.",
            activity_file_id=str(existing["id"]),
        )
    chosen = _segment_for(target.session_category, upload)
    segments = _Segments([], [])
    for index, (activity, fields) in enumerate(zip(upload.activities, upload.fields, strict=True)):
        if index == chosen:
            await _fill(conn, session_id=session_id, fields=fields)
            segments.add(activity, fields, "attached", session_id)
            continue
        action, other_id = await _match_or_create(
            conn, target=target, activity=activity, fields=fields, taken=[session_id, *segments.session_ids]
        )
        segments.add(activity, fields, action, other_id)
    return await _store(conn, target=target, upload=upload, segments=segments)


# ------------------------------------------------------------------------------------------------- reading


async def download(conn: Connection, *, file_id: UUID) -> FileDownload:
    cursor = await conn.execute(sql.FILE_CONTENT, {"id": file_id}, binary=True)
    row = await cursor.fetchone()
    if row is None:
        raise ActivityFileNotFound()
    if row["content"] is None:
        raise DownloadRestricted()
    return FileDownload(str(row["filename"]), str(row["format"]), bytes(row["content"]))


async def session_file(conn: Connection, *, session_id: UUID) -> str:
    """The newest activity file that filled this session, as JSON text (one statement)."""
    row = await _one(conn, sql.SESSION_FILE, {"session_id": session_id})
    if row is None:
        raise sessions_service.SessionNotFound()
    if row["body"] is None:
        raise NoActivityFile(session_id)
    return str(row["body"])

"""Comments on a session and marking it reviewed.

A comment thread is readable and writable by whoever may see the session (the athlete on their own, the staff of
its programs). Its author edits it for ``EDIT_WINDOW`` after writing (docs/api.md says why 15 minutes) and may
delete it at any time: the text goes, from the history too, and a placeholder stays in the thread. Staff mark a
completed session reviewed (who, when) and may take the mark back. The database holds every rule (migration 0019);
the checks here give the precise answer first.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from trainingops.api.http import PreconditionFailed
from trainingops.db.pool import Connection
from trainingops.engagement import comments_sql as sql
from trainingops.errors import Conflict, DomainError, NotFound
from trainingops.roster.access import StaffOnly
from trainingops.sessions import service as sessions

# The edit window; the database's rule (app_private.guard_comment_update) says the same, a test holds them equal.
EDIT_WINDOW = timedelta(minutes=15)
WINDOW = {"window": f"{int(EDIT_WINDOW.total_seconds())} seconds"}


class CommentNotFound(NotFound):
    code = "comment_not_found"
    title = "Comment not found"

    def __init__(self) -> None:
        super().__init__("No comment with this id exists, or you may not see it.")


class NotAuthor(DomainError):
    code = "not_author"
    status = 403
    title = "Only its author changes a comment"


class CommentDeleted(Conflict):
    code = "comment_deleted"
    title = "The comment is deleted"


class EditWindowClosed(Conflict):
    code = "edit_window_closed"
    title = "The comment can no longer be edited"


class SessionNotCompleted(Conflict):
    code = "session_not_completed"
    title = "Only a completed session is reviewed"


class AlreadyReviewed(Conflict):
    code = "already_reviewed"
    title = "The session is already marked reviewed"


class NotReviewed(Conflict):
    code = "not_reviewed"
    title = "The session is not marked reviewed"


async def thread(conn: Connection, *, session_id: UUID) -> str:
    """The session's comments, oldest first, as ``{"items": [...]}`` JSON text; 404 when the session is hidden."""
    cursor = await conn.execute(sql.THREAD, {"session": session_id, **WINDOW})
    row = await cursor.fetchone()
    assert row is not None
    if not row["visible"]:
        raise sessions.SessionNotFound()
    return '{"items":' + str(row["items"]) + "}"


async def _one(conn: Connection, comment_id: UUID) -> tuple[str, int]:
    cursor = await conn.execute(sql.ONE_COMMENT, {"comment": comment_id, **WINDOW})
    row = await cursor.fetchone()
    if row is None:
        raise CommentNotFound()
    return row["body"], row["version"]


async def add(conn: Connection, *, session_id: UUID, body: str) -> tuple[str, int]:
    """Write a comment on a session the caller may see; the other side is notified (a trigger, migration 0019)."""
    cursor = await conn.execute(sql.INSERT, {"session": session_id, "body": body})
    row = await cursor.fetchone()
    if row is None:
        raise sessions.SessionNotFound()
    return await _one(conn, row["id"])


async def _writable(conn: Connection, *, comment_id: UUID, expected_version: int | None) -> dict[str, Any]:
    cursor = await conn.execute(sql.COMMENT_STATE, {"comment": comment_id, **WINDOW})
    state = await cursor.fetchone()
    if state is None:
        raise CommentNotFound()
    if not state["mine"]:
        raise NotAuthor("Only the author of a comment may edit or delete it; reply with a comment of your own.")
    if state["deleted"]:
        raise CommentDeleted("This comment was deleted; write a new one.")
    if expected_version is not None and expected_version != state["version"]:
        raise PreconditionFailed("The comment changed since you read it; GET the thread again.")
    return state


async def _write(conn: Connection, *, comment_id: UUID, body: str | None, version: int) -> tuple[str, int]:
    cursor = await conn.execute(sql.UPDATE_BODY, {"comment": comment_id, "body": body, "version": version})
    if await cursor.fetchone() is None:  # changed between our read and our write
        raise PreconditionFailed("The comment changed since you read it; GET the thread again.")
    return await _one(conn, comment_id)


async def edit(conn: Connection, *, comment_id: UUID, body: str, expected_version: int | None) -> tuple[str, int]:
    """Change the text (the author, within the edit window); the text before is kept in the comment's history."""
    state = await _writable(conn, comment_id=comment_id, expected_version=expected_version)
    if state["window_closed"]:
        minutes = int(EDIT_WINDOW.total_seconds() // 60)
        raise EditWindowClosed(
            f"A comment can be edited for {minutes} minutes after it was written; delete it or write a new one."
        )
    return await _write(conn, comment_id=comment_id, body=body, version=state["version"])


async def delete(conn: Connection, *, comment_id: UUID, expected_version: int | None) -> tuple[str, int]:
    """Withdraw a comment (the author, at any time): its text goes, here and in its history; the placeholder stays."""
    state = await _writable(conn, comment_id=comment_id, expected_version=expected_version)
    return await _write(conn, comment_id=comment_id, body=None, version=state["version"])


async def set_reviewed(conn: Connection, *, session_id: UUID, reviewed: bool) -> tuple[str, int]:
    """Mark a completed session reviewed (or take the mark back) as staff of its program; the session's body
    shows ``reviewed_by`` and ``reviewed_at``."""
    cursor = await conn.execute(sql.REVIEW_STATE, [session_id])
    state = await cursor.fetchone()
    if state is None:
        raise sessions.SessionNotFound()
    if not state["staff"]:
        raise StaffOnly("Only staff of the session's program mark it reviewed.")
    if not state["completed"]:
        raise SessionNotCompleted("The session is not completed yet: there is nothing to review.")
    if reviewed and state["reviewed"]:
        raise AlreadyReviewed("The session is already marked reviewed; nothing changed.")
    if not reviewed and not state["reviewed"]:
        raise NotReviewed("The session is not marked reviewed; nothing changed.")
    await conn.execute(sql.REVIEW if reviewed else sql.UNREVIEW, [session_id])
    return await sessions.get(conn, session_id=session_id)

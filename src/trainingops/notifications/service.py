"""The feed, marking read, preferences, and the practice notices planning sends when it publishes or cancels.

Functions take keyword-only arguments and run inside the caller's transaction; they never commit.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any
from uuid import UUID

from trainingops.db.pool import Connection
from trainingops.errors import InvalidInput, NotFound
from trainingops.notifications import sql

MAX_PAGE = 100


def _cursor_of(item: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(f"{item['created_at']}|{item['id']}".encode()).decode()


def _after(cursor: str | None) -> tuple[datetime | None, UUID | None]:
    if cursor is None:
        return None, None
    try:
        at, _, row_id = base64.urlsafe_b64decode(cursor.encode()).decode().partition("|")
        return datetime.fromisoformat(at), UUID(row_id)
    except ValueError as exc:
        raise InvalidInput("cursor is not one this API gave out.", errors=[{"pointer": "query:cursor"}]) from exc


async def feed(conn: Connection, *, cursor: str | None, limit: int, unread_only: bool) -> str:
    """A page of the caller's notifications, newest first, with the unread count and the next page's cursor."""
    after_at, after_id = _after(cursor)
    result = await conn.execute(
        sql.FEED, {"after_at": after_at, "after_id": after_id, "limit": limit, "unread_only": unread_only}
    )
    row = await result.fetchone()
    assert row is not None
    items: list[dict[str, Any]] = json.loads(row["items"])
    more = len(items) > limit
    items = items[:limit]
    body = {"unread": row["unread"], "items": items, "next_cursor": _cursor_of(items[-1]) if more else None}
    return json.dumps(body, separators=(",", ":"))


async def mark_read(conn: Connection, *, ids: list[UUID] | None) -> dict[str, int]:
    """Mark the named notifications (or all, ``ids`` None) read; 404 when an id is not one of the caller's."""
    if ids:
        result = await conn.execute(sql.OWN_IDS, {"ids": ids})
        row = await result.fetchone()
        found = set(row["found"] or []) if row else set()
        if found != set(ids):
            raise NotFound.of("notification")
    result = await conn.execute(sql.MARK_READ, {"all": ids is None, "ids": ids or []})
    row = await result.fetchone()
    assert row is not None
    return {"marked": row["marked"], "unread": row["unread"]}


async def preferences(conn: Connection) -> dict[str, Any]:
    result = await conn.execute(sql.PREFERENCES)
    row = await result.fetchone()
    assert row is not None
    return dict(row)


async def save_preferences(
    conn: Connection, *, email_notifications: bool | None, distance_unit: str | None
) -> dict[str, Any]:
    result = await conn.execute(sql.SAVE_PREFERENCES, {"email": email_notifications, "unit": distance_unit})
    row = await result.fetchone()
    assert row is not None
    return dict(row)


async def practice_notices(
    conn: Connection, *, practice_id: UUID, published: list[UUID], changed: list[UUID], cancelled: list[UUID]
) -> int:
    """Tell the athletes a publish or cancel touched, in one statement whatever their number (the database's
    app_private.notify_practice: feed rows and email outbox rows, set-based). Returns how many were queued."""
    if not (published or changed or cancelled):
        return 0
    result = await conn.execute(
        sql.PRACTICE, {"practice": practice_id, "published": published, "changed": changed, "cancelled": cancelled}
    )
    row = await result.fetchone()
    return int(row["queued"]) if row else 0

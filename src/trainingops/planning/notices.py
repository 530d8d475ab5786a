"""Who a publish or a cancel touched, for their notifications (``notifications.service.practice_notices``: one
statement for any number of athletes).

Publishing tells an athlete "published" when the practice gives them sessions for the first time, "changed" when
sessions they already had from it were changed or removed (or new ones added to them); athletes whose sessions
stayed as they were hear nothing. Cancelling tells the athletes whose sessions it removed.
"""

from __future__ import annotations

from uuid import UUID

from trainingops.db.pool import Connection
from trainingops.notifications import service as notifications
from trainingops.planning import derive


async def after_publish(
    conn: Connection, *, practice_id: UUID, existing: list[derive.Existing], changes: derive.Changes
) -> int:
    had = {e.athlete_id for e in existing}
    athlete_of = {e.id: e.athlete_id for e in existing}
    created = {p.athlete_id for p in changes.create}
    changed = {p.athlete_id for _, p in changes.update} | {athlete_of[i] for i in changes.remove if i in athlete_of}
    changed |= created & had
    return await notifications.practice_notices(
        conn,
        practice_id=practice_id,
        published=sorted(created - had, key=str),
        changed=sorted(changed, key=str),
        cancelled=[],
    )


async def after_cancel(
    conn: Connection, *, practice_id: UUID, existing: list[derive.Existing], removed: list[UUID]
) -> int:
    athlete_of = {e.id: e.athlete_id for e in existing}
    cancelled = {athlete_of[i] for i in removed if i in athlete_of}
    return await notifications.practice_notices(
        conn, practice_id=practice_id, published=[], changed=[], cancelled=sorted(cancelled, key=str)
    )

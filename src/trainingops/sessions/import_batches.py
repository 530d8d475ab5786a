"""An import's batch: what it did, and its undo (the sessions it created that are still as imported are deleted;
those logged or edited since are kept and listed)."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from trainingops.db.pool import Connection
from trainingops.errors import Conflict, NotFound
from trainingops.roster import access
from trainingops.sessions import bulk_sql


class ImportNotFound(NotFound):
    code = "import_not_found"
    title = "Import not found"

    def __init__(self) -> None:
        super().__init__("No import with this id exists, or you may not see it.")


class ImportAlreadyUndone(Conflict):
    code = "import_already_undone"
    title = "This import was already undone"


class NothingToUndo(Conflict):
    code = "import_nothing_to_undo"
    title = "Undoing this import would delete nothing"


async def get_import(conn: Connection, *, batch_id: UUID) -> str:
    """The batch as JSON text (who, when, counts, and the undo if any); 404 when hidden or missing."""
    cursor = await conn.execute(bulk_sql.GET_BATCH, [batch_id])
    row = await cursor.fetchone()
    if row is None:
        raise ImportNotFound()
    return str(row["body"])


async def undo_import(conn: Connection, *, batch_id: UUID) -> dict[str, Any]:
    """Delete the batch's sessions that are still as imported (version 1) and mark the batch undone; sessions
    logged or edited since are kept and listed. Staff of the batch's programs only; a second undo, or one that
    would delete nothing, is a 409 and writes nothing. Each deletion is in the sessions' history, whose deleted
    row carries the batch id."""
    cursor = await conn.execute(
        "select cardinality(app_private.staff_program_ids()) > 0 as is_staff, "
        "cardinality(app_private.staff_program_ids_with('assign_gym')) > 0 as may_assign, "
        "app_private.capability_roles('assign_gym') as roles"
    )
    me = await cursor.fetchone()
    if me is None or not me["is_staff"]:
        raise access.StaffOnly("Only staff can undo an import; athletes delete their own sessions one by one.")
    if not me["may_assign"]:  # undoing deletes sessions: who may assign them (assign_gym's roles hold assign_run's)
        raise access.role_required("assign_gym", list(me["roles"]))
    cursor = await conn.execute(bulk_sql.LOCK_BATCH, [batch_id])
    batch = await cursor.fetchone()
    if batch is None:
        raise ImportNotFound()
    if batch["undone_at"] is not None:
        raise ImportAlreadyUndone(f"This import was undone at {batch['undone_at'].isoformat()}; nothing to do.")
    cursor = await conn.execute(bulk_sql.KEPT, [batch_id])
    kept = await cursor.fetchone()
    cursor = await conn.execute(bulk_sql.DELETE_AS_IMPORTED, [batch_id])
    deleted = await cursor.fetchone()
    assert kept is not None
    assert deleted is not None
    kept_list: list[dict[str, Any]] = json.loads(kept["kept"])
    if not deleted["deleted_count"]:
        if not batch["created_count"]:
            detail = "This import created no sessions (every row matched one that existed); nothing to undo."
        elif kept_list:
            detail = "Every session of this import was logged or edited since; nothing was deleted."
        else:
            detail = "The sessions of this import were all deleted already; nothing to undo."
        raise NothingToUndo(detail, kept=kept_list)
    cursor = await conn.execute(
        bulk_sql.MARK_UNDONE, {"batch": batch_id, "deleted": deleted["deleted_count"], "kept": kept["kept_count"]}
    )
    marked = await cursor.fetchone()
    assert marked is not None
    return {
        "batch": json.loads(marked["body"]),
        "deleted_ids": json.loads(deleted["deleted"]),
        "kept": kept_list,
        "already_deleted": batch["created_count"] - deleted["deleted_count"] - kept["kept_count"],
    }

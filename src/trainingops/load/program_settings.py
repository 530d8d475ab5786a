"""Load-model settings per program: read (staff and the program's athletes), replace and reset (staff).

A program without a stored row uses ``trainingops.load.models.DEFAULT_SETTINGS``; its ETag is then ``"v0"``, so a
first PUT sends ``If-Match: "v0"`` like any later one sends the version it read.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from uuid import UUID

from trainingops.api.http import PreconditionFailed
from trainingops.db.pool import Connection
from trainingops.load.models.settings import DEFAULT_SETTINGS, LoadSettings, Smoothing, history_days
from trainingops.load.settings_schemas import LoadSettingsBody
from trainingops.load.sql import SETTINGS_COLUMNS as COLUMNS
from trainingops.load.sql import settings_select_list as select_list
from trainingops.roster import access

RETURNED = f"program_id, {', '.join(COLUMNS)}, updated_by, updated_at, version"
SELECT = f"select {RETURNED} from program_load_settings where program_id = %s"


def from_row(row: dict[str, Any] | None) -> LoadSettings:
    """The models' settings from a stored row (None: the defaults)."""
    if row is None or row.get("acute_days") is None:
        return DEFAULT_SETTINGS
    return LoadSettings(
        acute_days=int(row["acute_days"]),
        chronic_days=int(row["chronic_days"]),
        ctl_days=float(row["ctl_days"]),
        atl_days=float(row["atl_days"]),
        smoothing=Smoothing(row["smoothing"]),
        monotony_ddof=int(row["monotony_ddof"]),
    )


def describe(settings: LoadSettings) -> dict[str, Any]:
    """The settings as the API shows them (also echoed by every load response)."""
    body = {**asdict(settings), "smoothing": settings.smoothing.value}
    return {**body, "history_days": history_days(settings)}


def _document(program_id: UUID, row: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "program_id": str(program_id),
        "source": "program" if row else "default",
        **describe(from_row(row)),
        "updated_by": str(row["updated_by"]) if row and row["updated_by"] else None,
        "updated_at": row["updated_at"].isoformat() if row else None,
        "version": int(row["version"]) if row else 0,
        "defaults": describe(DEFAULT_SETTINGS),
    }


async def _stored(conn: Connection, program_id: UUID, *, lock: bool = False) -> dict[str, Any] | None:
    cursor = await conn.execute(SELECT + (" for update" if lock else ""), [program_id])
    row: dict[str, Any] | None = await cursor.fetchone()
    return row


async def get(conn: Connection, *, program_id: UUID) -> dict[str, Any]:
    await access.require_visible(conn, table="programs", row_id=program_id)
    return _document(program_id, await _stored(conn, program_id))


def _check_version(row: dict[str, Any] | None, expected: int | None) -> None:
    current = int(row["version"]) if row else 0
    if expected is not None and expected != current:
        raise PreconditionFailed(
            f"The load settings are at version {current}, not {expected}; GET them again before changing them."
        )


async def replace(
    conn: Connection, *, program_id: UUID, body: LoadSettingsBody, expected_version: int | None
) -> dict[str, Any]:
    """Store these settings for the program (a field left out takes the published default)."""
    await access.require_role(conn, program_id=program_id, capability="administer")
    _check_version(await _stored(conn, program_id, lock=True), expected_version)
    values = body.model_dump()
    cursor = await conn.execute(
        "insert into program_load_settings (program_id, acute_days, chronic_days, ctl_days, atl_days, smoothing, "
        "monotony_ddof, updated_by) values (%(program_id)s, %(acute_days)s, %(chronic_days)s, %(ctl_days)s, "
        "%(atl_days)s, %(smoothing)s, %(monotony_ddof)s, app_private.current_user_id()) "
        "on conflict (program_id) do update set acute_days = excluded.acute_days, "
        "chronic_days = excluded.chronic_days, ctl_days = excluded.ctl_days, atl_days = excluded.atl_days, "
        "smoothing = excluded.smoothing, monotony_ddof = excluded.monotony_ddof, updated_by = excluded.updated_by "
        f"returning {RETURNED}",
        {"program_id": program_id, **values},
    )
    return _document(program_id, await cursor.fetchone())


async def reset(conn: Connection, *, program_id: UUID, expected_version: int | None) -> dict[str, Any]:
    """Back to the published defaults (the stored row is removed)."""
    await access.require_role(conn, program_id=program_id, capability="administer")
    _check_version(await _stored(conn, program_id, lock=True), expected_version)
    await conn.execute("delete from program_load_settings where program_id = %s", [program_id])
    return _document(program_id, None)


_FOR_PRACTICE = f"""
select {select_list("pls")}
from practice_sessions ps join program_load_settings pls on pls.program_id = ps.program_id where ps.id = %s
"""


async def for_practice(conn: Connection, *, practice_id: UUID) -> LoadSettings:
    cursor = await conn.execute(_FOR_PRACTICE, [practice_id])
    return from_row(await cursor.fetchone())

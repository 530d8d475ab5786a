"""Running a program: create and edit it, change its members' roles, its seasons and its event groups.

Functions take keyword-only arguments, run inside the caller's transaction and never commit. The database decides
(migration 0017: policies by role, rules by trigger); the checks here answer first with the precise reason:
404 for a hidden row, 403 ``staff_only`` / ``role_required`` for a role that may not, 412 for a stale If-Match.
Each returns ``(body, version)``: the row as JSON text and the version for its ETag.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from trainingops.api.http import PreconditionFailed
from trainingops.db.errors import OwnMembershipLocked
from trainingops.db.pool import Connection
from trainingops.errors import NotFound
from trainingops.roster import access, sql
from trainingops.roster.bodies import (
    EventGroupCreate,
    EventGroupUpdate,
    MemberUpdate,
    ProgramCreate,
    ProgramUpdate,
    SeasonCreate,
    SeasonUpdate,
)

Written = tuple[str, int]
CAPABILITIES = list(access.CAPABILITIES)


async def _row(conn: Connection, query: Any, params: Any) -> dict[str, Any] | None:
    cursor = await conn.execute(query, params)
    return await cursor.fetchone()


async def _written(conn: Connection, query: str, row_id: Any, **params: Any) -> Written:
    row = await _row(conn, query, {"id": row_id, **params})
    assert row is not None  # the caller just wrote it and may see it
    return str(row["body"]), int(row["version"])


async def _apply(conn: Connection, statement: Any, params: dict[str, Any], *, what: str) -> None:
    """Run a versioned update that the caller's role was checked for: no row means the If-Match is stale."""
    if await _row(conn, statement, params) is None:
        raise PreconditionFailed(f"The {what} changed since you read it; GET it again before changing it.")


async def _program_of(conn: Connection, query: str, row_id: UUID, what: str) -> UUID:
    row = await _row(conn, query, [row_id])
    if row is None:
        raise NotFound.of(what)
    return UUID(str(row["program_id"]))


# ---------------------------------------------------------------------------------------------- programs


async def create_program(conn: Connection, *, body: ProgramCreate) -> UUID:
    """A new program with the caller as its first member: program_admin, or head_coach when they say so."""
    row = await _row(
        conn,
        sql.CREATE_PROGRAM,
        {"name": body.name, "sport": body.sport, "time_zone": body.time_zone, "role": body.creator_role},
    )
    assert row is not None
    return UUID(str(row["id"]))


async def program(conn: Connection, *, program_id: UUID) -> Written:
    row = await _row(conn, sql.ONE_PROGRAM, {"id": program_id, "capabilities": CAPABILITIES})
    if row is None:
        raise NotFound.of("program")
    return str(row["body"]), int(row["version"])


async def update_program(
    conn: Connection, *, program_id: UUID, body: ProgramUpdate, expected_version: int | None
) -> Written:
    await access.require_role(conn, program_id=program_id, capability="administer")
    changes = body.changes()
    if changes:
        statement = sql.update("programs", list(changes))
        await _apply(conn, statement, {**changes, "id": program_id, "expected": expected_version}, what="program")
    return await program(conn, program_id=program_id)


# ----------------------------------------------------------------------------------------------- members


async def members(conn: Connection, *, program_id: UUID) -> str:
    await access.require_visible(conn, table="programs", row_id=program_id)
    row = await _row(conn, sql.MEMBERS, {"program": program_id})
    assert row is not None
    return str(row["body"])


async def update_member(
    conn: Connection, *, member_id: UUID, body: MemberUpdate, expected_version: int | None
) -> Written:
    """Change a member's role or deactivate them (``active: false``: every right ends at once, history stays).
    Nobody changes their own membership; the program keeps one active administrator (the database's rules)."""
    found = await _row(conn, sql.MEMBER_OWNER, [member_id])
    if found is None:
        raise NotFound.of("member", pronoun="them")
    await access.require_role(conn, program_id=found["program_id"], capability="administer")
    if found["own"]:
        raise OwnMembershipLocked(
            "Nobody changes their own role or deactivates themselves; another administrator of the program does."
        )
    changes = body.changes()
    if "active" in changes:
        changes["is_active"] = changes.pop("active")
    if changes:
        statement = sql.update("program_members", list(changes))
        await _apply(conn, statement, {**changes, "id": member_id, "expected": expected_version}, what="membership")
    return await _written(conn, sql.ONE_MEMBER, member_id)


# ----------------------------------------------------------------------------------------------- seasons


async def create_season(conn: Connection, *, program_id: UUID, body: SeasonCreate) -> Written:
    await access.require_role(conn, program_id=program_id, capability="administer")
    row = await _row(conn, sql.CREATE_SEASON, {"program": program_id, **body.model_dump()})
    assert row is not None
    return await _written(conn, sql.ONE_SEASON, row["id"])


async def update_season(
    conn: Connection, *, team_season_id: UUID, body: SeasonUpdate, expected_version: int | None
) -> Written:
    """Edit a season's name, sport or dates (the practices and sessions rules that depend on them keep holding),
    close it (``closed: true``: no new roster entries or practices) or reopen it."""
    program_id = await _program_of(conn, sql.SEASON_PROGRAM, team_season_id, "team season")
    await access.require_role(conn, program_id=program_id, capability="administer")
    changes = body.changes()
    if "closed" in changes:
        changes["closed_at"] = changes.pop("closed")
    if changes:
        statement = sql.update("team_seasons", list(changes), expressions={"closed_at": sql.CLOSED_AT})
        await _apply(conn, statement, {**changes, "id": team_season_id, "expected": expected_version}, what="season")
    return await _written(conn, sql.ONE_SEASON, team_season_id)


# ------------------------------------------------------------------------------------------ event groups


async def create_event_group(conn: Connection, *, program_id: UUID, body: EventGroupCreate) -> Written:
    await access.require_role(conn, program_id=program_id, capability="manage_roster")
    row = await _row(conn, sql.CREATE_GROUP, {"program": program_id, "name": body.name})
    assert row is not None
    return await _written(conn, sql.ONE_GROUP, row["id"])


async def update_event_group(
    conn: Connection, *, event_group_id: UUID, body: EventGroupUpdate, expected_version: int | None
) -> Written:
    """Rename, archive (``archived: true``: nothing new goes into it, history keeps it) or restore a group."""
    program_id = await _program_of(conn, sql.GROUP_PROGRAM, event_group_id, "event group")
    await access.require_role(conn, program_id=program_id, capability="manage_roster")
    changes = body.changes()
    if "archived" in changes:
        changes["archived_at"] = changes.pop("archived")
    if changes:
        statement = sql.update("event_groups", list(changes), expressions={"archived_at": sql.ARCHIVED_AT})
        await _apply(conn, statement, {**changes, "id": event_group_id, "expected": expected_version}, what="group")
    return await _written(conn, sql.ONE_GROUP, event_group_id)

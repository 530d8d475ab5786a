"""Athletes and roster entries: create an athlete in a program, edit a profile, put an athlete of the program on a
season's roster, change an entry's status, event group or dates.

An athlete is the program's when the program created them or they are (or were) on one of its rosters; only such
athletes go on its rosters. Another program's athlete — hidden, or visible to staff of both — and an id that does
not exist get the same answer (``athlete_not_in_program``): such an athlete joins a program by accepting its
invitation. The database holds the rule (policy ``roster_entries_insert``, migration 0017); this answers first.
Functions take keyword-only arguments, run inside the caller's transaction and never commit.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from trainingops.api.http import PreconditionFailed
from trainingops.db.errors import SeasonClosed
from trainingops.db.pool import Connection
from trainingops.errors import DomainError, InvalidInput, NotFound
from trainingops.roster import access, sql
from trainingops.roster.bodies import AthleteCreate, AthleteUpdate, RosterEntryCreate, RosterEntryUpdate

Written = tuple[str, int]


class AthleteNotInProgram(DomainError):
    code = "athlete_not_in_program"
    status = 403
    title = "The athlete is not this program's"


NOT_IN_PROGRAM = (
    "This athlete is not on any roster of this program and was not created by it (or does not exist). An athlete "
    "joins another program only by accepting its invitation."
)


async def _row(conn: Connection, query: Any, params: Any) -> dict[str, Any] | None:
    cursor = await conn.execute(query, params)
    return await cursor.fetchone()


async def _written(conn: Connection, query: str, row_id: Any) -> Written:
    row = await _row(conn, query, {"id": row_id})
    assert row is not None
    return str(row["body"]), int(row["version"])


async def _apply(conn: Connection, statement: Any, params: dict[str, Any], *, what: str) -> None:
    if await _row(conn, statement, params) is None:
        raise PreconditionFailed(f"The {what} changed since you read it; GET it again before changing it.")


def _closed() -> SeasonClosed:
    return SeasonClosed("The season is closed: it takes no new roster entries. Reopen it first.")


async def roster_program(conn: Connection, *, team_season_id: UUID) -> UUID:
    """The program of a season whose roster the caller may change: 404 when the season is hidden, 403 for a
    role that may not, 409 when it is closed."""
    row = await _row(conn, sql.SEASON_PROGRAM, [team_season_id])
    if row is None:
        raise NotFound.of("team season")
    program_id = UUID(str(row["program_id"]))
    await access.require_role(conn, program_id=program_id, capability="manage_roster", hidden="team season")
    if row["closed"]:
        raise _closed()
    return program_id


# ---------------------------------------------------------------------------------------------- athletes


async def program_athletes(conn: Connection, *, program_id: UUID) -> str:
    await access.require_visible(conn, table="programs", row_id=program_id)
    row = await _row(conn, sql.PROGRAM_ATHLETES, {"program": program_id})
    assert row is not None
    return str(row["body"])


async def create_athlete(conn: Connection, *, program_id: UUID, body: AthleteCreate) -> Written:
    """A new athlete of the program (it may roster them from now on), on a season's roster at once when
    ``team_season_id`` is given. ``email`` is kept for the invitation to claim the profile."""
    await access.require_role(conn, program_id=program_id, capability="manage_roster")
    if body.team_season_id is not None:
        season = await _row(conn, sql.SEASON_PROGRAM, [body.team_season_id])
        if season is None or season["program_id"] != program_id:
            detail = "Not a season of this program."
            raise InvalidInput(detail, errors=[{"pointer": "#/team_season_id", "detail": detail}])
        if season["closed"]:
            raise _closed()
    values = body.model_dump(include={"name", "sex", "date_of_birth", "email"})
    created = await _row(conn, sql.CREATE_ATHLETE, {**values, "program": program_id})
    assert created is not None
    if body.team_season_id is not None:
        entry = {"event_group_id": body.event_group_id, "status": body.status, "joined_on": None, "left_on": None}
        await _row(
            conn,
            sql.CREATE_ENTRY,
            {**entry, "program": program_id, "season": body.team_season_id, "athlete": created["id"]},
        )
    return await _written(conn, sql.ONE_ATHLETE, created["id"])


async def update_athlete(
    conn: Connection, *, athlete_id: UUID, body: AthleteUpdate, expected_version: int | None
) -> Written:
    """Name, sex, date of birth, email: by the athlete themself, or by roster staff of a program they are in."""
    editor = await _row(conn, sql.ATHLETE_EDITOR, [athlete_id])
    if editor is None:
        raise NotFound.of("athlete", pronoun="them")
    if not (editor["mine"] or editor["manager"]):
        raise access.role_required("manage_roster", list(editor["roles"]))
    changes = body.changes()
    if changes:
        statement = sql.update("athletes", list(changes))
        await _apply(conn, statement, {**changes, "id": athlete_id, "expected": expected_version}, what="athlete")
    return await _written(conn, sql.ONE_ATHLETE, athlete_id)


# ------------------------------------------------------------------------------------------ roster entries


async def add_to_roster(conn: Connection, *, team_season_id: UUID, body: RosterEntryCreate) -> Written:
    """An athlete of the program on this season's roster (in an event group, or none)."""
    program_id = await roster_program(conn, team_season_id=team_season_id)
    ours = await _row(conn, sql.ATHLETE_OF_PROGRAM, {"athlete": body.athlete_id, "program": program_id})
    if ours is None or not ours["ours"]:
        raise AthleteNotInProgram(NOT_IN_PROGRAM, errors=[{"pointer": "#/athlete_id", "detail": NOT_IN_PROGRAM}])
    params = {
        **body.model_dump(exclude={"athlete_id"}),
        "program": program_id,
        "season": team_season_id,
        "athlete": body.athlete_id,
    }
    created = await _row(conn, sql.CREATE_ENTRY, params)
    assert created is not None
    return await _written(conn, sql.ONE_ENTRY, created["id"])


async def update_entry(
    conn: Connection, *, roster_entry_id: UUID, body: RosterEntryUpdate, expected_version: int | None
) -> Written:
    """Status (``active``, ``injured``, ``redshirt``, ``inactive``), a move to another event group, joined/left
    dates. Athletic trainers change the status only."""
    row = await _row(conn, sql.ENTRY_PROGRAM, [roster_entry_id])
    if row is None:
        raise NotFound.of("roster entry")
    changes = body.changes()
    capability = "set_roster_status" if changes.keys() <= {"status"} else "manage_roster"
    await access.require_role(conn, program_id=row["program_id"], capability=capability, hidden="roster entry")
    if changes:
        statement = sql.update("roster_entries", list(changes))
        await _apply(conn, statement, {**changes, "id": roster_entry_id, "expected": expected_version}, what="entry")
    return await _written(conn, sql.ONE_ENTRY, roster_entry_id)

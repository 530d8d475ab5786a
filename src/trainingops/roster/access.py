"""The access checks the routes make before they act, in one place. Row-level security decides in the end; these
give the caller a clear answer early: a hidden row and a missing one get the same 404 (``NotFound.of``), and an
action that belongs to another role gets its 403 (``StaffOnly``, ``AthleteOnly``).
"""

from __future__ import annotations

from uuid import UUID

from trainingops.db.pool import Connection
from trainingops.errors import DomainError, NotFound


class StaffOnly(DomainError):
    code = "staff_only"
    status = 403
    title = "Only staff can do this"


class AthleteOnly(DomainError):
    code = "athlete_only"
    status = 403
    title = "Only an athlete can do this"


# The context tables a route may name in its path, and what a person calls a row of each (for the 404).
VISIBLE = {"programs": ("program", "it"), "team_seasons": ("team season", "it"), "athletes": ("athlete", "it")}


async def require_visible(conn: Connection, *, table: str, row_id: UUID) -> None:
    """404 unless the caller may see this row."""
    what, pronoun = VISIBLE[table]  # also keeps ``table`` to a known constant
    cursor = await conn.execute(f"select 1 from {table} where id = %s", [row_id])
    if await cursor.fetchone() is None:
        raise NotFound.of(what, pronoun=pronoun)


async def require_staff(conn: Connection, *, program_id: UUID, what: str) -> None:
    """404 when the program is hidden, 403 when the caller sees it but is not its active staff (``what`` names
    what they wanted to change: "its plans", "this program's load settings")."""
    cursor = await conn.execute(
        "select p.id = any (app_private.staff_program_ids()) as is_staff from programs p where p.id = %s", [program_id]
    )
    row = await cursor.fetchone()
    if row is None:
        raise NotFound.of("program")
    if not row["is_staff"]:
        raise StaffOnly(f"Only active staff of the program can change {what}.")


async def is_staff_anywhere(conn: Connection) -> bool:
    """Whether the caller is active staff of any program (athletes and outsiders are not)."""
    cursor = await conn.execute("select cardinality(app_private.staff_program_ids()) > 0 as staff")
    row = await cursor.fetchone()
    return bool(row and row["staff"])

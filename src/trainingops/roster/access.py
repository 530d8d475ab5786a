"""The access checks the routes make before they act, in one place. Row-level security decides in the end; these
give the caller a clear answer early: a hidden row and a missing one get the same 404 (``NotFound.of``), and an
action that belongs to another role gets its 403 (``StaffOnly``, ``AthleteOnly``, ``RoleRequired``).

What each role may do is written once, in the database (``app_private.capability_roles``, migration 0017); the
checks here ask it (``require_role``) rather than repeat it.
"""

from __future__ import annotations

from uuid import UUID

from trainingops.db.pool import Connection
from trainingops.errors import DomainError, NotFound, RoleRequired


class StaffOnly(DomainError):
    code = "staff_only"
    status = 403
    title = "Only staff can do this"


class AthleteOnly(DomainError):
    code = "athlete_only"
    status = 403
    title = "Only an athlete can do this"


# The capabilities of docs/security.md ("Staff roles"), as the database names them (app_private.capability_roles), with
# what each lets a member do, for the 403 sentence.
CAPABILITIES = {
    "administer": "change the program's settings, load settings, staff and seasons",
    "manage_roster": "change its roster, event groups and athlete profiles",
    "set_roster_status": "change a roster entry's status",
    "plan": "plan, publish and cancel its practices",
    "plan_run": "plan its run and track work",
    "plan_gym": "plan its gym (S&C) work and strength maxes",
    "assign_run": "assign and re-plan its run, cross-training and other sessions",
    "assign_gym": "assign and re-plan its gym sessions",
    "read_wellness": "read its athletes' wellness check-in items",
}
ROLE_NAMES = {
    "program_admin": "program admin",
    "head_coach": "head coach",
    "assistant_coach": "assistant coaches",
    "strength_coach": "strength coaches",
    "athletic_trainer": "athletic trainers",
}


def category_capability(kind: str, workout_category: str) -> str:
    """``plan_*`` or ``assign_*`` (``kind``) for a workout category: gym work is S&C's, the rest run and track."""
    return f"{kind}_gym" if workout_category == "gym" else f"{kind}_run"


def role_required(capability: str, roles: list[str]) -> RoleRequired:
    names = [ROLE_NAMES.get(role, role) for role in roles]
    who = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
    return RoleRequired(
        f"Your role in this program does not allow this: only its {who} {CAPABILITIES[capability]}.",
        capability=capability,
    )


_ROLE_CHECK = """
select p.id = any (app_private.staff_program_ids()) as is_staff,
       p.id = any (app_private.staff_program_ids_with(%(capability)s)) as allowed,
       app_private.capability_roles(%(capability)s) as roles
from programs p where p.id = %(program)s
"""


async def require_role(conn: Connection, *, program_id: UUID, capability: str, hidden: str = "program") -> None:
    """404 when the program is hidden, 403 ``staff_only`` when the caller sees it but is not its active staff (an
    athlete of it), 403 ``role_required`` when they are staff whose role does not hold ``capability``."""
    if capability not in CAPABILITIES:
        raise ValueError(f"unknown capability {capability!r}")
    cursor = await conn.execute(_ROLE_CHECK, {"capability": capability, "program": program_id})
    row = await cursor.fetchone()
    if row is None:
        raise NotFound.of(hidden)
    if not row["is_staff"]:
        raise StaffOnly(f"Only active staff of the program can {CAPABILITIES[capability]}.")
    if not row["allowed"]:
        raise role_required(capability, list(row["roles"]))


# The context tables a route may name in its path, and what a person calls a row of each (for the 404).
VISIBLE = {"programs": ("program", "it"), "team_seasons": ("team season", "it"), "athletes": ("athlete", "it")}


async def require_visible(conn: Connection, *, table: str, row_id: UUID) -> None:
    """404 unless the caller may see this row."""
    what, pronoun = VISIBLE[table]  # also keeps ``table`` to a known constant
    cursor = await conn.execute(f"select 1 from {table} where id = %s", [row_id])
    if await cursor.fetchone() is None:
        raise NotFound.of(what, pronoun=pronoun)


async def is_staff_anywhere(conn: Connection) -> bool:
    """Whether the caller is active staff of any program (athletes and outsiders are not)."""
    cursor = await conn.execute("select cardinality(app_private.staff_program_ids()) > 0 as staff")
    row = await cursor.fetchone()
    return bool(row and row["staff"])

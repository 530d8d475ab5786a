"""The role table of docs/security.md ("Staff roles"), as the tests check it, cell by cell, at the database and through
the routes (tests/roster/test_roles_db.py, tests/roster/test_roles_routes.py).

Each row is one thing staff do; each column a role of P1 (the world's actor holding it) and the athlete (A1, on
their own things where the table says "own"). True: allowed; False: refused.
"""

from __future__ import annotations

from tests.support.world import P1_ROLES

ROLES = ("program_admin", "head_coach", "assistant_coach", "strength_coach", "athletic_trainer", "athlete")
ACTOR = {**P1_ROLES, "athlete": "A1"}


def _row(cells: str) -> dict[str, bool]:
    """Six marks in the order of ROLES: ✓ allowed, – refused."""
    marks = cells.split()
    assert len(marks) == len(ROLES) and set(marks) <= {"✓", "–"}, cells
    return {role: mark == "✓" for role, mark in zip(ROLES, marks, strict=True)}


#                                         admin head asst  S&C  AT   athlete
TABLE: dict[str, dict[str, bool]] = {
    "program settings": _row("              ✓    ✓    –    –    –    –"),
    "load settings": _row("                 ✓    ✓    –    –    –    –"),
    "members": _row("                       ✓    ✓    –    –    –    –"),
    "seasons": _row("                       ✓    ✓    –    –    –    –"),
    "invite staff": _row("                  ✓    ✓    –    –    –    –"),
    "roster": _row("                        ✓    ✓    ✓    –    –    –"),
    "roster status": _row("                 ✓    ✓    ✓    –    ✓    –"),
    "event groups": _row("                  ✓    ✓    ✓    –    –    –"),
    "athlete profiles": _row("              ✓    ✓    ✓    –    –    ✓"),  # the athlete: their own
    "invite athletes": _row("               ✓    ✓    ✓    –    –    –"),  # the program's own athletes
    "plan run work": _row("                 –    ✓    ✓    –    –    –"),
    "publish a run practice": _row("        –    ✓    ✓    –    –    –"),
    "plan gym work": _row("                 –    ✓    –    ✓    –    –"),
    "publish an S&C practice": _row("       –    ✓    –    ✓    –    –"),
    "strength maxes": _row("                –    ✓    –    ✓    –    –"),
    "read training": _row("                 ✓    ✓    ✓    ✓    ✓    ✓"),  # the athlete: their own
    "assign run sessions": _row("           –    ✓    ✓    –    –    –"),
    "assign gym sessions": _row("           –    ✓    ✓    ✓    –    –"),
    "edit a run session's plan": _row("     –    ✓    ✓    –    –    –"),  # the athlete: self-assigned only
    "edit a gym session's plan": _row("     –    ✓    ✓    ✓    –    –"),
}
CELLS = [(capability, role) for capability in TABLE for role in ROLES]

"""Small builders for context rows, used by tests that need a program, a season, staff and athletes.

Each takes a psycopg connection (administrative, so rules of access do not apply while building) and
returns the new row's id. Names are readable so failures read well.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import psycopg

Conn = psycopg.Connection[Any]

# Every fixture date counts from the day the suite runs, so no fixture expires: a season around today (it began
# about four months ago and ends in about seven), and a default session day inside it, in the past.
TODAY = date.today()
SEASON_START, SEASON_END = TODAY - timedelta(days=121), TODAY + timedelta(days=212)
PAST_DAY = TODAY - timedelta(days=90)


def _insert(conn: Conn, table: str, values: dict[str, Any]) -> uuid.UUID:
    columns = ", ".join(values)
    placeholders = ", ".join(["%s"] * len(values))
    row = conn.execute(
        f"insert into {table} ({columns}) values ({placeholders}) returning id",  # test helper, trusted names
        list(values.values()),
    ).fetchone()
    assert row is not None
    return uuid.UUID(str(row[0]))


def user(conn: Conn, name: str, email: str | None = None) -> uuid.UUID:
    email = email or f"{name.lower().replace(' ', '.')}.{uuid.uuid4().hex[:6]}@example.org"
    return _insert(conn, "users", {"name": name, "email": email})


def program(conn: Conn, name: str = "Test Program", time_zone: str = "America/Chicago") -> uuid.UUID:
    return _insert(conn, "programs", {"name": name, "sport": "track_and_field", "time_zone": time_zone})


def season(conn: Conn, program_id: uuid.UUID, start: date = SEASON_START, end: date = SEASON_END) -> uuid.UUID:
    return _insert(
        conn,
        "team_seasons",
        {"program_id": program_id, "name": "Season", "sport": "track_and_field", "start_date": start, "end_date": end},
    )


def member(
    conn: Conn, program_id: uuid.UUID, user_id: uuid.UUID, role: str = "head_coach", active: bool = True
) -> uuid.UUID:
    return _insert(
        conn, "program_members", {"program_id": program_id, "user_id": user_id, "role": role, "is_active": active}
    )


def event_group(conn: Conn, program_id: uuid.UUID, name: str = "Distance") -> uuid.UUID:
    return _insert(conn, "event_groups", {"program_id": program_id, "name": name})


def athlete(conn: Conn, name: str = "Ada Runner", user_id: uuid.UUID | None = None) -> uuid.UUID:
    return _insert(conn, "athletes", {"name": name, "user_id": user_id})


def roster(
    conn: Conn,
    program_id: uuid.UUID,
    season_id: uuid.UUID,
    athlete_id: uuid.UUID,
    event_group_id: uuid.UUID | None = None,
    status: str = "active",
) -> uuid.UUID:
    return _insert(
        conn,
        "roster_entries",
        {
            "program_id": program_id,
            "team_season_id": season_id,
            "athlete_id": athlete_id,
            "event_group_id": event_group_id,
            "status": status,
        },
    )


def session(conn: Conn, athlete_id: uuid.UUID, **values: Any) -> uuid.UUID:
    row = {"athlete_id": athlete_id, "source": "self_assigned", "workout_category": "run"}
    row["scheduled_date"] = PAST_DAY
    row.update(values)
    return _insert(conn, "athlete_training_sessions", row)

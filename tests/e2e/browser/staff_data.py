"""Rows of the demo that the staff-screen browser tests open: found with SQL as the database owner, so a test
names real people and sessions without hard-coding the generator's choices."""

from __future__ import annotations

import psycopg

from tests.support.browser import LiveServer

HEAD_COACH = "maria.alvarez@northfield.edu"


def _one(live: LiveServer, query: str, params: tuple[object, ...] = ()) -> tuple[str, ...]:
    with psycopg.connect(live.target.admin_url) as conn:
        row = conn.execute(query, params).fetchone()
    assert row is not None, query
    return tuple(str(v) for v in row)


def coachs_busiest_athlete(live: LiveServer, email: str = HEAD_COACH) -> tuple[str, str]:
    """Id and name of the athlete on the coach's programs with the most completed sessions (the richest trends)."""
    found = _one(
        live,
        "select a.id, a.name from athletes a join athlete_training_sessions s on s.athlete_id = a.id"
        " where s.completed_at is not null and a.id in (select r.athlete_id from roster_entries r"
        "   join program_members m on m.program_id = r.program_id join users u on u.id = m.user_id"
        "   where u.email = %s and m.is_active)"
        " group by a.id, a.name order by count(*) desc, a.name limit 1",
        (email,),
    )
    return found[0], found[1]


def completed_session_of(live: LiveServer, athlete_id: str) -> tuple[str, str]:
    """Id and title of the athlete's most recent completed session."""
    found = _one(
        live,
        "select id, coalesce(title, workout_category) from athlete_training_sessions"
        " where athlete_id = %s and completed_at is not null order by completed_at desc limit 1",
        (athlete_id,),
    )
    return found[0], found[1]


def coachs_program(live: LiveServer, email: str = HEAD_COACH) -> str:
    return _one(
        live,
        "select m.program_id from program_members m join users u on u.id = m.user_id"
        " where u.email = %s and m.is_active order by m.program_id limit 1",
        (email,),
    )[0]


def athlete_email(live: LiveServer, athlete_id: str) -> str:
    return _one(live, "select u.email from athletes a join users u on u.id = a.user_id where a.id = %s", (athlete_id,))[
        0
    ]

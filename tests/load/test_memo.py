"""The memo of the team view and the Team Ops snapshot (``load.memo``): a result served from it is always the one the
computation gives now — after a session is written, edited, deleted or back-dated into the packed history, after a
settings change, and for another day under the as-of rule — and a repeated request is served from it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import psycopg
import pytest

from tests.conftest import Server
from tests.support.demo import HEAD_COACH
from trainingops.db.identity import Identity
from trainingops.db.pool import Database
from trainingops.db.target import DatabaseTarget
from trainingops.demo.generate import generate
from trainingops.demo.load import load
from trainingops.load import memo, service, snapshot


def test_the_key_tells_parts_apart() -> None:
    assert memo.key(b"null") != memo.key(None)
    assert memo.key(b"ab", b"c") != memo.key(b"a", b"bc")
    assert memo.key("x", date(2026, 1, 2)) == memo.key("x", date(2026, 1, 2))
    assert memo.key("x", date(2026, 1, 2)) != memo.key("x", date(2026, 1, 3))


@pytest.fixture(scope="module")
def demo_to_change(pg_server: Server, template_db: str) -> Iterator[DatabaseTarget]:
    name = pg_server.create(template=template_db)
    target = pg_server.target(name)
    load(target.admin_url, generate(date.today()))
    yield target
    pg_server.drop(name)


def _subjects(admin_url: str) -> tuple[UUID, UUID, UUID, UUID, date]:
    """The head coach, a current Northfield season, its program, an active athlete on it, and the program's today."""
    with psycopg.connect(admin_url) as conn:
        row = conn.execute(
            "select u.id, ts.id, ts.program_id, r.athlete_id, (now() at time zone p.time_zone)::date "
            "from team_seasons ts join programs p on p.id = ts.program_id "
            "join roster_entries r on r.team_season_id = ts.id join users u on u.email = %s "
            "where p.name ilike 'northfield%%' and ts.end_date > now() and r.status = 'active' "
            "order by r.athlete_id limit 1",
            [HEAD_COACH],
        ).fetchone()
    assert row is not None
    return UUID(str(row[0])), UUID(str(row[1])), UUID(str(row[2])), UUID(str(row[3])), row[4]


def _results(app_url: str, coach: UUID, season: UUID, today: date) -> dict[str, Any]:
    """The team view today and a week ago (the as-of rule: another day, other numbers) and the snapshot today."""

    async def run() -> dict[str, Any]:
        database = Database(app_url, min_size=1, max_size=1, statement_timeout_ms=60_000)
        await database.open()
        try:
            async with database.transaction(Identity(coach)) as conn:
                return {
                    "team load today": await service.team_load(
                        conn, team_season_id=season, day=None, event_group_id=None
                    ),
                    "team load a week ago": await service.team_load(
                        conn, team_season_id=season, day=today - timedelta(7), event_group_id=None
                    ),
                    "snapshot": await snapshot.team_snapshot(conn, team_season_id=season, day=today),
                }
        finally:
            await database.close()

    return asyncio.run(run())


def test_the_memo_gives_what_the_computation_gives_through_every_change(
    demo_to_change: DatabaseTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    coach, season, program, athlete, today = _subjects(demo_to_change.admin_url)
    service.TEAM_VIEWS.clear()
    snapshot.SNAPSHOTS.clear()

    def checked() -> dict[str, Any]:
        """The results with the memo, then without it (computed): they must be the same."""
        served = _results(demo_to_change.app_url, coach, season, today)
        monkeypatch.setattr(memo, "ENABLED", False)
        computed = _results(demo_to_change.app_url, coach, season, today)
        monkeypatch.setattr(memo, "ENABLED", True)
        assert served == computed
        return served

    first = checked()
    assert first["team load today"] != first["team load a week ago"]
    again = _results(demo_to_change.app_url, coach, season, today)
    assert all(again[name] is first[name] for name in first), "a repeated request is served from the memo"

    changes = {
        # Back-dated 40 days: into the packed history (athlete_load_blocks), not the days the view reads as sessions.
        "a back-dated session": "insert into athlete_training_sessions (athlete_id, source, scheduled_date, "
        "completed_at, workout_category, actual_rpe, actual_duration_sec, title) values "
        f"('{athlete}', 'self_assigned', current_date - 40, now() - interval '40 days', 'run', 9, 5400, 'memo')",
        "its RPE edited": "update athlete_training_sessions set actual_rpe = 4 where title = 'memo'",
        "a session of today completed": "update athlete_training_sessions set completed_at = now(), actual_rpe = 8, "
        "actual_duration_sec = 3000 where id = (select id from athlete_training_sessions where athlete_id = "
        f"'{athlete}' and session_date <= current_date order by session_date desc, id limit 1)",
        "the settings": "insert into program_load_settings (program_id, acute_days, chronic_days) values "
        f"('{program}', 5, 21) on conflict (program_id) do update set acute_days = 5, chronic_days = 21",
        "the back-dated session deleted": "delete from athlete_training_sessions where title = 'memo'",
    }
    before = first
    for what, statement in changes.items():
        with psycopg.connect(demo_to_change.admin_url) as conn:
            conn.execute(statement)
        after = checked()
        assert after["team load today"] != before["team load today"], what
        before = after

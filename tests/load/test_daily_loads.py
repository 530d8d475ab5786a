"""Daily loads kept on write (migration 0020): the table is the sum of the sessions after every kind of write, and
every load view gives the numbers of the session path it replaced — on the demo and on random histories.

The session path is the same code with ``service.READ_DAILY_LOADS`` off (every day read from its sessions). The
two differ only in float summation order: the table keeps load as RPE × seconds and divides the day's sum by 60,
the session path sums RPE × minutes; so numbers are compared at a relative 1e-9 (they agree to ≈ 1e-15).
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Server
from tests.support.demo import HEAD_COACH, Demo
from trainingops.db.identity import Identity
from trainingops.db.pool import Database
from trainingops.db.target import DatabaseTarget
from trainingops.demo.generate import generate
from trainingops.demo.load import load
from trainingops.load import export, service

RELATIVE = 1e-9

# The table against a fresh sum of the sessions, row by row: rows only in one of them, rows that differ.
DRIFT = """
with fresh as (
  select s.athlete_id, s.session_date, s.program_ids, sum(d.load_rpe_seconds) as load_rpe_seconds,
         sum(d.estimated_rpe_seconds) as estimated_rpe_seconds, sum(d.duration_sec) as duration_sec,
         sum(d.distance_m) as distance_m, sum(d.sessions) as sessions, sum(d.estimated_sessions) as estimated_sessions,
         sum(d.missed) as missed, sum(d.cut_short) as cut_short, sum(d.rpe_drift_sum) as rpe_drift_sum,
         sum(d.rpe_drift_sessions) as rpe_drift_sessions
  from athlete_training_sessions s cross join lateral app_private.session_daily_delta(s, 1) d
  group by 1, 2, 3)
select count(*) from fresh f full join athlete_daily_loads t using (athlete_id, session_date, program_ids)
where (f.*) is distinct from (t.athlete_id, t.session_date, t.program_ids, t.load_rpe_seconds::numeric,
       t.estimated_rpe_seconds::numeric, t.duration_sec::numeric, t.distance_m::numeric, t.sessions::bigint,
       t.estimated_sessions::bigint, t.missed::bigint, t.cut_short::bigint, t.rpe_drift_sum::bigint,
       t.rpe_drift_sessions::bigint)
"""

# The blocks against a fresh packing of the daily rows.
BLOCK_DRIFT = """
select count(*) from (
  select athlete_id, program_ids, (session_date - date '2000-01-01') / 32 as block,
         string_agg(app_private.daily_load_record(d), '' order by session_date) as days
  from athlete_daily_loads d group by 1, 2, 3) f
full join athlete_load_blocks b using (athlete_id, program_ids, block)
where f.days is distinct from b.days
"""


def same(new: Any, old: Any, where: str = "") -> None:
    """Equal JSON, numbers within RELATIVE (absolute 1e-9 near zero)."""
    if isinstance(old, dict):
        assert isinstance(new, dict) and new.keys() == old.keys(), where
        for key in old:
            same(new[key], old[key], f"{where}.{key}")
    elif isinstance(old, list):
        assert isinstance(new, list) and len(new) == len(old), where
        for i, (a, b) in enumerate(zip(new, old, strict=True)):
            same(a, b, f"{where}[{i}]")
    elif isinstance(old, float) and not isinstance(old, bool):
        assert new == pytest.approx(old, rel=RELATIVE, abs=1e-9), where
    else:
        assert new == old, where


def both_paths(monkeypatch: pytest.MonkeyPatch, app_url: str, user_id: UUID, call: Any) -> tuple[Any, Any]:
    """``call(conn)`` as the user with the daily loads and with the session path."""

    async def once() -> Any:
        database = Database(app_url, min_size=1, max_size=1, statement_timeout_ms=60_000)
        await database.open()
        try:
            async with database.transaction(Identity(user_id)) as conn:
                return await call(conn)
        finally:
            await database.close()

    monkeypatch.setattr(service, "READ_DAILY_LOADS", True)
    new = asyncio.run(once())
    monkeypatch.setattr(service, "READ_DAILY_LOADS", False)
    old = asyncio.run(once())
    monkeypatch.setattr(service, "READ_DAILY_LOADS", True)
    return new, old


def _views(season_id: UUID, athlete_id: UUID, today: date) -> dict[str, Any]:
    """Every load view, as calls on one connection."""

    async def feature(conn: Any) -> Any:
        table = await export.feature_table(conn, team_season_id=season_id, date_from=None, date_to=None)
        return {name: [None if v != v else v for v in column.tolist()] for name, column in table.columns.items()}

    async def preview(conn: Any) -> Any:
        return await service.practice_effect(
            conn,
            practice_id=UUID(int=0),
            day=today + timedelta(3),
            today=today,
            sessions=[service.PlannedLoad(athlete_id, "run", 6, 3600, 8000)],
        )

    def athlete_load(start: date | None, end: date | None) -> Any:
        return lambda conn: service.athlete_load(conn, athlete_id=athlete_id, date_from=start, date_to=end)

    return {
        "athlete load, default": athlete_load(None, None),
        "athlete load, past and future": athlete_load(today - timedelta(40), today + timedelta(10)),
        "athlete load, future only": athlete_load(today + timedelta(2), today + timedelta(9)),
        "athlete load, a year ago": athlete_load(today - timedelta(400), today - timedelta(300)),
        "readiness today": lambda conn: service.athlete_readiness(conn, athlete_id=athlete_id, day=None),
        "readiness a week ago": lambda conn: service.athlete_readiness(
            conn, athlete_id=athlete_id, day=today - timedelta(7)
        ),
        "team load today": lambda conn: service.team_load(
            conn, team_season_id=season_id, day=None, event_group_id=None
        ),
        "team load a month ago": lambda conn: service.team_load(
            conn, team_season_id=season_id, day=today - timedelta(30), event_group_id=None
        ),
        "feature export": feature,
        "publish preview": preview,
    }


def _compare_every_view(
    monkeypatch: pytest.MonkeyPatch, app_url: str, user_id: UUID, season_id: UUID, athlete_id: UUID, today: date
) -> None:
    for name, call in _views(season_id, athlete_id, today).items():
        new, old = both_paths(monkeypatch, app_url, user_id, call)
        if isinstance(new, str):
            new, old = json.loads(new), json.loads(old)
        same(new, old, name)


def _season_and_athlete(admin_url: str) -> tuple[UUID, UUID, date]:
    with psycopg.connect(admin_url) as conn:
        row = conn.execute(
            "select ts.id, r.athlete_id, (now() at time zone p.time_zone)::date from team_seasons ts "
            "join programs p on p.id = ts.program_id join roster_entries r on r.team_season_id = ts.id "
            "where p.name ilike 'northfield%%' and ts.end_date > now() and r.status = 'active' "
            "order by r.athlete_id limit 1"
        ).fetchone()
    assert row is not None
    return UUID(str(row[0])), UUID(str(row[1])), row[2]


@pytest.mark.slow
def test_every_load_view_gives_the_session_paths_numbers_on_the_demo(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    season_id, athlete_id, today = _season_and_athlete(demo.target.admin_url)
    with demo.admin() as conn:
        assert conn.execute(DRIFT).fetchone() == (0,), "the table is the sum of the demo's sessions"
        assert conn.execute(BLOCK_DRIFT).fetchone() == (0,), "the blocks hold the daily rows"
        assert conn.execute("select count(*) from athlete_daily_loads").fetchone()[0] > 1000  # type: ignore[index]
    _compare_every_view(monkeypatch, demo.target.app_url, demo.user_id(HEAD_COACH), season_id, athlete_id, today)


@pytest.fixture(scope="module")
def writable_demo(pg_server: Server, template_db: str) -> Iterator[DatabaseTarget]:
    """A demo of its own (the shared one is read-only), for writes."""
    name = pg_server.create(template=template_db)
    target = pg_server.target(name)
    load(target.admin_url, generate(date.today()))
    yield target
    pg_server.drop(name)


def _drift(target: DatabaseTarget) -> int:
    with psycopg.connect(target.admin_url) as conn:
        return sum(int(conn.execute(q).fetchone()[0]) for q in (DRIFT, BLOCK_DRIFT))  # type: ignore[index]


def test_the_table_stays_the_sum_of_the_sessions_through_every_kind_of_write(
    writable_demo: DatabaseTarget,
) -> None:
    """The demo load itself is COPY, inserts and publishing (one statement of delete, update and insert); then
    completion, edits that move a session to another day or change its measures, deletes, a bulk insert and a
    roster change that rewrites program_ids."""
    assert _drift(writable_demo) == 0
    with psycopg.connect(writable_demo.admin_url) as conn:
        conn.execute(
            "update athlete_training_sessions set completed_at = (session_date + time '18:00') at time zone 'UTC', "
            "actual_rpe = 7, actual_duration_sec = 1200 where completed_at is null and session_date < current_date - 3"
        )
        conn.execute(
            "update athlete_training_sessions set planned_rpe = null, actual_duration_sec = null, "
            "scheduled_date = scheduled_date + 1 where abs(hashtext(id::text)) % 7 = 0 and scheduled_date is not null"
        )
        blocks = "select array_agg(ctid::text order by athlete_id, block, program_ids) from athlete_load_blocks"
        before = conn.execute(blocks).fetchone()
        conn.execute("update athlete_training_sessions set title = 'renamed' where abs(hashtext(id::text)) % 5 = 0")
        assert conn.execute(blocks).fetchone() == before, "an edit the models do not read rewrites no block"
        conn.execute("delete from athlete_training_sessions where abs(hashtext(id::text)) % 11 = 0")
        conn.execute(
            "insert into athlete_training_sessions (athlete_id, source, scheduled_date, completed_at, workout_category,"
            " planned_rpe, actual_rpe, planned_duration_sec, actual_duration_sec, actual_distance_m) "
            "select athlete_id, 'self_assigned', scheduled_date, completed_at, workout_category, planned_rpe, "
            "actual_rpe, planned_duration_sec, actual_duration_sec, actual_distance_m "
            "from athlete_training_sessions where abs(hashtext(id::text)) % 3 = 0 and scheduled_date is not null"
        )
        conn.execute(
            "update roster_entries set left_on = greatest(joined_on, current_date - 60) "
            "where id = (select id from roster_entries where status = 'active' order by id limit 1)"
        )
        conn.execute("delete from athletes where id = (select athlete_id from roster_entries order by id desc limit 1)")
    assert _drift(writable_demo) == 0
    with psycopg.connect(writable_demo.admin_url) as conn:
        # Migration 0022: blocks stored uncompressed; the triggers' SQL helpers inlinable (no SET clause).
        compressed = "select count(*) from athlete_load_blocks where pg_column_compression(days) is not null"
        assert conn.execute(compressed).fetchone() == (0,)
        pinned = (
            "select count(*) from pg_proc where proname in ('daily_load_record', 'session_daily_delta') "
            "and (proconfig is not null or prosqlbody is null)"
        )
        assert conn.execute(pinned).fetchone() == (0,)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), days=st.integers(20, 500), per_day=st.floats(0.1, 2.5))
def test_random_histories_give_the_same_numbers_from_the_table_and_from_the_sessions(
    writable_demo: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, seed: int, days: int, per_day: float
) -> None:
    """One athlete's history replaced by a random one (any mix of completed, missed, estimated, cut short,
    several a day, fields missing), seen as the athlete and as the head coach."""
    season_id, athlete_id, today = _season_and_athlete(writable_demo.admin_url)
    rng = random.Random(seed)

    def maybe(value: int) -> int | None:
        return value if rng.random() < 0.8 else None

    rows = []
    for _ in range(int(days * per_day)):
        day = today - timedelta(rng.randrange(-10, days))
        done = day < today and rng.random() < 0.8
        rows.append(
            (
                athlete_id,
                day,
                rng.choice(["run", "gym", "cross_training", "other"]),
                maybe(rng.randint(1, 10)),
                maybe(rng.randint(1, 10)) if done else None,
                maybe(rng.randint(600, 7200)),
                maybe(rng.randint(300, 9000)) if done else None,
                maybe(rng.randint(0, 20000)),
                maybe(rng.randint(0, 20000)) if done else None,
                done,
            )
        )
    with psycopg.connect(writable_demo.admin_url) as conn:
        conn.execute("delete from athlete_training_sessions where athlete_id = %s", [athlete_id])
        with conn.cursor() as cur:
            cur.executemany(
                "insert into athlete_training_sessions (athlete_id, source, scheduled_date, workout_category, "
                "planned_rpe, actual_rpe, planned_duration_sec, actual_duration_sec, planned_distance_m, "
                "actual_distance_m, completed_at) values (%s, 'self_assigned', %s, %s, %s, %s, %s, %s, %s, %s, "
                "case when %s then now() - interval '1 day' end)",
                rows,
            )
        athlete_user = conn.execute("select user_id from athletes where id = %s", [athlete_id]).fetchone()
        coach = conn.execute("select id from users where email = %s", [HEAD_COACH]).fetchone()
    assert _drift(writable_demo) == 0
    assert coach is not None and athlete_user is not None
    for user in (athlete_user[0], coach[0]):
        if user is not None:
            _compare_every_view(monkeypatch, writable_demo.app_url, UUID(str(user)), season_id, athlete_id, today)

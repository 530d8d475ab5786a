"""The demo data: deterministic, realistic in shape, anchored to today (loading it again: test_reload.py)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

import psycopg
import pytest

from trainingops.db.target import DatabaseTarget
from trainingops.demo import generate, load
from trainingops.demo.generate import TABLE_COLUMNS

TODAY = date.today()


def column(rows: list[tuple[Any, ...]], table: str, name: str) -> list[Any]:
    index = TABLE_COLUMNS[table].index(name)
    return [row[index] for row in rows]


def test_the_same_day_generates_the_same_data() -> None:
    assert generate.generate(TODAY) == generate.generate(TODAY)


def test_the_demo_has_two_programs_a_full_staff_and_about_fifty_athletes_in_the_first() -> None:
    data = generate.generate(TODAY)
    assert len(data.programs) == 2
    roles = Counter(column(data.program_members, "program_members", "role"))
    assert {"head_coach", "assistant_coach", "strength_coach", "athletic_trainer"} <= set(roles)
    northfield = data.programs[0][0]
    groups = [g for g in data.event_groups if g[1] == northfield]
    assert len(groups) == 5
    northfield_athletes = {r[3] for r in data.roster_entries if r[1] == northfield}
    assert 45 <= len(northfield_athletes) <= 55
    assert len(data.team_seasons) == 4


def test_sessions_cover_six_months_and_this_week_with_a_realistic_mix() -> None:
    sessions = generate.generate(TODAY).athlete_training_sessions
    dates = column(sessions, "athlete_training_sessions", "scheduled_date")
    assert min(dates) <= TODAY - timedelta(days=175)
    assert max(dates) >= TODAY + timedelta(days=7)
    this_week = [d for d in dates if TODAY - timedelta(TODAY.weekday()) <= d <= TODAY + timedelta(6 - TODAY.weekday())]
    assert len(this_week) > 200
    assert set(column(sessions, "athlete_training_sessions", "source")) == {"coach_assigned", "self_assigned"}
    assert {"run", "gym", "cross_training"} <= set(column(sessions, "athlete_training_sessions", "workout_category"))
    past = [s for s, d in zip(sessions, dates, strict=True) if d < TODAY]
    completed = [s for s in past if s[TABLE_COLUMNS["athlete_training_sessions"].index("completed_at")] is not None]
    assert 0.85 < len(completed) / len(past) < 0.97  # some missed
    with_metrics = [s for s in completed if s[-1] is not None]
    assert with_metrics and all('"splits_km"' in s[-1] for s in with_metrics)
    future = [s for s, d in zip(sessions, dates, strict=True) if d >= TODAY]
    assert all(s[TABLE_COLUMNS["athlete_training_sessions"].index("completed_at")] is None for s in future)


@pytest.mark.slow  # two whole demo loads
def test_reloading_on_a_later_day_moves_the_data_to_that_day(migrated_db: DatabaseTarget) -> None:
    earlier, later = TODAY - timedelta(days=10), TODAY - timedelta(days=7)  # completions must not lie in the future
    load.load(migrated_db.admin_url, generate.generate(earlier))
    counts = load.load(migrated_db.admin_url, generate.generate(later))
    with psycopg.connect(migrated_db.admin_url) as conn:
        newest = conn.execute("select max(scheduled_date) from athlete_training_sessions").fetchone()
        generated = conn.execute(
            "select count(*) from athlete_training_sessions where practice_session_id is null"
        ).fetchone()
    assert newest is not None and newest[0] >= later + timedelta(days=7)
    assert generated == (counts["athlete_training_sessions"],)  # one copy; the rest come from the practices


def test_the_planner_has_a_real_season_to_show(migrated_db: DatabaseTarget) -> None:
    today = date.today()
    assert load.load(migrated_db.admin_url, generate.generate(today))["practice_sessions"] == 10
    with psycopg.connect(migrated_db.admin_url) as conn:
        statuses = dict(conn.execute("select status, count(*) from practice_sessions group by 1").fetchall())
        assert statuses == {"published": 8, "draft": 2}
        drafts_after_today = conn.execute(
            "select bool_and(practice_date > %s) from practice_sessions where status = 'draft'", [today]
        ).fetchone()
        assert drafts_after_today == (True,)
        done, total = conn.execute(
            "select count(s.completed_at), count(*) from athlete_training_sessions s "
            "where s.practice_session_id is not null and s.scheduled_date < %s",
            [today - timedelta(days=today.weekday())],
        ).fetchone()
        assert 0.7 < done / total < 0.95  # past practices partly completed
        lifts = conn.execute(
            "select count(*) filter (where planned_description like '%% of 1RM%%'), "
            "count(*) filter (where planned_description like '%%load to be set%%') from athlete_training_sessions "
            "where workout_category = 'gym' and practice_session_id is not null"
        ).fetchone()
        assert lifts[0] > 0 and lifts[1] > 0  # kilograms from tested maxes, and athletes still to be tested
        workouts_with_blocks = conn.execute(
            "select count(distinct workout_id) from workout_steps where repeat_count is not null"
        ).fetchone()
        assert workouts_with_blocks[0] >= 4


def test_the_demo_password_passes_the_password_rules_for_every_demo_user() -> None:
    from trainingops.auth.passwords import check_policy

    for _, email, name in generate.generate(TODAY).users:
        check_policy(load.DEMO_PASSWORD, email=email, name=name)


@pytest.mark.slow  # the demo data set
def test_every_demo_user_signs_in_with_the_demo_password(demo: Any) -> None:
    with demo.admin() as conn:
        emails = [row[0] for row in conn.execute("select email from users order by email limit 2").fetchall()]
    for email in emails:
        response = demo.client.post("/api/v1/auth/sign-in", json={"email": email, "password": load.DEMO_PASSWORD})
        demo.client.cookies.clear()
        assert response.status_code == 200, (email, response.text)

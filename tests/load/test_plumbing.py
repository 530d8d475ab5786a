"""Issue 12's plumbing, route by route, on small worlds dated relative to today: local dates of sessions without a
scheduled date, an athlete's home program, the HRmax rule, where a history starts, and flags in the first weeks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.support import factories
from tests.support.api import Api
from trainingops.load.models import SEX_UNKNOWN, banister_trimp

CHICAGO = ZoneInfo("America/Chicago")


@dataclass
class Place:
    """A program (Chicago) with a season around today, a head coach and athletes on its roster."""

    api: Api
    program: UUID
    season: UUID
    coach_user: UUID
    coach: UUID
    today: date

    def get(self, path: str, user: UUID | None = None) -> Any:
        token = self.api.tokens.issue(user or self.coach_user, ttl=timedelta(hours=1))
        response = self.api.client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.text
        return response.json()

    def athlete(self, conn: psycopg.Connection[Any], name: str, **values: Any) -> UUID:
        athlete = factories.athlete(conn, name)
        if values:
            conn.execute(
                "update athletes set " + ", ".join(f"{k} = %({k})s" for k in values) + " where id = %(id)s",
                {**values, "id": athlete},
            )
        factories.roster(conn, self.program, self.season, athlete)
        return athlete


def _local(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, CHICAGO)


@pytest.fixture
def place(api: Api) -> Place:
    with api.admin() as conn:
        today = conn.execute("select (now() at time zone 'America/Chicago')::date").fetchone()[0]  # type: ignore[index]
        program = factories.program(conn, "Local Time Track")
        season = factories.season(conn, program, today - timedelta(200), today + timedelta(100))
        user = factories.user(conn, "Lee Coach", "lee.coach@local.example")
        coach = factories.member(conn, program, user)
        conn.commit()
    return Place(api, program, season, user, coach, today)


def test_a_session_without_a_scheduled_date_is_on_the_local_day_it_was_completed(place: Place) -> None:
    day = place.today - timedelta(3)
    with place.api.admin() as conn:
        athlete = place.athlete(conn, "Night Runner")
        late = factories.session(
            conn,
            athlete,
            scheduled_date=None,
            completed_at=_local(day, time(23, 30)),
            actual_rpe=5,
            actual_duration_sec=1800,
        )
        early = factories.session(
            conn,
            athlete,
            scheduled_date=None,
            completed_at=_local(day, time(0, 30)),
            actual_rpe=5,
            actual_duration_sec=1800,
        )
        conn.commit()
        dates = dict(
            conn.execute(
                "select id, session_date from athlete_training_sessions where athlete_id = %s", [athlete]
            ).fetchall()
        )
        # A statement cannot write the day itself: it is derived again.
        conn.execute("update athlete_training_sessions set session_date = %s where id = %s", [day, late])
        rewritten = conn.execute("select session_date from athlete_training_sessions where id = %s", [late]).fetchone()
    assert dates == {late: day, early: day}  # 23:30 CST is 05:30 UTC the next day
    assert rewritten == (day,)
    body = place.get(f"/api/v1/athletes/{athlete}/load?from={day}&to={day}")
    assert body["days"][0]["sessions"] == 2 and body["days"][0]["load"] == 300.0


def test_a_transferred_athletes_own_views_use_the_program_whose_season_holds_today(place: Place) -> None:
    """Both roster entries are created in one transaction (the same created_at), in either order."""
    with place.api.admin() as conn:
        old = factories.program(conn, "Old Mountain XC", "America/Denver")
        old_season = factories.season(conn, old, place.today - timedelta(400), place.today - timedelta(61))
        conn.execute(
            "insert into program_load_settings (program_id, ctl_days) values (%s, 56)", [place.program]
        )  # the new program's own settings
        athletes = []
        for n in range(2):
            user = factories.user(conn, f"Transfer {n}", f"transfer{n}@local.example")
            athlete = factories.athlete(conn, f"Transfer {n}", user)
            entries = [(old, old_season), (place.program, place.season)]
            for program, season in entries if n == 0 else entries[::-1]:
                factories.roster(conn, program, season, athlete)
            athletes.append((athlete, user))
        conn.commit()
        created = conn.execute(
            "select count(distinct created_at) from roster_entries where athlete_id = any(%s)",
            [[a for a, _ in athletes]],
        ).fetchone()
    assert created == (1,), "a tie on created_at"
    for athlete, user in athletes:
        readiness = place.get(f"/api/v1/athletes/{athlete}/readiness", user)
        assert readiness["time_zone"] == "America/Chicago"
        load = place.get(f"/api/v1/athletes/{athlete}/load", user)
        assert load["settings"]["ctl_days"] == 56.0


def test_trimp_uses_one_hrmax_rule_that_never_looks_past_the_day(place: Place) -> None:
    """Without a date of birth HRmax is the highest reading over the year up to the session's day: the same
    session has the same TRIMP whatever range is asked for, and the team view of a past date ignores later
    readings."""
    t = place.today
    with place.api.admin() as conn:
        athlete = place.athlete(conn, "Pat Undated")
        for back, avg, peak in ((10, 150, 190), (5, 160, 185), (2, 140, 200)):
            factories.session(
                conn,
                athlete,
                scheduled_date=t - timedelta(back),
                team_season_id=place.season,
                completed_at=_local(t - timedelta(back), time(17)),
                actual_rpe=6,
                actual_duration_sec=3600,
                metrics_json=Jsonb({"hr": {"avg": avg, "max": peak}}),
            )
        conn.commit()
    day = t - timedelta(5)
    # On day t−5 the highest reading so far is 190 (t−10, read from the warm-up history when from = t−5).
    expected = float(banister_trimp(minutes=60, hr_avg=160, hr_rest=60, hr_max=190, sex=SEX_UNKNOWN))
    alone = place.get(f"/api/v1/athletes/{athlete}/load?from={day}&to={day}")
    wide = place.get(f"/api/v1/athletes/{athlete}/load?from={t - timedelta(12)}&to={t}")
    on_day = {d["date"]: d["trimp_banister"] for d in wide["days"]}
    assert alone["days"][0]["trimp_banister"] == on_day[day.isoformat()] == pytest.approx(expected, rel=1e-12)
    assert on_day[(t - timedelta(10)).isoformat()] == pytest.approx(
        float(banister_trimp(minutes=60, hr_avg=150, hr_rest=60, hr_max=190, sex=SEX_UNKNOWN)), rel=1e-12
    )
    assert alone["heart_rate_profile"]["hr_max_bpm"] == 190.0
    assert wide["heart_rate_profile"] == {
        "sex": None,
        "hr_max_bpm": 200.0,
        "hr_max_source": "observed",
        "hr_rest_bpm": 60.0,
        "hr_rest_source": "default",
    }
    team = place.get(f"/api/v1/team-seasons/{place.season}/load?date={day}")
    (row,) = team["athletes"]
    assert row["current"]["trimp_banister"] == round(expected, 4)
    assert row["heart_rate_profile"]["hr_max_bpm"] == 190.0  # not 200: that reading is after its date


def test_history_starts_at_the_first_completed_session_not_at_a_missed_plan(place: Place) -> None:
    t = place.today
    with place.api.admin() as conn:
        athlete = place.athlete(conn, "Late Starter")
        factories.session(conn, athlete, scheduled_date=t - timedelta(40), planned_rpe=9, planned_duration_sec=7200)
        for back in range(35, 0, -1):
            day = t - timedelta(back)
            factories.session(
                conn,
                athlete,
                scheduled_date=day,
                completed_at=_local(day, time(17)),
                actual_rpe=5,
                actual_duration_sec=3600,
            )
        conn.commit()
    readiness = place.get(f"/api/v1/athletes/{athlete}/readiness?date={t - timedelta(1)}")
    assert readiness["data"]["first_session_date"] == (t - timedelta(35)).isoformat()
    assert readiness["data"]["history_days"] == 35
    assert readiness["inputs"]["missed"] == 0.0
    # Constant load since the first session: every ratio is 1 and form is neutral (the seed is that load).
    assert readiness["inputs"]["acwr_ewma"] == pytest.approx(1.0, rel=1e-12)
    assert readiness["inputs"]["tsb"] == pytest.approx(0.0, abs=1e-9)


def test_no_norm_based_flag_before_the_history_gate_holds(place: Place) -> None:
    """Day 3 of a new athlete ramping up: the ratio is far above the band, yet the only flag is short history."""
    t = place.today
    with place.api.admin() as conn:
        athlete = place.athlete(conn, "Day Three")
        for back, minutes in ((3, 20), (2, 60), (1, 120)):
            day = t - timedelta(back)
            factories.session(
                conn,
                athlete,
                scheduled_date=day,
                completed_at=_local(day, time(17)),
                actual_rpe=8,
                actual_duration_sec=minutes * 60,
            )
        conn.commit()
    body = place.get(f"/api/v1/team-seasons/{place.season}/load?date={t - timedelta(1)}")
    (row,) = body["athletes"]
    assert row["current"]["acwr_ewma"] > 1.3
    assert [f["code"] for f in row["flags"]] == ["short_history"]

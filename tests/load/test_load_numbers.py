"""The routes' numbers are the pure models' numbers: on the demo data, the API's values for an athlete equal
``team_load_metrics`` / ``forecast_team_load`` / ``readiness_report`` fed from a plain SELECT written here."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import numpy as np
import pytest

from tests.support.demo import Demo
from trainingops.load.models import (
    CATEGORY_CODES,
    DEFAULT_SETTINGS,
    SEX_FEMALE,
    SEX_MALE,
    SEX_UNKNOWN,
    HeartRateProfiles,
    LoadSettings,
    SessionRows,
    Smoothing,
    forecast_team_load,
    readiness_report,
    team_load_metrics,
)
from trainingops.load.models.as_of import as_of
from trainingops.load.models.team import LoadReport

SESSIONS = """
select session_date, workout_category, completed_at is not null, actual_rpe, planned_rpe, actual_duration_sec,
       planned_duration_sec, actual_distance_m, planned_distance_m,
       (metrics_json -> 'hr' ->> 'avg')::float8, (metrics_json -> 'hr' ->> 'max')::float8
from athlete_training_sessions where athlete_id = %s order by session_date
"""


@dataclass
class Plain:
    """An athlete's sessions straight from the table, as the models take them (day 0 = first completed session)."""

    first: date
    rows: SessionRows
    sex: int
    born: date

    def index(self, day: date) -> int:
        return (day - self.first).days

    def profile(self, n_days: int) -> HeartRateProfiles:
        """The documented profile: HRrest 60 bpm (default), HRmax = Tanaka 208 − 0.7 × age on each day (the demo
        knows birth dates)."""
        hr_max = 208 - 0.7 * (np.arange(n_days) + (self.first - self.born).days) / 365.25
        return HeartRateProfiles(
            hr_rest=np.array([60.0]), hr_max=hr_max[-1:], sex=np.array([self.sex]), hr_max_daily=hr_max[None, :]
        )

    def report(self, *, to: date, today: date, settings: LoadSettings = DEFAULT_SETTINGS) -> LoadReport:
        """As every view computes: the as-of rule for ``today``, CTL/ATL seeded from the first weeks."""
        n_days, counted = self.index(to) + 1, as_of(self.index(today))
        return team_load_metrics(
            self.rows,
            n_athletes=1,
            n_days=n_days,
            profiles=self.profile(n_days),
            today=counted.today,
            project_planned=counted.project_planned,
            settings=settings,
            initial_ctl=math.nan,
            initial_atl=math.nan,
        )


def plain(demo: Demo, athlete_id: str, today: date) -> Plain:
    with demo.admin() as conn:
        rows = conn.execute(SESSIONS, [athlete_id]).fetchall()
        sex, born = conn.execute("select sex, date_of_birth from athletes where id = %s", [athlete_id]).fetchone()  # type: ignore[misc]
    cols = list(zip(*rows, strict=True))
    first: date = min(d for d, done in zip(cols[0], cols[2], strict=True) if done)

    def floats(i: int) -> np.ndarray[Any, Any]:
        return np.array([np.nan if v is None else float(v) for v in cols[i]])

    return Plain(
        first=first,
        rows=SessionRows.of(
            day=[(d - first).days for d in cols[0]],
            category=[CATEGORY_CODES[c] for c in cols[1]],
            completed=cols[2],
            actual_rpe=floats(3),
            planned_rpe=floats(4),
            actual_duration_sec=floats(5),
            planned_duration_sec=floats(6),
            actual_distance_m=floats(7),
            planned_distance_m=floats(8),
            hr_avg=floats(9),
        ),
        sex={"female": SEX_FEMALE, "male": SEX_MALE}.get(sex, SEX_UNKNOWN),
        born=born,
    )


@dataclass
class Subject:
    athlete_id: str
    season_id: UUID
    today: date


@pytest.fixture(scope="module")
def subject(demo: Demo) -> Subject:
    """A Northfield distance runner on one program only (so the head coach sees every session of theirs)."""
    with demo.admin() as conn:
        row = conn.execute(
            """
            select r.athlete_id, r.team_season_id from roster_entries r
            join programs p on p.id = r.program_id join event_groups eg on eg.id = r.event_group_id
            join team_seasons ts on ts.id = r.team_season_id
            where p.name ilike 'northfield%%' and eg.name = 'Distance' and r.status = 'active'
              and ts.end_date > now()
              and (select count(distinct r2.program_id) from roster_entries r2 where r2.athlete_id = r.athlete_id) = 1
              and exists (select from athlete_training_sessions s where s.athlete_id = r.athlete_id
                          and s.metrics_json -> 'hr' ->> 'avg' is not null)
            order by r.athlete_id limit 1
            """
        ).fetchone()
    assert row is not None
    body = demo.get(f"/api/v1/athletes/{row[0]}/readiness")
    return Subject(str(row[0]), row[1], date.fromisoformat(body["today"]))


def assert_same(api_values: list[Any], expected: np.ndarray[Any, Any], name: str, atol: float = 1e-9) -> None:
    got = np.array([np.nan if v is None else float(v) for v in api_values])
    np.testing.assert_allclose(got, expected.astype(np.float64), rtol=1e-12, atol=atol, equal_nan=True, err_msg=name)


TEAM_ATOL = 0.5e-4 + 1e-9  # the team view rounds to four decimals


def test_the_athlete_load_route_returns_the_models_numbers_day_by_day(demo: Demo, subject: Subject) -> None:
    today = subject.today
    first_shown, last_shown = today - timedelta(90), today + timedelta(6)
    body = demo.get(f"/api/v1/athletes/{subject.athlete_id}/load?from={first_shown}&to={last_shown}")
    model = plain(demo, subject.athlete_id, today)
    report = model.report(to=last_shown, today=today)
    lo, hi = model.index(first_shown), model.index(last_shown) + 1
    days = body["days"]
    assert [d["date"] for d in days] == [(first_shown + timedelta(i)).isoformat() for i in range(hi - lo)]
    assert all(d["has_history"] for d in days)
    assert [d["projected"] for d in days] == [first_shown + timedelta(i) >= today for i in range(hi - lo)]
    expected = {f: getattr(report.daily, f)[0, lo:hi] for f in report.daily.__dataclass_fields__}
    expected.update({f: m[0, lo:hi] for f, m in report.metrics.columns().items()})
    # Readiness for the past and today only, as the readiness route (the as-of rule).
    after_today = np.arange(lo, hi) > model.index(today)
    expected["readiness_score"] = np.where(after_today, np.nan, report.readiness.score[0, lo:hi])
    assert all(d["readiness_score"] is None for d in days[-6:]) and days[-7]["readiness_score"] is not None
    assert len(expected) == 33  # 14 daily fields, 18 metrics, readiness
    for name, values in expected.items():
        assert_same([d[name] for d in days], values, name)
    assert any(d["trimp_banister"] for d in days), "the runner's heart rate gives TRIMP"
    assert body["history"] == {
        "days_read_before_from": 400,
        "window_start": (first_shown - timedelta(400)).isoformat(),
        "first_session_date": model.first.isoformat(),
    }
    assert body["heart_rate_profile"]["hr_rest_source"] == "default"


def test_readiness_is_the_models_report_for_the_day(demo: Demo, subject: Subject) -> None:
    day = subject.today - timedelta(3)
    body = demo.get(f"/api/v1/athletes/{subject.athlete_id}/readiness?date={day}")
    model = plain(demo, subject.athlete_id, subject.today)
    report = model.report(to=day, today=subject.today)
    expected = readiness_report(report.readiness, day=model.index(day), athlete=0)
    assert body["score"] == expected.score and body["score"] is not None
    assert body["factors"] == list(expected.factors)
    assert body["sufficient"] is True
    assert body["data"]["more_history_days_needed"] == 0 and body["data"]["more_sessions_needed"] == 0
    # The last bits may differ: numpy's vectorised sums depend on the arrays' memory alignment, so the same
    # series summed in two processes can differ in the 16th digit (seen once in ~1,500 tests under load).
    assert body["inputs"]["tsb"] == pytest.approx(report.readiness.tsb[0, model.index(day)], rel=1e-12)


def test_the_team_view_holds_the_same_current_numbers_and_a_forecast_of_the_plan(demo: Demo, subject: Subject) -> None:
    today = subject.today
    body = demo.get(f"/api/v1/team-seasons/{subject.season_id}/load")
    assert body["date"] == today.isoformat()
    assert body["forecast_dates"] == [(today + timedelta(i)).isoformat() for i in range(7)]
    row = next(a for a in body["athletes"] if a["athlete_id"] == subject.athlete_id)
    model = plain(demo, subject.athlete_id, today)
    t = model.index(today)

    current = model.report(to=today, today=today)
    for name, matrix in {**current.metrics.columns(), "load": current.daily.load}.items():
        assert_same([row["current"][name]], matrix[0, t : t + 1], name, TEAM_ATOL)
    assert row["readiness"]["score"] == readiness_report(current.readiness, day=t, athlete=0).score

    forecast = forecast_team_load(
        model.rows,
        n_athletes=1,
        today=t,
        horizon_days=7,
        profiles=model.profile(t + 7),
        initial_ctl=math.nan,
        initial_atl=math.nan,
    )
    for name in ("load", "projected_load", "acwr_ewma", "ctl", "atl", "tsb", "monotony"):
        source = forecast.report.daily if hasattr(forecast.report.daily, name) else forecast.report.metrics
        assert_same(row["forecast"][name], getattr(source, name)[0, t : t + 7], name, TEAM_ATOL)
    assert row["forecast"]["summary"].startswith("If the plan is executed, by ")


def test_the_forecast_projects_the_planned_not_yet_completed_sessions(demo: Demo, subject: Subject) -> None:
    today = subject.today
    body = demo.get(f"/api/v1/team-seasons/{subject.season_id}/load")
    row = next(a for a in body["athletes"] if a["athlete_id"] == subject.athlete_id)
    with demo.admin() as conn:
        planned = dict(
            conn.execute(
                "select session_date, sum(planned_rpe * planned_duration_sec / 60.0)::float8 "
                "from athlete_training_sessions where athlete_id = %s and completed_at is null "
                "and session_date between %s and %s group by 1",
                [subject.athlete_id, today, today + timedelta(6)],
            ).fetchall()
        )
    assert planned, "the demo plans two weeks ahead"
    expected = [planned.get(today + timedelta(i), 0.0) for i in range(7)]
    assert row["forecast"]["projected_load"] == pytest.approx(expected)
    assert row["forecast"]["estimated_fraction"][1:] == [1.0 if p else 0.0 for p in expected[1:]]


def test_flags_describe_load_and_never_speak_of_injury_probability(demo: Demo, subject: Subject) -> None:
    body = demo.get(f"/api/v1/team-seasons/{subject.season_id}/load")
    flags = [f for a in body["athletes"] for f in a["flags"]]
    assert flags, "six months of demo training raise some flag"
    for flag in flags:
        assert "probability" not in flag["text"] or "not an injury probability" in flag["text"]
        assert "risk" not in flag["text"].lower()
    ratio = [f for f in flags if f["code"] in ("load_above_norm", "load_below_norm")]
    assert all("× the athlete's recent norm" in f["text"] for f in ratio)


def test_a_date_in_the_future_or_out_of_range_is_a_422(demo: Demo, subject: Subject) -> None:
    later = subject.today + timedelta(2)
    assert (
        demo.get(f"/api/v1/athletes/{subject.athlete_id}/readiness?date={later}", status=422)["code"] == "invalid_input"
    )
    assert (
        demo.get(f"/api/v1/team-seasons/{subject.season_id}/load?date={later}", status=422)["code"] == "invalid_input"
    )
    absurd = demo.get(f"/api/v1/athletes/{subject.athlete_id}/load?from=0001-01-01&to=0001-01-02", status=422)
    assert absurd["code"] == "invalid_input"
    backwards = f"from={subject.today - timedelta(1)}&to={subject.today - timedelta(10)}"
    assert demo.get(f"/api/v1/athletes/{subject.athlete_id}/load?{backwards}", status=422)["code"] == "invalid_input"


def test_a_programs_own_settings_are_the_ones_computed_with_and_echoed(demo: Demo, subject: Subject) -> None:
    """The head coach sets a 56-day CTL with TrainingPeaks' 1/T smoothing and 5/21-day windows: every route for
    the program's athletes then returns the models' numbers with exactly those settings."""
    today = subject.today
    settings = LoadSettings(
        acute_days=5, chronic_days=21, ctl_days=56.0, atl_days=9.0, smoothing=Smoothing.RECIPROCAL, monotony_ddof=1
    )
    with demo.admin() as conn:
        program = conn.execute("select program_id from team_seasons where id = %s", [subject.season_id]).fetchone()
        assert program is not None
        conn.execute(
            "insert into program_load_settings (program_id, acute_days, chronic_days, ctl_days, atl_days, smoothing, "
            "monotony_ddof) values (%s, 5, 21, 56, 9, 'reciprocal', 1)",
            [program[0]],
        )
        conn.commit()
    try:
        first_shown = today - timedelta(30)
        body = demo.get(f"/api/v1/athletes/{subject.athlete_id}/load?from={first_shown}&to={today}")
        assert body["settings"]["ctl_days"] == 56.0 and body["settings"]["smoothing"] == "reciprocal"
        assert body["history"]["days_read_before_from"] == 532  # 9.5 × 56: a longer constant reads more history
        model = plain(demo, subject.athlete_id, today)
        report = model.report(to=today, today=today, settings=settings)
        default = model.report(to=today, today=today)
        lo, hi = model.index(first_shown), model.index(today) + 1
        for name, values in report.metrics.columns().items():
            assert_same([d[name] for d in body["days"]], values[0, lo:hi], name)
        assert not np.allclose(report.metrics.ctl[0, lo:hi], default.metrics.ctl[0, lo:hi])
        team = demo.get(f"/api/v1/team-seasons/{subject.season_id}/load")
        assert team["settings"]["acute_days"] == 5
        mine = next(a for a in team["athletes"] if a["athlete_id"] == subject.athlete_id)
        current = model.report(to=today, today=today, settings=settings)
        for name in ("ctl", "atl", "tsb", "acwr_ewma", "acwr_rolling_coupled", "monotony"):
            assert_same([mine["current"][name]], getattr(current.metrics, name)[0, -1:], name, TEAM_ATOL)
    finally:
        with demo.admin() as conn:
            conn.execute("delete from program_load_settings where program_id = %s", [program[0]])
            conn.commit()


def test_a_recent_check_in_gives_readiness_its_wellness_share_and_nothing_else_moves(
    demo: Demo, subject: Subject
) -> None:
    """0.8 × the training score + 20 × (total − 5)/20 on the day and the next; the score of the day after is the
    training score again, to the bit (docs/load-model.md, "Wellness")."""
    day = subject.today - timedelta(5)
    model = plain(demo, subject.athlete_id, subject.today)
    path = f"/api/v1/athletes/{subject.athlete_id}/readiness?date="
    training = {d: demo.get(path + str(day + timedelta(d))) for d in range(3)}
    with demo.admin() as conn:
        conn.execute(
            "insert into wellness_checkins (athlete_id, checkin_date, sleep_quality, fatigue, muscle_soreness, "
            "stress, mood, sleep_hours) values (%s, %s, 4, 3, 2, 4, 5, 7.5)",
            [subject.athlete_id, day],
        )
        conn.commit()
    try:
        with_checkin = {d: demo.get(path + str(day + timedelta(d))) for d in range(3)}
    finally:
        with demo.admin() as conn:
            conn.execute("delete from wellness_checkins where athlete_id = %s", [subject.athlete_id])
            conn.commit()
    raw = model.report(to=day + timedelta(1), today=subject.today).readiness.score[0]
    assert training[0]["score"] == round(raw[model.index(day)], 1) and training[0]["wellness"]["included"] is False
    for d in (0, 1):
        body = with_checkin[d]
        assert body["score"] == round(0.8 * raw[model.index(day) + d] + 20 * (18 - 5) / 20, 1)
        assert body["wellness"] | {"explanation": None} == {
            "included": True,
            "total": 18,
            "checkin_date": day.isoformat(),
            "checked_in_today": d == 0,
            "weight": 20.0,
            "recent_days": 2,
            "explanation": None,
        }
        assert body["factors"][:4] == training[d]["factors"] and "18 of 25" in body["factors"][4]
        assert body["inputs"] == training[d]["inputs"]
    assert with_checkin[2] == training[2]  # two days later: withheld, every number as before

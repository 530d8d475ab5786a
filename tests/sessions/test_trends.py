"""Training tab and Team Ops summary numbers, checked against values computed by hand on a small fixture that
includes a daylight-saving week (the last Sunday US clocks fell back, two full weeks before today) and two
sessions on one day."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.conftest import Server
from tests.support import factories
from tests.support.api import api_settings
from trainingops.app import create_app
from trainingops.auth.tokens import TokenService

Conn = psycopg.Connection[Any]
CHICAGO = ZoneInfo("America/Chicago")


def last_fall_back(today: date) -> date:
    """The latest Sunday US clocks fell back (the first Sunday of November, since 2007) whose week and the next
    are over by ``today``: every session of the fixture is then in the past."""
    for year in (today.year, today.year - 1):
        first = date(year, 11, 1)
        sunday = first + timedelta(days=6 - first.weekday())
        if sunday + timedelta(days=8) <= today:
            return sunday
    raise AssertionError("unreachable: last year's fall-back is always over")


FALL_BACK = last_fall_back(date.today())
MONDAY = FALL_BACK - timedelta(days=6)  # the week of the change starts on this Monday; the next on FALL_BACK + 1
WEEKS = f"from={MONDAY}&to={FALL_BACK + timedelta(days=7)}"  # the two weeks of the fixture
FIRST_WEEK = f"from={MONDAY}&to={FALL_BACK}"


def day(offset: int) -> date:
    """A day of the fixture, counted from the fall-back Sunday."""
    return FALL_BACK + timedelta(days=offset)


def iso_week(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


class Trends:
    def __init__(self, client: TestClient, ids: dict[str, Any], tokens: TokenService, admin_url: str) -> None:
        self.client, self.ids, self.tokens, self.admin_url = client, ids, tokens, admin_url

    def get(self, path: str, actor: str = "coach") -> Any:
        token = self.tokens.issue(self.ids[f"user_{actor}"])
        response = self.client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.text
        return response.json()


def utc(on: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(on, time(hour, minute), UTC)


def build(conn: Conn) -> dict[str, Any]:
    ids: dict[str, Any] = {}
    program = factories.program(conn, "Trend Program", "America/Chicago")
    season = factories.season(conn, program, day(-92), date.today() + timedelta(days=180))
    distance, sprints = (
        factories.event_group(conn, program, "Distance"),
        factories.event_group(conn, program, "Sprints"),
    )
    ids["user_coach"] = factories.user(conn, "Coach")
    coach = factories.member(conn, program, ids["user_coach"])
    ids["user_t1"] = factories.user(conn, "T1")
    t1 = factories.athlete(conn, "Tess One", user_id=ids["user_t1"])
    t2 = factories.athlete(conn, "Theo Two")
    factories.roster(conn, program, season, t1, distance)
    factories.roster(conn, program, season, t2, sprints)
    ids.update(program=program, season=season, distance=distance, t1=t1, t2=t2, coach=coach)

    def coach_session(
        athlete: Any,
        on: date,
        category: str,
        planned: tuple[Any, ...],
        actual: tuple[Any, ...] | None,
        completed_hour: int = 22,
    ) -> None:
        values: dict[str, Any] = dict(
            source="coach_assigned",
            coach_member_id=coach,
            team_season_id=season,
            scheduled_date=on,
            workout_category=category,
            title=f"{category} {on}",
            planned_distance_m=planned[0],
            planned_duration_sec=planned[1],
            planned_rpe=planned[2],
        )
        if actual:
            values.update(
                actual_distance_m=actual[0],
                actual_duration_sec=actual[1],
                actual_rpe=actual[2],
                completed_at=utc(on, completed_hour),
            )
        factories.session(conn, athlete, **values)

    # The week of the change: Monday to the fall-back Sunday
    coach_session(t1, day(-6), "run", (10000, 3000, 5), (9000, 2700, 6))
    coach_session(t1, day(-4), "run", (5000, 1500, 4), (5000, 1500, 4), completed_hour=14)
    coach_session(t1, day(-4), "gym", (None, 3600, 7), (None, 1800, 7), completed_hour=23)
    coach_session(t1, day(0), "run", (8000, 2400, 5), None)  # missed
    coach_session(t2, day(-5), "run", (10000, 3600, 6), (16000, 5600, 9))
    # The week after
    coach_session(t1, day(2), "run", (6000, 1800, 4), (6600, 2100, 5))
    factories.session(
        conn,
        t1,
        source="self_assigned",
        scheduled_date=day(3),
        workout_category="cross_training",
        actual_duration_sec=2400,
        actual_rpe=3,
        completed_at=utc(day(3), 23),
    )
    conn.commit()
    return ids


@pytest.fixture
def trends(pg_server: Server, template_db: str) -> Iterator[Trends]:
    name = pg_server.create(template=template_db)
    target = pg_server.target(name)
    with psycopg.connect(target.admin_url) as conn:
        ids = build(conn)
    settings = api_settings(target)
    with TestClient(create_app(settings, target=target)) as client:
        yield Trends(client, ids, TokenService.from_settings(settings), target.admin_url)
    pg_server.drop(name)


WEEK_1 = {
    "sessions": 4,
    "completed": 3,
    "missed": 1,
    "planned": 0,
    "completion_rate": 0.75,
    "planned_distance_m": 23000,
    "actual_distance_m": 14000,
    "planned_duration_sec": 10500,
    "actual_duration_sec": 6000,
    "session_load": 580.0,  # 6 x 45 + 4 x 25 + 7 x 30 (RPE x minutes, Foster 2001)
    "planned_session_load": 970.0,  # 5 x 50 + 4 x 25 + 7 x 60 + 5 x 40
    "compliance": {"green": 2, "yellow": 1, "red": 1},  # 90 %, 100 %, 50 % (yellow), missed (red)
}
WEEK_2 = {
    "sessions": 2,
    "completed": 2,
    "missed": 0,
    "planned": 0,
    "completion_rate": 1.0,
    "planned_distance_m": 6000,
    "actual_distance_m": 6600,
    "planned_duration_sec": 1800,
    "actual_duration_sec": 4500,
    "session_load": 295.0,
    "planned_session_load": 120.0,
    "compliance": {"green": 1, "yellow": 0, "red": 0},  # 117 % green; the unplanned session has no band
}


def test_the_fixtures_sunday_is_the_day_chicagos_clocks_fall_back() -> None:
    offsets = [datetime.combine(FALL_BACK, time(hour), CHICAGO).utcoffset() for hour in (0, 12)]
    assert offsets == [timedelta(hours=-5), timedelta(hours=-6)]
    assert date.today() - FALL_BACK > timedelta(days=7)


def test_the_training_tab_adds_up_by_iso_week(trends: Trends) -> None:
    tab = trends.get(f"/api/v1/athletes/{trends.ids['t1']}/training?{WEEKS}")
    assert tab["time_zone"] == "America/Chicago"
    assert [w["week_start"] for w in tab["weeks"]] == [MONDAY.isoformat(), day(1).isoformat()]
    assert [w["iso_week"] for w in tab["weeks"]] == [iso_week(MONDAY), iso_week(day(1))]
    first, second = tab["weeks"]
    assert {k: first[k] for k in WEEK_1} == WEEK_1
    assert first["by_category"] == {"gym": 1, "run": 3}
    assert {k: second[k] for k in WEEK_2} == WEEK_2
    assert second["by_category"] == {"cross_training": 1, "run": 1}
    assert tab["totals"]["sessions"] == 6
    assert len(tab["sessions"]) == 6
    gym = next(s for s in tab["sessions"] if s["workout_category"] == "gym")
    assert gym["compliance"]["duration"] == {"planned": 3600, "actual": 1800, "percent": 50, "band": "yellow"}
    assert gym["compliance"]["overall"] == "yellow"
    missed = next(s for s in tab["sessions"] if s["status"] == "missed")
    assert missed["compliance"]["overall"] == "red"


def test_the_athlete_sees_their_own_tab_with_the_same_numbers(trends: Trends) -> None:
    path = f"/api/v1/athletes/{trends.ids['t1']}/training?{WEEKS}"
    assert trends.get(path, actor="t1")["weeks"] == trends.get(path)["weeks"]


def test_a_completion_late_on_the_dst_sunday_counts_on_that_local_day(trends: Trends) -> None:
    token = trends.tokens.issue(trends.ids["user_t1"])
    # 04:30 UTC on the Monday is 22:30 on the fall-back Sunday in Chicago (UTC-6 after the change).
    response = trends.client.post(
        "/api/v1/sessions",
        headers={"Authorization": f"Bearer {token}"},
        json={
            "workout_category": "run",
            "completed_at": utc(day(1), 4, 30).isoformat(),
            "actual_duration_sec": 1800,
            "actual_rpe": 4,
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["scheduled_date"] == FALL_BACK.isoformat()
    tab = trends.get(f"/api/v1/athletes/{trends.ids['t1']}/training?{WEEKS}")
    assert tab["weeks"][0]["sessions"] == 5
    assert tab["weeks"][0]["session_load"] == 580.0 + 4 * 30


def log_completed(trends: Trends, athlete: str, on: date) -> None:
    """A self-assigned run completed on ``on`` (18:00 UTC) for athlete ``t1`` or ``t2``."""
    with psycopg.connect(trends.admin_url) as conn:
        factories.session(
            conn,
            trends.ids[athlete],
            source="self_assigned",
            scheduled_date=on,
            workout_category="run",
            actual_duration_sec=1800,
            completed_at=utc(on, 18),
        )


def test_the_last_completed_session_is_found_a_week_a_month_or_more_before(trends: Trends) -> None:
    # The summary looks back 7 days, then 28, then through the whole history (sessions.trends.LAST_COMPLETED).
    log_completed(trends, "t1", day(-50))  # only the whole history finds it
    log_completed(trends, "t2", day(-20))  # the 28-day step finds it
    week = f"from={day(-13)}&to={day(-7)}"  # before every session of the fixture
    rows = {
        r["name"]: r
        for r in trends.get(f"/api/v1/team-seasons/{trends.ids['season']}/training-summary?{week}")["athletes"]
    }
    assert rows["Tess One"]["last_completed"]["session_date"] == day(-50).isoformat()
    assert rows["Theo Two"]["last_completed"]["session_date"] == day(-20).isoformat()
    log_completed(trends, "t1", day(-9))  # now the first step finds a later one
    rows = {
        r["name"]: r
        for r in trends.get(f"/api/v1/team-seasons/{trends.ids['season']}/training-summary?{week}")["athletes"]
    }
    assert rows["Tess One"]["last_completed"]["session_date"] == day(-9).isoformat()


def test_the_team_summary_has_one_row_per_rostered_athlete(trends: Trends) -> None:
    summary = trends.get(f"/api/v1/team-seasons/{trends.ids['season']}/training-summary?{FIRST_WEEK}")
    rows = {row["name"]: row for row in summary["athletes"]}
    assert set(rows) == {"Tess One", "Theo Two"}
    tess, theo = rows["Tess One"], rows["Theo Two"]
    assert {k: tess[k] for k in WEEK_1} == WEEK_1
    assert tess["event_groups"] == ["Distance"]
    assert tess["last_completed"]["workout_category"] == "gym"  # the later of the two on the Wednesday
    assert tess["last_completed"]["session_date"] == day(-4).isoformat()
    assert theo["compliance"] == {"green": 0, "yellow": 0, "red": 1}  # 156 % of the planned duration
    assert theo["session_load"] == 840.0
    assert theo["missed"] == 0
    only_distance = trends.get(
        f"/api/v1/team-seasons/{trends.ids['season']}/training-summary?{FIRST_WEEK}"
        f"&event_group_id={trends.ids['distance']}"
    )
    assert [row["name"] for row in only_distance["athletes"]] == ["Tess One"]


def test_tab_and_summary_run_a_fixed_number_of_statements_whatever_the_data(trends: Trends) -> None:
    database = trends.client.app.state.db  # type: ignore[attr-defined]
    months = f"from={day(-92)}&to={day(91)}"
    tab = f"/api/v1/athletes/{trends.ids['t1']}/training?{months}"
    summary = f"/api/v1/team-seasons/{trends.ids['season']}/training-summary?{months}"

    def statements(path: str) -> int:
        before = database.statements_executed
        trends.get(path)
        return int(database.statements_executed - before)

    small = (statements(tab), statements(summary))
    with psycopg.connect(trends.admin_url) as conn:
        for n in range(30):
            athlete = factories.athlete(conn, f"Extra {n}")
            factories.roster(conn, trends.ids["program"], trends.ids["season"], athlete, trends.ids["distance"])
            for n_day in range(5):
                factories.session(
                    conn,
                    athlete,
                    source="coach_assigned",
                    coach_member_id=trends.ids["coach"],
                    team_season_id=trends.ids["season"],
                    scheduled_date=day(-61 + n_day),
                )
        for n_day in range(100):
            factories.session(conn, trends.ids["t1"], scheduled_date=day(-83 + n_day))
        conn.commit()
    assert (statements(tab), statements(summary)) == small
    assert small[0] <= 4 and small[1] <= 4

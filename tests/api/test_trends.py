"""Training tab and Team Ops summary numbers, checked against values computed by hand on a small fixture that
includes a daylight-saving week (US clocks fell back on Sunday 2026-11-01) and two sessions on one day."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests import factories
from tests.api.conftest import api_settings
from tests.conftest import Server
from trainingops.app import create_app
from trainingops.auth.tokens import TokenService

Conn = psycopg.Connection[Any]


class Trends:
    def __init__(self, client: TestClient, ids: dict[str, Any], tokens: TokenService, admin_url: str) -> None:
        self.client, self.ids, self.tokens, self.admin_url = client, ids, tokens, admin_url

    def get(self, path: str, actor: str = "coach") -> Any:
        token = self.tokens.issue(self.ids[f"user_{actor}"])
        response = self.client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.text
        return response.json()


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def build(conn: Conn) -> dict[str, Any]:
    ids: dict[str, Any] = {}
    program = factories.program(conn, "Trend Program", "America/Chicago")
    season = factories.season(conn, program, date(2026, 8, 1), date(2027, 6, 30))
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

    def coach_session(athlete: Any, day: str, category: str, planned: tuple[Any, ...], actual: tuple[Any, ...] | None,
                      completed_at: str | None = None) -> None:  # fmt: skip
        values: dict[str, Any] = dict(
            source="coach_assigned", coach_member_id=coach, team_season_id=season, scheduled_date=date.fromisoformat(day),
            workout_category=category, title=f"{category} {day}", planned_distance_m=planned[0],
            planned_duration_sec=planned[1], planned_rpe=planned[2],
        )  # fmt: skip
        if actual:
            values.update(actual_distance_m=actual[0], actual_duration_sec=actual[1], actual_rpe=actual[2],
                          completed_at=utc(completed_at or f"{day}T22:00:00"))  # fmt: skip
        factories.session(conn, athlete, **values)

    # Week of Monday 2026-10-26 (contains the DST change on Sunday 2026-11-01)
    coach_session(t1, "2026-10-26", "run", (10000, 3000, 5), (9000, 2700, 6))
    coach_session(t1, "2026-10-28", "run", (5000, 1500, 4), (5000, 1500, 4), "2026-10-28T14:00:00")
    coach_session(t1, "2026-10-28", "gym", (None, 3600, 7), (None, 1800, 7), "2026-10-28T23:00:00")
    coach_session(t1, "2026-11-01", "run", (8000, 2400, 5), None)  # missed
    coach_session(t2, "2026-10-27", "run", (10000, 3600, 6), (16000, 5600, 9))
    # Week of Monday 2026-11-02
    coach_session(t1, "2026-11-03", "run", (6000, 1800, 4), (6600, 2100, 5))
    factories.session(conn, t1, source="self_assigned", scheduled_date=date(2026, 11, 4),
                      workout_category="cross_training", actual_duration_sec=2400, actual_rpe=3,
                      completed_at=utc("2026-11-04T23:00:00"))  # fmt: skip
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
    "sessions": 4, "completed": 3, "missed": 1, "planned": 0, "completion_rate": 0.75,
    "planned_distance_m": 23000, "actual_distance_m": 14000, "planned_duration_sec": 10500,
    "actual_duration_sec": 6000,
    "session_load": 580.0,  # 6 x 45 + 4 x 25 + 7 x 30 (RPE x minutes, Foster 2001)
    "planned_session_load": 970.0,  # 5 x 50 + 4 x 25 + 7 x 60 + 5 x 40
    "compliance": {"green": 2, "yellow": 1, "red": 1},  # 90 %, 100 %, 50 % (yellow), missed (red)
}  # fmt: skip
WEEK_2 = {
    "sessions": 2, "completed": 2, "missed": 0, "planned": 0, "completion_rate": 1.0,
    "planned_distance_m": 6000, "actual_distance_m": 6600, "planned_duration_sec": 1800,
    "actual_duration_sec": 4500, "session_load": 295.0, "planned_session_load": 120.0,
    "compliance": {"green": 1, "yellow": 0, "red": 0},  # 117 % green; the unplanned session has no band
}  # fmt: skip


def test_the_training_tab_adds_up_by_iso_week(trends: Trends) -> None:
    tab = trends.get(f"/api/v1/athletes/{trends.ids['t1']}/training?from=2026-10-26&to=2026-11-08")
    assert tab["time_zone"] == "America/Chicago"
    assert [w["week_start"] for w in tab["weeks"]] == ["2026-10-26", "2026-11-02"]
    assert [w["iso_week"] for w in tab["weeks"]] == ["2026-W44", "2026-W45"]
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
    path = f"/api/v1/athletes/{trends.ids['t1']}/training?from=2026-10-26&to=2026-11-08"
    assert trends.get(path, actor="t1")["weeks"] == trends.get(path)["weeks"]


def test_a_completion_late_on_the_dst_sunday_counts_on_that_local_day(trends: Trends) -> None:
    token = trends.tokens.issue(trends.ids["user_t1"])
    # 04:30 UTC on Monday 2 November is 22:30 on Sunday 1 November in Chicago (UTC-6 after the change).
    response = trends.client.post("/api/v1/sessions", headers={"Authorization": f"Bearer {token}"}, json={
        "workout_category": "run", "completed_at": "2026-11-02T04:30:00Z", "actual_duration_sec": 1800,
        "actual_rpe": 4})  # fmt: skip
    assert response.status_code == 201, response.text
    assert response.json()["scheduled_date"] == "2026-11-01"
    tab = trends.get(f"/api/v1/athletes/{trends.ids['t1']}/training?from=2026-10-26&to=2026-11-08")
    assert tab["weeks"][0]["sessions"] == 5
    assert tab["weeks"][0]["session_load"] == 580.0 + 4 * 30


def test_the_team_summary_has_one_row_per_rostered_athlete(trends: Trends) -> None:
    summary = trends.get(f"/api/v1/team-seasons/{trends.ids['season']}/training-summary?from=2026-10-26&to=2026-11-01")
    rows = {row["name"]: row for row in summary["athletes"]}
    assert set(rows) == {"Tess One", "Theo Two"}
    tess, theo = rows["Tess One"], rows["Theo Two"]
    assert {k: tess[k] for k in WEEK_1} == WEEK_1
    assert tess["event_groups"] == ["Distance"]
    assert tess["last_completed"]["workout_category"] == "gym"  # the later of the two on 28 October
    assert tess["last_completed"]["session_date"] == "2026-10-28"
    assert theo["compliance"] == {"green": 0, "yellow": 0, "red": 1}  # 156 % of the planned duration
    assert theo["session_load"] == 840.0
    assert theo["missed"] == 0
    only_distance = trends.get(
        f"/api/v1/team-seasons/{trends.ids['season']}/training-summary?from=2026-10-26&to=2026-11-01"
        f"&event_group_id={trends.ids['distance']}"
    )
    assert [row["name"] for row in only_distance["athletes"]] == ["Tess One"]


def test_tab_and_summary_run_a_fixed_number_of_statements_whatever_the_data(trends: Trends) -> None:
    database = trends.client.app.state.db  # type: ignore[attr-defined]
    tab = f"/api/v1/athletes/{trends.ids['t1']}/training?from=2026-08-01&to=2027-01-31"
    summary = f"/api/v1/team-seasons/{trends.ids['season']}/training-summary?from=2026-08-01&to=2027-01-31"

    def statements(path: str) -> int:
        before = database.statements_executed
        trends.get(path)
        return int(database.statements_executed - before)

    small = (statements(tab), statements(summary))
    with psycopg.connect(trends.admin_url) as conn:
        for n in range(30):
            athlete = factories.athlete(conn, f"Extra {n}")
            factories.roster(conn, trends.ids["program"], trends.ids["season"], athlete, trends.ids["distance"])
            for day in range(5):
                factories.session(conn, athlete, source="coach_assigned", coach_member_id=trends.ids["coach"],
                                  team_season_id=trends.ids["season"],
                                  scheduled_date=date(2026, 9, 1) + timedelta(days=day))  # fmt: skip
        for day in range(100):
            factories.session(conn, trends.ids["t1"], scheduled_date=date(2026, 8, 10) + timedelta(days=day))
        conn.commit()
    assert (statements(tab), statements(summary)) == small
    assert small[0] <= 4 and small[1] <= 4

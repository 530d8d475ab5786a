"""Who may see whose load: the same rules as sessions (row-level security decides), 404 for what is not
yours byte for byte the same as for what does not exist, 401 without a token; readiness withheld with too
little history; a fixed number of statements per route whatever the roster size."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta

import pytest
from psycopg.types.json import Jsonb

from tests.support import factories
from tests.support.api import Api, answer
from tests.support.world import IN_SEASON

ATHLETE_ROUTES = ("/api/v1/athletes/{}/load", "/api/v1/athletes/{}/readiness")
TEAM_ROUTE = "/api/v1/team-seasons/{}/load"


@pytest.mark.parametrize("route", ATHLETE_ROUTES)
def test_another_programs_athlete_is_a_404_identical_to_a_missing_one(api_ro: Api, route: str) -> None:
    hidden = api_ro.request("C1", "GET", route.format(api_ro.world.ids["b1"]))
    missing = api_ro.request("C1", "GET", route.format(uuid.uuid4()))
    assert answer(hidden) == answer(missing) == (404, "not_found")
    assert hidden.content == missing.content
    assert hidden.headers["content-type"] == "application/problem+json"


def test_another_programs_season_is_a_404_identical_to_a_missing_one(api_ro: Api) -> None:
    hidden = api_ro.request("C1", "GET", TEAM_ROUTE.format(api_ro.world.ids["s2"]))
    missing = api_ro.request("C1", "GET", TEAM_ROUTE.format(uuid.uuid4()))
    assert answer(hidden) == answer(missing) == (404, "not_found")
    assert hidden.content == missing.content


@pytest.mark.parametrize("route", [*ATHLETE_ROUTES, TEAM_ROUTE])
def test_anonymous_callers_get_a_401(api_ro: Api, route: str) -> None:
    subject = api_ro.world.ids["s1" if "team" in route else "a1"]
    response = api_ro.request("anon", "GET", route.format(subject))
    assert answer(response) == (401, "unauthenticated")


def test_an_athlete_sees_their_own_load_and_no_one_elses(api_ro: Api) -> None:
    ids = api_ro.world.ids
    days = f"from={IN_SEASON - timedelta(4)}&to={IN_SEASON + timedelta(5)}"
    own = api_ro.request("A1", "GET", f"/api/v1/athletes/{ids['a1']}/load?{days}")
    assert own.status_code == 200, own.text
    day = next(d for d in own.json()["days"] if d["date"] == IN_SEASON.isoformat())
    assert day["sessions"] == 1 and day["load"] > 0  # a1_completed: RPE 6, the default minutes of its category
    assert day["estimated"] is True  # no actual duration was logged
    assert answer(api_ro.request("A1", "GET", f"/api/v1/athletes/{ids['a2']}/load")) == (404, "not_found")
    assert api_ro.request("A1", "GET", f"/api/v1/athletes/{ids['a1']}/readiness").status_code == 200
    coach = api_ro.request("C1", "GET", f"/api/v1/athletes/{ids['a1']}/load?{days}")
    assert coach.json()["days"] == own.json()["days"]


def test_the_team_view_lists_the_roster_the_caller_may_see(api_ro: Api) -> None:
    ids = api_ro.world.ids
    body = api_ro.request("C1", "GET", TEAM_ROUTE.format(ids["s1"])).json()
    assert sorted(a["name"] for a in body["athletes"]) == ["Athlete A1", "Athlete A2", "Athlete D"]
    assert answer(api_ro.request("C2", "GET", TEAM_ROUTE.format(ids["s1"]))) == (404, "not_found")
    grouped = api_ro.request("C1", "GET", TEAM_ROUTE.format(ids["s1"]) + f"?event_group_id={ids['g1']}").json()
    assert len(grouped["athletes"]) == 3
    other_group = api_ro.request("C1", "GET", TEAM_ROUTE.format(ids["s1"]) + f"?event_group_id={ids['g2']}").json()
    assert other_group["athletes"] == []


def test_readiness_is_withheld_with_too_little_history_and_says_how_much_is_needed(api_ro: Api) -> None:
    a1 = api_ro.world.ids["a1"]
    early = IN_SEASON + timedelta(5)
    body = api_ro.request("A1", "GET", f"/api/v1/athletes/{a1}/readiness?date={early}").json()
    assert body["score"] is None and body["sufficient"] is False
    assert body["factors"] == [
        "Readiness needs 28 days of history and 8 logged sessions; so far there are 6 days and 1 sessions."
    ]
    assert body["data"]["more_history_days_needed"] == 22
    assert body["data"]["more_sessions_needed"] == 7
    before = api_ro.request("A1", "GET", f"/api/v1/athletes/{a1}/readiness?date={IN_SEASON - timedelta(1)}").json()
    assert before["score"] is None
    assert before["data"]["history_days"] == 0 and before["data"]["first_session_date"] is None
    assert "so far there are 0 days and 0 sessions" in before["factors"][0]
    path = TEAM_ROUTE.format(api_ro.world.ids["s1"]) + f"?date={IN_SEASON + timedelta(3)}"
    row = next(a for a in api_ro.request("C1", "GET", path).json()["athletes"] if a["athlete_id"] == str(a1))
    assert row["readiness"]["score"] is None
    assert row["history_days"] == 4
    flags = {f["code"]: f["text"] for f in row["flags"]}
    assert flags["short_history"] == "Only 4 days of history: ratios and readiness need 28."
    assert flags["sessions_missed"].startswith("4 planned session(s) missed")  # the world's sessions on IN_SEASON


def test_each_route_runs_a_fixed_number_of_statements_whatever_the_roster(api: Api) -> None:
    ids = api.world.ids
    database = api.client.app.state.db  # type: ignore[attr-defined]
    paths = [route.format(ids["a1"]) for route in ATHLETE_ROUTES] + [TEAM_ROUTE.format(ids["s1"])]

    def statements() -> list[int]:
        counted = []
        for path in paths:
            before = database.statements_executed
            assert api.request("C1", "GET", path).status_code == 200
            counted.append(database.statements_executed - before)
        return counted

    small = statements()
    with api.admin() as conn:
        for n in range(30):
            athlete = factories.athlete(conn, f"Extra {n}")
            factories.roster(conn, ids["p1"], ids["s1"], athlete, ids["g1"])
            for day in range(6):
                factories.session(
                    conn,
                    athlete,
                    source="coach_assigned",
                    coach_member_id=ids["c1"],
                    team_season_id=ids["s1"],
                    scheduled_date=IN_SEASON + timedelta(days=27 + 4 * day),
                )
        for day in range(60):
            factories.session(conn, ids["a1"], scheduled_date=IN_SEASON - timedelta(days=34 - day))
        conn.commit()
    assert statements() == small
    assert max(small) <= 4  # identity, context, one data query, the wellness check-in totals


def test_odd_heart_rate_json_is_ignored_not_an_error(api: Api) -> None:
    ids = api.world.ids
    odd = [
        {"hr": {"avg": "fast"}},
        {"hr": {"avg": 10**400}},
        {"hr": None},
        {"hr": {"avg": 300, "max": [1]}},
        {"hr": {"avg": True}},
        {"hr": "140"},
    ]
    with api.admin() as conn:
        for n, metrics in enumerate(odd):
            on = IN_SEASON + timedelta(days=5 + n)
            factories.session(
                conn,
                ids["a2"],
                scheduled_date=on,
                completed_at=datetime.combine(on, time(18), UTC),
                actual_rpe=5,
                actual_duration_sec=1800,
                metrics_json=Jsonb(metrics),
            )
        conn.commit()
    days = f"from={IN_SEASON + timedelta(5)}&to={IN_SEASON + timedelta(10)}"
    body = api.request("C1", "GET", f"/api/v1/athletes/{ids['a2']}/load?{days}").json()
    assert [d["load"] for d in body["days"]] == [150.0] * 6  # 5 x 30 minutes each day
    assert all(d["hr_sessions"] == 0 for d in body["days"])
    assert body["heart_rate_profile"]["hr_max_bpm"] is None

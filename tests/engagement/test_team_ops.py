"""Team Ops (GET /programs/{id}/team-ops): who may read it, the week's numbers on the fixture world, and the
load numbers equal to those of the athlete's own readiness and load routes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import psycopg
import pytest

from tests.conftest import Server
from tests.contract.matrix import RANDOM
from tests.support import factories
from tests.support.api import Api, answer, world_api
from tests.support.world import IN_SEASON, ROLE_STAFF, World

TODAY = date.today()


def _a2_trains_daily(conn: psycopg.Connection[Any], world: World) -> None:
    """A2 trained every day of the last 40 (RPE 6, 45 min), enough history for readiness and a ratio."""
    for back in range(40, 0, -1):
        day = TODAY - timedelta(days=back)
        factories.session(
            conn,
            world.ids["a2"],
            source="coach_assigned",
            coach_member_id=world.ids["c1"],
            team_season_id=world.ids["s1"],
            scheduled_date=day,
            planned_rpe=5,
            planned_duration_sec=2700,
            completed_at=datetime.combine(day, time(18), UTC),
            actual_rpe=6 + (back % 3 == 0) * 3,
            actual_duration_sec=2700,
        )
    conn.commit()


@pytest.fixture(scope="module")
def team(pg_server: Server, template_db: str) -> Iterator[Api]:
    yield from world_api(pg_server, template_db, _a2_trains_daily)


def _ops(api: Api, actor: str, query: str = "") -> Any:
    return api.request(actor, "GET", f"/api/v1/programs/{api.world.ids['p1']}/team-ops{query}")


def test_every_staff_role_reads_it_and_everyone_else_gets_the_404_of_a_random_program(team: Api) -> None:
    for actor in ("C1", *ROLE_STAFF):
        assert _ops(team, actor).status_code == 200, actor
    for actor in ("A1", "A2", "D", "C2", "U", "X", "B1"):
        response = _ops(team, actor)
        random = team.request(actor, "GET", f"/api/v1/programs/{RANDOM}/team-ops")
        assert answer(response) == answer(random) == (404, "not_found"), actor
        assert response.content == random.content


def test_a_season_of_another_program_is_a_404(team: Api) -> None:
    response = _ops(team, "C1", f"?team_season_id={team.world.ids['s2']}")
    assert answer(response) == (404, "not_found")
    assert response.json()["detail"] == "No team season with this id exists, or you may not see it."


def test_the_week_of_the_fixture_sessions(team: Api) -> None:
    body = _ops(team, "C1", f"?week={IN_SEASON + timedelta(days=3)}").json()
    assert (body["week_start"], body["week_end"]) == (str(IN_SEASON), str(IN_SEASON + timedelta(days=6)))
    assert body["team_season_id"] == str(team.world.ids["s1"])
    assert body["as_of"] == str(IN_SEASON + timedelta(days=6))
    rows = {row["name"]: row for row in body["athletes"]}
    assert set(rows) == {"Athlete A1", "Athlete A2", "Athlete D"}
    a1 = rows["Athlete A1"]
    assert a1["event_groups"] == [{"id": str(team.world.ids["g1"]), "name": "Distance"}]
    assert a1["roster_status"] == "active"
    # a1_coach, a1_by_x, a1_self, a1_self_season missed; a1_completed done (the training summary's counting)
    assert (a1["week"]["sessions"], a1["week"]["completed"], a1["week"]["missed"]) == (5, 1, 4)
    assert a1["last_completed"]["id"] == str(team.world.sessions["a1_completed"])
    assert a1["compliance_percent"] == 20 and a1["compliance_band"] == "red"  # 1 of 5 due sessions done
    assert a1["needs_attention"] is True
    assert len(a1["daily_load"]) == len(body["load_dates"]) == 28
    assert body["load_dates"][-1] == body["as_of"]
    assert body["event_groups"] == [
        {"id": str(team.world.ids["g1"]), "name": "Distance", "athletes": 3, "needs_attention": 3}
    ]


def test_load_numbers_are_those_of_the_athlete_routes(team: Api) -> None:
    body = _ops(team, "C1").json()
    assert body["as_of"] == body["today"]
    a2 = next(row for row in body["athletes"] if row["athlete_id"] == str(team.world.ids["a2"]))
    readiness = team.request("C1", "GET", f"/api/v1/athletes/{team.world.ids['a2']}/readiness").json()
    assert a2["readiness"] == {k: readiness[k] for k in ("score", "sufficient", "factors")}
    assert readiness["sufficient"] is True and readiness["score"] is not None
    load = team.request(
        "C1", "GET", f"/api/v1/athletes/{team.world.ids['a2']}/load?from={TODAY - timedelta(27)}&to={TODAY}"
    )
    days = load.json()["days"]
    assert a2["daily_load"] == [None if d["load"] is None else round(d["load"], 1) for d in days]
    assert a2["acwr_ewma"] == pytest.approx(days[-1]["acwr_ewma"], abs=1e-4)
    assert a2["week"]["completed"] == TODAY.weekday()  # every day of this week before today


def test_a_bad_week_is_a_422(team: Api) -> None:
    assert answer(_ops(team, "C1", "?week=1800-01-01")) == (422, "invalid_input")
    assert answer(_ops(team, "C1", "?week=tuesday"))[0] == 422

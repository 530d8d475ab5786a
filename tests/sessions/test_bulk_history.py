"""Importing last season: staff write sessions dated within a season of their program for an athlete who was on
that season's roster, though she has left since; every refused row named with its reason, in one answer."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from uuid import UUID

import pytest

from tests.sessions.test_bulk import csv_text
from tests.support.api import Api
from tests.support.seasons import Seasons, build

HEADER = (
    "athlete_id",
    "team_season_id",
    "scheduled_date",
    "completed_at",
    "workout_category",
    "title",
    "actual_duration_sec",
    "actual_rpe",
)


@pytest.fixture
def seasons(api: Api) -> Seasons:
    with api.admin() as conn:
        return build(conn)


def post_as(api: Api, user_id: UUID, body: bytes, query: str = "") -> Any:
    token = api.tokens.issue(user_id, ttl=timedelta(hours=1))
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "text/csv"}
    return api.client.post(f"/api/v1/sessions:import{query}", content=body, headers=headers)


def logged(w: Seasons, athlete: str, season: str | None, day_in: str, offset: int = 10) -> tuple[Any, ...]:
    """A completed session of last season's log: a row as an old system's export would give it."""
    day = w.inside(day_in, offset)
    done = datetime.combine(day, time(23, 30), UTC)
    return (w.ids[athlete], w.ids[season] if season else "", day, done.isoformat(), "run", "Tempo", 2700, 7)


def test_staff_import_last_seasons_log_of_an_athlete_who_has_left(api: Api, seasons: Seasons) -> None:
    w = seasons
    rows = [logged(w, "leah", "p_last", "p_last", 10), logged(w, "leah", None, "p_last", 11)]
    response = post_as(api, w.users["CP"], csv_text(rows, HEADER))
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["created"] == 2
    with api.admin() as conn:
        found = conn.execute(
            "select source, coach_member_id, program_ids, import_batch_id from athlete_training_sessions "
            "where id = any(%s::uuid[]) order by scheduled_date",
            [report["created_ids"]],
        ).fetchall()
    assert found == [("coach_assigned", w.ids["cp"], [w.ids["p"]], UUID(report["batch_id"]))] * 2


def test_rows_beyond_the_program_or_the_athletes_seasons_are_refused_all_in_one_answer(
    api: Api, seasons: Seasons
) -> None:
    w = seasons
    rows = [
        logged(w, "leah", "p_last", "p_last"),  # fine on its own
        logged(w, "leah", "p_last", "p_current"),  # row 3: her season, a day outside it
        logged(w, "leah", None, "p_older"),  # row 4: a season she was not on
        logged(w, "quinn", "p_last", "p_last"),  # row 5: never on last season's roster
        logged(w, "leah", "q_current", "q_current"),  # row 6: another program's season
        logged(w, "bea", None, "q_current"),  # row 7: another program's athlete
    ]
    response = post_as(api, w.users["CP"], csv_text(rows, HEADER))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "import_invalid"
    assert body["error_count"] == 5
    season_named = "not on this season's roster on a date within the season, nor on a current roster of your program"
    no_season = (
        "not on a current roster of your program, nor on the roster of one of its seasons that contains this date"
    )
    assert [(e["row"], e["column"], e["detail"]) for e in body["errors"]] == [
        (3, "athlete_id", season_named),
        (4, "athlete_id", no_season),
        (5, "athlete_id", season_named),
        (6, "team_season_id", "not a season of your program"),
        (7, "athlete_id", no_season),
    ]
    other = post_as(api, w.users["CQ"], csv_text([logged(w, "leah", None, "p_last")], HEADER))
    assert other.status_code == 422
    assert other.json()["code"] == "import_invalid"
    assert [(e["row"], e["column"]) for e in other.json()["errors"]] == [(2, "athlete_id")]
    with api.admin() as conn:
        written = conn.execute(
            "select count(*) from athlete_training_sessions where athlete_id = any(%s)",
            [[w.ids["leah"], w.ids["quinn"], w.ids["bea"]]],
        ).fetchone()
    assert written == (0,)


def test_an_assignment_through_the_api_follows_the_same_rule(api: Api, seasons: Seasons) -> None:
    w = seasons
    token = api.tokens.issue(w.users["CP"], ttl=timedelta(hours=1))
    headers = {"Authorization": f"Bearer {token}"}
    body = {"athlete_ids": [str(w.ids["leah"])], "team_season_id": str(w.ids["p_last"]), "workout_category": "run"}
    allowed = api.client.post(
        "/api/v1/sessions", json={**body, "scheduled_date": w.inside("p_last").isoformat()}, headers=headers
    )
    assert allowed.status_code == 201, allowed.text
    refused = api.client.post(
        "/api/v1/sessions", json={**body, "scheduled_date": w.inside("p_current").isoformat()}, headers=headers
    )
    assert refused.status_code == 422
    assert refused.json()["code"] == "invalid_input"
    assert refused.json()["errors"][0]["pointer"] == "#/athlete_ids/0"

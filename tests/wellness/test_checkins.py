"""Wellness check-ins through the API and at the database as the app role: the athlete writes their own day
(idempotent PUT, If-Match to change it), the head coach and athletic trainer read the items, every other staff
member the day's total only, nobody else anything."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import psycopg
import pytest
from psycopg.rows import dict_row

from tests.support.acting import acting_as
from tests.support.api import Api, answer
from tests.support.factories import TODAY

CHECKIN = {"sleep_quality": 4, "fatigue": 3, "muscle_soreness": 2, "stress": 4, "mood": 5, "sleep_hours": 7.5}
TOTAL = 4 + 3 + 2 + 4 + 5


def _put(api: Api, actor: str, body: dict[str, Any], day: Any = TODAY, **headers: str) -> Any:
    path = f"/api/v1/athletes/{api.world.ids['a1']}/wellness/{day}"
    return api.request(actor, "PUT", path, json=body, headers=headers)


def _rows(api: Api) -> int:
    with api.admin() as conn:
        row = conn.execute("select count(*) from wellness_checkins").fetchone()
    assert row is not None
    return int(row[0])


def test_the_athlete_checks_in_once_and_a_retry_is_answered_the_same(api: Api) -> None:
    first = _put(api, "A1", {**CHECKIN, "note": "tight calves"})
    again = _put(api, "A1", {**CHECKIN, "note": "tight calves"})
    assert (first.status_code, first.headers["etag"]) == (201, '"v1"')
    assert (again.status_code, again.headers["etag"]) == (200, '"v1"')
    assert (first.json()["result"], again.json()["result"]) == ("created", "unchanged")
    assert {**again.json(), "result": "created"} == first.json()
    assert first.json()["wellness_total"] == TOTAL
    assert _rows(api) == 1


def test_changing_a_check_in_needs_the_etag_it_was_based_on(api: Api) -> None:
    assert _put(api, "A1", CHECKIN).status_code == 201
    changed = {**CHECKIN, "mood": 2}
    assert answer(_put(api, "A1", changed)) == (428, "precondition_required")
    assert answer(_put(api, "A1", changed, **{"If-Match": '"v7"'})) == (412, "precondition_failed")
    done = _put(api, "A1", changed, **{"If-Match": '"v1"'})
    assert (done.status_code, done.headers["etag"], done.json()["wellness_total"]) == (200, '"v2"', TOTAL - 3)
    assert done.json()["result"] == "changed"
    # the retry of that change (its If-Match now stale) is answered with what is stored, not refused
    assert _put(api, "A1", changed, **{"If-Match": '"v1"'}).status_code == 200


def test_a_check_in_for_a_day_after_today_is_refused(api: Api) -> None:
    refused = _put(api, "A1", CHECKIN, day=TODAY + timedelta(days=2))
    assert answer(refused) == (422, "checkin_date_in_future")
    assert _rows(api) == 0


@pytest.mark.parametrize("item", ["sleep_quality", "fatigue", "muscle_soreness", "stress", "mood"])
def test_an_item_outside_one_to_five_is_refused(api: Api, item: str) -> None:
    assert answer(_put(api, "A1", {**CHECKIN, item: 6})) == (422, "validation_failed")
    assert answer(_put(api, "A1", {**CHECKIN, item: 0})) == (422, "validation_failed")


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("C1", (403, "athlete_only")),
        ("AT", (403, "athlete_only")),
        ("A2", (404, "not_found")),
        ("C2", (404, "not_found")),
        ("U", (404, "not_found")),
    ],
)
def test_nobody_but_the_athlete_checks_in_for_them(api: Api, actor: str, expected: tuple[int, str]) -> None:
    assert answer(_put(api, actor, CHECKIN)) == expected
    assert _rows(api) == 0


def _read(api: Api, actor: str) -> Any:
    return api.request(actor, "GET", f"/api/v1/athletes/{api.world.ids['a1']}/wellness")


def test_the_head_coach_and_athletic_trainer_read_the_items_other_staff_the_total(api: Api) -> None:
    assert _put(api, "A1", {**CHECKIN, "note": "tight calves"}).status_code == 201
    for actor in ("A1", "C1", "AT"):
        body = _read(api, actor).json()
        assert body["detail"] == "items", actor
        assert [(d["wellness_total"], d["mood"], d["note"]) for d in body["items"]] == [(TOTAL, 5, "tight calves")]
    for actor in ("PA", "AC", "SC"):
        body = _read(api, actor).json()
        assert body["detail"] == "summary", actor
        day = body["items"][0]
        assert (day["wellness_total"], day["mood"], day["sleep_hours"], day["note"]) == (TOTAL, None, None, None)
    for actor in ("A2", "C2", "U"):
        assert answer(_read(api, actor)) == (404, "not_found")


def test_the_database_holds_the_privacy_rule_against_the_app_role(api: Api) -> None:
    assert _put(api, "A1", {**CHECKIN, "note": "tight calves"}).status_code == 201
    items, totals = "select note from wellness_checkins", "select wellness_total from wellness_summaries"
    expected = {
        "A1": (["tight calves"], [TOTAL]),
        "C1": (["tight calves"], [TOTAL]),
        "AT": (["tight calves"], [TOTAL]),
        "PA": ([], [TOTAL]),
        "AC": ([], [TOTAL]),
        "SC": ([], [TOTAL]),
        "A2": ([], []),
        "C2": ([], []),
        "X": ([], []),
        "U": ([], []),
    }
    with psycopg.connect(api.target.app_url, row_factory=dict_row) as app:
        for actor, (notes, sums) in expected.items():
            with acting_as(app, api.world, actor) as conn:
                seen = ([r["note"] for r in conn.execute(items)], [r["wellness_total"] for r in conn.execute(totals)])
            assert seen == (notes, sums), actor


@pytest.mark.parametrize("actor", ["C1", "AT", "A2"])
def test_the_app_role_cannot_write_someone_elses_check_in(api: Api, actor: str) -> None:
    insert = (
        "insert into wellness_checkins (athlete_id, checkin_date, sleep_quality, fatigue, muscle_soreness, stress, "
        "mood, sleep_hours) values (%s, current_date, 3, 3, 3, 3, 3, 8)"
    )
    with psycopg.connect(api.target.app_url) as app:
        with acting_as(app, api.world, actor) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
            conn.execute(insert, [api.world.ids["a1"]])
        assert "row-level security" in str(refused.value)


def test_the_app_role_cannot_write_summaries(api: Api) -> None:
    with psycopg.connect(api.target.app_url) as app:
        with acting_as(app, api.world, "A1") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("update wellness_summaries set wellness_total = 25")


def test_team_load_names_who_has_not_checked_in_and_readiness_says_why_wellness_is_withheld(api: Api) -> None:
    season = api.world.ids["s1"]
    before = api.request("C1", "GET", f"/api/v1/team-seasons/{season}/load").json()
    names = {a["name"] for a in before["not_checked_in"]}
    assert {"Athlete A1", "Athlete A2"} <= names
    assert _put(api, "A1", CHECKIN).status_code == 201
    after = api.request("C1", "GET", f"/api/v1/team-seasons/{season}/load").json()
    assert "Athlete A1" not in {a["name"] for a in after["not_checked_in"]}
    assert "Athlete A2" in {a["name"] for a in after["not_checked_in"]}
    mine = next(a for a in after["athletes"] if a["name"] == "Athlete A1")["readiness"]["wellness"]
    assert (mine["total"], mine["checked_in_today"], mine["checkin_date"]) == (TOTAL, True, TODAY.isoformat())
    theirs = next(a for a in after["athletes"] if a["name"] == "Athlete A2")["readiness"]["wellness"]
    assert (theirs["total"], theirs["included"]) == (None, False)
    assert "No wellness check-in today or yesterday" in theirs["explanation"]

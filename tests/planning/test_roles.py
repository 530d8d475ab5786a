"""Who plans what (docs/security.md, "Staff roles"): run and track work is the head coach's and the assistant coaches',
gym (S&C) work the head coach's and the strength coach's; a practice is changed, published or cancelled by whoever
may plan every workout in it. Through the API, and at the database where the API would not send the statement."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from tests.planning.test_routes import DAY, Planner, ok
from tests.support.api import Api, answer


@pytest.fixture
def planner(api: Api) -> Planner:
    return Planner(api)


def _add(planner: Planner, actor: str, practice: str, workout: str) -> Any:
    path = f"/api/v1/practice-sessions/{practice}/workouts"
    return planner.api.request(actor, "POST", path, json={"workout_id": workout})


def test_each_coach_adds_only_their_kind_of_work_to_a_practice(planner: Planner) -> None:
    practice = planner.practice()
    assert _add(planner, "SC", practice, planner.lift).status_code == 201
    assert answer(_add(planner, "SC", practice, planner.easy)) == (403, "role_required")
    assert _add(planner, "AC", practice, planner.easy).status_code == 201
    refused = _add(planner, "AC", practice, planner.lift)
    assert (answer(refused), refused.json()["capability"]) == ((403, "role_required"), "plan_gym")


@pytest.mark.parametrize(
    ("entries", "allowed"),
    [
        ("run", {"C1", "AC"}),
        ("gym", {"C1", "SC"}),
        ("run+gym", {"C1"}),  # a practice with both is published by who may plan both: the head coach
    ],
)
def test_a_practice_is_published_by_who_may_plan_every_workout_in_it(
    planner: Planner, entries: str, allowed: set[str]
) -> None:
    workouts = {"run": [planner.easy], "gym": [planner.lift], "run+gym": [planner.easy, planner.lift]}[entries]
    for actor in ("C1", "AC", "SC", "AT", "PA"):
        practice = planner.practice(*((w, None) for w in workouts))
        published = planner.act(practice, "publish", actor=actor)
        if actor in allowed:
            assert published.status_code == 200, (actor, published.text)
            assert published.json()["created"], actor  # the sessions of A1, A2 and D, in the publisher's name
        else:
            assert answer(published) == (403, "role_required"), actor
            assert planner.api.request("C1", "GET", f"/api/v1/practice-sessions/{practice}").json()["status"] == "draft"


def test_the_strength_coach_publishes_gym_sessions_in_their_own_name(planner: Planner) -> None:
    practice = planner.practice((planner.lift, None))
    report = ok(planner.act(practice, "publish", actor="SC"))
    session = ok(planner.api.request("SC", "GET", f"/api/v1/sessions/{report['created'][0]['id']}"))
    assert (session["workout_category"], session["coach_member_id"]) == ("gym", str(planner.api.world.ids["sc"]))


def test_a_practice_the_caller_may_not_plan_whole_is_not_theirs_to_change_or_delete(planner: Planner) -> None:
    practice = planner.practice((planner.easy, None), (planner.lift, None))
    path = f"/api/v1/practice-sessions/{practice}"
    etag = {"If-Match": planner.etag(practice)}
    for actor in ("AC", "SC"):
        renamed = planner.api.request(actor, "PATCH", path, json={"title": "Mine"}, headers=etag)
        assert (answer(renamed), renamed.json()["capability"]) == (
            (403, "role_required"),
            "plan_gym" if actor == "AC" else "plan_run",
        )
        assert answer(planner.api.request(actor, "DELETE", path, headers=etag)) == (403, "role_required")
    assert planner.api.request("C1", "PATCH", path, json={"title": "Both"}, headers=etag).status_code == 200


def test_an_override_of_the_whole_practice_needs_every_workout_in_it(planner: Planner) -> None:
    practice = planner.practice((planner.easy, None), (planner.lift, None))
    path = f"/api/v1/practice-sessions/{practice}/assignments"
    whole = {"athlete_id": str(planner.api.world.ids["a1"]), "kind": "exclude", "note": "sick"}
    assert answer(planner.api.request("SC", "POST", path, json=whole)) == (403, "not_permitted")
    entries = planner.api.request("C1", "GET", f"/api/v1/practice-sessions/{practice}/workouts").json()["items"]
    lift = next(e for e in entries if e["workout_id"] == planner.lift)
    one = {**whole, "practice_session_workout_id": lift["id"], "note": "sore back"}
    assert planner.api.request("SC", "POST", path, json=one).status_code == 201
    assert planner.api.request("C1", "POST", path, json=whole).status_code == 201


def test_strength_maxes_are_the_strength_coachs(planner: Planner) -> None:
    path = f"/api/v1/athletes/{planner.api.world.ids['a1']}/strength-maxes"
    body = {"training_event_id": planner.squat, "one_rm_kg": 110, "tested_on": DAY}
    assert answer(planner.api.request("AC", "POST", path, json=body)) == (403, "role_required")
    best = planner.api.request("SC", "POST", path, json=body)
    assert best.status_code == 201
    changed = planner.api.request(
        "AC",
        "PATCH",
        f"/api/v1/strength-maxes/{best.json()['id']}",
        json={"one_rm_kg": 90},
        headers={"If-Match": '"v1"'},
    )
    assert answer(changed) == (403, "role_required")


def test_a_run_planner_cannot_turn_a_run_workout_into_gym_work_at_the_database(planner: Planner) -> None:
    api: Api = planner.api
    with psycopg.connect(api.target.app_url) as conn:
        conn.execute("select set_config('app.user_id', %s, true)", [str(api.world.users["AC"])])
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
            conn.execute("update workouts set workout_category = 'gym' where id = %s", [planner.easy])
        assert caught.value.diag.message_primary == 'new row violates row-level security policy for table "workouts"'
        conn.rollback()
        conn.execute("select set_config('app.user_id', %s, true)", [str(api.world.users["SC"])])
        assert (
            conn.execute("delete from workout_steps where workout_id = %s returning id", [planner.easy]).fetchall()
            == []
        )
        assert conn.execute("delete from workout_steps where workout_id = %s returning id", [planner.lift]).fetchall()

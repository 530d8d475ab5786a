"""The planning contracts of issue 12 (item 3): the coach's session RPE, practices within their season, overrides
that change something, and If-Match on preview, publish and cancel."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api
from tests.api.test_planning import Planner, ok


@pytest.fixture
def planner(api: Api) -> Planner:
    return Planner(api)


def refused(response: Any, status: int, code: str) -> dict[str, Any]:
    assert (response.status_code, response.json()["code"]) == (status, code), response.text
    body: dict[str, Any] = response.json()
    return body


def patch(api: Api, path: str, body: dict[str, Any]) -> Any:
    etag = api.request("C1", "GET", path).headers["etag"]
    return api.request("C1", "PATCH", path, headers={"If-Match": etag}, json=body)


# ------------------------------------------------------------------------------------------- planned RPE


def test_the_coachs_planned_rpe_is_kept_and_an_estimate_is_marked(planner: Planner) -> None:
    api, path = planner.api, f"/api/v1/workouts/{planner.intervals}"
    estimated = ok(api.request("C1", "GET", path))
    assert (estimated["planned_rpe"], estimated["planned_rpe_source"], estimated["planned_rpe_estimated"]) == (
        4,  # the duration-weighted mean: 4 × 400 m at 8 diluted by the jogs and the warm-up at 3
        "steps",
        True,
    )
    rated = ok(patch(api, path, {"planned_rpe": 7}))
    assert (rated["planned_rpe"], rated["planned_rpe_source"], rated["planned_rpe_estimated"]) == (7, "coach", False)
    assert ok(api.request("C1", "GET", path))["planned_rpe"] == 7


def test_a_coachs_rpe_survives_new_steps_and_null_hands_it_back_to_the_steps(planner: Planner) -> None:
    api = planner.api
    body = {"name": "Hill repeats", "workout_category": "run", "planned_rpe": 8, "steps": [
        {"training_event_id": planner.run, "target_duration_sec": 900, "intensity_rpe": 3},
        {"repeat": 8, "steps": [{"training_event_id": planner.run, "target_duration_sec": 60, "intensity_rpe": 9,
                                 "rest_sec": 120}]}]}  # fmt: skip
    created = ok(api.request("C1", "POST", f"/api/v1/programs/{api.world.ids['p1']}/workouts", json=body), 201)
    assert (created["planned_rpe"], created["planned_rpe_source"]) == (8, "coach")
    path = f"/api/v1/workouts/{created['id']}"
    new_steps = [{"training_event_id": planner.run, "target_duration_sec": 1200, "intensity_rpe": 2}]
    kept = ok(patch(api, path, {"steps": new_steps}))
    assert (kept["planned_rpe"], kept["planned_rpe_estimated"], kept["planned_duration_sec"]) == (8, False, 1200)
    handed_back = ok(patch(api, path, {"planned_rpe": None}))
    assert (handed_back["planned_rpe"], handed_back["planned_rpe_source"]) == (2, "steps")
    follows = ok(patch(api, path, {"steps": [{**new_steps[0], "intensity_rpe": 5}]}))
    assert (follows["planned_rpe"], follows["planned_rpe_estimated"]) == (5, True)


def test_publishing_and_copying_carry_the_coachs_rpe(planner: Planner) -> None:
    api = planner.api
    ok(patch(api, f"/api/v1/workouts/{planner.intervals}", {"planned_rpe": 7}))
    copy = ok(api.request("C1", "POST", f"/api/v1/workouts/{planner.intervals}/copy", json={}), 201)
    assert (copy["planned_rpe"], copy["planned_rpe_source"]) == (7, "coach")
    practice = planner.practice((planner.intervals, None))
    ok(planner.act(practice, "publish"))
    assert {s["planned_rpe"] for s in planner.sessions(practice)} == {7}

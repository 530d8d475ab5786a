"""Sessions by role (docs/security.md, "Staff roles"): every active member reads the program's training; assigning,
re-planning and deleting coach sessions is for the roles that assign their category (run: head and assistant
coaches; gym: those and the strength coach). Through the API: each refusal's one answer."""

from __future__ import annotations

from datetime import timedelta

from tests.support.api import Api, answer
from tests.support.factories import TODAY
from tests.support.world import VISIBLE_TO_P1_STAFF

DAY = str(TODAY + timedelta(days=1))


def _etag(api: Api, path: str) -> dict[str, str]:
    return {"If-Match": api.request("C1", "GET", path).headers["ETag"]}


def test_every_member_of_the_program_reads_its_training_whatever_their_role(api: Api) -> None:
    names = {str(v): k for k, v in api.world.sessions.items()}
    for actor in ("PA", "AC", "SC", "AT"):
        items = api.request(actor, "GET", "/api/v1/sessions?limit=200").json()["items"]
        assert {names[i["id"]] for i in items} == VISIBLE_TO_P1_STAFF, actor
        assert api.request(actor, "GET", f"/api/v1/athletes/{api.world.ids['a1']}/load").status_code == 200


def test_members_whose_role_does_not_assign_get_one_answer_for_every_change(api: Api) -> None:
    session = f"/api/v1/sessions/{api.world.sessions['a1_coach']}"  # a run
    for actor in ("PA", "SC", "AT"):
        for method, body in (("PATCH", {"planned_rpe": 8}), ("DELETE", None)):
            refused = api.request(actor, method, session, json=body, headers=_etag(api, session))
            assert (answer(refused), refused.json()["capability"]) == ((403, "role_required"), "assign_run"), actor
        done = api.request(actor, "POST", f"{session}/complete", json={"actual_rpe": 5})
        assert answer(done) == (403, "role_required"), actor
    # Stale is stale, whoever asks: the version is checked before the role is blamed.
    assert answer(api.request("AT", "PATCH", session, json={"title": "x"}, headers={"If-Match": '"v9"'})) == (
        412,
        "precondition_failed",
    )
    assert api.request("AC", "PATCH", session, json={"planned_rpe": 8}, headers=_etag(api, session)).status_code == 200


def test_the_strength_coach_assigns_gym_sessions_only(api: Api) -> None:
    plan = {"athlete_ids": [str(api.world.ids["a1"])], "scheduled_date": DAY}
    gym = api.request("SC", "POST", "/api/v1/sessions", json={**plan, "workout_category": "gym"})
    assert gym.status_code == 201, gym.text
    refused = api.request("SC", "POST", "/api/v1/sessions", json={**plan, "workout_category": "run"})
    assert (answer(refused), refused.json()["capability"]) == ((403, "role_required"), "assign_run")
    # Nor may they turn their gym session into a run: the new row is not theirs to write.
    path = f"/api/v1/sessions/{gym.json()['items'][0]['id']}"
    turned = api.request("SC", "PATCH", path, json={"workout_category": "run"}, headers=_etag(api, path))
    assert answer(turned) == (403, "not_permitted")
    assert api.request("SC", "DELETE", path, headers=_etag(api, path)).status_code == 204


def test_athletic_trainers_and_program_admins_assign_nothing(api: Api) -> None:
    plan = {"athlete_ids": [str(api.world.ids["a1"])], "scheduled_date": DAY}
    for actor in ("AT", "PA"):
        for category in ("run", "gym"):
            refused = api.request(actor, "POST", "/api/v1/sessions", json={**plan, "workout_category": category})
            assert answer(refused) == (403, "role_required"), (actor, category)


def test_a_csv_import_names_the_rows_the_role_may_not_assign(api: Api) -> None:
    a1, s1 = api.world.ids["a1"], api.world.ids["s1"]
    text = f"athlete_id,team_season_id,scheduled_date,workout_category\n{a1},{s1},{DAY},gym\n{a1},{s1},{DAY},run\n"
    refused = api.request("SC", "POST", "/api/v1/sessions:import", content=text, headers={"Content-Type": "text/csv"})
    assert answer(refused) == (422, "import_invalid")
    assert refused.json()["errors"] == [
        {"row": 3, "column": "workout_category", "detail": "your role in this program does not assign run sessions"}
    ]


def test_undoing_an_import_is_for_those_who_may_assign(api: Api) -> None:
    a1, s1 = api.world.ids["a1"], api.world.ids["s1"]
    text = f"athlete_id,team_season_id,scheduled_date,workout_category\n{a1},{s1},{DAY},run\n"
    batch = api.request("C1", "POST", "/api/v1/sessions:import", content=text, headers={"Content-Type": "text/csv"})
    undo = f"/api/v1/session-imports/{batch.json()['batch_id']}:undo"
    assert answer(api.request("AT", "POST", undo)) == (403, "role_required")
    assert answer(api.request("A1", "POST", undo)) == (403, "staff_only")
    assert api.request("AC", "POST", undo).status_code == 200

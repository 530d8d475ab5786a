"""Idempotency-Key on the writes the offline app sends: a retried write lands exactly once and is answered as the
first time; the same key for another request is refused with one stable code; keys are per user."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.support.api import Api, answer
from tests.support.factories import TODAY

DAY = (TODAY + timedelta(days=3)).isoformat()


def _count(api: Api, sql: str, params: list[Any]) -> int:
    with api.admin() as conn:
        row = conn.execute(sql, params).fetchone()
    assert row is not None
    return int(row[0])


def _self_assigned(api: Api, key: str, title: str = "Easy run") -> Any:
    body = {"workout_category": "run", "scheduled_date": DAY, "title": title, "planned_duration_sec": 1800}
    return api.request("A1", "POST", "/api/v1/sessions", json=body, headers={"Idempotency-Key": key})


def test_a_retried_self_assigned_session_is_created_once_and_answered_the_same(api: Api) -> None:
    first = _self_assigned(api, "k-create-1")
    again = _self_assigned(api, "k-create-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    rows = "select count(*) from athlete_training_sessions where athlete_id = %s and title = 'Easy run'"
    assert _count(api, rows, [api.world.ids["a1"]]) == 1


def test_the_same_key_with_another_body_is_refused_and_writes_nothing(api: Api) -> None:
    assert _self_assigned(api, "k-create-2").status_code == 201
    refused = _self_assigned(api, "k-create-2", title="Another run")
    assert answer(refused) == (422, "idempotency_key_reused")
    rows = "select count(*) from athlete_training_sessions where title = 'Another run'"
    assert _count(api, rows, []) == 0


def test_the_same_key_on_another_route_is_refused(api: Api) -> None:
    created = _self_assigned(api, "k-cross")
    session = created.json()["id"]
    refused = api.request(
        "A1",
        "POST",
        f"/api/v1/sessions/{session}/complete",
        json={"actual_rpe": 5},
        headers={"Idempotency-Key": "k-cross"},
    )
    assert answer(refused) == (422, "idempotency_key_reused")


def test_keys_are_per_user(api: Api) -> None:
    mine = _self_assigned(api, "k-shared")
    body = {"workout_category": "run", "scheduled_date": DAY, "title": "Easy run", "planned_duration_sec": 1800}
    theirs = api.request("A2", "POST", "/api/v1/sessions", json=body, headers={"Idempotency-Key": "k-shared"})
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert theirs.json()["id"] != mine.json()["id"]
    assert "idempotent-replayed" not in theirs.headers


def test_a_retried_complete_is_replayed_not_refused_by_its_own_new_version(api: Api) -> None:
    session = api.world.sessions["a1_coach"]
    headers = {"Idempotency-Key": "k-complete", "If-Match": '"v1"'}
    first = api.request("A1", "POST", f"/api/v1/sessions/{session}/complete", json={"actual_rpe": 6}, headers=headers)
    again = api.request("A1", "POST", f"/api/v1/sessions/{session}/complete", json={"actual_rpe": 6}, headers=headers)
    assert first.status_code == 200, first.text
    assert (again.status_code, again.content, again.headers["etag"]) == (200, first.content, first.headers["etag"])
    assert _count(api, "select version from athlete_training_sessions where id = %s", [session]) == 2
    history = "select count(*) from athlete_training_session_history where session_id = %s and operation = 'update'"
    assert _count(api, history, [session]) == 1


def test_a_retried_patch_lands_once(api: Api) -> None:
    session = api.world.sessions["a1_coach"]
    headers = {"Idempotency-Key": "k-patch", "If-Match": '"v1"'}
    first = api.request("A1", "PATCH", f"/api/v1/sessions/{session}", json={"actual_rpe": 4}, headers=headers)
    again = api.request("A1", "PATCH", f"/api/v1/sessions/{session}", json={"actual_rpe": 4}, headers=headers)
    assert first.status_code == 200, first.text
    assert (again.status_code, again.content) == (200, first.content)
    stale = api.request(
        "A1", "PATCH", f"/api/v1/sessions/{session}", json={"actual_rpe": 4}, headers={"If-Match": '"v1"'}
    )
    assert answer(stale) == (412, "precondition_failed")


def test_a_failed_write_stores_nothing_so_its_retry_runs_again(api: Api) -> None:
    session = api.world.sessions["a1_coach"]
    headers = {"Idempotency-Key": "k-fail", "If-Match": '"v9"'}
    failed = api.request("A1", "PATCH", f"/api/v1/sessions/{session}", json={"actual_rpe": 4}, headers=headers)
    assert answer(failed) == (412, "precondition_failed")
    fixed = api.request(
        "A1", "PATCH", f"/api/v1/sessions/{session}", json={"actual_rpe": 4}, headers={**headers, "If-Match": '"v1"'}
    )
    assert fixed.status_code == 200
    records = "select count(*) from idempotency_records where idempotency_key = 'k-fail'"
    assert _count(api, records, []) == 1


def test_a_key_longer_than_200_characters_is_refused(api: Api) -> None:
    refused = _self_assigned(api, "k" * 201)
    assert answer(refused) == (422, "validation_failed")


def test_a_key_whose_first_request_is_still_running_answers_409(api: Api) -> None:
    lock = "select pg_advisory_lock(hashtextextended(%s || '/' || %s, 21))"
    with api.admin() as holder:  # stands for the first request, still inside its transaction
        holder.execute(lock, [str(api.world.users["A1"]), "k-busy"])
        busy = _self_assigned(api, "k-busy")
        # Released here, not by closing the connection: a close may free the lock only after the retry started.
        holder.execute(lock.replace("pg_advisory_lock", "pg_advisory_unlock"), [str(api.world.users["A1"]), "k-busy"])
    assert answer(busy) == (409, "idempotency_key_in_flight")
    assert _self_assigned(api, "k-busy").status_code == 201

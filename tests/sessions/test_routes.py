"""Sessions through the API: assign, log, review, change with preconditions, delete; and bad input."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from tests.support.api import Api, answer, api_settings
from tests.support.world import IN_SEASON
from trainingops.app import create_app

FUTURE = (date.today() + timedelta(days=3)).isoformat()


def assign(api: Api, actor: str = "C1", **body: Any) -> Any:
    payload = {
        "athlete_ids": [str(api.world.ids["a1"])],
        "workout_category": "run",
        "scheduled_date": FUTURE,
        "team_season_id": str(api.world.ids["s1"]),
        "title": "Tempo",
        "planned_duration_sec": 3000,
        "planned_rpe": 6,
        **body,
    }
    return api.request(actor, "POST", "/api/v1/sessions", json=payload)


def session_row(api: Api, session_id: str) -> tuple[Any, ...]:
    with api.admin() as conn:
        row = conn.execute(
            "select title, planned_rpe, actual_rpe, completed_at, team_season_id, version "
            "from athlete_training_sessions where id = %s",
            [session_id],
        ).fetchone()
    assert row is not None
    return tuple(row)


def test_a_coach_assigns_one_session_to_several_athletes(api: Api) -> None:
    response = assign(api, athlete_ids=[str(api.world.ids["a1"]), str(api.world.ids["a2"])])
    assert response.status_code == 201, response.text
    items = response.json()["items"]
    assert {i["athlete_id"] for i in items} == {str(api.world.ids["a1"]), str(api.world.ids["a2"])}
    assert all(i["source"] == "coach_assigned" and i["status"] == "planned" for i in items)
    assert all(i["coach_member_id"] == str(api.world.ids["c1"]) for i in items)


def test_assigning_to_an_athlete_outside_the_roster_writes_nothing_and_points_at_them(api: Api) -> None:
    with api.admin() as conn:
        before = conn.execute("select count(*) from athlete_training_sessions").fetchone()
    response = assign(api, athlete_ids=[str(api.world.ids["a1"]), str(api.world.ids["b1"])])
    assert answer(response) == (422, "invalid_input")
    assert response.json()["errors"] == [
        {
            "pointer": "#/athlete_ids/1",
            "detail": "Not on a current roster of your program, nor on the roster of one of its seasons on this date.",
        }
    ]
    random = assign(api, athlete_ids=[str(api.world.ids["a1"]), "00000000-0000-4000-8000-000000000000"])
    assert random.content == response.content
    with api.admin() as conn:
        assert conn.execute("select count(*) from athlete_training_sessions").fetchone() == before


def test_athletes_cannot_assign_and_staff_without_a_profile_cannot_self_assign(api: Api) -> None:
    assert answer(assign(api, actor="A1")) == (403, "staff_only")
    response = api.request("C1", "POST", "/api/v1/sessions", json={"workout_category": "run", "scheduled_date": FUTURE})
    assert response.status_code == 403
    assert response.json()["code"] == "athlete_only"


def test_an_athlete_logs_a_run_already_done_and_its_day_is_the_local_date(api: Api) -> None:
    done = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    response = api.request(
        "A1",
        "POST",
        "/api/v1/sessions",
        json={
            "workout_category": "run",
            "completed_at": done.isoformat(),
            "actual_distance_m": 8000,
            "actual_duration_sec": 2520,
            "actual_rpe": 3,
            "metrics_json": {"hr": {"avg_bpm": 141}},
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["etag"] == '"v1"'
    assert response.headers["location"] == f"/api/v1/sessions/{body['id']}"
    assert body["source"] == "self_assigned"
    assert body["status"] == "completed"
    from zoneinfo import ZoneInfo

    assert body["scheduled_date"] == done.astimezone(ZoneInfo("America/Chicago")).date().isoformat()


def test_coach_assigns_athlete_completes_coach_edits_plan_and_history_shows_it_all(api: Api) -> None:
    session = assign(api).json()["items"][0]
    sid = session["id"]
    completed = api.request(
        "A1",
        "POST",
        f"/api/v1/sessions/{sid}/complete",
        json={"actual_rpe": 7, "actual_duration_sec": 3100, "actual_description": "windy"},
    )
    assert completed.status_code == 200, completed.text
    assert completed.json()["status"] == "completed"
    assert completed.json()["compliance"]["duration"] == {
        "planned": 3000,
        "actual": 3100,
        "percent": 103,
        "band": "green",
    }
    second = assign(api).json()["items"][0]
    etag = api.request("C1", "GET", f"/api/v1/sessions/{second['id']}").headers["etag"]
    edited = api.request(
        "C1", "PATCH", f"/api/v1/sessions/{second['id']}", json={"planned_rpe": 4}, headers={"If-Match": etag}
    )
    assert edited.status_code == 200, edited.text
    assert edited.headers["etag"] == '"v2"'
    history = api.request("A1", "GET", f"/api/v1/sessions/{sid}/history").json()["items"]
    assert [h["operation"] for h in history] == ["insert", "update"]
    assert history[0]["changed_by_name"] == "User C1"
    assert history[1]["changed_by_name"] == "User A1"
    assert history[1]["changes"]["actual_rpe"] == {"old": None, "new": 7}
    # Inserts are stored as the row itself (migration 0008) and shown in the update shape, nulls left out.
    assert history[0]["changes"]["planned_duration_sec"] == {"new": 3000}
    assert history[0]["changes"]["source"] == {"new": "coach_assigned"}
    assert "actual_rpe" not in history[0]["changes"] and "version" not in history[0]["changes"]
    edits = api.request("C1", "GET", f"/api/v1/sessions/{second['id']}/history").json()["items"]
    assert edits[-1]["changes"] == {"planned_rpe": {"old": 6, "new": 4}}


def test_an_athlete_cannot_change_a_coachs_plan_and_gets_a_clear_code(api: Api) -> None:
    sid = str(api.world.sessions["a1_coach"])
    before = session_row(api, sid)
    response = api.request(
        "A1", "PATCH", f"/api/v1/sessions/{sid}", json={"planned_rpe": 2}, headers={"If-Match": '"v1"'}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "planned_fields_locked"
    assert session_row(api, sid) == before
    own = api.request(
        "A1",
        "PATCH",
        f"/api/v1/sessions/{api.world.sessions['a1_self']}",
        json={"title": "Mine"},
        headers={"If-Match": '"v1"'},
    )
    assert own.status_code == 200


def test_locked_and_foreign_fields_are_refused_and_change_nothing(api: Api) -> None:
    sid = str(api.world.sessions["a1_coach"])
    before = session_row(api, sid)
    for actor, body in (
        ("C1", {"athlete_id": str(api.world.ids["a2"])}),
        ("C1", {"source": "self_assigned"}),
        ("A1", {"team_season_id": str(api.world.ids["s1"])}),
        ("C1", {"version": 9}),
    ):
        response = api.request(actor, "PATCH", f"/api/v1/sessions/{sid}", json=body, headers={"If-Match": '"v1"'})
        assert answer(response) == (422, "validation_failed"), (actor, body)
        assert response.json()["errors"][0]["detail"] == "Unknown field; it is not accepted here."
    other_programs = (  # the season decides the program: another program's season moves it, a coach does not fit it
        (
            {"team_season_id": str(api.world.ids["s2"])},
            "session_program_locked",
            "sessions_program_locked",
            "A session cannot be moved to another program; create a session there instead.",
        ),
        (
            {"coach_member_id": str(api.world.ids["c2"])},
            "rule_violated",
            "sessions_coach_in_season_program",
            "The coach must be a staff member of the program that the season belongs to.",
        ),
    )
    for body, code, constraint, sentence in other_programs:
        response = api.request("C1", "PATCH", f"/api/v1/sessions/{sid}", json=body, headers={"If-Match": '"v1"'})
        problem = response.json()
        assert (response.status_code, problem["code"], problem["constraint"]) == (422, code, constraint), body
        assert problem["detail"] == sentence
    assert session_row(api, sid) == before


def test_preconditions_428_when_missing_412_when_stale(api: Api) -> None:
    sid = str(api.world.sessions["a1_coach"])
    missing = api.request("C1", "PATCH", f"/api/v1/sessions/{sid}", json={"title": "x"})
    assert missing.status_code == 428
    assert missing.json()["code"] == "precondition_required"
    etag = api.request("C1", "GET", f"/api/v1/sessions/{sid}").headers["etag"]
    first = api.request("C1", "PATCH", f"/api/v1/sessions/{sid}", json={"title": "a"}, headers={"If-Match": etag})
    assert first.status_code == 200
    stale = api.request("C1", "PATCH", f"/api/v1/sessions/{sid}", json={"title": "b"}, headers={"If-Match": etag})
    assert answer(stale) == (412, "precondition_failed")
    assert stale.json()["current_etag"] == first.headers["etag"]
    assert session_row(api, sid)[0] == "a"
    assert answer(api.request("C1", "DELETE", f"/api/v1/sessions/{sid}")) == (428, "precondition_required")
    stale_delete = api.request("C1", "DELETE", f"/api/v1/sessions/{sid}", headers={"If-Match": etag})
    assert answer(stale_delete) == (412, "precondition_failed")


def test_two_concurrent_patches_with_the_same_etag_one_wins_one_gets_412(api: Api) -> None:
    sid = str(api.world.sessions["a1_coach"])
    settings = api_settings(api.target, pool_max_size=4)
    app = create_app(settings, target=api.target)

    async def race() -> list[tuple[int, str]]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                headers = {**api.headers("C1"), "If-Match": '"v1"'}
                responses = await asyncio.gather(
                    *(
                        client.patch(f"/api/v1/sessions/{sid}", json={"title": f"t{i}"}, headers=headers)
                        for i in range(2)
                    )
                )
        return sorted((r.status_code, r.text[:300]) for r in responses)

    answers = asyncio.run(race())
    assert [status for status, _ in answers] == [200, 412], answers
    assert session_row(api, sid)[-1] == 2


def test_deleting_follows_the_rules(api: Api) -> None:
    w = api.world
    completed = api.request(
        "C1", "DELETE", f"/api/v1/sessions/{w.sessions['a1_completed']}", headers={"If-Match": '"v1"'}
    )
    assert completed.status_code == 409
    assert completed.json()["code"] == "session_completed"
    coach = api.request("A1", "DELETE", f"/api/v1/sessions/{w.sessions['a1_coach']}", headers={"If-Match": '"v1"'})
    assert coach.status_code == 403
    assert coach.json()["code"] == "not_deletable"
    own = api.request("A1", "DELETE", f"/api/v1/sessions/{w.sessions['a1_self']}", headers={"If-Match": '"v1"'})
    assert own.status_code == 204
    gone = api.request("A1", "GET", f"/api/v1/sessions/{w.sessions['a1_self']}")
    assert answer(gone) == (404, "session_not_found")


def test_bad_input_gets_a_clear_4xx_with_pointers(api: Api) -> None:
    bad_rpe = assign(api, planned_rpe=11)
    assert answer(bad_rpe) == (422, "validation_failed")
    assert bad_rpe.json()["errors"][0]["pointer"] == "#/planned_rpe"
    unknown = assign(api, colour="red")
    assert unknown.json()["errors"][0] == {"pointer": "#/colour", "detail": "Unknown field; it is not accepted here."}
    malformed = api.request(
        "A1", "POST", "/api/v1/sessions", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert malformed.status_code == 400
    assert malformed.json()["code"] == "malformed_json"
    huge = api.request(
        "A1", "POST", "/api/v1/sessions", content=b"x" * 2_000_000, headers={"Content-Type": "application/json"}
    )
    assert answer(huge) == (413, "payload_too_large")
    big_metrics = api.request(
        "A1",
        "POST",
        "/api/v1/sessions",
        json={"workout_category": "run", "scheduled_date": FUTURE, "metrics_json": {"x": "a" * 70_000}},
    )
    assert answer(big_metrics) == (422, "validation_failed")
    assert big_metrics.json()["errors"][0]["pointer"] == "#/metrics_json"
    for query, code in (
        ("limit=500", "validation_failed"),
        ("cursor=garbage", "invalid_input"),
        ("status=done", "validation_failed"),
    ):
        assert answer(api.request("C1", "GET", f"/api/v1/sessions?{query}")) == (422, code), query
    future = api.request(
        "A1",
        "POST",
        f"/api/v1/sessions/{api.world.sessions['a1_coach']}/complete",
        json={"completed_at": (datetime.now(UTC) + timedelta(days=1)).isoformat()},
    )
    assert future.status_code == 422
    assert future.json() == {
        "type": "urn:trainingops:problem:rule_violated",
        "title": "A data rule was violated",
        "status": 422,
        "detail": "A session cannot be completed in the future.",
        "code": "rule_violated",
        "constraint": "sessions_completed_at_not_future",
    }
    assert session_row(api, str(api.world.sessions["a1_coach"]))[3] is None


def test_pages_walk_every_visible_session_once_in_day_order(api_ro: Api) -> None:
    full = api_ro.request("C1", "GET", "/api/v1/sessions?limit=200").json()["items"]
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = "/api/v1/sessions?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = api_ro.request("C1", "GET", query).json()
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [s["id"] for s in seen] == [s["id"] for s in full]
    assert [s["session_date"] for s in seen] == sorted(s["session_date"] for s in seen)
    newest_first = api_ro.request("C1", "GET", "/api/v1/sessions?sort=-date&limit=200").json()["items"]
    assert [s["id"] for s in newest_first] == [s["id"] for s in reversed(full)]


def test_filters_narrow_the_list(api_ro: Api) -> None:
    w = api_ro.world
    a1 = api_ro.request("C1", "GET", f"/api/v1/sessions?athlete_id={w.ids['a1']}&limit=200").json()["items"]
    assert {s["athlete_id"] for s in a1} == {str(w.ids["a1"])}
    completed = api_ro.request("C1", "GET", "/api/v1/sessions?status=completed").json()["items"]
    assert [s["id"] for s in completed] == [str(w.sessions["a1_completed"])]
    self_assigned = api_ro.request("C1", "GET", "/api/v1/sessions?source=self_assigned&limit=200").json()["items"]
    assert all(s["source"] == "self_assigned" for s in self_assigned)
    day = IN_SEASON.isoformat()
    in_range = api_ro.request("C1", "GET", f"/api/v1/sessions?from={day}&to={day}&limit=200").json()["items"]
    assert len(in_range) == 8
    before = IN_SEASON - timedelta(days=400)  # long before any session of the world
    none = api_ro.request("C1", "GET", f"/api/v1/sessions?from={before}&to={before + timedelta(1)}").json()["items"]
    assert none == []


def test_me_describes_the_caller(api_ro: Api) -> None:
    coach = api_ro.request("C1", "GET", "/api/v1/me").json()
    assert coach["staff"][0]["role"] == "head_coach"
    assert coach["athlete"] is None
    athlete = api_ro.request("D", "GET", "/api/v1/me").json()
    assert athlete["staff"] == []
    assert len(athlete["athlete"]["rosters"]) == 2

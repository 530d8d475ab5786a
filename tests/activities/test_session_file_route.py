"""GET /sessions/{id}/activity-file: from a session to the device file it was filled from, under the caller's
identity (the same 404 for a hidden and a missing session; its own code for a visible session without a file)."""

from __future__ import annotations

from typing import Any

from fit_tool.profile.profile_type import Sport, SubSport

from tests.support.api import Api, answer
from tests.support.fit_factory import SessionSpec, build_activity_fit
from tests.support.uploads import athlete_path, days_ago, run_fit, session_path, upload
from trainingops.activities.schemas import ActivityFileRead

RUN = run_fit(days_ago(20, 14), moving_s=600)
RANDOM = "00000000-0000-4000-8000-000000000000"
FILE_FIELDS = tuple(ActivityFileRead.model_fields)  # the upload's "file" object: id, filename, …, download


def imported(api: Api, actor: str, athlete: str, data: bytes = RUN, filename: str = "activity.fit") -> dict[str, Any]:
    response = upload(api, actor, athlete_path(api, athlete), data, filename=filename)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def test_the_route_needs_a_token(api_ro: Api) -> None:
    response = api_ro.client.get(session_path(api_ro.world.sessions["a1_coach"]))
    assert (response.status_code, response.json()["code"]) == (401, "unauthenticated")


def test_the_athlete_and_their_programs_staff_get_the_file_and_its_download_works(api: Api) -> None:
    result = imported(api, "A1", "a1", filename="Morning run.fit")
    session_id = result["segments"][0]["session"]["id"]
    for actor in ("A1", "C1"):
        response = api.request(actor, "GET", session_path(session_id))
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/json"
        body = response.json()
        assert {field: body[field] for field in FILE_FIELDS} == result["file"]
        assert (body["filename"], body["format"], body["size_bytes"]) == ("Morning run.fit", "fit", len(RUN))
        assert body["uploaded_by"] == str(api.world.users["A1"])
        assert body["download"] == f"/api/v1/activity-files/{body['id']}"
        assert body["session_id"] == session_id
        assert body["segments"] == [
            {
                "index": 0,
                "action": "created",
                "sport": "running",
                "sub_sport": "generic",
                "workout_category": "run",
                "quality": [],
                "session_id": session_id,
            }
        ]
        assert body["older_file_ids"] == []
        download = api.request(actor, "GET", body["download"])
        assert download.status_code == 200
        assert download.content == RUN


def test_a_staff_upload_is_found_from_the_session_by_the_athlete(api: Api) -> None:
    result = imported(api, "C1", "a1")
    session_id = result["segments"][0]["session"]["id"]
    body = api.request("A1", "GET", session_path(session_id)).json()
    assert (body["id"], body["uploaded_by"]) == (result["file"]["id"], str(api.world.users["C1"]))
    assert api.request("A1", "GET", body["download"]).content == RUN


def test_a_session_the_caller_cannot_see_is_404_like_a_random_id_whether_or_not_it_has_a_file(api: Api) -> None:
    own = imported(api, "A1", "a1")["segments"][0]["session"]["id"]
    # D is on both rosters; C1 (P1) imports, so the session is P1's: C2 (P2) may not see it, D and C1 may.
    d_p1 = imported(api, "C1", "d")["segments"][0]["session"]["id"]
    no_file = str(api.world.sessions["a1_coach"])
    hidden_cases = [
        ("C2", own),
        ("A2", own),
        ("B1", own),
        ("U", own),
        ("X", own),
        ("C2", d_p1),
        ("B1", d_p1),
        ("A1", d_p1),
        ("C2", no_file),
        ("A2", no_file),
    ]
    for actor, session_id in hidden_cases:
        hidden = api.request(actor, "GET", session_path(session_id))
        missing = api.request(actor, "GET", session_path(RANDOM))
        assert answer(hidden) == answer(missing) == (404, "session_not_found"), (actor, session_id)
        assert hidden.content == missing.content, (actor, session_id)
        assert hidden.headers["content-type"] == "application/problem+json"
    for actor in ("D", "C1"):
        assert api.request(actor, "GET", session_path(d_p1)).status_code == 200, actor


def test_a_visible_session_without_a_file_is_404_with_its_own_code(api_ro: Api) -> None:
    session_id = api_ro.world.sessions["a1_coach"]
    for actor in ("A1", "C1"):
        response = api_ro.request(actor, "GET", session_path(session_id))
        assert answer(response) == (404, "activity_file_not_found")
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert (problem["code"], problem["title"]) == ("activity_file_not_found", "Activity file not found")
        assert "no activity file" in problem["detail"]
        assert f"/api/v1/sessions/{session_id}/activity-file" in problem["detail"]


def test_a_session_filled_by_several_files_returns_the_newest_and_lists_the_older(api: Api) -> None:
    first = imported(api, "A1", "a1")
    session_id = first["segments"][0]["session"]["id"]
    # The chest strap's recording of the same run, attached afterwards: it re-fills the session.
    strap = run_fit(days_ago(20, 14), moving_s=660, hr=148)
    second = upload(api, "A1", session_path(session_id), strap, filename="strap.fit")
    assert second.status_code == 201, second.text
    body = api.request("C1", "GET", session_path(session_id)).json()
    assert body["id"] == second.json()["file"]["id"]
    assert body["older_file_ids"] == [first["file"]["id"]]
    assert [(s["action"], s["session_id"]) for s in body["segments"]] == [("attached", session_id)]
    assert api.request("C1", "GET", body["download"]).content == strap
    session = api.request("C1", "GET", f"/api/v1/sessions/{session_id}").json()
    assert session["actual_duration_sec"] == 660
    assert session["metrics_json"]["source"]["sha256"] == body["sha256"]
    # The older file stays downloadable.
    assert api.request("C1", "GET", f"/api/v1/activity-files/{first['file']['id']}").content == RUN


def test_every_session_of_a_multisport_file_finds_it_and_each_segment_names_its_session(api: Api) -> None:
    brick = build_activity_fit(
        SessionSpec(days_ago(12, 15), 1800, Sport.CYCLING, SubSport.GENERIC, 8.0),
        SessionSpec(days_ago(12, 15, 35), 1200, Sport.RUNNING, SubSport.GENERIC, 3.3),
    )
    result = imported(api, "A1", "a1", brick, filename="brick.fit")
    session_ids = [segment["session"]["id"] for segment in result["segments"]]
    assert len(set(session_ids)) == 2
    for session_id in session_ids:
        body = api.request("C1", "GET", session_path(session_id)).json()
        assert (body["id"], body["session_id"]) == (result["file"]["id"], session_id)
        assert [(s["index"], s["workout_category"], s["session_id"]) for s in body["segments"]] == [
            (0, "cross_training", session_ids[0]),
            (1, "run", session_ids[1]),
        ]

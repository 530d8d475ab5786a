"""The field routes: the group stopwatch files every athlete's splits at once (exactly once on retry), and
strength work per set with a coach-confirmed max from a tested set (Epley 1985)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from fit_tool.profile.profile_type import Sport, SubSport

from tests.planning.test_routes import Planner, ok
from tests.support.api import Api, answer
from tests.support.fit_factory import SessionSpec, build_activity_fit


@pytest.fixture
def planner(api: Api) -> Planner:
    return Planner(api)


def _published(planner: Planner, workout: str) -> str:
    practice = planner.practice((workout, None))
    ok(planner.act(practice, "publish"))
    return practice


def _splits(planner: Planner, *athletes: str, dnf_last: bool = False) -> dict[str, Any]:
    reps = [{"split_ms": 71000}, {"split_ms": 72500}, {"split_ms": 70250}, {"split_ms": 73000}]
    if dnf_last:
        reps[-1] = {"dnf": True}
    return {
        "rep_distance_m": 400,
        "athletes": [{"athlete_id": str(planner.api.world.ids[a]), "reps": reps} for a in athletes],
    }


def _file(planner: Planner, practice: str, body: dict[str, Any], actor: str = "C1", key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    path = f"/api/v1/practice-sessions/{practice}/splits"
    return planner.api.request(actor, "POST", path, json=body, headers=headers)


def test_the_stopwatch_files_every_athletes_splits_and_completes_their_sessions(planner: Planner) -> None:
    practice = _published(planner, planner.intervals)
    filed = ok(
        _file(
            planner,
            practice,
            {
                **_splits(planner, "a1"),
                **{
                    "athletes": [
                        *_splits(planner, "a1")["athletes"],
                        *_splits(planner, "a2", dnf_last=True)["athletes"],
                    ]
                },
            },
        )
    )
    assert len(filed["sessions"]) == 2
    sessions = {s["athlete_id"]: s for s in planner.sessions(practice)}
    a1, a2 = sessions[str(planner.api.world.ids["a1"])], sessions[str(planner.api.world.ids["a2"])]
    assert (a1["actual_duration_sec"], a1["actual_distance_m"]) == (round(286.75), 1600)
    assert (a2["actual_duration_sec"], a2["actual_distance_m"]) == (round(213.75), 1200)
    assert a1["completed_at"] is not None and a2["completed_at"] is not None
    metrics = a2["metrics_json"]
    assert metrics["schema"] == "stopwatch/1"
    assert metrics["laps"][0] == {
        "rep": 1,
        "start": None,
        "elapsed_s": 71.0,
        "timer_s": 71.0,
        "distance_m": 400,
        "avg_hr": None,
        "max_hr": None,
        "split_ms": 71000,
        "dnf": False,
    }
    assert metrics["laps"][3]["dnf"] is True and metrics["laps"][3]["distance_m"] is None
    d = sessions[str(planner.api.world.ids["d"])]
    assert d["completed_at"] is None  # not timed: left as planned


def test_a_retried_filing_lands_once(planner: Planner) -> None:
    practice = _published(planner, planner.intervals)
    first = _file(planner, practice, _splits(planner, "a1"), key="sw-1")
    again = _file(planner, practice, _splits(planner, "a1"), key="sw-1")
    assert (first.status_code, again.status_code, again.content) == (200, 200, first.content)
    assert again.headers["idempotent-replayed"] == "true"
    with planner.api.admin() as conn:
        row = conn.execute(
            "select count(*) from athlete_training_session_history h join athlete_training_sessions s "
            "on s.id = h.session_id where s.practice_session_id = %s and h.operation = 'update'",
            [practice],
        ).fetchone()
    assert row is not None and row[0] == 1
    # the same key with other splits is refused, and a new save without a key finds the session completed
    assert answer(_file(planner, practice, _splits(planner, "a1", dnf_last=True), key="sw-1")) == (
        422,
        "idempotency_key_reused",
    )
    assert answer(_file(planner, practice, _splits(planner, "a1"))) == (409, "sessions_already_completed")


def test_an_athlete_not_on_the_practice_refuses_the_whole_filing(planner: Planner) -> None:
    practice = _published(planner, planner.intervals)
    refused = _file(planner, practice, _splits(planner, "a1", "b1"))
    assert answer(refused) == (422, "athletes_not_on_practice")
    assert refused.json()["errors"] == [{"pointer": "#/athletes/1/athlete_id", "detail": "not on this practice"}]
    assert all(s["completed_at"] is None for s in planner.sessions(practice))


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("A1", (403, "staff_only")),
        ("SC", (403, "role_required")),
        ("AT", (403, "role_required")),
        ("C2", (404, "practice_not_found")),
        ("U", (404, "practice_not_found")),
    ],
)
def test_only_run_planners_file_splits(planner: Planner, actor: str, expected: tuple[int, str]) -> None:
    practice = _published(planner, planner.intervals)
    assert answer(_file(planner, practice, _splits(planner, "a1"), actor=actor)) == expected
    assert all(s["completed_at"] is None for s in planner.sessions(practice))


def test_the_assistant_coach_files_splits(planner: Planner) -> None:
    practice = _published(planner, planner.intervals)
    assert _file(planner, practice, _splits(planner, "a1"), actor="AC").status_code == 200


def test_a_rep_with_a_time_and_dnf_is_refused(planner: Planner) -> None:
    practice = _published(planner, planner.intervals)
    body = {"athletes": [{"athlete_id": str(planner.api.world.ids["a1"]), "reps": [{"split_ms": 1, "dnf": True}]}]}
    assert answer(_file(planner, practice, body)) == (422, "validation_failed")


# ---------------------------------------------------------------------------------------------- sets


def _gym_session(planner: Planner) -> tuple[str, str]:
    api = planner.api
    ok(
        api.request(
            "C1",
            "POST",
            f"/api/v1/athletes/{api.world.ids['a1']}/strength-maxes",
            json={"training_event_id": planner.squat, "one_rm_kg": 100, "tested_on": date.today().isoformat()},
        ),
        201,
    )
    practice = _published(planner, planner.lift)
    session = next(s for s in planner.sessions(practice) if s["athlete_id"] == str(api.world.ids["a1"]))
    return practice, session["id"]


def test_the_athlete_logs_sets_and_the_coach_sees_prescribed_against_done(planner: Planner) -> None:
    api = planner.api
    practice, session = _gym_session(planner)
    before = api.request("A1", "GET", f"/api/v1/sessions/{session}/sets")
    plan = ok(before)["sets"]
    assert [(s["set_number"], s["prescribed_reps"], s["prescribed_load_kg"], s["status"]) for s in plan] == [
        (n, 5, 80.0, None) for n in range(1, 6)
    ]
    step = plan[0]["step_id"]
    log = {
        "sets": [
            {"step_id": step, "set_number": 1, "status": "done", "load_kg": 80, "reps": 5},
            {"step_id": step, "set_number": 2, "status": "done", "load_kg": 85, "reps": 3},
            {"step_id": step, "set_number": 3, "status": "skipped"},
            {"training_event_id": planner.squat, "set_number": 6, "status": "added", "load_kg": 60, "reps": 10},
        ]
    }
    path = f"/api/v1/sessions/{session}/sets"
    assert answer(api.request("A1", "PUT", path, json=log)) == (428, "precondition_required")
    saved = api.request("A1", "PUT", path, json=log, headers={"If-Match": before.headers["etag"]})
    rows = ok(saved)["sets"]
    assert [(r["set_number"], r["status"], r["load_kg"], r["reps"]) for r in rows] == [
        (1, "done", 80.0, 5),
        (2, "done", 85.0, 3),
        (3, "skipped", None, None),
        (4, None, None, None),
        (5, None, None, None),
        (6, "added", 60.0, 10),
    ]
    assert rows[1]["estimated_1rm_kg"] == 93.5  # Epley: 85 × (1 + 3/30)
    coach = ok(api.request("SC", "GET", f"/api/v1/practice-sessions/{practice}/sets"))
    mine = next(s for s in coach["sessions"] if s["session_id"] == session)
    assert mine["sets"] == rows
    stale = api.request("A1", "PUT", path, json=log, headers={"If-Match": before.headers["etag"]})
    assert answer(stale) == (412, "precondition_failed")


def test_a_tested_set_updates_the_max_only_when_a_strength_or_head_coach_confirms(planner: Planner) -> None:
    api = planner.api
    _, session = _gym_session(planner)
    etag = api.request("A1", "GET", f"/api/v1/sessions/{session}/sets").headers["etag"]
    step = ok(api.request("A1", "GET", f"/api/v1/sessions/{session}/sets"))["sets"][0]["step_id"]
    log = {
        "sets": [
            {"step_id": step, "set_number": 1, "status": "done", "load_kg": 90, "reps": 4},
            {"step_id": step, "set_number": 2, "status": "done", "load_kg": 50, "reps": 12},
        ]
    }
    ok(api.request("A1", "PUT", f"/api/v1/sessions/{session}/sets", json=log, headers={"If-Match": etag}))
    path = f"/api/v1/sessions/{session}/strength-max"
    estimate = ok(api.request("SC", "POST", path, json={"step_id": step, "set_number": 1, "confirm": False}))
    assert (estimate["one_rm_kg"], estimate["saved"]) == (102.0, False)  # 90 × (1 + 4/30)
    assert answer(api.request("A1", "POST", path, json={"set_number": 1, "confirm": True})) == (403, "staff_only")
    assert answer(api.request("AC", "POST", path, json={"set_number": 1, "confirm": True})) == (403, "role_required")
    assert answer(api.request("SC", "POST", path, json={"set_number": 2, "confirm": True})) == (
        422,
        "set_not_testable",
    )
    saved = ok(api.request("SC", "POST", path, json={"step_id": step, "set_number": 1, "confirm": True}))
    assert saved["saved"] is True
    maxes = ok(api.request("A1", "GET", f"/api/v1/athletes/{api.world.ids['a1']}/strength-maxes"))["items"]
    assert sorted(float(m["one_rm_kg"]) for m in maxes) == [100.0, 102.0]


def test_sets_are_logged_for_gym_sessions_only(planner: Planner) -> None:
    practice = _published(planner, planner.intervals)
    session = next(s for s in planner.sessions(practice) if s["athlete_id"] == str(planner.api.world.ids["a1"]))
    refused = planner.api.request(
        "A1", "PUT", f"/api/v1/sessions/{session['id']}/sets", json={"sets": []}, headers={"If-Match": '"v1"'}
    )
    assert answer(refused) == (422, "session_not_gym")


def test_an_added_set_names_a_visible_exercise_or_gives_its_name(planner: Planner) -> None:
    api = planner.api
    _, session = _gym_session(planner)
    path = f"/api/v1/sessions/{session}/sets"
    etag = api.request("A1", "GET", path).headers["etag"]
    hidden = {"sets": [{"training_event_id": str(api.world.ids["p2"]), "set_number": 1, "status": "added", "reps": 8}]}
    refused = api.request("A1", "PUT", path, json=hidden, headers={"If-Match": etag})
    assert answer(refused) == (422, "set_not_found")
    named = {"sets": [{"exercise": "Walking lunge", "set_number": 1, "status": "added", "load_kg": 20, "reps": 8}]}
    rows = ok(api.request("A1", "PUT", path, json=named, headers={"If-Match": etag}))["sets"]
    assert (rows[-1]["event_name"], rows[-1]["status"], rows[-1]["estimated_1rm_kg"]) == (
        "Walking lunge",
        "added",
        25.3,
    )


def test_a_device_file_attached_to_a_gym_session_keeps_the_set_log(planner: Planner) -> None:
    api = planner.api
    _, session = _gym_session(planner)
    path = f"/api/v1/sessions/{session}/sets"
    before = api.request("A1", "GET", path)
    step = ok(before)["sets"][0]["step_id"]
    log = {"sets": [{"step_id": step, "set_number": 1, "status": "done", "load_kg": 80, "reps": 5}]}
    ok(api.request("A1", "PUT", path, json=log, headers={"If-Match": before.headers["etag"]}))
    start = datetime.combine(date.today(), time(7), UTC)
    recording = build_activity_fit(SessionSpec(start, 1200, Sport.TRAINING, SubSport.STRENGTH_TRAINING, 0.0, 120))
    attached = api.request(
        "A1",
        "POST",
        f"/api/v1/sessions/{session}/activity-file",
        content=recording,
        headers={"Content-Type": "application/octet-stream"},
    )
    assert attached.status_code == 201, attached.text
    with api.admin() as conn:
        row = conn.execute("select metrics_json from athlete_training_sessions where id = %s", [session]).fetchone()
    assert row is not None
    assert row[0]["schema"] == "activity/1"
    assert row[0]["strength"]["sets"][0]["load_kg"] == 80.0

"""Device files through the API: match, create, attach, the Training tab, staff vs athlete, idempotency."""

from __future__ import annotations

import gzip
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from fit_tool.profile.profile_type import Sport, SubSport

from tests.support import factories
from tests.support.api import Api
from tests.support.fit_factory import SessionSpec, build_activity_fit
from tests.support.uploads import athlete_path, count_rows, run_fit, session_path, upload

PLAN_DAY = date.today() - timedelta(days=20)  # the uploads' days follow it, all in the past and in the season


def plan_day(n: int) -> date:
    return PLAN_DAY + timedelta(days=n)


def at(n: int, hour: int, minute: int = 0) -> datetime:
    """A moment ``n`` days after PLAN_DAY, in UTC (14:00 UTC is 08:00 in Chicago, P1's time zone)."""
    return datetime.combine(plan_day(n), time(hour, minute), UTC)


MORNING = at(0, 14)


def planned(api: Api, athlete: str, *, day: date = PLAN_DAY, **plan: Any) -> UUID:
    with api.admin() as conn:
        session_id = factories.session(
            conn,
            api.world.ids[athlete],
            source="coach_assigned",
            coach_member_id=api.world.ids["c1"],
            team_season_id=api.world.ids["s1"],
            scheduled_date=day,
            title="Planned run",
            **plan,
        )
        conn.commit()
    return session_id


def test_a_run_fills_the_closest_planned_session_of_its_day_and_the_training_tab_shows_it(api: Api) -> None:
    short = planned(api, "a1", planned_distance_m=5000, planned_duration_sec=1500)
    long = planned(api, "a1", planned_distance_m=10000, planned_duration_sec=3000)
    response = upload(api, "A1", athlete_path(api, "a1"), run_fit(MORNING, moving_s=3000, speed_m_s=3.2))
    assert response.status_code == 201, response.text
    result = response.json()
    [segment] = result["segments"]
    assert segment["action"] == "matched"
    session = segment["session"]
    assert session["id"] == str(long)
    assert (session["actual_distance_m"], session["actual_duration_sec"]) == (9600, 3000)
    assert session["status"] == "completed"
    assert session["completed_at"] == at(0, 14, 50).isoformat()
    assert (session["source"], session["title"], session["planned_distance_m"]) == (
        "coach_assigned",
        "Planned run",
        10000,
    )
    assert session["metrics_json"]["schema"] == "activity/1"
    assert response.headers["Location"] == f"/api/v1/activity-files/{result['file']['id']}"
    assert api.request("A1", "GET", f"/api/v1/sessions/{short}").json()["completed_at"] is None

    tab = api.request(
        "A1", "GET", f"/api/v1/athletes/{api.world.ids['a1']}/training?from={plan_day(-1)}&to={plan_day(5)}"
    )
    totals = tab.json()["totals"]
    assert (totals["completed"], totals["actual_distance_m"], totals["actual_duration_sec"]) == (1, 9600, 3000)
    coach_view = api.request(
        "C1", "GET", f"/api/v1/athletes/{api.world.ids['a1']}/training?from={plan_day(-1)}&to={plan_day(5)}"
    )
    assert coach_view.json()["totals"] == totals


def test_the_local_date_in_the_programs_time_zone_decides_the_day(api: Api) -> None:
    evening = planned(api, "a1", day=plan_day(0))
    # 03:30 UTC the next day is 21:30 on the planned day in Chicago.
    late = at(1, 3, 30)
    response = upload(api, "A1", athlete_path(api, "a1"), run_fit(late, moving_s=1200))
    assert response.json()["segments"][0]["session"]["id"] == str(evening)


def test_an_athletes_upload_without_a_plan_creates_a_self_assigned_completed_session(api: Api) -> None:
    response = upload(api, "A1", athlete_path(api, "a1"), run_fit(at(2, 23)))
    assert response.status_code == 201, response.text
    [segment] = response.json()["segments"]
    session = segment["session"]
    assert segment["action"] == "created"
    assert (session["source"], session["coach_member_id"], session["team_season_id"]) == ("self_assigned", None, None)
    assert (session["scheduled_date"], session["workout_category"], session["status"]) == (
        plan_day(2).isoformat(),
        "run",
        "completed",
    )
    assert session["title"] == "Running (FIT import)"
    assert session["athlete_id"] == str(api.world.ids["a1"])


def test_a_staff_upload_creates_a_coach_assigned_session_in_the_athletes_season(api: Api) -> None:
    response = upload(api, "C1", athlete_path(api, "a1"), run_fit(at(3, 15)))
    assert response.status_code == 201, response.text
    result = response.json()
    session = result["segments"][0]["session"]
    assert result["segments"][0]["action"] == "created"
    assert session["source"] == "coach_assigned"
    assert session["coach_member_id"] == str(api.world.ids["c1"])
    assert session["team_season_id"] == str(api.world.ids["s1"])
    assert result["file"]["uploaded_by"] == str(api.world.users["C1"])
    # The athlete sees what their coach imported, and can download it.
    assert api.request("A1", "GET", f"/api/v1/sessions/{session['id']}").status_code == 200
    assert api.request("A1", "GET", result["file"]["download"]).status_code == 200


def test_a_staff_upload_matches_only_sessions_of_their_program(api: Api) -> None:
    # D is on both rosters: C2 (P2) cannot see D's P1 session, so their upload creates a P2 session instead.
    p1_plan = planned(api, "d", day=plan_day(4))
    response = upload(api, "C2", athlete_path(api, "d"), run_fit(at(4, 16)))
    session = response.json()["segments"][0]["session"]
    assert response.json()["segments"][0]["action"] == "created"
    assert session["coach_member_id"] == str(api.world.ids["c2"])
    assert session["team_season_id"] == str(api.world.ids["s2"])
    assert api.request("C1", "GET", f"/api/v1/sessions/{p1_plan}").json()["completed_at"] is None


def test_attaching_fills_that_session_and_keeps_the_coaches_category_and_plan(api: Api) -> None:
    target = planned(api, "a1", day=plan_day(6), planned_duration_sec=3600, planned_rpe=4)
    bike = run_fit(at(7, 14), moving_s=2400, speed_m_s=8.0, sport=Sport.CYCLING)
    response = upload(api, "A1", session_path(target), bike, filename="ride.fit")
    assert response.status_code == 201, response.text
    [segment] = response.json()["segments"]
    assert (segment["action"], segment["workout_category"]) == ("attached", "cross_training")
    session = segment["session"]
    assert (session["id"], session["workout_category"], session["title"]) == (str(target), "run", "Planned run")
    assert (session["scheduled_date"], session["planned_duration_sec"], session["planned_rpe"]) == (
        plan_day(6).isoformat(),
        3600,
        4,
    )
    assert (session["actual_distance_m"], session["actual_duration_sec"]) == (19200, 2400)
    assert session["compliance"]["duration"]["percent"] == 67
    history = api.request("A1", "GET", f"/api/v1/sessions/{target}/history").json()["items"]
    assert set(history[-1]["changes"]) == {"actual_distance_m", "actual_duration_sec", "completed_at", "metrics_json"}


def test_a_multisport_file_gives_one_session_per_segment(api: Api) -> None:
    plan = planned(api, "a1", day=plan_day(8))
    start = at(8, 15)
    brick = build_activity_fit(
        SessionSpec(start, 1800, Sport.CYCLING, SubSport.GENERIC, 8.0),
        SessionSpec(at(8, 15, 35), 1200, Sport.RUNNING, SubSport.GENERIC, 3.3),
    )
    response = upload(api, "A1", athlete_path(api, "a1"), brick, filename="brick.fit")
    segments = response.json()["segments"]
    assert [(s["index"], s["action"], s["workout_category"]) for s in segments] == [
        (0, "created", "cross_training"),
        (1, "matched", "run"),
    ]
    assert segments[1]["session"]["id"] == str(plan)
    assert response.json()["file"]["id"]


def test_implausible_values_are_kept_and_flagged(api: Api) -> None:
    response = upload(api, "A1", athlete_path(api, "a1"), run_fit(at(9, 14), hr=234))
    assert response.status_code == 201
    [segment] = response.json()["segments"]
    assert [flag["code"] for flag in segment["quality"]] == ["hr_avg_implausible", "hr_max_implausible"]
    assert segment["session"]["metrics_json"]["hr"]["avg"] > 220  # kept as recorded


def test_re_uploading_the_same_file_returns_the_same_body_and_writes_nothing(api: Api) -> None:
    planned(api, "a1", day=plan_day(10))
    data = run_fit(at(10, 14))
    first = upload(api, "A1", athlete_path(api, "a1"), data)
    other = planned(api, "a1", day=plan_day(11))
    before = count_rows(api)
    again = upload(api, "A1", athlete_path(api, "a1"), data)
    # The same content gzip-compressed under another name is the same recording.
    zipped = upload(api, "A1", athlete_path(api, "a1"), gzip.compress(data), filename="copy.fit.gz")
    # Staff uploading it for the athlete: the same file, the same answer.
    by_coach = upload(api, "C1", athlete_path(api, "a1"), data)
    session_id = first.json()["segments"][0]["session"]["id"]
    attached = upload(api, "A1", session_path(session_id), data)
    assert first.status_code == again.status_code == zipped.status_code == by_coach.status_code == 201
    assert again.content == zipped.content == by_coach.content == attached.content == first.content
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert count_rows(api) == before
    elsewhere = upload(api, "A1", session_path(other), data)
    assert (elsewhere.status_code, elsewhere.json()["code"]) == (409, "activity_file_already_imported")
    assert count_rows(api) == before


def test_download_returns_the_original_bytes(api: Api) -> None:
    data = gzip.compress(run_fit(at(12, 14)))
    created = upload(api, "A1", athlete_path(api, "a1"), data, filename="C:\\watch\\Morning run.fit.gz")
    file = created.json()["file"]
    assert (file["filename"], file["format"], file["size_bytes"]) == ("Morning run.fit.gz", "fit", len(data))
    for actor in ("A1", "C1"):
        response = api.request(actor, "GET", file["download"])
        assert response.status_code == 200
        assert response.content == data
        assert response.headers["content-type"] == "application/gzip"
        assert "Morning%20run.fit.gz" in response.headers["content-disposition"]


def test_attaching_a_multisport_file_gives_the_session_the_segment_of_its_category(api: Api) -> None:
    target = planned(api, "a1", day=plan_day(13))
    brick = build_activity_fit(
        SessionSpec(at(13, 15), 1800, Sport.CYCLING, SubSport.GENERIC, 8.0),
        SessionSpec(at(13, 15, 35), 1200, Sport.RUNNING, SubSport.GENERIC, 3.3),
    )
    segments = upload(api, "C1", session_path(target), brick, filename="brick.fit").json()["segments"]
    assert [(s["action"], s["workout_category"]) for s in segments] == [
        ("created", "cross_training"),
        ("attached", "run"),
    ]
    assert segments[1]["session"]["id"] == str(target)
    assert segments[1]["session"]["actual_duration_sec"] == 1200
    assert segments[0]["session"]["source"] == "coach_assigned"

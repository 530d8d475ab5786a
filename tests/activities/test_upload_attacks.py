"""Attacks on the upload routes (issue 11): a 2 KB body that hung a worker, a multisport file that disclosed
another program's session, and a re-upload that revealed an athlete's private import."""

from __future__ import annotations

import gzip
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from fit_tool.profile.profile_type import Sport, SubSport

from tests.support.api import Api, answer
from tests.support.fit_factory import SessionSpec, build_activity_fit
from tests.support.uploads import athlete_path, count_rows, run_fit, session_path, upload

CHUNK = 1024 * 1024
# The body: a gzip member of exactly 2 MiB of zeros, then another member (2,088 bytes in all).
HANGING_BODY = gzip.compress(b"\0" * (2 * CHUNK)) + gzip.compress(b"x")


def test_the_hanging_gzip_body_is_refused_at_once_for_an_outsider_before_it_is_unpacked(api_ro: Api) -> None:
    """The outsider gets the athlete's 404; had the body been unpacked first, it would be a 422."""
    assert len(HANGING_BODY) == 2088
    started = time.monotonic()
    response = upload(api_ro, "U", athlete_path(api_ro, "a1"), HANGING_BODY, filename="a.fit.gz")
    assert (response.status_code, response.json()["code"]) == (404, "athlete_not_found")
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("path", ["athlete", "session"])
def test_the_hanging_gzip_body_gets_a_422_for_the_athlete(api: Api, path: str) -> None:
    before = count_rows(api)
    url = athlete_path(api, "a1") if path == "athlete" else session_path(api.world.sessions["a1_self"])
    started = time.monotonic()
    response = upload(api, "A1", url, HANGING_BODY, filename="a.fit.gz")
    assert (response.status_code, response.json()["code"]) == (422, "activity_file_unsupported_format")
    assert time.monotonic() - started < 5
    assert count_rows(api) == before


def test_an_invalid_file_for_a_hidden_session_is_a_404_not_a_422(api_ro: Api) -> None:
    response = upload(api_ro, "C2", session_path(api_ro.world.sessions["a1_coach"]), b"not a device file")
    assert (response.status_code, response.json()["code"]) == (404, "session_not_found")


# ------------------------------------------------------------------------------------------------ multisport


def _two_program_day(api: Api) -> tuple[date, dict[str, UUID]]:
    """D (on both rosters) has a P1 run and a P2 ride planned on one day."""
    day = date.today() - timedelta(days=3)
    ids = {}
    with api.admin() as conn:
        for name, category, coach, season, title, description in (
            ("run", "run", "c1", "s1", "P1 tempo run", "Northfield plan"),
            ("ride", "cross_training", "c2", "s2", "P2 secret recovery ride", "Lakeside plan: only P2 may read it"),
        ):
            row = conn.execute(
                "insert into athlete_training_sessions (athlete_id, source, coach_member_id, team_season_id, "
                "scheduled_date, workout_category, title, planned_description) "
                "values (%s, 'coach_assigned', %s, %s, %s, %s, %s, %s) returning id",
                [api.world.ids["d"], api.world.ids[coach], api.world.ids[season], day, category, title, description],
            ).fetchone()
            assert row is not None
            ids[name] = UUID(str(row[0]))
    return day, ids


def _run_and_ride(day: date) -> bytes:
    start = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=17)
    return build_activity_fit(
        SessionSpec(start, 1200, Sport.RUNNING, SubSport.GENERIC, 3.3),
        SessionSpec(start + timedelta(minutes=30), 1800, Sport.CYCLING, SubSport.GENERIC, 8.0),
    )


def _hidden_text_absent(body: str, ids: dict[str, UUID]) -> None:
    assert str(ids["ride"]) not in body
    assert "secret" not in body and "Lakeside plan" not in body


def test_a_multisport_file_shows_each_program_only_its_own_segments(api: Api) -> None:
    """Issue 11 #2: Northfield's coach saw the Lakeside session's id in the file summary and its full snapshot in
    a replayed upload."""
    day, ids = _two_program_day(api)
    data = _run_and_ride(day)
    first = upload(api, "D", athlete_path(api, "d"), data, filename="brick.fit")
    assert first.status_code == 201, first.text
    assert [(s["action"], s["session"]["id"]) for s in first.json()["segments"]] == [
        ("matched", str(ids["run"])),
        ("matched", str(ids["ride"])),
    ]
    summary = api.request("C1", "GET", session_path(ids["run"]))
    assert summary.status_code == 200
    assert [s["session_id"] for s in summary.json()["segments"]] == [str(ids["run"])]
    _hidden_text_absent(summary.text, ids)
    replay = upload(api, "C1", athlete_path(api, "d"), data, filename="brick.fit")
    assert (replay.status_code, replay.headers.get("idempotent-replayed")) == (201, "true")
    assert [s["session"]["id"] for s in replay.json()["segments"]] == [str(ids["run"])]
    _hidden_text_absent(replay.text, ids)
    with api.admin() as conn:
        stored = conn.execute("select result::text from activity_files").fetchone()
    assert stored is not None and "P1 tempo run" not in stored[0] and "secret" not in stored[0]


def test_a_file_of_two_programs_is_downloaded_by_its_athlete_only(api: Api) -> None:
    day, _ = _two_program_day(api)
    data = _run_and_ride(day)
    file_id = upload(api, "D", athlete_path(api, "d"), data).json()["file"]["id"]
    download = f"/api/v1/activity-files/{file_id}"
    assert api.request("D", "GET", download).content == data
    for coach in ("C1", "C2"):
        response = api.request(coach, "GET", download)
        assert (response.status_code, response.json()["code"]) == (403, "activity_file_download_restricted")
    assert answer(api.request("A1", "GET", download)) == (404, "activity_file_not_found")


# ------------------------------------------------------------------------------------------ existence oracle


def test_a_coach_uploading_a_file_the_athlete_imported_privately_learns_nothing(api: Api) -> None:
    """Issue 11 #7a: the coach's upload of the same bytes answered 409 already_exists. A run long before any season
    is private to the athlete; the coach's upload of it is a new import of their own."""
    private_day = date.today() - timedelta(days=400)
    data = run_fit(datetime.combine(private_day, datetime.min.time(), UTC) + timedelta(hours=15))
    own = upload(api, "A1", athlete_path(api, "a1"), data)
    assert own.status_code == 201
    private_session = own.json()["segments"][0]["session"]["id"]
    assert answer(api.request("C1", "GET", f"/api/v1/sessions/{private_session}")) == (404, "session_not_found")
    coach = upload(api, "C1", athlete_path(api, "a1"), data)
    assert coach.status_code == 201, coach.text
    assert "idempotent-replayed" not in coach.headers
    body: dict[str, Any] = coach.json()
    assert body["file"]["id"] != own.json()["file"]["id"]
    assert private_session not in coach.text
    again = upload(api, "C1", athlete_path(api, "a1"), data)
    assert (again.json()["file"]["id"], again.headers.get("idempotent-replayed")) == (body["file"]["id"], "true")

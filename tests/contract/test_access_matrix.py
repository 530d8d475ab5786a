"""The attack matrix at the API level. ``ROUTES`` has one line per route of the app and method (a test fails when a
route has none) with the one answer each actor gets: no token, the athlete, a teammate, another program's staff
and a user with no role; a hidden row is a 404 byte-identical to a random id. The first tests cover the owners
(staff of the program) on the read routes, writes to another program's sessions, lists and bad tokens."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient
from fit_tool.profile.profile_type import Sport, SubSport

from tests.contract.matrix import COLUMNS, RANDOM, Case, Raw, app_routes, expected, observed, resolve
from tests.support.api import TEST_SECRET, Api, answer, api_settings
from tests.support.fit_factory import SessionSpec, build_activity_fit
from tests.support.world import IN_SEASON
from trainingops.app import create_app


def routes(api: Api) -> list[tuple[str, str, str, set[str], str]]:
    """(method, path template with {id}, the id's owner key, actors allowed, the code of its 404)."""
    w = api.world
    return [
        ("GET", "/api/v1/programs/{id}/team-seasons", str(w.ids["p1"]), {"C1", "A1", "A2", "D"}, "not_found"),
        ("GET", "/api/v1/programs/{id}/event-groups", str(w.ids["p1"]), {"C1", "A1", "A2", "D"}, "not_found"),
        ("GET", "/api/v1/team-seasons/{id}/roster", str(w.ids["s1"]), {"C1", "A1", "A2", "D"}, "not_found"),
        ("GET", "/api/v1/team-seasons/{id}/training-summary", str(w.ids["s1"]), {"C1", "A1", "A2", "D"}, "not_found"),
        ("GET", "/api/v1/athletes/{id}", str(w.ids["a1"]), {"C1", "A1"}, "not_found"),
        ("GET", "/api/v1/athletes/{id}/training", str(w.ids["a1"]), {"C1", "A1"}, "not_found"),
        ("GET", "/api/v1/sessions/{id}", str(w.sessions["a1_coach"]), {"C1", "A1"}, "session_not_found"),
        ("GET", "/api/v1/sessions/{id}/history", str(w.sessions["a1_coach"]), {"C1", "A1"}, "session_not_found"),
    ]


ALL = ["C1", "C2", "A1", "A2", "B1", "D", "U", "X"]


def test_every_route_refuses_anonymous_callers(api_ro: Api) -> None:
    paths = [
        ("GET", "/api/v1/me"),
        ("GET", "/api/v1/programs"),
        ("GET", "/api/v1/sessions"),
        ("POST", "/api/v1/sessions"),
        ("PATCH", f"/api/v1/sessions/{RANDOM}"),
        ("DELETE", f"/api/v1/sessions/{RANDOM}"),
        ("POST", f"/api/v1/sessions/{RANDOM}/complete"),
    ]
    paths += [(m, p.format(id=i)) for m, p, i, _, _ in routes(api_ro)]
    for method, path in paths:
        response = api_ro.request("anon", method, path, json={})
        assert answer(response) == (401, "unauthenticated"), (method, path)
        assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("actor", ALL)
def test_each_route_answers_owners_and_gives_everyone_else_the_same_404_as_a_random_id(api_ro: Api, actor: str) -> None:
    for method, template, owned_id, allowed, hidden_code in routes(api_ro):
        response = api_ro.request(actor, method, template.format(id=owned_id))
        if actor in allowed:
            assert response.status_code == 200, (actor, template, response.text)
            continue
        random = api_ro.request(actor, method, template.format(id=RANDOM))
        assert answer(response) == answer(random) == (404, hidden_code), (actor, template)
        assert response.content == random.content, (actor, template)


def test_other_programs_sessions_cannot_be_changed_completed_or_deleted(api: Api) -> None:
    hidden = api.world.sessions["b1_coach"]
    for method, path, body in (
        ("PATCH", f"/api/v1/sessions/{hidden}", {"title": "x"}),
        ("POST", f"/api/v1/sessions/{hidden}/complete", {"actual_rpe": 5}),
        ("DELETE", f"/api/v1/sessions/{hidden}", None),
    ):
        for actor in ("C1", "A1", "U", "X"):
            response = api.request(actor, method, path, json=body, headers={"If-Match": '"v1"'})
            random = api.request(
                actor, method, path.replace(str(hidden), RANDOM), json=body, headers={"If-Match": '"v1"'}
            )
            assert answer(response) == (404, "session_not_found"), (actor, method)
            assert response.content == random.content
    with api.admin() as conn:
        assert conn.execute(
            "select title, completed_at, version from athlete_training_sessions where id = %s", [hidden]
        ).fetchone() == (None, None, 1)


def test_lists_show_each_actor_only_their_sessions(api_ro: Api) -> None:
    from tests.support.world import VISIBLE_SESSIONS

    names = {str(v): k for k, v in api_ro.world.sessions.items()}
    for actor in ALL:
        items = api_ro.request(actor, "GET", "/api/v1/sessions?limit=200").json()["items"]
        assert {names[i["id"]] for i in items} == VISIBLE_SESSIONS[actor], actor


def _token(claims: dict[str, object], key: str = TEST_SECRET, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key, algorithm=algorithm)


def test_bad_tokens_are_401_with_www_authenticate(api_ro: Api) -> None:
    sub = str(api_ro.world.users["C1"])
    now = datetime.now(UTC)
    good = {"sub": sub, "iss": "trainingops", "aud": "trainingops-api", "exp": now + timedelta(minutes=5)}
    header = jwt.utils.base64url_encode(b'{"alg":"none","typ":"JWT"}').decode()
    payload = jwt.utils.base64url_encode(
        f'{{"sub":"{sub}","iss":"trainingops","aud":"trainingops-api","exp":{int(now.timestamp()) + 300}}}'.encode()
    ).decode()
    bad_tokens = {
        "alg none": f"{header}.{payload}.",
        "expired": _token({**good, "exp": now - timedelta(minutes=5)}),
        "malformed": "not.a.token",
        "wrong signature": _token(good, key="another-secret-" + "y" * 40),
        "wrong audience": _token({**good, "aud": "someone-else"}),
        "wrong issuer": _token({**good, "iss": "evil"}),
        "no expiry": _token({k: v for k, v in good.items() if k != "exp"}),
        "subject not a uuid": _token({**good, "sub": "admin"}),
    }
    assert api_ro.client.get("/api/v1/me", headers={"Authorization": f"Bearer {_token(good)}"}).status_code == 200
    for reason, token in bad_tokens.items():
        response = api_ro.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert answer(response) == (401, "unauthenticated"), reason
        assert 'error="invalid_token"' in response.headers["www-authenticate"], reason
        assert response.headers["content-type"] == "application/problem+json"
    basic = api_ro.client.get("/api/v1/me", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert answer(basic) == (401, "unauthenticated")


def test_a_token_for_a_user_that_does_not_exist_sees_nothing(api_ro: Api) -> None:
    token = api_ro.tokens.issue(uuid.uuid4())
    headers = {"Authorization": f"Bearer {token}"}
    assert api_ro.client.get("/api/v1/sessions", headers=headers).json()["items"] == []
    assert answer(api_ro.client.get("/api/v1/me", headers=headers)) == (404, "not_found")


def test_pool_hygiene_a_coach_then_an_athlete_on_one_connection_leak_nothing(api_ro: Api) -> None:
    from fastapi.testclient import TestClient

    from tests.support.api import api_settings
    from tests.support.world import VISIBLE_SESSIONS
    from trainingops.app import create_app

    names = {str(v): k for k, v in api_ro.world.sessions.items()}
    settings = api_settings(api_ro.target, pool_min_size=1, pool_max_size=1)
    with TestClient(create_app(settings, target=api_ro.target)) as client:
        for actor in ("C1", "A1", "anon", "C2", "U"):
            headers = api_ro.headers(actor)
            response = client.get("/api/v1/sessions?limit=200", headers=headers)
            if actor == "anon":
                assert answer(response) == (401, "unauthenticated")
                continue
            assert {names[i["id"]] for i in response.json()["items"]} == VISIBLE_SESSIONS[actor], actor


# ------------------------------------------------------------------------------------------ every route, every actor

FUTURE_DAY = (date.today() + timedelta(days=5)).isoformat()
NEXT_WEEK_DAY = (date.today() + timedelta(days=12)).isoformat()
CSV_HEADER = "athlete_id,team_season_id,scheduled_date,workout_category,title,planned_duration_sec,planned_rpe\n"
ATHLETE_404, SESSION_404, FILE_404 = "athlete_not_found", "session_not_found", "activity_file_not_found"
PRACTICE_404 = "practice_not_found"  # every route naming a practice
TODAY_ISO = date.today().isoformat()
WELLNESS = {"sleep_quality": 4, "fatigue": 3, "muscle_soreness": 3, "stress": 4, "mood": 4, "sleep_hours": 7.5}
COMMENT_404 = "comment_not_found"

# fmt: off
ROUTES: dict[tuple[str, str], Case] = {
    ("GET", "/healthz"): Case("/healthz", "200 200 200 200 200"),
    ("GET", "/readyz"): Case("/readyz", "200 200 200 200 200"),
    # Loopback callers only (tests/api/test_metrics.py); the test client is not one, so everyone gets the 404.
    ("GET", "/metrics"): Case("/metrics", "404:not_found 404:not_found 404:not_found 404:not_found 404:not_found"),
    ("POST", "/api/v1/demo/sign-in"): Case("/api/v1/demo/sign-in", "200 200 200 200 200", {"email": "{a1_email}"}, demo=True),
    ("POST", "/api/v1/auth/sign-in"): Case("/api/v1/auth/sign-in", "401:invalid_credentials 401:invalid_credentials 401:invalid_credentials 401:invalid_credentials 401:invalid_credentials", {"email": "nobody@example.org", "password": "not a password of anyone"}),
    ("POST", "/api/v1/auth/sign-out"): Case("/api/v1/auth/sign-out", "401 204 204 204 204"),
    ("POST", "/api/v1/auth/sign-out-everywhere"): Case("/api/v1/auth/sign-out-everywhere", "401 204 204 204 204"),
    ("POST", "/api/v1/auth/password-reset"): Case("/api/v1/auth/password-reset", "503:mail_not_configured 503:mail_not_configured 503:mail_not_configured 503:mail_not_configured 503:mail_not_configured", {"email": "{a1_email}"}),
    ("POST", "/api/v1/auth/password-reset:confirm"): Case("/api/v1/auth/password-reset:confirm", "400:link_invalid 400:link_invalid 400:link_invalid 400:link_invalid 400:link_invalid", {"token": "x" * 43, "password": "a long enough passphrase"}),
    ("GET", "/api/v1/me"): Case("/api/v1/me", "401 200 200 200 200"),
    ("GET", "/api/v1/programs"): Case("/api/v1/programs", "401 200 200 200 200"),
    ("GET", "/api/v1/programs/{program_id}/team-seasons"): Case("/api/v1/programs/{p1}/team-seasons", "401 200 200 404 404"),
    ("GET", "/api/v1/programs/{program_id}/event-groups"): Case("/api/v1/programs/{p1}/event-groups", "401 200 200 404 404"),
    ("GET", "/api/v1/team-seasons/{team_season_id}/roster"): Case("/api/v1/team-seasons/{s1}/roster", "401 200 200 404 404"),
    ("GET", "/api/v1/athletes/{athlete_id}"): Case("/api/v1/athletes/{a1}", "401 200 404 404 404"),
    ("POST", "/api/v1/sessions"): Case("/api/v1/sessions", "401 =403:staff_only =403:staff_only =422:invalid_input =403:staff_only", {"athlete_ids": ["{a1}"], "workout_category": "run", "scheduled_date": FUTURE_DAY}, target="a1"),
    ("GET", "/api/v1/sessions"): Case("/api/v1/sessions?athlete_id={a1}", "401 200 =200 =200 =200"),
    ("POST", "/api/v1/sessions:import"): Case("/api/v1/sessions:import?dry_run=true", "401 200 =422:import_invalid =422:import_invalid =422:import_invalid", Raw(f"{CSV_HEADER}{{a1}},,{FUTURE_DAY},run,Tempo,1800,5\n".encode(), "text/csv"), target="a1"),
    ("GET", "/api/v1/sessions:export"): Case("/api/v1/sessions:export?athlete_id={a1}", "401 200 404 404 404"),
    ("GET", "/api/v1/sessions/{session_id}"): Case("/api/v1/sessions/{a1_coach}", "401 200 404 404 404", hidden=SESSION_404),
    ("PATCH", "/api/v1/sessions/{session_id}"): Case("/api/v1/sessions/{a1_self}", "401 412 404 404 404", {"title": "Mine"}, hidden=SESSION_404),
    ("POST", "/api/v1/sessions/{session_id}/complete"): Case("/api/v1/sessions/{a1_coach}/complete", "401 412 404 404 404", {"actual_rpe": 5}, hidden=SESSION_404),
    ("DELETE", "/api/v1/sessions/{session_id}"): Case("/api/v1/sessions/{a1_self}", "401 412 404 404 404", hidden=SESSION_404),
    ("GET", "/api/v1/sessions/{session_id}/history"): Case("/api/v1/sessions/{a1_coach}/history", "401 200 404 404 404", hidden=SESSION_404),
    ("GET", "/api/v1/athletes/{athlete_id}/training"): Case("/api/v1/athletes/{a1}/training", "401 200 404 404 404"),
    ("GET", "/api/v1/team-seasons/{team_season_id}/training-summary"): Case("/api/v1/team-seasons/{s1}/training-summary", "401 200 200 404 404"),
    ("GET", "/api/v1/athletes/{athlete_id}/load"): Case("/api/v1/athletes/{a1}/load", "401 200 404 404 404"),
    ("GET", "/api/v1/athletes/{athlete_id}/readiness"): Case("/api/v1/athletes/{a1}/readiness", "401 200 404 404 404"),
    ("GET", "/api/v1/team-seasons/{team_season_id}/load"): Case("/api/v1/team-seasons/{s1}/load", "401 200 200 404 404"),
    ("GET", "/api/v1/programs/{program_id}/load-settings"): Case("/api/v1/programs/{p1}/load-settings", "401 200 200 404 404"),
    ("PUT", "/api/v1/programs/{program_id}/load-settings"): Case("/api/v1/programs/{p1}/load-settings", "401 403:staff_only 403:staff_only 404 404", {"ctl_days": 50}),
    ("DELETE", "/api/v1/programs/{program_id}/load-settings"): Case("/api/v1/programs/{p1}/load-settings", "401 403:staff_only 403:staff_only 404 404"),
    ("GET", "/api/v1/programs/{program_id}/training-events"): Case("/api/v1/programs/{p1}/training-events", "401 200 200 404 404"),
    ("POST", "/api/v1/programs/{program_id}/training-events"): Case("/api/v1/programs/{p1}/training-events", "401 403:staff_only 403:staff_only 404 404", {"name": "Hurdle walk", "workout_category": "run", "measure": "distance"}),
    ("GET", "/api/v1/training-events/{event_id}"): Case("/api/v1/training-events/{event}", "401 404 404 404 404"),
    ("PATCH", "/api/v1/training-events/{event_id}"): Case("/api/v1/training-events/{event}", "401 404 404 404 404", {"name": "Renamed"}),
    ("DELETE", "/api/v1/training-events/{event_id}"): Case("/api/v1/training-events/{event}", "401 404 404 404 404"),
    ("GET", "/api/v1/programs/{program_id}/workouts"): Case("/api/v1/programs/{p1}/workouts", "401 200 200 404 404"),
    ("POST", "/api/v1/programs/{program_id}/workouts"): Case("/api/v1/programs/{p1}/workouts", "401 403:staff_only 403:staff_only 404 404", {"name": "Strides", "workout_category": "run"}),
    ("GET", "/api/v1/workouts/{workout_id}"): Case("/api/v1/workouts/{workout}", "401 404 404 404 404"),
    ("PATCH", "/api/v1/workouts/{workout_id}"): Case("/api/v1/workouts/{workout}", "401 404 404 404 404", {"name": "Renamed"}),
    ("DELETE", "/api/v1/workouts/{workout_id}"): Case("/api/v1/workouts/{workout}", "401 404 404 404 404"),
    ("POST", "/api/v1/workouts/{workout_id}/copy"): Case("/api/v1/workouts/{workout}/copy", "401 404 404 404 404", {}),
    ("GET", "/api/v1/team-seasons/{team_season_id}/practice-sessions"): Case("/api/v1/team-seasons/{s1}/practice-sessions", "401 200 200 404 404"),
    ("POST", "/api/v1/team-seasons/{team_season_id}/practice-sessions"): Case("/api/v1/team-seasons/{s1}/practice-sessions", "401 403:staff_only 403:staff_only 404 404", {"practice_date": FUTURE_DAY, "title": "Thursday"}),
    ("GET", "/api/v1/practice-sessions/{practice_id}"): Case("/api/v1/practice-sessions/{practice}", "401 404 404 404 404", hidden=PRACTICE_404),
    ("PATCH", "/api/v1/practice-sessions/{practice_id}"): Case("/api/v1/practice-sessions/{practice}", "401 404 404 404 404", {"title": "Renamed"}, hidden=PRACTICE_404),
    ("DELETE", "/api/v1/practice-sessions/{practice_id}"): Case("/api/v1/practice-sessions/{practice}", "401 404 404 404 404", hidden=PRACTICE_404),
    ("POST", "/api/v1/practice-sessions/{practice_id}/preview"): Case("/api/v1/practice-sessions/{practice}/preview", "401 404 404 404 404", hidden=PRACTICE_404),
    ("POST", "/api/v1/practice-sessions/{practice_id}/publish"): Case("/api/v1/practice-sessions/{practice}/publish", "401 404 404 404 404", hidden=PRACTICE_404),
    ("POST", "/api/v1/practice-sessions/{practice_id}/cancel"): Case("/api/v1/practice-sessions/{practice}/cancel", "401 404 404 404 404", hidden=PRACTICE_404),
    ("POST", "/api/v1/practice-sessions/{practice_id}:copy"): Case("/api/v1/practice-sessions/{practice}:copy", "401 404 404 404 404", {"dates": [NEXT_WEEK_DAY]}, hidden=PRACTICE_404),
    ("POST", "/api/v1/team-seasons/{team_season_id}/practice-sessions:copy-week"): Case("/api/v1/team-seasons/{s1}/practice-sessions:copy-week", "401 403:staff_only 403:staff_only 404 404", {"week_of": FUTURE_DAY, "to_weeks": [NEXT_WEEK_DAY]}),
    ("GET", "/api/v1/practice-sessions/{practice_id}/workouts"): Case("/api/v1/practice-sessions/{practice}/workouts", "401 404 404 404 404", hidden=PRACTICE_404),
    ("POST", "/api/v1/practice-sessions/{practice_id}/workouts"): Case("/api/v1/practice-sessions/{practice}/workouts", "401 404 404 404 404", {"workout_id": "{workout}"}, hidden=PRACTICE_404),
    ("PATCH", "/api/v1/practice-session-workouts/{entry_id}"): Case("/api/v1/practice-session-workouts/{entry}", "401 404 404 404 404", {"position": 2}),
    ("DELETE", "/api/v1/practice-session-workouts/{entry_id}"): Case("/api/v1/practice-session-workouts/{entry}", "401 404 404 404 404"),
    ("GET", "/api/v1/practice-sessions/{practice_id}/assignments"): Case("/api/v1/practice-sessions/{practice}/assignments", "401 404 404 404 404", hidden=PRACTICE_404),
    ("POST", "/api/v1/practice-sessions/{practice_id}/assignments"): Case("/api/v1/practice-sessions/{practice}/assignments", "401 404 404 404 404", {"athlete_id": "{a2}", "kind": "exclude"}, hidden=PRACTICE_404),
    ("PATCH", "/api/v1/practice-assignments/{assignment_id}"): Case("/api/v1/practice-assignments/{assignment}", "401 404 404 404 404", {"note": "travel"}),
    ("DELETE", "/api/v1/practice-assignments/{assignment_id}"): Case("/api/v1/practice-assignments/{assignment}", "401 404 404 404 404"),
    ("GET", "/api/v1/athletes/{athlete_id}/strength-maxes"): Case("/api/v1/athletes/{a1}/strength-maxes", "401 200 404 404 404"),
    ("POST", "/api/v1/athletes/{athlete_id}/strength-maxes"): Case("/api/v1/athletes/{a1}/strength-maxes", "401 404 404 404 404", {"training_event_id": "{event}", "one_rm_kg": 100, "tested_on": FUTURE_DAY}),
    ("PATCH", "/api/v1/strength-maxes/{max_id}"): Case("/api/v1/strength-maxes/{max}", "401 403:staff_only 404 404 404", {"one_rm_kg": 105}),
    ("DELETE", "/api/v1/strength-maxes/{max_id}"): Case("/api/v1/strength-maxes/{max}", "401 403:staff_only 404 404 404"),
    ("POST", "/api/v1/athletes/{athlete_id}/activity-files"): Case("/api/v1/athletes/{a1}/activity-files", "401 422:activity_file_empty 404 404 404", Raw(b""), hidden=ATHLETE_404),
    ("POST", "/api/v1/sessions/{session_id}/activity-file"): Case("/api/v1/sessions/{a1_coach}/activity-file", "401 422:activity_file_empty 404 404 404", Raw(b""), hidden=SESSION_404),
    ("GET", "/api/v1/sessions/{session_id}/activity-file"): Case("/api/v1/sessions/{a1_self}/activity-file", "401 200 404 404 404", hidden=SESSION_404),
    ("GET", "/api/v1/sessions/{session_id}/activity-file/streams"): Case("/api/v1/sessions/{a1_self}/activity-file/streams", "401 200 404 404 404", hidden=SESSION_404),
    ("GET", "/api/v1/activity-files/{file_id}"): Case("/api/v1/activity-files/{file}", "401 200 404 404 404", hidden=FILE_404),
    ("POST", "/api/v1/calendar-feeds"): Case("/api/v1/calendar-feeds", "401 201 404 404 404", {"athlete_id": "{a1}"}, target="a1"),
    ("GET", "/api/v1/calendar-feeds"): Case("/api/v1/calendar-feeds", "401 200 200 200 200"),
    ("DELETE", "/api/v1/calendar-feeds/{feed_id}"): Case("/api/v1/calendar-feeds/{spare_feed}", "401 204 404 404 404"),
    ("GET", "/calendar/{token}.ics"): Case("/calendar/{token}.ics", "200 200 200 200 200"),
    ("GET", "/api/v1/session-imports/{batch_id}"): Case("/api/v1/session-imports/{batch}", "401 404:import_not_found 404:import_not_found 404:import_not_found 404:import_not_found"),
    ("POST", "/api/v1/session-imports/{batch_id}:undo"): Case("/api/v1/session-imports/{batch}:undo", "401 =403:staff_only =403:staff_only 404:import_not_found =403:staff_only"),
    # Running a program (issue 14): anyone signed in may create one (an invalid time zone here, so the world keeps
    # its shape: the answer shows the route reaches the database for every caller); the rest is its staff's, by
    # role (tests/roster/test_roles_routes.py holds every role; here athletes of P1 get staff_only).
    ("POST", "/api/v1/programs"): Case("/api/v1/programs", "401 422:rule_violated 422:rule_violated 422:rule_violated 422:rule_violated", {"name": "Mine", "sport": "track_and_field", "time_zone": "Mars/Olympus"}),
    ("GET", "/api/v1/programs/{program_id}"): Case("/api/v1/programs/{p1}", "401 200 200 404 404"),
    ("PATCH", "/api/v1/programs/{program_id}"): Case("/api/v1/programs/{p1}", "401 403:staff_only 403:staff_only 404 404", {"name": "Renamed"}),
    ("GET", "/api/v1/programs/{program_id}/members"): Case("/api/v1/programs/{p1}/members", "401 200 200 404 404"),
    ("PATCH", "/api/v1/program-members/{member_id}"): Case("/api/v1/program-members/{c1}", "401 403:staff_only 403:staff_only 404 404", {"role": "assistant_coach"}),
    ("POST", "/api/v1/programs/{program_id}/team-seasons"): Case("/api/v1/programs/{p1}/team-seasons", "401 403:staff_only 403:staff_only 404 404", {"name": "Next", "start_date": FUTURE_DAY, "end_date": FUTURE_DAY}),
    ("PATCH", "/api/v1/team-seasons/{team_season_id}"): Case("/api/v1/team-seasons/{s1}", "401 403:staff_only 403:staff_only 404 404", {"closed": True}),
    ("POST", "/api/v1/programs/{program_id}/event-groups"): Case("/api/v1/programs/{p1}/event-groups", "401 403:staff_only 403:staff_only 404 404", {"name": "Hurdles"}),
    ("PATCH", "/api/v1/event-groups/{event_group_id}"): Case("/api/v1/event-groups/{g1}", "401 403:staff_only 403:staff_only 404 404", {"archived": True}),
    ("GET", "/api/v1/programs/{program_id}/athletes"): Case("/api/v1/programs/{p1}/athletes", "401 200 200 404 404"),
    ("POST", "/api/v1/programs/{program_id}/athletes"): Case("/api/v1/programs/{p1}/athletes", "401 403:staff_only 403:staff_only 404 404", {"name": "New Athlete"}),
    ("PATCH", "/api/v1/athletes/{athlete_id}"): Case("/api/v1/athletes/{a1}", "401 412 404 404 404", {"date_of_birth": "2005-05-05"}),
    ("POST", "/api/v1/team-seasons/{team_season_id}/roster"): Case("/api/v1/team-seasons/{s1}/roster", "401 403:staff_only 403:staff_only 404 404", {"athlete_id": "{a1}"}, target="s1"),
    ("PATCH", "/api/v1/roster-entries/{roster_entry_id}"): Case("/api/v1/roster-entries/{a1_entry}", "401 403:staff_only 404 404 404", {"status": "injured"}),
    ("POST", "/api/v1/team-seasons/{team_season_id}/roster:import"): Case("/api/v1/team-seasons/{s1}/roster:import?dry_run=true", "401 403:staff_only 403:staff_only 404 404", Raw(b"name\nNew Athlete\n", "text/csv")),
    # The coach–athlete loop (issue 15): Team Ops is its staff's only; an athlete of the program gets the 404 of a
    # hidden program.
    ("GET", "/api/v1/programs/{program_id}/team-ops"): Case("/api/v1/programs/{p1}/team-ops", "401 404 404 404 404"),
    # Comments: whoever sees the session reads and writes its thread; only the author changes a comment (A1 wrote
    # the library's, so A1 reaches the stale If-Match). Reviewing is its program's staff's: its athlete sees the
    # session and gets staff_only.
    ("GET", "/api/v1/sessions/{session_id}/comments"): Case("/api/v1/sessions/{a1_coach}/comments", "401 200 404 404 404", hidden=SESSION_404),
    ("POST", "/api/v1/sessions/{session_id}/comments"): Case("/api/v1/sessions/{a1_coach}/comments", "401 201 404 404 404", {"body": "Felt good"}, hidden=SESSION_404),
    ("PATCH", "/api/v1/comments/{comment_id}"): Case("/api/v1/comments/{comment}", "401 412 404 404 404", {"body": "Felt great"}, hidden=COMMENT_404),
    ("DELETE", "/api/v1/comments/{comment_id}"): Case("/api/v1/comments/{comment}", "401 412 404 404 404", hidden=COMMENT_404),
    ("POST", "/api/v1/sessions/{session_id}:review"): Case("/api/v1/sessions/{a1_completed}:review", "401 403:staff_only 404 404 404", hidden=SESSION_404),
    # Each user's own feed and preferences: nobody names another's (reading another's is in tests/notifications).
    ("GET", "/api/v1/me/notifications"): Case("/api/v1/me/notifications", "401 200 200 200 200"),
    ("POST", "/api/v1/me/notifications:read"): Case("/api/v1/me/notifications:read", "401 200 200 200 200", {"all": True}),
    ("GET", "/api/v1/me/preferences"): Case("/api/v1/me/preferences", "401 200 200 200 200"),
    ("PATCH", "/api/v1/me/preferences"): Case("/api/v1/me/preferences", "401 200 200 200 200", {"distance_unit": "km"}),
    ("POST", "/api/v1/sessions/{session_id}:unreview"): Case("/api/v1/sessions/{a1_completed}:unreview", "401 403:staff_only 404 404 404", hidden=SESSION_404),
    # Invitations (issue 14): sent, listed, revoked and resent by the program's staff whose role may (staff roles:
    # administrators; athletes: also roster staff; tests/roster/test_invitations.py); accepted by whoever holds a link.
    ("POST", "/api/v1/programs/{program_id}/invitations"): Case("/api/v1/programs/{p1}/invitations", "401 403:staff_only 403:staff_only 404 404", {"email": "matrix.new@example.org", "role": "assistant_coach"}),
    ("GET", "/api/v1/programs/{program_id}/invitations"): Case("/api/v1/programs/{p1}/invitations", "401 403:staff_only 403:staff_only 404 404"),
    ("POST", "/api/v1/invitations/{invitation_id}:revoke"): Case("/api/v1/invitations/{invitation}:revoke", "401 404 404 404 404"),
    ("POST", "/api/v1/invitations/{invitation_id}:resend"): Case("/api/v1/invitations/{invitation}:resend", "401 404 404 404 404"),
    ("POST", "/api/v1/invitations:accept"): Case("/api/v1/invitations:accept", "400:link_invalid 400:link_invalid 400:link_invalid 400:link_invalid 400:link_invalid", {"token": "x" * 43}),
    # The athlete app's server side (issue 16): wellness check-ins, the group stopwatch, strength work per set.
    ("PUT", "/api/v1/athletes/{athlete_id}/wellness/{checkin_date}"): Case(f"/api/v1/athletes/{{a1}}/wellness/{TODAY_ISO}", "401 412 404 404 404", WELLNESS, target="a1"),
    ("GET", "/api/v1/athletes/{athlete_id}/wellness"): Case("/api/v1/athletes/{a1}/wellness", "401 200 404 404 404"),
    ("POST", "/api/v1/practice-sessions/{practice_id}/splits"): Case("/api/v1/practice-sessions/{practice}/splits", "401 404 404 404 404", {"athletes": [{"athlete_id": "{a1}", "reps": [{"split_ms": 70000}]}]}, hidden=PRACTICE_404),
    ("GET", "/api/v1/practice-sessions/{practice_id}/sets"): Case("/api/v1/practice-sessions/{practice}/sets", "401 404 404 404 404", hidden=PRACTICE_404),
    ("GET", "/api/v1/sessions/{session_id}/sets"): Case("/api/v1/sessions/{a1_coach}/sets", "401 200 404 404 404", hidden=SESSION_404),
    ("PUT", "/api/v1/sessions/{session_id}/sets"): Case("/api/v1/sessions/{a1_coach}/sets", "401 422:session_not_gym 404 404 404", {"sets": []}, hidden=SESSION_404),
    ("POST", "/api/v1/sessions/{session_id}/strength-max"): Case("/api/v1/sessions/{a1_coach}/strength-max", "401 422:set_not_found 404 404 404", {"set_number": 1, "confirm": False}, hidden=SESSION_404),
    ("GET", "/docs"): Case("/docs", "200 200 200 200 200"),
    ("GET", "/docs/oauth2-redirect"): Case("/docs/oauth2-redirect", "200 200 200 200 200"),
    ("GET", "/redoc"): Case("/redoc", "200 200 200 200 200"),
}
# fmt: on


@pytest.fixture(scope="module")
def library(api_ro: Api) -> dict[str, str]:
    """The names the matrix's paths use: the world's ids and sessions, and a planning library (a draft practice),
    a device file and calendar feeds of P1 and A1, made through the API by their owners. None of it changes which
    sessions anyone sees, so the other tests of this module keep their answers."""
    w = api_ro.world
    names = {name: str(value) for name, value in {**w.ids, **w.sessions}.items()}
    names["random"] = RANDOM  # for a route whose rows the library has none of yet: "{random}" is hidden from all
    names["a1_entry"] = str(w.ids[f"r_a1_{w.ids['p1']}"])

    def made(actor: str, path: str, **kwargs: Any) -> dict[str, Any]:
        response = api_ro.request(actor, "POST", path.format_map(names), **kwargs)
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    staff_made = (  # name, where C1 makes it, with what: each row may use the names made before it
        (
            "event",
            "/api/v1/programs/{p1}/training-events",
            {"name": "Back squat", "workout_category": "gym", "measure": "load"},
        ),
        ("workout", "/api/v1/programs/{p1}/workouts", {"name": "Tempo", "workout_category": "run"}),
        ("practice", "/api/v1/team-seasons/{s1}/practice-sessions", {"practice_date": FUTURE_DAY, "title": "Tuesday"}),
        ("entry", "/api/v1/practice-sessions/{practice}/workouts", {"workout_id": "{workout}"}),
        ("assignment", "/api/v1/practice-sessions/{practice}/assignments", {"athlete_id": "{a1}", "kind": "exclude"}),
        (
            "max",
            "/api/v1/athletes/{a1}/strength-maxes",
            {"training_event_id": "{event}", "one_rm_kg": 100, "tested_on": str(IN_SEASON)},
        ),
    )
    for name, path, body in staff_made:
        names[name] = made("C1", path, json=resolve(body, names))["id"]
    # C1 imports a1_coach's row again: a batch that creates no session (it is a duplicate), so the lists keep
    # their answers.
    again = f"athlete_id,team_season_id,scheduled_date,workout_category,planned_rpe\n{names['a1']},{names['s1']},{IN_SEASON},run,5\n"
    imported = api_ro.request(
        "C1", "POST", "/api/v1/sessions:import", content=again, headers={"Content-Type": "text/csv"}
    )
    assert (imported.status_code, imported.json()["created"], imported.json()["duplicates"]) == (200, 0, 1), (
        imported.text
    )
    names["batch"] = imported.json()["batch_id"]
    recording = build_activity_fit(
        SessionSpec(datetime.combine(IN_SEASON, time(14), UTC), 1800, Sport.RUNNING, SubSport.GENERIC, 3.2, 150)
    )
    names["file"] = made(
        "A1",
        "/api/v1/sessions/{a1_self}/activity-file",
        content=recording,
        headers={"Content-Type": "application/octet-stream"},
    )["file"]["id"]
    names["comment"] = made("A1", "/api/v1/sessions/{a1_coach}/comments", json={"body": "Legs heavy"})["id"]
    feed = made("A1", "/api/v1/calendar-feeds", json={"athlete_id": names["a1"]})
    names["token"] = feed["url"].rpartition("/")[2].removesuffix(".ics")
    names["spare_feed"] = made("A1", "/api/v1/calendar-feeds", json={"athlete_id": names["a1"]})["id"]
    with api_ro.admin() as conn:
        row = conn.execute("select email from users where id = %s", [w.users["A1"]]).fetchone()
    assert row is not None
    names["a1_email"] = str(row[0])
    with api_ro.admin() as conn:  # a pending invitation of P1 (sending one through the API needs mail)
        invited = conn.execute(
            "insert into invitations (program_id, email, role, invited_by) "
            "values (%s, 'matrix.pending@example.org', 'assistant_coach', %s) returning id",
            [w.ids["p1"], w.users["C1"]],
        ).fetchone()
    assert invited is not None
    names["invitation"] = str(invited[0])
    return names


@pytest.fixture(scope="module")
def demo_client(api_ro: Api) -> Iterator[TestClient]:
    """The same world behind an app in demo mode, for the routes that exist only there."""
    with TestClient(create_app(api_settings(api_ro.target, demo_mode=True), target=api_ro.target)) as client:
        yield client


def test_every_route_of_the_app_has_an_entry_in_the_matrix(api_ro: Api) -> None:
    """A route added without deciding who may call it fails here: add its line to ROUTES."""
    demo = app_routes(create_app(api_settings(api_ro.target, demo_mode=True), target=api_ro.target))
    served = app_routes(api_ro.client.app)  # type: ignore[arg-type]
    assert sorted(demo - set(ROUTES)) == [], "routes without an entry in ROUTES"
    assert sorted(set(ROUTES) - demo) == [], "entries in ROUTES for routes the app no longer has"
    assert sorted(demo - served) == sorted(key for key, case in ROUTES.items() if case.demo)


@pytest.mark.parametrize("route", sorted(ROUTES), ids=" ".join)
def test_each_route_answers_each_actor_as_the_rules_say(
    api_ro: Api, demo_client: TestClient, library: dict[str, str], route: tuple[str, str]
) -> None:
    case = ROUTES[route]
    client = demo_client if case.demo else api_ro.client
    answers = {actor: observed(api_ro, client, case, route[0], actor, library) for actor in COLUMNS}
    assert answers == expected(case, case.today or case.answers)
    if case.today:
        pytest.xfail(f"a reported bug: the rule says {case.answers!r}; today the app answers {case.today!r}")


def test_outside_demo_mode_the_demo_route_does_not_exist(api_ro: Api, library: dict[str, str]) -> None:
    response = api_ro.request("anon", "POST", "/api/v1/demo/sign-in", json={"email": library["a1_email"]})
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_the_route_check_notices_a_route_without_an_entry(api_ro: Api) -> None:
    app = create_app(api_settings(api_ro.target), target=api_ro.target)

    async def unlisted() -> None: ...

    app.add_api_route("/api/v1/unlisted/{thing_id}", unlisted, methods=["GET", "DELETE"])
    assert app_routes(app) - set(ROUTES) == {
        ("GET", "/api/v1/unlisted/{thing_id}"),
        ("DELETE", "/api/v1/unlisted/{thing_id}"),
    }

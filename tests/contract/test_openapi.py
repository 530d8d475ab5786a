"""The API's contract (issue 12 #5): the OpenAPI document is valid, every success body is typed, every error is the
one Problem schema, and real responses of every operation — from the fixture world, real database — match what
the document declares (tests/api/contract.py), with objects closed: an undocumented member fails."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fit_tool.profile.profile_type import Sport, SubSport
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from tests.contract.openapi_checker import Contract
from tests.support.api import Api, api_settings
from tests.support.fit_factory import SessionSpec, build_activity_fit
from tests.support.world import World
from trainingops.app import create_app
from trainingops.auth.passwords import hash_password
from trainingops.auth.tokens import TokenService
from trainingops.db.target import DatabaseTarget

ANONYMOUS = {
    "healthz",
    "readyz",
    "getCalendarFeed",
    "demoSignIn",
    "signIn",
    "requestPasswordReset",
    "confirmPasswordReset",
    "acceptInvitation",
}


@pytest.fixture(scope="module")
def api_demo(world_db: tuple[DatabaseTarget, World]) -> Iterator[Api]:
    """The world behind an app in demo mode (every operation exists), for this module's tests in order."""
    target, world = world_db
    settings = api_settings(target, demo_mode=True)
    with TestClient(create_app(settings, target=target)) as client:
        yield Api(client, world, target, TokenService.from_settings(settings))


@pytest.fixture(scope="module")
def contract(api_demo: Api) -> Contract:
    return Contract(api_demo.client.app)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------- the document


def test_the_document_is_a_valid_openapi_document(contract: Contract) -> None:
    validate(contract.document)
    assert len(contract.operations()) >= 65


def test_every_success_response_declares_its_body(contract: Contract) -> None:
    untyped = [
        f"{operation['operationId']} {status}"
        for item in contract.document["paths"].values()
        for operation in item.values()
        for status, response in operation["responses"].items()
        if status.startswith("2")
        and status != "204"
        and not all(media.get("schema") for media in response.get("content", {None: {}}).values())
    ]
    assert untyped == []


def test_every_error_response_is_the_one_problem_schema(contract: Contract) -> None:
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    errors = [
        (operation["operationId"], status, response.get("content"))
        for item in contract.document["paths"].values()
        for operation in item.values()
        for status, response in operation["responses"].items()
        if status[0] in "45"
    ]
    assert len(errors) > 300
    assert [e for e in errors if e[2] != problem] == []
    authenticated = set(contract.operations()) - ANONYMOUS
    without_401 = [
        operation["operationId"]
        for item in contract.document["paths"].values()
        for operation in item.values()
        if operation["operationId"] in authenticated and "401" not in operation["responses"]
    ]
    assert without_401 == []


def _examples(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], Any]]:
    for item in document["paths"].values():
        for operation in item.values():
            bodies = list(operation.get("requestBody", {}).get("content", {}).items())
            for media, content in bodies:
                where = f"{operation['operationId']} {media}"
                if "example" in content:
                    yield where, content["schema"], content["example"]
                for name, example in content.get("examples", {}).items():
                    yield f"{where} {name}", content["schema"], example["value"]
    for name, schema in document["components"]["schemas"].items():
        for example in schema.get("examples", []):
            yield name, {"$ref": f"#/components/schemas/{name}"}, example


def test_every_example_matches_its_schema(contract: Contract) -> None:
    examples = list(_examples(contract.document))
    assert len(examples) >= 15
    for where, schema, example in examples:
        validator = Draft202012Validator(
            {**schema, "components": contract.document["components"]},
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        assert [e.message for e in validator.iter_errors(example)] == [], where


def _request_schema(contract: Contract, path: str, method: str) -> Draft202012Validator:
    schema = contract.document["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    return Draft202012Validator({**schema, "components": contract.document["components"]})


def test_an_athletes_rating_alone_is_a_valid_patch_under_a_strict_validator(contract: Contract) -> None:
    patch = _request_schema(contract, "/api/v1/sessions/{session_id}", "patch")
    assert patch.is_valid({"actual_rpe": 3})
    assert patch.is_valid({"planned_rpe": 6, "title": "Tempo 5 km"})
    assert patch.is_valid({"team_season_id": str(uuid.uuid4())})  # staff only: the server decides per caller
    assert not patch.is_valid({"athlete_id": str(uuid.uuid4())})
    assert not patch.is_valid({"actual_rpe": 11})
    create = _request_schema(contract, "/api/v1/sessions", "post")
    assert create.is_valid({"workout_category": "run", "scheduled_date": "2026-12-01"})
    assert create.is_valid(
        {"athlete_ids": [str(uuid.uuid4())], "workout_category": "run", "scheduled_date": "2026-12-01"}
    )


# ------------------------------------------------------------------------------------ real responses


CSV_TYPE = {"Content-Type": "text/csv"}


class Walk:
    """Requests through the contract: every response is checked, and the body returned."""

    def __init__(self, api: Api, contract: Contract) -> None:
        self.api, self.contract, self.world = api, contract, api.world

    def __call__(self, actor: str, method: str, path: str, status: int, **kwargs: Any) -> Any:
        response = self.contract.check(self.api.request(actor, method, path, **kwargs))
        assert response.status_code == status, f"{method} {path}: {response.status_code} {response.text[:400]}"
        return response

    def body(self, actor: str, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        return self(actor, method, path, status, **kwargs).json()

    def id(self, name: str) -> str:
        return str(self.world.ids.get(name) or self.world.sessions[name])


def _if_match(response: Any) -> dict[str, str]:
    return {"If-Match": response.headers["ETag"]}


def _season_day(walk: Walk) -> date:
    seasons = walk.body("C1", "GET", f"/api/v1/programs/{walk.id('p1')}/team-seasons")["items"]
    season = next(s for s in seasons if s["id"] == walk.id("s1"))
    start, end = date.fromisoformat(season["start_date"]), date.fromisoformat(season["end_date"])
    return start + (end - start) / 3


def _context(walk: Walk) -> None:
    assert walk.body("C1", "GET", "/api/v1/me")["athlete"] is None
    assert walk.body("A1", "GET", "/api/v1/me")["athlete"]["id"] == walk.id("a1")
    walk.body("C1", "GET", "/api/v1/programs")
    walk.body("C1", "GET", f"/api/v1/programs/{walk.id('p1')}/event-groups")
    walk.body("C1", "GET", f"/api/v1/team-seasons/{walk.id('s1')}/roster")
    walk.body("C1", "GET", f"/api/v1/athletes/{walk.id('a1')}")


def _sessions(walk: Walk, day: date) -> None:
    a1, s1 = walk.id("a1"), walk.id("s1")
    walk.body("C1", "GET", "/api/v1/sessions?sort=-date&limit=3")
    plan = {
        "workout_category": "run",
        "scheduled_date": day.isoformat(),
        "title": "Tempo",
        "planned_rpe": 6,
        "planned_duration_sec": 2400,
    }
    [assigned] = walk.body(
        "C1", "POST", "/api/v1/sessions", 201, json={"athlete_ids": [a1], "team_season_id": s1, **plan}
    )["items"]
    walk("A1", "POST", "/api/v1/sessions", 201, json={**plan, "title": "Easy"})
    coach_session = f"/api/v1/sessions/{walk.id('a1_coach')}"
    current = walk("A1", "GET", coach_session, 200)
    walk("A1", "PATCH", coach_session, 200, json={"actual_rpe": 3}, headers=_if_match(current))
    walk(
        "A1",
        "POST",
        f"/api/v1/sessions/{walk.id('a1_self')}/complete",
        200,
        json={"actual_duration_sec": 1800, "actual_rpe": 4},
    )
    walk.body("C1", "GET", f"{coach_session}/history")
    mine = f"/api/v1/sessions/{assigned['id']}"
    walk("C1", "DELETE", mine, 204, headers=_if_match(walk("C1", "GET", mine, 200)))
    csv = f"athlete_id,scheduled_date,workout_category,title\n{a1},{day},run,Imported\n"
    walk("A1", "POST", "/api/v1/sessions:import?dry_run=true", 200, content=csv, headers={"Content-Type": "text/csv"})
    walk("A1", "POST", "/api/v1/sessions:import", 201, content=csv, headers={"Content-Type": "text/csv"})
    coach_csv = f"athlete_id,scheduled_date,workout_category,title\n{a1},{day},run,Imported by the coach\n"
    imported = walk.body("C1", "POST", "/api/v1/sessions:import", 201, content=coach_csv, headers=CSV_TYPE)
    batch = imported["batch_id"]
    walk.body("C1", "GET", f"/api/v1/session-imports/{batch}")
    walk.body("C1", "POST", f"/api/v1/session-imports/{batch}:undo")
    walk("C1", "GET", f"/api/v1/sessions:export?athlete_id={a1}", 200)
    walk("C1", "GET", f"/api/v1/sessions:export?athlete_id={a1}&format=parquet", 200)
    walk.body("A1", "GET", f"/api/v1/athletes/{a1}/training")
    walk.body("C1", "GET", f"/api/v1/team-seasons/{s1}/training-summary")


def _load(walk: Walk) -> None:
    a1, p1, s1 = walk.id("a1"), walk.id("p1"), walk.id("s1")
    walk.body("A1", "GET", f"/api/v1/athletes/{a1}/load")
    walk.body("A1", "GET", f"/api/v1/athletes/{a1}/readiness")
    walk.body("C1", "GET", f"/api/v1/team-seasons/{s1}/load")
    settings = f"/api/v1/programs/{p1}/load-settings"
    current = walk("C1", "GET", settings, 200)
    changed = walk("C1", "PUT", settings, 200, json={"chronic_days": 35}, headers=_if_match(current))
    walk("C1", "DELETE", settings, 200, headers=_if_match(changed))


def _planning(walk: Walk, day: date) -> dict[str, str]:
    p1, s1, a1 = walk.id("p1"), walk.id("s1"), walk.id("a1")
    events = f"/api/v1/programs/{p1}/training-events"
    event = walk("C1", "POST", events, 201, json={"name": "400 m", "workout_category": "run", "measure": "distance"})
    squat = walk.body(
        "C1", "POST", events, 201, json={"name": "Back squat", "workout_category": "gym", "measure": "load"}
    )
    spare = walk("C1", "POST", events, 201, json={"name": "Spare", "workout_category": "other", "measure": "time"})
    walk.body("C1", "GET", events)
    event_path = f"/api/v1/training-events/{event.json()['id']}"
    walk("C1", "PATCH", event_path, 200, json={"description": "Relaxed arms"}, headers=_if_match(event))
    walk("C1", "GET", event_path, 200)
    walk("C1", "DELETE", f"/api/v1/training-events/{spare.json()['id']}", 204, headers=_if_match(spare))

    rep = {"training_event_id": event.json()["id"], "target_distance_m": 400, "intensity_rpe": 8}
    jog = {"training_event_id": event.json()["id"], "target_distance_m": 200, "intensity_rpe": 3}
    workout = walk(
        "C1",
        "POST",
        f"/api/v1/programs/{p1}/workouts",
        201,
        json={
            "name": "Intervals",
            "workout_category": "run",
            "steps": [rep, {"repeat": 2, "steps": [rep, jog], "rest_sec": 90}],
        },
    )
    workout_path = f"/api/v1/workouts/{workout.json()['id']}"
    assert workout.json()["steps"][1]["steps"][1]["event_name"] == "400 m"
    walk.body("C1", "GET", f"/api/v1/programs/{p1}/workouts")
    workout = walk("C1", "PATCH", workout_path, 200, json={"planned_rpe": 7}, headers=_if_match(workout))
    walk("C1", "GET", workout_path, 200)
    copy = walk("C1", "POST", f"{workout_path}/copy", 201, json={})
    walk("C1", "DELETE", f"/api/v1/workouts/{copy.json()['id']}", 204, headers=_if_match(copy))

    practices = f"/api/v1/team-seasons/{s1}/practice-sessions"
    practice = walk(
        "C1",
        "POST",
        practices,
        201,
        json={
            "practice_date": day.isoformat(),
            "title": "Track",
            "start_time": time(16).isoformat(),
            "location": "Track",
        },
    )
    practice_path = f"/api/v1/practice-sessions/{practice.json()['id']}"
    walk.body("C1", "GET", practices)
    walk("C1", "PATCH", practice_path, 200, json={"notes": "Bring spikes"}, headers=_if_match(practice))
    entry = walk(
        "C1",
        "POST",
        f"{practice_path}/workouts",
        201,
        json={"workout_id": workout.json()["id"], "event_group_id": walk.id("g1")},
    )
    walk.body("C1", "GET", f"{practice_path}/workouts")
    entry_path = f"/api/v1/practice-session-workouts/{entry.json()['id']}"
    entry = walk("C1", "PATCH", entry_path, 200, json={"position": 2}, headers=_if_match(entry))
    override = walk(
        "C1",
        "POST",
        f"{practice_path}/assignments",
        201,
        json={
            "athlete_id": a1,
            "kind": "scale",
            "practice_session_workout_id": entry.json()["id"],
            "distance_pct": 80,
        },
    )
    walk.body("C1", "GET", f"{practice_path}/assignments")
    override_path = f"/api/v1/practice-assignments/{override.json()['id']}"
    override = walk("C1", "PATCH", override_path, 200, json={"note": "Sore calf"}, headers=_if_match(override))
    next_day, next_week = (day + timedelta(days=1)).isoformat(), (day + timedelta(weeks=1)).isoformat()
    copies = walk.body("C1", "POST", f"{practice_path}:copy", 201, json={"dates": [next_day]})["items"]
    week = f"/api/v1/team-seasons/{s1}/practice-sessions:copy-week"
    copies += walk.body("C1", "POST", week, 201, json={"week_of": day.isoformat(), "to_weeks": [next_week]})["items"]
    for made in copies:  # the world as it was for what follows
        headers = {"If-Match": f'"v{made["version"]}"'}
        walk("C1", "DELETE", f"/api/v1/practice-sessions/{made['id']}", 204, headers=headers)
    preview = walk("C1", "POST", f"{practice_path}/preview", 200)
    published = walk("C1", "POST", f"{practice_path}/publish", 200, headers=_if_match(preview))
    assert published.json()["created"], published.text
    cancelled = walk("C1", "POST", f"{practice_path}/cancel", 200, headers=_if_match(published))
    walk("C1", "DELETE", override_path, 204, headers=_if_match(override))
    walk("C1", "DELETE", entry_path, 204, headers=_if_match(entry))
    walk("C1", "DELETE", practice_path, 204, headers=_if_match(walk("C1", "GET", practice_path, 200)))
    assert cancelled.json()["status"] == "cancelled"

    maxes = f"/api/v1/athletes/{a1}/strength-maxes"
    best = walk(
        "C1",
        "POST",
        maxes,
        201,
        json={"training_event_id": squat["id"], "one_rm_kg": 120.5, "tested_on": day.isoformat()},
    )
    walk.body("A1", "GET", maxes)
    max_path = f"/api/v1/strength-maxes/{best.json()['id']}"
    best = walk("C1", "PATCH", max_path, 200, json={"one_rm_kg": 122.5}, headers=_if_match(best))
    walk("C1", "DELETE", max_path, 204, headers=_if_match(best))
    return {"workout": workout.json()["id"]}


def _activities(walk: Walk, day: date) -> None:
    def fit(hour: int) -> bytes:
        start = datetime.combine(day, time(hour), tzinfo=UTC)
        return build_activity_fit(SessionSpec(start, 1800, Sport.RUNNING, SubSport.GENERIC, 3.2, 150))

    raw = {"Content-Type": "application/octet-stream", "X-Filename": "run.fit"}
    walk("A1", "POST", f"/api/v1/athletes/{walk.id('a1')}/activity-files", 201, content=fit(14), headers=raw)
    session = walk.id("a1_self_season")
    attached = walk.body("A1", "POST", f"/api/v1/sessions/{session}/activity-file", 201, content=fit(20), headers=raw)
    assert walk.body("A1", "GET", f"/api/v1/sessions/{session}/activity-file")["id"] == attached["file"]["id"]
    walk("A1", "GET", attached["file"]["download"], 200)


def _calendar(walk: Walk) -> None:
    feed = walk.body("A1", "POST", "/api/v1/calendar-feeds", 201, json={"athlete_id": walk.id("a1")})
    walk.body("A1", "GET", "/api/v1/calendar-feeds")
    walk("anon", "GET", "/calendar/" + feed["url"].rsplit("/calendar/", 1)[1], 200)
    walk("A1", "DELETE", f"/api/v1/calendar-feeds/{feed['id']}", 204)


def _administration(walk: Walk, day: date) -> None:
    """Running a program (issue 14): a program of one's own, members, seasons, groups, athletes, rosters."""
    p1, s1 = walk.id("p1"), walk.id("s1")
    created = walk("U", "POST", "/api/v1/programs", 201, json={"name": "U Club", "sport": "cross_country"})
    program = f"/api/v1/programs/{created.json()['id']}"
    walk(
        "U",
        "PATCH",
        program,
        200,
        json={"time_zone": "Europe/Berlin"},
        headers=_if_match(walk("U", "GET", program, 200)),
    )
    members = walk.body("C1", "GET", f"/api/v1/programs/{p1}/members")["items"]
    x = next(m for m in members if m["id"] == walk.id("x"))
    member = f"/api/v1/program-members/{x['id']}"
    walk("C1", "PATCH", member, 200, json={"role": "strength_coach"}, headers={"If-Match": f'"v{x["version"]}"'})
    dates = {"start_date": (day + timedelta(days=400)).isoformat(), "end_date": (day + timedelta(days=500)).isoformat()}
    season = walk("C1", "POST", f"/api/v1/programs/{p1}/team-seasons", 201, json={"name": "Next year", **dates})
    closed = walk(
        "C1",
        "PATCH",
        f"/api/v1/team-seasons/{season.json()['id']}",
        200,
        json={"closed": True},
        headers=_if_match(season),
    )
    assert closed.json()["closed_at"] is not None
    group = walk("C1", "POST", f"/api/v1/programs/{p1}/event-groups", 201, json={"name": "Hurdles"})
    new = {
        "name": "Nia Walsh",
        "email": "nia.walsh@example.org",
        "team_season_id": s1,
        "event_group_id": group.json()["id"],
    }
    athlete = walk("C1", "POST", f"/api/v1/programs/{p1}/athletes", 201, json=new)
    walk.body("C1", "GET", f"/api/v1/programs/{p1}/athletes")
    athlete_path = f"/api/v1/athletes/{athlete.json()['id']}"
    walk("C1", "PATCH", athlete_path, 200, json={"sex": "female"}, headers=_if_match(athlete))
    entry = walk("C1", "POST", f"/api/v1/team-seasons/{s1}/roster", 201, json={"athlete_id": athlete.json()["id"]})
    walk(
        "C1",
        "PATCH",
        f"/api/v1/roster-entries/{entry.json()['roster_entry_id']}",
        200,
        json={"status": "injured"},
        headers=_if_match(entry),
    )
    walk(
        "C1",
        "PATCH",
        f"/api/v1/event-groups/{group.json()['id']}",
        200,
        json={"archived": True},
        headers=_if_match(group),
    )
    csv = "name,email,event_group,status\nOmar Said,omar.said@example.org,Distance,redshirt\n"
    roster = f"/api/v1/team-seasons/{s1}/roster:import"
    assert walk.body("C1", "POST", f"{roster}?dry_run=true", 200, content=csv, headers=CSV_TYPE)["entries_created"] == 1
    assert walk.body("C1", "POST", roster, 201, content=csv, headers=CSV_TYPE)["athletes_created"] == 1


def _anonymous(walk: Walk) -> None:
    walk.body("anon", "GET", "/healthz")
    walk.body("anon", "GET", "/readyz")
    with walk.api.admin() as conn:
        row = conn.execute("select email from users where id = %s", [walk.world.user("A1")]).fetchone()
    assert row is not None
    walk.body("anon", "POST", "/api/v1/demo/sign-in", json={"email": row[0]})


def _accounts(walk: Walk) -> None:
    """Sign-in, password reset (demo mode: the link goes to the log; the test issues its own), sign-out."""
    password = "a long enough passphrase"
    raw = "t" * 43
    with walk.api.admin() as conn:
        row = conn.execute("select email from users where id = %s", [walk.world.user("A1")]).fetchone()
        assert row is not None
        email = str(row[0])
        conn.execute("select app_private.set_password(%s, %s)", [walk.world.user("A1"), hash_password(password)])
    signed_in = walk.body("anon", "POST", "/api/v1/auth/sign-in", json={"email": email, "password": password})
    walk("anon", "POST", "/api/v1/auth/password-reset", 202, json={"email": email})
    with walk.api.admin() as conn:
        conn.execute(
            "select app_private.issue_password_reset(%s, %s, interval '1 hour')",
            [email, hashlib.sha256(raw.encode()).digest()],
        )
    reset = walk.body(
        "anon", "POST", "/api/v1/auth/password-reset:confirm", json={"token": raw, "password": password + "!"}
    )
    walk.api.client.cookies.clear()  # the answers set the session cookie: later requests are the caller's own
    assert signed_in["access_token"] != reset["access_token"]  # the reset ended the first session; sign out the new
    walk("anon", "POST", "/api/v1/auth/sign-out", 204, headers={"Authorization": f"Bearer {reset['access_token']}"})
    walk("A1", "POST", "/api/v1/auth/sign-out-everywhere", 204)


def _invitations(walk: Walk) -> None:
    """Invite (demo mode: the link goes to the log), list, resend, revoke; accept a link the test issues itself."""
    invitations = f"/api/v1/programs/{walk.id('p1')}/invitations"
    made = walk.body("C1", "POST", invitations, 201, json={"email": "walk.one@example.org", "role": "strength_coach"})
    walk("C1", "GET", invitations, 200)
    walk("C1", "POST", f"/api/v1/invitations/{made['id']}:resend", 200)
    walk("C1", "POST", f"/api/v1/invitations/{made['id']}:revoke", 200)
    other = walk.body(
        "C1", "POST", invitations, 201, json={"email": "walk.two@example.org", "role": "athletic_trainer"}
    )
    raw = "i" * 43
    with walk.api.admin() as conn:
        conn.execute(
            "insert into app_private.one_time_tokens (token_sha256, purpose, email, payload, expires_at) "
            "values (%s, 'invitation', 'walk.two@example.org', jsonb_build_object('invitation_id', %s::uuid), "
            "now() + interval '1 hour')",
            [hashlib.sha256(raw.encode()).digest(), other["id"]],
        )
    body = {"token": raw, "password": "a long enough passphrase", "name": "Walk Two"}
    walk("anon", "POST", "/api/v1/invitations:accept", 200, json=body)
    walk.api.client.cookies.clear()


def _field(walk: Walk, day: date) -> None:
    """The athlete app's server side: a wellness check-in, the group stopwatch and strength work per set."""
    p1, a1 = walk.id("p1"), walk.id("a1")
    checkin = {"sleep_quality": 4, "fatigue": 3, "muscle_soreness": 3, "stress": 4, "mood": 4, "sleep_hours": 7.5}
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    walk("A1", "PUT", f"/api/v1/athletes/{a1}/wellness/{yesterday}", 201, json=checkin)
    walk.body("C1", "GET", f"/api/v1/athletes/{a1}/wellness")
    events = f"/api/v1/programs/{p1}/training-events"
    run = walk.body("C1", "POST", events, 201, json={"name": "800 m", "workout_category": "run", "measure": "distance"})
    lift = walk.body("C1", "POST", events, 201, json={"name": "Deadlift", "workout_category": "gym", "measure": "load"})
    workouts = f"/api/v1/programs/{p1}/workouts"
    reps = {
        "name": "6 × 800 m",
        "workout_category": "run",
        "steps": [{"training_event_id": run["id"], "target_distance_m": 800}],
    }
    gym = {
        "name": "Pull",
        "workout_category": "gym",
        "steps": [{"training_event_id": lift["id"], "sets": 3, "reps": 5, "load_kg": 100}],
    }
    practice = walk.body(
        "C1",
        "POST",
        f"/api/v1/team-seasons/{walk.id('s1')}/practice-sessions",
        201,
        json={"practice_date": day.isoformat(), "title": "Track and gym"},
    )
    path = f"/api/v1/practice-sessions/{practice['id']}"
    for body in (reps, gym):
        workout = walk.body("C1", "POST", workouts, 201, json=body)
        walk("C1", "POST", f"{path}/workouts", 201, json={"workout_id": workout["id"]})
    walk("C1", "POST", f"{path}/publish", 200, headers=_if_match(walk("C1", "GET", path, 200)))
    splits = {"rep_distance_m": 800, "athletes": [{"athlete_id": a1, "reps": [{"split_ms": 150000}, {"dnf": True}]}]}
    walk("C1", "POST", f"{path}/splits", 200, json=splits, headers={"Idempotency-Key": "contract-splits"})
    sessions = walk.body("A1", "GET", f"/api/v1/sessions?athlete_id={a1}&workout_category=gym&limit=200")["items"]
    session = next(s for s in sessions if s.get("practice_session_id") == practice["id"])
    sets_path = f"/api/v1/sessions/{session['id']}/sets"
    plan = walk("A1", "GET", sets_path, 200)
    step = plan.json()["sets"][0]["step_id"]
    log = {"sets": [{"step_id": step, "set_number": 1, "status": "done", "load_kg": 100, "reps": 5}]}
    walk("A1", "PUT", sets_path, 200, json=log, headers=_if_match(plan))
    walk.body("C1", "GET", f"{path}/sets")
    choice = {"step_id": step, "set_number": 1, "confirm": True}
    walk("C1", "POST", f"/api/v1/sessions/{session['id']}/strength-max", 200, json=choice)


def test_every_operation_answers_as_its_document_says(api_demo: Api, contract: Contract) -> None:
    walk = Walk(api_demo, contract)
    day = _season_day(walk)
    _context(walk)
    _sessions(walk, day)
    _load(walk)
    _planning(walk, day)
    _activities(walk, day)
    _calendar(walk)
    _field(walk, day)
    _administration(walk, day)
    _anonymous(walk)
    _accounts(walk)
    _invitations(walk)
    answered = {op for op, statuses in contract.checked.items() if any(s.startswith("2") for s in statuses)}
    assert sorted(set(contract.operations()) - answered) == []


def _filled(path: str) -> str:
    return path.replace("{token}", "x" * 43).format_map(_AnyId())


class _AnyId(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return str(uuid.uuid4())


def test_every_operation_refuses_a_caller_without_a_token_as_documented(api_demo: Api, contract: Contract) -> None:
    walk = Walk(api_demo, contract)
    for operation_id, (method, path) in sorted(contract.operations().items()):
        if operation_id in ANONYMOUS:
            continue
        problem = walk.body("anon", method.upper(), _filled(path), 401, json={} if method != "get" else None)
        assert problem["code"] == "unauthenticated", operation_id
    assert walk.body("anon", "GET", _filled("/calendar/{token}.ics"), 404)["code"] == "calendar_feed_not_found"


def test_refusals_answer_as_documented(api_demo: Api, contract: Contract) -> None:
    walk = Walk(api_demo, contract)
    day = _season_day(walk)
    session = f"/api/v1/sessions/{walk.id('a1_coach')}"
    stale, fresh = {"If-Match": '"v999"'}, _if_match(walk("A1", "GET", session, 200))
    refusals: list[tuple[str, str, str, int, str, dict[str, Any]]] = [
        ("anon", "GET", "/api/v1/me", 401, "unauthenticated", {}),
        ("C1", "GET", f"/api/v1/sessions/{uuid.uuid4()}", 404, "session_not_found", {}),
        ("A1", "PATCH", session, 422, "validation_failed", {"json": {"bogus": 1}, "headers": fresh}),
        ("A1", "PATCH", session, 403, "planned_fields_locked", {"json": {"planned_rpe": 9}, "headers": fresh}),
        ("A1", "PATCH", session, 412, "precondition_failed", {"json": {"actual_rpe": 4}, "headers": stale}),
        ("A1", "PATCH", session, 428, "precondition_required", {"json": {"actual_rpe": 4}}),
        (
            "A1",
            "POST",
            "/api/v1/sessions",
            400,
            "malformed_json",
            {"content": "{", "headers": {"Content-Type": "application/json"}},
        ),
        ("A1", "POST", "/api/v1/sessions", 413, "payload_too_large", {"content": b" " * (2 << 20)}),
        (
            "A1",
            "POST",
            "/api/v1/sessions:import",
            422,
            "import_invalid",
            {
                "content": f"athlete_id,workout_category,scheduled_date\n{walk.id('a1')},swim,{day}\n",
                "headers": {"Content-Type": "text/csv"},
            },
        ),
        ("C1", "PUT", f"/api/v1/programs/{walk.id('p1')}/load-settings", 428, "precondition_required", {"json": {}}),
        (
            "A1",
            "POST",
            f"/api/v1/programs/{walk.id('p1')}/training-events",
            403,
            "staff_only",
            {"json": {"name": "Mine", "workout_category": "run", "measure": "time"}},
        ),
        ("A1", "GET", f"/api/v1/team-seasons/{walk.id('s1')}/load?date=2999-01-01", 422, "invalid_input", {}),
        (
            "AT",
            "POST",
            f"/api/v1/programs/{walk.id('p1')}/workouts",
            403,
            "role_required",
            {"json": {"name": "Mine", "workout_category": "run"}},
        ),
        (
            "C1",
            "POST",
            f"/api/v1/team-seasons/{walk.id('s1')}/roster",
            403,
            "athlete_not_in_program",
            {"json": {"athlete_id": walk.id("b1")}},
        ),
    ]
    for actor, method, path, status, code, kwargs in refusals:
        problem = walk.body(actor, method, path, status, **kwargs)
        assert (problem["status"], problem["code"]) == (status, code), (method, path, problem)
    event = {"name": "Hill sprints", "workout_category": "run", "measure": "distance"}
    events = f"/api/v1/programs/{walk.id('p1')}/training-events"
    walk("C1", "POST", events, 201, json=event)
    assert walk.body("C1", "POST", events, 409, json=event)["code"] == "already_exists"
    assert {"400", "401", "403", "404", "409", "412", "413", "422", "428"} <= {
        status for statuses in contract.checked.values() for status in statuses
    }

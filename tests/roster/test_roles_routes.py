"""The role table (docs/security.md, "Staff roles"; tests/support/roles.py), every cell from both sides, through the
routes: each capability's request sent by the member of P1 who holds each role, and by athlete A1. An allowed cell
answers 2xx; a refused one exactly ``403 role_required`` for staff, and for the athlete the one answer their case
gets (``staff_only``, a 404 for what they cannot see, ``planned_fields_locked``).

One world for the module: each request is repeatable (it re-reads the ETag it needs, and names what only its own
cell creates), so the cells do not depend on each other's order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import Server
from tests.support.api import Api, answer, world_api
from tests.support.factories import TODAY
from tests.support.roles import ACTOR, CELLS, TABLE
from tests.support.world import add_role_library

FUTURE = (TODAY + timedelta(days=2)).isoformat()
ROLE_CAPABILITIES = {
    "administer",
    "manage_roster",
    "set_roster_status",
    "plan",
    "plan_run",
    "plan_gym",
    "assign_run",
    "assign_gym",
}


@pytest.fixture(scope="module")
def roles_api(pg_server: Server, template_db: str) -> Iterator[Api]:
    # Demo mode: an invitation's link goes to the log (no SMTP server here).
    yield from world_api(pg_server, template_db, add_role_library, demo_mode=True)


@dataclass(frozen=True)
class Call:
    method: str
    path: str  # "{name}" for ids of the world; "{self}" for the actor's own variant (see ``target``)
    body: dict[str, Any] | None = None
    etag_path: str | None = None  # GET it first and send its ETag as If-Match
    refused_athlete: tuple[int, str] = (403, "staff_only")  # A1's answer where the table says no


def _session(category: str) -> Call:
    body = {"athlete_ids": ["{a1}"], "team_season_id": "{s1}", "workout_category": category, "scheduled_date": FUTURE}
    return Call("POST", "/api/v1/sessions", body)


CALLS: dict[str, Call] = {
    "program settings": Call("PATCH", "/api/v1/programs/{p1}", {"name": "P1 Track"}, "/api/v1/programs/{p1}"),
    "load settings": Call(
        "PUT", "/api/v1/programs/{p1}/load-settings", {"chronic_days": 35}, "/api/v1/programs/{p1}/load-settings"
    ),
    "members": Call("PATCH", "/api/v1/program-members/{y}", {"role": "assistant_coach"}, "members"),
    "seasons": Call(
        "POST",
        "/api/v1/programs/{p1}/team-seasons",
        {
            "name": "Next",
            "start_date": (TODAY + timedelta(400)).isoformat(),
            "end_date": (TODAY + timedelta(500)).isoformat(),
        },
    ),
    "invite staff": Call(
        "POST", "/api/v1/programs/{p1}/invitations", {"email": "staff.{actor}@example.org", "role": "assistant_coach"}
    ),
    "invite athletes": Call(
        "POST",
        "/api/v1/programs/{p1}/invitations",
        {"email": "athlete.{actor}@example.org", "role": "athlete", "athlete_id": "{a2}"},
    ),
    "roster": Call("POST", "/api/v1/team-seasons/{s1}/roster", {"athlete_id": "{spare}"}),
    "roster status": Call("PATCH", "/api/v1/roster-entries/{entry}", {"status": "injured"}, "entry"),
    "event groups": Call("POST", "/api/v1/programs/{p1}/event-groups", {"name": "Group {actor}"}),
    "athlete profiles": Call(
        "PATCH", "/api/v1/athletes/{athlete}", {"date_of_birth": "2004-04-04"}, "/api/v1/athletes/{athlete}"
    ),
    "plan run work": Call("POST", "/api/v1/programs/{p1}/workouts", {"name": "Run {actor}", "workout_category": "run"}),
    "publish a run practice": Call(
        "POST",
        "/api/v1/practice-sessions/{practice_run}/publish",
        etag_path="/api/v1/practice-sessions/{practice_run}",
        refused_athlete=(404, "practice_not_found"),
    ),
    "plan gym work": Call("POST", "/api/v1/programs/{p1}/workouts", {"name": "Gym {actor}", "workout_category": "gym"}),
    "publish an S&C practice": Call(
        "POST",
        "/api/v1/practice-sessions/{practice_gym}/publish",
        etag_path="/api/v1/practice-sessions/{practice_gym}",
        refused_athlete=(404, "practice_not_found"),
    ),
    "strength maxes": Call(
        "POST",
        "/api/v1/athletes/{a1}/strength-maxes",
        {"training_event_id": "{event_gym}", "one_rm_kg": 100, "tested_on": "{day}"},
        refused_athlete=(404, "not_found"),  # the exercise is the program's: hidden from the athlete
    ),
    "read training": Call("GET", "/api/v1/athletes/{a1}/training"),
    "assign run sessions": _session("run"),
    "assign gym sessions": _session("gym"),
    "edit a run session's plan": Call(
        "PATCH",
        "/api/v1/sessions/{a1_coach}",
        {"planned_rpe": "{rpe}"},
        "/api/v1/sessions/{a1_coach}",
        refused_athlete=(403, "planned_fields_locked"),
    ),
    "edit a gym session's plan": Call(
        "PATCH",
        "/api/v1/sessions/{a1_gym}",
        {"planned_rpe": "{rpe}"},
        "/api/v1/sessions/{a1_gym}",
        refused_athlete=(403, "planned_fields_locked"),
    ),
}


def names(api: Api, actor: str) -> dict[str, str]:
    w = api.world
    found = {k: str(v) for k, v in {**w.ids, **w.sessions}.items()}
    p1 = w.ids["p1"]
    # The athlete acts on their own profile and roster entry; staff on A2's. Each actor rosters their own spare
    # athlete and tests a max on a day of their own (one max per athlete, exercise and day).
    found["athlete"] = found["a1" if actor == "A1" else "a2"]
    found["entry"] = str(w.ids[f"r_{'a1' if actor == 'A1' else 'a2'}_{p1}"])
    found["spare"] = found[f"spare_{actor.lower()}"]
    found["actor"] = actor
    found["day"] = (TODAY - timedelta(days=10 + list(ACTOR.values()).index(actor))).isoformat()
    return found


def resolve(value: Any, found: dict[str, str]) -> Any:
    if value == "{rpe}":  # a planned RPE of the actor's own, so that every cell's change is a change
        return 2 + list(ACTOR.values()).index(found["actor"])
    if isinstance(value, str):
        return value.format_map(found)
    if isinstance(value, list):
        return [resolve(v, found) for v in value]
    if isinstance(value, dict):
        return {k: resolve(v, found) for k, v in value.items()}
    return value


def if_match(api: Api, call: Call, found: dict[str, str]) -> dict[str, str]:
    """The ETag of what the call changes, read as the head coach (who sees it all)."""
    if call.etag_path is None:
        return {}
    if call.etag_path == "members":
        members = api.request("C1", "GET", f"/api/v1/programs/{found['p1']}/members").json()["items"]
        return {"If-Match": f'"v{next(m for m in members if m["id"] == found["y"])["version"]}"'}
    if call.etag_path == "entry":
        roster = api.request("C1", "GET", f"/api/v1/team-seasons/{found['s1']}/roster").json()["items"]
        return {"If-Match": f'"v{next(e for e in roster if e["roster_entry_id"] == found["entry"])["version"]}"'}
    response = api.request("C1", "GET", call.etag_path.format_map(found))
    assert response.status_code == 200, response.text
    return {"If-Match": response.headers["ETag"]}


def test_every_capability_of_the_table_has_its_request() -> None:
    assert set(CALLS) == set(TABLE)


@pytest.mark.parametrize(("capability", "role"), CELLS, ids=[f"{c}-{r}" for c, r in CELLS])
def test_each_role_gets_exactly_what_the_table_says_through_the_routes(
    roles_api: Api, capability: str, role: str
) -> None:
    actor, call = ACTOR[role], CALLS[capability]
    found = names(roles_api, actor)
    response = roles_api.request(
        actor,
        call.method,
        call.path.format_map(found),
        json=resolve(call.body, found),
        headers=if_match(roles_api, call, found),
    )
    if TABLE[capability][role]:
        assert response.status_code in (200, 201), response.text
    elif role == "athlete":
        assert answer(response) == call.refused_athlete, response.text
    else:
        assert answer(response) == (403, "role_required"), response.text
        assert response.json()["capability"] in ROLE_CAPABILITIES, response.text

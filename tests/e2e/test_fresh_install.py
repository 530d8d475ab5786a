"""A team starts on a fresh install, with no demo (issue 14, "Done when"; docs/getting-started.md walks the same
steps): the first user from the CLI, sign-in over the API, a program, a season and event groups, a roster of 40
from CSV (one bad row refused with every row's problem reported; fixed; all in), an assistant coach and an athletic
trainer invited by email (read from an SMTP server in this process), each accepting, signing in and able to do
exactly what the role table says (docs/security.md, "Staff roles")."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.auth.conftest import Mailbox
from tests.support.api import TEST_SECRET, answer, api_settings
from tests.support.factories import TODAY
from tests.support.logging_state import logging_put_back
from trainingops.app import create_app
from trainingops.cli import accounts as account_commands
from trainingops.cli import main as cli
from trainingops.config import get_settings
from trainingops.db.target import DatabaseTarget

pytestmark = pytest.mark.slow  # Argon2 for four accounts, 40 athletes, two dozen requests: ~20 s on a shared machine

HEAD_COACH = ("pat.rivera@northfield.example", "Pat Rivera", "cinder track at first light")
GROUPS = ("Sprints", "Distance", "Throws", "Jumps")


@pytest.fixture
def cli_as_operator(fresh_db: DatabaseTarget) -> Iterator[Any]:
    patch = pytest.MonkeyPatch()
    patch.setenv("DATABASE_URL", fresh_db.admin_url)
    patch.setenv("TRAININGOPS_JWT_SECRET", TEST_SECRET)
    get_settings.cache_clear()
    account_commands._target.cache_clear()

    def invoke(*args: str, stdin: str | None = None) -> Any:
        with logging_put_back():  # the CLI logs onto the runner's stream, closed once it returns
            result = CliRunner().invoke(cli.app, list(args), input=stdin)
        assert result.exit_code == 0, result.output
        return result

    yield invoke
    patch.undo()
    get_settings.cache_clear()
    account_commands._target.cache_clear()


class Team:
    """The API as the team's members call it: each with the token they got by signing in."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.tokens: dict[str, str] = {}

    def sign_in(self, who: str, email: str, password: str) -> None:
        response = self.client.post("/api/v1/auth/sign-in", json={"email": email, "password": password})
        assert response.status_code == 200, response.text
        self.client.cookies.clear()  # API clients use the bearer token
        self.tokens[who] = response.json()["access_token"]

    def __call__(self, who: str, method: str, path: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[who]}", **kwargs.pop("headers", {})}
        return self.client.request(method, f"/api/v1{path}", headers=headers, **kwargs)

    def ok(self, who: str, method: str, path: str, **kwargs: Any) -> Any:
        response = self(who, method, path, **kwargs)
        assert response.status_code in (200, 201), f"{who} {method} {path}: {response.text}"
        return response.json()

    def etag(self, path: str) -> dict[str, str]:
        return {"If-Match": self("coach", "GET", path).headers["ETag"]}


def roster_csv(bad_row: bool) -> str:
    lines = ["name,email,event_group,status,sex"]
    for n in range(40):
        group = "Hurdles" if bad_row and n == 17 else GROUPS[n % 4]
        email = f"athlete{n:02d}@northfield.example" if n < 5 else ""
        lines.append(f"Athlete {n:02d},{email},{group},active,{'female' if n % 2 else 'male'}")
    return "\n".join(lines) + "\n"


def test_a_team_starts_on_a_fresh_install(
    fresh_db: DatabaseTarget, cli_as_operator: Any, mailbox: tuple[Mailbox, int]
) -> None:
    # 1. The operator migrates the empty database and creates the first user.
    run = cli_as_operator
    run("db", "migrate")
    email, name, password = HEAD_COACH
    run("admin", "create", "--email", email, "--name", name, "--password-stdin", stdin=password + "\n")
    box, port = mailbox
    settings = api_settings(
        fresh_db, smtp_host="127.0.0.1", smtp_port=port, smtp_tls="none", smtp_from="ops@example.org"
    )
    with TestClient(create_app(settings, target=fresh_db)) as client:
        team = Team(client)
        team.sign_in("coach", email, password)

        # 2. A program (the coach its head coach), a season, event groups.
        program = team.ok(
            "coach",
            "POST",
            "/programs",
            json={
                "name": "Northfield Track",
                "sport": "track_and_field",
                "time_zone": "America/Chicago",
                "creator_role": "head_coach",
            },
        )["id"]
        season = team.ok(
            "coach",
            "POST",
            f"/programs/{program}/team-seasons",
            json={
                "name": "Outdoor",
                "start_date": str(TODAY - timedelta(days=30)),
                "end_date": str(TODAY + timedelta(days=120)),
            },
        )["id"]
        groups = {
            g: team.ok("coach", "POST", f"/programs/{program}/event-groups", json={"name": g})["id"] for g in GROUPS
        }

        # 3. The roster: one bad row refuses the file, every row's problem named; fixed, all 40 in, 5 invited.
        csv = {"Content-Type": "text/csv"}
        refused = team("coach", "POST", f"/team-seasons/{season}/roster:import", content=roster_csv(True), headers=csv)
        assert answer(refused) == (422, "import_invalid")
        assert [(e["row"], e["column"]) for e in refused.json()["errors"]] == [(19, "event_group")]
        assert team.ok("coach", "GET", f"/team-seasons/{season}/roster")["items"] == []
        imported = team.ok(
            "coach", "POST", f"/team-seasons/{season}/roster:import", content=roster_csv(False), headers=csv
        )
        assert (imported["entries_created"], imported["athletes_created"], imported["invitations_created"]) == (
            40,
            40,
            5,
        )
        roster = team.ok("coach", "GET", f"/team-seasons/{season}/roster")["items"]
        assert len(roster) == 40
        assert len(box.messages) == 5

        # 4. Invitations: an assistant coach and an athletic trainer accept by their emailed links and sign in.
        staff = {
            "assistant": ("sam.lee@northfield.example", "assistant_coach", "Sam Lee", "long relay baton exchange"),
            "trainer": ("jo.kim@northfield.example", "athletic_trainer", "Jo Kim", "ice bath and ankle tape"),
        }
        for who, (address, role, person, secret) in staff.items():
            team.ok("coach", "POST", f"/programs/{program}/invitations", json={"email": address, "role": role})
            assert box.messages[-1]["To"] == address
            token = parse_qs(urlparse(box.link()).query)["token"][0]
            accepted = client.post(
                "/api/v1/invitations:accept", json={"token": token, "password": secret, "name": person}
            )
            assert accepted.status_code == 200, accepted.text
            client.cookies.clear()
            team.sign_in(who, address, secret)
            me = team.ok(who, "GET", "/me")
            assert [(m["program_id"], m["role"]) for m in me["staff"]] == [(program, role)]
        pending = team.ok("coach", "GET", f"/programs/{program}/invitations")["items"]
        assert sorted(i["role"] for i in pending) == ["athlete"] * 5  # the roster's, until those athletes accept

        # 5. Each does exactly what the role table says (docs/security.md), every row checked both ways.
        spot_check_roles(team, program=program, season=season, groups=groups, roster=roster)


def spot_check_roles(
    team: Team, *, program: str, season: str, groups: dict[str, str], roster: list[dict[str, Any]]
) -> None:
    athlete, entry = roster[0]["athlete_id"], roster[0]["roster_entry_id"]
    members = {m["role"]: m["id"] for m in team.ok("coach", "GET", f"/programs/{program}/members")["items"]}
    gym_event = team.ok(
        "coach",
        "POST",
        f"/programs/{program}/training-events",
        json={"name": "Back squat", "workout_category": "gym", "measure": "load"},
    )["id"]
    future = str(TODAY + timedelta(days=3))

    def entry_etag() -> dict[str, str]:
        items = team.ok("coach", "GET", f"/team-seasons/{season}/roster")["items"]
        return {"If-Match": f'"v{next(e for e in items if e["roster_entry_id"] == entry)["version"]}"'}

    def members_etag(member: str) -> dict[str, str]:
        items = team.ok("coach", "GET", f"/programs/{program}/members")["items"]
        return {"If-Match": f'"v{next(m for m in items if m["id"] == member)["version"]}"'}

    def session(category: str) -> dict[str, Any]:
        return {
            "json": {
                "athlete_ids": [athlete],
                "team_season_id": season,
                "workout_category": category,
                "scheduled_date": future,
            }
        }

    # capability row: (request, who may: head coach, assistant coach, athletic trainer)
    checks: list[tuple[str, str, str, Any, tuple[bool, bool, bool]]] = [
        (
            "program settings",
            "PATCH",
            f"/programs/{program}",
            lambda who: {"json": {"name": "Northfield Track & Field"}, "headers": team.etag(f"/programs/{program}")},
            (True, False, False),
        ),
        (
            "load settings",
            "PUT",
            f"/programs/{program}/load-settings",
            lambda who: {"json": {"chronic_days": 35}, "headers": team.etag(f"/programs/{program}/load-settings")},
            (True, False, False),
        ),
        (
            "members",
            "POST",
            f"/programs/{program}/invitations",
            lambda who: {"json": {"email": f"strength.{who}@northfield.example", "role": "strength_coach"}},
            (True, False, False),
        ),
        (
            "seasons",
            "POST",
            f"/programs/{program}/team-seasons",
            lambda who: {
                "json": {
                    "name": f"Indoor {who}",
                    "start_date": str(TODAY + timedelta(days=200)),
                    "end_date": str(TODAY + timedelta(days=260)),
                }
            },
            (True, False, False),
        ),
        (
            "roster",
            "POST",
            f"/programs/{program}/athletes",
            lambda who: {"json": {"name": f"Walk-on {who}", "team_season_id": season}},
            (True, True, False),
        ),
        (
            "roster status",
            "PATCH",
            f"/roster-entries/{entry}",
            lambda who: {"json": {"status": "injured" if who != "trainer" else "active"}, "headers": entry_etag()},
            (True, True, True),
        ),
        (
            "event groups (a move)",
            "PATCH",
            f"/roster-entries/{entry}",
            lambda who: {
                "json": {"event_group_id": groups["Jumps" if who == "trainer" else "Sprints"]},
                "headers": entry_etag(),
            },
            (True, True, False),
        ),
        (
            "event groups",
            "POST",
            f"/programs/{program}/event-groups",
            lambda who: {"json": {"name": f"Multis {who}"}},
            (True, True, False),
        ),
        (
            "athlete profiles",
            "PATCH",
            f"/athletes/{athlete}",
            lambda who: {"json": {"date_of_birth": "2006-06-06"}, "headers": team.etag(f"/athletes/{athlete}")},
            (True, True, False),
        ),
        (
            "plan run work",
            "POST",
            f"/programs/{program}/workouts",
            lambda who: {"json": {"name": f"Tempo {who}", "workout_category": "run"}},
            (True, True, False),
        ),
        (
            "plan a practice",
            "POST",
            f"/team-seasons/{season}/practice-sessions",
            lambda who: {"json": {"practice_date": future, "title": f"Practice {who}"}},
            (True, True, False),
        ),
        (
            "plan gym work",
            "POST",
            f"/programs/{program}/workouts",
            lambda who: {"json": {"name": f"Lift {who}", "workout_category": "gym"}},
            (True, False, False),
        ),
        (
            "strength maxes",
            "POST",
            f"/athletes/{athlete}/strength-maxes",
            lambda who: {
                "json": {
                    "training_event_id": gym_event,
                    "one_rm_kg": 80,
                    "tested_on": str(TODAY - timedelta(days=1 + ["coach", "assistant", "trainer"].index(who))),
                }
            },
            (True, False, False),
        ),
        ("read training", "GET", f"/athletes/{athlete}/training", lambda who: {}, (True, True, True)),
        ("read the season's load", "GET", f"/team-seasons/{season}/load", lambda who: {}, (True, True, True)),
        ("assign run sessions", "POST", "/sessions", lambda who: session("run"), (True, True, False)),
        ("assign gym sessions", "POST", "/sessions", lambda who: session("gym"), (True, True, False)),
    ]
    got, want = {}, {}
    for capability, method, path, request, allowed in checks:
        for who, may in zip(("coach", "assistant", "trainer"), allowed, strict=True):
            response = team(who, method, path, **request(who))
            got[capability, who] = response.status_code in (200, 201) or answer(response)
            want[capability, who] = True if may else (403, "role_required")
    assert got == want
    # Members: roles are the administrators' (the head coach changes the trainer's role and back).
    for who in ("assistant", "trainer"):
        other = members["athletic_trainer" if who == "assistant" else "assistant_coach"]
        refused = team(
            who, "PATCH", f"/program-members/{other}", json={"role": "strength_coach"}, headers=members_etag(other)
        )
        assert answer(refused) == (403, "role_required")

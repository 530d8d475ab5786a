"""Seasons (create, edit dates, close) and event groups (create, rename, archive) through the API, with the rules
the database keeps about them: a practice stays within its season, sessions follow season dates, a closed season
and an archived group take nothing new."""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest

from tests.support.api import Api, answer
from tests.support.factories import SEASON_START, TODAY
from tests.support.world import IN_SEASON


def _etag(api: Api, actor: str, path: str, list_path: str, key: str = "id") -> dict[str, str]:
    """If-Match for a row read from the list it is in (seasons and groups have no GET of their own)."""
    items = api.request(actor, "GET", list_path).json()["items"]
    row = next(i for i in items if i[key] == path.rsplit("/", 1)[1])
    return {"If-Match": f'"v{row["version"]}"'}


def _season(api: Api, season: str = "s1", program: str = "p1") -> tuple[str, str]:
    return f"/api/v1/team-seasons/{api.world.ids[season]}", f"/api/v1/programs/{api.world.ids[program]}/team-seasons"


# ------------------------------------------------------------------------------------------------------ seasons


def test_administrators_create_a_season_with_the_programs_sport_by_default(api: Api) -> None:
    start, end = TODAY + timedelta(days=300), TODAY + timedelta(days=420)
    body = {"name": "Outdoor next year", "start_date": str(start), "end_date": str(end)}
    created = api.request("PA", "POST", f"/api/v1/programs/{api.world.ids['p1']}/team-seasons", json=body)
    assert created.status_code == 201, created.text
    assert {k: created.json()[k] for k in ("name", "sport", "closed_at", "version")} == {
        "name": "Outdoor next year",
        "sport": "track_and_field",
        "closed_at": None,
        "version": 1,
    }
    backwards = {**body, "start_date": str(end), "end_date": str(start)}
    refused = api.request("PA", "POST", f"/api/v1/programs/{api.world.ids['p1']}/team-seasons", json=backwards)
    assert (answer(refused), refused.json()["constraint"]) == ((422, "rule_violated"), "team_seasons_dates_ordered")


def test_a_season_cannot_move_so_that_a_practice_falls_outside_it(api: Api) -> None:
    practice = api.request(
        "C1",
        "POST",
        f"/api/v1/team-seasons/{api.world.ids['s1']}/practice-sessions",
        json={"practice_date": str(IN_SEASON), "title": "Tuesday"},
    )
    assert practice.status_code == 201, practice.text
    path, listing = _season(api)
    moved = api.request(
        "C1",
        "PATCH",
        path,
        json={"start_date": str(IN_SEASON + timedelta(days=1))},
        headers=_etag(api, "C1", path, listing),
    )
    assert (answer(moved), moved.json()["constraint"]) == ((422, "rule_violated"), "team_seasons_practices_in_season")


def test_sessions_follow_a_seasons_new_dates(api: Api) -> None:
    """d_self (no season, no coach) belongs to the programs whose season on D's roster contains its day: shrinking
    S2 so that it no longer does takes it out of P2's view, and widening it again brings it back."""
    d_self = f"/api/v1/sessions/{api.world.sessions['d_self']}"
    assert api.request("C2", "GET", d_self).status_code == 200
    path, listing = _season(api, "s2", "p2")
    shrunk = api.request(
        "C2",
        "PATCH",
        path,
        json={"start_date": str(IN_SEASON + timedelta(days=1))},
        headers=_etag(api, "C2", path, listing),
    )
    assert shrunk.status_code == 200, shrunk.text
    assert answer(api.request("C2", "GET", d_self)) == (404, "session_not_found")
    assert api.request("C1", "GET", d_self).status_code == 200
    restored = api.request(
        "C2", "PATCH", path, json={"start_date": str(SEASON_START)}, headers={"If-Match": shrunk.headers["ETag"]}
    )
    assert restored.status_code == 200 and api.request("C2", "GET", d_self).status_code == 200


def test_a_closed_season_takes_no_new_roster_entries_or_practices_until_reopened(api: Api) -> None:
    path, listing = _season(api)
    closed = api.request("C1", "PATCH", path, json={"closed": True}, headers=_etag(api, "C1", path, listing))
    assert closed.status_code == 200 and closed.json()["closed_at"] is not None
    s1 = api.world.ids["s1"]
    entry = api.request(
        "C1", "POST", f"/api/v1/team-seasons/{s1}/roster", json={"athlete_id": str(api.world.ids["a1"])}
    )
    assert answer(entry) == (409, "season_closed")
    imported = api.request(
        "C1",
        "POST",
        f"/api/v1/team-seasons/{s1}/roster:import",
        content=b"name\nNew\n",
        headers={"Content-Type": "text/csv"},
    )
    assert answer(imported) == (409, "season_closed")
    practice = api.request(
        "C1",
        "POST",
        f"/api/v1/team-seasons/{s1}/practice-sessions",
        json={"practice_date": str(TODAY), "title": "Today"},
    )
    assert (answer(practice), practice.json()["constraint"]) == (
        (409, "season_closed"),
        "practice_sessions_season_open",
    )
    # The database holds it for everyone, administrators included.
    with api.admin() as conn, pytest.raises(psycopg.errors.CheckViolation) as caught:
        conn.execute(
            "insert into roster_entries (program_id, team_season_id, athlete_id) values (%s, %s, %s)",
            [api.world.ids["p1"], s1, api.world.ids["a1"]],
        )
    assert caught.value.diag.constraint_name == "roster_entries_season_open"
    # What it holds stays readable and changeable: a status, a session.
    roster = api.request("C1", "GET", f"/api/v1/team-seasons/{s1}/roster").json()["items"]
    assert len(roster) == 3
    reopened = api.request("C1", "PATCH", path, json={"closed": False}, headers={"If-Match": closed.headers["ETag"]})
    assert reopened.json()["closed_at"] is None
    entry = api.request(
        "C1", "POST", f"/api/v1/team-seasons/{s1}/roster", json={"athlete_id": str(api.world.ids["a1"])}
    )
    assert entry.status_code == 201, entry.text


def test_closing_twice_keeps_the_first_close(api: Api) -> None:
    path, listing = _season(api)
    first = api.request("C1", "PATCH", path, json={"closed": True}, headers=_etag(api, "C1", path, listing))
    again = api.request("C1", "PATCH", path, json={"closed": True}, headers={"If-Match": first.headers["ETag"]})
    assert again.json()["closed_at"] == first.json()["closed_at"]


def test_editing_a_season_needs_its_current_version(api: Api) -> None:
    path, _ = _season(api)
    assert answer(api.request("C1", "PATCH", path, json={"name": "x"})) == (428, "precondition_required")
    assert answer(api.request("C1", "PATCH", path, json={"name": "x"}, headers={"If-Match": '"v9"'})) == (
        412,
        "precondition_failed",
    )
    assert answer(api.request("C2", "PATCH", path, json={"name": "x"}, headers={"If-Match": '"v1"'})) == (
        404,
        "not_found",
    )


# ------------------------------------------------------------------------------------------------- event groups


def _group(api: Api, group: str = "g1") -> tuple[str, str]:
    return f"/api/v1/event-groups/{api.world.ids[group]}", f"/api/v1/programs/{api.world.ids['p1']}/event-groups"


def test_roster_staff_create_and_rename_groups_with_names_unique_per_program(api: Api) -> None:
    groups = f"/api/v1/programs/{api.world.ids['p1']}/event-groups"
    created = api.request("AC", "POST", groups, json={"name": "Sprints"})
    assert (created.status_code, created.json()["archived_at"]) == (201, None)
    assert answer(api.request("AC", "POST", groups, json={"name": "sprints"})) == (409, "already_exists")
    # Another program may have its own "Sprints".
    assert (
        api.request(
            "C2", "POST", f"/api/v1/programs/{api.world.ids['p2']}/event-groups", json={"name": "Sprints"}
        ).status_code
        == 201
    )
    path, listing = _group(api)
    renamed = api.request("AC", "PATCH", path, json={"name": "Endurance"}, headers=_etag(api, "AC", path, listing))
    assert renamed.json()["name"] == "Endurance"


def test_an_archived_group_takes_nothing_new_and_keeps_its_history(api: Api) -> None:
    path, listing = _group(api)
    archived = api.request("C1", "PATCH", path, json={"archived": True}, headers=_etag(api, "C1", path, listing))
    assert archived.json()["archived_at"] is not None
    s1, g1 = api.world.ids["s1"], str(api.world.ids["g1"])
    # Its entries keep it.
    roster = api.request("C1", "GET", f"/api/v1/team-seasons/{s1}/roster").json()["items"]
    assert {e["event_group_id"] for e in roster} == {g1}
    # No new entry, no move into it, no practice workout for it.
    spare = api.request("C1", "POST", f"/api/v1/programs/{api.world.ids['p1']}/athletes", json={"name": "Spare"}).json()
    entry = api.request(
        "C1", "POST", f"/api/v1/team-seasons/{s1}/roster", json={"athlete_id": spare["id"], "event_group_id": g1}
    )
    assert (answer(entry), entry.json()["constraint"]) == ((422, "event_group_archived"), "roster_entries_group_active")
    practice = api.request(
        "C1",
        "POST",
        f"/api/v1/team-seasons/{s1}/practice-sessions",
        json={"practice_date": str(TODAY), "title": "Today"},
    ).json()
    workout = api.request(
        "C1",
        "POST",
        f"/api/v1/programs/{api.world.ids['p1']}/workouts",
        json={"name": "Tempo", "workout_category": "run"},
    ).json()
    added = api.request(
        "C1",
        "POST",
        f"/api/v1/practice-sessions/{practice['id']}/workouts",
        json={"workout_id": workout["id"], "event_group_id": g1},
    )
    assert (answer(added), added.json()["constraint"]) == (
        (422, "event_group_archived"),
        "practice_workouts_group_active",
    )
    # Restored, it takes them again.
    restored = api.request(
        "C1", "PATCH", path, json={"archived": False}, headers={"If-Match": archived.headers["ETag"]}
    )
    assert restored.json()["archived_at"] is None
    entry = api.request(
        "C1", "POST", f"/api/v1/team-seasons/{s1}/roster", json={"athlete_id": spare["id"], "event_group_id": g1}
    )
    assert entry.status_code == 201, entry.text

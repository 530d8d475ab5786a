"""Athletes and roster entries through the API: create, edit a profile, roster, move between event groups, change
a status, transfer; and the attack the roster rules exist for — putting another program's athlete on your roster
to read them."""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest

from tests.support.api import Api, answer
from tests.support.factories import TODAY

RANDOM = "00000000-0000-4000-8000-000000000000"


def _entry(api: Api, athlete: str, program: str = "p1") -> str:
    return str(api.world.ids[f"r_{athlete}_{api.world.ids[program]}"])


def _entry_etag(api: Api, actor: str, entry_id: str, season: str = "s1") -> dict[str, str]:
    roster = api.request(actor, "GET", f"/api/v1/team-seasons/{api.world.ids[season]}/roster").json()["items"]
    return {"If-Match": f'"v{next(e for e in roster if e["roster_entry_id"] == entry_id)["version"]}"'}


def _etag(api: Api, actor: str, path: str) -> dict[str, str]:
    return {"If-Match": api.request(actor, "GET", path).headers["ETag"]}


# -------------------------------------------------------------------------------------------------- athletes


def test_roster_staff_create_an_athlete_on_a_season_with_the_email_kept_for_the_invitation(api: Api) -> None:
    p1, s1, g1 = (str(api.world.ids[k]) for k in ("p1", "s1", "g1"))
    body = {
        "name": "Maya Okafor",
        "sex": "female",
        "date_of_birth": "2006-03-14",
        "email": "maya.okafor@example.edu",
        "team_season_id": s1,
        "event_group_id": g1,
        "status": "redshirt",
    }
    created = api.request("AC", "POST", f"/api/v1/programs/{p1}/athletes", json=body)
    assert created.status_code == 201, created.text
    athlete = created.json()
    assert (athlete["user_id"], athlete["email"], athlete["version"], created.headers["ETag"]) == (
        None,
        "maya.okafor@example.edu",
        1,
        '"v1"',
    )
    assert [(r["team_season_id"], r["event_group_id"], r["status"]) for r in athlete["rosters"]] == [
        (s1, g1, "redshirt")
    ]
    listed = api.request("SC", "GET", f"/api/v1/programs/{p1}/athletes").json()["items"]
    assert athlete["id"] in {a["id"] for a in listed}
    assert answer(api.request("C2", "GET", f"/api/v1/athletes/{athlete['id']}")) == (404, "not_found")


def test_an_athlete_created_without_a_season_is_the_programs_and_goes_on_a_roster_later(api: Api) -> None:
    p1, s1 = str(api.world.ids["p1"]), str(api.world.ids["s1"])
    athlete = api.request("C1", "POST", f"/api/v1/programs/{p1}/athletes", json={"name": "Leo Brandt"}).json()
    assert athlete["rosters"] == []
    assert api.request("PA", "GET", f"/api/v1/athletes/{athlete['id']}").status_code == 200
    entry = api.request("PA", "POST", f"/api/v1/team-seasons/{s1}/roster", json={"athlete_id": athlete["id"]})
    assert entry.status_code == 201, entry.text
    assert (entry.json()["athlete_id"], entry.json()["status"], entry.json()["event_group_id"]) == (
        athlete["id"],
        "active",
        None,
    )
    again = api.request("PA", "POST", f"/api/v1/team-seasons/{s1}/roster", json={"athlete_id": athlete["id"]})
    assert answer(again) == (409, "already_exists")


def test_an_athlete_is_created_only_on_a_season_of_the_program(api: Api) -> None:
    p1 = str(api.world.ids["p1"])
    for season in (str(api.world.ids["s2"]), RANDOM):
        refused = api.request(
            "C1", "POST", f"/api/v1/programs/{p1}/athletes", json={"name": "X", "team_season_id": season}
        )
        assert answer(refused) == (422, "invalid_input")
        assert refused.json()["errors"] == [{"pointer": "#/team_season_id", "detail": "Not a season of this program."}]


def test_the_athlete_edits_their_own_profile_and_roster_staff_edit_their_athletes(api: Api) -> None:
    a1, a2 = f"/api/v1/athletes/{api.world.ids['a1']}", f"/api/v1/athletes/{api.world.ids['a2']}"
    own = api.request(
        "A1", "PATCH", a1, json={"sex": "male", "date_of_birth": "2005-01-31"}, headers=_etag(api, "A1", a1)
    )
    assert (own.status_code, own.json()["sex"], own.json()["date_of_birth"]) == (200, "male", "2005-01-31")
    assert answer(api.request("A1", "PATCH", a2, json={"sex": "male"}, headers={"If-Match": '"v1"'})) == (
        404,
        "not_found",
    )
    staff = api.request("PA", "PATCH", a2, json={"name": "Athlete A2 Jr"}, headers=_etag(api, "PA", a2))
    assert staff.json()["name"] == "Athlete A2 Jr"
    for actor in ("AT", "SC"):
        refused = api.request(actor, "PATCH", a2, json={"sex": "female"}, headers=_etag(api, actor, a2))
        assert answer(refused) == (403, "role_required")
    assert answer(api.request("C2", "PATCH", a2, json={"sex": "male"}, headers={"If-Match": '"v2"'})) == (
        404,
        "not_found",
    )
    assert answer(api.request("A1", "PATCH", a1, json={"name": None}, headers=_etag(api, "A1", a1))) == (
        422,
        "validation_failed",
    )


# ------------------------------------------------------------------------------------------ another program's


@pytest.mark.parametrize("rostering", ["b1", "random", "created_by_p2"])
def test_another_programs_athlete_cannot_be_put_on_your_roster_and_the_answer_tells_nothing(
    api: Api, rostering: str
) -> None:
    """The attack of issue 11 #4: roster another program's athlete, then read them. B1 is P2's; the answer for B1,
    for an athlete P2 created and for an id that does not exist is the same, byte for byte."""
    if rostering == "created_by_p2":
        made = api.request("C2", "POST", f"/api/v1/programs/{api.world.ids['p2']}/athletes", json={"name": "Newcomer"})
        athlete_id = made.json()["id"]
    else:
        athlete_id = str(api.world.ids.get(rostering, RANDOM))
    path = f"/api/v1/team-seasons/{api.world.ids['s1']}/roster"
    refused = api.request("C1", "POST", path, json={"athlete_id": athlete_id})
    random = api.request("C1", "POST", path, json={"athlete_id": RANDOM})
    assert answer(refused) == (403, "athlete_not_in_program")
    assert refused.content == random.content
    assert answer(api.request("C1", "GET", f"/api/v1/athletes/{athlete_id}")) == (404, "not_found")


def test_staff_of_both_programs_still_cannot_carry_an_athlete_from_one_to_the_other(api: Api) -> None:
    with api.admin() as conn:  # C1 also coaches P2 and so sees B1; the roster rule is per program
        conn.execute(
            "insert into program_members (program_id, user_id, role) values (%s, %s, 'assistant_coach')",
            [api.world.ids["p2"], api.world.users["C1"]],
        )
    b1 = str(api.world.ids["b1"])
    assert api.request("C1", "GET", f"/api/v1/athletes/{b1}").status_code == 200
    refused = api.request("C1", "POST", f"/api/v1/team-seasons/{api.world.ids['s1']}/roster", json={"athlete_id": b1})
    assert answer(refused) == (403, "athlete_not_in_program")
    with psycopg.connect(api.target.app_url) as conn:
        conn.execute("select set_config('app.user_id', %s, true)", [str(api.world.users["C1"])])
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
            conn.execute(
                "insert into roster_entries (program_id, team_season_id, athlete_id) values (%s, %s, %s)",
                [api.world.ids["p1"], api.world.ids["s1"], b1],
            )
    assert caught.value.diag.message_primary == 'new row violates row-level security policy for table "roster_entries"'


def test_the_roster_helper_answers_nothing_about_programs_you_do_not_run(api: Api) -> None:
    with psycopg.connect(api.target.app_url) as conn:
        conn.execute("select set_config('app.user_id', %s, true)", [str(api.world.users["C1"])])
        probe = "select app_private.may_roster(%s, %s)"
        assert conn.execute(probe, [api.world.ids["p2"], api.world.ids["b1"]]).fetchone() == (False,)
        assert conn.execute(probe, [api.world.ids["p1"], api.world.ids["a1"]]).fetchone() == (True,)


# ------------------------------------------------------------------------------------------- roster entries


def test_roster_staff_move_athletes_between_groups_and_athletic_trainers_change_only_the_status(api: Api) -> None:
    p1 = str(api.world.ids["p1"])
    sprints = api.request("C1", "POST", f"/api/v1/programs/{p1}/event-groups", json={"name": "Sprints"}).json()["id"]
    entry = _entry(api, "a2")
    path = f"/api/v1/roster-entries/{entry}"
    moved = api.request("AC", "PATCH", path, json={"event_group_id": sprints}, headers=_entry_etag(api, "AC", entry))
    assert (moved.status_code, moved.json()["event_group"]) == (200, "Sprints")
    injured = api.request("AT", "PATCH", path, json={"status": "injured"}, headers=_entry_etag(api, "AT", entry))
    assert (injured.status_code, injured.json()["status"]) == (200, "injured")
    for change in ({"event_group_id": None}, {"status": "active", "left_on": str(TODAY)}):
        refused = api.request("AT", "PATCH", path, json=change, headers=_entry_etag(api, "AT", entry))
        assert answer(refused) == (403, "role_required")
    with psycopg.connect(api.target.app_url) as conn:  # the database keeps the trainer to the status too
        conn.execute("select set_config('app.user_id', %s, true)", [str(api.world.users["AT"])])
        with pytest.raises(psycopg.errors.CheckViolation) as caught:
            conn.execute("update roster_entries set event_group_id = null where id = %s", [entry])
    assert caught.value.diag.constraint_name == "roster_entries_status_only"


def test_an_entry_names_only_a_group_of_its_own_program(api: Api) -> None:
    entry = _entry(api, "a2")
    for group in (str(api.world.ids["g2"]), RANDOM):
        refused = api.request(
            "C1",
            "PATCH",
            f"/api/v1/roster-entries/{entry}",
            json={"event_group_id": group},
            headers=_entry_etag(api, "C1", entry),
        )
        assert (answer(refused), refused.json()["constraint"]) == (
            (422, "reference_not_found"),
            "roster_entries_event_group_fk",
        )


def test_an_athlete_sees_their_entry_but_does_not_change_it(api: Api) -> None:
    entry = _entry(api, "a1")
    refused = api.request(
        "A1", "PATCH", f"/api/v1/roster-entries/{entry}", json={"status": "injured"}, headers={"If-Match": '"v1"'}
    )
    assert answer(refused) == (403, "staff_only")
    hidden = api.request(
        "A2", "PATCH", f"/api/v1/roster-entries/{entry}", json={"status": "injured"}, headers={"If-Match": '"v1"'}
    )
    random = api.request(
        "A2", "PATCH", f"/api/v1/roster-entries/{RANDOM}", json={"status": "injured"}, headers={"If-Match": '"v1"'}
    )
    assert answer(hidden) == (404, "not_found") and hidden.content == random.content


# ------------------------------------------------------------------------------------------------- transfers


def test_a_transfer_keeps_each_programs_history_on_its_side_and_the_old_program_reads_nothing_new(api: Api) -> None:
    """A1 leaves P1 (yesterday: left_on, inactive) and joins P2 today (the administrator's path until invitations:
    P2 cannot roster an athlete who is not yet its own). P1 keeps what A1 did with it and reads nothing A1 does
    after; P2 reads what A1 does from today, and none of P1's history."""
    a1, yesterday = str(api.world.ids["a1"]), TODAY - timedelta(days=1)
    entry = _entry(api, "a1")
    left = api.request(
        "C1",
        "PATCH",
        f"/api/v1/roster-entries/{entry}",
        json={"status": "inactive", "left_on": str(yesterday)},
        headers=_entry_etag(api, "C1", entry),
    )
    assert left.status_code == 200, left.text
    join = api.request("C2", "POST", f"/api/v1/team-seasons/{api.world.ids['s2']}/roster", json={"athlete_id": a1})
    assert answer(join) == (403, "athlete_not_in_program")
    with api.admin() as conn:
        conn.execute(
            "insert into roster_entries (program_id, team_season_id, athlete_id, joined_on) values (%s, %s, %s, %s)",
            [api.world.ids["p2"], api.world.ids["s2"], a1, TODAY],
        )
    today = str(TODAY)
    mine = api.request("A1", "POST", "/api/v1/sessions", json={"workout_category": "run", "scheduled_date": today})
    assert mine.status_code == 201, mine.text
    coached = api.request(
        "C2",
        "POST",
        "/api/v1/sessions",
        json={
            "athlete_ids": [a1],
            "team_season_id": str(api.world.ids["s2"]),
            "workout_category": "run",
            "scheduled_date": today,
        },
    )
    assert coached.status_code == 201, coached.text
    new = {mine.json()["id"], coached.json()["items"][0]["id"]}

    def seen(actor: str) -> set[str]:
        return {
            s["id"] for s in api.request(actor, "GET", f"/api/v1/sessions?athlete_id={a1}&limit=200").json()["items"]
        }

    old_history = {
        str(api.world.sessions[n]) for n in ("a1_coach", "a1_completed", "a1_by_x", "a1_self", "a1_self_season")
    }
    assert seen("C1") == old_history  # P1: its history, nothing new
    assert seen("C2") == new  # P2: from today on, none of P1's
    assert seen("A1") == old_history | new
    # P1's staff can no longer assign to A1 (the entry is inactive and past); P2's can.
    refused = api.request(
        "C1", "POST", "/api/v1/sessions", json={"athlete_ids": [a1], "workout_category": "run", "scheduled_date": today}
    )
    assert answer(refused) == (422, "invalid_input")

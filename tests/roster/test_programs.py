"""Running a program through the API: create it, edit it, its members' roles and deactivation, and the rules the
database holds about them (nobody changes their own membership, a program keeps an administrator, a deactivated
member has no right left)."""

from __future__ import annotations

import threading
from datetime import timedelta

import psycopg
import pytest

from tests.support.api import Api, answer
from tests.support.factories import TODAY


def _etag(api: Api, actor: str, path: str) -> dict[str, str]:
    response = api.request(actor, "GET", path)
    assert response.status_code == 200, response.text
    return {"If-Match": response.headers["ETag"]}


def _member(api: Api, actor: str, member: str) -> tuple[str, dict[str, str]]:
    items = api.request(actor, "GET", f"/api/v1/programs/{api.world.ids['p1']}/members").json()["items"]
    found = next(m for m in items if m["id"] == str(api.world.ids[member]))
    return f"/api/v1/program-members/{found['id']}", {"If-Match": f'"v{found["version"]}"'}


# -------------------------------------------------------------------------------------------- a new program


def test_anyone_signed_in_creates_a_program_and_becomes_its_program_admin(api: Api) -> None:
    created = api.request("U", "POST", "/api/v1/programs", json={"name": "Riverside Running", "sport": "cross_country"})
    assert created.status_code == 201, created.text
    program = created.json()
    assert (program["name"], program["sport"], program["time_zone"], program["version"]) == (
        "Riverside Running",
        "cross_country",
        "UTC",
        1,
    )
    assert created.headers["Location"] == f"/api/v1/programs/{program['id']}"
    assert program["capabilities"] == ["administer", "manage_roster", "set_roster_status"]
    me = api.request("U", "GET", "/api/v1/me").json()
    assert [(m["program_id"], m["role"], m["active"]) for m in me["staff"]] == [(program["id"], "program_admin", True)]
    # Nobody else sees it.
    assert answer(api.request("C1", "GET", f"/api/v1/programs/{program['id']}")) == (404, "not_found")


def test_a_coach_who_creates_their_program_may_be_its_head_coach(api: Api) -> None:
    body = {"name": "Solo Club", "sport": "track_and_field", "time_zone": "Europe/Berlin", "creator_role": "head_coach"}
    program = api.request("A1", "POST", "/api/v1/programs", json=body).json()
    assert "plan_gym" in program["capabilities"] and "assign_run" in program["capabilities"]
    refused = api.request("A1", "POST", "/api/v1/programs", json={**body, "creator_role": "strength_coach"})
    assert answer(refused) == (422, "validation_failed")


def test_a_program_needs_a_real_time_zone_and_a_name(api: Api) -> None:
    bad_zone = api.request("U", "POST", "/api/v1/programs", json={"name": "X", "sport": "y", "time_zone": "Mars/Base"})
    assert answer(bad_zone) == (422, "rule_violated")
    assert bad_zone.json()["constraint"] == "programs_time_zone_valid"
    assert answer(api.request("U", "POST", "/api/v1/programs", json={"name": "", "sport": "y"})) == (
        422,
        "validation_failed",
    )
    assert api.request("U", "GET", "/api/v1/programs").json()["items"] == []


def test_administrators_edit_the_program_with_if_match(api: Api) -> None:
    path = f"/api/v1/programs/{api.world.ids['p1']}"
    assert answer(api.request("C1", "PATCH", path, json={"name": "P1"})) == (428, "precondition_required")
    read = _etag(api, "PA", path)
    changed = api.request(
        "PA", "PATCH", path, json={"name": "P1 Athletics", "time_zone": "America/New_York"}, headers=read
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["name"], changed.json()["time_zone"], changed.headers["ETag"]) == (
        "P1 Athletics",
        "America/New_York",
        '"v2"',
    )
    assert answer(api.request("C1", "PATCH", path, json={"name": "Again"}, headers=read)) == (
        412,
        "precondition_failed",
    )
    assert answer(api.request("C1", "PATCH", path, json={"name": None}, headers=_etag(api, "C1", path))) == (
        422,
        "validation_failed",
    )


# ---------------------------------------------------------------------------------------------------- members


def test_administrators_change_a_members_role_and_the_database_follows(api: Api) -> None:
    path, etag = _member(api, "C1", "ac")
    changed = api.request("C1", "PATCH", path, json={"role": "strength_coach"}, headers=etag)
    assert (changed.status_code, changed.json()["role"]) == (200, "strength_coach")
    # The former assistant coach can no longer plan a run workout, and may plan gym work now.
    p1 = api.world.ids["p1"]
    run = api.request(
        "AC", "POST", f"/api/v1/programs/{p1}/workouts", json={"name": "Tempo", "workout_category": "run"}
    )
    assert answer(run) == (403, "role_required")
    gym = api.request("AC", "POST", f"/api/v1/programs/{p1}/workouts", json={"name": "Lift", "workout_category": "gym"})
    assert gym.status_code == 201


@pytest.mark.parametrize("actor", ["AC", "SC", "AT"])
def test_members_who_do_not_administer_cannot_change_anyones_role(api: Api, actor: str) -> None:
    path, etag = _member(api, "C1", "x")
    assert answer(api.request(actor, "PATCH", path, json={"active": True}, headers=etag)) == (403, "role_required")


@pytest.mark.parametrize(("actor", "member"), [("C1", "c1"), ("PA", "pa")])
def test_nobody_changes_their_own_role_or_deactivates_themselves(api: Api, actor: str, member: str) -> None:
    path, etag = _member(api, actor, member)
    for change in ({"role": "program_admin"}, {"active": False}):
        assert answer(api.request(actor, "PATCH", path, json=change, headers=etag)) == (403, "own_membership_locked")


@pytest.mark.parametrize("actor", ["AC", "AT", "SC"])
def test_a_staff_member_cannot_escalate_their_own_role_at_the_database(api: Api, actor: str) -> None:
    """The attack: a member updates their own row, or writes a membership, through the API role."""
    with psycopg.connect(api.target.app_url) as conn:
        conn.execute("select set_config('app.user_id', %s, true)", [str(api.world.users[actor])])
        escalated = conn.execute(
            "update program_members set role = 'head_coach' where user_id = %s returning id", [api.world.users[actor]]
        ).fetchall()
        assert escalated == []  # the policy lets only administrators update memberships
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
            conn.execute(
                "insert into program_members (program_id, user_id, role) values (%s, %s, 'head_coach')",
                [api.world.ids["p1"], api.world.users[actor]],
            )
        assert caught.value.diag.message_primary == "permission denied for table program_members"


def test_an_administrator_cannot_change_their_own_membership_at_the_database_either(api: Api) -> None:
    with psycopg.connect(api.target.app_url) as conn:
        conn.execute("select set_config('app.user_id', %s, true)", [str(api.world.users["PA"])])
        with pytest.raises(psycopg.errors.CheckViolation) as caught:
            conn.execute("update program_members set role = 'head_coach' where id = %s", [api.world.ids["pa"]])
    assert caught.value.diag.constraint_name == "program_members_not_your_own"


def test_a_program_keeps_an_administrator(api: Api) -> None:
    """P1 has two: the head coach and the program admin. One may go; the last may not."""
    path, etag = _member(api, "C1", "pa")
    assert api.request("C1", "PATCH", path, json={"role": "assistant_coach"}, headers=etag).status_code == 200
    # C1 is now the only administrator; PA (now an assistant) cannot touch C1, and nobody is left to: the database
    # refuses the last one's demotion even administratively.
    path, etag = _member(api, "C1", "c1")
    assert answer(api.request("PA", "PATCH", path, json={"active": False}, headers=etag)) == (403, "role_required")
    with api.admin() as conn, pytest.raises(psycopg.errors.CheckViolation) as caught:
        conn.execute("update program_members set is_active = false where id = %s", [api.world.ids["c1"]])
    assert caught.value.diag.constraint_name == "program_members_keep_an_administrator"


def test_two_administrators_demoting_each_other_at_once_leave_one(api: Api) -> None:
    """The race the program-row lock closes: each sees the other as an administrator when it starts."""
    first = psycopg.connect(api.target.app_url)
    second = psycopg.connect(api.target.app_url)
    errors: list[BaseException] = []
    try:
        first.execute("select set_config('app.user_id', %s, true)", [str(api.world.users["PA"])])
        first.execute("update program_members set role = 'assistant_coach' where id = %s", [api.world.ids["c1"]])
        second.execute("select set_config('app.user_id', %s, true)", [str(api.world.users["C1"])])

        def demote() -> None:
            try:
                second.execute("update program_members set is_active = false where id = %s", [api.world.ids["pa"]])
                second.commit()
            except psycopg.Error as exc:
                errors.append(exc)
                second.rollback()

        racer = threading.Thread(target=demote)
        racer.start()
        racer.join(timeout=1)
        assert racer.is_alive()  # waiting for the first to finish
        first.commit()
        racer.join(timeout=10)
    finally:
        first.close()
        second.close()
    assert [getattr(e.diag, "constraint_name", None) for e in errors] == ["program_members_keep_an_administrator"]
    with api.admin() as conn:
        rows = conn.execute(
            "select role, is_active from program_members where id in (%s, %s) order by role",
            [api.world.ids["c1"], api.world.ids["pa"]],
        ).fetchall()
    assert rows == [("assistant_coach", True), ("program_admin", True)]


def test_a_deactivated_member_loses_every_right_at_once_and_history_stays(api: Api) -> None:
    p1, a1 = api.world.ids["p1"], api.world.ids["a1"]
    plan = {"athlete_ids": [str(a1)], "workout_category": "run", "scheduled_date": str(TODAY + timedelta(days=1))}
    assigned = api.request("AC", "POST", "/api/v1/sessions", json=plan)
    assert assigned.status_code == 201, assigned.text
    path, etag = _member(api, "C1", "ac")
    off = api.request("C1", "PATCH", path, json={"active": False}, headers=etag)
    assert (off.status_code, off.json()["active"]) == (200, False)
    # What a former member's token can still do: read their own membership, nothing of the program.
    assert answer(api.request("AC", "GET", f"/api/v1/programs/{p1}")) == (404, "not_found")
    assert api.request("AC", "GET", "/api/v1/sessions").json()["items"] == []
    assert answer(api.request("AC", "POST", "/api/v1/sessions", json=plan)) == (403, "staff_only")
    with psycopg.connect(api.target.app_url) as conn:  # their own membership row, to be told why
        conn.execute("select set_config('app.user_id', %s, true)", [str(api.world.users["AC"])])
        assert conn.execute("select role, is_active from program_members").fetchall() == [("assistant_coach", False)]
    # The session they assigned stays, with them as its coach, and staff still read it.
    session = api.request("C1", "GET", f"/api/v1/sessions/{assigned.json()['items'][0]['id']}").json()
    assert session["coach_member_id"] == str(api.world.ids["ac"])
    # Reactivated, the rights come back.
    path, etag = _member(api, "C1", "ac")
    assert api.request("C1", "PATCH", path, json={"active": True}, headers=etag).status_code == 200
    assert api.request("AC", "GET", f"/api/v1/programs/{p1}").status_code == 200


def test_the_members_list_shows_roles_to_the_program_and_nobody_else(api: Api) -> None:
    path = f"/api/v1/programs/{api.world.ids['p1']}/members"
    roles = {m["role"] for m in api.request("A1", "GET", path).json()["items"]}
    assert roles == {"head_coach", "program_admin", "assistant_coach", "strength_coach", "athletic_trainer"}
    assert answer(api.request("C2", "GET", path)) == (404, "not_found")


# ----------------------------------------------------------------------------------------------- direct writes


@pytest.mark.parametrize(
    "statement",
    [
        "insert into programs (name, sport) values ('Mine', 'x')",
        "delete from programs",
        "delete from program_members",
        "delete from team_seasons",
    ],
)
def test_programs_and_members_are_written_only_through_their_rules(api: Api, statement: str) -> None:
    with psycopg.connect(api.target.app_url) as conn:
        conn.execute("select set_config('app.user_id', %s, true)", [str(api.world.users["C1"])])
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
            conn.execute(statement)
    assert caught.value.diag.message_primary.startswith("permission denied for table")


def test_create_program_needs_an_identity(api: Api) -> None:
    with psycopg.connect(api.target.app_url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
        conn.execute("select app_private.create_program('Mine', 'x', 'UTC', 'program_admin')")
    assert caught.value.diag.message_primary == (
        "This write needs the caller's identity (app.user_id), set for the whole transaction."
    )

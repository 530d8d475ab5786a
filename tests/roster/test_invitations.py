"""Invitations through the API, with a real SMTP server in this process: invite, the mail, accept (a new account or
an existing one), list, revoke, resend, and the attacks of issue 14, each with its one exact answer."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient

from tests.auth.conftest import PASSWORD, Accounts
from tests.support.api import Api, answer, api_settings
from tests.support.factories import TODAY
from trainingops.app import create_app

NEW_PASSWORD = "purple gravel under slow rain"


def _invite(accounts: Accounts, actor: str, program: str = "p1", **body: Any) -> Any:
    api = accounts.api
    return api.request(actor, "POST", f"/api/v1/programs/{api.world.ids[program]}/invitations", json=body)


def _token(accounts: Accounts, index: int = -1) -> str:
    return parse_qs(urlparse(accounts.mail.link(index)).query)["token"][0]


def _accept(accounts: Accounts, token: str, **body: Any) -> Any:
    accounts.client.cookies.clear()  # an anonymous caller (the sign-ins of a test leave cookies in the client)
    return accounts.client.post("/api/v1/invitations:accept", json={"token": token, **body})


def _me(accounts: Accounts, token: str) -> Any:
    return accounts.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})


def test_a_head_coach_invites_a_new_coach_who_accepts_once_and_is_a_member(accounts: Accounts) -> None:
    invited = _invite(accounts, "C1", email="new.coach@example.org", role="assistant_coach")
    assert invited.status_code == 201, invited.text
    assert (invited.json()["status"], invited.json()["sent_count"]) == ("pending", 1)
    (message,) = accounts.mail.messages
    assert message["To"] == "new.coach@example.org"
    assert "/accept-invitation?token=" in accounts.mail.link()
    listed = accounts.api.request("C1", "GET", f"/api/v1/programs/{accounts.api.world.ids['p1']}/invitations")
    assert [i["email"] for i in listed.json()["items"]] == ["new.coach@example.org"]
    token = _token(accounts)
    assert answer(_accept(accounts, token, password=NEW_PASSWORD)) == (422, "invalid_input")  # no name
    accepted = _accept(accounts, token, password=NEW_PASSWORD, name="New Coach")
    assert accepted.status_code == 200, accepted.text
    assert accepted.cookies.get("trainingops_session")
    me = _me(accounts, accepted.json()["access_token"]).json()
    assert [(m["program_id"], m["role"]) for m in me["staff"]] == [
        (str(accounts.api.world.ids["p1"]), "assistant_coach")
    ]
    assert answer(_accept(accounts, token, password=NEW_PASSWORD, name="New Coach")) == (400, "link_invalid")
    assert accounts.sign_in("new.coach@example.org", NEW_PASSWORD).status_code == 200
    listed = accounts.api.request("C1", "GET", f"/api/v1/programs/{accounts.api.world.ids['p1']}/invitations")
    assert listed.json()["items"] == []


def test_an_existing_account_accepts_without_a_password_or_with_its_own_and_never_a_wrong_one(
    accounts: Accounts,
) -> None:
    email = accounts.give_password("U")
    assert _invite(accounts, "C1", email=email, role="strength_coach").status_code == 201
    token = _token(accounts)
    assert answer(_accept(accounts, token, password="not the password of U at all")) == (401, "invalid_credentials")
    accepted = _accept(accounts, token, password=PASSWORD, name="ignored")
    assert accepted.status_code == 200, accepted.text
    assert [m["role"] for m in _me(accounts, accepted.json()["access_token"]).json()["staff"]] == ["strength_coach"]
    b1_email = accounts.email("B1")  # B1 has no password: the link alone is enough, as a reset link would be
    assert _invite(accounts, "C1", email=b1_email, role="athletic_trainer").status_code == 201
    assert _accept(accounts, _token(accounts)).status_code == 200


def test_an_invitation_answers_the_same_whether_or_not_the_email_has_an_account(accounts: Accounts) -> None:
    known = _invite(accounts, "C1", email=accounts.email("U"), role="athletic_trainer")
    unknown = _invite(accounts, "C1", email="nobody.yet@example.org", role="athletic_trainer")

    def shape(response: Any) -> dict[str, Any]:
        body = dict(response.json())
        for varying in ("id", "email", "created_at", "expires_at", "last_sent_at"):
            body.pop(varying)
        return {"status": response.status_code, **body}

    assert shape(known) == shape(unknown)
    texts = [re.sub(r"token=\S+", "token=…", m.get_content()) for m in accounts.mail.messages]
    assert texts[0] == texts[1]


def test_who_may_invite_whom(accounts: Accounts) -> None:
    """Staff roles: program admin and head coach; an athlete of the program: also assistant coaches; into another
    program: nobody (the same 404 as a program that does not exist)."""
    api = accounts.api
    record = api.request("C1", "POST", f"/api/v1/programs/{api.world.ids['p1']}/athletes", json={"name": "New One"})
    athlete = {"role": "athlete", "athlete_id": record.json()["id"]}
    staff = {"role": "assistant_coach"}
    got = {}
    for actor in ("PA", "C1", "AC", "SC", "AT", "A1", "C2", "U", "X"):
        got[actor] = (
            answer(_invite(accounts, actor, email=f"staff.{actor.lower()}@example.org", **staff)),
            answer(_invite(accounts, actor, email=f"athlete.{actor.lower()}@example.org", **athlete)),
        )
    refused_role = (403, "role_required")
    assert got == {
        "PA": ((201, None), (201, None)),
        "C1": ((201, None), (201, None)),
        "AC": (refused_role, (201, None)),
        "SC": (refused_role, refused_role),
        "AT": (refused_role, refused_role),
        "A1": ((403, "staff_only"), (403, "staff_only")),
        "C2": ((404, "not_found"), (404, "not_found")),
        "U": ((404, "not_found"), (404, "not_found")),
        "X": ((404, "not_found"), (404, "not_found")),
    }
    random = api.request(
        "C2",
        "POST",
        "/api/v1/programs/00000000-0000-4000-8000-000000000000/invitations",
        json={"email": "a@b.c", **staff},
    )
    assert random.content == _invite(accounts, "C2", email="a@b.c", **staff).content
    # Another program's athlete is not invited onto P2 by naming its id, nor rostered there without an invitation.
    p1_athlete = {"role": "athlete", "athlete_id": str(api.world.ids["a1"])}
    assert answer(_invite(accounts, "C2", "p2", email="a1@example.org", **p1_athlete)) == (
        403,
        "athlete_not_in_program",
    )
    rostered = api.request(
        "C2",
        "POST",
        f"/api/v1/team-seasons/{api.world.ids['s2']}/roster",
        json={"athlete_id": str(api.world.ids["a1"])},
    )
    assert answer(rostered) == (403, "athlete_not_in_program")


def test_a_staff_member_cannot_escalate_their_own_role_by_invitation(accounts: Accounts) -> None:
    assert answer(_invite(accounts, "AC", email=accounts.email("AC"), role="head_coach")) == (403, "role_required")
    assert answer(_invite(accounts, "C1", email=accounts.email("C1"), role="program_admin")) == (409, "already_member")
    assert answer(_invite(accounts, "C1", email=accounts.email("X"), role="head_coach")) == (409, "already_member")
    assert answer(_invite(accounts, "PA", email=accounts.email("AC"), role="head_coach")) == (409, "already_member")
    with accounts.admin() as conn:
        assert conn.execute("select count(*) from invitations").fetchone() == (0,)


def test_a_link_for_another_email_a_used_an_expired_and_a_revoked_one_are_refused(accounts: Accounts) -> None:
    api = accounts.api
    for n in range(3):
        assert _invite(accounts, "C1", email=f"coach.{n}@example.org", role="assistant_coach").status_code == 201
    other, expiring, revoked = (_token(accounts, n) for n in range(3))
    signed_in = accounts.sign_in(accounts.email("A1")).json()["access_token"]
    as_a1 = accounts.client.post(
        "/api/v1/invitations:accept", json={"token": other}, headers={"Authorization": f"Bearer {signed_in}"}
    )
    assert answer(as_a1) == (403, "invitation_for_another_email")
    used = _accept(accounts, other, password=NEW_PASSWORD, name="Coach Zero")
    assert used.status_code == 200  # the refusal left the link usable
    with accounts.admin() as conn:
        conn.execute(
            "update invitations set expires_at = now() - interval '1 second' where email = 'coach.1@example.org'"
        )
    listed = api.request("C1", "GET", f"/api/v1/programs/{api.world.ids['p1']}/invitations").json()["items"]
    by_email = {i["email"]: i for i in listed}
    assert by_email["coach.1@example.org"]["status"] == "expired"
    revoking = api.request("C1", "POST", f"/api/v1/invitations/{by_email['coach.2@example.org']['id']}:revoke")
    assert (revoking.status_code, revoking.json()["status"]) == (200, "revoked")
    answers = [
        _accept(accounts, t, password=NEW_PASSWORD, name="Someone") for t in (other, expiring, revoked, "x" * 43)
    ]
    assert {(r.status_code, r.content) for r in answers} == {(400, answers[0].content)}
    assert answer(answers[0]) == (400, "link_invalid")


def test_revoke_and_resend_say_when_there_is_nothing_to_do_and_a_resend_kills_the_old_link(accounts: Accounts) -> None:
    api = accounts.api
    invitation = _invite(accounts, "C1", email="twice@example.org", role="athletic_trainer").json()["id"]
    first = _token(accounts)
    again = api.request("C1", "POST", f"/api/v1/invitations/{invitation}:resend")
    assert (again.status_code, again.json()["sent_count"]) == (200, 2)
    assert answer(_invite(accounts, "C1", email="TWICE@example.org", role="athletic_trainer")) == (
        409,
        "invitation_pending",
    )
    second = _token(accounts)
    assert answer(_accept(accounts, first, password=NEW_PASSWORD, name="Twice")) == (400, "link_invalid")
    assert answer(api.request("AC", "POST", f"/api/v1/invitations/{invitation}:revoke")) == (404, "not_found")
    assert answer(api.request("C2", "POST", f"/api/v1/invitations/{invitation}:resend")) == (404, "not_found")
    assert _accept(accounts, second, password=NEW_PASSWORD, name="Twice").status_code == 200
    for action in ("revoke", "resend"):
        refused = api.request("C1", "POST", f"/api/v1/invitations/{invitation}:{action}")
        assert answer(refused) == (409, "invitation_not_pending")


def test_the_invitation_routes_need_the_csrf_header_on_a_cookie_session(accounts: Accounts) -> None:
    signed_in = accounts.sign_in(accounts.email("C1"))
    jar = dict(signed_in.cookies)
    path = f"/api/v1/programs/{accounts.api.world.ids['p1']}/invitations"
    body = {"email": "csrf@example.org", "role": "assistant_coach"}
    assert answer(accounts.browser("POST", path, jar, json=body)) == (403, "csrf_failed")
    assert answer(accounts.browser("POST", "/api/v1/invitations:accept", jar, json={"token": "x" * 43})) == (
        403,
        "csrf_failed",
    )
    assert accounts.mail.messages == []
    made = accounts.browser("POST", path, jar, json=body, headers={"X-CSRF-Token": jar["trainingops_csrf"]})
    assert made.status_code == 201, made.text
    revoke = f"/api/v1/invitations/{made.json()['id']}:revoke"
    assert answer(accounts.browser("POST", revoke, jar)) == (403, "csrf_failed")
    assert answer(accounts.browser("POST", revoke.replace("revoke", "resend"), jar)) == (403, "csrf_failed")


def test_a_deactivated_members_old_token_and_cookie_are_refused(accounts: Accounts) -> None:
    api = accounts.api
    _invite(accounts, "C1", email="short.stay@example.org", role="assistant_coach")
    accepted = _accept(accounts, _token(accounts), password=NEW_PASSWORD, name="Short Stay")
    token, jar = accepted.json()["access_token"], dict(accepted.cookies)
    member = _me(accounts, token).json()["staff"][0]["member_id"]
    etag = api.request("C1", "GET", f"/api/v1/programs/{api.world.ids['p1']}/members")
    version = next(m["version"] for m in etag.json()["items"] if m["id"] == member)
    off = api.request(
        "C1",
        "PATCH",
        f"/api/v1/program-members/{member}",
        json={"active": False},
        headers={"If-Match": f'"v{version}"'},
    )
    assert off.status_code == 200, off.text
    assert answer(_me(accounts, token)) == (401, "unauthenticated")
    assert answer(accounts.browser("GET", "/api/v1/me", jar)) == (401, "unauthenticated")


def test_a_transferred_athlete_joins_by_invitation_and_the_old_program_reads_nothing_new(accounts: Accounts) -> None:
    """P2 makes a record for A1 (by their email) on its season's roster and invites it; A1, signed in, accepts:
    their own profile takes the record's place on P2's roster. P1 (which A1 left yesterday) reads none of what
    P2 assigns or A1 logs after."""
    api, a1 = accounts.api, str(accounts.api.world.ids["a1"])
    entry = api.world.ids[f"r_a1_{api.world.ids['p1']}"]
    with accounts.admin() as conn:
        conn.execute(
            "update roster_entries set status = 'inactive', left_on = %s where id = %s",
            [TODAY - timedelta(days=1), entry],
        )
    email = accounts.email("A1")
    record = api.request(
        "C2",
        "POST",
        f"/api/v1/programs/{api.world.ids['p2']}/athletes",
        json={"name": "A1 at P2", "email": email, "team_season_id": str(api.world.ids["s2"])},
    )
    assert record.status_code == 201, record.text
    invited = _invite(accounts, "C2", "p2", email=email, role="athlete", athlete_id=record.json()["id"])
    assert invited.status_code == 201, invited.text
    signed_in = accounts.sign_in(email).json()["access_token"]
    accepted = accounts.client.post(
        "/api/v1/invitations:accept", json={"token": _token(accounts)}, headers={"Authorization": f"Bearer {signed_in}"}
    )
    assert accepted.status_code == 200, accepted.text
    roster = api.request("C2", "GET", f"/api/v1/team-seasons/{api.world.ids['s2']}/roster").json()["items"]
    assert a1 in {r["athlete_id"] for r in roster} and record.json()["id"] not in {r["athlete_id"] for r in roster}
    today = str(TODAY)
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
    logged = api.request("A1", "POST", "/api/v1/sessions", json={"workout_category": "run", "scheduled_date": today})
    assert logged.status_code == 201, logged.text
    for session in (coached.json()["items"][0]["id"], logged.json()["id"]):
        assert answer(api.request("C1", "GET", f"/api/v1/sessions/{session}")) == (404, "session_not_found")
        assert api.request("C2", "GET", f"/api/v1/sessions/{session}").status_code == 200
    assert api.request("C1", "GET", f"/api/v1/sessions/{api.world.sessions['a1_coach']}").status_code == 200


def test_without_mail_an_invitation_says_so_and_writes_nothing(api: Api) -> None:
    path = f"/api/v1/programs/{api.world.ids['p1']}/invitations"
    refused = api.request("C1", "POST", path, json={"email": "x@example.org", "role": "assistant_coach"})
    assert answer(refused) == (503, "mail_not_configured")
    assert api.request("C1", "GET", path).json()["items"] == []


def test_the_roster_import_invites_the_rows_with_an_email_all_or_none(accounts: Accounts) -> None:
    api = accounts.api
    path = f"/api/v1/team-seasons/{api.world.ids['s1']}/roster:import"
    csv_type = {"Content-Type": "text/csv"}
    good = "name,email,event_group\nMaya Okafor,maya@example.org,Distance\nLeo Brandt,,Distance\nIda Berg,ida@example.org,\n"
    bad = good + "Bad Row,bad@example.org,Nowhere\n"
    refused = api.request("AC", "POST", path, content=bad, headers=csv_type)
    assert answer(refused) == (422, "import_invalid")
    dry = api.request("AC", "POST", f"{path}?dry_run=true", content=good, headers=csv_type).json()
    assert (dry["invitations_created"], dry["invitation_mail"]) == (2, "sent")
    with accounts.admin() as conn:
        assert conn.execute("select count(*) from invitations").fetchone() == (0,)
    assert accounts.mail.messages == []
    imported = api.request("AC", "POST", path, content=good, headers=csv_type)
    assert (imported.status_code, imported.json()["invitations_created"]) == (201, 2), imported.text
    assert sorted(m["To"] for m in accounts.mail.messages) == ["ida@example.org", "maya@example.org"]
    again = api.request("AC", "POST", path, content=good, headers=csv_type).json()
    assert (again["invitations_created"], again["entries_created"]) == (0, 0)  # pending already
    maya = next(i for i, m in enumerate(accounts.mail.messages) if m["To"] == "maya@example.org")
    accepted = _accept(accounts, _token(accounts, maya), password=NEW_PASSWORD, name="Maya Okafor")
    assert accepted.status_code == 200, accepted.text
    me = _me(accounts, accepted.json()["access_token"]).json()
    maya_id = next(i["athlete_id"] for i in imported.json()["items"] if i["name"] == "Maya Okafor")
    assert (me["athlete"]["id"], me["staff"]) == (maya_id, [])


def test_in_demo_mode_without_smtp_the_invitation_link_goes_to_the_server_log(
    accounts: Accounts, caplog: pytest.LogCaptureFixture
) -> None:
    api = accounts.api
    settings = api_settings(api.target, demo_mode=True)
    with TestClient(create_app(settings, target=api.target)) as client:
        with caplog.at_level(logging.INFO, logger="trainingops.mail"):
            invited = client.post(
                f"/api/v1/programs/{api.world.ids['p1']}/invitations",
                json={"email": "demo.coach@example.org", "role": "assistant_coach"},
                headers=api.headers("C1"),
            )
        assert invited.status_code == 201, invited.text
        [record] = [r for r in caplog.records if r.name == "trainingops.mail"]
        link = record.demo_link  # type: ignore[attr-defined]
        assert "/accept-invitation?token=" in link
        token = parse_qs(urlparse(link).query)["token"][0]
        accepted = client.post(
            "/api/v1/invitations:accept", json={"token": token, "password": NEW_PASSWORD, "name": "Demo"}
        )
        assert accepted.status_code == 200, accepted.text
    assert accounts.mail.messages == []

"""Notifications: what creates them and who is told (practices, comments, athletes' logs), the feed and marking
read (each user only their own), preferences, the email outbox and its sender, and the rules at the database."""

from __future__ import annotations

import asyncio
from typing import Any

import psycopg
import pytest

from tests.auth.conftest import Mailbox, mailbox  # noqa: F401  (the in-process SMTP server fixture)
from tests.contract.matrix import RANDOM
from tests.planning.test_routes import Planner, ok
from tests.support.acting import acting_as
from tests.support.api import Api, answer, api_settings
from trainingops.db.pool import Database
from trainingops.notifications import sender


@pytest.fixture
def planner(api: Api) -> Planner:
    return Planner(api)


def _feed(api: Api, actor: str, query: str = "") -> Any:
    response = api.request(actor, "GET", f"/api/v1/me/notifications{query}")
    assert response.status_code == 200, response.text
    return response.json()


def _kinds(api: Api, actor: str) -> list[str]:
    return [n["kind"] for n in _feed(api, actor)["items"]]


def test_publishing_tells_each_athlete_in_a_fixed_number_of_statements(planner: Planner) -> None:
    api = planner.api
    database = api.client.app.state.db  # type: ignore[attr-defined]

    def publish(practice: str) -> int:
        etag = planner.etag(practice)
        before = database.statements_executed
        ok(planner.act(practice, "publish", etag=etag))
        return int(database.statements_executed - before)

    small = publish(planner.practice((planner.intervals, None)))
    assert _kinds(api, "A1") == _kinds(api, "A2") == _kinds(api, "D") == ["practice_published"]
    with api.admin() as conn:  # 150 more athletes with accounts on the roster
        conn.execute(
            """
            with u as (insert into users (email, name) select 'extra' || n || '@example.org', 'Extra ' || n
                       from generate_series(1, 150) n returning id, name),
                 a as (insert into athletes (name, user_id) select name, id from u returning id)
            insert into roster_entries (program_id, team_season_id, athlete_id) select %s, %s, a.id from a
            """,
            [api.world.ids["p1"], api.world.ids["s1"]],
        )
        conn.commit()
    assert publish(planner.practice((planner.intervals, None))) == small
    with api.admin() as conn:
        told = conn.execute(
            "select count(*) from notifications where kind = 'practice_published' and practice_session_id = "
            "(select id from practice_sessions order by created_at desc limit 1)"
        ).fetchone()
        mailed = conn.execute("select count(*) from notification_emails").fetchone()
    assert told == (153,)  # A1, A2, D and the 150
    assert mailed == (153 + 3,)  # email on by default, for both practices


def test_a_changed_and_a_cancelled_practice_tell_the_athletes_it_touches(planner: Planner) -> None:
    api = planner.api
    practice = planner.practice((planner.intervals, None))
    ok(planner.act(practice, "publish"))
    ok(
        api.request("C1", "POST", f"/api/v1/practice-sessions/{practice}/workouts", json={"workout_id": planner.easy}),
        201,
    )
    ok(planner.act(practice, "publish"))
    assert _kinds(api, "A1") == ["practice_changed", "practice_published"]
    ok(planner.act(practice, "publish"))  # nothing changed: nobody is told again
    assert len(_kinds(api, "A1")) == 2
    ok(planner.act(practice, "cancel"))
    assert _kinds(api, "A1") == ["practice_cancelled", "practice_changed", "practice_published"]
    assert _kinds(api, "C1") == []  # nobody is told what they did themselves
    first = _feed(api, "A1")["items"][0]
    assert first["title"] == "Practice cancelled: Tuesday workout"
    assert first["practice_session_id"] == practice and first["actor_user_id"] == str(api.world.users["C1"])


def test_comments_tell_the_other_side(api: Api) -> None:
    session = api.world.sessions["a1_completed"]
    ok(api.request("A1", "POST", f"/api/v1/sessions/{session}/comments", json={"body": "Calf tight"}), 201)
    for actor in ("C1", "AC", "SC"):  # the program's coaches
        [notice] = _feed(api, actor)["items"]
        assert (notice["kind"], notice["title"], notice["body"]) == (
            "comment",
            "New comment from User A1",
            "Calf tight",
        )
        assert notice["link"] == f"/sessions/{session}"
    for actor in ("A1", "AT", "PA", "A2", "C2", "X"):
        assert _kinds(api, actor) == [], actor
    ok(api.request("AT", "POST", f"/api/v1/sessions/{session}/comments", json={"body": "Come see me"}), 201)
    assert _kinds(api, "A1") == ["comment"]
    assert _kinds(api, "C1") == ["comment"]  # staff do not notify staff


def test_an_athletes_log_with_pain_or_a_hard_rpe_tells_the_staff_once(api: Api) -> None:
    session = f"/api/v1/sessions/{api.world.sessions['a1_coach']}"  # planned RPE 5
    ok(api.request("A1", "POST", f"{session}/complete", json={"actual_rpe": 7, "actual_description": "windy"}))
    [notice] = _feed(api, "C1")["items"]
    assert notice["kind"] == "session_rpe_above_plan"
    assert notice["body"].startswith("Athlete A1 logged RPE 7 against a planned 5 for run on ")
    assert _kinds(api, "AT") == []
    etag = api.request("A1", "GET", session).headers["etag"]
    patched = api.request(
        "A1",
        "PATCH",
        session,
        json={"metrics_json": {"pain": {"score": 3, "note": "left knee"}}},
        headers={"If-Match": etag},
    )
    assert patched.status_code == 200, patched.text
    assert _kinds(api, "C1") == ["session_pain", "session_rpe_above_plan"]
    assert _kinds(api, "AT") == ["session_pain"]  # athletic trainers hear about pain
    etag = patched.headers["etag"]
    ok(api.request("A1", "PATCH", session, json={"actual_rpe": 8}, headers={"If-Match": etag}))  # nothing new
    assert len(_kinds(api, "C1")) == 2
    etag = api.request("C1", "GET", session).headers["etag"]  # staff writing the log tell nobody
    ok(api.request("C1", "PATCH", session, json={"actual_rpe": 9}, headers={"If-Match": etag}))
    assert len(_kinds(api, "C1")) == 2 and _kinds(api, "A1") == []


def test_the_feed_pages_counts_unread_and_marks_read_only_the_callers_own(api: Api) -> None:
    session = api.world.sessions["a1_completed"]
    for n in range(5):
        ok(api.request("A1", "POST", f"/api/v1/sessions/{session}/comments", json={"body": f"note {n}"}), 201)
    first = _feed(api, "C1", "?limit=2")
    assert first["unread"] == 5 and [i["body"] for i in first["items"]] == ["note 4", "note 3"]
    second = _feed(api, "C1", f"?limit=2&cursor={first['next_cursor']}")
    third = _feed(api, "C1", f"?limit=2&cursor={second['next_cursor']}")
    assert [i["body"] for i in second["items"] + third["items"]] == ["note 2", "note 1", "note 0"]
    assert third["next_cursor"] is None
    assert answer(api.request("C1", "GET", "/api/v1/me/notifications?cursor=bogus")) == (422, "invalid_input")
    mine = first["items"][0]["id"]
    for actor in ("A1", "AC", "C2", "U"):  # another user's notification: the same 404 as a random id
        theirs = api.request(actor, "POST", "/api/v1/me/notifications:read", json={"ids": [mine]})
        random = api.request(actor, "POST", "/api/v1/me/notifications:read", json={"ids": [RANDOM]})
        assert answer(theirs) == answer(random) == (404, "not_found"), actor
        assert theirs.content == random.content
        assert mine not in [i["id"] for i in _feed(api, actor)["items"]]
    marked = api.request("C1", "POST", "/api/v1/me/notifications:read", json={"ids": [mine]}).json()
    assert marked == {"marked": 1, "unread": 4}
    assert api.request("C1", "POST", "/api/v1/me/notifications:read", json={"ids": [mine]}).json() == {
        "marked": 0,
        "unread": 4,
    }
    assert _feed(api, "C1", "?unread=true")["unread"] == 4 and len(_feed(api, "C1", "?unread=true")["items"]) == 4
    assert api.request("C1", "POST", "/api/v1/me/notifications:read", json={"all": True}).json() == {
        "marked": 4,
        "unread": 0,
    }
    assert _feed(api, "AC")["unread"] == 5  # another coach's feed is theirs
    for body in ({}, {"all": True, "ids": [mine]}, {"ids": []}, {"all": False}):
        assert answer(api.request("C1", "POST", "/api/v1/me/notifications:read", json=body)) == (
            422,
            "validation_failed",
        )


def test_preferences_default_change_and_opt_out_of_email(api: Api) -> None:
    assert api.request("A1", "GET", "/api/v1/me/preferences").json() == {
        "email_notifications": True,
        "distance_unit": "km",
    }
    changed = api.request("A1", "PATCH", "/api/v1/me/preferences", json={"distance_unit": "mi"})
    assert changed.json() == {"email_notifications": True, "distance_unit": "mi"}
    off = api.request("A1", "PATCH", "/api/v1/me/preferences", json={"email_notifications": False})
    assert off.json() == {"email_notifications": False, "distance_unit": "mi"}
    assert api.request("A2", "GET", "/api/v1/me/preferences").json()["distance_unit"] == "km"  # each their own
    for body in ({}, {"distance_unit": "furlongs"}, {"user_id": str(api.world.users["A2"]), "distance_unit": "mi"}):
        assert answer(api.request("A1", "PATCH", "/api/v1/me/preferences", json=body)) == (422, "validation_failed")
    session = api.world.sessions["a1_completed"]
    ok(api.request("C1", "POST", f"/api/v1/sessions/{session}/comments", json={"body": "Nice"}), 201)
    assert _kinds(api, "A1") == ["comment"]  # the feed still has it
    with api.admin() as conn:
        assert conn.execute("select count(*) from notification_emails").fetchone() == (0,)


def test_the_sender_mails_the_outbox_after_commit(api: Api, mailbox: tuple[Mailbox, int]) -> None:  # noqa: F811
    box, port = mailbox
    session = api.world.sessions["a1_completed"]
    ok(api.request("C1", "POST", f"/api/v1/sessions/{session}/comments", json={"body": "Great last lap"}), 201)
    settings = api_settings(
        api.target, smtp_host="127.0.0.1", smtp_port=port, smtp_tls="none", public_url="https://team.example.org"
    )

    async def drain() -> sender.Drained:
        database = Database(api.target.app_url, min_size=1, max_size=1)
        await database.open()
        try:
            return await sender.drain(database, settings)
        finally:
            await database.close()

    done = asyncio.run(drain())
    assert (done.sent, done.failed) == (1, 0)
    [message] = box.messages
    assert message["Subject"] == "New comment from User C1"
    assert message["To"] == "a1@example.org" or "@" in message["To"]
    text = message.get_content()
    assert "Great last lap" in text and f"https://team.example.org/sessions/{session}" in text
    assert asyncio.run(drain()).sent == 0  # sent once
    with api.admin() as conn:
        assert conn.execute("select count(*) from notification_emails where sent_at is null").fetchone() == (0,)


def test_the_database_holds_the_notification_rules_against_the_api_role(api: Api) -> None:
    w = api.world
    ok(api.request("A1", "POST", f"/api/v1/sessions/{w.sessions['a1_completed']}/comments", json={"body": "hi"}), 201)
    with psycopg.connect(api.target.app_url) as conn:
        with acting_as(conn, w, "A1") as c:  # nobody writes into a feed
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute(
                    "insert into notifications (user_id, kind, title, body) values (%s, 'comment', 'x', 'y')",
                    [w.users["C1"]],
                )
        with acting_as(conn, w, "A1") as c:  # nor reads another's, nor marks it read
            assert c.execute("select count(*) from notifications").fetchone() == (0,)
            assert c.execute("update notifications set read_at = now()").rowcount == 0
        with acting_as(conn, w, "C1") as c:  # the outbox is the sender's: no grant
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute("select * from notification_emails")
        with acting_as(conn, w, "C1") as c:  # and its claim refuses a signed-in user's transaction
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute("select * from app_private.claim_notification_emails(10)")
        with acting_as(conn, w, "C2") as c:  # a practice of another program cannot be announced
            practice = api.request(
                "C1",
                "POST",
                f"/api/v1/team-seasons/{w.ids['s1']}/practice-sessions",
                json={"practice_date": "2030-01-01", "title": "x"},
            )
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute(
                    "select app_private.notify_practice(%s, %s, '{}', '{}')",
                    [practice.json().get("id", str(RANDOM)), [w.ids["a1"]]],
                )
        with acting_as(conn, w, "C1") as c:  # nor the internal queue be called to put words in a feed
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute("select app_private.queue_notifications('[]')")


def test_the_server_mails_after_the_commit_that_queued_it(api: Api, mailbox: tuple[Mailbox, int]) -> None:  # noqa: F811
    """The app's own sender (LISTEN notification_emails) mails without anyone draining by hand."""
    import time

    from fastapi.testclient import TestClient

    from trainingops.app import create_app

    box, port = mailbox
    settings = api_settings(api.target, smtp_host="127.0.0.1", smtp_port=port, smtp_tls="none")
    with TestClient(create_app(settings, target=api.target)) as client:
        session = api.world.sessions["a1_completed"]
        response = client.post(
            f"/api/v1/sessions/{session}/comments", json={"body": "See you at 7"}, headers=api.headers("C1")
        )
        assert response.status_code == 201, response.text
        deadline = time.monotonic() + 20
        while not box.messages and time.monotonic() < deadline:
            time.sleep(0.1)
    assert [m["Subject"] for m in box.messages] == ["New comment from User C1"]

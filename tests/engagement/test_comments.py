"""Comments on sessions and the reviewed mark, through the API (both sides of every rule) and at the database as
the API role (the rules hold whatever SQL it sends)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import psycopg
import pytest

from tests.conftest import Server
from tests.contract.matrix import RANDOM
from tests.support.acting import acting_as
from tests.support.api import Api, answer, world_api
from trainingops.engagement.comments import EDIT_WINDOW


@pytest.fixture
def loop(pg_server: Server, template_db: str) -> Iterator[Api]:
    yield from world_api(pg_server, template_db)


def _comment(api: Api, actor: str, session: str, text: str) -> Any:
    return api.request(actor, "POST", f"/api/v1/sessions/{api.world.sessions[session]}/comments", json={"body": text})


def _thread(api: Api, actor: str, session: str) -> Any:
    return api.request(actor, "GET", f"/api/v1/sessions/{api.world.sessions[session]}/comments")


def test_the_athlete_and_the_staff_share_a_thread_nobody_else_sees(loop: Api) -> None:
    mine = _comment(loop, "A1", "a1_completed", "  Legs heavy on the last rep.  ")
    assert mine.status_code == 201, mine.text
    assert mine.json()["body"] == "Legs heavy on the last rep."
    assert mine.headers["etag"] == '"v1"'
    assert _comment(loop, "AT", "a1_completed", "Ice and rest tomorrow.").status_code == 201  # any staff role
    for actor, mine_flags in (("A1", [True, False]), ("C1", [False, False]), ("AT", [False, True])):
        items = _thread(loop, actor, "a1_completed").json()["items"]
        assert [i["mine"] for i in items] == mine_flags, actor
        assert items[0]["author"] == {"user_id": str(loop.world.users["A1"]), "name": "User A1"}
    for actor in ("A2", "C2", "U", "X", "B1"):
        for response, random in (
            (_thread(loop, actor, "a1_completed"), loop.request(actor, "GET", f"/api/v1/sessions/{RANDOM}/comments")),
            (
                _comment(loop, actor, "a1_completed", "hello"),
                loop.request(actor, "POST", f"/api/v1/sessions/{RANDOM}/comments", json={"body": "hello"}),
            ),
        ):
            assert answer(response) == answer(random) == (404, "session_not_found"), actor
            assert response.content == random.content
    with loop.admin() as conn:
        assert conn.execute("select count(*) from session_comments").fetchone() == (2,)


def test_bad_comment_bodies_are_422_and_write_nothing(loop: Api) -> None:
    for body in ({"body": "   "}, {"body": "x" * 4001}, {}, {"body": "ok", "author_user_id": str(RANDOM)}):
        response = loop.request("A1", "POST", f"/api/v1/sessions/{loop.world.sessions['a1_coach']}/comments", json=body)
        assert answer(response) == (422, "validation_failed"), body
    with loop.admin() as conn:
        assert conn.execute("select count(*) from session_comments").fetchone() == (0,)


def test_the_author_edits_within_the_window_with_if_match_and_the_history_keeps_the_text(loop: Api) -> None:
    created = _comment(loop, "A1", "a1_completed", "RPE was 6").json()
    path = f"/api/v1/comments/{created['id']}"
    assert answer(loop.request("A1", "PATCH", path, json={"body": "RPE was 7"})) == (428, "precondition_required")
    stale = loop.request("A1", "PATCH", path, json={"body": "RPE was 7"}, headers={"If-Match": '"v9"'})
    assert answer(stale) == (412, "precondition_failed")
    other = loop.request("C1", "PATCH", path, json={"body": "RPE was 9"}, headers={"If-Match": '"v1"'})
    assert answer(other) == (403, "not_author")
    hidden = loop.request("A2", "PATCH", path, json={"body": "x"}, headers={"If-Match": '"v1"'})
    random = loop.request("A2", "PATCH", f"/api/v1/comments/{RANDOM}", json={"body": "x"}, headers={"If-Match": '"v1"'})
    assert answer(hidden) == answer(random) == (404, "comment_not_found")
    assert hidden.content == random.content
    edited = loop.request("A1", "PATCH", path, json={"body": "RPE was 7"}, headers={"If-Match": '"v1"'})
    assert edited.status_code == 200, edited.text
    body = edited.json()
    assert (body["body"], body["version"], edited.headers["etag"]) == ("RPE was 7", 2, '"v2"')
    assert [(e["kind"], e["previous_body"], e["edited_by"]) for e in body["edits"]] == [
        ("edited", "RPE was 6", str(loop.world.users["A1"]))
    ]
    with loop.admin() as conn:
        conn.execute(
            "update session_comments set created_at = now() - %s - interval '1 second' where id = %s",
            [EDIT_WINDOW, created["id"]],
        )
    late = loop.request("A1", "PATCH", path, json={"body": "RPE was 8"}, headers={"If-Match": '"v2"'})
    assert answer(late) == (409, "edit_window_closed")


def test_deleting_removes_the_text_everywhere_and_keeps_a_placeholder(loop: Api) -> None:
    created = _comment(loop, "C1", "a1_completed", "Great pacing").json()
    path = f"/api/v1/comments/{created['id']}"
    loop.request("C1", "PATCH", path, json={"body": "Great pacing!"}, headers={"If-Match": '"v1"'})
    assert answer(loop.request("A1", "DELETE", path, headers={"If-Match": '"v2"'})) == (403, "not_author")
    deleted = loop.request("C1", "DELETE", path, headers={"If-Match": '"v2"'})
    assert deleted.status_code == 200, deleted.text
    body = deleted.json()
    assert (body["body"], body["deleted"], body["editable_until"]) == (None, True, None)
    assert [(e["kind"], e["previous_body"]) for e in body["edits"]] == [("edited", None), ("deleted", None)]
    [placeholder] = _thread(loop, "A1", "a1_completed").json()["items"]
    assert placeholder["deleted"] is True and placeholder["body"] is None
    again = loop.request("C1", "PATCH", path, json={"body": "back"}, headers={"If-Match": '"v3"'})
    assert answer(again) == (409, "comment_deleted")
    with loop.admin() as conn:
        texts = conn.execute("select count(*) from session_comment_edits where previous_body is not null").fetchone()
        notified = conn.execute("select body from notifications where comment_id = %s", [created["id"]]).fetchall()
    assert texts == (0,)
    assert notified == [("The comment was deleted.",)]


def test_only_staff_mark_completed_sessions_reviewed_and_the_session_shows_it(loop: Api) -> None:
    done = f"/api/v1/sessions/{loop.world.sessions['a1_completed']}"
    planned = f"/api/v1/sessions/{loop.world.sessions['a1_coach']}"
    assert answer(loop.request("A1", "POST", f"{done}:review")) == (403, "staff_only")
    assert answer(loop.request("C1", "POST", f"{planned}:review")) == (409, "session_not_completed")
    for actor in ("A2", "C2", "U", "X"):
        response = loop.request(actor, "POST", f"{done}:review")
        random = loop.request(actor, "POST", f"/api/v1/sessions/{RANDOM}:review")
        assert answer(response) == answer(random) == (404, "session_not_found"), actor
        assert response.content == random.content
    assert answer(loop.request("C1", "POST", f"{done}:unreview")) == (409, "not_reviewed")
    reviewed = loop.request("AT", "POST", f"{done}:review")
    assert reviewed.status_code == 200, reviewed.text
    assert reviewed.json()["reviewed_by"] == str(loop.world.users["AT"])
    assert reviewed.json()["reviewed_at"] is not None
    assert loop.request("A1", "GET", done).json()["reviewed_by"] == str(loop.world.users["AT"])
    assert answer(loop.request("C1", "POST", f"{done}:review")) == (409, "already_reviewed")
    assert answer(loop.request("A1", "POST", f"{done}:unreview")) == (403, "staff_only")
    unreviewed = loop.request("C1", "POST", f"{done}:unreview")
    assert (unreviewed.status_code, unreviewed.json()["reviewed_by"]) == (200, None)


def test_team_ops_counts_the_weeks_unreviewed_sessions(loop: Api) -> None:
    from tests.support.world import IN_SEASON

    def unreviewed() -> int:
        body = loop.request("C1", "GET", f"/api/v1/programs/{loop.world.ids['p1']}/team-ops?week={IN_SEASON}").json()
        return int(next(r for r in body["athletes"] if r["name"] == "Athlete A1")["unreviewed"])

    assert unreviewed() == 1
    loop.request("C1", "POST", f"/api/v1/sessions/{loop.world.sessions['a1_completed']}:review")
    assert unreviewed() == 0


# ------------------------------------------------------------------------------------ as the API role, in SQL


def test_the_database_holds_the_rules_against_the_api_role(loop: Api) -> None:
    w = loop.world
    created = _comment(loop, "A1", "a1_completed", "mine").json()
    with psycopg.connect(loop.target.app_url) as conn:
        with acting_as(conn, w, "A2") as c:  # a teammate: the session is hidden, so its comments are
            assert c.execute("select count(*) from session_comments").fetchone() == (0,)
            c.execute(
                "insert into session_comments (session_id, body) select %s, 'x' where false",
                [w.sessions["a1_completed"]],
            )
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute(
                    "insert into session_comments (session_id, body) values (%s, 'x')", [w.sessions["a1_completed"]]
                )
        with acting_as(conn, w, "C1") as c:  # staff see it but are not its author: the update touches nothing
            assert c.execute("update session_comments set body = 'edited' where id = %s", [created["id"]]).rowcount == 0
        with acting_as(conn, w, "A1") as c:  # the author cannot rewrite who wrote it or when
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute(
                    "update session_comments set author_user_id = %s where id = %s", [w.users["C1"], created["id"]]
                )
        with acting_as(conn, w, "A1") as c:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute(
                    "insert into session_comment_edits (comment_id, edited_by, kind, previous_body) "
                    "values (%s, %s, 'edited', 'forged')",
                    [created["id"], w.users["C1"]],
                )
        with acting_as(conn, w, "A1") as c:  # an athlete cannot mark their own session reviewed
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute("insert into session_reviews (session_id) values (%s)", [w.sessions["a1_completed"]])
        with acting_as(conn, w, "C1") as c:  # nor may staff name someone else as the reviewer
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute(
                    "insert into session_reviews (session_id, reviewed_by) values (%s, %s)",
                    [w.sessions["a1_completed"], w.users["AT"]],
                )
        with acting_as(conn, w, "C1") as c:  # nor review a planned session
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute("insert into session_reviews (session_id) values (%s)", [w.sessions["a1_coach"]])
    # The database's window is the service's EDIT_WINDOW: an edit just inside it passes, one just past it fails.
    for age, allowed in ((EDIT_WINDOW - timedelta(seconds=30), True), (EDIT_WINDOW + timedelta(seconds=1), False)):
        with loop.admin() as admin:
            admin.execute("update session_comments set created_at = now() - %s where id = %s", [age, created["id"]])
        with psycopg.connect(loop.target.app_url) as conn, acting_as(conn, w, "A1") as c:
            if allowed:
                c.execute("update session_comments set body = 'in time' where id = %s", [created["id"]])
                continue
            with pytest.raises(psycopg.errors.CheckViolation) as caught:
                c.execute("update session_comments set body = 'late' where id = %s", [created["id"]])
        assert caught.value.diag.constraint_name == "session_comments_edit_window"

"""Idempotency-Key on the comment routes (the offline app queues comments): a retried post, edit or delete lands
once and is answered as the first time; the same key for another request or while its first request runs is
refused with one stable code each (docs/api.md, "Retried writes")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import Server
from tests.support.api import Api, answer, world_api


@pytest.fixture
def loop(pg_server: Server, template_db: str) -> Iterator[Api]:
    yield from world_api(pg_server, template_db)


def _post(api: Api, key: str, text: str = "Legs heavy") -> Any:
    path = f"/api/v1/sessions/{api.world.sessions['a1_completed']}/comments"
    return api.request("A1", "POST", path, json={"body": text}, headers={"Idempotency-Key": key})


def _count(api: Api, sql: str) -> int:
    with api.admin() as conn:
        row = conn.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


def test_a_retried_comment_is_posted_once_and_answered_the_same(loop: Api) -> None:
    first = _post(loop, "c-post")
    again = _post(loop, "c-post")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content
    assert (again.headers["etag"], again.headers["location"]) == (first.headers["etag"], first.headers["location"])
    assert first.headers["location"] == f"/api/v1/comments/{first.json()['id']}"
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert _count(loop, "select count(*) from session_comments") == 1
    assert _count(loop, "select count(*) from notifications where kind = 'comment'") > 0
    told = _count(loop, "select count(*) from notifications where kind = 'comment'")
    _post(loop, "c-post")
    assert _count(loop, "select count(*) from notifications where kind = 'comment'") == told


def test_the_same_key_with_another_text_is_refused_and_writes_nothing(loop: Api) -> None:
    assert _post(loop, "c-reuse").status_code == 201
    assert answer(_post(loop, "c-reuse", text="Legs fine")) == (422, "idempotency_key_reused")
    assert _count(loop, "select count(*) from session_comments") == 1


def test_a_retried_edit_and_delete_are_replayed_not_refused_by_their_own_new_version(loop: Api) -> None:
    path = f"/api/v1/comments/{_post(loop, 'c-made').json()['id']}"
    edit = {"Idempotency-Key": "c-edit", "If-Match": '"v1"'}
    first = loop.request("A1", "PATCH", path, json={"body": "Legs fine"}, headers=edit)
    again = loop.request("A1", "PATCH", path, json={"body": "Legs fine"}, headers=edit)
    assert first.status_code == 200, first.text
    assert (again.status_code, again.content, again.headers["idempotent-replayed"]) == (200, first.content, "true")
    assert _count(loop, "select version from session_comments") == 2
    removal = {"Idempotency-Key": "c-delete", "If-Match": '"v2"'}
    gone = loop.request("A1", "DELETE", path, headers=removal)
    gone_again = loop.request("A1", "DELETE", path, headers=removal)
    assert gone.status_code == 200, gone.text
    assert (gone_again.status_code, gone_again.content) == (200, gone.content)
    assert _count(loop, "select version from session_comments") == 3
    reused = loop.request("A1", "DELETE", path, headers={"Idempotency-Key": "c-edit", "If-Match": '"v3"'})
    assert answer(reused) == (422, "idempotency_key_reused")


def test_a_comment_whose_first_request_is_still_running_answers_409(loop: Api) -> None:
    lock = "select pg_advisory_lock(hashtextextended(%s || '/' || %s, 21))"
    unlock = "select pg_advisory_unlock(hashtextextended(%s || '/' || %s, 21))"
    with loop.admin() as holder:  # stands for the first request, still inside its transaction
        holder.execute(lock, [str(loop.world.users["A1"]), "c-busy"])
        busy = _post(loop, "c-busy")
        # Released here, not by closing the connection: its backend may exit after the next request has started.
        holder.execute(unlock, [str(loop.world.users["A1"]), "c-busy"])
    assert answer(busy) == (409, "idempotency_key_in_flight")
    assert _count(loop, "select count(*) from session_comments") == 0
    assert _post(loop, "c-busy").status_code == 201

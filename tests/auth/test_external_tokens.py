"""Tokens of an external identity provider (no sid, no gen): the user is the one whose id is sub, else the one
linked to sub (users.external_subject), else the one with the token's verified email (docs/security.md)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from tests.support.api import TEST_SECRET, Api, answer


def _me(api: Api, **claims: Any) -> Any:
    now = datetime.now(UTC)
    token = jwt.encode(
        {"iss": "trainingops", "aud": "trainingops-api", "exp": now + timedelta(minutes=5), **claims},
        TEST_SECRET,
        algorithm="HS256",
    )
    return api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})


def _email(api: Api, actor: str) -> str:
    with api.admin() as conn:
        row = conn.execute("select email from users where id = %s", [api.world.users[actor]]).fetchone()
    assert row is not None
    return str(row[0])


def test_an_identity_providers_subject_finds_its_linked_user(api: Api) -> None:
    refused = _me(api, sub="idp|coach-1")
    assert answer(refused) == (401, "unauthenticated")
    assert refused.json()["detail"] == "No account here matches this token's subject or email."
    with api.admin() as conn:
        conn.execute("update users set external_subject = 'idp|coach-1' where id = %s", [api.world.users["C1"]])
    assert _me(api, sub="idp|coach-1").json()["user"]["id"] == str(api.world.users["C1"])


def test_a_verified_email_finds_its_user_and_an_unverified_one_does_not(api: Api) -> None:
    email = _email(api, "A1").upper()
    assert _me(api, sub="idp|a1", email=email).json()["user"]["id"] == str(api.world.users["A1"])
    assert _me(api, sub="idp|a1", email=email, email_verified=True).json()["user"]["id"] == str(api.world.users["A1"])
    assert answer(_me(api, sub="idp|a1", email=email, email_verified=False)) == (401, "unauthenticated")


def test_a_subject_that_is_a_user_id_wins_over_the_email(api: Api) -> None:
    found = _me(api, sub=str(api.world.users["A2"]), email=_email(api, "A1"))
    assert found.json()["user"]["id"] == str(api.world.users["A2"])


def test_a_uuid_subject_of_nobody_here_sees_nothing_as_before(api: Api) -> None:
    assert answer(_me(api, sub=str(uuid.uuid4()))) == (404, "not_found")

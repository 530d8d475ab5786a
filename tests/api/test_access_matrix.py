"""The attack matrix at the API level: for every route, anonymous -> 401, allowed actors -> 2xx, another
program -> 404 byte-identical to a random id, and bad tokens -> 401."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from tests.api.conftest import TEST_SECRET, Api

RANDOM = "00000000-0000-4000-8000-000000000000"


def routes(api: Api) -> list[tuple[str, str, str, set[str], dict[str, object] | None]]:
    """(method, path template with {id}, the id's owner key, actors allowed, body)."""
    w = api.world
    return [
        ("GET", "/api/v1/programs/{id}/team-seasons", str(w.ids["p1"]), {"C1", "A1", "A2", "D"}, None),
        ("GET", "/api/v1/programs/{id}/event-groups", str(w.ids["p1"]), {"C1", "A1", "A2", "D"}, None),
        ("GET", "/api/v1/team-seasons/{id}/roster", str(w.ids["s1"]), {"C1", "A1", "A2", "D"}, None),
        ("GET", "/api/v1/team-seasons/{id}/training-summary", str(w.ids["s1"]), {"C1", "A1", "A2", "D"}, None),
        ("GET", "/api/v1/athletes/{id}", str(w.ids["a1"]), {"C1", "A1"}, None),
        ("GET", "/api/v1/athletes/{id}/training", str(w.ids["a1"]), {"C1", "A1"}, None),
        ("GET", "/api/v1/sessions/{id}", str(w.sessions["a1_coach"]), {"C1", "A1"}, None),
        ("GET", "/api/v1/sessions/{id}/history", str(w.sessions["a1_coach"]), {"C1", "A1"}, None),
    ]


ALL = ["C1", "C2", "A1", "A2", "B1", "D", "U", "X"]


def test_every_route_refuses_anonymous_callers(api_ro: Api) -> None:
    paths = [("GET", "/api/v1/me"), ("GET", "/api/v1/programs"), ("GET", "/api/v1/sessions"),
             ("POST", "/api/v1/sessions"), ("PATCH", f"/api/v1/sessions/{RANDOM}"),
             ("DELETE", f"/api/v1/sessions/{RANDOM}"), ("POST", f"/api/v1/sessions/{RANDOM}/complete")]  # fmt: skip
    paths += [(m, p.format(id=i)) for m, p, i, _, _ in routes(api_ro)]
    for method, path in paths:
        response = api_ro.request("anon", method, path, json={})
        assert response.status_code == 401, (method, path)
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert response.json()["code"] == "unauthenticated"


@pytest.mark.parametrize("actor", ALL)
def test_each_route_answers_owners_and_gives_everyone_else_the_same_404_as_a_random_id(api_ro: Api, actor: str) -> None:
    for method, template, owned_id, allowed, _ in routes(api_ro):
        response = api_ro.request(actor, method, template.format(id=owned_id))
        if actor in allowed:
            assert response.status_code == 200, (actor, template, response.text)
            continue
        random = api_ro.request(actor, method, template.format(id=RANDOM))
        assert response.status_code == random.status_code == 404, (actor, template)
        assert response.content == random.content, (actor, template)


def test_other_programs_sessions_cannot_be_changed_completed_or_deleted(api: Api) -> None:
    hidden = api.world.sessions["b1_coach"]
    for method, path, body in (
        ("PATCH", f"/api/v1/sessions/{hidden}", {"title": "x"}),
        ("POST", f"/api/v1/sessions/{hidden}/complete", {"actual_rpe": 5}),
        ("DELETE", f"/api/v1/sessions/{hidden}", None),
    ):
        for actor in ("C1", "A1", "U", "X"):
            response = api.request(actor, method, path, json=body, headers={"If-Match": '"v1"'})
            random = api.request(actor, method, path.replace(str(hidden), RANDOM), json=body,
                                 headers={"If-Match": '"v1"'})  # fmt: skip
            assert response.status_code == 404, (actor, method)
            assert response.content == random.content
    with api.admin() as conn:
        assert conn.execute("select title, completed_at, version from athlete_training_sessions where id = %s",
                            [hidden]).fetchone() == (None, None, 1)  # fmt: skip


def test_lists_show_each_actor_only_their_sessions(api_ro: Api) -> None:
    from tests.world import VISIBLE_SESSIONS

    names = {str(v): k for k, v in api_ro.world.sessions.items()}
    for actor in ALL:
        items = api_ro.request(actor, "GET", "/api/v1/sessions?limit=200").json()["items"]
        assert {names[i["id"]] for i in items} == VISIBLE_SESSIONS[actor], actor


def _token(claims: dict[str, object], key: str = TEST_SECRET, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key, algorithm=algorithm)


def test_bad_tokens_are_401_with_www_authenticate(api_ro: Api) -> None:
    sub = str(api_ro.world.users["C1"])
    now = datetime.now(UTC)
    good = {"sub": sub, "iss": "trainingops", "aud": "trainingops-api", "exp": now + timedelta(minutes=5)}
    header = jwt.utils.base64url_encode(b'{"alg":"none","typ":"JWT"}').decode()
    payload = jwt.utils.base64url_encode(
        f'{{"sub":"{sub}","iss":"trainingops","aud":"trainingops-api","exp":{int(now.timestamp()) + 300}}}'.encode()
    ).decode()
    bad_tokens = {
        "alg none": f"{header}.{payload}.",
        "expired": _token({**good, "exp": now - timedelta(minutes=5)}),
        "malformed": "not.a.token",
        "wrong signature": _token(good, key="another-secret-" + "y" * 40),
        "wrong audience": _token({**good, "aud": "someone-else"}),
        "wrong issuer": _token({**good, "iss": "evil"}),
        "no expiry": _token({k: v for k, v in good.items() if k != "exp"}),
        "subject not a uuid": _token({**good, "sub": "admin"}),
    }
    assert api_ro.client.get("/api/v1/me", headers={"Authorization": f"Bearer {_token(good)}"}).status_code == 200
    for reason, token in bad_tokens.items():
        response = api_ro.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, reason
        assert 'error="invalid_token"' in response.headers["www-authenticate"], reason
        assert response.headers["content-type"] == "application/problem+json"
    basic = api_ro.client.get("/api/v1/me", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert basic.status_code == 401


def test_a_token_for_a_user_that_does_not_exist_sees_nothing(api_ro: Api) -> None:
    token = api_ro.tokens.issue(uuid.uuid4())
    headers = {"Authorization": f"Bearer {token}"}
    assert api_ro.client.get("/api/v1/sessions", headers=headers).json()["items"] == []
    assert api_ro.client.get("/api/v1/me", headers=headers).status_code == 404


def test_pool_hygiene_a_coach_then_an_athlete_on_one_connection_leak_nothing(api_ro: Api) -> None:
    from fastapi.testclient import TestClient

    from tests.api.conftest import api_settings
    from tests.world import VISIBLE_SESSIONS
    from trainingops.app import create_app

    names = {str(v): k for k, v in api_ro.world.sessions.items()}
    settings = api_settings(api_ro.target, pool_min_size=1, pool_max_size=1)
    with TestClient(create_app(settings, target=api_ro.target)) as client:
        for actor in ("C1", "A1", "anon", "C2", "U"):
            headers = api_ro.headers(actor)
            response = client.get("/api/v1/sessions?limit=200", headers=headers)
            if actor == "anon":
                assert response.status_code == 401
                continue
            assert {names[i["id"]] for i in response.json()["items"]} == VISIBLE_SESSIONS[actor], actor

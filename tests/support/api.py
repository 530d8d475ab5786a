"""API test harness: an app per database, tokens for the world's actors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.conftest import Server
from tests.support.world import World, build
from trainingops.app import create_app
from trainingops.auth.tokens import TokenService
from trainingops.config import Settings
from trainingops.db.target import DatabaseTarget

TEST_SECRET = "test-secret-" + "x" * 40


def answer(response: Any) -> tuple[int, str | None]:
    """A response as (status, code): the one answer a rule gives, compared whole (code None on success)."""
    return response.status_code, response.json()["code"] if response.status_code >= 400 else None


def api_settings(target: DatabaseTarget, **overrides: Any) -> Settings:
    return Settings(database_url=target.admin_url, jwt_secret=TEST_SECRET, **overrides)


@dataclass
class Api:
    client: TestClient
    world: World
    target: DatabaseTarget
    tokens: TokenService

    def headers(self, actor: str, **extra: str) -> dict[str, str]:
        user_id = self.world.user(actor)
        headers = dict(extra)
        if user_id is not None:
            headers["Authorization"] = f"Bearer {self.tokens.issue(user_id, ttl=timedelta(hours=1))}"
        return headers

    def request(self, actor: str, method: str, path: str, **kwargs: Any) -> Any:
        headers = self.headers(actor, **kwargs.pop("headers", {}))
        return self.client.request(method, path, headers=headers, **kwargs)

    def admin(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self.target.admin_url)


def _api(target: DatabaseTarget, world: World, **overrides: Any) -> Iterator[Api]:
    settings = api_settings(target, **overrides)
    with TestClient(create_app(settings, target=target)) as client:
        yield Api(client, world, target, TokenService.from_settings(settings))


@pytest.fixture(scope="module")
def api_ro(world_db: tuple[DatabaseTarget, World]) -> Iterator[Api]:
    """The world behind the API, shared by a module's tests: only for tests that change nothing."""
    yield from _api(*world_db)


def world_api(
    pg_server: Server,
    template_db: str,
    extend: Callable[[psycopg.Connection[Any], World], None] | None = None,
    **overrides: Any,
) -> Iterator[Api]:
    """A world of its own behind the API (``extend`` adds to it; ``overrides`` are settings), for tests that change
    data."""
    name = pg_server.create(template=template_db)
    target = pg_server.target(name)
    with psycopg.connect(target.admin_url) as conn:
        world = build(conn)
        if extend is not None:
            extend(conn, world)
    yield from _api(target, world, **overrides)
    pg_server.drop(name)


@pytest.fixture
def api(pg_server: Server, template_db: str) -> Iterator[Api]:
    """A world of its own behind the API, for tests that change data."""
    yield from world_api(pg_server, template_db)

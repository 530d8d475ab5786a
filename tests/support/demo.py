"""Fixtures for the load routes: the demo data behind the API (built once for the package), and the access
world of tests/world.py (re-exported from the API tests)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.conftest import Server
from tests.support.api import api_settings
from trainingops.app import create_app
from trainingops.auth.tokens import TokenService
from trainingops.db.target import DatabaseTarget
from trainingops.demo.generate import generate
from trainingops.demo.load import load

HEAD_COACH = "maria.alvarez@northfield.edu"


@dataclass
class Demo:
    client: TestClient
    tokens: TokenService
    target: DatabaseTarget

    def user_id(self, email: str) -> UUID:
        with psycopg.connect(self.target.admin_url) as conn:
            row = conn.execute("select id from users where lower(email) = lower(%s)", [email]).fetchone()
        assert row is not None, email
        return UUID(str(row[0]))

    def get(self, path: str, email: str = HEAD_COACH, status: int = 200) -> Any:
        token = self.tokens.issue(self.user_id(email), ttl=timedelta(hours=1))
        response = self.client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == status, response.text
        return response.json()

    def admin(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self.target.admin_url)


@pytest.fixture(scope="session")
def demo(pg_server: Server, template_db: str) -> Iterator[Demo]:
    """The demo data set (two programs, ~6 months of history, two weeks of plan) loaded for today."""
    name = pg_server.create(template=template_db)
    target = pg_server.target(name)
    load(target.admin_url, generate(date.today()))
    settings = api_settings(target)
    with TestClient(create_app(settings, target=target)) as client:
        yield Demo(client, TokenService.from_settings(settings), target)
    pg_server.drop(name)

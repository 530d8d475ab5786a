"""Shared fixtures: one real PostgreSQL server per test run, and isolated databases per test.

By default the embedded server starts in a temporary directory (deleted afterwards). Set
``TRAININGOPS_TEST_DATABASE_URL`` to an administrative URL of another PostgreSQL >= 15 server to run there
instead (test databases are created and dropped on it). Fixtures are lazy: tests that need no database (the
pure models, file readers) never start a server.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from trainingops.config import Settings
from trainingops.db import embedded, migrate
from trainingops.db.target import DatabaseTarget, app_url_for

TEMPLATE_NAME = f"tops_template_{os.getpid()}"
# The API harness (fixtures api, api_ro), the demo behind the API (fixture demo) and the browser (fixture browser).
pytest_plugins = ["tests.support.api", "tests.support.demo", "tests.support.browser"]


class Server:
    """Creates and drops databases on the test server."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url

    def url(self, database: str, user: str | None = None) -> str:
        params = conninfo_to_dict(self.admin_url)
        params["dbname"] = database
        if user:
            params["user"] = user
            params.pop("password", None)
        return make_conninfo("", **params)

    def create(self, template: str | None = None) -> str:
        name = f"tops_test_{uuid.uuid4().hex[:12]}"
        query = sql.SQL("create database {}").format(sql.Identifier(name))
        if template:
            query = sql.SQL("create database {} template {}").format(sql.Identifier(name), sql.Identifier(template))
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(query)
        return name

    def drop(self, name: str) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))

    def target(self, name: str) -> DatabaseTarget:
        admin = self.url(name)
        return DatabaseTarget(admin, app_url_for(admin, Settings(database_url=admin)))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    external = os.environ.get("TRAININGOPS_TEST_DATABASE_URL")
    if external:
        yield Server(external)
        return
    data_dir = Path(tempfile.mkdtemp(prefix="trainingops-test-"))
    server = embedded.start(data_dir)
    yield Server(server.url("postgres"))
    embedded.stop(data_dir)


@pytest.fixture(scope="session")
def template_db(pg_server: Server) -> Iterator[str]:
    """A migrated, empty database that per-test databases are copied from."""
    pg_server.drop(TEMPLATE_NAME)
    with psycopg.connect(pg_server.admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(TEMPLATE_NAME)))
    migrate.migrate(pg_server.url(TEMPLATE_NAME))
    yield TEMPLATE_NAME
    pg_server.drop(TEMPLATE_NAME)


@pytest.fixture
def fresh_db(pg_server: Server) -> Iterator[DatabaseTarget]:
    """An empty database (no migrations) of its own."""
    name = pg_server.create()
    yield pg_server.target(name)
    pg_server.drop(name)


@pytest.fixture
def migrated_db(pg_server: Server, template_db: str) -> Iterator[DatabaseTarget]:
    """A migrated database of its own, for tests that commit (API, CLI, concurrency)."""
    name = pg_server.create(template=template_db)
    yield pg_server.target(name)
    pg_server.drop(name)


@pytest.fixture(scope="session")
def shared_db(pg_server: Server, template_db: str) -> Iterator[DatabaseTarget]:
    """One migrated database for tests that roll back everything they do (see ``admin_conn``)."""
    name = pg_server.create(template=template_db)
    yield pg_server.target(name)
    pg_server.drop(name)


@pytest.fixture
def admin_conn(shared_db: DatabaseTarget) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """A connection as the administrative user inside a transaction that is rolled back after the test."""
    with psycopg.connect(shared_db.admin_url) as conn:
        try:
            yield conn
        finally:
            conn.rollback()


@pytest.fixture(scope="module")
def world_db(pg_server: Server, template_db: str) -> Iterator[tuple[DatabaseTarget, Any]]:
    """A database holding the access-control world (tests/world.py), built once per module."""
    from tests.support import world

    name = pg_server.create(template=template_db)
    target = pg_server.target(name)
    with psycopg.connect(target.admin_url) as conn:
        built = world.build(conn)
    yield target, built
    pg_server.drop(name)

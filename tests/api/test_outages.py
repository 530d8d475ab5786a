"""When the database is slow, busy or gone: a 503 problem+json with a stable code (never a hang, never a 500),
and the next request after the cause is gone succeeds without a restart."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import psycopg

from tests.support.api import Api, api_settings
from trainingops.app import create_app


async def with_app(api: Api, work: Callable[[Any, httpx.AsyncClient], Awaitable[None]], **settings: Any) -> None:
    app = create_app(api_settings(api.target, **settings), target=api.target)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            await work(app, client)


def problem_of(response: httpx.Response) -> tuple[int, str]:
    assert response.headers["content-type"] == "application/problem+json", response.text
    return response.status_code, response.json()["code"]


def test_a_request_that_finds_every_connection_busy_gets_503_database_busy_then_service_resumes(api_ro: Api) -> None:
    headers = api_ro.headers("C1")

    async def work(app: Any, client: httpx.AsyncClient) -> None:
        async with app.state.db.pool.connection():  # the pool's one connection, held
            started = time.perf_counter()
            response = await client.get("/api/v1/sessions", headers=headers)
            assert time.perf_counter() - started < 5
        assert problem_of(response) == (503, "database_busy")
        assert response.headers["retry-after"] == "2"
        assert (await client.get("/api/v1/sessions", headers=headers)).status_code == 200

    asyncio.run(with_app(api_ro, work, pool_max_size=1, pool_timeout_seconds=0.3))


def test_a_connection_killed_under_the_pool_is_a_503_once_then_the_pool_reconnects(api_ro: Api) -> None:
    headers = api_ro.headers("C1")

    async def work(app: Any, client: httpx.AsyncClient) -> None:
        assert (await client.get("/api/v1/sessions", headers=headers)).status_code == 200
        with psycopg.connect(api_ro.target.admin_url, autocommit=True) as admin:
            admin.execute(
                "select pg_terminate_backend(pid) from pg_stat_activity "
                "where usename = 'trainingops_app' and datname = current_database()"
            )
        response = await client.get("/api/v1/sessions", headers=headers)
        assert problem_of(response) == (503, "database_unavailable")
        assert (await client.get("/api/v1/sessions", headers=headers)).status_code == 200
        assert (await client.get("/readyz")).status_code == 200

    asyncio.run(with_app(api_ro, work, pool_max_size=1, pool_min_size=1))


def test_queries_stuck_behind_a_lock_end_at_the_statement_timeout_and_the_next_ones_succeed(api_ro: Api) -> None:
    headers = api_ro.headers("C1")

    async def work(app: Any, client: httpx.AsyncClient) -> None:
        with psycopg.connect(api_ro.target.admin_url) as admin:
            admin.execute("lock table athlete_training_sessions in access exclusive mode")
            started = time.perf_counter()
            answers = await asyncio.gather(*(client.get("/api/v1/sessions", headers=headers) for _ in range(6)))
            waited = time.perf_counter() - started
            admin.rollback()
        codes = sorted(problem_of(r) for r in answers)
        # Two connections: two requests wait the statement timeout; the others wait for a connection first.
        assert set(codes) <= {(503, "statement_timeout"), (503, "database_busy")}, codes
        assert (503, "statement_timeout") in codes
        assert waited < 5, "every request answered within the timeouts"
        assert (await client.get("/api/v1/sessions", headers=headers)).status_code == 200

    asyncio.run(with_app(api_ro, work, pool_max_size=2, statement_timeout_ms=300, pool_timeout_seconds=0.5))

"""The FastAPI application factory: routers, the error mapper, request logging, and the lifespan that opens
the connection pool (starting the embedded server when no DATABASE_URL is set)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from trainingops import __version__, health, problems
from trainingops.config import Settings, get_settings
from trainingops.db import target as db_target
from trainingops.db.pool import Database
from trainingops.logs import RequestLogMiddleware

API_DESCRIPTION = """
The Training domain of TrainingOps: what athletes were asked to do (planned) and what they actually did
(actual), for coaches, strength & conditioning staff, athletic trainers and athletes.

Errors are `application/problem+json` (RFC 9457) with a stable `code` member.
"""


def create_app(settings: Settings | None = None, *, target: db_target.DatabaseTarget | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        resolved = target or db_target.resolve(settings)
        database = Database(
            resolved.app_url,
            min_size=settings.pool_min_size,
            max_size=settings.pool_max_size,
            statement_timeout_ms=settings.statement_timeout_ms,
        )
        await database.open()
        app.state.db = database
        try:
            yield
        finally:
            await database.close()

    app = FastAPI(
        title="TrainingOps API",
        version=__version__,
        description=API_DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    problems.install(app)
    app.add_middleware(RequestLogMiddleware)
    app.include_router(health.router)
    return app

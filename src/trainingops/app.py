"""The FastAPI application factory: routers, the error mapper, request logging, and the lifespan that opens
the connection pool (starting the embedded server when no DATABASE_URL is set)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from trainingops import __version__, mail
from trainingops.activities import router as activities_router
from trainingops.api import health, metrics, problems, webapp
from trainingops.api import openapi as api_docs
from trainingops.api.limits import BodySizeLimitMiddleware
from trainingops.api.logs import RequestLogMiddleware
from trainingops.auth import router as auth_router
from trainingops.auth import throttle
from trainingops.auth.tokens import TokenService
from trainingops.calendar import router as calendar_router
from trainingops.config import Settings, get_settings
from trainingops.db import target as db_target
from trainingops.db.pool import Database
from trainingops.demo import router as demo_router
from trainingops.engagement import comments_router
from trainingops.engagement import router as engagement_router
from trainingops.load import router as athlete_load_router
from trainingops.load import settings_router as load_settings_router
from trainingops.notifications import router as notifications_router
from trainingops.notifications import sender as notification_sender
from trainingops.planning import field_router, practice_router
from trainingops.planning import router as planning_router
from trainingops.roster import invitations_router, programs_router, roster_router
from trainingops.roster import router as context_router
from trainingops.sessions import router as sessions_router
from trainingops.sessions import schemas as sessions_schemas
from trainingops.wellness import router as wellness_router

API_DESCRIPTION = """
The Training domain of TrainingOps: what athletes were asked to do (planned) and what they actually did
(actual), for coaches, strength & conditioning staff, athletic trainers and athletes.

Errors are `application/problem+json` (RFC 9457) with a stable `code` member.
"""
DOCS_ASSETS_URL = "/docs/assets"


def create_app(
    settings: Settings | None = None,
    *,
    target: db_target.DatabaseTarget | None = None,
    on_started: Callable[[], None] | None = None,
) -> FastAPI:
    """The app: wiring only, no process-wide side effects (``serve`` tunes its own process: ``on_started`` runs
    once the pool is open)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        resolved = target or db_target.resolve(settings)
        database = Database(
            resolved.app_url,
            min_size=settings.pool_min_size,
            max_size=settings.pool_max_size,
            statement_timeout_ms=settings.statement_timeout_ms,
            pool_timeout_s=settings.pool_timeout_seconds,
        )
        await database.open()
        app.state.db = database
        app.state.metrics.watch_pool(database.pool)
        app.state.admin_url = resolved.admin_url if settings.demo_mode else None
        if on_started is not None:
            on_started()
        # Notification emails go out after the commit that queued them (notifications.sender); without SMTP they
        # wait in the outbox for `trainingops notifications send-email`.
        sending = (
            asyncio.create_task(notification_sender.run(database, settings, app_url=resolved.app_url))
            if mail.configured(settings)
            else None
        )
        try:
            yield
        finally:
            if sending is not None:
                sending.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await sending
            await database.close()

    # /docs and /redoc with their assets served from the fastapi-offline package: no CDN, so they work offline.
    app = FastAPIOffline(
        title="TrainingOps API",
        version=__version__,
        description=API_DESCRIPTION,
        lifespan=lifespan,
        static_url=DOCS_ASSETS_URL,
    )
    app.state.settings = settings
    app.state.tokens = TokenService.from_settings(settings)  # fails fast when tokens cannot be verified
    app.state.sign_in_throttle = throttle.sign_in_throttle()  # per process: docs/security.md, "Brute force"
    app.state.reset_throttle = throttle.reset_throttle()
    problems.install(app)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.state.metrics = metrics.Metrics()
    app.add_middleware(RequestLogMiddleware, observe=app.state.metrics.observe)
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.include_router(auth_router.router)
    app.include_router(context_router.router)
    app.include_router(programs_router.router)
    app.include_router(roster_router.router)
    app.include_router(invitations_router.router)
    app.include_router(invitations_router.public_router)
    app.include_router(sessions_router.router)
    app.include_router(athlete_load_router.router)
    app.include_router(load_settings_router.router)
    app.include_router(planning_router.router)
    app.include_router(practice_router.router)
    app.include_router(field_router.router)
    app.include_router(activities_router.router)
    app.include_router(calendar_router.router)
    app.include_router(wellness_router.router)
    app.include_router(engagement_router.router)
    app.include_router(comments_router.router)
    app.include_router(notifications_router.router)
    if settings.demo_mode:
        app.include_router(demo_router.router)
    # The web app last: it answers only what no API route does.
    app.router.routes.append(webapp.ROUTE)
    # Request bodies chosen per caller (staff or athlete) are validated by hand: publish their schemas too.
    api_docs.install(app, models=sessions_schemas.PER_CALLER_BODIES)
    return app

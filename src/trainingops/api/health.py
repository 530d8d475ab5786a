"""Liveness and readiness probes for load balancers and orchestrators."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from trainingops.api.openapi import errors
from trainingops.api.problems import problem
from trainingops.db import migrate

router = APIRouter(tags=["health"])
READY_TIMEOUT_S = 2.0


class Alive(BaseModel):
    status: Literal["ok"]


class Ready(BaseModel):
    status: Literal["ready"]
    migrations: int = Field(description="Migrations applied.")


@router.get("/healthz", operation_id="healthz", summary="The process is up")
async def healthz() -> Alive:
    return Alive(status="ok")


@router.get(
    "/readyz",
    operation_id="readyz",
    summary="The database is reachable and its migrations are current",
    response_model=Ready,
    responses=errors(notes={503: "database_unreachable, or migrations_pending (`pending` lists them)"}),
)
async def readyz(request: Request) -> Any:
    expected = [m.version for m in migrate.discover()]
    try:
        # A short wait: a probe must answer while the database is away, not queue behind the pool's timeout.
        async with request.app.state.db.pool.connection(timeout=READY_TIMEOUT_S) as conn:
            cursor = await conn.execute(
                f"select coalesce(array_agg(version order by version), '{{}}') as versions "
                f"from {migrate.META_SCHEMA}.schema_migrations"
            )
            row = await cursor.fetchone()
    except Exception as exc:  # any failure to reach the database means "not ready"
        return problem(503, "database_unreachable", f"The database cannot be reached: {type(exc).__name__}.")
    applied = list(row["versions"]) if row else []
    pending = [v for v in expected if v not in applied]
    if pending:
        return problem(503, "migrations_pending", f"Migrations not applied yet: {', '.join(pending)}.", pending=pending)
    return JSONResponse({"status": "ready", "migrations": len(applied)})

"""Command-line work done as a named user: the same transaction, identity and row-level security as an API
request. Every CLI command that reads or changes training data goes through ``run_as``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar
from uuid import UUID

from trainingops.auth.identity import Identity
from trainingops.db.pool import Connection, Database

T = TypeVar("T")


async def run_as(
    app_url: str, user_id: UUID, work: Callable[[Connection], Awaitable[T]], *, statement_timeout_ms: int = 600_000
) -> T:
    """Run ``work`` in one transaction as ``user_id`` (committed when it returns, rolled back when it raises)."""
    database = Database(app_url, min_size=1, max_size=1, statement_timeout_ms=statement_timeout_ms)
    await database.open()
    try:
        async with database.transaction(Identity(user_id)) as conn:
            return await work(conn)
    finally:
        await database.close()

"""The API's connection pool and the one way to touch the database from a request: ``transaction(identity)``.

Every request runs in one transaction as ``trainingops_app`` with ``app.user_id`` set transaction-locally
(``set_config(..., true)``): when the transaction ends the setting is gone, so a connection back in the pool
carries no identity, and a code path that forgets to pass one sees what an anonymous caller sees.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from trainingops.db import errors as db_errors
from trainingops.db.identity import Identity

Connection = psycopg.AsyncConnection[dict[str, Any]]

# TimeZone UTC: timestamps leave the database as UTC; local dates are computed explicitly per program.
_SET_IDENTITY = (
    "select set_config('app.user_id', %s, true), set_config('statement_timeout', %s, true), "
    "set_config('TimeZone', 'UTC', true)"
)


def _counting_cursor(database: Database) -> type[psycopg.AsyncCursor[Any]]:
    class CountingCursor(psycopg.AsyncCursor[Any]):
        """Counts statements, so tests can prove a route runs a fixed number of them (no N+1)."""

        async def execute(self, *args: Any, **kwargs: Any) -> Any:
            database.statements_executed += 1
            return await super().execute(*args, **kwargs)

    return CountingCursor


class Database:
    def __init__(self, app_url: str, *, min_size: int = 1, max_size: int = 10, statement_timeout_ms: int = 15000):
        self.statement_timeout_ms = statement_timeout_ms
        self.messages: dict[str, str] = {}
        self.statements_executed = 0
        self.pool: AsyncConnectionPool[Connection] = AsyncConnectionPool(
            app_url,
            min_size=min_size,
            max_size=max_size,
            open=False,
            # autocommit: nothing is open between requests; transaction() issues BEGIN/COMMIT itself.
            kwargs={"autocommit": True, "row_factory": dict_row, "cursor_factory": _counting_cursor(self)},
            name="trainingops-api",
        )

    async def open(self) -> None:
        await self.pool.open(wait=True, timeout=30)
        async with self.pool.connection() as conn:
            self.messages = await db_errors.load_messages_async(conn)

    async def close(self) -> None:
        await self.pool.close()

    @asynccontextmanager
    async def transaction(self, identity: Identity | None) -> AsyncIterator[Connection]:
        """One transaction as ``identity`` (None: anonymous, sees nothing once policies apply).

        Database errors leave as ``DomainError``s (rolled back, nothing written) or unchanged when they are
        server faults.
        """
        user_id = str(identity.user_id) if identity else ""
        async with self.pool.connection() as conn:
            try:
                async with conn.transaction():
                    await conn.execute(_SET_IDENTITY, [user_id, f"{self.statement_timeout_ms}ms"])
                    yield conn
            except psycopg.Error as exc:
                domain_error = db_errors.translate(exc, self.messages)
                if domain_error is None:
                    raise
                raise domain_error from exc

    async def ping(self) -> None:
        async with self.pool.connection() as conn:
            await conn.execute("select 1")

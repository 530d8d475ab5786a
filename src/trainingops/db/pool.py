"""The API's connection pool and the one way to touch the database from a request: ``transaction(identity)``.

Every request runs in one transaction as ``trainingops_app`` with ``app.user_id`` set transaction-locally
(``set_config(..., true)``): when the transaction ends the setting is gone, so a connection back in the pool
carries no identity, and a code path that forgets to pass one sees what an anonymous caller sees.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from trainingops.db import errors as db_errors
from trainingops.db.identity import Identity
from trainingops.errors import Unauthenticated

Connection = psycopg.AsyncConnection[dict[str, Any]]

# TimeZone UTC: timestamps leave the database as UTC; local dates are computed explicitly per program.
_SETTINGS = "set_config('statement_timeout', %s, true), set_config('TimeZone', 'UTC', true)"
_SET_IDENTITY = f"select set_config('app.user_id', %s, true), {_SETTINGS}"
# A token the service issued: the same statement also says whether its sign-in is still live (no extra round trip).
_SET_IDENTITY_CHECKED = f"{_SET_IDENTITY}, app_private.sign_in_is_live(%s, %s, %s) as live"
# An identity provider's token: the user is found from its subject or email, in the same statement.
_SET_EXTERNAL_IDENTITY = (
    "select set_config('app.user_id', coalesce(app_private.token_user_id(%s, %s, %s)::text, ''), true) as user_id, "
    f"{_SETTINGS}"
)


@dataclass
class RequestFacts:
    """What the request log and the metrics learn from the database layer about one request: who it acted as (the
    user id, never the email) and how many round trips to the database it made (statements, BEGIN, COMMIT)."""

    user_id: str | None = None
    round_trips: int = 0


# Set by the request middleware (api.logs) for each HTTP request; None outside one (CLI, tests of services).
request_facts: ContextVar[RequestFacts | None] = ContextVar("request_facts", default=None)


def _count_round_trips(n: int) -> None:
    facts = request_facts.get()
    if facts is not None:
        facts.round_trips += n


def _counting_cursor(database: Database) -> type[psycopg.AsyncCursor[Any]]:
    class CountingCursor(psycopg.AsyncCursor[Any]):
        """Counts statements, so tests can prove a route runs a fixed number of them (no N+1), and the metrics
        can report round trips per request."""

        async def execute(self, *args: Any, **kwargs: Any) -> Any:
            database.statements_executed += 1
            _count_round_trips(1)
            return await super().execute(*args, **kwargs)

    return CountingCursor


class Database:
    def __init__(
        self,
        app_url: str,
        *,
        min_size: int = 1,
        max_size: int = 10,
        statement_timeout_ms: int = 15000,
        pool_timeout_s: float = 10.0,
    ):
        self.statement_timeout_ms = statement_timeout_ms
        self.pool_timeout_s = pool_timeout_s
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
        try:
            async with self.pool.connection(timeout=self.pool_timeout_s) as conn:
                _count_round_trips(2)  # BEGIN and COMMIT (or ROLLBACK)
                async with conn.transaction():
                    await self._set_identity(conn, identity)
                    yield conn
        except PoolTimeout as exc:
            raise db_errors.DatabaseBusy(
                f"No database connection came free within {self.pool_timeout_s:g} s; retry in a moment."
            ) from exc
        except psycopg.Error as exc:
            domain_error = db_errors.translate(exc, self.messages)
            if domain_error is None:
                raise
            raise domain_error from exc

    async def _set_identity(self, conn: Connection, identity: Identity | None) -> None:
        """``app.user_id`` and the transaction's settings in one statement, which also refuses a token whose
        sign-in ended (signed out, password changed, membership deactivated) or that names no account."""
        timeout = f"{self.statement_timeout_ms}ms"
        facts = request_facts.get()
        if identity is None or (identity.subject is None and not identity.issued_here):
            user_id = str(identity.user_id) if identity and identity.user_id else ""
            await conn.execute(_SET_IDENTITY, [user_id, timeout])
            if facts is not None and user_id:
                facts.user_id = user_id
            return
        if identity.issued_here:
            cursor = await conn.execute(
                _SET_IDENTITY_CHECKED,
                [str(identity.user_id), timeout, identity.user_id, identity.session_id, identity.generation],
            )
            row = await cursor.fetchone()
            if not (row and row["live"]):
                raise Unauthenticated("This sign-in has ended (signed out, or the password changed); sign in again.")
            if facts is not None:
                facts.user_id = str(identity.user_id)
            return
        cursor = await conn.execute(
            _SET_EXTERNAL_IDENTITY, [identity.user_id, identity.subject, identity.email, timeout]
        )
        row = await cursor.fetchone()
        if not (row and row["user_id"]):
            raise Unauthenticated("No account here matches this token's subject or email.")
        if facts is not None:
            facts.user_id = str(row["user_id"])

    async def ping(self) -> None:
        async with self.pool.connection() as conn:
            await conn.execute("select 1")

"""Load the demo: one transaction on the administrative connection that removes the previous demo, writes the
generated tables (COPY per table) and adds the planner (library, maxes, practices published as the head coach).

Loading again replaces the demo with a fresh copy anchored to its day, whatever was done through the API in the
demo's programs in between: the previous demo's programs, athletes and users go with every row that hangs off
them (``removal``: derived from the foreign keys). Rows of other programs are never touched. Any failure rolls
the whole load back, so the previous demo stays as it was.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date
from uuid import UUID

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from trainingops.auth import passwords
from trainingops.db.pool import Connection
from trainingops.demo import planning, removal
from trainingops.demo.generate import TABLE_COLUMNS, DemoData, generate

Progress = Callable[[str, int], None]  # (what is being loaded, rows just written)
COPY_CHUNK = 2000
# Every demo user signs in with this password (`./run demo` prints it). It passes the password rules for every
# demo user (tests/demo/test_demo.py), so it is a real password, not a bypass.
DEMO_PASSWORD = "demo-password-2026"


def demo_roots(data: DemoData) -> dict[str, list[UUID]]:
    """The demo's own rows by table: every other row of the demo hangs off them (ids are deterministic, so the
    previous day's demo has the same ones)."""
    return {
        "programs": [row[0] for row in data.programs],
        "athletes": [row[0] for row in data.athletes],
        "users": [row[0] for row in data.users],
    }


async def _remove_previous(conn: Connection, data: DemoData) -> dict[str, int]:
    roots = demo_roots(data)
    # Import batches point at their importer (kept as null when the user goes) and list their programs in an
    # array (no foreign key): the demo's are those of its users or programs, removed once no session names them.
    cursor = await conn.execute(
        "select coalesce(array_agg(id), '{}') as ids from session_import_batches "
        "where imported_by = any (%s) or program_ids && %s::uuid[]",
        [roots["users"], roots["programs"]],
    )
    row = await cursor.fetchone()
    batches = list(row["ids"]) if row else []
    deleted = await removal.remove(conn, roots)
    cursor = await conn.execute(
        "delete from session_import_batches b where b.id = any (%s) "
        "and not exists (select from athlete_training_sessions s where s.import_batch_id = b.id)",
        [batches],
    )
    deleted["session_import_batches"] = cursor.rowcount
    # The history has no foreign key (it outlives a deleted session); the demo's starts afresh with each load,
    # the deletes above included.
    cursor = await conn.execute(
        "delete from athlete_training_session_history where athlete_id = any (%s)", [roots["athletes"]]
    )
    deleted["athlete_training_session_history"] = cursor.rowcount
    return deleted


async def _copy(conn: Connection, data: DemoData, progress: Progress | None) -> dict[str, int]:
    counts: dict[str, int] = {}
    cursor = conn.cursor()
    for table, rows in data.tables().items():
        columns = TABLE_COLUMNS[table]
        statement = sql.SQL("copy {} ({}) from stdin").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        async with cursor.copy(statement) as copy:
            for start in range(0, len(rows), COPY_CHUNK):
                chunk = rows[start : start + COPY_CHUNK]
                for row in chunk:
                    await copy.write_row(row)
                if progress:
                    progress(table, len(chunk))
        counts[table] = len(rows)
    return counts


async def _set_demo_password(conn: Connection, data: DemoData) -> None:
    """One hash for every demo user: hashing each on its own would cost a second per hundred users for nothing."""
    password_hash = await passwords.hash_in_thread(DEMO_PASSWORD)
    await conn.execute(
        "insert into app_private.user_credentials (user_id, password_hash, password_changed_at) "
        "select id, %s, now() from unnest(%s::uuid[]) id",
        [password_hash, demo_roots(data)["users"]],
    )


async def _load(admin_url: str, data: DemoData, progress: Progress | None) -> dict[str, int]:
    async with await psycopg.AsyncConnection.connect(admin_url, row_factory=dict_row) as conn:
        async with conn.transaction():
            await _remove_previous(conn, data)
            counts = await _copy(conn, data, progress)
            await _set_demo_password(conn, data)
            if progress:
                progress("practices", 0)
            counts["practice_sessions"] = await planning.add_planner(conn, data.today)
        await conn.set_autocommit(True)
        await conn.execute("analyze")
    return counts


def load(admin_url: str, data: DemoData | None = None, *, progress: Progress | None = None) -> dict[str, int]:
    """Replace the demo with ``data`` (default: generated for today), planner included; return rows written per
    table (the generated tables, and the practices)."""
    return asyncio.run(_load(admin_url, data or generate(date.today()), progress))

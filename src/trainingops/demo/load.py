"""Load the demo data: one transaction on the administrative connection, COPY per table.

Idempotent: the demo's ids are deterministic, and loading first removes every demo row (and whatever hangs
off them), so loading twice leaves exactly one copy, refreshed to today's date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import psycopg
from psycopg import sql

from trainingops.demo.generate import TABLE_COLUMNS, DemoData, generate

Progress = Callable[[str, int], None]  # (table, rows just written)


def _delete_previous(cur: psycopg.Cursor[tuple[object, ...]], data: DemoData) -> None:
    athlete_ids = [row[0] for row in data.athletes]
    program_ids = [row[0] for row in data.programs]
    user_ids = [row[0] for row in data.users]
    # Sessions first: they restrict deletion of the coaches and seasons they point at.
    cur.execute("delete from athlete_training_sessions where athlete_id = any(%s)", [athlete_ids])
    # The demo's history starts afresh with each load (the deletes above were recorded too).
    cur.execute("delete from athlete_training_session_history where athlete_id = any(%s)", [athlete_ids])
    cur.execute("delete from programs where id = any(%s)", [program_ids])
    cur.execute("delete from athletes where id = any(%s)", [athlete_ids])
    cur.execute("delete from users where id = any(%s)", [user_ids])


def load(admin_url: str, data: DemoData | None = None, *, progress: Progress | None = None) -> dict[str, int]:
    """Replace the demo data with ``data`` (default: generated for today); return rows written per table."""
    data = data or generate(date.today())
    counts: dict[str, int] = {}
    with psycopg.connect(admin_url) as conn, conn.cursor() as cur:
        _delete_previous(cur, data)
        for table, rows in data.tables().items():
            columns = TABLE_COLUMNS[table]
            statement = sql.SQL("copy {} ({}) from stdin").format(
                sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
            )
            with cur.copy(statement) as copy:
                for start in range(0, len(rows), 2000):
                    chunk = rows[start : start + 2000]
                    for row in chunk:
                        copy.write_row(row)
                    if progress:
                        progress(table, len(chunk))
            counts[table] = len(rows)
        cur.execute("analyze")
    return counts

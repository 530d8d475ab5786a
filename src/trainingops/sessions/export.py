"""Sessions out as files: the caller's visible sessions of one athlete or season as CSV (the import's columns, so
an export imports back) or Parquet."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any
from uuid import UUID

from psycopg.rows import tuple_row

from trainingops import csv_cells
from trainingops.db.pool import Connection
from trainingops.errors import InvalidInput
from trainingops.roster import access
from trainingops.sessions import bulk_sql
from trainingops.sessions.bulk import CSV_COLUMNS, EXPORT_ONLY_COLUMNS

EXPORT_COLUMNS = ("id", *CSV_COLUMNS, *EXPORT_ONLY_COLUMNS[1:])


async def export_rows(
    conn: Connection,
    *,
    athlete_id: UUID | None,
    team_season_id: UUID | None,
    date_from: date | None,
    date_to: date | None,
    source: str | None = None,
) -> list[tuple[Any, ...]]:
    """The sessions the caller may see, in the spec's columns plus external_id, id, lineage and timestamps."""
    if (athlete_id is None) == (team_season_id is None):
        raise InvalidInput("Export one athlete (athlete_id) or one team season (team_season_id).")
    scope = "s.athlete_id = %(scope)s" if athlete_id else "s.team_season_id = %(scope)s"
    subject = athlete_id or team_season_id
    assert subject is not None  # exactly one is given
    await access.require_visible(conn, table="athletes" if athlete_id else "team_seasons", row_id=subject)
    async with conn.cursor(row_factory=tuple_row) as cursor:
        await cursor.execute(
            bulk_sql.EXPORT_SELECT.format(scope=scope).encode(),
            {"scope": subject, "from": date_from, "to": date_to, "source": source},
        )
        return list(await cursor.fetchall())


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_cells.neutralise(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def to_csv(rows: list[tuple[Any, ...]]) -> bytes:
    out = io.StringIO()
    # RFC 4180's CRLF: the writer then quotes every cell holding a CR or an LF (with "\n" alone, a lone CR went
    # out unquoted and the file could not be read back).
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue().encode()


def to_parquet(rows: list[tuple[Any, ...]]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns: list[tuple[Any, ...]] = list(zip(*rows, strict=True)) if rows else [() for _ in EXPORT_COLUMNS]
    uuid_columns = {
        "id",
        "athlete_id",
        "coach_member_id",
        "team_season_id",
        "practice_session_id",
        "practice_session_workout_id",
        "workout_id",
        "import_batch_id",
    }
    arrays = {
        name: pa.array([str(v) if v is not None else None for v in values] if name in uuid_columns else list(values))
        for name, values in zip(EXPORT_COLUMNS, columns, strict=True)
    }
    buffer = io.BytesIO()
    pq.write_table(pa.table(arrays), buffer)
    return buffer.getvalue()

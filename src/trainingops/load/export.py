"""The feature export: one row per athlete-day with every metric, as Parquet or CSV, computed as a given user.

The query runs through ``Database.transaction(Identity(user))`` exactly like an API request, so row-level
security decides what the file contains. Undefined values (NaN in the models) are written as nulls, counts as
nullable 32-bit integers, dates as calendar dates; the Parquet file reads as-is in pandas, polars and Spark.
Athlete names are left out on purpose: a training set needs the id, not the person.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from numpy.typing import NDArray

from trainingops import csv_cells
from trainingops.db.identity import Identity
from trainingops.db.pool import Connection, Database
from trainingops.errors import InvalidInput
from trainingops.load import program_settings as load_settings
from trainingops.load import service
from trainingops.load.bodies import COUNT_FIELDS, feature_columns
from trainingops.load.wellness_input import with_wellness
from trainingops.sessions import trends as sessions_trends


@dataclass(frozen=True)
class FeatureTable:
    """One row per athlete-day: ``columns`` are equal-length arrays in athlete-major, day-minor order."""

    columns: dict[str, NDArray[Any]]
    date_from: date
    date_to: date
    athletes: int

    @property
    def rows(self) -> int:
        return int(next(iter(self.columns.values())).shape[0]) if self.columns else 0


async def feature_table(
    conn: Connection, *, team_season_id: UUID, date_from: date | None, date_to: date | None
) -> FeatureTable:
    """Every metric per rostered athlete and day over [from, to] (default: the season up to today)."""
    service.check_date(date_from, "from")
    service.check_date(date_to, "to")
    season = await service._season(conn, team_season_id=team_season_id)
    today: date = season["today"]
    date_from = date_from or season["start_date"]
    date_to = date_to or min(season["end_date"], today)
    if date_to > today:
        raise InvalidInput(f"to must not be after today ({today}): features describe what was done.")
    sessions_trends.check_range(date_from, date_to)
    fetched, report = await service._over_range(
        conn,
        roster_sql=service._roster_sql(None),
        params={"season": team_season_id},
        date_from=date_from,
        date_to=date_to,
        today=today,
        settings=load_settings.from_row(season),
    )
    report, wellness = await with_wellness(conn, fetched, report, first=date_from, last=date_to)
    columns = feature_columns(fetched, report, wellness, lo=fetched.frame.index(date_from))
    return FeatureTable(columns=columns, date_from=date_from, date_to=date_to, athletes=fetched.frame.n_athletes)


class ExportFormat(enum.StrEnum):
    PARQUET = "parquet"
    CSV = "csv"


def _column(name: str, values: NDArray[Any]) -> pa.Array:
    if name == "athlete_id":
        return pa.array(values.tolist(), type=pa.string())
    if name == "date":
        return pa.array(values.astype("datetime64[D]"), type=pa.date32())
    if values.dtype == np.bool_:
        return pa.array(values, type=pa.bool_())
    missing = np.isnan(values)
    if name in COUNT_FIELDS:
        return pa.array(np.nan_to_num(values).astype(np.int32), mask=missing, type=pa.int32())
    return pa.array(values, mask=missing, type=pa.float64())


def to_arrow(table: FeatureTable) -> pa.Table:
    return pa.table({name: _column(name, values) for name, values in table.columns.items()})


def spreadsheet_safe(arrow: pa.Table) -> pa.Table:
    """Text columns with every cell a spreadsheet would run as a formula neutralised (csv_cells); numbers,
    dates and booleans are the service's own values and stay as they are (a negative form stays a number)."""
    for index, column in enumerate(arrow.schema):
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            cells = [None if v is None else csv_cells.neutralise(v) for v in arrow.column(index).to_pylist()]
            arrow = arrow.set_column(index, column, pa.array(cells, type=column.type))
    return arrow


def write(table: FeatureTable, path: Path, fmt: ExportFormat) -> None:
    arrow = to_arrow(table)
    if fmt is ExportFormat.PARQUET:
        pq.write_table(arrow, path, compression="zstd")
    else:
        pa_csv.write_csv(spreadsheet_safe(arrow), path)


async def feature_table_as(
    app_url: str,
    *,
    user_id: UUID,
    team_season_id: UUID,
    date_from: Any,
    date_to: Any,
    statement_timeout_ms: int,
) -> FeatureTable:
    """Compute the feature table in one transaction as ``user_id`` (raises the service's DomainErrors)."""
    database = Database(app_url, min_size=1, max_size=1, statement_timeout_ms=statement_timeout_ms)
    await database.open()
    try:
        async with database.transaction(Identity(user_id)) as conn:
            return await feature_table(conn, team_season_id=team_season_id, date_from=date_from, date_to=date_to)
    finally:
        await database.close()

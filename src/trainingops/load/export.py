"""The feature export: one row per athlete-day with every metric, as Parquet or CSV, computed as a given user.

The query runs through ``Database.transaction(Identity(user))`` exactly like an API request, so row-level
security decides what the file contains. Undefined values (NaN in the models) are written as nulls, counts as
nullable 32-bit integers, dates as calendar dates; the Parquet file reads as-is in pandas, polars and Spark.
Athlete names are left out on purpose: a training set needs the id, not the person.
"""

from __future__ import annotations

import enum
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
from trainingops.db.pool import Database
from trainingops.load import service
from trainingops.load.bodies import COUNT_FIELDS
from trainingops.load.service import FeatureTable


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
            return await service.feature_table(
                conn, team_season_id=team_season_id, date_from=date_from, date_to=date_to
            )
    finally:
        await database.close()

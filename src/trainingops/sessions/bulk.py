"""Sessions in bulk: CSV import (every row validated first, all rows or none, duplicates found rather than
created, idempotent with an Idempotency-Key, undoable as a batch) and CSV/Parquet export, as the caller under
row-level security.

``COPY FROM`` is refused on a table with RLS, so an import copies the rows into a temporary table and inserts
them with one ``INSERT … SELECT``: the policies, constraints and triggers check every row as for any insert. A
fixed number of statements, whatever the number of rows (``bulk_sql``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from trainingops import csv_cells
from trainingops.api.idempotency import IdempotencyKeyReused
from trainingops.db.pool import Connection
from trainingops.errors import DomainError, InvalidInput
from trainingops.sessions import bulk_sql, schemas

# The spec's columns (athlete_training_sessions §1.2), in its order, then the importer's own id for a row.
CSV_COLUMNS = (
    "athlete_id",
    "source",
    "coach_member_id",
    "team_season_id",
    "scheduled_date",
    "completed_at",
    "workout_category",
    "title",
    "planned_description",
    "planned_distance_m",
    "planned_duration_sec",
    "planned_rpe",
    "actual_distance_m",
    "actual_duration_sec",
    "actual_rpe",
    "actual_description",
    "metrics_json",
    "external_id",
)
# Columns an export adds, accepted so that an exported file imports back: `id` is the row's external_id when it
# has none (the session it was exported from); lineage, batch and timestamps are the server's and are ignored.
EXPORT_ONLY_COLUMNS = (
    "id",
    "practice_session_id",
    "practice_session_workout_id",
    "workout_id",
    "import_batch_id",
    "created_at",
    "updated_at",
)
_IGNORED_ON_IMPORT = frozenset(EXPORT_ONLY_COLUMNS) - {"id"}
REQUIRED_COLUMNS = ("athlete_id", "workout_category")
TEXT_COLUMNS = ("title", "planned_description", "actual_description", "external_id")  # neutralised on export
MAX_REPORTED_ERRORS = 1000


class BulkRow(BaseModel):
    """One CSV row; empty cells are null. Same bounds as the API's request schemas."""

    model_config = ConfigDict(extra="forbid")

    athlete_id: UUID
    source: schemas.Source | None = None
    coach_member_id: UUID | None = None
    team_season_id: UUID | None = None
    scheduled_date: date | None = None
    completed_at: datetime | None = None
    workout_category: schemas.Category
    title: schemas.Title | None = None
    planned_description: schemas.Text | None = None
    planned_distance_m: schemas.Distance | None = None
    planned_duration_sec: schemas.Duration | None = None
    planned_rpe: schemas.Rpe | None = None
    actual_distance_m: schemas.Distance | None = None
    actual_duration_sec: schemas.Duration | None = None
    actual_rpe: schemas.Rpe | None = None
    actual_description: schemas.Text | None = None
    metrics_json: schemas.Metrics | None = None
    external_id: schemas.ExternalId | None = None
    id: UUID | None = None

    @field_validator("metrics_json", mode="before")
    @classmethod
    def _json_text(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except RecursionError:  # a few thousand "[" exhaust the decoder's stack: a row error, not a 500
            raise ValueError(f"nested too deeply: at most {schemas.METRICS_JSON_MAX_DEPTH} levels") from None
        except json.JSONDecodeError as exc:
            raise ValueError(f"not valid JSON ({exc.msg} at character {exc.pos})") from None

    @field_validator("completed_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("give a time zone, e.g. 2026-11-27T16:10:00Z")
        return value


@dataclass
class Parsed:
    """The problems found while validating (at most MAX_REPORTED_ERRORS listed, all counted)."""

    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0

    def error(self, row: int, column: str | None, detail: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append({"row": row, "column": column, "detail": detail})


class ImportInvalid(DomainError):
    code = "import_invalid"
    status = 422
    title = "The CSV has rows that cannot be imported; nothing was written"


def _reader(text: str) -> csv.DictReader[str]:
    """A reader over the rows, after checking the header names only known columns and every required one."""
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:  # the header line itself is not CSV (a stray carriage return, found by schemathesis)
        raise InvalidInput(f"CSV header: not valid CSV ({exc}). Columns: {', '.join(CSV_COLUMNS)}.") from exc
    unknown = [c for c in header if c not in CSV_COLUMNS and c not in EXPORT_ONLY_COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if unknown or missing:
        detail = "; ".join(
            ([f"unknown columns: {', '.join(unknown)}"] if unknown else [])
            + ([f"missing columns: {', '.join(missing)}"] if missing else [])
        )
        raise InvalidInput(f"CSV header: {detail}. Columns: {', '.join(CSV_COLUMNS)}.")
    return reader


def validated_rows(text: str, result: Parsed) -> Iterator[tuple[int, BulkRow]]:
    """Every valid row with its row number, in order; each problem goes to ``result`` (row numbers count the
    header as row 1, as spreadsheets do). A generator, so rows can be staged while later ones are still read."""
    records = _reader(text)
    number = 1
    while True:
        number += 1
        try:
            record = next(records)
        except StopIteration:
            return
        except csv.Error as exc:  # e.g. a line break in an unquoted cell: what follows cannot be told apart
            result.error(number, None, f"not valid CSV ({exc}); the rows after it were not read")
            return
        if None in record:
            result.error(number, None, "more cells than columns")
            continue
        values = {k: v for k, v in record.items() if v not in ("", None) and k not in _IGNORED_ON_IMPORT}
        for text_column in TEXT_COLUMNS:  # undo the export's formula escape (csv_cells): the round trip is exact
            if values.get(text_column, "")[:1] == "'":
                values[text_column] = csv_cells.restore(values[text_column])
        try:
            row = BulkRow.model_validate(values)
        except ValidationError as exc:
            for problem in exc.errors():
                column = str(problem["loc"][0]) if problem["loc"] else None
                result.error(number, column, str(problem["msg"]))
            continue
        if row.scheduled_date is None and row.completed_at is None:
            result.error(number, "scheduled_date", "give scheduled_date, or completed_at for a session already done")
            continue
        yield number, row


def _copy_row(line: int, row: BulkRow) -> tuple[Any, ...]:
    external_id = row.external_id if row.external_id is not None else str(row.id) if row.id is not None else None
    return (
        line,
        row.athlete_id,
        row.source,
        row.coach_member_id,
        row.team_season_id,
        row.scheduled_date,
        row.completed_at,
        row.workout_category,
        row.title,
        row.planned_description,
        row.planned_distance_m,
        row.planned_duration_sec,
        row.planned_rpe,
        row.actual_distance_m,
        row.actual_duration_sec,
        row.actual_rpe,
        row.actual_description,
        json.dumps(row.metrics_json) if row.metrics_json is not None else None,
        external_id,
        row.id,
    )


def body_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def _replayed(conn: Connection, key: str | None, digest: str) -> dict[str, Any] | None:
    """The first answer given for this key; None when the key is new, or its import was undone since (an
    undone import frees its key: the record is removed and the file imports afresh)."""
    if key is None:
        return None
    cursor = await conn.execute(
        "select i.id, i.body_sha256, i.response, b.undone_at is not null as undone from session_imports i "
        "left join session_import_batches b on b.id = (i.response ->> 'batch_id')::uuid "
        "where i.user_id = app_private.current_user_id() and i.idempotency_key = %s",
        [key],
    )
    found = await cursor.fetchone()
    if found is None:
        return None
    if found["undone"]:
        await conn.execute("delete from session_imports where id = %s", [found["id"]])
        return None
    if found["body_sha256"] != digest:
        raise IdempotencyKeyReused("This Idempotency-Key was already used for a different CSV; use a new key.")
    response: dict[str, Any] = found["response"]
    return response


# Stages of an import, for a progress display: ("validate", rows done, rows in the file) while rows are read,
# validated and staged; then ("check", 0, 0) for the set-based access check and the search for sessions that
# already exist, and ("write", 0, 0) for the insert.
Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 5000  # rows between two progress reports while validating


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


async def _row_problems(conn: Connection, query: str) -> tuple[list[dict[str, Any]], int]:
    """Problems found set-based (the first MAX_REPORTED_ERRORS by row) and how many there are in all."""
    cursor = await conn.execute(query, {"limit": MAX_REPORTED_ERRORS})
    found = await cursor.fetchall()
    errors = [
        {"row": p["csv_row"], "column": p["problem"].split(":")[0], "detail": p["problem"].split(": ", 1)[1]}
        for p in found
    ]
    return errors, int(found[0]["total"]) if found else 0


async def import_csv(
    conn: Connection,
    *,
    data: bytes,
    dry_run: bool = False,
    idempotency_key: str | None = None,
    progress: Progress = _no_progress,
) -> tuple[dict[str, Any], bool]:
    """Import every new row, or none. Returns (report, replayed): ``{"batch_id", "rows", "created",
    "duplicates", "dry_run", "created_ids", "duplicate_rows"}``. Raises ImportInvalid with every problem of the
    file (row number, column, sentence) when any row cannot be imported.

    Rows are validated and copied into the staging table in one pass (the database takes in one batch while
    Python reads the next); the valid rows are then checked for access set-based, so one answer names every bad
    row. Rows that match a session the caller can already see (bulk_sql.MATCH_*) are reported, not created."""
    digest = body_hash(data)
    replay = await _replayed(conn, idempotency_key, digest)
    if replay is not None:
        return replay, True
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput("The CSV must be UTF-8 text.") from exc
    rows = validated_rows(text, parsed := Parsed())
    total = max(text.count("\n") - 1, 0)  # an estimate for the display: quoted cells may hold line breaks
    await conn.execute(bulk_sql.STAGE)
    staged, with_external_ids = 0, False
    progress("validate", 0, total)
    async with conn.cursor().copy(bulk_sql.COPY) as copy:
        for number, row in rows:
            await copy.write_row(_copy_row(number - 2, row))
            with_external_ids = with_external_ids or row.external_id is not None or row.id is not None
            staged += 1
            if staged % PROGRESS_EVERY == 0:
                progress("validate", min(staged + parsed.error_count, total), total)
    progress("validate", total, total)
    progress("check", 0, 0)
    await conn.execute(bulk_sql.NORMALISE)
    # Rows that find a session the caller already sees are not written, so they need no right to write: an
    # export imports back where it came from even when it names a coach who has left since.
    if with_external_ids:
        await conn.execute(bulk_sql.MATCH_EXTERNAL_ID)
    await conn.execute(bulk_sql.MATCH_IDENTICAL)
    errors, error_count = await _row_problems(conn, bulk_sql.CHECK)
    if with_external_ids:
        repeats, repeat_count = await _row_problems(conn, bulk_sql.EXTERNAL_ID_REPEATS)
        errors, error_count = errors + repeats, error_count + repeat_count
    if parsed.error_count or error_count:
        error_count += parsed.error_count
        listed = sorted(parsed.errors + errors, key=lambda e: int(e["row"]))[:MAX_REPORTED_ERRORS]
        raise ImportInvalid(f"{error_count} problem(s); nothing was written.", errors=listed, error_count=error_count)
    cursor = await conn.execute(bulk_sql.SUMMARY)
    summary = await cursor.fetchone()
    assert summary is not None
    duplicates: list[dict[str, Any]] = json.loads(summary["duplicates"])
    response: dict[str, Any] = {
        "batch_id": None,
        "rows": staged,
        "created": 0,
        "duplicates": len(duplicates),
        "dry_run": dry_run,
        "created_ids": [],
        "duplicate_rows": duplicates,
    }
    if not dry_run:
        progress("write", 0, 0)
        cursor = await conn.execute(
            bulk_sql.RECORD_BATCH,
            {
                "program_ids": summary["program_ids"],
                "rows": staged,
                "created": summary["created"],
                "duplicates": len(duplicates),
            },
        )
        batch = await cursor.fetchone()
        assert batch is not None
        cursor = await conn.execute(bulk_sql.INSERT, {"batch": batch["id"]})
        created = await cursor.fetchone()
        assert created is not None
        response.update(
            batch_id=str(batch["id"]), created=created["created"], created_ids=json.loads(created["created_ids"])
        )
        if idempotency_key is not None:  # answered as stored, so that a replay gives the same bytes
            cursor = await conn.execute(
                "insert into session_imports (user_id, idempotency_key, body_sha256, response) "
                "values (app_private.current_user_id(), %s, %s, %s) returning response",
                [idempotency_key, digest, json.dumps(response)],
            )
            stored = await cursor.fetchone()
            assert stored is not None
            response = stored["response"]
    await conn.execute("drop table if exists import_rows")
    return response, False

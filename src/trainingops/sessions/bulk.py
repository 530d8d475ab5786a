"""Sessions in bulk: CSV import (every row validated first, all rows or none, idempotent with an
Idempotency-Key) and CSV/Parquet export, both as the caller under row-level security.

``COPY FROM`` is refused on a table with RLS, so an import copies the rows into a temporary table and inserts
them with one ``INSERT … SELECT``: the policies, constraints and triggers check every row as for any insert. A
fixed number of statements, whatever the number of rows.
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

from psycopg.rows import tuple_row
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from trainingops.db.pool import Connection
from trainingops.errors import DomainError, InvalidInput
from trainingops.roster import service as roster_service
from trainingops.sessions import schemas

# The spec's columns (athlete_training_sessions §1.2), in its order; `id` and timestamps are the server's.
CSV_COLUMNS = (
    "athlete_id", "source", "coach_member_id", "team_season_id", "scheduled_date", "completed_at",
    "workout_category", "title", "planned_description", "planned_distance_m", "planned_duration_sec",
    "planned_rpe", "actual_distance_m", "actual_duration_sec", "actual_rpe", "actual_description", "metrics_json",
)  # fmt: skip
REQUIRED_COLUMNS = ("athlete_id", "workout_category")
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

    @field_validator("metrics_json", mode="before")
    @classmethod
    def _json_text(cls, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value

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


class IdempotencyKeyReused(DomainError):
    code = "idempotency_key_reused"
    status = 422
    title = "This Idempotency-Key was used with a different body"


def _reader(text: str) -> csv.DictReader[str]:
    """A reader over the rows, after checking the header names only known columns and every required one."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    unknown = [c for c in header if c not in CSV_COLUMNS]
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
    for number, record in enumerate(_reader(text), start=2):
        if None in record:
            result.error(number, None, "more cells than columns")
            continue
        values = {k: v for k, v in record.items() if v not in ("", None)}
        try:
            row = BulkRow.model_validate(values)
        except ValidationError as exc:
            for problem in exc.errors():
                column = str(problem["loc"][0]) if problem["loc"] else None
                result.error(number, column, str(problem["msg"]))
            continue
        except json.JSONDecodeError:
            result.error(number, "metrics_json", "not valid JSON")
            continue
        if row.scheduled_date is None and row.completed_at is None:
            result.error(number, "scheduled_date", "give scheduled_date, or completed_at for a session already done")
            continue
        yield number, row


def _copy_row(line: int, row: BulkRow) -> tuple[Any, ...]:
    return (line, row.athlete_id, row.source, row.coach_member_id, row.team_season_id, row.scheduled_date,
            row.completed_at, row.workout_category, row.title, row.planned_description, row.planned_distance_m,
            row.planned_duration_sec, row.planned_rpe, row.actual_distance_m, row.actual_duration_sec,
            row.actual_rpe, row.actual_description,
            json.dumps(row.metrics_json) if row.metrics_json is not None else None)  # fmt: skip


STAGE = """
create temporary table import_rows (
  line int, athlete_id uuid, source text, coach_member_id uuid, team_season_id uuid, scheduled_date date,
  completed_at timestamptz, workout_category text, title text, planned_description text, planned_distance_m int,
  planned_duration_sec int, planned_rpe int, actual_distance_m int, actual_duration_sec int, actual_rpe int,
  actual_description text, metrics_json jsonb, csv_row int generated always as (line + 2) stored
) on commit drop
"""

# Source follows from who imports what (the caller's own athlete: self-assigned; else coach-assigned); a
# coach-assigned row without a coach names the caller's membership in its season's program (or their only one);
# a row without a scheduled date gets the local date of its completion. "members" are the caller's own active
# memberships.
NORMALISE = """
with me as materialized (select app_private.my_athlete_id() as athlete,
                   array(select pm.id from program_members pm
                         where pm.user_id = app_private.current_user_id() and pm.is_active) as members)
update import_rows t
set source = coalesce(t.source, case when t.athlete_id = me.athlete then 'self_assigned' else 'coach_assigned' end),
    coach_member_id = case
      when coalesce(t.source, case when t.athlete_id = me.athlete then 'self_assigned' else 'coach_assigned' end)
           = 'coach_assigned' and t.coach_member_id is null then
        coalesce(
          (select pm.id from program_members pm join team_seasons ts on ts.program_id = pm.program_id
           where ts.id = t.team_season_id and pm.id = any (me.members)),
          (select (me.members)[1] where cardinality(me.members) = 1))
      else t.coach_member_id end,
    scheduled_date = coalesce(t.scheduled_date, (t.completed_at at time zone coalesce(
      (select p.time_zone from team_seasons ts join programs p on p.id = ts.program_id where ts.id = t.team_season_id),
      (select p.time_zone from roster_entries r join programs p on p.id = r.program_id
       where r.athlete_id = t.athlete_id order by r.created_at desc limit 1), 'UTC'))::date)
from me
"""

CHECK = """
with me as materialized (select app_private.my_athlete_id() as athlete, app_private.my_season_ids() as my_seasons,
                   app_private.staff_current_athlete_ids() as athletes,
                   app_private.staff_active_member_ids() as members, app_private.staff_season_ids() as seasons)
select csv_row, problem from (
  select t.csv_row, case
    when t.source = 'coach_assigned' and t.athlete_id <> all (me.athletes)
      then 'athlete_id: not an athlete on a current roster of your program'
    when t.source = 'coach_assigned' and t.coach_member_id is null
      then 'coach_member_id: you are staff of several programs: give the coach or the season'
    when t.source = 'coach_assigned' and t.coach_member_id <> all (me.members)
      then 'coach_member_id: not an active staff member of your program'
    when t.source = 'coach_assigned' and t.team_season_id is not null and t.team_season_id <> all (me.seasons)
      then 'team_season_id: not a season of your program'
    when t.source = 'coach_assigned' and t.team_season_id is not null and not exists (
        select from program_members pm join team_seasons ts on ts.program_id = pm.program_id
        where pm.id = t.coach_member_id and ts.id = t.team_season_id)
      then 'coach_member_id: the coach must be staff of the season''s program'
    when t.source = 'self_assigned' and t.athlete_id is distinct from me.athlete
      then 'athlete_id: you can import self-assigned sessions only for yourself'
    when t.source = 'self_assigned' and t.coach_member_id is not null
      then 'coach_member_id: a self-assigned session has no coach'
    when t.source = 'self_assigned' and t.team_season_id is not null and t.team_season_id <> all (me.my_seasons)
      then 'team_season_id: not a season whose roster you are on'
    when t.completed_at > now() + interval '5 minutes' then 'completed_at: a session cannot be completed in the future'
  end as problem
  from import_rows t cross join me) checked
where problem is not null
order by csv_row
limit %(limit)s
"""

INSERT = """
insert into athlete_training_sessions (athlete_id, source, coach_member_id, team_season_id, scheduled_date,
  completed_at, workout_category, title, planned_description, planned_distance_m, planned_duration_sec, planned_rpe,
  actual_distance_m, actual_duration_sec, actual_rpe, actual_description, metrics_json)
select athlete_id, source, coach_member_id, team_season_id, scheduled_date, completed_at, workout_category, title,
  planned_description, planned_distance_m, planned_duration_sec, planned_rpe, actual_distance_m, actual_duration_sec,
  actual_rpe, actual_description, metrics_json
from import_rows order by line
"""


def body_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def _replayed(conn: Connection, key: str | None, digest: str) -> dict[str, Any] | None:
    if key is None:
        return None
    cursor = await conn.execute(
        "select body_sha256, response from session_imports where user_id = app_private.current_user_id() "
        "and idempotency_key = %s",
        [key],
    )
    found = await cursor.fetchone()
    if found is None:
        return None
    if found["body_sha256"] != digest:
        raise IdempotencyKeyReused("This Idempotency-Key was already used for a different CSV; use a new key.")
    response: dict[str, Any] = found["response"]
    return response


# Stages of an import, for a progress display: ("validate", rows done, rows in the file) while rows are read,
# validated and staged; then ("check", 0, 0) for the set-based access check and ("write", 0, 0) for the insert.
Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 5000  # rows between two progress reports while validating


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


async def import_csv(
    conn: Connection, *, data: bytes, dry_run: bool = False, idempotency_key: str | None = None,
    progress: Progress = _no_progress,
) -> tuple[dict[str, Any], bool]:  # fmt: skip
    """Import every row or none. Returns (``{"rows", "created", "dry_run"}``, replayed); raises ImportInvalid
    with every problem (row number, column, sentence) when any row cannot be imported.

    Rows are validated and copied into the staging table in one pass (the database takes in one batch while
    Python reads the next); if any row was invalid nothing is inserted and the transaction rolls back."""
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
    await conn.execute(STAGE)
    staged = 0
    progress("validate", 0, total)
    async with conn.cursor().copy(
        "copy import_rows (line, athlete_id, source, coach_member_id, team_season_id, scheduled_date, completed_at, "
        "workout_category, title, planned_description, planned_distance_m, planned_duration_sec, planned_rpe, "
        "actual_distance_m, actual_duration_sec, actual_rpe, actual_description, metrics_json) from stdin"
    ) as copy:
        for number, row in rows:
            if not parsed.error_count:  # after the first bad row, only validate (to report every problem)
                await copy.write_row(_copy_row(number - 2, row))
            staged += 1
            if staged % PROGRESS_EVERY == 0:
                progress("validate", min(staged + parsed.error_count, total), total)
    if parsed.error_count:
        raise ImportInvalid(f"{parsed.error_count} problem(s); nothing was written.", errors=parsed.errors,
                            error_count=parsed.error_count)  # fmt: skip
    progress("validate", total, total)
    progress("check", 0, 0)
    await conn.execute(NORMALISE)
    cursor = await conn.execute(CHECK, {"limit": MAX_REPORTED_ERRORS})
    problems = await cursor.fetchall()
    if problems:
        errors = [{"row": p["csv_row"], "column": p["problem"].split(":")[0], "detail": p["problem"].split(": ", 1)[1]}
                  for p in problems]  # fmt: skip
        raise ImportInvalid(f"{len(errors)} row(s) cannot be imported; nothing was written.", errors=errors)
    response: dict[str, Any] = {"rows": staged, "created": 0, "dry_run": dry_run}
    if not dry_run:
        progress("write", 0, 0)
        cursor = await conn.execute(INSERT)
        response["created"] = cursor.rowcount
        if idempotency_key is not None:
            await conn.execute(
                "insert into session_imports (user_id, idempotency_key, body_sha256, response) "
                "values (app_private.current_user_id(), %s, %s, %s)",
                [idempotency_key, digest, json.dumps(response)],
            )
    await conn.execute("drop table if exists import_rows")
    return response, False


EXPORT_SELECT = """
select s.id, s.athlete_id, s.source, s.coach_member_id, s.team_season_id, s.scheduled_date, s.completed_at,
       s.workout_category, s.title, s.planned_description, s.planned_distance_m, s.planned_duration_sec,
       s.planned_rpe, s.actual_distance_m, s.actual_duration_sec, s.actual_rpe, s.actual_description,
       s.metrics_json::text as metrics_json, s.practice_session_id, s.workout_id, s.created_at, s.updated_at
from athlete_training_sessions s
where {scope} and (%(from)s::date is null or s.session_date >= %(from)s)
  and (%(to)s::date is null or s.session_date <= %(to)s)
order by s.session_date, s.athlete_id, s.id
"""
EXPORT_COLUMNS = ("id", *CSV_COLUMNS, "practice_session_id", "workout_id", "created_at", "updated_at")


def _export_query(athlete_id: UUID | None, team_season_id: UUID | None) -> str:
    if (athlete_id is None) == (team_season_id is None):
        raise InvalidInput("Export one athlete (athlete_id) or one team season (team_season_id).")
    scope = "s.athlete_id = %(scope)s" if athlete_id else "s.team_season_id = %(scope)s"
    return EXPORT_SELECT.format(scope=scope)


async def export_rows(
    conn: Connection, *, athlete_id: UUID | None, team_season_id: UUID | None, date_from: date | None,
    date_to: date | None,
) -> list[tuple[Any, ...]]:  # fmt: skip
    """The sessions the caller may see, in the spec's columns plus id, lineage and timestamps."""
    query = _export_query(athlete_id, team_season_id)
    subject = athlete_id or team_season_id
    assert subject is not None  # _export_query checked that exactly one is given
    await roster_service.require_visible(conn, "athletes" if athlete_id else "team_seasons", subject)
    async with conn.cursor(row_factory=tuple_row) as cursor:
        await cursor.execute(query.encode(), {"scope": athlete_id or team_season_id, "from": date_from, "to": date_to})
        return list(await cursor.fetchall())


def to_csv(rows: list[tuple[Any, ...]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, date | datetime) else v for v in row])
    return out.getvalue().encode()


def to_parquet(rows: list[tuple[Any, ...]]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns: list[tuple[Any, ...]] = list(zip(*rows, strict=True)) if rows else [() for _ in EXPORT_COLUMNS]
    uuid_columns = {"id", "athlete_id", "coach_member_id", "team_season_id", "practice_session_id", "workout_id"}
    arrays = {
        name: pa.array([str(v) if v is not None else None for v in values] if name in uuid_columns else list(values))
        for name, values in zip(EXPORT_COLUMNS, columns, strict=True)
    }
    buffer = io.BytesIO()
    pq.write_table(pa.table(arrays), buffer)
    return buffer.getvalue()

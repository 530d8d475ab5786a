"""A season's roster from CSV: every row validated first, all rows or none, every bad row in one answer.

Columns: ``name`` (required), ``email``, ``event_group`` (a group of the program, by name), ``status`` (``active``
by default), ``sex``, ``date_of_birth``. A row is an athlete of the program when one matches — by email, else by
name (among the program's athletes without an email, or all of them when the row has none) — and a new athlete of
the program otherwise, whose email is kept for the invitation to claim the profile. Each row puts its athlete on
the season's roster in its group; an athlete already there in that group is reported, not added again, so a file
imports twice without change. A row with an email invites its athlete to claim the profile (an invitation of the
program, its link mailed after the answer), unless the profile is claimed or an invitation for it is pending. Only
the program's own athletes are matched: another program's athlete is never reached (a new record is made, and its
invitation links it to its person when they accept).

The rows are validated in Python and copied into a temporary table, then resolved, checked and written set-based,
as the caller under row-level security: a fixed number of statements whatever the file's size.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, ValidationError

from trainingops import mail
from trainingops.auth.service import Link
from trainingops.config import Settings
from trainingops.db.pool import Connection
from trainingops.errors import DomainError, InvalidInput
from trainingops.roster import athletes, import_sql, invitations
from trainingops.roster.bodies import Email, GroupName, Name
from trainingops.roster.schemas import RosterStatus, Sex

CSV_COLUMNS = ("name", "email", "event_group", "status", "sex", "date_of_birth")
REQUIRED_COLUMNS = ("name",)
MAX_ROWS = 10_000
MAX_REPORTED_ERRORS = 1000


class RosterRow(BaseModel):
    """One CSV row; empty cells are null."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: Name
    email: Email | None = None
    event_group: GroupName | None = None
    status: RosterStatus = "active"
    sex: Sex | None = None
    date_of_birth: date | None = None


class RosterImportInvalid(DomainError):
    code = "import_invalid"
    status = 422
    title = "The CSV has rows that cannot be imported; nothing was written"


@dataclass
class Problems:
    errors: list[dict[str, Any]] = field(default_factory=list)
    count: int = 0

    def add(self, row: int, column: str | None, detail: str) -> None:
        self.count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append({"row": row, "column": column, "detail": detail})


def _records(text: str) -> csv.DictReader[str]:
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        raise InvalidInput(f"CSV header: not valid CSV ({exc}). Columns: {', '.join(CSV_COLUMNS)}.") from exc
    unknown = [c for c in header if c not in CSV_COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if unknown or missing:
        detail = "; ".join(
            ([f"unknown columns: {', '.join(unknown)}"] if unknown else [])
            + ([f"missing columns: {', '.join(missing)}"] if missing else [])
        )
        raise InvalidInput(f"CSV header: {detail}. Columns: {', '.join(CSV_COLUMNS)}.")
    return reader


def parse(data: bytes, problems: Problems) -> list[tuple[Any, ...]]:
    """The valid rows as staging tuples (line, name, email, event_group, status, sex, date_of_birth); every
    problem goes to ``problems`` (row numbers count the header as row 1, as spreadsheets do)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput("The CSV must be UTF-8 text.") from exc
    records = _records(text)
    rows: list[tuple[Any, ...]] = []
    number = 1
    while True:
        number += 1
        try:
            record = next(records)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.add(number, None, f"not valid CSV ({exc}); the rows after it were not read")
            break
        if number - 1 > MAX_ROWS:
            raise InvalidInput(f"A roster import takes at most {MAX_ROWS:,} rows; split the file.")
        if None in record:
            problems.add(number, None, "more cells than columns")
            continue
        try:
            row = RosterRow.model_validate({k: v for k, v in record.items() if v not in ("", None)})
        except ValidationError as exc:
            for problem in exc.errors():
                problems.add(number, str(problem["loc"][0]) if problem["loc"] else None, str(problem["msg"]))
            continue
        rows.append((number, row.name, row.email, row.event_group, row.status, row.sex, row.date_of_birth))
    return rows


async def _problems(conn: Connection, params: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    cursor = await conn.execute(import_sql.CHECK, {**params, "limit": MAX_REPORTED_ERRORS})
    found = await cursor.fetchall()
    errors = [{"row": p["line"], "column": p["column_name"], "detail": p["detail"]} for p in found]
    return errors, int(found[0]["total"]) if found else 0


@dataclass(frozen=True)
class Imported:
    """The report, and the invitation emails to send once it is committed."""

    body: dict[str, Any]
    links: list[Link]


def _mail_route(settings: Settings) -> str:
    if mail.configured(settings):
        return "sent"
    return "server_log" if settings.demo_mode else "not_configured"


async def _invite(
    conn: Connection, params: dict[str, Any], *, settings: Settings, dry_run: bool
) -> tuple[int, list[Link]]:
    """The rows' invitations (their count on a dry run) and their emails."""
    if dry_run:
        cursor = await conn.execute(import_sql.WOULD_INVITE, params)
        row = await cursor.fetchone()
        return (int(row["invitations"]) if row else 0), []
    cursor = await conn.execute(import_sql.INVITE, params)
    issued = await invitations.issue_links(conn, invitation_ids=[r["id"] for r in await cursor.fetchall()])
    links = await invitations.mails(
        conn, settings=settings, program_id=params["program"], issued=issued, role="athlete"
    )
    return len(issued), links


async def import_roster(
    conn: Connection, *, settings: Settings, team_season_id: UUID, data: bytes, dry_run: bool = False
) -> Imported:
    """Import the file's rows into the season's roster, all or none, with the invitations of the rows that give an
    email; ``dry_run`` checks and reports, writes nothing. Raises RosterImportInvalid naming every bad row
    (``errors``, ``error_count``). Without mail the invitations are still made (resend them once it works)."""
    program_id = await athletes.roster_program(conn, team_season_id=team_season_id)
    problems = Problems()
    rows = parse(data, problems)
    params = {"program": program_id, "season": team_season_id}
    await conn.execute(import_sql.STAGE)
    async with conn.cursor().copy(import_sql.COPY) as copy:
        for row in rows:
            await copy.write_row(row)
    await conn.execute(import_sql.RESOLVE_GROUPS, params)
    await conn.execute(import_sql.MATCH_ATHLETES, params)
    await conn.execute(import_sql.FIND_ENTRIES, params)
    errors, count = await _problems(conn, params)
    if problems.count or count:
        listed = sorted(problems.errors + errors, key=lambda e: int(e["row"]))[:MAX_REPORTED_ERRORS]
        total = problems.count + count
        raise RosterImportInvalid(f"{total} problem(s); nothing was written.", errors=listed, error_count=total)
    if not dry_run:
        await conn.execute(import_sql.CREATE_ATHLETES, params)
        await conn.execute(import_sql.FILL_EMAILS)
        await conn.execute(import_sql.CREATE_ENTRIES, params)
    invited, links = await _invite(conn, params, settings=settings, dry_run=dry_run)
    cursor = await conn.execute(import_sql.REPORT, {**params, "dry_run": dry_run})
    report = await cursor.fetchone()
    assert report is not None
    await conn.execute("drop table if exists roster_import_rows")
    body: dict[str, Any] = json.loads(report["body"])
    body.update(invitations_created=invited, invitation_mail=_mail_route(settings))
    return Imported(body, links)

"""Wellness check-ins: the athlete writes their own day (a PUT: idempotent by nature; If-Match when it changes
what is there), the athlete and the staff who may read the items read them, other staff read the day's total.
Functions run inside the caller's transaction and never commit."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from trainingops.api.http import PreconditionFailed, PreconditionRequired
from trainingops.db.pool import Connection
from trainingops.errors import InvalidInput, NotFound
from trainingops.roster.access import AthleteOnly
from trainingops.wellness import schemas, sql

DEFAULT_RANGE_DAYS = 28  # the athlete app caches the last four weeks (issue 16)
MAX_RANGE_DAYS = 366


class CheckinInFuture(InvalidInput):
    code = "checkin_date_in_future"
    title = "A wellness check-in describes today or a past day"


@dataclass(frozen=True)
class Saved:
    body: str
    version: int
    created: bool


async def _context(conn: Connection, *, athlete_id: UUID) -> dict[str, Any]:
    cursor = await conn.execute(sql.CONTEXT, {"athlete": athlete_id})
    row = await cursor.fetchone()
    if row is None:
        raise NotFound.of("athlete", pronoun="them")
    return row


async def _one(conn: Connection, params: dict[str, Any], *, lock: bool = False) -> dict[str, Any] | None:
    cursor = await conn.execute(sql.ONE_FOR_UPDATE if lock else sql.ONE, params)
    return await cursor.fetchone()


async def put_checkin(
    conn: Connection,
    *,
    athlete_id: UUID,
    day: date,
    checkin: schemas.WellnessCheckin,
    expected_version: int | None,
) -> Saved:
    """Create the day's check-in, or change it (If-Match required then, unless the body equals what is stored:
    a retried PUT is answered with the stored check-in and writes nothing)."""
    context = await _context(conn, athlete_id=athlete_id)
    if not context["is_self"]:
        raise AthleteOnly("Only the athlete checks in; staff read the check-in.")
    if day > context["today"]:
        raise CheckinInFuture(
            f"{day} is after the athlete's today ({context['today']}); check in for today or a past day.",
            errors=[{"pointer": "path:checkin_date"}],
        )
    params = {"athlete": athlete_id, "day": day, **checkin.model_dump()}
    existing = await _one(conn, params, lock=True)
    created = existing is None
    if existing is None:
        if expected_version is not None:  # RFC 9110 §13.1.1: If-Match naming a version of nothing fails
            raise PreconditionFailed("There is no check-in for this day yet; send it without If-Match.")
        await conn.execute(sql.INSERT, params)
    elif existing["same"]:  # a request that changes nothing says so
        return Saved(_with_result(existing["body"], "unchanged"), existing["version"], created=False)
    else:
        if expected_version is None:
            raise PreconditionRequired(
                "There is already a check-in for this day: send If-Match with its ETag to change it."
            )
        if expected_version != existing["version"]:
            raise PreconditionFailed(
                "The check-in changed since you read it; GET it again.", current_etag=f'"v{existing["version"]}"'
            )
        await conn.execute(sql.UPDATE, params)
    saved = await _one(conn, params)
    assert saved is not None
    return Saved(_with_result(saved["body"], "created" if created else "changed"), saved["version"], created=created)


def _with_result(body: str, result: str) -> str:
    return json.dumps({**json.loads(body), "result": result}, separators=(",", ":"))


async def list_checkins(
    conn: Connection, *, athlete_id: UUID, date_from: date | None, date_to: date | None
) -> tuple[str, str, date, date]:
    """(detail, items JSON, from, to): the items for the athlete and the staff who read them, else the
    summary — the table each reads is decided by its row-level security."""
    context = await _context(conn, athlete_id=athlete_id)
    date_to = date_to or context["today"]
    date_from = date_from or date_to - timedelta(DEFAULT_RANGE_DAYS - 1)
    if date_from > date_to or (date_to - date_from).days >= MAX_RANGE_DAYS:
        raise InvalidInput(
            f"from must not be after to, and the range is at most {MAX_RANGE_DAYS} days.",
            errors=[{"pointer": "query:from"}],
        )
    detail = "items" if context["is_self"] or context["reads_items"] else "summary"
    query = sql.LIST_ITEMS if detail == "items" else sql.LIST_SUMMARY
    cursor = await conn.execute(query, {"athlete": athlete_id, "from": date_from, "to": date_to})
    row = await cursor.fetchone()
    assert row is not None
    return detail, row["items"], date_from, date_to


async def daily_totals(
    conn: Connection, *, athlete_ids: list[UUID], date_from: date, date_to: date
) -> list[dict[str, Any]]:
    """Each athlete's wellness totals per day in [from, to], as every staff member of the athlete reads them."""
    cursor = await conn.execute(sql.TOTALS, {"athletes": athlete_ids, "from": date_from, "to": date_to})
    return await cursor.fetchall()

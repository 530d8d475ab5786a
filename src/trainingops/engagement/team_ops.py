"""Team Ops, the Monday-morning screen: one row per rostered athlete for one week of one season — the week's
plan against what was done (the training summary's measures and compliance bands), readiness with its factors,
the acute:chronic ratio, the team load view's flags, a 28-day load sparkline and the sessions waiting for review.

A fixed number of statements whatever the roster size: the context (program, season, today), the week's summary
(one set-based query) and the load snapshot (``load.snapshot``: its season context and one data query).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

import orjson

from trainingops.db.pool import Connection
from trainingops.engagement import team_ops_sql as sql
from trainingops.errors import NotFound
from trainingops.load import bodies, snapshot
from trainingops.load.service import check_date

# Flags that describe the data rather than the athlete: they alone do not make an athlete need attention.
DATA_FLAGS = frozenset({"short_history", "mostly_estimated"})


def needs_attention(row: dict[str, Any]) -> bool:
    """The screen's "needs attention" filter: a flag about the athlete's load, a missed session this week, or a
    red compliance band for the week."""
    return (
        any(flag["code"] not in DATA_FLAGS for flag in row["flags"])
        or row["week"]["missed"] > 0
        or row["compliance_band"] == "red"
    )


async def team_ops(conn: Connection, *, program_id: UUID, week: date | None, team_season_id: UUID | None) -> str:
    """The Team Ops body as JSON text; 404 for a program the caller is not active staff of (athletes included)."""
    check_date(week, "week")
    cursor = await conn.execute(sql.CONTEXT, {"program": program_id, "season": team_season_id})
    context = await cursor.fetchone()
    if context is None:
        raise NotFound.of("program")
    if team_season_id is not None and context["team_season_id"] is None:
        raise NotFound.of("team season")
    today: date = context["today"]
    monday = (week or today) - timedelta((week or today).weekday())
    sunday = monday + timedelta(6)
    as_of = min(sunday, today)
    season_id: UUID | None = context["team_season_id"]
    body: dict[str, Any] = {
        "program_id": str(program_id),
        "team_season_id": str(season_id) if season_id else None,
        "week_start": monday.isoformat(),
        "week_end": sunday.isoformat(),
        "today": today.isoformat(),
        "time_zone": context["time_zone"],
        "as_of": as_of.isoformat(),
        "load_dates": [
            (as_of - timedelta(snapshot.SPARKLINE_DAYS - 1 - i)).isoformat() for i in range(snapshot.SPARKLINE_DAYS)
        ],
        "event_groups": [],
        "athletes": [],
    }
    if season_id is None:
        return bodies.dumps(body)
    cursor = await conn.execute(
        sql.WEEK,
        {"season": season_id, "program": program_id, "from": monday, "to": sunday, "today": today},
    )
    week_row = await cursor.fetchone()
    assert week_row is not None
    athletes: list[dict[str, Any]] = orjson.loads(week_row["athletes"])
    numbers = await snapshot.team_snapshot(conn, team_season_id=season_id, day=as_of)
    groups: dict[str, dict[str, Any]] = {}
    for row in athletes:
        shown = numbers.get(str(row["athlete_id"]))
        row["readiness"] = shown.readiness if shown else None
        row["acwr_ewma"] = shown.acwr_ewma if shown else None
        row["flags"] = shown.flags if shown else []
        row["daily_load"] = shown.daily_load if shown else [None] * snapshot.SPARKLINE_DAYS
        row["needs_attention"] = needs_attention(row)
        for group in row["event_groups"]:
            entry = groups.setdefault(group["id"], {**group, "athletes": 0, "needs_attention": 0})
            entry["athletes"] += 1
            entry["needs_attention"] += row["needs_attention"]
    body["event_groups"] = sorted(groups.values(), key=lambda g: (g["name"], g["id"]))
    body["athletes"] = athletes
    return bodies.dumps(body)

"""Readiness's wellness input: the athletes' check-in totals, read in one statement, laid on the frame."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import numpy as np
from numpy.typing import NDArray

from trainingops.db.pool import Connection
from trainingops.load.frames import Fetched
from trainingops.load.models.readiness import including_wellness
from trainingops.load.models.team import LoadReport
from trainingops.load.models.wellness import WELLNESS_RECENT_DAYS, RecentWellness, recent_wellness
from trainingops.wellness import service as wellness_service


async def read_checkins(
    conn: Connection, roster: list[dict[str, Any]], *, first: date, last: date
) -> list[dict[str, Any]]:
    """The roster's check-in totals readiness reads for days ``first`` … ``last`` (one statement, as every staff
    member of the athlete reads them)."""
    return await wellness_service.daily_totals(
        conn,
        athlete_ids=[r["athlete_id"] for r in roster],
        date_from=first - timedelta(WELLNESS_RECENT_DAYS - 1),
        date_to=last,
    )


def lay_checkins(fetched: Fetched, report: LoadReport, rows: list[dict[str, Any]]) -> tuple[LoadReport, RecentWellness]:
    """``report`` with readiness's wellness component from the check-in totals ``rows`` (``read_checkins``)."""
    totals: NDArray[np.float64] = np.full(report.readiness.score.shape, np.nan)
    n_days = int(report.readiness.score.shape[-1])
    if rows:
        row_of = {str(r["athlete_id"]): i for i, r in enumerate(fetched.roster)}
        athlete = np.array([row_of[str(r["athlete_id"])] for r in rows])
        day = np.array([fetched.frame.index(r["checkin_date"]) for r in rows])
        value = np.array([float(r["wellness_total"]) for r in rows])
        inside = (day >= 0) & (day < n_days)
        totals[athlete[inside], day[inside]] = value[inside]
    recent = recent_wellness(totals)
    return replace(report, readiness=including_wellness(report.readiness, recent)), recent


async def with_wellness(
    conn: Connection, fetched: Fetched, report: LoadReport, *, first: date, last: date
) -> tuple[LoadReport, RecentWellness]:
    """``report`` with readiness's wellness component on days ``first`` … ``last``."""
    rows = await read_checkins(conn, fetched.roster, first=first, last=last)
    return lay_checkins(fetched, report, rows)

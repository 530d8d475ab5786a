"""Readiness's wellness input: the athletes' check-in totals, read in one statement, laid on the frame."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from trainingops.db.pool import Connection
from trainingops.load.frames import Fetched
from trainingops.load.models.readiness import including_wellness
from trainingops.load.models.team import LoadReport
from trainingops.load.models.wellness import WELLNESS_RECENT_DAYS, RecentWellness, recent_wellness
from trainingops.wellness import service as wellness_service


async def with_wellness(
    conn: Connection, fetched: Fetched, report: LoadReport, *, first: date, last: date
) -> tuple[LoadReport, RecentWellness]:
    """``report`` with readiness's wellness component on days ``first`` … ``last`` (one statement: the athletes'
    check-in totals, as every staff member of the athlete reads them)."""
    rows = await wellness_service.daily_totals(
        conn,
        athlete_ids=[r["athlete_id"] for r in fetched.roster],
        date_from=first - timedelta(WELLNESS_RECENT_DAYS - 1),
        date_to=last,
    )
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

"""Every rostered athlete's load numbers on one day, for the Team Ops screen: readiness with its factors, the
acute:chronic ratio, the team view's flags and the daily load of the 28 days up to the day.

The same computation as the team load view (``service.team_load``) and so the same numbers as the athlete's
readiness route: one data query, one pass of the models under the as-of rule, the flags of ``load.flags``. Only
the forecast is left out (Team Ops looks back), so the window ends on the day.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import numpy as np

from trainingops.db.pool import Connection
from trainingops.load import bodies, memo, service
from trainingops.load import program_settings as load_settings
from trainingops.load.flags import describe
from trainingops.load.frames import build, nullable
from trainingops.load.models.settings import history_days
from trainingops.load.wellness_bodies import wellness_member
from trainingops.load.wellness_input import lay_checkins, read_checkins

# The sparkline's days: the chronic window of the default settings (Gabbett 2016: 28-day chronic load), so the
# line shows what the acute:chronic ratio compares against.
SPARKLINE_DAYS = 28
SPARKLINE_DECIMALS = 1  # load is in arbitrary units (RPE × minutes): tenths are more than a person reads
# Per digest of everything a snapshot is computed from (``memo``): callers share the values, never change them.
SNAPSHOTS: memo.Memo[dict[str, AthleteSnapshot]] = memo.Memo(memo.ENTRIES)


@dataclass(frozen=True)
class AthleteSnapshot:
    readiness: dict[str, Any]  # score, sufficient, factors (the readiness route's words)
    acwr_ewma: float | None
    flags: list[dict[str, str]]
    daily_load: list[float | None]  # SPARKLINE_DAYS values, oldest first; null before the athlete's history


async def team_snapshot(conn: Connection, *, team_season_id: UUID, day: date) -> dict[str, AthleteSnapshot]:
    """Per rostered athlete (by id as text): their numbers on ``day`` (today or earlier) as the team load view
    gives them. Three statements whatever the roster size: the season context, the data query and the check-in totals. Uses the team
    view's own steps (``service``, ``bodies``) rather than copies of them, so the numbers cannot drift apart."""
    season = await service._season(conn, team_season_id=team_season_id)
    today: date = season["today"]
    if day > today:
        raise ValueError("a snapshot describes the past and today")
    settings = load_settings.from_row(season)
    first_shown = day - timedelta(SPARKLINE_DAYS - 1)
    queried = await service._query(
        conn,
        roster_sql=service._roster_sql(None),
        params={"season": team_season_id, "group": None},
        start=first_shown - timedelta(history_days(settings)),
        end=day,
        today=today,
        keep=first_shown,
    )
    checkins = await read_checkins(conn, queried.roster, first=day, last=day)
    key = memo.key("team_snapshot", *queried.digest_parts(), checkins, day, settings)
    if (cached := SNAPSHOTS.get(key)) is not None:
        return cached
    fetched = build(queried)
    f = fetched.frame
    d = f.index(day)
    report = await asyncio.to_thread(service._run, f, n_days=d + 1, today=today, settings=settings)
    report, wellness = lay_checkins(fetched, report, checkins)
    has_days = f.has_history(d + 1)
    has = has_days[:, d]
    history = np.where(has, d - f.first_session_day + 1, 0).astype(np.float64)
    flags = describe(bodies._flag_inputs(report, has, history, d))
    lo = d - SPARKLINE_DAYS + 1
    loads = np.where(has_days[:, lo:], report.daily.load[:, lo : d + 1], np.nan)
    acwr = nullable(np.where(has, report.metrics.acwr_ewma[:, d], np.nan), bodies.TEAM_DECIMALS)
    sparklines = nullable(loads, SPARKLINE_DECIMALS)  # one pass over the roster's matrix, a list per athlete
    out = {}
    for i, member in enumerate(fetched.roster):
        rep, _, _ = bodies._readiness_at(report, wellness, bool(has[i]), i, d)
        out[str(member["athlete_id"])] = AthleteSnapshot(
            readiness=bodies._readiness_body(rep, wellness_member(report, wellness, i, d, day)),
            acwr_ewma=acwr[i],
            flags=flags[i],
            daily_load=sparklines[i],
        )
    SNAPSHOTS.put(key, out)
    return out

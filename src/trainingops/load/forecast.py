"""Forecast: "if the plan is executed, where will acute:chronic, fitness and form be next week?"

The history (completed sessions) is extended by the planned, not-yet-completed sessions from ``today`` on,
each projected as planned RPE × planned minutes (per-category defaults where missing, see srpe), and every
metric is recomputed over history + horizon in the same vectorised pass as the history itself.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import ArrayLike, NDArray

from trainingops.load import series
from trainingops.load.rows import HeartRateProfiles, SessionRows
from trainingops.load.series import DailySeries
from trainingops.load.settings import DEFAULT_SETTINGS, LoadSettings
from trainingops.load.team import LoadReport, team_load_metrics

FloatArray = NDArray[np.float64]

FORECAST_DAYS = 7  # the team view projects one week ahead (issue 6: "where will they be next week")


@dataclass(frozen=True)
class LoadForecast:
    """``report`` covers days 0 … today + horizon_days − 1; days from ``today`` on are projections."""

    report: LoadReport
    today: int
    horizon_days: int

    @property
    def projected(self) -> NDArray[np.bool_]:
        """True on the days whose values depend on the plan rather than only on completed sessions."""
        n_days = self.today + self.horizon_days
        return np.arange(n_days) >= self.today


def forecast_team_load(
    rows: SessionRows,
    *,
    n_athletes: int,
    today: int,
    horizon_days: int = FORECAST_DAYS,
    profiles: HeartRateProfiles | None = None,
    settings: LoadSettings = DEFAULT_SETTINGS,
    first_day: ArrayLike | None = None,
) -> LoadForecast:
    """Project every athlete's daily load and metrics ``horizon_days`` past ``today``.

    ``rows`` holds history and plan together: completed sessions count as done (on any day), sessions not
    completed count as missed before ``today`` and as planned load from ``today`` on.
    """
    if today < 0 or horizon_days < 1:
        raise ValueError("need today ≥ 0 and horizon_days ≥ 1")
    report = team_load_metrics(
        rows,
        n_athletes=n_athletes,
        n_days=today + horizon_days,
        profiles=profiles,
        settings=settings,
        first_day=first_day,
        today=today,
        project_planned=True,
    )
    return LoadForecast(report=report, today=today, horizon_days=horizon_days)


# Daily fields that only completed sessions feed: the same whichever day the series is seen from.
_DONE_ONLY_FIELDS = (
    "sessions", "estimated_sessions", "trimp_banister", "trimp_edwards", "hr_sessions", "cut_short",
    "rpe_drift_sum", "rpe_drift_sessions",
)  # fmt: skip


def current_and_forecast_daily(
    rows: SessionRows,
    *,
    n_athletes: int,
    day: int,
    today: int,
    horizon_days: int = FORECAST_DAYS,
    profiles: HeartRateProfiles | None = None,
) -> tuple[DailySeries, DailySeries]:
    """The daily series of a team view on ``day`` (≤ ``today``) and of its forecast, from one pass over the rows.

    Returns exactly ``daily_series(rows, n_days=day + 1, today=today)`` (what was done up to ``day``) and
    ``daily_series(rows, n_days=day + horizon_days, today=day, project_planned=True)`` (the forecast): the two
    share every day before ``day``, so the sessions are valued and summed once and only ``day`` itself is summed
    again for the current series. Arrays of the current series may be views into the forecast's.
    """
    if not 0 <= day <= today or horizon_days < 1:
        raise ValueError("need 0 ≤ day ≤ today and horizon_days ≥ 1")
    n_days = day + horizon_days
    r = series.inside(rows, n_athletes=n_athletes, n_days=n_days)
    values = series.session_values(r, profiles=profiles, n_athletes=n_athletes)
    ahead = series.sum_days(r, values, n_athletes=n_athletes, n_days=n_days, today=day, project_planned=True)
    # The day itself as the current series sees it (sessions not completed on it are missed unless it is today).
    on_day = np.flatnonzero(r.day == day)
    that_day = None
    if on_day.size:
        sessions = r.select(on_day)
        that_day = series.sum_days(
            replace(sessions, day=sessions.day - day), values.take(on_day), n_athletes=n_athletes, n_days=1,
            today=today - day,
        )  # fmt: skip
    columns = {}
    for name in DailySeries.__dataclass_fields__:
        matrix = getattr(ahead, name)
        if name in _DONE_ONLY_FIELDS:
            columns[name] = matrix[:, : day + 1]
            continue
        out = np.empty((n_athletes, day + 1))
        out[:, :day] = matrix[:, :day]
        out[:, day] = 0.0 if that_day is None else getattr(that_day, name)[:, 0]
        columns[name] = out
    return DailySeries(**columns), ahead


@dataclass(frozen=True)
class PlanEffect:
    """Per athlete: metrics on ``day`` without and with the extra sessions (NaN where undefined)."""

    day: int
    acwr_before: FloatArray
    acwr_after: FloatArray
    ctl_before: FloatArray
    ctl_after: FloatArray
    tsb_before: FloatArray  # form going into the day after ``day``
    tsb_after: FloatArray


def plan_effect(
    rows: SessionRows,
    extra: SessionRows,
    *,
    n_athletes: int,
    today: int,
    day: int,
    profiles: HeartRateProfiles | None = None,
    settings: LoadSettings = DEFAULT_SETTINGS,
    first_day: ArrayLike | None = None,
) -> PlanEffect:
    """What adding ``extra`` planned sessions (e.g. a practice being published) does to each athlete.

    Ready for the publish preview: acute:chronic ratio (EWMA) and fitness on ``day`` and form the morning
    after, with and without the extra sessions, both projected from the same history and plan.
    """
    if day < today:
        raise ValueError("day must be today or later")
    horizon = day - today + 2  # through the day after, for the form going into it
    kwargs = {"n_athletes": n_athletes, "today": today, "horizon_days": horizon}
    before = forecast_team_load(rows, profiles=profiles, settings=settings, first_day=first_day, **kwargs)
    after = forecast_team_load(
        SessionRows.concat(rows, extra), profiles=profiles, settings=settings, first_day=first_day, **kwargs
    )
    b, a = before.report.metrics, after.report.metrics
    return PlanEffect(
        day=day,
        acwr_before=b.acwr_ewma[:, day],
        acwr_after=a.acwr_ewma[:, day],
        ctl_before=b.ctl[:, day],
        ctl_after=a.ctl[:, day],
        tsb_before=b.tsb[:, day + 1],
        tsb_after=a.tsb[:, day + 1],
    )

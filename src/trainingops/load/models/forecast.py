"""Forecast: "if the plan is executed, where will acute:chronic, fitness and form be next week?"

The history (completed sessions) is extended by the planned, not-yet-completed sessions from ``today`` on,
each projected as planned RPE × planned minutes (per-category defaults where missing, see srpe), and every
metric is recomputed over history + horizon in the same vectorised pass as the history itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from trainingops.load.models.rows import HeartRateProfiles, SessionRows
from trainingops.load.models.series import DayTotals
from trainingops.load.models.settings import DEFAULT_SETTINGS, LoadSettings
from trainingops.load.models.team import LoadReport, team_load_metrics

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
    initial_ctl: ArrayLike = 0.0,
    initial_atl: ArrayLike = 0.0,
    base: DayTotals | None = None,
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
        initial_ctl=initial_ctl,
        initial_atl=initial_atl,
        base=base,
    )
    return LoadForecast(report=report, today=today, horizon_days=horizon_days)


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
    initial_ctl: ArrayLike = 0.0,
    initial_atl: ArrayLike = 0.0,
    base: DayTotals | None = None,
) -> PlanEffect:
    """What adding ``extra`` planned sessions (e.g. a practice being published) does to each athlete.

    Ready for the publish preview: acute:chronic ratio (EWMA) and fitness on ``day`` and form the morning
    after, with and without the extra sessions, both projected from the same history and plan.
    """
    if day < today:
        raise ValueError("day must be today or later")
    horizon = day - today + 2  # through the day after, for the form going into it

    def project(r: SessionRows) -> LoadForecast:
        return forecast_team_load(
            r,
            n_athletes=n_athletes,
            today=today,
            horizon_days=horizon,
            profiles=profiles,
            settings=settings,
            first_day=first_day,
            initial_ctl=initial_ctl,
            initial_atl=initial_atl,
            base=base,
        )

    before, after = project(rows), project(SessionRows.concat(rows, extra))
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

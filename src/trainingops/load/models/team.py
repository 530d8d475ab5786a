"""Every metric for a whole team (athletes × days) in one vectorised pass, and the one-athlete equivalent.

Each athlete's history starts on their own ``first_day`` (default: day 0 of the window). Internally every
athlete's series is shifted so that day 0 is their first day, the metrics run on the whole matrix at once,
and the results are shifted back; days before an athlete's first day are NaN (no history, not rest).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from trainingops.load.models.monotony import monotony_strain, week_over_week
from trainingops.load.models.pmc import fitness_fatigue
from trainingops.load.models.ratios import acute_chronic
from trainingops.load.models.readiness import Readiness, readiness
from trainingops.load.models.rows import HeartRateProfiles, SessionRows
from trainingops.load.models.series import DailySeries, DayTotals, daily_series
from trainingops.load.models.settings import DEFAULT_SETTINGS, LoadSettings

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class LoadMetrics:
    """Derived metrics, same shape as the daily load; NaN where undefined (never inf)."""

    acute_rolling: FloatArray
    chronic_rolling_coupled: FloatArray
    chronic_rolling_uncoupled: FloatArray
    acwr_rolling_coupled: FloatArray
    acwr_rolling_uncoupled: FloatArray
    acute_ewma: FloatArray
    chronic_ewma: FloatArray
    acwr_ewma: FloatArray
    weekly_load: FloatArray
    monotony: FloatArray
    strain: FloatArray
    ctl: FloatArray
    atl: FloatArray
    tsb: FloatArray
    ramp_rate: FloatArray
    distance_week_m: FloatArray
    distance_week_change_m: FloatArray
    distance_week_change_pct: FloatArray

    def columns(self) -> dict[str, FloatArray]:
        """Metric name → array, e.g. for a one-row-per-athlete-day feature export."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class LoadReport:
    daily: DailySeries
    metrics: LoadMetrics
    readiness: Readiness
    first_day: NDArray[np.intp]  # per athlete (a 0-d array for one athlete)


def load_metrics(
    load: FloatArray,
    distance_m: FloatArray,
    *,
    settings: LoadSettings = DEFAULT_SETTINGS,
    initial_ctl: FloatArray | float = 0.0,
    initial_atl: FloatArray | float = 0.0,
) -> LoadMetrics:
    """All metrics of daily series whose first day is the start of history (last axis = days)."""
    ac = acute_chronic(load, acute_days=settings.acute_days, chronic_days=settings.chronic_days)
    ms = monotony_strain(load, ddof=settings.monotony_ddof)
    ff = fitness_fatigue(load, settings=settings, initial_ctl=initial_ctl, initial_atl=initial_atl)
    wk = week_over_week(distance_m)
    return LoadMetrics(
        **{f.name: getattr(ac, f.name) for f in fields(ac)},
        weekly_load=ms.weekly_load,
        monotony=ms.monotony,
        strain=ms.strain,
        ctl=ff.ctl,
        atl=ff.atl,
        tsb=ff.tsb,
        ramp_rate=ff.ramp_rate,
        distance_week_m=wk.this_week,
        distance_week_change_m=wk.change,
        distance_week_change_pct=wk.change_pct,
    )


def _shift_to_start(x: FloatArray, first: NDArray[np.intp]) -> FloatArray:
    """Move each athlete's first day to column 0, padding the end with zeros."""
    n = x.shape[-1]
    if x.ndim == 1:
        f = int(first)
        return np.concatenate([x[f:], np.zeros(f, dtype=x.dtype)])
    padded = np.zeros((x.shape[0], n + int(first.max())), dtype=x.dtype)
    padded[:, :n] = x
    return _rows_from(padded, first, n)


def _shift_back(x: NDArray[Any], first: NDArray[np.intp], fill: float | bool) -> NDArray[Any]:
    """Inverse of _shift_to_start; days before an athlete's first day get ``fill``."""
    n = x.shape[-1]
    if x.ndim == 1:
        out = np.full(x.shape, fill, dtype=x.dtype)
        f = int(first)
        out[f:] = x[: n - f]
        return out
    lead = int(first.max())
    padded = np.empty((x.shape[0], lead + n), dtype=x.dtype)
    padded[:, :lead] = fill
    padded[:, lead:] = x
    return _rows_from(padded, lead - first, n)


def _rows_from(padded: NDArray[Any], start: NDArray[np.intp], n: int) -> NDArray[Any]:
    """Row i of the result is padded[i, start[i] : start[i] + n]: one gather of whole rows (an index per day
    and athlete, or a mask, costs ten times more)."""
    windows = np.lib.stride_tricks.sliding_window_view(padded, n, axis=-1)
    out: NDArray[Any] = windows[np.arange(padded.shape[0]), start]
    return out


# The daily fields the metrics (load, distance) and readiness (the rest) read; only these are aligned.
_MODEL_INPUTS = frozenset(
    {"load", "distance_m", "sessions", "missed", "cut_short", "rpe_drift_sum", "rpe_drift_sessions"}
)


def _aligned(daily: DailySeries, first: NDArray[np.intp]) -> DailySeries:
    """The model inputs shifted so that column 0 is each athlete's first day. The other fields are left empty
    (no days), so a model that starts reading one fails loudly instead of reading unaligned days."""
    out = {}
    for f in fields(daily):
        x = getattr(daily, f.name)
        out[f.name] = _shift_to_start(x, first) if f.name in _MODEL_INPUTS else np.empty((*x.shape[:-1], 0))
    return DailySeries(**out)


def _metrics_and_readiness(
    daily: DailySeries,
    first: NDArray[np.intp],
    settings: LoadSettings,
    initial_ctl: FloatArray | float,
    initial_atl: FloatArray | float,
    *,
    with_readiness: bool,
) -> tuple[LoadMetrics, Readiness | None]:
    shifted = bool(np.any(first != 0))
    aligned = _aligned(daily, first) if shifted else daily
    metrics = load_metrics(
        aligned.load, aligned.distance_m, settings=settings, initial_ctl=initial_ctl, initial_atl=initial_atl
    )
    ready = readiness(tsb=metrics.tsb, acwr=metrics.acwr_ewma, daily=aligned) if with_readiness else None
    if shifted:
        metrics = LoadMetrics(**{f.name: _shift_back(getattr(metrics, f.name), first, np.nan) for f in fields(metrics)})
        if ready is not None:
            ready = Readiness(
                **{
                    f.name: _shift_back(getattr(ready, f.name), first, False if f.name == "sufficient" else np.nan)
                    for f in fields(ready)
                }
            )
    return metrics, ready


def _report(
    daily: DailySeries,
    first: NDArray[np.intp],
    settings: LoadSettings,
    initial_ctl: FloatArray | float,
    initial_atl: FloatArray | float,
) -> LoadReport:
    metrics, ready = _metrics_and_readiness(daily, first, settings, initial_ctl, initial_atl, with_readiness=True)
    assert ready is not None
    return LoadReport(daily=daily, metrics=metrics, readiness=ready, first_day=first)


def _first_days(first_day: ArrayLike | None, n_athletes: int, n_days: int) -> NDArray[np.intp]:
    if first_day is None:
        return np.zeros(n_athletes, np.intp)
    first = np.broadcast_to(np.asarray(first_day, dtype=np.intp), (n_athletes,)).copy()
    if np.any(first < 0) or np.any(first >= max(n_days, 1)):
        raise ValueError("first_day must lie inside the window")
    return first


def team_load_metrics(
    rows: SessionRows,
    *,
    n_athletes: int,
    n_days: int,
    profiles: HeartRateProfiles | None = None,
    settings: LoadSettings = DEFAULT_SETTINGS,
    first_day: ArrayLike | None = None,
    today: int | None = None,
    project_planned: bool = False,
    initial_ctl: ArrayLike = 0.0,
    initial_atl: ArrayLike = 0.0,
    base: DayTotals | None = None,
) -> LoadReport:
    """Daily series, metrics and readiness for every athlete of a roster; arrays are (n_athletes, n_days).

    ``rows.athlete`` indexes the roster, ``rows.day`` the window (day 0 … n_days−1, local dates).
    Sessions not completed before ``today`` count as missed; from ``today`` on they are pending and
    are projected into the load only when ``project_planned`` (see ``forecast``).
    """
    daily = daily_series(
        rows,
        n_athletes=n_athletes,
        n_days=n_days,
        profiles=profiles,
        today=today,
        project_planned=project_planned,
        base=base,
    )
    return team_report(daily, first_day=first_day, settings=settings, initial_ctl=initial_ctl, initial_atl=initial_atl)


def team_report(
    daily: DailySeries,
    *,
    first_day: ArrayLike | None = None,
    settings: LoadSettings = DEFAULT_SETTINGS,
    initial_ctl: ArrayLike = 0.0,
    initial_atl: ArrayLike = 0.0,
) -> LoadReport:
    """Metrics and readiness of a team's daily series (athletes × days), as ``team_load_metrics`` computes them
    after ``daily_series``; e.g. for the two series of ``forecast.current_and_forecast_daily``."""
    n_athletes, n_days = daily.load.shape
    first = _first_days(first_day, n_athletes, n_days)
    ctl0 = np.broadcast_to(np.asarray(initial_ctl, np.float64), (n_athletes,))
    atl0 = np.broadcast_to(np.asarray(initial_atl, np.float64), (n_athletes,))
    return _report(daily, first, settings, ctl0, atl0)


def team_metrics(
    daily: DailySeries,
    *,
    first_day: ArrayLike | None = None,
    settings: LoadSettings = DEFAULT_SETTINGS,
    initial_ctl: ArrayLike = 0.0,
    initial_atl: ArrayLike = 0.0,
) -> LoadMetrics:
    """The metrics of ``team_report`` without readiness, for callers that show no readiness (a forecast)."""
    n_athletes, n_days = daily.load.shape
    first = _first_days(first_day, n_athletes, n_days)
    ctl0 = np.broadcast_to(np.asarray(initial_ctl, np.float64), (n_athletes,))
    atl0 = np.broadcast_to(np.asarray(initial_atl, np.float64), (n_athletes,))
    metrics, _ = _metrics_and_readiness(daily, first, settings, ctl0, atl0, with_readiness=False)
    return metrics


def athlete_load_metrics(
    rows: SessionRows,
    *,
    n_days: int,
    profile: HeartRateProfiles | None = None,
    settings: LoadSettings = DEFAULT_SETTINGS,
    first_day: int = 0,
    today: int | None = None,
    project_planned: bool = False,
    initial_ctl: float = 0.0,
    initial_atl: float = 0.0,
) -> LoadReport:
    """The same for one athlete: every row is taken as theirs; arrays are 1-D (n_days,)."""
    own = SessionRows.of(
        day=rows.day,
        athlete=np.zeros(len(rows), np.intp),
        category=rows.category,
        completed=rows.completed,
        actual_rpe=rows.actual_rpe,
        planned_rpe=rows.planned_rpe,
        actual_duration_sec=rows.actual_duration_sec,
        planned_duration_sec=rows.planned_duration_sec,
        actual_distance_m=rows.actual_distance_m,
        planned_distance_m=rows.planned_distance_m,
        hr_avg=rows.hr_avg,
        hr_zone_minutes=rows.hr_zone_minutes,
    )
    daily = daily_series(
        own, n_athletes=1, n_days=n_days, profiles=profile, today=today, project_planned=project_planned
    ).row(0)
    first = _first_days(first_day, 1, n_days)[0]
    return _report(daily, np.asarray(first, np.intp), settings, initial_ctl, initial_atl)

"""Dense daily series (athletes × days) built from session rows in one pass.

Every calendar day is present: a day without sessions is a rest day and holds 0, never a gap — rolling and
exponential averages are only right over a gapless series. Several sessions on one day are summed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from trainingops.load.models.rows import HeartRateProfiles, SessionRows
from trainingops.load.models.srpe import SessionLoads, planned_session_load, session_rpe_load
from trainingops.load.models.trimp import session_trimps

FloatArray = NDArray[np.float64]

# A completed session whose actual duration is under this share of its planned duration counts as "cut
# short" for readiness. Product threshold, not from the literature: a quarter less than planned is a
# change a coach would want to hear about, while normal rounding of a logged duration stays well above it.
CUT_SHORT_FRACTION = 0.75
SECONDS_PER_MINUTE = 60.0


@dataclass(frozen=True)
class DailySeries:
    """Per-athlete-per-day totals; each field is (n_athletes, n_days), or (n_days,) for one athlete."""

    load: FloatArray  # sRPE AU, completed sessions plus projected ones when a forecast asked for them
    projected_load: FloatArray  # part of `load` that is planned, not yet done (forecast only)
    distance_m: FloatArray
    duration_sec: FloatArray
    estimated_fraction: FloatArray  # share of the day's load that is estimated or projected, 0…1
    sessions: FloatArray  # completed sessions
    estimated_sessions: FloatArray  # completed sessions with an estimated RPE or duration
    trimp_banister: FloatArray  # sum over sessions with heart rate; see hr_sessions
    trimp_edwards: FloatArray
    hr_sessions: FloatArray  # completed sessions that carried usable heart rate
    missed: FloatArray  # planned sessions not completed, on their scheduled day
    cut_short: FloatArray
    rpe_drift_sum: FloatArray  # Σ (actual RPE − planned RPE) over sessions that have both
    rpe_drift_sessions: FloatArray

    def row(self, athlete: int | slice) -> DailySeries:
        """One athlete's 1-D series (or a block of athletes) out of a team matrix."""
        return DailySeries(**{name: getattr(self, name)[athlete] for name in self.__dataclass_fields__})


@dataclass(frozen=True)
class DayTotals:
    """Days already summed elsewhere (the database's daily loads, ``trainingops.load.daily``), added to what the
    session rows give: each field is (n_athletes, n_days) over the same window, 0 on the days the rows cover.
    Only days before ``today`` (their sessions not completed are missed) and without heart rate (no TRIMP)."""

    load: FloatArray
    not_measured_load: FloatArray  # the part of ``load`` that rests on estimated values
    distance_m: FloatArray
    duration_sec: FloatArray
    sessions: FloatArray
    estimated_sessions: FloatArray
    missed: FloatArray
    cut_short: FloatArray
    rpe_drift_sum: FloatArray
    rpe_drift_sessions: FloatArray

    def days(self, n_days: int) -> DayTotals:
        """The first ``n_days`` days (zeros past the end)."""
        have = self.load.shape[-1]
        if have == n_days:
            return self
        out = {}
        for name in self.__dataclass_fields__:
            x = getattr(self, name)
            fitted = np.zeros((*x.shape[:-1], n_days))
            fitted[..., : min(have, n_days)] = x[..., :n_days]
            out[name] = fitted
        return DayTotals(**out)


def daily_series(
    rows: SessionRows,
    *,
    n_athletes: int,
    n_days: int,
    profiles: HeartRateProfiles | None = None,
    today: int | None = None,
    project_planned: bool = False,
    base: DayTotals | None = None,
) -> DailySeries:
    """Sum session rows into athletes × days matrices.

    Rows outside 0 ≤ day < n_days or 0 ≤ athlete < n_athletes are ignored. A session not completed is
    *missed* if its day is before ``today`` (all of them when ``today`` is None) and *pending* otherwise;
    pending sessions add their planned load only when ``project_planned`` is true (the forecast). ``base``: days
    summed beforehand, added to the rows' sums.
    """
    r = inside(rows, n_athletes=n_athletes, n_days=n_days)
    values = session_values(r, profiles=profiles, n_athletes=n_athletes)
    return sum_days(
        r, values, n_athletes=n_athletes, n_days=n_days, today=today, project_planned=project_planned, base=base
    )


def inside(rows: SessionRows, *, n_athletes: int, n_days: int) -> SessionRows:
    """The rows with 0 ≤ day < n_days and 0 ≤ athlete < n_athletes (``rows`` itself when that is all of them)."""
    keep = (rows.day >= 0) & (rows.day < n_days) & (rows.athlete >= 0) & (rows.athlete < n_athletes)
    return rows if bool(keep.all()) else rows.select(keep)


@dataclass(frozen=True)
class SessionValues:
    """What each session contributes whatever the day it is seen from: its sRPE load as done, distance,
    heart-rate load, RPE drift, cut short, estimated. One entry per row of the ``SessionRows`` it came from."""

    actual: SessionLoads
    distance_m: FloatArray  # actual, else planned; NaN when neither
    trimp_banister: FloatArray  # 0 where unknown
    trimp_edwards: FloatArray
    has_hr: NDArray[np.bool_]
    drift: FloatArray  # actual − planned RPE (NaN unless both)
    has_drift: NDArray[np.bool_]
    cut: NDArray[np.bool_]
    estimated: NDArray[np.bool_]

    def take(self, index: NDArray[np.intp]) -> SessionValues:
        """The entries of the rows at ``index``."""
        a = self.actual
        return SessionValues(
            actual=SessionLoads(
                load=a.load[index], rpe=a.rpe[index], minutes=a.minutes[index], estimated=a.estimated[index]
            ),
            **{name: getattr(self, name)[index] for name in self.__dataclass_fields__ if name != "actual"},
        )


def session_values(r: SessionRows, *, profiles: HeartRateProfiles | None, n_athletes: int) -> SessionValues:
    """Per-session values of ``r`` (every row must lie inside the roster)."""
    done = r.completed
    actual = session_rpe_load(
        category=r.category,
        actual_rpe=r.actual_rpe,
        planned_rpe=r.planned_rpe,
        actual_duration_sec=r.actual_duration_sec,
        planned_duration_sec=r.planned_duration_sec,
    )
    banister, edwards, has_hr = _session_heart_rate(r, done, actual.minutes, profiles, n_athletes)
    drift = r.actual_rpe - r.planned_rpe
    return SessionValues(
        actual=actual,
        distance_m=np.where(np.isnan(r.actual_distance_m), r.planned_distance_m, r.actual_distance_m),
        trimp_banister=banister,
        trimp_edwards=edwards,
        has_hr=has_hr,
        drift=drift,
        has_drift=done & ~np.isnan(drift),
        cut=done & (r.actual_duration_sec < CUT_SHORT_FRACTION * r.planned_duration_sec),
        estimated=done & actual.estimated,
    )


def sum_days(
    r: SessionRows,
    v: SessionValues,
    *,
    n_athletes: int,
    n_days: int,
    today: int | None = None,
    project_planned: bool = False,
    base: DayTotals | None = None,
) -> DailySeries:
    """``daily_series`` of rows that all lie inside the window, from their ``session_values`` (plus ``base``)."""
    size = n_athletes * n_days
    flat = r.athlete * n_days + r.day
    before = base.days(n_days) if base is not None else None

    def total(weights: NDArray[np.generic], field: str | None = None) -> FloatArray:
        summed: FloatArray = np.bincount(flat, weights=weights, minlength=size).astype(np.float64, copy=False)
        summed = summed.reshape(n_athletes, n_days)
        if before is not None and field is not None:
            summed += getattr(before, field)  # 0 on the rows' days, and no rows on the base's days: exact
        return summed

    done = r.completed
    pending = np.zeros_like(done) if today is None else ~done & (r.day >= today)
    missed = ~done & ~pending
    projected = pending & project_planned

    actual = v.actual
    load = np.where(done, actual.load, 0.0)
    minutes = np.where(done, actual.minutes, 0.0)
    projected_load = np.zeros_like(load)
    if projected.any():
        plan = planned_session_load(
            category=r.category, planned_rpe=r.planned_rpe, planned_duration_sec=r.planned_duration_sec
        )
        projected_load = np.where(projected, plan.load, 0.0)
        load += projected_load
        minutes += np.where(projected, plan.minutes, 0.0)
    distance = np.where(done | projected, np.nan_to_num(v.distance_m), 0.0)

    day_load = total(load, "load")
    not_measured = total(np.where(v.estimated, load, 0.0) + projected_load, "not_measured_load")
    return DailySeries(
        load=day_load,
        projected_load=total(projected_load),
        distance_m=total(distance, "distance_m"),
        duration_sec=total(minutes * SECONDS_PER_MINUTE, "duration_sec"),
        estimated_fraction=np.divide(not_measured, day_load, out=np.zeros_like(day_load), where=day_load > 0).clip(
            0.0, 1.0
        ),
        sessions=total(done, "sessions"),
        estimated_sessions=total(v.estimated, "estimated_sessions"),
        trimp_banister=total(v.trimp_banister),
        trimp_edwards=total(v.trimp_edwards),
        hr_sessions=total(v.has_hr),
        missed=total(missed, "missed"),
        cut_short=total(v.cut, "cut_short"),
        rpe_drift_sum=total(np.where(v.has_drift, v.drift, 0.0), "rpe_drift_sum"),
        rpe_drift_sessions=total(v.has_drift, "rpe_drift_sessions"),
    )


def _session_heart_rate(
    r: SessionRows,
    done: NDArray[np.bool_],
    minutes: FloatArray,
    profiles: HeartRateProfiles | None,
    n_athletes: int,
) -> tuple[FloatArray, FloatArray, NDArray[np.bool_]]:
    """Banister and Edwards TRIMP per session (0 where unknown) and whether any was known.

    Computed only on the completed sessions that carry heart rate, which are usually a minority.
    """
    known = done & ~np.isnan(r.hr_avg)
    if r.hr_zone_minutes is not None:
        known |= done & ~np.isnan(r.hr_zone_minutes).all(axis=-1)
    banister, edwards = np.zeros(len(r)), np.zeros(len(r))
    has_hr = np.zeros(len(r), dtype=bool)
    idx = np.flatnonzero(known)
    if idx.size == 0:
        return banister, edwards, has_hr
    prof = profiles if profiles is not None else HeartRateProfiles.unknown(n_athletes)
    who = r.athlete[idx]
    b, e = session_trimps(
        minutes=minutes[idx],
        hr_avg=r.hr_avg[idx],
        zone_minutes=None if r.hr_zone_minutes is None else r.hr_zone_minutes[idx],
        hr_rest=prof.hr_rest[who],
        hr_max=prof.hr_max[who] if prof.hr_max_daily is None else prof.hr_max_daily[who, r.day[idx]],
        sex=prof.sex[who],
    )
    banister[idx] = np.nan_to_num(b)
    edwards[idx] = np.nan_to_num(e)
    has_hr[idx] = ~np.isnan(b) | ~np.isnan(e)
    return banister, edwards, has_hr

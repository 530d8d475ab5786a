"""Input shapes: one row per session (column arrays) and one entry per athlete (heart-rate profile).

The service layer fills these straight from a query: ``athlete`` is the athlete's position in the roster
(0 … n_athletes−1), ``day`` the session's local calendar day counted from day 0 of the window, and NaN
stands for SQL NULL in every float column.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from trainingops.load.models.trimp import SEX_UNKNOWN

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]

# Columns of `hr_zone_minutes`: minutes at 50–60, 60–70, 70–80, 80–90, 90–100 % HRmax (Edwards 1993).
HR_ZONE_COUNT = 5


def _floats(values: ArrayLike | None, n: int) -> FloatArray:
    if values is None:
        return np.full(n, np.nan)
    out = np.asarray(values, dtype=np.float64).reshape(-1)
    if out.shape != (n,):
        raise ValueError(f"expected {n} values, got {out.shape[0]}")
    return out


@dataclass(frozen=True)
class SessionRows:
    """Sessions of one athlete or a whole team, as parallel column arrays of equal length."""

    athlete: IntArray
    day: IntArray
    category: IntArray
    completed: BoolArray
    actual_rpe: FloatArray
    planned_rpe: FloatArray
    actual_duration_sec: FloatArray
    planned_duration_sec: FloatArray
    actual_distance_m: FloatArray
    planned_distance_m: FloatArray
    hr_avg: FloatArray
    hr_zone_minutes: FloatArray | None  # (n, 5) or None when no session has zones

    @classmethod
    def of(
        cls,
        *,
        day: ArrayLike,
        athlete: ArrayLike | None = None,
        category: ArrayLike | None = None,
        completed: ArrayLike | None = None,
        actual_rpe: ArrayLike | None = None,
        planned_rpe: ArrayLike | None = None,
        actual_duration_sec: ArrayLike | None = None,
        planned_duration_sec: ArrayLike | None = None,
        actual_distance_m: ArrayLike | None = None,
        planned_distance_m: ArrayLike | None = None,
        hr_avg: ArrayLike | None = None,
        hr_zone_minutes: ArrayLike | None = None,
    ) -> SessionRows:
        """Build from any array-likes. Omitted columns: athlete 0 (single-athlete use), category 3
        ("other"), completed True, every measure NULL (NaN)."""
        days = np.asarray(day, dtype=np.intp).reshape(-1)
        n = days.shape[0]
        zones = None
        if hr_zone_minutes is not None:
            zones = np.asarray(hr_zone_minutes, dtype=np.float64).reshape(n, HR_ZONE_COUNT)
        return cls(
            athlete=np.zeros(n, np.intp) if athlete is None else np.asarray(athlete, np.intp).reshape(n),
            day=days,
            category=np.full(n, 3, np.intp) if category is None else np.asarray(category, np.intp).reshape(n),
            completed=np.ones(n, bool) if completed is None else np.asarray(completed, bool).reshape(n),
            actual_rpe=_floats(actual_rpe, n),
            planned_rpe=_floats(planned_rpe, n),
            actual_duration_sec=_floats(actual_duration_sec, n),
            planned_duration_sec=_floats(planned_duration_sec, n),
            actual_distance_m=_floats(actual_distance_m, n),
            planned_distance_m=_floats(planned_distance_m, n),
            hr_avg=_floats(hr_avg, n),
            hr_zone_minutes=zones,
        )

    def __len__(self) -> int:
        return int(self.day.shape[0])

    @classmethod
    def concat(cls, first: SessionRows, second: SessionRows) -> SessionRows:
        """Rows of ``first`` followed by rows of ``second`` (e.g. a plan plus a practice being previewed)."""
        if first.hr_zone_minutes is None and second.hr_zone_minutes is None:
            zones = None
        else:
            zones = np.concatenate([_zones_or_nan(first), _zones_or_nan(second)])
        return cls(
            **{
                name: np.concatenate([getattr(first, name), getattr(second, name)])
                for name in cls.__dataclass_fields__
                if name != "hr_zone_minutes"
            },
            hr_zone_minutes=zones,
        )

    def select(self, mask: BoolArray | IntArray) -> SessionRows:
        """The rows where ``mask`` is true (e.g. one athlete's sessions), or at the positions it lists."""
        zones = None if self.hr_zone_minutes is None else self.hr_zone_minutes[mask]
        return SessionRows(
            athlete=self.athlete[mask],
            day=self.day[mask],
            category=self.category[mask],
            completed=self.completed[mask],
            actual_rpe=self.actual_rpe[mask],
            planned_rpe=self.planned_rpe[mask],
            actual_duration_sec=self.actual_duration_sec[mask],
            planned_duration_sec=self.planned_duration_sec[mask],
            actual_distance_m=self.actual_distance_m[mask],
            planned_distance_m=self.planned_distance_m[mask],
            hr_avg=self.hr_avg[mask],
            hr_zone_minutes=zones,
        )


def _zones_or_nan(rows: SessionRows) -> FloatArray:
    if rows.hr_zone_minutes is not None:
        return rows.hr_zone_minutes
    return np.full((len(rows), HR_ZONE_COUNT), np.nan)


@dataclass(frozen=True)
class HeartRateProfiles:
    """Per-athlete HRrest, HRmax (bpm; NaN unknown) and sex code (trimp.SEX_*), indexed like ``athlete``.

    ``hr_max_daily`` (athletes × days of the window, optional): the athlete's HRmax on each day, when it depends on
    the day (age, readings so far); a session then uses the value of its own day, so its TRIMP is the same in every
    window that contains it.
    """

    hr_rest: FloatArray
    hr_max: FloatArray
    sex: IntArray
    hr_max_daily: FloatArray | None = None

    @classmethod
    def of(cls, *, hr_rest: ArrayLike, hr_max: ArrayLike, sex: ArrayLike | None = None) -> HeartRateProfiles:
        rest = np.atleast_1d(np.asarray(hr_rest, dtype=np.float64))
        peak = np.atleast_1d(np.asarray(hr_max, dtype=np.float64))
        codes = np.full(rest.shape, SEX_UNKNOWN, np.intp) if sex is None else np.atleast_1d(np.asarray(sex))
        return cls(hr_rest=rest, hr_max=peak, sex=codes.astype(np.intp))

    @classmethod
    def unknown(cls, n_athletes: int) -> HeartRateProfiles:
        return cls(
            hr_rest=np.full(n_athletes, np.nan),
            hr_max=np.full(n_athletes, np.nan),
            sex=np.full(n_athletes, SEX_UNKNOWN, np.intp),
        )

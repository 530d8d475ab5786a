"""From the columns one query returns to the inputs of the pure models: ``SessionRows``, heart-rate profiles
and each athlete's first day of history — NumPy throughout, no per-session Python loop.

The query sends the sessions as fixed-width binary records under ``string_agg`` (``packing``), so a season of
sessions arrives as two buffers that ``np.frombuffer`` reads without building a Python object per value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from trainingops.athlete_load import packing
from trainingops.files.heart_rate import HR_PLAUSIBLE_MAX_BPM, HR_SENSOR_FLOOR_BPM
from trainingops.load import SEX_FEMALE, SEX_MALE, SEX_UNKNOWN, HeartRateProfiles, SessionRows

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

# Banister TRIMP needs resting and maximum heart rate; the schema stores neither.
# HRmax: the age-predicted maximum of Tanaka, Monahan & Seals 2001 (JACC 37:153), 208 − 0.7 × age, when the
# date of birth is known (the same for every view and range); otherwise the highest plausible session maximum
# among the sessions read with heart rate (those of the days shown), a lower bound on the true maximum.
TANAKA_INTERCEPT_BPM = 208.0  # Tanaka et al. 2001
TANAKA_SLOPE_BPM_PER_YEAR = 0.7  # Tanaka et al. 2001
DAYS_PER_YEAR = 365.25
# HRrest: not recorded anywhere, so the conventional adult default of 60 bpm (the round figure heart-rate-reserve
# examples use since Karvonen et al. 1957) is assumed and reported as such; a fitter athlete's true value is
# lower, which makes ΔHR and TRIMP somewhat smaller than with a measured one.
DEFAULT_HR_REST_BPM = 60.0


def unpack(row: dict[str, Any]) -> dict[str, NDArray[Any]]:
    """The packed buffers of a query row (``history`` without heart rate, ``shown`` with it) as native NumPy
    arrays, history first (empty when there were no sessions); implausible heart rates become NaN."""
    out = packing.decode(*(bytes(row[name]) if row[name] is not None else b"" for name in ("history", "shown")))
    n_past = len(row["history"] or b"") // packing.HISTORY.itemsize
    for name in ("hr_avg", "hr_max"):
        hr = out[name][n_past:]  # the history carries none
        with np.errstate(invalid="ignore"):
            hr[~((hr >= HR_SENSOR_FLOOR_BPM) & (hr <= HR_PLAUSIBLE_MAX_BPM))] = np.nan
    return out


@dataclass(frozen=True)
class Frame:
    """Session rows of a roster in a window of days, and what the window knows about each athlete.

    Day 0 is ``start``; ``first_session_day`` is −1 for an athlete without any session in the window.
    """

    start: date
    n_days: int
    rows: SessionRows
    first_session_day: IntArray
    profiles: HeartRateProfiles
    hr_max_source: list[str | None]

    @property
    def n_athletes(self) -> int:
        return int(self.first_session_day.shape[0])

    def index(self, day: date) -> int:
        return (day - self.start).days

    def date_of(self, index: int) -> date:
        return date.fromordinal(self.start.toordinal() + index)

    def first_day(self, n_days: int) -> IntArray:
        """``first_day`` for the pure models over days 0 … n_days − 1: an athlete's first session, clipped
        into the window (an athlete with none gets the last day; their days are reported as no history)."""
        first = np.where(self.first_session_day < 0, n_days - 1, self.first_session_day)
        return np.minimum(first, n_days - 1).astype(np.intp)

    def has_history(self, n_days: int) -> NDArray[np.bool_]:
        """(athletes, days): True from an athlete's first session on."""
        days = np.arange(n_days)
        first = self.first_session_day[:, None]
        return (first >= 0) & (days[None, :] >= first)


def frame(
    columns: dict[str, NDArray[Any]],
    *,
    start: date,
    n_days: int,
    n_athletes: int,
    sex: list[str | None],
    date_of_birth: list[date | None],
    today: date,
    trim_limit: int,
) -> Frame:
    """Build the frame, trimming leading days before anyone's history (they would only be NaN), but never
    past day ``trim_limit`` (the first day the caller shows)."""
    athlete, day = columns["athlete"], columns["day"]
    first = np.full(n_athletes, np.iinfo(np.intp).max, dtype=np.intp)
    if day.size:
        np.minimum.at(first, athlete, day)
    has_any = first != np.iinfo(np.intp).max
    trim = int(first[has_any].min()) if has_any.any() else 0
    trim = max(0, min(trim, trim_limit, n_days - 1))
    rows = SessionRows.of(
        athlete=athlete,
        day=day - trim,
        category=columns["category"],
        completed=columns["completed"],
        actual_rpe=columns["actual_rpe"],
        planned_rpe=columns["planned_rpe"],
        actual_duration_sec=columns["actual_duration_sec"],
        planned_duration_sec=columns["planned_duration_sec"],
        actual_distance_m=columns["actual_distance_m"],
        planned_distance_m=columns["planned_distance_m"],
        hr_avg=columns["hr_avg"],
    )
    profiles, sources = heart_rate_profiles(
        athlete=athlete, session_hr_max=columns["hr_max"], sex=sex, date_of_birth=date_of_birth, today=today
    )
    return Frame(
        start=date.fromordinal(start.toordinal() + trim),
        n_days=n_days - trim,
        rows=rows,
        first_session_day=np.where(has_any, first - trim, -1).astype(np.intp),
        profiles=profiles,
        hr_max_source=sources,
    )


def heart_rate_profiles(
    *,
    athlete: IntArray,
    session_hr_max: FloatArray,
    sex: list[str | None],
    date_of_birth: list[date | None],
    today: date,
) -> tuple[HeartRateProfiles, list[str | None]]:
    """HRrest (default), HRmax (age-predicted, else observed) and sex code per athlete, with HRmax's source."""
    n = len(sex)
    observed = np.full(n, np.nan)
    known = ~np.isnan(session_hr_max)
    if known.any():
        np.fmax.at(observed, athlete[known], session_hr_max[known])
    age_days = np.array([(today - born).days if born else np.nan for born in date_of_birth], dtype=np.float64)
    predicted = TANAKA_INTERCEPT_BPM - TANAKA_SLOPE_BPM_PER_YEAR * age_days / DAYS_PER_YEAR
    hr_max = np.where(np.isnan(predicted), observed, predicted)
    sources: list[str | None] = [
        "age_predicted" if not np.isnan(p) else None if np.isnan(o) else "observed"
        for o, p in zip(observed.tolist(), predicted.tolist(), strict=True)
    ]
    codes = np.array([SEX_FEMALE if s == "female" else SEX_MALE if s == "male" else SEX_UNKNOWN for s in sex])
    profiles = HeartRateProfiles.of(hr_rest=np.full(n, DEFAULT_HR_REST_BPM), hr_max=hr_max, sex=codes.astype(np.intp))
    return profiles, sources


def nullable(values: NDArray[Any], decimals: int | None = None) -> list[Any]:
    """Floats for JSON: NaN (undefined) and ±inf become None (null); optionally rounded."""
    x = np.asarray(values, dtype=np.float64)
    if decimals is not None:
        x = np.round(x, decimals)
    out = x.astype(object)
    out[~np.isfinite(x)] = None
    result: list[Any] = out.tolist()
    return result


def counts(values: NDArray[Any]) -> list[int]:
    """Whole-number series (sessions, missed …) as ints."""
    result: list[int] = np.rint(np.nan_to_num(values)).astype(np.int64).tolist()
    return result

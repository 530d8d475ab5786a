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

from trainingops.load import packing
from trainingops.load.models import SEX_FEMALE, SEX_MALE, SEX_UNKNOWN, HeartRateProfiles, SessionRows
from trainingops.load.models.physiology import HR_PLAUSIBLE_MAX_BPM, HR_SENSOR_FLOOR_BPM
from trainingops.load.models.series import DayTotals
from trainingops.load.models.settings import MIN_HISTORY_DAYS
from trainingops.load.models.srpe import SECONDS_PER_MINUTE
from trainingops.load.models.windows import trailing_max

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

# Banister TRIMP needs resting and maximum heart rate; the schema stores neither. One athlete-level HRmax rule,
# evaluated per day from nothing later than that day, so a session has the same TRIMP in every view and range:
# the age-predicted maximum of Tanaka, Monahan & Seals 2001 (JACC 37:153), 208 − 0.7 × age on the day, when the
# date of birth is known; otherwise the highest plausible session maximum over the OBSERVED_HR_MAX_DAYS up to
# and including the day (a lower bound on the true maximum). A year: long enough to include the athlete's hard
# sessions and races, short enough to follow the slow decline of HRmax with age (product choice); the history
# every view reads (load.settings.MIN_HISTORY_DAYS, 400 days) covers it, so no view sees a different year.
TANAKA_INTERCEPT_BPM = 208.0  # Tanaka et al. 2001
TANAKA_SLOPE_BPM_PER_YEAR = 0.7  # Tanaka et al. 2001
DAYS_PER_YEAR = 365.25
OBSERVED_HR_MAX_DAYS = 365
assert OBSERVED_HR_MAX_DAYS < MIN_HISTORY_DAYS
# HRrest: not recorded anywhere, so the conventional adult default of 60 bpm (the round figure heart-rate-reserve
# examples use since Karvonen et al. 1957) is assumed and reported as such; a fitter athlete's true value is
# lower, which makes ΔHR and TRIMP somewhat smaller than with a measured one.
DEFAULT_HR_REST_BPM = 60.0


def unpack(row: dict[str, Any], *, start: date, split: date) -> dict[str, NDArray[Any]]:
    """The packed buffers of a query row (``history`` without heart rate, ``shown`` with it, ``readings``: the
    history's maximum heart rates of athletes without a date of birth) as native NumPy arrays, history first (empty
    when there were no sessions); implausible heart rates become NaN."""

    def raw(name: str) -> bytes:
        return bytes(row[name]) if row.get(name) is not None else b""

    out = packing.decode(raw("history"), raw("shown"))
    who, day, peak = packing.decode_readings(raw("early_readings") + raw("readings"))
    out["reading_athlete"], out["reading_day"], out["reading_hr_max"] = who, day, peak
    daily = packing.decode_blocks(raw("days"), start=start, split=split)
    out.update({f"daily_{name}": column for name, column in daily.items()})
    for name in ("hr_avg", "hr_max", "reading_hr_max"):
        hr = out[name]
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
    first_session_day: IntArray  # first completed (or, from today on, planned) session; a missed plan starts none
    profiles: HeartRateProfiles  # with ``hr_max_daily``: HRmax per athlete and day of the window
    age_predicted: NDArray[np.bool_]  # per athlete: HRmax from the date of birth (else observed)
    base: DayTotals | None = None  # the days read from athlete_daily_loads (None: every day from its sessions)

    def hr_max_on(self, athlete: int, day: int) -> tuple[float | None, str | None]:
        """HRmax (bpm) of an athlete on a day of the window, and its source (age_predicted / observed / None)."""
        assert self.profiles.hr_max_daily is not None
        value = float(self.profiles.hr_max_daily[athlete, day])
        if np.isnan(value):
            return None, None
        return value, "age_predicted" if self.age_predicted[athlete] else "observed"

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
    past day ``trim_limit`` (the first day the caller shows).

    An athlete's history starts on their first completed session, or on their first planned session from today
    on (a new athlete's plan can still be projected): planned sessions missed before it are no training history
    (they would start the averages and the EWMA seed on a day of nothing)."""
    athlete, day, done = columns["athlete"], columns["day"], columns["completed"]
    starts = done | (day >= (today - start).days)
    first = np.full(n_athletes, np.iinfo(np.intp).max, dtype=np.intp)
    if starts.any():
        np.minimum.at(first, athlete[starts], day[starts])
    trained = columns.get("daily_sessions", np.empty(0)) > 0  # daily rows lie before today: completed sessions only
    if trained.any():
        np.minimum.at(first, columns["daily_athlete"][trained], columns["daily_day"][trained])
    has_any = first != np.iinfo(np.intp).max
    trim = int(first[has_any].min()) if has_any.any() else 0
    trim = max(0, min(trim, trim_limit, n_days - 1))
    rows = SessionRows.of(
        athlete=athlete,
        day=day - trim,
        category=columns["category"],
        completed=done,
        actual_rpe=columns["actual_rpe"],
        planned_rpe=columns["planned_rpe"],
        actual_duration_sec=columns["actual_duration_sec"],
        planned_duration_sec=columns["planned_duration_sec"],
        actual_distance_m=columns["actual_distance_m"],
        planned_distance_m=columns["planned_distance_m"],
        hr_avg=columns["hr_avg"],
    )
    first_day = date.fromordinal(start.toordinal() + trim)
    readings = columns.get("reading_athlete", np.empty(0, np.intp))
    profiles = heart_rate_profiles(
        athlete=np.concatenate([athlete, readings]),
        day=np.concatenate([day, columns.get("reading_day", np.empty(0, np.intp))]) - trim,
        session_hr_max=np.concatenate([columns["hr_max"], columns.get("reading_hr_max", np.empty(0))]),
        sex=sex,
        date_of_birth=date_of_birth,
        start=first_day,
        n_days=n_days - trim,
    )
    return Frame(
        start=first_day,
        n_days=n_days - trim,
        rows=rows,
        first_session_day=np.where(has_any, first - trim, -1).astype(np.intp),
        profiles=profiles,
        age_predicted=np.array([born is not None for born in date_of_birth], dtype=bool),
        base=day_totals(columns, n_athletes=n_athletes, n_days=n_days - trim, trim=trim),
    )


def day_totals(columns: dict[str, NDArray[Any]], *, n_athletes: int, n_days: int, trim: int) -> DayTotals | None:
    """The daily rows (``daily_*`` columns) as (athletes × days) sums from day ``trim`` on; None without any.
    Rows before ``trim`` hold only missed plans (no history yet), which the session path drops too."""
    if columns.get("daily_day", np.empty(0)).size == 0:
        return None
    day = columns["daily_day"] - trim
    keep = (day >= 0) & (day < n_days)
    flat = columns["daily_athlete"][keep] * n_days + day[keep]

    def total(name: str) -> FloatArray:
        weights = columns[f"daily_{name}"][keep]
        summed: FloatArray = np.bincount(flat, weights=weights, minlength=n_athletes * n_days).astype(np.float64)
        return summed.reshape(n_athletes, n_days)

    # Load is kept as RPE × seconds (integers, summed exactly); AU = RPE × minutes.
    return DayTotals(
        load=total("load_rpe_seconds") / SECONDS_PER_MINUTE,
        not_measured_load=total("estimated_rpe_seconds") / SECONDS_PER_MINUTE,
        **{
            name: total(name)
            for name in (
                "distance_m",
                "duration_sec",
                "sessions",
                "estimated_sessions",
                "missed",
                "cut_short",
                "rpe_drift_sum",
                "rpe_drift_sessions",
            )
        },
    )


def heart_rate_profiles(
    *,
    athlete: IntArray,
    day: IntArray,
    session_hr_max: FloatArray,
    sex: list[str | None],
    date_of_birth: list[date | None],
    start: date,
    n_days: int,
) -> HeartRateProfiles:
    """HRrest (default), sex code and HRmax per athlete and day of the window (day 0 = ``start``): age-predicted
    on the day when the date of birth is known, else the highest reading over the year up to the day."""
    n = len(sex)
    daily = np.full((n, n_days), np.nan)
    born = np.array([b.toordinal() if b else -1 for b in date_of_birth], dtype=np.int64)
    dated = born >= 0
    if dated.any():
        age_years = (start.toordinal() + np.arange(n_days) - born[dated, None]) / DAYS_PER_YEAR
        daily[dated] = TANAKA_INTERCEPT_BPM - TANAKA_SLOPE_BPM_PER_YEAR * age_years
    if not dated.all():
        undated = np.flatnonzero(~dated)
        row_of = np.full(n, -1)
        row_of[undated] = np.arange(undated.size)
        readings = np.full((undated.size, n_days), np.nan)
        use = ~np.isnan(session_hr_max) & (row_of[athlete] >= 0) & (day >= 0) & (day < n_days)
        np.fmax.at(readings, (row_of[athlete[use]], day[use]), session_hr_max[use])
        daily[undated] = trailing_max(readings, OBSERVED_HR_MAX_DAYS)
    codes = np.array([SEX_FEMALE if s == "female" else SEX_MALE if s == "male" else SEX_UNKNOWN for s in sex])
    return HeartRateProfiles(
        hr_rest=np.full(n, DEFAULT_HR_REST_BPM),
        hr_max=daily[:, -1].copy() if n_days else np.full(n, np.nan),
        sex=codes.astype(np.intp).reshape(n),
        hr_max_daily=daily,
    )


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


@dataclass(frozen=True)
class Fetched:
    """What one data query gave: the roster in index order and its frame."""

    roster: list[dict[str, Any]]
    frame: Frame
    window_start: date  # first day read (before trimming leading days without anyone's history)


@dataclass(frozen=True)
class Queried:
    """The data query's row and the window it was read for: what ``_build`` turns into a frame."""

    row: dict[str, Any]
    start: date
    end: date
    split: date
    today: date
    keep: date

    @property
    def roster(self) -> list[dict[str, Any]]:
        roster: list[dict[str, Any]] = self.row["roster"]
        return roster

    def digest_parts(self) -> tuple[Any, ...]:
        """Everything the frame is built from (``memo.key``): the roster and the packed buffers, and the window."""
        buffers = tuple(self.row.get(name) for name in ("days", "early_readings", "history", "readings", "shown"))
        return (self.roster, *buffers, self.start, self.end, self.split, self.today, self.keep)


def build(q: Queried) -> Fetched:
    """The frame of a data query's row."""
    roster = q.roster
    built = frame(
        unpack(q.row, start=q.start, split=q.split),
        start=q.start,
        n_days=(q.end - q.start).days + 1,
        n_athletes=len(roster),
        sex=[r["sex"] for r in roster],
        date_of_birth=[date.fromisoformat(r["date_of_birth"]) if r["date_of_birth"] else None for r in roster],
        today=q.today,
        trim_limit=(q.keep - q.start).days,
    )
    return Fetched(roster=roster, frame=built, window_start=q.start)

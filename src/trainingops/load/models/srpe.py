"""Session-RPE load (Foster et al. 2001, J Strength Cond Res 15:109): CR-10 RPE × minutes, in arbitrary units.

Missing values are estimated — actual, else planned, else a per-category default — and every session whose
load rests on anything but the athlete's own actual RPE and actual duration is flagged ``estimated``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

# `workout_category` values of athlete_training_sessions (training-schema.md §1.2), as small integer codes.
CATEGORY_RUN = 0
CATEGORY_GYM = 1
CATEGORY_CROSS_TRAINING = 2
CATEGORY_OTHER = 3
CATEGORY_CODES: dict[str, int] = {
    "run": CATEGORY_RUN,
    "gym": CATEGORY_GYM,
    "cross_training": CATEGORY_CROSS_TRAINING,
    "other": CATEGORY_OTHER,
}

# CR-10 scale bounds (Foster et al. 2001 use Borg's CR-10: 0 = rest … 10 = maximal). Anything outside is
# treated as missing rather than trusted.
RPE_MIN = 0.0
RPE_MAX = 10.0

# Per-category defaults, used only when neither an actual nor a planned value exists. There is no published
# "typical session" per category; these are product defaults chosen to be unremarkable so an estimate
# neither hides nor invents a spike, and every session that uses them is flagged estimated.
#   RPE 5 = "hard" and 4 = "somewhat hard" on Foster's CR-10 wording (Foster et al. 2001, table 1);
#   durations are common session lengths for a run, a lifting session, cross-training and anything else.
DEFAULT_RPE_BY_CATEGORY: dict[int, float] = {
    CATEGORY_RUN: 5.0,
    CATEGORY_GYM: 5.0,
    CATEGORY_CROSS_TRAINING: 4.0,
    CATEGORY_OTHER: 4.0,
}
DEFAULT_MINUTES_BY_CATEGORY: dict[int, float] = {
    CATEGORY_RUN: 45.0,
    CATEGORY_GYM: 60.0,
    CATEGORY_CROSS_TRAINING: 45.0,
    CATEGORY_OTHER: 30.0,
}
_N_CATEGORIES = len(CATEGORY_CODES)
_RPE_TABLE = np.array([DEFAULT_RPE_BY_CATEGORY[c] for c in range(_N_CATEGORIES)])
_MINUTES_TABLE = np.array([DEFAULT_MINUTES_BY_CATEGORY[c] for c in range(_N_CATEGORIES)])

SECONDS_PER_MINUTE = 60.0


@dataclass(frozen=True)
class SessionLoads:
    """Per-session result: load (AU), the RPE and minutes it used, and whether any of it was estimated."""

    load: FloatArray
    rpe: FloatArray
    minutes: FloatArray
    estimated: BoolArray


def _clean_rpe(values: ArrayLike) -> FloatArray:
    rpe = np.asarray(values, dtype=np.float64)
    return np.where((rpe >= RPE_MIN) & (rpe <= RPE_MAX), rpe, np.nan)


def _clean_seconds(values: ArrayLike) -> FloatArray:
    sec = np.asarray(values, dtype=np.float64)
    return np.where(sec >= 0, sec, np.nan)


def _category_codes(category: ArrayLike) -> NDArray[np.intp]:
    codes = np.asarray(category, dtype=np.intp)
    # Unknown codes fall back to "other" instead of failing a whole team's computation.
    return np.where((codes >= 0) & (codes < _N_CATEGORIES), codes, CATEGORY_OTHER)


def session_rpe_load(
    *,
    category: ArrayLike,
    actual_rpe: ArrayLike,
    planned_rpe: ArrayLike,
    actual_duration_sec: ArrayLike,
    planned_duration_sec: ArrayLike,
) -> SessionLoads:
    """Foster sRPE load of completed sessions; NaN means "missing" in every input array."""
    codes = _category_codes(category)
    a_rpe, p_rpe = _clean_rpe(actual_rpe), _clean_rpe(planned_rpe)
    a_sec, p_sec = _clean_seconds(actual_duration_sec), _clean_seconds(planned_duration_sec)
    rpe = np.where(np.isnan(a_rpe), np.where(np.isnan(p_rpe), _RPE_TABLE[codes], p_rpe), a_rpe)
    p_min = np.where(np.isnan(p_sec), _MINUTES_TABLE[codes], p_sec / SECONDS_PER_MINUTE)
    minutes = np.where(np.isnan(a_sec), p_min, a_sec / SECONDS_PER_MINUTE)
    estimated = np.isnan(a_rpe) | np.isnan(a_sec)
    return SessionLoads(load=rpe * minutes, rpe=rpe, minutes=minutes, estimated=estimated)


def planned_session_load(
    *, category: ArrayLike, planned_rpe: ArrayLike, planned_duration_sec: ArrayLike
) -> SessionLoads:
    """Projected load of a session not yet done: planned RPE × planned minutes, defaults where missing.

    ``estimated`` marks sessions where a default stood in for a planned value; every projected load is a
    projection anyway, which the forecast reports separately.
    """
    codes = _category_codes(category)
    p_rpe, p_sec = _clean_rpe(planned_rpe), _clean_seconds(planned_duration_sec)
    rpe = np.where(np.isnan(p_rpe), _RPE_TABLE[codes], p_rpe)
    minutes = np.where(np.isnan(p_sec), _MINUTES_TABLE[codes], p_sec / SECONDS_PER_MINUTE)
    return SessionLoads(load=rpe * minutes, rpe=rpe, minutes=minutes, estimated=np.isnan(p_rpe) | np.isnan(p_sec))


# The same rule as an SQL expression, for queries that total load where it is stored (the Training tab, Team
# Ops): one module holds both forms and their constants, and tests/load/test_srpe_sql.py checks they agree.
def _sql_default(category: str, table: dict[int, float]) -> str:
    cases = " ".join(f"when '{name}' then {table[code]!r}" for name, code in CATEGORY_CODES.items())
    return f"(case {category} {cases} else {table[CATEGORY_OTHER]!r} end)"


def session_rpe_load_sql(
    *, category: str, actual_rpe: str, planned_rpe: str, actual_duration_sec: str, planned_duration_sec: str
) -> str:
    """``session_rpe_load`` over SQL column expressions: actual, else planned, else the category's default. RPE ×
    seconds is divided by 60 last, so a session with its actuals totals exactly (numeric) as RPE × minutes."""
    rpe = f"coalesce({actual_rpe}, {planned_rpe}, {_sql_default(category, DEFAULT_RPE_BY_CATEGORY)})"
    default_seconds = {code: minutes * SECONDS_PER_MINUTE for code, minutes in DEFAULT_MINUTES_BY_CATEGORY.items()}
    seconds = f"coalesce({actual_duration_sec}, {planned_duration_sec}, {_sql_default(category, default_seconds)})"
    return f"({rpe} * {seconds} / {SECONDS_PER_MINUTE!r})"

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


def _valid_rpe(values: ArrayLike) -> BoolArray:
    """Where an RPE is usable: on the CR-10 scale (NaN and values outside count as missing)."""
    rpe = np.asarray(values, dtype=np.float64)
    valid: BoolArray = (rpe >= RPE_MIN) & (rpe <= RPE_MAX)
    return valid


def _valid_seconds(values: ArrayLike) -> BoolArray:
    """Where a duration is usable: known and not negative."""
    valid: BoolArray = np.asarray(values, dtype=np.float64) >= 0
    return valid


def _category_codes(category: ArrayLike) -> NDArray[np.intp]:
    codes = np.asarray(category, dtype=np.intp)
    # Unknown codes fall back to "other" instead of failing a whole team's computation.
    return np.where((codes >= 0) & (codes < _N_CATEGORIES), codes, CATEGORY_OTHER)


def _rpe_and_minutes(
    codes: NDArray[np.intp],
    steps: list[tuple[ArrayLike, BoolArray, ArrayLike, BoolArray]],
) -> tuple[FloatArray, FloatArray]:
    """RPE and minutes from the category defaults, overwritten by each (rpe, usable, seconds, usable) in turn:
    the last usable value wins. Filled in place: a season of sessions is large, and each fresh array costs."""
    rpe: FloatArray = _RPE_TABLE[codes]
    minutes: FloatArray = _MINUTES_TABLE[codes]
    for values, rpe_ok, seconds, seconds_ok in steps:
        np.copyto(rpe, np.asarray(values, dtype=np.float64), where=rpe_ok)
        np.divide(np.asarray(seconds, dtype=np.float64), SECONDS_PER_MINUTE, out=minutes, where=seconds_ok)
    return rpe, minutes


def session_rpe_load(
    *,
    category: ArrayLike,
    actual_rpe: ArrayLike,
    planned_rpe: ArrayLike,
    actual_duration_sec: ArrayLike,
    planned_duration_sec: ArrayLike,
) -> SessionLoads:
    """Foster sRPE load of completed sessions; NaN means "missing" in every input array."""
    a_rpe_ok, p_rpe_ok = _valid_rpe(actual_rpe), _valid_rpe(planned_rpe)
    a_sec_ok, p_sec_ok = _valid_seconds(actual_duration_sec), _valid_seconds(planned_duration_sec)
    rpe, minutes = _rpe_and_minutes(
        _category_codes(category),
        [
            (planned_rpe, p_rpe_ok, planned_duration_sec, p_sec_ok),
            (actual_rpe, a_rpe_ok, actual_duration_sec, a_sec_ok),
        ],
    )
    estimated = ~a_rpe_ok | ~a_sec_ok
    return SessionLoads(load=rpe * minutes, rpe=rpe, minutes=minutes, estimated=estimated)


def planned_session_load(
    *, category: ArrayLike, planned_rpe: ArrayLike, planned_duration_sec: ArrayLike
) -> SessionLoads:
    """Projected load of a session not yet done: planned RPE × planned minutes, defaults where missing.

    ``estimated`` marks sessions where a default stood in for a planned value; every projected load is a
    projection anyway, which the forecast reports separately.
    """
    p_rpe_ok, p_sec_ok = _valid_rpe(planned_rpe), _valid_seconds(planned_duration_sec)
    rpe, minutes = _rpe_and_minutes(
        _category_codes(category), [(planned_rpe, p_rpe_ok, planned_duration_sec, p_sec_ok)]
    )
    return SessionLoads(load=rpe * minutes, rpe=rpe, minutes=minutes, estimated=~p_rpe_ok | ~p_sec_ok)

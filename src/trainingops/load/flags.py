"""Descriptive flags for the team view: what stands out in each athlete's numbers, in words.

Every flag describes load; none is, or may be read as, an injury probability (the acute:chronic ratio's link to
injury is disputed: Impellizzeri et al. 2020, IJSPP 15:907; Lolli et al. 2019, BJSM 53:921). Conditions are
evaluated for the whole roster at once; only the sentences are built per flagged athlete.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from trainingops.load.models.readiness import ACWR_BAND_HIGH, READINESS_MIN_HISTORY_DAYS, READINESS_RECENT_DAYS

FloatArray = NDArray[np.float64]

# The commonly cited 0.8–1.3 band (Gabbett 2016, BJSM 50:273), used only as description points.
ACWR_BAND_LOW = 0.8  # Gabbett 2016
# Foster 1998 (Med Sci Sports Exerc 30:1164) describes weeks with monotony above 2.0 as monotonous training.
MONOTONY_HIGH = 2.0  # Foster 1998
# Form a full SD below the athlete's own norm is worth a line (product choice; readiness uses the same z).
FORM_Z_LOW = -1.0
# Sessions felt a point harder than planned on average over the last week (product choice, CR-10 points).
RPE_DRIFT_HIGH = 1.0
# Weekly distance up by 30 % or more: the upper change group of Nielsen et al. 2014 (JOSPT 44:739) in novice
# runners; stated as a change in volume only.
DISTANCE_JUMP_PCT = 30.0
# More than half of the last week's load rests on estimated RPE or duration (product choice).
ESTIMATED_SHARE_HIGH = 0.5


@dataclass(frozen=True)
class FlagInputs:
    """One value per athlete (the day being described); NaN where undefined."""

    history_days: FloatArray
    # Readiness's history gate holds (28 days and 8 logged sessions, the CTL/ATL seed included): before it there is
    # no norm to compare with, so no norm-based flag (load_above_norm, load_below_norm, form_below_norm).
    sufficient: NDArray[np.bool_]
    acwr_ewma: FloatArray
    monotony: FloatArray
    form_z: FloatArray
    rpe_drift: FloatArray
    missed: FloatArray
    cut_short: FloatArray
    distance_week_change_pct: FloatArray
    estimated_share_week: FloatArray


@dataclass(frozen=True)
class _Rule:
    code: str
    when: Callable[[FlagInputs], NDArray[np.bool_]]
    words: Callable[[FlagInputs, int], str]


def _gt(x: FloatArray, limit: float) -> NDArray[np.bool_]:
    with np.errstate(invalid="ignore"):
        return np.nan_to_num(x, nan=-np.inf) > limit


def _lt(x: FloatArray, limit: float) -> NDArray[np.bool_]:
    with np.errstate(invalid="ignore"):
        return np.nan_to_num(x, nan=np.inf) < limit


RULES: tuple[_Rule, ...] = (
    _Rule(
        "short_history",
        lambda f: _lt(f.history_days, READINESS_MIN_HISTORY_DAYS),
        lambda f, i: (
            f"Only {int(np.nan_to_num(f.history_days[i]))} days of history: ratios and readiness need "
            f"{READINESS_MIN_HISTORY_DAYS}."
        ),
    ),
    _Rule(
        "load_above_norm",
        lambda f: f.sufficient & _gt(f.acwr_ewma, ACWR_BAND_HIGH),
        lambda f, i: (
            f"Load this week is {f.acwr_ewma[i]:.2f}× the athlete's recent norm (exponentially weighted "
            f"acute:chronic), above the usual {ACWR_BAND_LOW}–{ACWR_BAND_HIGH} band; this describes load, it is "
            "not an injury probability."
        ),
    ),
    _Rule(
        "load_below_norm",
        lambda f: f.sufficient & _lt(f.acwr_ewma, ACWR_BAND_LOW),
        lambda f, i: (
            f"Load this week is {f.acwr_ewma[i]:.2f}× the athlete's recent norm (exponentially weighted "
            f"acute:chronic), below the usual {ACWR_BAND_LOW}–{ACWR_BAND_HIGH} band."
        ),
    ),
    _Rule(
        "monotonous_week",
        lambda f: _gt(f.monotony, MONOTONY_HIGH),
        lambda f, i: (
            f"Training over the last 7 days was very even (monotony {f.monotony[i]:.2f}; Foster 1998 calls "
            f"weeks above {MONOTONY_HIGH} monotonous)."
        ),
    ),
    _Rule(
        "form_below_norm",
        lambda f: f.sufficient & _lt(f.form_z, FORM_Z_LOW),
        lambda f, i: f"Form (TSB) is {abs(f.form_z[i]):.1f} SD below this athlete's own recent norm.",
    ),
    _Rule(
        "rpe_above_plan",
        lambda f: _gt(f.rpe_drift, RPE_DRIFT_HIGH),
        lambda f, i: (
            f"Sessions felt harder than planned: actual RPE {f.rpe_drift[i]:+.1f} points against plan over the "
            f"last {READINESS_RECENT_DAYS} days."
        ),
    ),
    _Rule(
        "sessions_missed",
        lambda f: _gt(f.missed + f.cut_short, 0.0),
        lambda f, i: (
            f"{int(f.missed[i])} planned session(s) missed and {int(f.cut_short[i])} cut short in the last "
            f"{READINESS_RECENT_DAYS} days."
        ),
    ),
    _Rule(
        "distance_jump",
        lambda f: _gt(f.distance_week_change_pct, DISTANCE_JUMP_PCT),
        lambda f, i: f"Distance over the last 7 days is {f.distance_week_change_pct[i]:+.0f} % on the week before.",
    ),
    _Rule(
        "mostly_estimated",
        lambda f: _gt(f.estimated_share_week, ESTIMATED_SHARE_HIGH),
        lambda f, i: (
            f"{100 * f.estimated_share_week[i]:.0f} % of the last 7 days' load is estimated (RPE or duration "
            "not logged): read these numbers with care."
        ),
    ),
)

FLAG_CODES = tuple(rule.code for rule in RULES)


def describe(inputs: FlagInputs) -> list[list[dict[str, str]]]:
    """Per athlete, the flags that apply: ``{"code": ..., "text": ...}`` in the order of ``RULES``."""
    n = inputs.history_days.shape[0]
    out: list[list[dict[str, str]]] = [[] for _ in range(n)]
    for rule in RULES:
        for i in np.flatnonzero(rule.when(inputs)).tolist():
            out[i].append({"code": rule.code, "text": rule.words(inputs, i)})
    return out


def forecast_words(acwr_end: float, ctl_change: float, form_after: float, end: date) -> str:
    """The one-line answer to "if the plan is executed, where will this athlete be": ratio and fitness change by
    the end of ``end``, and form going into the day after it (CTL − ATL at the end of ``end``)."""
    if np.isnan(acwr_end):
        ratio = "no acute:chronic ratio (no load in the chronic window)"
    else:
        ratio = f"load {acwr_end:.2f}× the recent norm"
    return (
        f"If the plan is executed, by {end.isoformat()}: {ratio}; fitness (CTL) {ctl_change:+.1f}; "
        f"form (TSB) going into {(end + timedelta(1)).isoformat()} {form_after:+.1f}."
    )

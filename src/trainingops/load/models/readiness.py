"""Readiness 0–100 from what session data can tell, with its reasons in words.

There is no validated readiness score built from session logs alone, so this is a transparent weighted sum
of four descriptive signals, each mapped to 0…1 (1 = nothing of concern):

- form: today's TSB as a z-score against the athlete's own previous ``READINESS_BASELINE_DAYS`` days;
- load ratio: exponentially weighted acute:chronic ratio (Williams et al. 2017), penalised above a band;
- RPE drift: mean (actual − planned) RPE over the last week's sessions that have both;
- adherence: planned sessions missed or cut short in the last week.

No score is given until there are ``READINESS_MIN_HISTORY_DAYS`` days of history and
``READINESS_MIN_SESSIONS`` completed sessions; the report then says what is missing.
Arrays are aligned so that index 0 of the last axis is the athlete's first day of history.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from trainingops.load.models.series import DailySeries
from trainingops.load.models.settings import CHRONIC_DAYS, PMC_SEED_DAYS
from trainingops.load.models.wellness import RecentWellness, wellness_words, with_wellness
from trainingops.load.models.windows import lagged, safe_ratio, trailing_sum

FloatArray = NDArray[np.float64]

# Sufficiency: the chronic window must be full before a ratio means anything (Williams et al. 2017 use 28 d),
# and two logged sessions a week over those four weeks (product choice) so form reflects real training.
READINESS_MIN_HISTORY_DAYS = CHRONIC_DAYS
READINESS_MIN_SESSIONS = 8
# Form (40 % of the score) rests on CTL/ATL, which are seeded from the athlete's first PMC_SEED_DAYS days (pmc):
# the history gate covers that window, so no score rests on a provisional seed.
assert PMC_SEED_DAYS <= READINESS_MIN_HISTORY_DAYS, "form-based readiness must wait for the CTL/ATL seed"
# Form is judged against the athlete's own recent past, roughly one training block (product choice).
READINESS_BASELINE_DAYS = 90
READINESS_RECENT_DAYS = 7  # RPE drift and adherence look at the last week, like the acute window

# Weights of the four signals (sum 100). Product choice, documented in docs/load-model.md: form carries the
# most because TSB summarises the whole load history; adherence the least because it is the noisiest.
WEIGHT_FORM = 40.0
WEIGHT_LOAD_RATIO = 25.0
WEIGHT_RPE_DRIFT = 20.0
WEIGHT_ADHERENCE = 15.0

# Numerical, not physiological: a baseline SD this small relative to its mean is rounding noise of a flat line.
FLAT_BASELINE_RELATIVE_SD = 1e-9
FORM_Z_SPAN = 2.0  # z = −2 → 0, z = 0 → 0.5, z = +2 → 1: two SD covers ~95 % of an athlete's own days
# Upper end of the commonly cited 0.8–1.3 band (Gabbett 2016, BJSM 50:273); used here only as the point
# where "this week is well above the recent norm" starts to lower the score, not as an injury threshold.
ACWR_BAND_HIGH = 1.3
FORM_WORDS_CLOSE_Z = 0.5  # within half an SD of the athlete's norm reads as "close to" it (wording only)
ACWR_ZERO_AT = 2.0  # a week at twice the recent norm takes the whole load-ratio share (product choice)
RPE_DRIFT_ZERO_AT = 2.0  # two CR-10 points above plan on average takes the whole RPE share (product choice)
ADHERENCE_ZERO_AT = 4.0  # four missed or cut-short sessions in a week take the whole share (product choice)


@dataclass(frozen=True)
class Readiness:
    """Per-athlete-per-day readiness and its inputs; score is NaN where ``sufficient`` is false."""

    score: FloatArray
    sufficient: NDArray[np.bool_]
    history_days: FloatArray
    sessions_logged: FloatArray
    tsb: FloatArray
    form_z: FloatArray
    acwr: FloatArray
    rpe_drift: FloatArray  # mean over the last week; NaN when no session had both RPEs
    rpe_drift_sessions: FloatArray
    missed: FloatArray
    cut_short: FloatArray


@dataclass(frozen=True)
class ReadinessReport:
    score: float | None
    sufficient: bool
    factors: tuple[str, ...]


def _trailing_z(values: FloatArray, window: int) -> FloatArray:
    """z-score of each day against the previous ``window`` days (fewer at the start); NaN with < 2 days."""
    x = np.asarray(values, dtype=np.float64)
    # Centre so Σx² − (Σx)²/n does not cancel catastrophically: on the first day's value, not the series mean,
    # so a day's z never depends on later days (a view reading further ahead gets the same bits; the mean would
    # move a near-flat baseline across the flat-baseline threshold below).
    centred = x - x[..., :1]
    s1 = lagged(trailing_sum(centred, window, snap_zero=False), 1, fill=0.0)
    s2 = lagged(trailing_sum(centred * centred, window, snap_zero=False), 1, fill=0.0)
    count = np.minimum(np.arange(x.shape[-1]), window).astype(np.float64)
    # In place where a matrix is not needed again: every fresh matrix costs page faults that outweigh the sums.
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.divide(s1, count, out=s1)
        s2 /= count
        square = mean * mean
        s2 -= square
        sd = np.sqrt(np.maximum(s2, 0.0, out=s2), out=s2)
    z = safe_ratio(np.subtract(centred, mean, out=centred), sd)
    # A flat baseline (e.g. no training yet) says nothing about today: neutral, not ±inf.
    scale = np.maximum(1.0, np.abs(mean, out=square), out=square)
    scale *= FLAT_BASELINE_RELATIVE_SD
    z[sd <= scale] = 0.0
    z[..., count < 2] = np.nan
    return z


def readiness(*, tsb: FloatArray, acwr: FloatArray, daily: DailySeries) -> Readiness:
    """Readiness for every day of aligned arrays (index 0 = first day of the athlete's history)."""
    n = tsb.shape[-1]
    history = np.broadcast_to(np.arange(1, n + 1, dtype=np.float64), tsb.shape)
    logged = np.cumsum(daily.sessions, axis=-1)
    sufficient = (history >= READINESS_MIN_HISTORY_DAYS) & (logged >= READINESS_MIN_SESSIONS)

    def recent(x: FloatArray) -> FloatArray:
        # Sum over the last week; partial weeks at the start count what there is (no score there anyway).
        return trailing_sum(x, READINESS_RECENT_DAYS, snap_zero=False)  # integer counts: exact

    drift_n = recent(daily.rpe_drift_sessions)
    drift = safe_ratio(recent(daily.rpe_drift_sum), drift_n)
    missed, cut = recent(daily.missed), recent(daily.cut_short)
    z = _trailing_z(tsb, READINESS_BASELINE_DAYS)

    # Each part in 0…1, computed in place in its own fresh array (the same arithmetic as written out:
    # clip(0.5 + z/4, 0, 1), clip((2.0 − ratio)/0.7, 0, 1), clip(1 − max(drift, 0)/2, 0, 1), clip(1 − n/4, 0, 1)).
    form_part = np.nan_to_num(z)
    form_part /= 2 * FORM_Z_SPAN
    form_part += 0.5
    np.clip(form_part, 0.0, 1.0, out=form_part)
    load_part = np.nan_to_num(acwr, nan=1.0)  # no chronic load → no spike to describe
    np.subtract(ACWR_ZERO_AT, load_part, out=load_part)
    load_part /= ACWR_ZERO_AT - ACWR_BAND_HIGH
    np.clip(load_part, 0.0, 1.0, out=load_part)
    rpe_part = np.nan_to_num(drift)
    rpe_part.clip(min=0.0, out=rpe_part)
    rpe_part /= RPE_DRIFT_ZERO_AT
    np.subtract(1.0, rpe_part, out=rpe_part)
    np.clip(rpe_part, 0.0, 1.0, out=rpe_part)
    adherence_part = missed + cut
    adherence_part /= ADHERENCE_ZERO_AT
    np.subtract(1.0, adherence_part, out=adherence_part)
    np.clip(adherence_part, 0.0, 1.0, out=adherence_part)
    # score = W_form·form + W_load·load + W_rpe·rpe + W_adherence·adherence, summed in that order.
    score = form_part
    score *= WEIGHT_FORM
    load_part *= WEIGHT_LOAD_RATIO
    score += load_part
    rpe_part *= WEIGHT_RPE_DRIFT
    score += rpe_part
    adherence_part *= WEIGHT_ADHERENCE
    score += adherence_part
    score[~sufficient] = np.nan
    return Readiness(
        score=score,
        sufficient=sufficient,
        history_days=history.copy(),
        sessions_logged=logged,
        tsb=tsb,
        form_z=z,
        acwr=acwr,
        rpe_drift=drift,
        rpe_drift_sessions=drift_n,
        missed=missed,
        cut_short=cut,
    )


def including_wellness(r: Readiness, recent: RecentWellness) -> Readiness:
    """``r`` with the wellness component where the athlete checked in recently (``wellness.recent_wellness``,
    aligned with ``r``); every other number unchanged."""
    return replace(r, score=with_wellness(r.score, recent))


def _pick(values: NDArray[np.generic], day: int, athlete: int | None) -> float:
    return float(values[day] if athlete is None else values[athlete, day])


def readiness_report(
    r: Readiness, *, day: int, athlete: int | None = None, wellness: RecentWellness | None = None
) -> ReadinessReport:
    """Score and contributing factors in words for one day (``athlete`` is the row of a team matrix).

    ``day`` indexes the same frame as the arrays in ``r``.
    """
    history = int(_pick(r.history_days, day, athlete))
    logged = int(_pick(r.sessions_logged, day, athlete))
    if not bool(_pick(r.sufficient, day, athlete)):
        need = (
            f"Readiness needs {READINESS_MIN_HISTORY_DAYS} days of history and {READINESS_MIN_SESSIONS} "
            f"logged sessions; so far there are {history} days and {logged} sessions."
        )
        return ReadinessReport(score=None, sufficient=False, factors=(need,))
    factors = [
        _form_words(_pick(r.tsb, day, athlete), _pick(r.form_z, day, athlete), history),
        _ratio_words(_pick(r.acwr, day, athlete)),
        _drift_words(_pick(r.rpe_drift, day, athlete), int(_pick(r.rpe_drift_sessions, day, athlete))),
        _adherence_words(int(_pick(r.missed, day, athlete)), int(_pick(r.cut_short, day, athlete))),
    ]
    if wellness is not None and not np.isnan(total := _pick(wellness.total, day, athlete)):
        factors.append(wellness_words(total, _pick(wellness.age_days, day, athlete)))
    return ReadinessReport(score=round(_pick(r.score, day, athlete), 1), sufficient=True, factors=tuple(factors))


def _form_words(tsb: float, z: float, history: int) -> str:
    baseline = min(history - 1, READINESS_BASELINE_DAYS)
    where = "close to"
    if not np.isnan(z) and abs(z) >= FORM_WORDS_CLOSE_Z:
        where = f"{abs(z):.1f} SD {'above' if z > 0 else 'below'}"
    return f"Form (TSB {tsb:+.1f}) is {where} this athlete's own norm over the previous {baseline} days."


def _ratio_words(acwr: float) -> str:
    if np.isnan(acwr):
        return "No acute:chronic ratio: there is no load in the chronic window."
    note = " — above the usual band" if acwr > ACWR_BAND_HIGH else ""
    return (
        f"Load this week is {acwr:.2f}× the athlete's recent norm (exponentially weighted acute:chronic)"
        f"{note}; this describes load, it is not an injury probability."
    )


def _drift_words(drift: float, sessions: int) -> str:
    if sessions == 0:
        return f"No session in the last {READINESS_RECENT_DAYS} days has both a planned and an actual RPE."
    return (
        f"Actual RPE averaged {drift:+.1f} points against plan over {sessions} session"
        f"{'s' if sessions != 1 else ''} in the last {READINESS_RECENT_DAYS} days."
    )


def _adherence_words(missed: int, cut: int) -> str:
    if missed == 0 and cut == 0:
        return f"No planned session missed or cut short in the last {READINESS_RECENT_DAYS} days."
    return f"{missed} planned session(s) missed and {cut} cut short in the last {READINESS_RECENT_DAYS} days."

"""Fitness, fatigue and form as in the Performance Management Chart (Banister impulse-response, Coggan).

CTL_t = CTL_(t−1) + k_CTL·(load_t − CTL_(t−1)), ATL likewise, both starting from a given state, so constant load
L from zero gives CTL after n days = L·(1 − (1 − k)^n). TSB is form *going into* the day:
TSB_t = CTL_(t−1) − ATL_(t−1), as TrainingPeaks and GoldenCheetah report it.

A starting value of NaN (``SEED_FROM_FIRST_WEEKS``) seeds that athlete from their own first ``PMC_SEED_DAYS``
days (settings.PMC_SEED_DAYS, with its source): CTL_(−1) = ATL_(−1) = the mean daily load of those days. The seed
never looks ahead: on day t < PMC_SEED_DAYS − 1 it is the mean of days 0 … t (provisional, and readiness is
withheld until the seed holds), from then on the mean of the whole seed window, so every value depends only on
the days up to its own — whatever range a view reads.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from trainingops.load.models.settings import DEFAULT_SETTINGS, PMC_SEED_DAYS, RAMP_DAYS, LoadSettings
from trainingops.load.models.windows import ewma_many, lagged

FloatArray = NDArray[np.float64]

SEED_FROM_FIRST_WEEKS = math.nan  # an initial CTL/ATL of NaN: seed from the athlete's first weeks


@dataclass(frozen=True)
class FitnessFatigue:
    ctl: FloatArray  # chronic training load, "fitness", after the day's training
    atl: FloatArray  # acute training load, "fatigue", after the day's training
    tsb: FloatArray  # training stress balance, "form", before the day's training
    ramp_rate: FloatArray  # CTL_t − CTL_(t−7); NaN for the first week


def first_weeks_seed(load: FloatArray, days: int = PMC_SEED_DAYS) -> FloatArray:
    """Per day t: the mean daily load of days 0 … min(t, days − 1) (last axis = days, day 0 = first of history)."""
    x = np.asarray(load, dtype=np.float64)
    n = x.shape[-1]
    w = min(days, n)
    out = np.empty_like(x)
    if w == 0:
        return out
    np.cumsum(x[..., :w], axis=-1, out=out[..., :w])
    out[..., :w] /= np.arange(1, w + 1, dtype=np.float64)
    out[..., w:] = out[..., w - 1 : w]
    return out


def _seeded(
    x: FloatArray, k: float, initial: FloatArray | float, seed: FloatArray | None
) -> tuple[FloatArray, FloatArray]:
    """The average from ``initial`` (NaN entries: from the first-weeks seed) and its value the day before day 0."""
    start = np.broadcast_to(np.asarray(initial, np.float64), x.shape[:-1])
    missing = np.isnan(start)
    (avg,) = ewma_many(x, [(k, np.where(missing, 0.0, start))])
    if seed is None or not missing.any():
        return avg, np.asarray(start, np.float64)
    # y_t from a seed s is y_t from 0 plus (1 − k)^(t+1)·s; with the seed of day t, nothing after t is read.
    decay = (1.0 - k) ** np.arange(1, x.shape[-1] + 1, dtype=np.float64)
    avg += np.where(missing[..., None], decay * seed, 0.0)
    return avg, np.where(missing, seed[..., 0], start)


def fitness_fatigue(
    load: FloatArray,
    *,
    settings: LoadSettings = DEFAULT_SETTINGS,
    initial_ctl: FloatArray | float = 0.0,
    initial_atl: FloatArray | float = 0.0,
) -> FitnessFatigue:
    """CTL, ATL, TSB and ramp rate of a daily load series (last axis = days).

    ``initial_ctl``/``initial_atl`` are the values on the day before the series (per athlete for a matrix);
    NaN seeds from the athlete's first weeks (``SEED_FROM_FIRST_WEEKS``).
    """
    x = np.asarray(load, dtype=np.float64)
    needs_seed = bool(np.isnan(initial_ctl).any() or np.isnan(initial_atl).any()) and x.shape[-1] > 0
    seed = first_weeks_seed(x) if needs_seed else None
    ctl, ctl_start = _seeded(x, settings.ctl_k, initial_ctl, seed)
    atl, atl_start = _seeded(x, settings.atl_k, initial_atl, seed)
    balance = ctl - atl
    tsb = lagged(balance, 1)
    tsb[..., 0] = ctl_start - atl_start
    return FitnessFatigue(ctl=ctl, atl=atl, tsb=tsb, ramp_rate=ctl - lagged(ctl, RAMP_DAYS))

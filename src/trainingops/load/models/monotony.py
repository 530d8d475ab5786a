"""Training monotony and strain (Foster 1998, Med Sci Sports Exerc 30:1164), and weekly distance change.

monotony = mean daily load over 7 days / SD of those 7 daily loads (rest days included as 0);
strain = weekly load × monotony. With SD = 0 (a perfectly even week, or seven rest days) monotony is
undefined: NaN, never inf — and so is strain. SD is the population SD by default (see settings).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from trainingops.load.models.settings import MONOTONY_DAYS, MONOTONY_DDOF, WEEK_DAYS
from trainingops.load.models.windows import lagged, rolling_std, rolling_sum, safe_ratio

FloatArray = NDArray[np.float64]

PERCENT = 100.0


@dataclass(frozen=True)
class MonotonyStrain:
    weekly_load: FloatArray
    monotony: FloatArray
    strain: FloatArray


def monotony_strain(load: FloatArray, *, days: int = MONOTONY_DAYS, ddof: int = MONOTONY_DDOF) -> MonotonyStrain:
    """Monotony and strain over the trailing ``days`` days (last axis = days); NaN until a week is full."""
    x = np.asarray(load, dtype=np.float64)
    weekly = rolling_sum(x, days)
    monotony = safe_ratio(weekly / days, rolling_std(x, days, ddof))
    return MonotonyStrain(weekly_load=weekly, monotony=monotony, strain=weekly * monotony)


@dataclass(frozen=True)
class WeeklyChange:
    this_week: FloatArray  # sum of the last 7 days
    change: FloatArray  # this week − the week before
    change_pct: FloatArray  # NaN when the week before was 0


def week_over_week(values: FloatArray, *, days: int = WEEK_DAYS) -> WeeklyChange:
    """Rolling 7-day total and its change against the 7 days before it (e.g. distance in metres)."""
    week = rolling_sum(np.asarray(values, dtype=np.float64), days)
    before = lagged(week, days)
    change = week - before
    return WeeklyChange(this_week=week, change=change, change_pct=PERCENT * safe_ratio(change, before))

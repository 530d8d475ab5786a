"""Acute and chronic load and the acute:chronic ratio, three ways.

- Rolling, *coupled*: acute = mean of the last 7 days, chronic = mean of the last 28 days, which include the
  acute week (Hulin et al. 2014, BJSM 48:708).
- Rolling, *uncoupled*: chronic = mean of the 21 days before the acute week, so the two do not share data
  (Lolli et al. 2019, BJSM 53:921; Windt & Gabbett 2018, BJSM 52:1137).
- Exponentially weighted: λ = 2/(N+1) with N = 7 and 28, seeded with the first day's load
  (Williams et al. 2017, BJSM 51:209).

Ratios are descriptive ("this week is 1.6× the athlete's recent norm"), not injury probabilities
(Impellizzeri et al. 2020, IJSPP 15:907). A ratio over a zero chronic load is undefined: NaN, never inf.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from trainingops.load.models.settings import ACUTE_DAYS, CHRONIC_DAYS, ewma_lambda
from trainingops.load.models.windows import ewma_many, lagged, prefix_sum, rolling_mean, safe_ratio

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class AcuteChronic:
    """Same shape as the daily load; NaN until a rolling window is full."""

    acute_rolling: FloatArray
    chronic_rolling_coupled: FloatArray
    chronic_rolling_uncoupled: FloatArray
    acwr_rolling_coupled: FloatArray
    acwr_rolling_uncoupled: FloatArray
    acute_ewma: FloatArray
    chronic_ewma: FloatArray
    acwr_ewma: FloatArray


def acute_chronic(load: FloatArray, *, acute_days: int = ACUTE_DAYS, chronic_days: int = CHRONIC_DAYS) -> AcuteChronic:
    """All acute/chronic averages and ratios of a daily load series (last axis = days)."""
    x = np.asarray(load, dtype=np.float64)
    totals = prefix_sum(x)  # one running total serves all three windows
    acute = rolling_mean(x, acute_days, prefix=totals)
    coupled = rolling_mean(x, chronic_days, prefix=totals)
    uncoupled = lagged(rolling_mean(x, chronic_days - acute_days, prefix=totals), acute_days)
    acute_ew, chronic_ew = ewma_many(x, [(ewma_lambda(acute_days), None), (ewma_lambda(chronic_days), None)])
    return AcuteChronic(
        acute_rolling=acute,
        chronic_rolling_coupled=coupled,
        chronic_rolling_uncoupled=uncoupled,
        acwr_rolling_coupled=safe_ratio(acute, coupled),
        acwr_rolling_uncoupled=safe_ratio(acute, uncoupled),
        acute_ewma=acute_ew,
        chronic_ewma=chronic_ew,
        acwr_ewma=safe_ratio(acute_ew, chronic_ew),
    )

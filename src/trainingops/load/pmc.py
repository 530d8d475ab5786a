"""Fitness, fatigue and form as in the Performance Management Chart (Banister impulse-response, Coggan).

CTL_t = CTL_(t−1) + k_CTL·(load_t − CTL_(t−1)), ATL likewise, both starting from a given state (0 for a new
athlete), so constant load L from zero gives CTL after n days = L·(1 − (1 − k)^n). TSB is form *going into*
the day: TSB_t = CTL_(t−1) − ATL_(t−1), as TrainingPeaks and GoldenCheetah report it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from trainingops.load.settings import DEFAULT_SETTINGS, RAMP_DAYS, LoadSettings
from trainingops.load.windows import ewma_many, lagged

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class FitnessFatigue:
    ctl: FloatArray  # chronic training load, "fitness", after the day's training
    atl: FloatArray  # acute training load, "fatigue", after the day's training
    tsb: FloatArray  # training stress balance, "form", before the day's training
    ramp_rate: FloatArray  # CTL_t − CTL_(t−7); NaN for the first week


def fitness_fatigue(
    load: FloatArray,
    *,
    settings: LoadSettings = DEFAULT_SETTINGS,
    initial_ctl: FloatArray | float = 0.0,
    initial_atl: FloatArray | float = 0.0,
) -> FitnessFatigue:
    """CTL, ATL, TSB and ramp rate of a daily load series (last axis = days).

    ``initial_ctl``/``initial_atl`` are the values on the day before the series (per athlete for a matrix).
    """
    x = np.asarray(load, dtype=np.float64)
    ctl, atl = ewma_many(x, [(settings.ctl_k, initial_ctl), (settings.atl_k, initial_atl)])
    balance = ctl - atl
    start = np.broadcast_to(np.asarray(initial_ctl, np.float64) - np.asarray(initial_atl, np.float64), x.shape[:-1])
    tsb = lagged(balance, 1)
    tsb[..., 0] = start
    return FitnessFatigue(ctl=ctl, atl=atl, tsb=tsb, ramp_rate=ctl - lagged(ctl, RAMP_DAYS))

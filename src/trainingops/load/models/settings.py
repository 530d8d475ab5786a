"""Window lengths, time constants and the smoothing form: every knob a program may tune, with its source."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

# Acute and chronic windows for the acute:chronic ratio: one week and four weeks.
ACUTE_DAYS = 7  # Williams et al. 2017, BJSM 51:209 (also Hulin et al. 2014, BJSM 48:708)
CHRONIC_DAYS = 28  # Williams et al. 2017, BJSM 51:209

# Performance Management Chart time constants (Banister impulse-response as simplified by Coggan).
CTL_DAYS = 42.0  # "fitness", TrainingPeaks PMC default; GoldenCheetah default LTS 42 d
ATL_DAYS = 7.0  # "fatigue", TrainingPeaks PMC default; GoldenCheetah default STS 7 d

# Monotony and strain look at one week.
MONOTONY_DAYS = 7  # Foster 1998, Med Sci Sports Exerc 30:1164
# Population SD (divide by n): the seven days *are* the week being described, not a sample of it.
# Spreadsheets that use STDEV (n − 1) give a monotony larger by sqrt(7/6) ≈ 1.08 on the same week.
MONOTONY_DDOF = 0

# Cold start of CTL/ATL: a new athlete did not start training on their first logged day, so starting fitness
# and fatigue at 0 makes form (TSB) a start-up artefact for two to three months. Unless staff give initial values
# (as intervals.icu lets an athlete copy a starting point for fitness and fatigue), both start from the mean daily
# load of the athlete's first four weeks: the EWMA starting value is the mean of historical data (NIST/SEMATECH
# e-Handbook of Statistical Methods, §6.3.2.4 "EWMA control charts"; Hunter 1986, J Qual Technol 18:203), i.e.
# the athlete is taken to have been in a steady state at that load. Four weeks = the chronic window (Williams et
# al. 2017), so the seed holds exactly when readiness's history gate does. See pmc.fitness_fatigue.
PMC_SEED_DAYS = 28

RAMP_DAYS = 7  # CTL change per week, as GoldenCheetah and TrainingPeaks report "ramp rate"
WEEK_DAYS = 7  # calendar week used for week-over-week distance change


class Smoothing(enum.Enum):
    """How a time constant T becomes the daily smoothing factor k for CTL/ATL."""

    # k = 1 − e^(−1/T): exact discretisation of exponential decay with time constant T (GoldenCheetah).
    EXPONENTIAL = "exponential"
    # k = 1/T: first-order approximation used by TrainingPeaks (CTL += (TSS − CTL)/42).
    RECIPROCAL = "reciprocal"


def smoothing_factor(time_constant_days: float, form: Smoothing) -> float:
    """Daily weight of today's load in a fitness/fatigue average with the given time constant."""
    if time_constant_days <= 0:
        raise ValueError("time constant must be positive")
    if form is Smoothing.EXPONENTIAL:
        return 1.0 - math.exp(-1.0 / time_constant_days)
    return 1.0 / time_constant_days


def ewma_lambda(window_days: float) -> float:
    """Williams et al. 2017 decay: λ = 2 / (N + 1) for an N-day exponentially weighted average."""
    if window_days <= 0:
        raise ValueError("window must be positive")
    return 2.0 / (window_days + 1.0)


@dataclass(frozen=True)
class LoadSettings:
    """Per-program model settings; the defaults are the published ones above."""

    acute_days: int = ACUTE_DAYS
    chronic_days: int = CHRONIC_DAYS
    ctl_days: float = CTL_DAYS
    atl_days: float = ATL_DAYS
    smoothing: Smoothing = Smoothing.EXPONENTIAL
    monotony_ddof: int = MONOTONY_DDOF

    def __post_init__(self) -> None:
        if not 0 < self.acute_days < self.chronic_days:
            raise ValueError("need 0 < acute_days < chronic_days")
        if self.ctl_days <= 0 or self.atl_days <= 0:
            raise ValueError("time constants must be positive")
        if self.monotony_ddof not in (0, 1):
            raise ValueError("monotony_ddof is 0 (population SD) or 1 (sample SD)")

    @property
    def ctl_k(self) -> float:
        return smoothing_factor(self.ctl_days, self.smoothing)

    @property
    def atl_k(self) -> float:
        return smoothing_factor(self.atl_days, self.smoothing)


DEFAULT_SETTINGS = LoadSettings()

# History read before the first day shown. 400 days leave CTL (T = 42 d) with e^(−400/42) ≈ 7e-5 of its value
# at the cut and the chronic EWMA (λ = 2/29) with (27/29)^400 ≈ 4e-13, and cover the readiness baseline
# (90 days) with room to spare. A longer CTL time constant reads proportionally more: 9.5·T days keep the same
# e^(−9.5) ≈ 7.5e-5.
MIN_HISTORY_DAYS = 400
HISTORY_PER_TIME_CONSTANT = 9.5


def history_days(settings: LoadSettings) -> int:
    """Days of history to read so that no metric depends on where the history was cut (to ~1e-4)."""
    return max(MIN_HISTORY_DAYS, math.ceil(HISTORY_PER_TIME_CONSTANT * max(settings.ctl_days, settings.chronic_days)))

"""Heart-rate training impulses, reported beside sRPE when a session's metrics carry heart rate.

Banister TRIMP (Banister 1991; Morton, Fitz-Clarke & Banister 1990, J Appl Physiol 69:1171):
    TRIMP = minutes × ΔHR × a·e^(b·ΔHR),  ΔHR = (HRavg − HRrest) / (HRmax − HRrest)
Edwards TRIMP (Edwards 1993, "The Heart Rate Monitor Book"): minutes in the zones 50–60, 60–70, 70–80,
80–90 and 90–100 % of HRmax weighted 1, 2, 3, 4, 5 and summed.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

SEX_UNKNOWN = 0
SEX_MALE = 1
SEX_FEMALE = 2

# Morton et al. 1990 weighting constants: a·e^(b·ΔHR) follows the blood-lactate rise with intensity.
BANISTER_A_MALE = 0.64  # Morton et al. 1990
BANISTER_B_MALE = 1.92  # Morton et al. 1990
BANISTER_A_FEMALE = 0.86  # Morton et al. 1990
BANISTER_B_FEMALE = 1.67  # Morton et al. 1990
# When sex is not recorded we use the men's constants, Banister's original formulation; the women's curve
# is ~10–15 % higher at typical intensities, so the unknown case is stated in docs/load-model.md.
UNKNOWN_SEX_FALLBACK = SEX_MALE

# Edwards 1993: five zones of 10 % HRmax from 50 %; below 50 % counts nothing.
EDWARDS_ZONE_FLOOR_PCT = 50.0
EDWARDS_ZONE_WIDTH_PCT = 10.0
EDWARDS_ZONE_WEIGHTS = np.array([1.0, 2.0, 3.0, 4.0, 5.0])


def banister_constants(sex: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """(a, b) per entry of ``sex`` (codes SEX_UNKNOWN / SEX_MALE / SEX_FEMALE)."""
    codes = np.asarray(sex)
    female = (codes == SEX_FEMALE) | ((codes == SEX_UNKNOWN) & (UNKNOWN_SEX_FALLBACK == SEX_FEMALE))
    a = np.where(female, BANISTER_A_FEMALE, BANISTER_A_MALE)
    b = np.where(female, BANISTER_B_FEMALE, BANISTER_B_MALE)
    return a.astype(np.float64), b.astype(np.float64)


def banister_trimp(
    *, minutes: ArrayLike, hr_avg: ArrayLike, hr_rest: ArrayLike, hr_max: ArrayLike, sex: ArrayLike
) -> FloatArray:
    """Banister TRIMP per session; NaN where average HR, HRrest or HRmax is missing or HRmax ≤ HRrest."""
    mins = np.asarray(minutes, dtype=np.float64)
    avg = np.asarray(hr_avg, dtype=np.float64)
    rest = np.asarray(hr_rest, dtype=np.float64)
    peak = np.asarray(hr_max, dtype=np.float64)
    reserve = peak - rest
    with np.errstate(invalid="ignore", divide="ignore"):
        # An average outside HRrest…HRmax is a sensor or profile error: clamp, do not extrapolate.
        ratio = np.clip((avg - rest) / reserve, 0.0, 1.0)
    a, b = banister_constants(sex)
    trimp = mins * ratio * a * np.exp(b * ratio)
    return np.where(reserve > 0, trimp, np.nan)


def edwards_trimp(zone_minutes: ArrayLike) -> FloatArray:
    """Edwards TRIMP from minutes in the five zones (last axis of length 5); NaN where no zone is known."""
    zones = np.asarray(zone_minutes, dtype=np.float64)
    if zones.shape[-1] != len(EDWARDS_ZONE_WEIGHTS):
        raise ValueError("zone_minutes needs 5 columns: 50-60, 60-70, 70-80, 80-90, 90-100 % HRmax")
    known = ~np.isnan(zones).all(axis=-1)
    total = np.nansum(zones * EDWARDS_ZONE_WEIGHTS, axis=-1)
    return np.where(known, total, np.nan)


def edwards_trimp_from_average(*, minutes: ArrayLike, hr_avg: ArrayLike, hr_max: ArrayLike) -> FloatArray:
    """Edwards TRIMP when only the session's average HR is known: all minutes in the average's zone.

    This under-counts sessions that mix easy and hard work, so callers should prefer time in zones.
    """
    mins = np.asarray(minutes, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = 100.0 * np.asarray(hr_avg, dtype=np.float64) / np.asarray(hr_max, dtype=np.float64)
        zone = np.floor((pct - EDWARDS_ZONE_FLOOR_PCT) / EDWARDS_ZONE_WIDTH_PCT) + 1.0
    weight = np.where(np.isnan(zone), np.nan, np.clip(zone, 0.0, float(len(EDWARDS_ZONE_WEIGHTS))))
    return mins * weight


def session_trimps(
    *,
    minutes: ArrayLike,
    hr_avg: ArrayLike,
    zone_minutes: ArrayLike | None,
    hr_rest: ArrayLike,
    hr_max: ArrayLike,
    sex: ArrayLike,
) -> tuple[FloatArray, FloatArray]:
    """(Banister, Edwards) per session; Edwards from time in zones where known, else from the average HR."""
    banister = banister_trimp(minutes=minutes, hr_avg=hr_avg, hr_rest=hr_rest, hr_max=hr_max, sex=sex)
    from_average = edwards_trimp_from_average(minutes=minutes, hr_avg=hr_avg, hr_max=hr_max)
    if zone_minutes is None:
        return banister, from_average
    from_zones = edwards_trimp(zone_minutes)
    return banister, np.where(np.isnan(from_zones), from_average, from_zones)

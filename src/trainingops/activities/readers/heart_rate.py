"""Heart-rate summary: average, maximum, time in zones, and what counts as implausible."""

from __future__ import annotations

import numpy as np

from trainingops.activities.readers.activity import HeartRate, HeartRateZones, QualityFlag
from trainingops.activities.readers.segment import FloatArray
from trainingops.activities.readers.splits import hold_weights
from trainingops.load.models.physiology import HR_PLAUSIBLE_MAX_BPM, HR_SENSOR_FLOOR_BPM


def clean_hr(hr: FloatArray) -> FloatArray:
    return np.where(hr >= HR_SENSOR_FLOOR_BPM, hr, np.nan)


def time_weighted_mean(values: FloatArray, clock: FloatArray) -> float | None:
    """Mean over moving time (each sample holds until the next); the plain mean if no time elapses."""
    known = np.isfinite(values)
    if not known.any():
        return None
    weights = np.where(known, hold_weights(clock), 0.0)
    total = float(weights.sum())
    if total <= 0:
        return float(np.mean(values[known]))
    return float(np.sum(np.where(known, values, 0.0) * weights) / total)


def zone_seconds(hr: FloatArray, clock: FloatArray, zones: HeartRateZones) -> tuple[float, ...] | None:
    """Moving seconds below zone 1 and in each zone; None without heart-rate samples."""
    known = np.isfinite(hr)
    if not known.any():
        return None
    bounds = np.asarray(zones.lower_bounds_bpm(), dtype=np.float64)
    bins = np.searchsorted(bounds, hr[known], side="right")
    seconds = np.bincount(bins, weights=hold_weights(clock)[known], minlength=bounds.size + 1)
    return tuple(round(float(s), 1) for s in seconds)


def summarise_heart_rate(
    hr: FloatArray,
    clock: FloatArray,
    zones: HeartRateZones,
    *,
    device_avg: float | None,
    device_max: int | None,
) -> HeartRate | None:
    """The device's own summary when the file carries one, the time-weighted record mean otherwise.

    Devices average their internal 1 Hz signal, which "smart recording" files only sample, so their figure is
    the better one; files without a summary (GPX, some TCX) get the time-weighted mean, which a plain sample
    mean underestimates whenever the sampling rate changes with effort.
    """
    hr = clean_hr(hr)
    known = hr[np.isfinite(hr)]
    avg = device_avg if device_avg is not None else time_weighted_mean(hr, clock)
    peak = device_max if device_max is not None else (int(known.max()) if known.size else None)
    if avg is None and peak is None:
        return None
    return HeartRate(avg=avg, max=peak, zone_seconds=zone_seconds(hr, clock, zones), zones=zones)


def heart_rate_flags(heart_rate: HeartRate | None) -> list[QualityFlag]:
    if heart_rate is None:
        return []
    flags: list[QualityFlag] = []
    if heart_rate.avg is not None and heart_rate.avg > HR_PLAUSIBLE_MAX_BPM:
        flags.append(
            QualityFlag(
                "hr_avg_implausible",
                f"average heart rate {heart_rate.avg:.0f} bpm is above {HR_PLAUSIBLE_MAX_BPM} bpm; "
                "kept as recorded, likely a sensor artefact",
            )
        )
    if heart_rate.max is not None and heart_rate.max > HR_PLAUSIBLE_MAX_BPM:
        flags.append(
            QualityFlag(
                "hr_max_implausible",
                f"maximum heart rate {heart_rate.max} bpm is above {HR_PLAUSIBLE_MAX_BPM} bpm; kept as recorded",
            )
        )
    return flags

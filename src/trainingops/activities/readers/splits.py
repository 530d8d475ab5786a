"""Per-kilometre splits and elevation change, computed from record streams the same way for every format."""

from __future__ import annotations

import numpy as np

from trainingops.activities.readers.activity import Split
from trainingops.activities.readers.segment import FloatArray, Samples

SPLIT_M = 1000.0
# A trailing part-kilometre shorter than this is GPS noise at the stop button, not a split worth showing.
MIN_PARTIAL_SPLIT_M = 10.0

# One elevation rule for FIT, GPX and TCX: a 3-sample running median (removes single-sample spikes from GPS
# altitude) followed by a 3 m hysteresis, GoldenCheetah's default "elevation hysteresis" (GoldenCheetah wiki,
# Options: General). Device totals (FIT total_ascent) are not used, so files from barometric and GPS-only
# devices, and files without device totals, are all measured by the same ruler.
ELEVATION_MEDIAN_WINDOW = 3
ELEVATION_HYSTERESIS_M = 3.0


def hold_weights(clock: FloatArray) -> FloatArray:
    """Moving seconds each sample stands for: its value holds until the next sample (the last holds for 0)."""
    if clock.size == 0:
        return clock
    return np.append(np.diff(clock), 0.0)


def _interp_at(boundaries: FloatArray, x: FloatArray, y: FloatArray) -> FloatArray:
    """``y`` at the first point where the non-decreasing ``x`` reaches each boundary, linearly interpolated."""
    i = np.clip(np.searchsorted(x, boundaries, side="left"), 1, x.size - 1)
    x0, x1, y0, y1 = x[i - 1], x[i], y[i - 1], y[i]
    span = np.where(x1 > x0, x1 - x0, 1.0)
    frac = np.clip((boundaries - x0) / span, 0.0, 1.0)
    result: FloatArray = y0 + frac * (y1 - y0)
    return result


def km_splits(samples: Samples, clock: FloatArray, start: float) -> list[Split]:
    """Splits of ``SPLIT_M`` along the record distance from ``start`` (UNIX s); time is moving time, HR its
    time-weighted mean. Record distance counts from the segment start (0 m there)."""
    have = np.isfinite(samples.distance)
    if not have.any():
        return []
    # Cumulative distance can wobble backwards by centimetres on GPS devices; a split boundary needs it monotone.
    dist = np.maximum(np.maximum.accumulate(samples.distance[have]), 0.0)
    t, clk, hr = samples.t[have], clock[have], samples.hr[have]
    if dist[0] > 0 and t[0] > start:
        # The first record often lands after the first metres (a pool length, a GPS fix): anchor 0 m at start.
        dist, t = np.concatenate(([0.0], dist)), np.concatenate(([start], t))
        clk, hr = np.concatenate(([0.0], clk)), np.concatenate(([np.nan], hr))
    total = float(dist[-1])
    if dist.size < 2 or total < MIN_PARTIAL_SPLIT_M:
        return []
    weights = hold_weights(clk)
    hr_known = np.isfinite(hr)
    hr_integral = np.concatenate(([0.0], np.cumsum(np.where(hr_known, hr, 0.0) * weights)))[:-1]
    hr_time = np.concatenate(([0.0], np.cumsum(np.where(hr_known, weights, 0.0))))[:-1]

    full = int(total // SPLIT_M)
    marks = np.arange(0, full + 1, dtype=np.float64) * SPLIT_M
    if total - full * SPLIT_M >= MIN_PARTIAL_SPLIT_M:
        marks = np.append(marks, total)
    at_clock = _interp_at(marks, dist, clk)
    at_time = _interp_at(marks, dist, t)
    at_hr = _interp_at(marks, dist, hr_integral)
    at_hr_time = _interp_at(marks, dist, hr_time)

    splits: list[Split] = []
    for k in range(marks.size - 1):
        hr_seconds = at_hr_time[k + 1] - at_hr_time[k]
        avg_hr = float((at_hr[k + 1] - at_hr[k]) / hr_seconds) if hr_seconds > 0 else None
        splits.append(
            Split(
                km=k + 1,
                distance_m=float(marks[k + 1] - marks[k]),
                timer_s=float(at_clock[k + 1] - at_clock[k]),
                elapsed_s=float(at_time[k + 1] - at_time[k]),
                avg_hr=avg_hr,
            )
        )
    return splits


def _running_median3(values: FloatArray) -> FloatArray:
    if values.size < ELEVATION_MEDIAN_WINDOW:
        return values
    padded = np.concatenate(([values[0]], values, [values[-1]]))
    stacked = np.stack((padded[:-2], padded[1:-1], padded[2:]))
    result: FloatArray = np.median(stacked, axis=0)
    return result


def _turning_points(values: FloatArray) -> FloatArray:
    """Only local extrema (and the ends) matter to a hysteresis; dropping the rest keeps its loop short."""
    moves = np.diff(values)
    values = np.concatenate(([values[0]], values[1:][moves != 0]))
    if values.size < 3:
        return values
    direction = np.sign(np.diff(values))
    turns = np.flatnonzero(direction[1:] != direction[:-1]) + 1
    return values[np.concatenate(([0], turns, [values.size - 1]))]


def elevation_change(altitude: FloatArray) -> tuple[float, float] | None:
    """(gain, loss) in metres by the module's one rule, or None when the records carry no altitude."""
    known = altitude[np.isfinite(altitude)]
    if known.size < 2:
        return None
    points = _turning_points(_running_median3(known))
    h = ELEVATION_HYSTERESIS_M
    gain = loss = 0.0
    anchor = low = high = float(points[0])
    trend = 0  # +1 climbing, -1 descending, 0 undecided until the first swing of h
    for value in points[1:].tolist():
        if trend == 0:
            low, high = min(low, value), max(high, value)
            if value - low >= h:
                trend, anchor, high = 1, low, value
            elif high - value >= h:
                trend, anchor, low = -1, high, value
        elif trend == 1:
            if value > high:
                high = value
            elif high - value >= h:
                gain += high - anchor
                trend, anchor, low = -1, high, value
        elif value < low:
            low = value
        elif value - low >= h:
            loss += anchor - low
            trend, anchor, high = 1, low, value
    if trend == 1:
        gain += high - anchor
    elif trend == -1:
        loss += anchor - low
    return gain, loss

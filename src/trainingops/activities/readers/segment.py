"""What a format reader hands to the shared summariser: one sport segment's summary plus its record streams.

Readers only translate a format; every derived number (splits, zones, elevation, flags) is computed once, in
``summary.py``, from this shape, so the three formats cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import numpy.typing as npt

from trainingops.activities.readers.activity import Device, FileFormat, Lap, QualityFlag

FloatArray = npt.NDArray[np.float64]

# A gap between two samples longer than this counts as a pause when the file has no timer events (GPX, TCX).
# Garmin "smart recording" writes a point at least every ~10 s while moving (9 s is the largest gap in the
# corpus's Forerunner TCX), so 30 s leaves a wide margin before a gap is read as the athlete stopping.
PAUSE_GAP_S = 30.0


@dataclass(frozen=True, slots=True)
class Samples:
    """Record streams aligned on ``t`` (UNIX seconds, ascending); NaN where a record lacks the value."""

    t: FloatArray
    distance: FloatArray
    hr: FloatArray
    cadence: FloatArray
    power: FloatArray
    altitude: FloatArray

    @property
    def size(self) -> int:
        return int(self.t.size)

    def between(self, start: float, end: float) -> Samples:
        sl = slice(int(np.searchsorted(self.t, start, "left")), int(np.searchsorted(self.t, end, "right")))
        return Samples(self.t[sl], self.distance[sl], self.hr[sl], self.cadence[sl], self.power[sl], self.altitude[sl])


def empty_samples() -> Samples:
    e = np.empty(0, dtype=np.float64)
    return Samples(e, e, e, e, e, e)


def samples_from_rows(rows: npt.NDArray[np.float64]) -> Samples:
    """Rows of (t, distance, hr, cadence, power, altitude), sorted by time; rows without a time dropped."""
    if rows.size == 0:
        return empty_samples()
    rows = rows[np.isfinite(rows[:, 0])]
    rows = rows[np.argsort(rows[:, 0], kind="stable")]
    columns = [np.ascontiguousarray(rows[:, i]) for i in range(6)]
    return Samples(*columns)


@dataclass(slots=True)
class Segment:
    """One sport segment as read from the file; ``running`` holds [start, end] UNIX-second timer intervals."""

    format: FileFormat
    sport: str
    sub_sport: str | None
    start: datetime
    elapsed_s: float
    timer_s: float
    distance_m: float | None
    laps: list[Lap]
    samples: Samples
    running: FloatArray
    device: Device
    hr_avg: float | None = None
    hr_max: int | None = None
    cadence_avg: float | None = None
    cadence_max: int | None = None
    power_avg: float | None = None
    power_max: int | None = None
    calories_kcal: int | None = None
    pool_length_m: float | None = None
    active_lengths: int | None = None
    flags: list[QualityFlag] = field(default_factory=list)


def intervals_from_gaps(
    t: FloatArray, pause_gap_s: float = PAUSE_GAP_S, breaks: FloatArray | None = None
) -> FloatArray:
    """Timer-running intervals for files without timer events: running between samples, paused over gaps
    longer than ``pause_gap_s`` and before every sample whose ``breaks`` entry is set (a new track segment)."""
    if t.size == 0:
        return np.empty((0, 2), dtype=np.float64)
    stops = np.diff(t) > pause_gap_s
    if breaks is not None:
        stops |= breaks[1:] > 0
    cut = np.flatnonzero(stops)
    starts = np.concatenate(([t[0]], t[cut + 1]))
    ends = np.concatenate((t[cut], [t[-1]]))
    return np.column_stack((starts, ends))


def moving_clock(t: FloatArray, running: FloatArray) -> FloatArray:
    """Seconds of timer-running time elapsed at each ``t``: the clock a watch shows, paused when stopped."""
    if running.size == 0:
        return t - t[0] if t.size else t
    starts, ends = running[:, 0], running[:, 1]
    lengths = np.maximum(ends - starts, 0.0)
    before = np.concatenate(([0.0], np.cumsum(lengths)[:-1]))
    idx = np.searchsorted(starts, t, side="right") - 1
    safe = np.clip(idx, 0, None)
    clock = before[safe] + np.clip(t - starts[safe], 0.0, lengths[safe])
    return np.where(idx < 0, 0.0, clock)

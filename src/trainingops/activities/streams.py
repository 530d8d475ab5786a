"""A session's record streams for charts: heart rate, speed and altitude over time, read again from the stored
device file (the session keeps summaries only, docs/files.md) and thinned to at most ``MAX_POINTS`` points.

Pure: bytes in, a JSON-ready dict out. Thinning averages each run of consecutive samples into one point (heart
rate and altitude as means, speed as distance covered over moving time between the runs' starts), so a spike
survives as a bump rather than vanishing between two kept samples.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

import numpy as np

from trainingops.activities.readers import ParseBudget, check_upload
from trainingops.activities.readers.reader import read_segments
from trainingops.activities.readers.segment import FloatArray, Segment, moving_clock

# A chart on a laptop is about 1,000 px wide: more points cannot be seen, and 1,000 keep the answer near 60 kB.
MAX_POINTS = 1000


def _nullable(values: FloatArray, digits: int) -> list[float | None]:
    rounded = np.round(values, digits)
    return [None if not np.isfinite(v) else float(v) for v in rounded.tolist()]


def _bucket_means(values: FloatArray, starts: np.ndarray[Any, np.dtype[np.intp]]) -> FloatArray:
    finite = np.isfinite(values)
    sums = np.add.reduceat(np.where(finite, values, 0.0), starts)
    counts = np.add.reduceat(finite.astype(np.float64), starts)
    with np.errstate(invalid="ignore", divide="ignore"):
        means: FloatArray = np.where(counts > 0, sums / counts, np.nan)
    return means


def segment_streams(segment: Segment, *, max_points: int = MAX_POINTS) -> dict[str, Any]:
    """The segment's samples as at most ``max_points`` points: elapsed and moving seconds from the first sample,
    distance (m), heart rate (bpm), speed (m/s, moving) and altitude (m); null where the file has no value."""
    samples = segment.samples
    n = samples.size
    if n == 0:
        lists = ("elapsed_s", "moving_s", "distance_m", "heart_rate_bpm", "speed_m_s", "altitude_m")
        return {"samples": 0, **{name: [] for name in lists}}
    points = min(n, max_points)
    starts = np.unique(np.linspace(0, n, points, endpoint=False).astype(np.intp))
    moving = moving_clock(samples.t, segment.running)
    t0 = samples.t[0]
    distance = samples.distance[starts]
    moving_at = moving[starts]
    # Speed over each run: to the next run's start (the last run: to the last sample).
    ends = np.append(starts[1:], n - 1)
    covered = samples.distance[ends] - distance
    moved = moving[ends] - moving_at
    with np.errstate(invalid="ignore", divide="ignore"):
        speed = np.where(moved > 0, covered / moved, np.nan)
    return {
        "samples": n,
        "elapsed_s": _nullable(samples.t[starts] - t0, 1),
        "moving_s": _nullable(moving_at, 1),
        "distance_m": _nullable(distance, 1),
        "heart_rate_bpm": _nullable(_bucket_means(samples.hr, starts), 0),
        "speed_m_s": _nullable(speed, 2),
        "altitude_m": _nullable(_bucket_means(samples.altitude, starts), 1),
    }


def file_streams(content: bytes, *, segment_index: int, max_bytes: int, max_points: int = MAX_POINTS) -> dict[str, Any]:
    """Read a stored file again (as uploaded, possibly gzip) and return one segment's streams with its start."""
    budget = ParseBudget()
    segments = read_segments(check_upload(content, max_bytes=max_bytes, budget=budget), budget)
    segment = segments[min(segment_index, len(segments) - 1)]
    start = segment.start.astimezone(UTC) if segment.start.tzinfo else segment.start.replace(tzinfo=UTC)
    return {"start": start.isoformat().replace("+00:00", "Z"), **segment_streams(segment, max_points=max_points)}

"""GPX tracks, parsed with gpxpy; heart rate, cadence and power read from the point extensions ourselves.

GPX has no laps, no timer and no summary: distance comes from the positions, timer time from the recorded
points with pauses at track-segment breaks and long gaps, and every figure is computed from the points.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import gpxpy
import gpxpy.gpx
import numpy as np

from trainingops.activities.readers.activity import Device, QualityFlag
from trainingops.activities.readers.budget import BUDGET_CHECK_POINTS, ParseBudget
from trainingops.activities.readers.errors import CorruptFile, NotAnActivity, NoTimestamps
from trainingops.activities.readers.geo import cumulative_distance
from trainingops.activities.readers.segment import Samples, Segment, intervals_from_gaps
from trainingops.activities.readers.sport import normalise_sport

# Extension element names (lower-cased local names) per stream: Garmin TrackPointExtension v1/v2 uses
# hr/cad, Cluetrust and older Garmin files heartrate/cadence, Strava and Wahoo power/watts.
EXTENSION_STREAMS = {"hr": 0, "heartrate": 0, "cad": 1, "cadence": 1, "power": 2, "watts": 2}
# Fewer timed points than this share means the times are incidental (e.g. a few waypoints carried over by a
# converter), not a recording: the corpus's GPSBabel file has 5 times on 296 points.
MIN_TIMED_SHARE = 0.5


def _extension_values(extensions: list[Any]) -> list[float]:
    values = [math.nan, math.nan, math.nan]
    for extension in extensions:
        for element in extension.iter():
            stream = EXTENSION_STREAMS.get(str(element.tag).rsplit("}", 1)[-1].lower())
            if stream is not None and element.text:
                try:
                    values[stream] = float(element.text)
                except ValueError:
                    continue
    return values


def _parse(data: bytes) -> gpxpy.gpx.GPX:
    try:
        return gpxpy.parse(data)
    # gpxpy raises whatever its parsing code hits on malformed values (RecursionError on pathological nesting).
    except (
        gpxpy.gpx.GPXException,
        UnicodeDecodeError,
        ValueError,
        TypeError,
        AttributeError,
        IndexError,
        KeyError,
        RecursionError,
    ) as exc:
        raise CorruptFile(f"The GPX file cannot be parsed: {exc}") from exc


def read_gpx(data: bytes, budget: ParseBudget | None = None) -> list[Segment]:
    budget = budget or ParseBudget()
    gpx = _parse(data)
    budget.check()
    rows: list[list[float]] = []
    for track in gpx.tracks:
        for segment_index, track_segment in enumerate(track.segments):
            for index, point in enumerate(track_segment.points):
                if index % BUDGET_CHECK_POINTS == 0:
                    budget.check()
                stamp = point.time.timestamp() if point.time is not None else math.nan
                elevation = point.elevation if point.elevation is not None else math.nan
                opens = 1.0 if index == 0 and (segment_index > 0 or rows) else 0.0
                extras = _extension_values(point.extensions)
                rows.append([stamp, point.latitude, point.longitude, elevation, opens, *extras])
    if not rows:
        raise NotAnActivity("The GPX file has no track points (routes and waypoints are plans, not recordings).")
    table = np.asarray(rows, dtype=np.float64)
    timed = np.isfinite(table[:, 0])
    if int(timed.sum()) < 2 or timed.mean() < MIN_TIMED_SHARE:
        raise NoTimestamps(
            f"Only {int(timed.sum())} of {len(rows)} GPX track points have a time, so the start and duration "
            "are unknown."
        )
    flags: list[QualityFlag] = []
    if not timed.all():
        flags.append(
            QualityFlag(
                "timestamps_partial", f"{int((~timed).sum())} of {len(rows)} points had no time and were left out"
            )
        )
    # Segment ids survive dropping untimed points: a dropped point that opened a segment still breaks it.
    table[:, 4] = np.cumsum(table[:, 4])
    table = table[timed]
    order = np.argsort(table[:, 0], kind="stable")
    if not np.array_equal(order, np.arange(order.size)):
        flags.append(QualityFlag("points_reordered", "track points were out of time order and were sorted"))
        table = table[order]
    t = table[:, 0]
    new_segment = np.concatenate(([0.0], (np.diff(table[:, 4]) != 0).astype(np.float64)))
    distance = cumulative_distance(table[:, 1], table[:, 2], breaks=new_segment)
    samples = Samples(
        t=t, distance=distance, hr=table[:, 5], cadence=table[:, 6], power=table[:, 7], altitude=table[:, 3]
    )
    running = intervals_from_gaps(t, breaks=new_segment)
    track_type = next((track.type for track in gpx.tracks if track.type), None)
    return [
        Segment(
            format="gpx",
            sport=normalise_sport(track_type),
            sub_sport=None,
            start=datetime.fromtimestamp(float(t[0]), UTC),
            elapsed_s=float(t[-1] - t[0]),
            timer_s=float(np.sum(running[:, 1] - running[:, 0])),
            distance_m=float(distance[-1]),
            laps=[],
            samples=samples,
            running=running,
            device=Device(manufacturer=None, product=gpx.creator or None),
            flags=flags,
        )
    ]

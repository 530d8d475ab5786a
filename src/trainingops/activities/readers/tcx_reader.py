"""TCX (Garmin Training Center) files: trackpoints from tcxreader, lap summaries from the XML ourselves.

tcxreader is called with ``only_gps=False`` (its default drops every point without a position, which empties
pool swims and treadmill runs). It does not expose a lap's ``StartTime`` or ``TotalTimeSeconds`` and skips laps
without points, so the laps (the file's authoritative timer time and distance) are read from the XML here.
"""

from __future__ import annotations

import io
import itertools
import math
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import Any

import numpy as np
from tcxreader.tcxreader import TCXReader

from trainingops.activities.readers.activity import Device, Lap, QualityFlag
from trainingops.activities.readers.budget import BUDGET_CHECK_POINTS, ParseBudget
from trainingops.activities.readers.errors import CorruptFile, NotAnActivity, NoTimestamps
from trainingops.activities.readers.geo import cumulative_distance
from trainingops.activities.readers.segment import Segment, intervals_from_gaps, samples_from_rows
from trainingops.activities.readers.sport import normalise_sport

NS = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"


def _utc(value: datetime) -> datetime:
    # TCX times are xsd:dateTime; tcxreader returns 'Z' times as naive datetimes, which are UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return _utc(datetime.fromisoformat(text.strip()))
    except ValueError:
        return None


def _number(element: ET.Element, path: str) -> float | None:
    found = element.find(path)
    if found is None or not found.text:
        return None
    try:
        return float(found.text)
    except ValueError:
        return None


def _laps(activities: list[ET.Element]) -> list[Lap]:
    laps: list[Lap] = []
    for activity in activities:
        for node in activity.iter(f"{NS}Lap"):
            start = _parse_time(node.get("StartTime"))
            timer = _number(node, f"{NS}TotalTimeSeconds")
            if start is None or timer is None:
                continue
            max_hr = _number(node, f"{NS}MaximumHeartRateBpm/{NS}Value")
            laps.append(
                Lap(
                    start=start,
                    elapsed_s=timer,  # TCX stores no per-lap wall-clock time; corrected below from the points
                    timer_s=timer,
                    distance_m=_number(node, f"{NS}DistanceMeters"),
                    avg_hr=_number(node, f"{NS}AverageHeartRateBpm/{NS}Value"),
                    max_hr=None if max_hr is None else int(max_hr),
                )
            )
    laps.sort(key=lambda lap: lap.start)
    # A lap's wall-clock span runs to the next lap's start (pauses included); the last one keeps its timer.
    return [
        Lap(
            lap.start,
            max(lap.timer_s, (nxt.start - lap.start).total_seconds()),
            lap.timer_s,
            lap.distance_m,
            lap.avg_hr,
            lap.max_hr,
        )
        for lap, nxt in itertools.pairwise(laps)
    ] + laps[-1:]


def _device_hr(laps: list[Lap]) -> tuple[float | None, int | None]:
    """Lap-time-weighted mean of the laps' average HR, and the highest lap maximum, when every lap has them."""
    timed = [lap for lap in laps if lap.timer_s > 0]
    if not timed or any(lap.avg_hr is None for lap in timed):
        return None, None
    total = sum(lap.timer_s for lap in timed)
    avg = sum((lap.avg_hr or 0.0) * lap.timer_s for lap in timed) / total
    maxima = [lap.max_hr for lap in timed if lap.max_hr is not None]
    return avg, (max(maxima) if maxima else None)


def _trackpoint_rows(data: bytes, budget: ParseBudget) -> list[list[float]]:
    try:
        exercise = TCXReader().read(io.BytesIO(data), only_gps=False)
    except (
        ET.ParseError,
        ValueError,
        TypeError,
        KeyError,
        AttributeError,
        ZeroDivisionError,
        IndexError,
        RecursionError,
    ) as exc:
        # tcxreader raises whatever its parsing code hits on malformed values; all of them mean a bad file.
        raise CorruptFile(f"The TCX trackpoints cannot be read: {exc}") from exc
    nan = math.nan
    rows: list[list[float]] = []
    budget.check()
    for index, tp in enumerate(exercise.trackpoints):
        if index % BUDGET_CHECK_POINTS == 0:
            budget.check()
        ext: dict[str, Any] = tp.tpx_ext or {}
        cadence = tp.cadence if tp.cadence is not None else ext.get("RunCadence")
        watts = ext.get("Watts")
        rows.append(
            [
                _utc(tp.time).timestamp() if tp.time is not None else nan,
                tp.distance if tp.distance is not None else nan,
                tp.hr_value if tp.hr_value is not None else nan,
                cadence if cadence is not None else nan,
                float(watts) if watts is not None else nan,
                tp.elevation if tp.elevation is not None else nan,
                tp.latitude if tp.latitude is not None else nan,
                tp.longitude if tp.longitude is not None else nan,
            ]
        )
    return rows


def read_tcx(data: bytes, budget: ParseBudget | None = None) -> list[Segment]:
    budget = budget or ParseBudget()
    try:
        # DOCTYPE/entity declarations were refused by the sniffer and expat >= 2.4.1 caps entity
        # amplification, so the stdlib parser is safe for these bytes.
        root = ET.fromstring(data)  # noqa: S314
    except ET.ParseError as exc:
        raise CorruptFile(f"The TCX file is not well-formed XML: {exc}") from exc
    activities = root.findall(f"{NS}Activities/{NS}Activity")
    if not activities:
        raise NotAnActivity("The TCX file has no <Activity> (courses and workouts are plans, not recordings).")
    budget.check()
    laps = _laps(activities)
    table = np.asarray(_trackpoint_rows(data, budget), dtype=np.float64).reshape(-1, 8)
    if table.size and not np.isfinite(table[:, 1]).any():
        table[:, 1] = cumulative_distance(table[:, 6], table[:, 7])
    samples = samples_from_rows(table[:, :6])
    t = samples.t
    if not laps and t.size < 2:
        raise NoTimestamps("The TCX file has no timed laps and fewer than two timed trackpoints.")
    start = laps[0].start.timestamp() if laps else float(t[0])
    if t.size and float(t[0]) < start:
        start = float(t[0])
    ends = [lap.start.timestamp() + lap.timer_s for lap in laps[-1:]] + ([float(t[-1])] if t.size else [])
    running = intervals_from_gaps(t)
    timer = sum(lap.timer_s for lap in laps) if laps else float(np.sum(running[:, 1] - running[:, 0]))
    lap_distances = [lap.distance_m for lap in laps if lap.distance_m is not None]
    if lap_distances:
        distance: float | None = float(sum(lap_distances))
    else:
        distance = float(np.nanmax(samples.distance)) if np.isfinite(samples.distance).any() else None
    hr_avg, hr_max = _device_hr(laps)
    calories = [_number(node, f"{NS}Calories") for a in activities for node in a.iter(f"{NS}Lap")]
    flags: list[QualityFlag] = []
    if len(activities) > 1:
        flags.append(QualityFlag("activities_merged", f"{len(activities)} TCX activities were read as one"))
    creator = activities[0].find(f"{NS}Creator/{NS}Name")
    return [
        Segment(
            format="tcx",
            sport=normalise_sport(activities[0].get("Sport")),
            sub_sport=None,
            start=datetime.fromtimestamp(start, UTC),
            elapsed_s=max(ends) - start,
            timer_s=timer,
            distance_m=distance,
            laps=laps,
            samples=samples,
            running=running,
            device=Device(manufacturer=None, product=creator.text if creator is not None else None),
            hr_avg=hr_avg,
            hr_max=hr_max,
            calories_kcal=round(sum(c for c in calories if c is not None)) if any(calories) else None,
            flags=flags,
        )
    ]

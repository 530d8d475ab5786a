"""FIT (Garmin/ANT+) activity files, decoded with fitdecode under strict CRC checking.

fitdecode runs with ``processor=None``: values stay raw (timestamps as FIT seconds), which is a third faster
than its default processor and lets us handle devices whose clock is relative to power-on ourselves.
"""

from __future__ import annotations

import io
import math
import struct
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import fitdecode
import numpy as np

from trainingops.activities.readers.activity import Device, Lap, QualityFlag
from trainingops.activities.readers.budget import BUDGET_CHECK_FRAMES, ParseBudget
from trainingops.activities.readers.errors import CorruptFile, NotAnActivity, NoTimestamps
from trainingops.activities.readers.segment import (
    FloatArray,
    Samples,
    Segment,
    empty_samples,
    intervals_from_gaps,
    samples_from_rows,
)

# FIT SDK, "date_time": seconds since 1989-12-31T00:00:00Z; values below 0x10000000 are seconds since the
# device powered up (no real clock yet) and need a correlation to become dates.
FIT_EPOCH_UNIX = 631065600
FIT_RELATIVE_LIMIT = 0x10000000

# Global message numbers from the FIT SDK profile (Profile.xlsx, "mesg_num").
MESG_FILE_ID, MESG_SPORT, MESG_SESSION, MESG_LAP, MESG_RECORD = 0, 12, 18, 19, 20
MESG_EVENT, MESG_DEVICE_INFO, MESG_ACTIVITY, MESG_TIMESTAMP_CORRELATION = 21, 23, 34, 162
KEPT_MESSAGES = frozenset({MESG_FILE_ID, MESG_SPORT, MESG_SESSION, MESG_LAP, MESG_EVENT, MESG_ACTIVITY})
KEPT_MESSAGES |= {MESG_DEVICE_INFO, MESG_TIMESTAMP_CORRELATION}

# Record fields -> column in the sample rows (t, distance, hr, cadence, power, altitude, enhanced altitude).
RECORD_COLUMNS = {
    "timestamp": 0,
    "distance": 1,
    "heart_rate": 2,
    "cadence": 3,
    "power": 4,
    "altitude": 5,
    "enhanced_altitude": 6,
}
TIMER_STOPS = frozenset({"stop", "stop_all", "stop_disable", "stop_disable_all"})
# Triathlon files carry transitions as sessions of their own; they are changes of kit, not training.
SKIPPED_SPORTS = frozenset({"transition"})
# Each segment is summarised over the whole record stream, so segments x records is the work; real multisport
# files have a handful (swim, T1, bike, T2, run), and a stored file fills at most 1,000 sessions.
MAX_SEGMENTS = 50

Fields = dict[str, Any]


@dataclass(slots=True)
class _Part:
    """One FIT file of a possibly chained stream."""

    file_type: str | None = None
    messages: dict[int, list[Fields]] = field(default_factory=dict)
    records: list[list[float]] = field(default_factory=list)


def _decode(data: bytes, budget: ParseBudget) -> list[_Part]:
    parts: list[_Part] = []
    nan = math.nan
    try:
        reader = fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE, processor=None)
        for count, frame in enumerate(reader):
            if count % BUDGET_CHECK_FRAMES == 0:
                budget.check()
            if isinstance(frame, fitdecode.FitHeader):
                parts.append(_Part())
            elif isinstance(frame, fitdecode.FitDataMessage):
                num = frame.global_mesg_num
                if num == MESG_RECORD:
                    row = [nan] * 7
                    for fd in frame.fields:
                        col = RECORD_COLUMNS.get(fd.name)
                        if col is not None and fd.value is not None:
                            row[col] = fd.value
                    parts[-1].records.append(row)
                elif num in KEPT_MESSAGES:
                    fields = {fd.name: fd.value for fd in frame.fields if fd.value is not None}
                    parts[-1].messages.setdefault(num, []).append(fields)
    except fitdecode.FitCRCError as exc:
        raise CorruptFile(f"FIT checksum mismatch: {exc}") from exc
    except fitdecode.FitEOFError as exc:
        raise CorruptFile(f"FIT file is truncated: {exc}") from exc
    except fitdecode.FitHeaderError as exc:
        # Also raised for a corrupt header in a chained part: the stream as a whole is not trustworthy.
        raise CorruptFile(f"FIT header is corrupt: {exc}") from exc
    # fitdecode also asserts its own invariants (e.g. a chunk larger than the body left) on malformed bytes: an
    # AssertionError found by the upload fuzzer; any of these means the bytes are not a readable FIT file.
    except (
        fitdecode.FitError,
        struct.error,
        ValueError,
        KeyError,
        IndexError,
        AssertionError,
        TypeError,
        OverflowError,
    ) as exc:
        raise CorruptFile(f"FIT file cannot be decoded: {exc}") from exc
    for part in parts:
        file_ids = part.messages.get(MESG_FILE_ID, [])
        part.file_type = str(file_ids[0].get("type")) if file_ids else None
    return parts


class _Clock:
    """FIT date_time -> UNIX seconds, including relative (power-on) device clocks when they can be anchored."""

    def __init__(self, part: _Part) -> None:
        self.offset: float | None = None
        self.estimated = False  # anchored on local time: the UTC offset is unknown
        self.used_relative = False
        correlation = part.messages.get(MESG_TIMESTAMP_CORRELATION, [])
        activity = part.messages.get(MESG_ACTIVITY, [])
        if correlation and "timestamp" in correlation[0] and "system_timestamp" in correlation[0]:
            self.offset = float(correlation[0]["timestamp"] - correlation[0]["system_timestamp"])
        elif activity and "local_timestamp" in activity[0] and "timestamp" in activity[0]:
            local, stamp = activity[0]["local_timestamp"], activity[0]["timestamp"]
            if stamp < FIT_RELATIVE_LIMIT <= local:
                self.offset = float(local - stamp)
                self.estimated = True

    def unix(self, raw: float) -> float:
        if raw >= FIT_RELATIVE_LIMIT:
            return raw + FIT_EPOCH_UNIX
        if self.offset is None:
            raise NoTimestamps("FIT times are relative to device power-on and the file has no clock reference.")
        self.used_relative = True
        return raw + self.offset + FIT_EPOCH_UNIX

    def unix_array(self, raw: FloatArray) -> FloatArray:
        relative = raw < FIT_RELATIVE_LIMIT
        if relative.any():
            self.unix(float(raw[relative][0]))  # raises when there is no anchor
        offset = FIT_EPOCH_UNIX + (self.offset or 0.0)
        result: FloatArray = np.where(relative, raw + offset, raw + FIT_EPOCH_UNIX)
        return result

    def flags(self) -> list[QualityFlag]:
        if not (self.used_relative and self.estimated):
            return []
        return [
            QualityFlag(
                "start_time_estimated",
                "the device clock was relative to power-on; times are anchored on the activity's local time, "
                "so they may be off by the athlete's UTC offset",
            )
        ]


def _name(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else f"unknown_{value}"


def _device(part: _Part) -> Device:
    file_id = part.messages.get(MESG_FILE_ID, [{}])[0]
    product = file_id.get("garmin_product", file_id.get("product"))
    return Device(manufacturer=_name(file_id.get("manufacturer")), product=_name(product))


def _timer_intervals(part: _Part, clock: _Clock, t: FloatArray, first: float, last: float) -> FloatArray:
    events = [
        (clock.unix(e["timestamp"]), str(e.get("event_type")))
        for e in part.messages.get(MESG_EVENT, [])
        if e.get("event") in ("timer", 0) and "timestamp" in e
    ]
    if not events:
        return intervals_from_gaps(t)
    # At equal times a stop sorts before a start: back-to-back multisport sessions stop and restart in one second.
    events.sort(key=lambda event: (event[0], event[1] not in TIMER_STOPS))
    # A file whose first timer event is a stop was recording before it (FR70 files open that way).
    since: float | None = first if events[0][1] in TIMER_STOPS else None
    out: list[tuple[float, float]] = []
    for when, kind in events:
        if kind == "start" and since is None:
            since = when
        elif kind in TIMER_STOPS and since is not None:
            out.append((since, when))
            since = None
    if since is not None:
        out.append((since, max(last, since)))
    return np.asarray(out, dtype=np.float64).reshape(-1, 2)


def _lap(fields: Fields, clock: _Clock) -> Lap:
    elapsed = float(fields.get("total_elapsed_time", 0.0))
    return Lap(
        start=datetime.fromtimestamp(clock.unix(fields["start_time"]), UTC),
        elapsed_s=elapsed,
        timer_s=float(fields.get("total_timer_time", elapsed)),
        distance_m=fields.get("total_distance"),
        avg_hr=fields.get("avg_heart_rate"),
        max_hr=fields.get("max_heart_rate"),
    )


def _from_zero(all_samples: Samples, samples: Samples, start: float) -> Samples:
    """Record distance counted from this segment's start: multisport devices keep accumulating across
    sessions, so the last distance before the segment is its origin (unless the device reset it)."""
    before = all_samples.distance[: int(np.searchsorted(all_samples.t, start, "left"))]
    before = before[np.isfinite(before)]
    known = samples.distance[np.isfinite(samples.distance)]
    if before.size == 0 or known.size == 0 or before[-1] > known[0]:
        return samples
    return replace(samples, distance=samples.distance - before[-1])


def _sessions_or_synthetic(part: _Part, first: float | None, last: float | None) -> list[Fields]:
    sessions = part.messages.get(MESG_SESSION, [])
    if sessions:
        return sessions
    if first is None or last is None:
        raise NotAnActivity("The FIT activity file has neither a session summary nor any records.")
    # No session message (some third-party writers omit it): summarise the whole record stream as one session.
    sport = (part.messages.get(MESG_SPORT) or part.messages.get(MESG_LAP) or [{}])[0]
    return [{"sport": sport.get("sport", "generic"), "sub_sport": sport.get("sub_sport"), "synthetic": True}]


def read_fit(data: bytes, budget: ParseBudget | None = None) -> list[Segment]:
    budget = budget or ParseBudget()
    parts = _decode(data, budget)
    activity_parts = [part for part in parts if part.file_type == "activity"]
    if not activity_parts:
        kinds = ", ".join(sorted({str(part.file_type) for part in parts})) or "none"
        raise NotAnActivity(f"The FIT file is not an activity recording (file type: {kinds}).")
    # Chained streams (activity + settings, etc.) carry one recording; later activity parts are ignored.
    part = activity_parts[0]
    clock = _Clock(part)
    rows = np.asarray(part.records, dtype=np.float64).reshape(-1, 7)
    if rows.size:
        rows[:, 5] = np.where(np.isfinite(rows[:, 6]), rows[:, 6], rows[:, 5])
        rows[:, 0] = clock.unix_array(rows[:, 0])
    all_samples = samples_from_rows(rows[:, :6]) if rows.size else empty_samples()
    t = all_samples.t
    first, last = (float(t[0]), float(t[-1])) if t.size else (None, None)
    sessions = _sessions_or_synthetic(part, first, last)
    if len(sessions) > MAX_SEGMENTS:
        raise CorruptFile(
            f"The FIT file has {len(sessions)} session messages; a recording has at most {MAX_SEGMENTS} sport "
            "segments (a triathlon has five)."
        )
    laps = [(_lap(fields, clock)) for fields in part.messages.get(MESG_LAP, []) if "start_time" in fields]
    starts = [clock.unix(f["start_time"]) if "start_time" in f else math.inf for f in sessions]
    segments: list[Segment] = []
    for index, fields in enumerate(sessions):
        budget.check()
        if fields.get("sport") in SKIPPED_SPORTS and len(sessions) > 1:
            continue
        next_start = min(starts[index + 1 :], default=math.inf)
        segments.append(_segment(part, fields, clock, all_samples, laps, (first, last, next_start)))
    for segment in segments:
        segment.flags.extend(clock.flags())
    return segments


def _segment(
    part: _Part,
    fields: Fields,
    clock: _Clock,
    all_samples: Samples,
    laps: list[Lap],
    bounds: tuple[float | None, float | None, float],
) -> Segment:
    first, last, next_start = bounds
    if "start_time" in fields:
        start = clock.unix(fields["start_time"])
    elif first is not None:
        start = first
    else:
        raise NoTimestamps("The FIT session has no start time and the file has no timed records.")
    if "total_elapsed_time" in fields:
        elapsed = float(fields["total_elapsed_time"])
    else:
        end_raw = fields.get("timestamp")
        elapsed = (clock.unix(end_raw) if end_raw is not None else (last or start)) - start
    end = start + elapsed
    # Records up to a second past the session end still belong to it, unless the next session has begun.
    upto = end + 1.0 if end + 1.0 < next_start else next_start - 1e-6
    samples = _from_zero(all_samples, all_samples.between(start, upto), start)
    running = _timer_intervals(part, clock, samples.t, start, end)
    timer = fields.get("total_timer_time")
    if timer is None:
        timer = float(np.sum(np.clip(running[:, 1], start, end) - np.clip(running[:, 0], start, end)))
    distance = fields.get("total_distance")
    if distance is None and fields.get("synthetic") and np.isfinite(samples.distance).any():
        distance = float(np.nanmax(samples.distance))
    return Segment(
        format="fit",
        sport=_name(fields.get("sport")) or "generic",
        sub_sport=_name(fields.get("sub_sport")),
        start=datetime.fromtimestamp(start, UTC),
        elapsed_s=elapsed,
        timer_s=float(timer),
        distance_m=None if distance is None else float(distance),
        laps=[lap for lap in laps if start - 1.0 <= lap.start.timestamp() < end] if laps else [],
        samples=samples,
        running=running,
        device=_device(part),
        hr_avg=fields.get("avg_heart_rate"),
        hr_max=fields.get("max_heart_rate"),
        cadence_avg=fields.get("avg_running_cadence", fields.get("avg_cadence")),
        cadence_max=fields.get("max_running_cadence", fields.get("max_cadence")),
        power_avg=fields.get("avg_power"),
        power_max=fields.get("max_power"),
        calories_kcal=fields.get("total_calories"),
        pool_length_m=fields.get("pool_length"),
        active_lengths=fields.get("num_active_lengths", fields.get("num_lengths")),
    )

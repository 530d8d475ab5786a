"""Benchmark: parse + map a one-hour run FIT file, against fitdecode's bare decode of the same file.

Run: ``.venv/bin/python bench/file_import.py [--repeats N]``. The file (1 Hz records with HR, GPS, altitude,
cadence, distance; auto-laps every km) is written with fit_tool into a temporary folder, then both sides are
timed in the same process, interleaved, and the medians compared. Targets (issue 7): our import <= 0.5 s and
<= 1.3x the bare decode.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import fitdecode
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.activity_message import ActivityMessage
from fit_tool.profile.messages.event_message import EventMessage
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.lap_message import LapMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.profile_type import Event, EventType, FileType, Manufacturer, Sport, SubSport

from trainingops.activities.readers import activity_to_session_fields, read_activity

SECONDS = 3600
SPEED_M_S = 3.2  # a 5:13 /km easy run
TARGET_SECONDS = 0.5
TARGET_RATIO = 1.3
START = datetime(2024, 5, 14, 6, 30, tzinfo=UTC)


def _ms(offset_s: float) -> int:
    return round((START.timestamp() + offset_s) * 1000)


def _lap(start_s: float, end_s: float, index: int) -> LapMessage:
    lap = LapMessage()
    lap.message_index = index
    lap.start_time = _ms(start_s)
    lap.timestamp = _ms(end_s)
    lap.total_elapsed_time = end_s - start_s
    lap.total_timer_time = end_s - start_s
    lap.total_distance = (end_s - start_s) * SPEED_M_S
    return lap


def one_hour_run() -> bytes:
    builder = FitFileBuilder(auto_define=True)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.time_created = _ms(0)
    file_id.serial_number = 1
    builder.add(file_id)
    start = EventMessage()
    start.event, start.event_type, start.timestamp = Event.TIMER, EventType.START, _ms(0)
    builder.add(start)
    lap_start, laps = 0.0, 0
    for second in range(SECONDS + 1):
        record = RecordMessage()
        record.timestamp = _ms(second)
        record.position_lat = 46.0 + second * SPEED_M_S / 111_195.0
        record.position_long = 14.0 + 0.001 * (second % 60) / 60
        record.distance = second * SPEED_M_S
        record.altitude = 300.0 + 15.0 * ((second // 400) % 2) + 0.4 * (second % 3)
        record.heart_rate = 135 + (second // 120) % 30
        record.cadence = 86 + second % 3
        builder.add(record)
        if second and (second * SPEED_M_S) // 1000 > ((second - 1) * SPEED_M_S) // 1000:
            builder.add(_lap(lap_start, second, laps))
            lap_start, laps = float(second), laps + 1
    builder.add(_lap(lap_start, SECONDS, laps))
    stop = EventMessage()
    stop.event, stop.event_type, stop.timestamp = Event.TIMER, EventType.STOP_ALL, _ms(SECONDS)
    builder.add(stop)
    session = SessionMessage()
    session.start_time, session.timestamp = _ms(0), _ms(SECONDS)
    session.total_elapsed_time = session.total_timer_time = SECONDS
    session.total_distance = SECONDS * SPEED_M_S
    session.sport, session.sub_sport = Sport.RUNNING, SubSport.GENERIC
    session.num_laps = laps + 1
    builder.add(session)
    activity = ActivityMessage()
    activity.timestamp, activity.num_sessions, activity.total_timer_time = _ms(SECONDS), 1, SECONDS
    builder.add(activity)
    data: bytes = builder.build().to_bytes()
    return data


def ours(path: Path) -> None:
    for activity in read_activity(path.read_bytes(), path.name):
        activity_to_session_fields(activity)


def bare_fitdecode(path: Path) -> None:
    """fitdecode as anyone would call it: default processor, strict CRC, every frame iterated."""
    with fitdecode.FitReader(io.BytesIO(path.read_bytes()), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for _ in reader:
            pass


def bare_fitdecode_raw(path: Path) -> None:
    """The floor our reader builds on: fitdecode without a value processor (raw timestamps)."""
    data = io.BytesIO(path.read_bytes())
    with fitdecode.FitReader(data, check_crc=fitdecode.CrcCheck.RAISE, processor=None) as reader:
        for _ in reader:
            pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "one_hour_run.fit"
        built = time.perf_counter()
        path.write_bytes(one_hour_run())
        print(f"generated {path.name}: {path.stat().st_size} bytes in {time.perf_counter() - built:.1f} s")
        [activity] = read_activity(path.read_bytes())
        print(
            f"  {activity.timer_s:.0f} s, {activity.distance_m:.0f} m, {len(activity.laps)} laps, "
            f"{len(activity.splits_km)} splits"
        )
        sides: dict[str, Callable[[Path], None]] = {
            "trainingops read+map": ours,
            "fitdecode bare (default)": bare_fitdecode,
            "fitdecode bare (raw)": bare_fitdecode_raw,
        }
        timings: dict[str, list[float]] = {name: [] for name in sides}
        for fn in sides.values():
            fn(path)  # warm-up: imports, caches
        for _ in range(args.repeats):
            for name, fn in sides.items():
                began = time.perf_counter()
                fn(path)
                timings[name].append(time.perf_counter() - began)
    medians = {name: statistics.median(values) for name, values in timings.items()}
    for name, value in medians.items():
        print(f"{name:<26} median {value * 1000:7.1f} ms over {args.repeats} runs")
    ours_s = medians["trainingops read+map"]
    ratio = ours_s / medians["fitdecode bare (default)"]
    raw_ratio = ours_s / medians["fitdecode bare (raw)"]
    print(f"ratio vs bare default decode: {ratio:.2f}x (target <= {TARGET_RATIO}x)")
    print(f"ratio vs bare raw decode:     {raw_ratio:.2f}x (for reference)")
    ok = ours_s <= TARGET_SECONDS and ratio <= TARGET_RATIO
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

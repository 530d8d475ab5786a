"""Turn a reader's :class:`Segment` into the finished :class:`Activity`: splits, HR, elevation, flags."""

from __future__ import annotations

import numpy as np

from trainingops.activities.readers.activity import Activity, HeartRateZones, QualityFlag
from trainingops.activities.readers.heart_rate import heart_rate_flags, summarise_heart_rate, time_weighted_mean
from trainingops.activities.readers.segment import FloatArray, Segment, moving_clock
from trainingops.activities.readers.splits import elevation_change, km_splits

# Average speeds no athlete sustains over a whole session, per sport (m/s); above them the distance or the
# timer is wrong. Running: 10.44 m/s is Bolt's 100 m world record average (9.58 s, 2009). Swimming: 2.39 m/s is
# the 50 m freestyle long-course world record average (20.91 s, Cielo 2009). Everything else: 40 m/s
# (144 km/h), beyond any human-powered or e-assisted sport we import.
MAX_AVG_SPEED_M_S = {"running": 10.44, "walking": 10.44, "swimming": 2.39}
DEFAULT_MAX_AVG_SPEED_M_S = 40.0
# Rounding tolerance between a device's timer and wall-clock totals (FIT stores milliseconds).
TIMER_TOLERANCE_S = 1.0


def _cadence_avg(cadence: FloatArray, clock: FloatArray) -> float | None:
    # Zeros are coasting or standing still; averaging them in would make cadence depend on traffic lights.
    return time_weighted_mean(np.where(cadence > 0, cadence, np.nan), clock)


def _max_int(values: FloatArray) -> int | None:
    known = values[np.isfinite(values)]
    return int(known.max()) if known.size else None


def _speed_flags(segment: Segment) -> list[QualityFlag]:
    if not segment.distance_m or segment.timer_s <= 0:
        return []
    speed = segment.distance_m / segment.timer_s
    limit = MAX_AVG_SPEED_M_S.get(segment.sport, DEFAULT_MAX_AVG_SPEED_M_S)
    if speed <= limit:
        return []
    return [
        QualityFlag(
            "speed_implausible",
            f"average speed {speed:.1f} m/s is above {limit} m/s for {segment.sport}; kept as recorded",
        )
    ]


def _time_flags(segment: Segment) -> list[QualityFlag]:
    flags: list[QualityFlag] = []
    if segment.timer_s > segment.elapsed_s + TIMER_TOLERANCE_S:
        flags.append(
            QualityFlag(
                "timer_exceeds_elapsed",
                f"timer time {segment.timer_s:.0f} s is longer than elapsed time {segment.elapsed_s:.0f} s",
            )
        )
    if segment.samples.size == 0:
        flags.append(QualityFlag("no_records", "the file has a summary but no records: no splits, zones or elevation"))
    return flags


def build_activity(segment: Segment, *, sha256: str, zones: HeartRateZones, index: int = 0, count: int = 1) -> Activity:
    samples = segment.samples
    clock = moving_clock(samples.t, segment.running)
    heart_rate = summarise_heart_rate(samples.hr, clock, zones, device_avg=segment.hr_avg, device_max=segment.hr_max)
    elevation = elevation_change(samples.altitude)
    cadence_avg = segment.cadence_avg if segment.cadence_avg is not None else _cadence_avg(samples.cadence, clock)
    power_avg = segment.power_avg if segment.power_avg is not None else time_weighted_mean(samples.power, clock)
    flags = [
        *segment.flags,
        *heart_rate_flags(heart_rate),
        *_speed_flags(segment),
        *_time_flags(segment),
    ]
    return Activity(
        format=segment.format,
        sha256=sha256,
        sport=segment.sport,
        sub_sport=segment.sub_sport,
        start=segment.start,
        elapsed_s=segment.elapsed_s,
        timer_s=segment.timer_s,
        distance_m=segment.distance_m,
        laps=tuple(segment.laps),
        splits_km=tuple(km_splits(samples, clock, segment.start.timestamp())),
        heart_rate=heart_rate,
        elevation_gain_m=None if elevation is None else round(elevation[0], 1),
        elevation_loss_m=None if elevation is None else round(elevation[1], 1),
        cadence_avg=cadence_avg,
        cadence_max=segment.cadence_max if segment.cadence_max is not None else _max_int(samples.cadence),
        power_avg=power_avg,
        power_max=segment.power_max if segment.power_max is not None else _max_int(samples.power),
        calories_kcal=segment.calories_kcal,
        pool_length_m=segment.pool_length_m,
        active_lengths=segment.active_lengths,
        device=segment.device,
        flags=tuple(flags),
        segment_index=index,
        segment_count=count,
    )

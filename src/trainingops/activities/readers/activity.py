"""The one normalised shape every device file becomes, whatever its format.

Units are SI throughout (metres, seconds, bpm, watts); times are timezone-aware UTC. ``None`` means "the file
does not say", never zero. Everything is frozen: an ``Activity`` is a value that can be hashed, cached and
compared, and nothing downstream can edit what the device recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

FileFormat = Literal["fit", "gpx", "tcx"]


@dataclass(frozen=True, slots=True)
class Device:
    """Who recorded the file: FIT ``file_id`` manufacturer/product, TCX ``Creator``, GPX ``creator``."""

    manufacturer: str | None
    product: str | None


@dataclass(frozen=True, slots=True)
class Lap:
    start: datetime
    elapsed_s: float
    timer_s: float
    distance_m: float | None
    avg_hr: float | None
    max_hr: int | None


@dataclass(frozen=True, slots=True)
class Split:
    """One kilometre of the record stream (the last one may be shorter), timed on the moving clock."""

    km: int
    distance_m: float
    timer_s: float
    elapsed_s: float
    avg_hr: float | None


@dataclass(frozen=True, slots=True)
class HeartRateZones:
    """Zones as fractions of maximal heart rate.

    Default: Edwards' five "summary heart rate zones" at 50/60/70/80/90 % of HRmax (S. Edwards, *The Heart Rate
    Monitor Book*, 1993), the scheme most watches ship with. HRmax defaults to 194 bpm = 208 − 0.7 × 20 years
    (Tanaka, Monahan & Seals 2001, JACC 37:153), i.e. a typical collegiate athlete; callers that know the
    athlete's measured maximum pass their own ``HeartRateZones(hr_max=...)``.
    """

    hr_max: int = 194
    lower_fractions: tuple[float, ...] = (0.50, 0.60, 0.70, 0.80, 0.90)
    model: str = "edwards_pct_hrmax"

    def lower_bounds_bpm(self) -> tuple[int, ...]:
        return tuple(round(self.hr_max * fraction) for fraction in self.lower_fractions)


DEFAULT_HR_ZONES = HeartRateZones()


@dataclass(frozen=True, slots=True)
class HeartRate:
    """``zone_seconds[0]`` is moving time below zone 1; ``zone_seconds[k]`` is time in zone k."""

    avg: float | None
    max: int | None
    zone_seconds: tuple[float, ...] | None
    zones: HeartRateZones


@dataclass(frozen=True, slots=True)
class QualityFlag:
    """Something implausible or estimated that was kept, not fixed: ``code`` is stable, ``detail`` is prose."""

    code: str
    detail: str


@dataclass(frozen=True, slots=True)
class Activity:
    format: FileFormat
    sha256: str
    sport: str
    sub_sport: str | None
    start: datetime
    elapsed_s: float
    timer_s: float
    distance_m: float | None
    laps: tuple[Lap, ...]
    splits_km: tuple[Split, ...]
    heart_rate: HeartRate | None
    elevation_gain_m: float | None
    elevation_loss_m: float | None
    cadence_avg: float | None
    cadence_max: int | None
    power_avg: float | None
    power_max: int | None
    calories_kcal: int | None
    pool_length_m: float | None
    active_lengths: int | None
    device: Device
    flags: tuple[QualityFlag, ...]
    segment_index: int = 0
    segment_count: int = 1

    @property
    def end(self) -> datetime:
        """When the recording stopped: start plus elapsed (wall-clock) time."""
        return self.start + timedelta(seconds=self.elapsed_s)

    def has_flag(self, code: str) -> bool:
        return any(flag.code == code for flag in self.flags)

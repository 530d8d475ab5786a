"""Workout steps as a nested document: validation rules, totals, and the text an athlete reads.

Pure functions over plain dataclasses (no database), so the S&C arithmetic is tested on its own. A step is one
training event with targets, or a repeat block ("4 × (400 m, 200 m jog)") grouping child steps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

MAX_DEPTH = 3  # a block inside a block inside a workout: deeper nesting is a description, not a plan
MAX_STEPS = 200
# Loads are rounded to what a barbell can hold: 2.5 kg steps (a pair of 1.25 kg plates), the usual gym increment.
PLATE_INCREMENT_KG = Decimal("2.5")


@dataclass(frozen=True)
class Step:
    training_event_id: UUID | None = None
    event_name: str | None = None
    repeat_count: int | None = None
    steps: tuple[Step, ...] = ()
    target_distance_m: int | None = None
    target_duration_sec: int | None = None
    sets: int | None = None
    reps: int | None = None
    load_kg: Decimal | None = None
    load_pct_1rm: Decimal | None = None
    intensity_rpe: int | None = None
    pace_min_sec_per_km: int | None = None
    pace_max_sec_per_km: int | None = None
    hr_zone: int | None = None
    rest_sec: int | None = None
    notes: str | None = None

    @property
    def is_block(self) -> bool:
        return self.repeat_count is not None


@dataclass(frozen=True)
class Totals:
    distance_m: int | None
    duration_sec: int | None
    rpe: int | None


@dataclass
class _Sum:
    distance: float = 0.0
    duration: float = 0.0
    rpe_weighted: float = 0.0
    rpe_weight: float = 0.0
    has_distance: bool = False
    has_duration: bool = False
    rpes: list[int] = field(default_factory=list)

    def add(self, other: _Sum, times: int) -> None:
        self.distance += other.distance * times
        self.duration += other.duration * times
        self.rpe_weighted += other.rpe_weighted * times
        self.rpe_weight += other.rpe_weight * times
        self.has_distance |= other.has_distance
        self.has_duration |= other.has_duration
        self.rpes += other.rpes


def depth(steps: Sequence[Step]) -> int:
    return max((1 + (depth(s.steps) if s.is_block else 0) for s in steps), default=0)


def count(steps: Sequence[Step]) -> int:
    return sum(1 + count(s.steps) for s in steps)


def _step_duration(step: Step) -> float | None:
    """Seconds of one occurrence: the target time, else distance at the middle of the pace range."""
    if step.target_duration_sec is not None:
        return float(step.target_duration_sec)
    if step.target_distance_m is not None and step.pace_min_sec_per_km is not None:
        pace = (step.pace_min_sec_per_km + (step.pace_max_sec_per_km or step.pace_min_sec_per_km)) / 2
        return step.target_distance_m / 1000 * pace
    return None


def _sum(steps: Sequence[Step]) -> _Sum:
    total = _Sum()
    for step in steps:
        if step.is_block:
            total.add(_sum(step.steps), step.repeat_count or 1)
            total.duration += step.rest_sec or 0
            continue
        times = step.sets or 1
        one = _Sum()
        if step.target_distance_m is not None:
            one.distance, one.has_distance = float(step.target_distance_m), True
        duration = _step_duration(step)
        if duration is not None:
            one.duration, one.has_duration = duration, True
        one.duration += step.rest_sec or 0
        if step.intensity_rpe is not None:
            one.rpes.append(step.intensity_rpe)
            if duration:
                one.rpe_weighted, one.rpe_weight = step.intensity_rpe * duration, duration
        total.add(one, times)
    return total


def totals(steps: Sequence[Step]) -> Totals:
    """Planned distance and duration (repeats multiplied out, rests included) and an RPE estimate: the
    duration-weighted mean of the steps' RPE targets, or their highest when no step has a duration."""
    total = _sum(steps)
    if total.rpe_weight:
        rpe: int | None = int(Decimal(total.rpe_weighted / total.rpe_weight).quantize(Decimal(1), ROUND_HALF_UP))
    else:
        rpe = max(total.rpes) if total.rpes else None
    return Totals(
        distance_m=round(total.distance) if total.has_distance else None,
        duration_sec=round(total.duration) if total.has_duration or total.duration else None,
        rpe=rpe,
    )


def scaled(value: int | None, percent: int | None) -> int | None:
    if value is None or percent is None:
        return value
    return round(value * percent / 100)


def kilograms(pct: Decimal, one_rm_kg: Decimal) -> Decimal:
    """A percentage of a 1RM, rounded to the nearest plate increment."""
    raw = pct / 100 * one_rm_kg
    return (raw / PLATE_INCREMENT_KG).quantize(Decimal(1), ROUND_HALF_UP) * PLATE_INCREMENT_KG


def _clock(seconds: int) -> str:
    minutes, sec = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{sec:02d}" if hours else f"{minutes}:{sec:02d}"


def _distance(metres: int) -> str:
    return f"{metres / 1000:g} km" if metres >= 1000 and metres % 100 == 0 else f"{metres} m"


def _kg(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _load(step: Step, maxes: Mapping[UUID, Decimal]) -> tuple[str | None, bool]:
    """The load text, and whether it still has to be set (a % of 1RM without a tested max)."""
    if step.load_kg is not None:
        return f"{_kg(step.load_kg)} kg", False
    if step.load_pct_1rm is None:
        return None, False
    one_rm = maxes.get(step.training_event_id) if step.training_event_id else None
    if one_rm is None:
        return f"{_kg(step.load_pct_1rm)} % 1RM (load to be set: no tested max)", True
    kg = kilograms(step.load_pct_1rm, one_rm)
    return f"{_kg(kg)} kg ({_kg(step.load_pct_1rm)} % of 1RM {_kg(one_rm)} kg)", False


def _line(step: Step, maxes: Mapping[UUID, Decimal]) -> tuple[str, bool]:
    if step.is_block:
        children = [_line(child, maxes) for child in step.steps]
        text = f"{step.repeat_count} × (" + "; ".join(c[0] for c in children) + ")"
        if step.rest_sec:
            text += f", rest {_clock(step.rest_sec)} after"
        return text, any(c[1] for c in children)
    parts: list[str] = [step.event_name or "step"]
    if step.sets and step.reps:
        parts.append(f"{step.sets} × {step.reps}")
    elif step.sets:
        parts.append(f"{step.sets} ×")
    elif step.reps:
        parts.append(f"{step.reps} reps")
    if step.target_distance_m is not None:
        parts.append(_distance(step.target_distance_m))
    if step.target_duration_sec is not None:
        parts.append(_clock(step.target_duration_sec))
    load, to_set = _load(step, maxes)
    if load:
        parts.append(f"@ {load}")
    if step.pace_min_sec_per_km is not None:
        slow = step.pace_max_sec_per_km or step.pace_min_sec_per_km
        pace = _clock(step.pace_min_sec_per_km) + ("" if slow == step.pace_min_sec_per_km else f"–{_clock(slow)}")
        parts.append(f"pace {pace}/km")
    if step.intensity_rpe is not None:
        parts.append(f"RPE {step.intensity_rpe}")
    if step.hr_zone is not None:
        parts.append(f"HR zone {step.hr_zone}")
    if step.rest_sec:
        parts.append(f"rest {_clock(step.rest_sec)}")
    text = " ".join(parts[:1]) + (": " + ", ".join(parts[1:]) if len(parts) > 1 else "")
    if step.notes:
        text += f" ({step.notes})"
    return text, to_set


def render(steps: Sequence[Step], maxes: Mapping[UUID, Decimal] | None = None) -> tuple[str, bool]:
    """One line per top-level step, loads in the athlete's kilograms; and whether any load is still to be set."""
    lines = [_line(step, maxes or {}) for step in steps]
    return "\n".join(f"{i}. {text}" for i, (text, _) in enumerate(lines, 1)), any(flag for _, flag in lines)

"""What publishing a practice means, as pure functions: the sessions a practice asks for, and how they differ
from the sessions it already produced.

``derive`` turns a practice (its workouts per event group, the roster on the day, the overrides, the athletes'
strength maxes) into one ``Planned`` session per athlete and workout. ``diff`` matches them to the practice's
existing sessions by lineage — (athlete, practice workout) for assigned workouts, (athlete, workout) for added
ones — and sorts every session into created / updated / removed / unchanged / kept_completed. Completed
sessions are never touched: what an athlete did keeps the plan they did it against.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from uuid import UUID

from trainingops.planning.steps import Step, render, scaled

RPE_MIN, RPE_MAX = 1, 10  # the Borg CR-10 scale the spec uses for planned_rpe


@dataclass(frozen=True)
class WorkoutPlan:
    id: UUID
    name: str
    category: str
    description: str | None
    distance_m: int | None
    duration_sec: int | None
    rpe: int | None
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class Entry:
    """A workout of the practice, for one event group (None = everyone)."""

    id: UUID
    workout_id: UUID
    event_group_id: UUID | None
    position: int


@dataclass(frozen=True)
class Override:
    athlete_id: UUID
    kind: str  # exclude | replace | scale | add
    entry_id: UUID | None = None
    workout_id: UUID | None = None
    distance_pct: int | None = None
    duration_pct: int | None = None
    rpe_shift: int | None = None
    note: str | None = None
    id: UUID | None = None


@dataclass(frozen=True)
class PracticeInputs:
    practice_id: UUID
    title: str
    practice_date: date
    team_season_id: UUID
    entries: Sequence[Entry]
    workouts: Mapping[UUID, WorkoutPlan]
    roster: Sequence[tuple[UUID, UUID | None]]  # (athlete, event group) entries active on the practice date
    overrides: Sequence[Override] = ()
    maxes: Mapping[UUID, Mapping[UUID, Decimal]] = field(default_factory=dict)  # athlete -> event -> 1RM kg


Key = tuple[UUID, UUID | None, UUID | None]  # (athlete, practice workout, workout for added ones)


@dataclass(frozen=True)
class Planned:
    athlete_id: UUID
    entry_id: UUID | None
    workout_id: UUID
    workout_category: str
    title: str
    planned_description: str
    planned_distance_m: int | None
    planned_duration_sec: int | None
    planned_rpe: int | None
    scheduled_date: date
    load_to_be_set: bool = False

    @property
    def key(self) -> Key:
        return (self.athlete_id, self.entry_id, self.workout_id if self.entry_id is None else None)

    def plan(self) -> tuple[object, ...]:
        return (
            self.workout_id,
            self.workout_category,
            self.title,
            self.planned_description,
            self.planned_distance_m,
            self.planned_duration_sec,
            self.planned_rpe,
            self.scheduled_date,
        )


@dataclass(frozen=True)
class Existing:
    id: UUID
    athlete_id: UUID
    entry_id: UUID | None
    workout_id: UUID | None
    completed: bool
    plan: tuple[object, ...]  # same order as Planned.plan()

    @property
    def key(self) -> Key:
        return (self.athlete_id, self.entry_id, self.workout_id if self.entry_id is None else None)


@dataclass
class Changes:
    create: list[Planned] = field(default_factory=list)
    update: list[tuple[UUID, Planned]] = field(default_factory=list)
    remove: list[UUID] = field(default_factory=list)
    unchanged: list[UUID] = field(default_factory=list)
    kept_completed: list[UUID] = field(default_factory=list)
    completed_keys: set[Key] = field(default_factory=set)  # planned sessions the athlete already did


def _session(
    inputs: PracticeInputs, athlete: UUID, entry: UUID | None, workout: WorkoutPlan, overrides: Iterable[Override]
) -> Planned:
    distance, duration, rpe = workout.distance_m, workout.duration_sec, workout.rpe
    notes = []
    for override in overrides:
        if override.kind == "scale":
            distance = scaled(distance, override.distance_pct)
            duration = scaled(duration, override.duration_pct)
            if rpe is not None and override.rpe_shift:
                rpe = min(RPE_MAX, max(RPE_MIN, rpe + override.rpe_shift))
            scale = [
                f"distance {override.distance_pct} %" if override.distance_pct is not None else "",
                f"duration {override.duration_pct} %" if override.duration_pct is not None else "",
                f"RPE {override.rpe_shift:+d}" if override.rpe_shift else "",
            ]
            notes.append("Adjusted for you: " + ", ".join(s for s in scale if s))
        if override.note:
            notes.append(f"Note: {override.note}")
    steps_text, to_set = render(workout.steps, inputs.maxes.get(athlete, {}))
    parts = [f"{inputs.title} — {workout.name}", workout.description or "", steps_text, *notes]
    return Planned(
        athlete_id=athlete,
        entry_id=entry,
        workout_id=workout.id,
        workout_category=workout.category,
        title=workout.name[:200],
        planned_description="\n\n".join(p for p in parts if p)[:10000],
        planned_distance_m=distance,
        planned_duration_sec=duration,
        planned_rpe=rpe,
        scheduled_date=inputs.practice_date,
        load_to_be_set=to_set,
    )


def _groups(roster: Sequence[tuple[UUID, UUID | None]]) -> dict[UUID, set[UUID | None]]:
    groups: dict[UUID, set[UUID | None]] = {}
    for athlete, group in roster:
        groups.setdefault(athlete, set()).add(group)
    return groups


def _given(groups: Mapping[UUID, set[UUID | None]], athlete: UUID, entry: Entry) -> bool:
    return athlete in groups and (entry.event_group_id is None or entry.event_group_id in groups[athlete])


def derive(inputs: PracticeInputs) -> list[Planned]:
    """One planned session per athlete and workout, overrides applied, in a stable order."""
    by_athlete: dict[UUID, list[Override]] = {}
    for override in inputs.overrides:
        by_athlete.setdefault(override.athlete_id, []).append(override)
    groups = _groups(inputs.roster)
    planned: list[Planned] = []
    for entry in sorted(inputs.entries, key=lambda e: (e.position, str(e.id))):
        for athlete in sorted(groups, key=str):
            if not _given(groups, athlete, entry):
                continue
            mine = by_athlete.get(athlete, [])
            if any(o.kind == "exclude" and o.entry_id in (None, entry.id) for o in mine):
                continue
            replacement = next((o.workout_id for o in mine if o.kind == "replace" and o.entry_id == entry.id), None)
            workout = inputs.workouts[replacement or entry.workout_id]
            relevant = [o for o in mine if o.kind in ("scale", "replace") and o.entry_id in (None, entry.id)]
            planned.append(_session(inputs, athlete, entry.id, workout, relevant))
    for override in inputs.overrides:
        if override.kind == "add" and override.workout_id is not None:
            planned.append(
                _session(
                    inputs,
                    override.athlete_id,
                    None,
                    inputs.workouts[override.workout_id],
                    [replace(override, kind="add")],
                )
            )
    return planned


def not_applied(inputs: PracticeInputs) -> list[Override]:
    """Exclude, scale and replace overrides that change nothing: the practice does not give the athlete the
    workout they name (or any workout, for one naming none). The database refuses such an override when it is
    written; it can still happen later, when the roster, an event group or the practice date changes."""
    groups = _groups(inputs.roster)
    entries = {entry.id: entry for entry in inputs.entries}
    missed = []
    for override in inputs.overrides:
        if override.kind == "add":
            continue
        named = [entries[override.entry_id]] if override.entry_id in entries else []
        targets = named if override.entry_id is not None else list(inputs.entries)
        if not any(_given(groups, override.athlete_id, entry) for entry in targets):
            missed.append(override)
    return missed


def diff(planned: Sequence[Planned], existing: Sequence[Existing]) -> Changes:
    changes = Changes()
    current = {session.key: session for session in existing}
    wanted = {session.key for session in planned}
    for session in planned:
        found = current.get(session.key)
        if found is None:
            changes.create.append(session)
        elif found.completed:
            changes.kept_completed.append(found.id)
            changes.completed_keys.add(session.key)
        elif found.plan == session.plan():
            changes.unchanged.append(found.id)
        else:
            changes.update.append((found.id, session))
    for old in existing:
        if old.key not in wanted:
            (changes.kept_completed if old.completed else changes.remove).append(old.id)
    return changes

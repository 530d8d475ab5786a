"""Request shapes of the planning API. Unknown fields are refused; steps are one validated nested document."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, model_validator

from trainingops.planning import steps as step_rules
from trainingops.sessions.schemas import Category, Distance, Duration, Rpe

Measure = Literal["distance", "time", "repetitions", "load"]
# A practice's start is a wall-clock time in the program's time zone, without an offset (JSON Schema's "time"
# format is RFC 3339's, which requires one).
LOCAL_TIME = {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$", "description": "Local time, HH:MM[:SS]."}
StartTime = Annotated[time, WithJsonSchema(LOCAL_TIME)]
LocalTime = Annotated[str, WithJsonSchema(LOCAL_TIME)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Notes = Annotated[str, Field(max_length=10_000)]
PLANNED_RPE = (
    "Session RPE, the coach's rating of the whole session (Foster et al. 2001): kept as given when the steps change. "
    "Without it the steps' estimate is used and the workout says planned_rpe_source 'steps', planned_rpe_estimated true."
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TrainingEventCreate(_Strict):
    name: Annotated[str, Field(min_length=1, max_length=120)]
    workout_category: Category
    measure: Measure
    description: Annotated[str, Field(max_length=4000)] | None = None


class TrainingEventUpdate(_Strict):
    name: Annotated[str, Field(min_length=1, max_length=120)] | None = None
    workout_category: Category | None = None
    measure: Measure | None = None
    description: Annotated[str, Field(max_length=4000)] | None = None


class StepIn(_Strict):
    """A training event with targets, or a repeat block (``repeat`` + ``steps``)."""

    training_event_id: UUID | None = None
    repeat: Annotated[int, Field(ge=1, le=100)] | None = None
    steps: list[StepIn] | None = None
    target_distance_m: Annotated[int, Field(ge=1, le=1_000_000)] | None = None
    target_duration_sec: Annotated[int, Field(ge=1, le=172_800)] | None = None
    sets: Annotated[int, Field(ge=1, le=100)] | None = None
    reps: Annotated[int, Field(ge=1, le=1000)] | None = None
    load_kg: Annotated[Decimal, Field(ge=0, le=1000, decimal_places=1)] | None = None
    load_pct_1rm: Annotated[Decimal, Field(ge=1, le=120, decimal_places=1)] | None = None
    intensity_rpe: Rpe | None = None
    pace_min_sec_per_km: Annotated[int, Field(ge=90, le=1800, description="Fastest pace, s/km")] | None = None
    pace_max_sec_per_km: Annotated[int, Field(ge=90, le=1800, description="Slowest pace, s/km")] | None = None
    hr_zone: Annotated[int, Field(ge=1, le=5)] | None = None
    rest_sec: Annotated[int, Field(ge=0, le=7200)] | None = None
    notes: Annotated[str, Field(max_length=2000)] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> StepIn:
        is_block = self.repeat is not None or self.steps is not None
        if is_block:
            if self.repeat is None or not self.steps:
                raise ValueError("a repeat block needs both repeat and a non-empty steps list")
            targets = [
                self.training_event_id,
                self.target_distance_m,
                self.target_duration_sec,
                self.sets,
                self.reps,
                self.load_kg,
                self.load_pct_1rm,
                self.intensity_rpe,
                self.pace_min_sec_per_km,
                self.pace_max_sec_per_km,
                self.hr_zone,
            ]
            if any(t is not None for t in targets):
                raise ValueError("a repeat block holds steps and a rest, not targets of its own")
        elif self.training_event_id is None:
            raise ValueError("a step needs a training_event_id (or repeat + steps for a block)")
        if self.load_kg is not None and self.load_pct_1rm is not None:
            raise ValueError("give the load in kg or in % of 1RM, not both")
        if (
            self.pace_min_sec_per_km is not None
            and self.pace_max_sec_per_km is not None
            and self.pace_min_sec_per_km > self.pace_max_sec_per_km
        ):
            raise ValueError("pace_min_sec_per_km (fastest) must not be slower than pace_max_sec_per_km")
        return self

    def to_step(self) -> step_rules.Step:
        return step_rules.Step(
            training_event_id=self.training_event_id,
            repeat_count=self.repeat,
            steps=tuple(s.to_step() for s in self.steps or []),
            target_distance_m=self.target_distance_m,
            target_duration_sec=self.target_duration_sec,
            sets=self.sets,
            reps=self.reps,
            load_kg=self.load_kg,
            load_pct_1rm=self.load_pct_1rm,
            intensity_rpe=self.intensity_rpe,
            pace_min_sec_per_km=self.pace_min_sec_per_km,
            pace_max_sec_per_km=self.pace_max_sec_per_km,
            hr_zone=self.hr_zone,
            rest_sec=self.rest_sec,
            notes=self.notes,
        )


def _check_steps(steps: list[StepIn] | None) -> None:
    if steps is None:
        return
    tree = [s.to_step() for s in steps]
    if step_rules.depth(tree) > step_rules.MAX_DEPTH:
        raise ValueError(f"steps nest at most {step_rules.MAX_DEPTH} levels deep (a block in a block)")
    if step_rules.count(tree) > step_rules.MAX_STEPS:
        raise ValueError(f"a workout has at most {step_rules.MAX_STEPS} steps")


class WorkoutCreate(_Strict):
    name: Name
    workout_category: Category
    description: Notes | None = None
    steps: list[StepIn] = Field(default_factory=list)
    # Used only when the steps do not give them (a workout described in words).
    planned_distance_m: Distance | None = None
    planned_duration_sec: Duration | None = None
    planned_rpe: Rpe | None = Field(default=None, description=PLANNED_RPE)

    @model_validator(mode="after")
    def _steps_ok(self) -> WorkoutCreate:
        _check_steps(self.steps)
        return self


class WorkoutUpdate(_Strict):
    name: Name | None = None
    workout_category: Category | None = None
    description: Notes | None = None
    steps: list[StepIn] | None = None
    planned_distance_m: Distance | None = None
    planned_duration_sec: Duration | None = None
    planned_rpe: Rpe | None = Field(
        default=None, description=PLANNED_RPE + " Send null to estimate it from the steps again."
    )

    @model_validator(mode="after")
    def _steps_ok(self) -> WorkoutUpdate:
        _check_steps(self.steps)
        return self


class WorkoutCopy(_Strict):
    name: Name | None = Field(default=None, description='Default: "<name> (copy)".')


class PracticeCreate(_Strict):
    practice_date: date
    title: Name
    start_time: StartTime | None = None
    location: Annotated[str, Field(max_length=200)] | None = None
    notes: Notes | None = None


class PracticeUpdate(_Strict):
    practice_date: date | None = None
    title: Name | None = None
    start_time: StartTime | None = None
    location: Annotated[str, Field(max_length=200)] | None = None
    notes: Notes | None = None


def _distinct(days: list[date], what: str) -> list[date]:
    if len(set(days)) != len(days):
        raise ValueError(f"{what} must not repeat a date")
    return days


class PracticeCopy(_Strict):
    dates: Annotated[list[date], Field(min_length=1, max_length=60)] = Field(
        description="Each day gets a draft copy: the practice's fields, workouts per event group and overrides."
    )

    @model_validator(mode="after")
    def _distinct_dates(self) -> PracticeCopy:
        _distinct(self.dates, "dates")
        return self


class WeekCopy(_Strict):
    week_of: date = Field(description="Any day of the week to copy (weeks run Monday to Sunday).")
    to_weeks: Annotated[list[date], Field(min_length=1, max_length=26)] = Field(
        description="Any day of each week to copy it to; each practice lands on the same weekday."
    )

    @model_validator(mode="after")
    def _other_weeks(self) -> WeekCopy:
        _distinct(self.to_weeks, "to_weeks")
        monday = self.week_of.toordinal() - self.week_of.weekday()
        if any(d.toordinal() - d.weekday() == monday for d in self.to_weeks):
            raise ValueError("to_weeks must name other weeks than week_of's")
        return self


class PracticeWorkoutCreate(_Strict):
    workout_id: UUID
    event_group_id: UUID | None = Field(default=None, description="null: everyone on the roster")
    position: Annotated[int, Field(ge=1, le=100)] | None = Field(default=None, description="Default: last")


class PracticeWorkoutUpdate(_Strict):
    workout_id: UUID | None = None
    event_group_id: UUID | None = None
    position: Annotated[int, Field(ge=1, le=100)] | None = None


class AssignmentCreate(_Strict):
    athlete_id: UUID
    kind: Literal["exclude", "replace", "scale", "add"]
    practice_session_workout_id: UUID | None = None
    workout_id: UUID | None = None
    distance_pct: Annotated[int, Field(ge=0, le=300)] | None = None
    duration_pct: Annotated[int, Field(ge=0, le=300)] | None = None
    rpe_shift: Annotated[int, Field(ge=-9, le=9)] | None = None
    note: Annotated[str, Field(max_length=2000)] | None = None

    @model_validator(mode="after")
    def _fields_fit_kind(self) -> AssignmentCreate:
        scaling = [self.distance_pct, self.duration_pct, self.rpe_shift]
        problems = {
            "exclude": self.workout_id is not None or any(v is not None for v in scaling),
            "replace": self.practice_session_workout_id is None
            or self.workout_id is None
            or any(v is not None for v in scaling),
            "scale": self.workout_id is not None or all(v is None for v in scaling),
            "add": self.workout_id is None
            or self.practice_session_workout_id is not None
            or any(v is not None for v in scaling),
        }
        if problems[self.kind]:
            raise ValueError(
                "exclude takes no workout or scaling; replace needs practice_session_workout_id and workout_id; "
                "scale needs distance_pct, duration_pct or rpe_shift; add needs workout_id and no "
                "practice_session_workout_id"
            )
        return self


class AssignmentUpdate(_Strict):
    distance_pct: Annotated[int, Field(ge=0, le=300)] | None = None
    duration_pct: Annotated[int, Field(ge=0, le=300)] | None = None
    rpe_shift: Annotated[int, Field(ge=-9, le=9)] | None = None
    workout_id: UUID | None = None
    note: Annotated[str, Field(max_length=2000)] | None = None


class StrengthMaxCreate(_Strict):
    training_event_id: UUID
    one_rm_kg: Annotated[Decimal, Field(gt=0, le=1000, decimal_places=1)]
    tested_on: date


class StrengthMaxUpdate(_Strict):
    one_rm_kg: Annotated[Decimal, Field(gt=0, le=1000, decimal_places=1)] | None = None
    tested_on: date | None = None


class CreatedSession(BaseModel):
    id: UUID | None
    athlete_id: UUID
    workout_id: UUID
    practice_session_workout_id: UUID | None


class NotAppliedOverride(BaseModel):
    id: UUID
    athlete_id: UUID
    kind: Literal["exclude", "replace", "scale"]
    practice_session_workout_id: UUID | None


class LoadToBeSet(BaseModel):
    athlete_id: UUID
    workout_id: UUID


class WithoutWith(BaseModel):
    without: float | None = Field(description="Without this practice (null: not enough history).")
    with_: float | None = Field(alias="with", description="With this practice.")


class LoadEffect(BaseModel):
    athlete_id: UUID
    name: str
    acwr_ewma: WithoutWith = Field(description="Acute:chronic load ratio (EWMA) on the practice day.")
    fitness_ctl: WithoutWith = Field(description="Fitness (CTL) on the practice day.")
    form_tsb_next_morning: WithoutWith = Field(description="Form (TSB) going into the next day.")
    summary: str


class AthleteChanges(BaseModel):
    athlete_id: UUID
    created: int
    updated: int
    removed: int
    unchanged: int
    kept_completed: int


class PublishReport(BaseModel):
    practice_session_id: UUID
    status: Literal["draft", "published", "cancelled"]
    version: int = Field(description='The practice\'s version after the call (its ETag is "v<version>").')
    created: list[CreatedSession]
    updated: list[UUID]
    removed: list[UUID]
    unchanged: list[UUID]
    kept_completed: list[UUID]
    loads_to_be_set: list[LoadToBeSet] = Field(
        description="Sessions whose % of 1RM could not be turned into kilograms (no tested max): set the load."
    )
    overrides_not_applied: list[NotAppliedOverride] = Field(
        default_factory=list,
        description=(
            "Exclude, scale and replace overrides that changed nothing: the practice no longer gives the athlete the "
            "workout they name (the roster, an event group or the date changed since the override was made)."
        ),
    )
    athletes: list[AthleteChanges] = Field(
        default_factory=list,
        description="The same changes counted per athlete they touch (sessions), by athlete id.",
    )
    load_effect: list[LoadEffect] | None = Field(
        default=None,
        description=(
            "Preview only: per affected athlete, the acute:chronic ratio (EWMA) and fitness (CTL) on the practice "
            "day and form (TSB) the morning after, without and with this practice; null for a past practice."
        ),
    )

"""Request and response shapes of the athlete app's field routes: the group stopwatch and strength work per set."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

# A rep of a track session is under a day; ms are what a stopwatch shows.
MAX_SPLIT_MS = 86_400_000
MAX_REPS = 100  # as workout_steps.repeat_count
MAX_ATHLETES = 200


class RepSplit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    split_ms: Annotated[int, Field(ge=1, le=MAX_SPLIT_MS)] | None = Field(
        default=None, description="The rep's time in milliseconds; null for a rep not finished (dnf)"
    )
    dnf: bool = Field(default=False, description="Did not finish this rep (a late start that missed it, too)")
    distance_m: Annotated[int, Field(ge=1, le=100_000)] | None = Field(
        default=None, description="This rep's distance when it differs from rep_distance_m"
    )

    @model_validator(mode="after")
    def _time_or_dnf(self) -> RepSplit:
        if (self.split_ms is None) != self.dnf:
            raise ValueError("a rep has a split_ms, or is dnf without one")
        return self


class AthleteSplits(BaseModel):
    model_config = ConfigDict(extra="forbid")

    athlete_id: UUID
    reps: Annotated[list[RepSplit], Field(min_length=1, max_length=MAX_REPS)]


class SplitsFiling(BaseModel):
    """What the coach's stopwatch saves: every athlete's splits per rep, in one transaction."""

    model_config = ConfigDict(extra="forbid")

    practice_session_workout_id: UUID | None = Field(
        default=None, description="The practice's workout that was timed; needed when athletes have two run sessions"
    )
    rep_distance_m: Annotated[int, Field(ge=1, le=100_000)] | None = Field(
        default=None, description="Distance of each rep (e.g. 800); per-rep distance_m overrides it"
    )
    athletes: Annotated[list[AthleteSplits], Field(min_length=1, max_length=MAX_ATHLETES)]

    @model_validator(mode="after")
    def _each_athlete_once(self) -> SplitsFiling:
        ids = [a.athlete_id for a in self.athletes]
        if len(set(ids)) != len(ids):
            raise ValueError("each athlete appears once")
        return self


class FiledSession(BaseModel):
    athlete_id: UUID
    session_id: UUID
    version: int
    actual_duration_sec: int
    actual_distance_m: int | None


class SplitsFiled(BaseModel):
    practice_session_id: UUID
    sessions: list[FiledSession]


SetStatus = Literal["done", "skipped", "added"]


class DoneSet(BaseModel):
    """One set as the athlete did it (schema strength/1)."""

    model_config = ConfigDict(extra="forbid")

    step_id: UUID | None = Field(default=None, description="The prescribed step (null for an added exercise)")
    training_event_id: UUID | None = Field(default=None, description="The exercise (defaults to the step's)")
    exercise: Annotated[str, Field(min_length=1, max_length=100)] | None = Field(
        default=None, description="An added exercise that is not a training event you can see, by name"
    )
    set_number: Annotated[int, Field(ge=1, le=100)]
    status: SetStatus
    load_kg: Annotated[Decimal, Field(ge=0, le=1000, decimal_places=1)] | None = None
    reps: Annotated[int, Field(ge=0, le=1000)] | None = None

    @model_validator(mode="after")
    def _done_has_work(self) -> DoneSet:
        if self.status != "skipped" and self.reps is None:
            raise ValueError("a done or added set has reps")
        if self.step_id is None and self.training_event_id is None and self.exercise is None:
            raise ValueError("name the step, or the exercise of an added set")
        return self


class SetLog(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sets: Annotated[list[DoneSet], Field(max_length=500)]


class SetRow(BaseModel):
    step_id: UUID | None
    training_event_id: UUID | None
    event_name: str | None = Field(description="The training event's name, or an added exercise's")
    set_number: int
    prescribed_reps: int | None
    prescribed_load_kg: float | None
    status: SetStatus | None = Field(description="null: not logged yet")
    load_kg: float | None
    reps: int | None
    estimated_1rm_kg: float | None = Field(description="Epley 1985 from the set done, for 1-10 reps")


class SessionSets(BaseModel):
    session_id: UUID
    athlete_id: UUID
    version: int
    sets: list[SetRow]


class PracticeSets(BaseModel):
    practice_session_id: UUID
    sessions: list[SessionSets]


class MaxFromSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    step_id: UUID | None = None
    training_event_id: UUID | None = None
    set_number: Annotated[int, Field(ge=1, le=100)]
    confirm: bool = Field(description="false: the estimate only; true: the coach confirms and the max is saved")


class MaxEstimate(BaseModel):
    athlete_id: UUID
    training_event_id: UUID
    load_kg: float
    reps: int
    one_rm_kg: float = Field(description="Epley 1985: load × (1 + reps / 30), to 0.1 kg")
    tested_on: str
    saved: bool
    strength_max_id: UUID | None

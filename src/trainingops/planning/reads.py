"""Response shapes of the planning API (documentation: rows leave PostgreSQL as JSON, ``to_jsonb``, and are passed
through; the contract test checks them against real answers)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from trainingops.api.openapi import absent
from trainingops.planning.schemas import LocalTime, Measure
from trainingops.sessions.schemas import Category

Version = Annotated[int, Field(description='Bumped on every change; the ETag is "v<version>".')]


class TrainingEventRead(BaseModel):
    id: UUID
    program_id: UUID
    name: str
    workout_category: Category
    measure: Measure
    description: str | None
    created_at: datetime
    updated_at: datetime
    version: Version


class StepRead(BaseModel):
    """A stored step: a training event with targets, or a repeat block (``repeat`` and ``steps``)."""

    id: UUID
    position: int = Field(description="Order among its siblings, from 1.")
    training_event_id: UUID | None
    event_name: str | None
    target_distance_m: int | None
    target_duration_sec: int | None
    sets: int | None
    reps: int | None
    load_kg: float | None
    load_pct_1rm: float | None
    intensity_rpe: int | None
    pace_min_sec_per_km: int | None
    pace_max_sec_per_km: int | None
    hr_zone: int | None
    rest_sec: int | None
    notes: str | None
    repeat: int = absent("Blocks only: how many times its steps repeat.")
    steps: list[StepRead] = absent("Blocks only: the steps repeated.")


class WorkoutSummary(BaseModel):
    """A workout as lists show it: without its steps."""

    id: UUID
    program_id: UUID
    name: str
    workout_category: Category
    description: str | None
    planned_distance_m: int | None
    planned_duration_sec: int | None
    planned_rpe: int | None
    planned_rpe_source: Literal["coach", "steps"]
    planned_rpe_estimated: bool
    created_at: datetime
    updated_at: datetime
    version: Version


class WorkoutRead(WorkoutSummary):
    steps: list[StepRead] = Field(description="The nested step document, as sent (with ids and event names).")


class PracticeRead(BaseModel):
    id: UUID
    program_id: UUID
    team_season_id: UUID
    practice_date: date
    start_time: LocalTime | None
    location: str | None
    title: str
    notes: str | None
    status: Literal["draft", "published", "cancelled"]
    published_at: datetime | None
    published_by_member_id: UUID | None
    created_at: datetime
    updated_at: datetime
    version: Version


class PracticeWorkoutRead(BaseModel):
    id: UUID
    program_id: UUID
    practice_session_id: UUID
    workout_id: UUID
    event_group_id: UUID | None = Field(description="null: everyone on the roster")
    position: int
    created_at: datetime
    updated_at: datetime
    version: Version


class AssignmentRead(BaseModel):
    id: UUID
    program_id: UUID
    practice_session_id: UUID
    athlete_id: UUID
    kind: Literal["exclude", "replace", "scale", "add"]
    practice_session_workout_id: UUID | None
    workout_id: UUID | None
    distance_pct: int | None
    duration_pct: int | None
    rpe_shift: int | None
    note: str | None
    created_at: datetime
    updated_at: datetime
    version: Version


class StrengthMaxRead(BaseModel):
    id: UUID
    program_id: UUID
    athlete_id: UUID
    training_event_id: UUID
    one_rm_kg: float
    tested_on: date
    created_at: datetime
    updated_at: datetime
    version: Version


class TrainingEventList(BaseModel):
    items: list[TrainingEventRead]


class WorkoutSummaryList(BaseModel):
    items: list[WorkoutSummary]


class PracticeList(BaseModel):
    items: list[PracticeRead]


class PracticeWorkoutList(BaseModel):
    items: list[PracticeWorkoutRead]


class AssignmentList(BaseModel):
    items: list[AssignmentRead]


class StrengthMaxList(BaseModel):
    items: list[StrengthMaxRead]

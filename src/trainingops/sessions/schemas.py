"""Request and response shapes of the sessions API. Every request model forbids unknown fields (no mass
assignment), and each role has its own: what staff may send differs from what an athlete may send."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from trainingops.api.http import json_depth

# Bounds mirror the database constraints (0001) so most bad input is caught with a field pointer first.
MAX_DISTANCE_M = 1_000_000
MAX_DURATION_SEC = 172_800
METRICS_JSON_MAX_BYTES = 65_536
# Summaries nest three or four levels (activity/1: segments -> laps -> splits, docs/files.md); 16 leaves room and
# keeps every parser on the way (Python's, PostgreSQL's) far from its recursion limit.
METRICS_JSON_MAX_DEPTH = 16
MAX_ATHLETES_PER_ASSIGNMENT = 500

Category = Literal["run", "gym", "cross_training", "other"]
Source = Literal["coach_assigned", "self_assigned"]
Status = Literal["planned", "completed", "missed"]
Band = Literal["green", "yellow", "red"]
Rpe = Annotated[int, Field(ge=1, le=10, description="Rating of perceived exertion, 1–10.")]
Distance = Annotated[int, Field(ge=0, le=MAX_DISTANCE_M, description="Metres.")]
Duration = Annotated[int, Field(ge=0, le=MAX_DURATION_SEC, description="Seconds.")]
Title = Annotated[str, Field(max_length=200)]
Text = Annotated[str, Field(max_length=10_000)]
ExternalId = Annotated[str, Field(min_length=1, max_length=200, description="The importer's own id for a session.")]


def _metrics_size(value: dict[str, Any] | None) -> dict[str, Any] | None:
    import json

    if value is None:
        return value
    if json_depth(value, stop_above=METRICS_JSON_MAX_DEPTH) > METRICS_JSON_MAX_DEPTH:  # first: serialising recurses
        raise ValueError(f"metrics_json is nested too deeply: at most {METRICS_JSON_MAX_DEPTH} levels")
    if len(json.dumps(value, separators=(",", ":")).encode()) > METRICS_JSON_MAX_BYTES:
        raise ValueError("metrics_json is too large: at most 64 KiB (summaries, not raw streams)")
    return value


Metrics = Annotated[dict[str, Any], AfterValidator(_metrics_size)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlanFields(_Strict):
    workout_category: Category | None = None
    title: Title | None = None
    planned_description: Text | None = None
    planned_distance_m: Distance | None = None
    planned_duration_sec: Duration | None = None
    planned_rpe: Rpe | None = None
    scheduled_date: date | None = None


class ActualFields(_Strict):
    actual_distance_m: Distance | None = None
    actual_duration_sec: Duration | None = None
    actual_rpe: Rpe | None = None
    actual_description: Text | None = None
    metrics_json: Metrics | None = None


class CoachAssignment(PlanFields):
    """Staff assign one session to one or many athletes: all rows are created or none."""

    athlete_ids: list[UUID] = Field(min_length=1, max_length=MAX_ATHLETES_PER_ASSIGNMENT)
    workout_category: Category
    scheduled_date: date
    team_season_id: UUID | None = Field(default=None, description="A season of your program (recommended).")
    coach_member_id: UUID | None = Field(
        default=None, description="The assigning staff membership; defaults to yours in the season's program."
    )

    @model_validator(mode="after")
    def _unique_athletes(self) -> CoachAssignment:
        if len(set(self.athlete_ids)) != len(self.athlete_ids):
            raise ValueError("athlete_ids contains the same athlete twice")
        return self


class SelfAssignment(PlanFields, ActualFields):
    """An athlete plans or logs their own session. Send completed_at (and actuals) to log one already done."""

    workout_category: Category
    team_season_id: UUID | None = Field(default=None, description="A season whose roster you are on.")
    completed_at: datetime | None = None

    @model_validator(mode="after")
    def _has_a_day(self) -> SelfAssignment:
        if self.scheduled_date is None and self.completed_at is None:
            raise ValueError("send scheduled_date, or completed_at for a session already done")
        return self


class StaffSessionPatch(PlanFields, ActualFields):
    """Staff may change any field of their program's sessions except id, athlete_id and source."""

    team_season_id: UUID | None = None
    coach_member_id: UUID | None = None
    completed_at: datetime | None = None


class AthleteSessionPatch(PlanFields, ActualFields):
    """Athletes log what they did; the plan of a coach-assigned session is the coach's (refused with the code
    planned_fields_locked), the plan of their own self-assigned session is theirs."""

    completed_at: datetime | None = None


class CompleteSession(ActualFields):
    completed_at: datetime | None = Field(default=None, description="Defaults to now.")


class Measure(BaseModel):
    planned: float | None
    actual: float | None
    percent: int | None = Field(description="Actual as a whole percentage of planned.")
    band: Band | None = Field(description="green 80–120 %, yellow 50–79 % or 121–150 %, red otherwise.")


class Compliance(BaseModel):
    duration: Measure
    distance: Measure
    rpe: Measure
    overall: Band | None = Field(description="Duration's band, else distance's, else RPE's; red when missed.")


class SessionRead(BaseModel):
    id: UUID
    athlete_id: UUID
    source: Source
    coach_member_id: UUID | None
    team_season_id: UUID | None
    scheduled_date: date | None
    completed_at: datetime | None
    workout_category: Category
    title: str | None
    planned_description: str | None
    planned_distance_m: int | None
    planned_duration_sec: int | None
    planned_rpe: int | None
    actual_distance_m: int | None
    actual_duration_sec: int | None
    actual_rpe: int | None
    actual_description: str | None
    metrics_json: dict[str, Any] | None
    practice_session_id: UUID | None
    practice_session_workout_id: UUID | None
    workout_id: UUID | None
    external_id: str | None = Field(description="The importer's own id for the session (CSV import), if any.")
    import_batch_id: UUID | None = Field(description="The CSV import that created the session, if any.")
    session_date: date
    status: Status
    compliance: Compliance | None
    reviewed_by: UUID | None = Field(description="The staff user who marked the session reviewed; null if unreviewed.")
    reviewed_at: datetime | None = Field(description="When it was marked reviewed.")
    created_at: datetime
    updated_at: datetime
    version: int


class SessionPage(BaseModel):
    items: list[SessionRead]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")


class SessionList(BaseModel):
    items: list[SessionRead]


class HistoryEntry(BaseModel):
    id: int
    operation: Literal["insert", "update", "delete"]
    changed_at: datetime
    changed_by: UUID | None
    changed_by_name: str | None
    changes: dict[str, dict[str, Any]]


class HistoryList(BaseModel):
    items: list[HistoryEntry]


# Bodies validated by hand against the caller's own model (staff or athlete): published in the document.
PER_CALLER_BODIES: tuple[type[BaseModel], ...] = (
    CoachAssignment,
    SelfAssignment,
    StaffSessionPatch,
    AthleteSessionPatch,
)


class DuplicateRow(BaseModel):
    row: int = Field(description="The CSV row (row 1 is the header).")
    id: UUID = Field(description="The existing session it matched.")
    match: Literal["external_id", "identical"] = Field(description="How it matched.")


class ImportReport(BaseModel):
    batch_id: UUID | None = Field(description="The import batch (undo it as a whole); null on a dry run.")
    rows: int = Field(description="Data rows read (the header not counted).")
    created: int = Field(description="Sessions created: 0 on a dry run.")
    duplicates: int = Field(description="Rows that matched an existing session and were not created again.")
    dry_run: bool
    created_ids: list[UUID] = Field(description="The created sessions, in the order of their rows.")
    duplicate_rows: list[DuplicateRow]


class ImportBatchRead(BaseModel):
    id: UUID
    imported_by: UUID | None
    program_ids: list[UUID] = Field(description="Programs whose staff see the batch and may undo it.")
    created_at: datetime
    rows: int
    created: int
    duplicates: int
    undone_at: datetime | None
    undone_by: UUID | None
    deleted: int | None = Field(description="Sessions the undo deleted.")
    kept: int | None = Field(description="Sessions the undo kept because they changed since the import.")


class KeptSession(BaseModel):
    id: UUID
    completed: bool
    version: int


class ImportUndoRead(BaseModel):
    batch: ImportBatchRead
    deleted_ids: list[UUID]
    kept: list[KeptSession] = Field(description="Sessions logged or edited since the import: not deleted.")
    already_deleted: int = Field(description="Sessions of the import deleted before the undo.")


class BandCounts(BaseModel):
    green: int
    yellow: int
    red: int


class Totals(BaseModel):
    sessions: int
    completed: int
    missed: int
    planned: int = Field(description="Still to come.")
    completion_rate: float | None = Field(description="completed / (completed + missed); null when both are 0.")
    planned_distance_m: int
    actual_distance_m: int = Field(description="Of completed sessions only.")
    planned_duration_sec: int
    actual_duration_sec: int = Field(description="Of completed sessions only.")
    session_load: float = Field(
        description="Σ session-RPE load of completed sessions, RPE × minutes (Foster et al. 2001): actual values, "
        "else planned ones, else the category's defaults — the load models' rule (docs/load-model.md)."
    )
    planned_session_load: float = Field(description="Σ planned RPE × planned minutes of sessions that have both.")
    compliance: BandCounts = Field(description="Sessions per overall compliance band.")


class TrainingWeek(Totals):
    week_start: date = Field(description="Monday of the ISO week.")
    iso_week: str = Field(description="Like 2026-W45.")
    by_category: dict[Category, int] = Field(description="Sessions per workout category.")


class TrainingTab(BaseModel):
    athlete_id: UUID
    from_: date = Field(alias="from")
    to: date
    time_zone: str
    today: date
    sessions: list[SessionRead]
    totals: Totals
    weeks: list[TrainingWeek] = Field(description="Every ISO week of the range, empty ones included.")


class LastCompleted(BaseModel):
    id: UUID
    session_date: date
    completed_at: datetime
    title: str | None
    workout_category: Category


class AthleteTrainingSummary(Totals):
    athlete_id: UUID
    name: str
    event_groups: list[str] | None = Field(description="null when the athlete is in no event group.")
    roster_status: Literal["active", "injured", "redshirt"]
    last_completed: LastCompleted | None = Field(
        description="The latest completed session of this program on or before `to`."
    )


class TeamTrainingSummary(BaseModel):
    team_season_id: UUID
    event_group_id: UUID | None
    from_: date = Field(alias="from")
    to: date
    time_zone: str
    today: date
    athletes: list[AthleteTrainingSummary] = Field(description="One per athlete on the roster (not inactive).")

"""Response shapes of the engagement routes, for OpenAPI (the bodies are built by the services)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from trainingops.load.schemas import Flag, ReadinessSummary
from trainingops.sessions.schemas import Band, LastCompleted, Totals


class EventGroupRef(BaseModel):
    id: UUID
    name: str


class TeamOpsGroup(EventGroupRef):
    athletes: int = Field(description="Rostered athletes in this group (an athlete in two groups counts in each).")
    needs_attention: int


class TeamOpsAthlete(BaseModel):
    athlete_id: UUID
    name: str
    event_groups: list[EventGroupRef] = Field(description="By name; empty when the athlete is in no group.")
    roster_status: Literal["active", "injured", "redshirt"]
    week: Totals = Field(description="The week's sessions of this program: plan against what was done.")
    compliance_percent: int | None = Field(
        description="What was done as a percentage of what was due (completed and missed sessions): by session "
        "load, else duration, else the share of due sessions completed. Null before anything was due."
    )
    compliance_band: Band | None = Field(description="The band of compliance_percent (80–120 green, 50–150 yellow).")
    unreviewed: int = Field(description="The week's completed sessions no staff member has marked reviewed.")
    last_completed: LastCompleted | None
    readiness: ReadinessSummary | None = Field(description="As GET /athletes/{id}/readiness gives it on `as_of`.")
    acwr_ewma: float | None = Field(description="Exponentially weighted acute:chronic ratio on `as_of`; descriptive.")
    flags: list[Flag]
    daily_load: list[float | None] = Field(
        description="Session-RPE load per day on `load_dates` (28 days up to `as_of`); null before history."
    )
    needs_attention: bool = Field(
        description="A flag about the athlete's load (not short_history or mostly_estimated), a missed session "
        "this week, or a red compliance band."
    )


class TeamOps(BaseModel):
    program_id: UUID
    team_season_id: UUID | None = Field(description="Null when the program has no season yet (no athletes then).")
    week_start: dt.date = Field(description="Monday of the week shown.")
    week_end: dt.date
    today: dt.date
    time_zone: str
    as_of: dt.date = Field(description="The day readiness, ratio, flags and sparkline describe: today or week_end.")
    load_dates: list[dt.date]
    event_groups: list[TeamOpsGroup]
    athletes: list[TeamOpsAthlete] = Field(description="Ordered by first event group name, then name.")


# ------------------------------------------------------------------------------------------------- comments

CommentText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=4000),
    Field(description="1–4000 characters (leading and trailing spaces are dropped)."),
]


class CommentWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")
    body: CommentText


class CommentAuthor(BaseModel):
    user_id: UUID
    name: str | None = Field(description="Null when you may not see the author's account (they left the program).")


class CommentEdit(BaseModel):
    kind: Literal["edited", "deleted"]
    edited_by: UUID
    edited_at: dt.datetime
    previous_body: str | None = Field(description="The text before this edit; null once the comment is deleted.")


class Comment(BaseModel):
    id: UUID
    session_id: UUID
    author: CommentAuthor
    mine: bool = Field(description="You wrote it (only the author edits or deletes).")
    body: str | None = Field(description="Null once deleted: the placeholder stays in the thread.")
    deleted: bool
    created_at: dt.datetime
    edited_at: dt.datetime | None
    deleted_at: dt.datetime | None
    editable_until: dt.datetime | None = Field(description="The end of the edit window; null once deleted.")
    version: int
    edits: list[CommentEdit]


class CommentList(BaseModel):
    items: list[Comment] = Field(description="Oldest first.")

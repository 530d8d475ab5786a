"""Response shapes of the context routes (documentation: the bodies are built by PostgreSQL and passed through)."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

Role = Literal["head_coach", "assistant_coach", "strength_coach", "athletic_trainer", "program_admin"]
RosterStatus = Literal["active", "injured", "redshirt", "inactive"]
Sex = Literal["female", "male"]


class UserRead(BaseModel):
    id: UUID
    email: str
    name: str


class Membership(BaseModel):
    member_id: UUID = Field(description="The staff membership: coach_member_id of the sessions you assign.")
    program_id: UUID
    program_name: str
    role: Role
    active: bool = Field(description="An inactive member has no rights in the program any more.")


class AthleteRosterEntry(BaseModel):
    team_season_id: UUID
    team_season_name: str
    program_id: UUID
    event_group_id: UUID | None
    event_group: str | None
    status: RosterStatus


class MyRosterEntry(AthleteRosterEntry):
    roster_entry_id: UUID
    program_name: str


class MyAthlete(BaseModel):
    id: UUID
    name: str
    sex: Sex | None
    date_of_birth: date | None
    rosters: list[MyRosterEntry] = Field(description="Newest season first.")


class Me(BaseModel):
    user: UserRead
    staff: list[Membership] = Field(description="Staff memberships, inactive ones included.")
    athlete: MyAthlete | None = Field(description="Your athlete profile, if you are an athlete.")


class ProgramRead(BaseModel):
    id: UUID
    name: str
    sport: str
    time_zone: str = Field(description="IANA time zone: local dates and weeks are counted there.")


class ProgramList(BaseModel):
    items: list[ProgramRead]


class TeamSeasonRead(BaseModel):
    id: UUID
    program_id: UUID
    name: str
    sport: str
    start_date: date
    end_date: date


class TeamSeasonList(BaseModel):
    items: list[TeamSeasonRead] = Field(description="Newest first.")


class EventGroupRead(BaseModel):
    id: UUID
    program_id: UUID
    name: str


class EventGroupList(BaseModel):
    items: list[EventGroupRead]


class RosterEntryRead(BaseModel):
    roster_entry_id: UUID
    athlete_id: UUID
    name: str
    event_group_id: UUID | None
    event_group: str | None
    status: RosterStatus
    joined_on: date | None
    left_on: date | None


class Roster(BaseModel):
    items: list[RosterEntryRead] = Field(description="One per roster entry (an athlete may be in two groups).")


class AthleteRead(BaseModel):
    id: UUID
    name: str
    user_id: UUID | None
    sex: Sex | None
    date_of_birth: date | None
    rosters: list[AthleteRosterEntry] = Field(description="Newest season first, as far as you may see them.")

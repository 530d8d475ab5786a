"""Response shapes of the context routes (documentation: the bodies are built by PostgreSQL and passed through)."""

from __future__ import annotations

from datetime import date, datetime
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
    roster_entry_id: UUID
    team_season_id: UUID
    team_season_name: str
    program_id: UUID
    event_group_id: UUID | None
    event_group: str | None
    status: RosterStatus


class MyRosterEntry(AthleteRosterEntry):
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


Capability = Literal[
    "administer",
    "manage_roster",
    "set_roster_status",
    "plan",
    "plan_run",
    "plan_gym",
    "assign_run",
    "assign_gym",
    "read_wellness",
]


class ProgramDetail(ProgramRead):
    version: int = Field(description="Send it back as If-Match (the ETag) to change the program.")
    capabilities: list[Capability] = Field(
        description="What your role lets you do in this program (docs/security.md, Staff roles); empty for an athlete."
    )


class MemberRead(BaseModel):
    id: UUID = Field(description="The membership (coach_member_id of the sessions this member assigns).")
    program_id: UUID
    user_id: UUID
    name: str | None
    email: str | None
    role: Role
    active: bool = Field(description="An inactive member has no rights in the program any more; history stays.")
    version: int


class MemberList(BaseModel):
    items: list[MemberRead] = Field(description="Active members first, then by name.")


class TeamSeasonRead(BaseModel):
    id: UUID
    program_id: UUID
    name: str
    sport: str
    start_date: date
    end_date: date
    closed_at: datetime | None = Field(description="When the season was closed; null while it is open.")
    version: int


class TeamSeasonList(BaseModel):
    items: list[TeamSeasonRead] = Field(description="Newest first.")


class EventGroupRead(BaseModel):
    id: UUID
    program_id: UUID
    name: str
    archived_at: datetime | None = Field(description="When the group was archived; null while it is in use.")
    version: int


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
    version: int


class Roster(BaseModel):
    items: list[RosterEntryRead] = Field(description="One per roster entry (an athlete may be in two groups).")


class AthleteProfile(BaseModel):
    id: UUID
    name: str
    user_id: UUID | None = Field(description="The athlete's own login, once they claimed the profile.")
    sex: Sex | None
    date_of_birth: date | None
    email: str | None = Field(description="Contact email staff gave: where the invitation to claim the profile goes.")
    version: int


class AthleteRead(AthleteProfile):
    rosters: list[AthleteRosterEntry] = Field(description="Newest season first, as far as you may see them.")


class AthleteList(BaseModel):
    items: list[AthleteProfile] = Field(description="The program's athletes (created by it or ever on its rosters).")


class InvitationRead(BaseModel):
    id: UUID
    program_id: UUID
    email: str
    role: Literal["program_admin", "head_coach", "assistant_coach", "strength_coach", "athletic_trainer", "athlete"]
    athlete_id: UUID | None = Field(description="For role athlete: the athlete record the invitee claims.")
    invited_by: UUID | None
    created_at: datetime
    expires_at: datetime | None = Field(description="When the current link stops working.")
    sent_count: int = Field(description="Links issued: the first and each resend.")
    last_sent_at: datetime | None
    accepted_at: datetime | None
    revoked_at: datetime | None
    status: Literal["pending", "expired", "accepted", "revoked"] = Field(
        description="expired: pending, but its link has expired (resend it)."
    )
    version: int


class InvitationList(BaseModel):
    items: list[InvitationRead] = Field(description="Pending (and expired, not yet resent) invitations, newest first.")

"""Request shapes of the context writes (programs, members, seasons, event groups, athletes, roster entries).
Unknown fields are refused; on a PATCH a field left out stays as it is, and null is accepted only where the value
may be empty."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from trainingops.roster.schemas import Role, RosterStatus, Sex

Name = Annotated[str, Field(min_length=1, max_length=200)]
Sport = Annotated[str, Field(min_length=1, max_length=100, examples=["track_and_field"])]
TimeZone = Annotated[str, Field(min_length=1, max_length=64, description="IANA time zone, e.g. America/Chicago")]
GroupName = Annotated[str, Field(min_length=1, max_length=100)]
Email = Annotated[str, Field(max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")]
CreatorRole = Literal["program_admin", "head_coach"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Patch(_Strict):
    """A PATCH body: fields left out stay; ``NOT_NULL`` fields cannot be sent as null."""

    NOT_NULL: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="after")
    def _no_null_where_required(self) -> Any:
        for name in self.NOT_NULL:
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class ProgramCreate(_Strict):
    name: Name
    sport: Sport
    time_zone: TimeZone = "UTC"
    creator_role: CreatorRole = Field(
        default="program_admin",
        description="Your role in the new program: program_admin (the default), or head_coach when you also coach it "
        "(nobody changes their own role later).",
    )


class ProgramUpdate(_Patch):
    NOT_NULL = ("name", "sport", "time_zone")
    name: Name | None = None
    sport: Sport | None = None
    time_zone: TimeZone | None = None


class MemberUpdate(_Patch):
    NOT_NULL = ("role", "active")
    role: Role | None = None
    active: bool | None = Field(
        default=None, description="false deactivates: every right in the program ends; history stays"
    )


class SeasonCreate(_Strict):
    name: Name
    sport: Sport | None = Field(default=None, description="Default: the program's sport.")
    start_date: date
    end_date: date


class SeasonUpdate(_Patch):
    NOT_NULL = ("name", "sport", "start_date", "end_date", "closed")
    name: Name | None = None
    sport: Sport | None = None
    start_date: date | None = None
    end_date: date | None = None
    closed: bool | None = Field(
        default=None, description="true closes the season (no new roster entries or practices); false reopens it"
    )


class EventGroupCreate(_Strict):
    name: GroupName


class EventGroupUpdate(_Patch):
    NOT_NULL = ("name", "archived")
    name: GroupName | None = None
    archived: bool | None = Field(
        default=None,
        description="true archives the group (nothing new goes into it; history keeps it); false restores it",
    )


class AthleteCreate(_Strict):
    name: Name
    sex: Sex | None = Field(default=None, description="Used by the load models (heart-rate based load).")
    date_of_birth: date | None = None
    email: Email | None = Field(default=None, description="Where the invitation to claim this profile will go.")
    team_season_id: UUID | None = Field(default=None, description="Put the athlete on this season's roster at once.")
    event_group_id: UUID | None = None
    status: RosterStatus = "active"


class AthleteUpdate(_Patch):
    NOT_NULL = ("name",)
    name: Name | None = None
    sex: Sex | None = None
    date_of_birth: date | None = None
    email: Email | None = None


class RosterEntryCreate(_Strict):
    athlete_id: UUID = Field(description="An athlete of this program: created by it, or on one of its rosters.")
    event_group_id: UUID | None = None
    status: RosterStatus = "active"
    joined_on: date | None = None
    left_on: date | None = None


class RosterEntryUpdate(_Patch):
    NOT_NULL = ("status",)
    status: RosterStatus | None = None
    event_group_id: UUID | None = Field(default=None, description="A move to another event group (null: none).")
    joined_on: date | None = None
    left_on: date | None = Field(default=None, description="The last day on this roster: a transfer or leaving.")


InvitedRole = Literal["program_admin", "head_coach", "assistant_coach", "strength_coach", "athletic_trainer", "athlete"]


class InvitationCreate(_Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"email": "sam.lee@example.edu", "role": "assistant_coach"}]},
    )
    email: Email = Field(description="Where the link goes; only the account with this email can accept it.")
    role: InvitedRole = Field(description="A staff role, or athlete (then athlete_id names the profile to claim).")
    athlete_id: UUID | None = Field(
        default=None, description="For role athlete: the program's athlete record the invitee claims."
    )

    @model_validator(mode="after")
    def _athlete_names_a_record(self) -> Any:
        if (self.role == "athlete") != (self.athlete_id is not None):
            raise ValueError("athlete_id is required for role athlete, and only for it")
        return self


class InvitationAccept(_Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"token": "the token from the emailed link", "password": "a long passphrase", "name": "Sam Lee"}
            ]
        },
    )
    token: str = Field(min_length=1, max_length=200, description="The `token` of the emailed link.")
    password: str | None = Field(
        default=None,
        min_length=1,
        max_length=1024,
        description="A new account's password; for an existing account optional, and then it must be its password.",
    )
    name: Name | None = Field(default=None, description="A new account's name (ignored for an existing account).")

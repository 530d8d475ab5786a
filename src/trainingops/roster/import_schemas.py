"""The answer of a roster import (documentation: the body is built by PostgreSQL and passed through)."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

IMPORT_EXAMPLE = (
    "name,email,event_group,status,sex,date_of_birth\n"
    "Maya Okafor,maya.okafor@example.edu,Sprints,active,female,2006-03-14\n"
    "Leo Brandt,,Distance,redshirt,,\n"
)


class RosterImportItem(BaseModel):
    row: int = Field(description="The CSV row (the header is row 1).")
    name: str
    athlete_id: UUID | None = Field(description="Null on a dry run for an athlete the import would create.")
    athlete: Literal["created", "matched"] = Field(
        description="created: a new athlete of the program; matched: one of its athletes, by email or name."
    )
    roster_entry_id: UUID | None = Field(description="Null on a dry run for an entry the import would create.")
    entry: Literal["created", "existing"] = Field(
        description="existing: the athlete was on the season's roster in this group already (left as it is)."
    )


class RosterImportReport(BaseModel):
    team_season_id: UUID
    dry_run: bool
    rows: int
    athletes_created: int
    athletes_matched: int
    entries_created: int
    entries_existing: int
    invitations_created: int = Field(
        description="Athletes invited to claim their profile (rows with an email whose profile nobody has claimed and "
        "that have no pending invitation); on a dry run, how many would be."
    )
    invitation_mail: Literal["sent", "server_log", "not_configured"] = Field(
        description="Where the invitations' links go: mailed; the server log (demo without SMTP); nowhere yet "
        "(no SMTP: resend them once mail is configured)."
    )
    items: list[RosterImportItem] = Field(description="One per row, in file order.")

"""Request and response shapes of the notification and preference routes."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

Kind = Literal[
    "practice_published", "practice_changed", "practice_cancelled", "comment", "session_pain", "session_rpe_above_plan"
]
DistanceUnit = Literal["km", "mi"]
MAX_IDS = 500


class Notification(BaseModel):
    id: UUID
    kind: Kind
    title: str
    body: str
    link: str | None = Field(description="Where the web app shows what it is about (a path).")
    actor_user_id: UUID | None = Field(description="Who caused it.")
    session_id: UUID | None
    practice_session_id: UUID | None
    comment_id: UUID | None
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationPage(BaseModel):
    unread: int = Field(description="All your unread notifications, not only this page's.")
    items: list[Notification] = Field(description="Newest first.")
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")


class MarkRead(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ids: list[UUID] | None = Field(default=None, max_length=MAX_IDS, description="Yours to mark read.")
    all: bool = Field(default=False, description="true: every notification of yours (send no ids).")

    @model_validator(mode="after")
    def _one_of(self) -> MarkRead:
        if self.all == bool(self.ids):
            raise ValueError("send either ids (a non-empty list) or all: true")
        return self


class MarkedRead(BaseModel):
    marked: int = Field(description="How many were unread and are now read (0: nothing changed).")
    unread: int


class Preferences(BaseModel):
    email_notifications: bool = Field(description="Email the notifications of your feed too (default true).")
    distance_unit: DistanceUnit = Field(description="How the web app shows distances and paces (default km).")


class PreferencesPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email_notifications: bool | None = None
    distance_unit: DistanceUnit | None = None

    @model_validator(mode="after")
    def _something(self) -> PreferencesPatch:
        if self.email_notifications is None and self.distance_unit is None:
            raise ValueError("send email_notifications, distance_unit or both")
        return self

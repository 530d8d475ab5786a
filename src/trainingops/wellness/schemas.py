"""Request and response shapes of the wellness routes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

# McLean et al. 2010 (Int J Sports Physiol Perform 5:367-383): five items on a five-point scale, 1 the worst
# state and 5 the best; their sum (5-25) is the overall wellness score.
Item = Annotated[int, Field(ge=1, le=5)]


class WellnessCheckin(BaseModel):
    """The day's check-in: five items (1 worst … 5 best), hours slept, an optional note."""

    model_config = ConfigDict(extra="forbid")

    sleep_quality: Item = Field(description="1 insomnia … 5 very restful")
    fatigue: Item = Field(description="1 always tired … 5 very fresh")
    muscle_soreness: Item = Field(description="1 very sore … 5 feeling great")
    stress: Item = Field(description="1 highly stressed … 5 very relaxed")
    mood: Item = Field(description="1 highly annoyed, irritable or down … 5 very positive")
    sleep_hours: Annotated[Decimal, Field(ge=0, le=24, decimal_places=1, description="Hours slept last night")]
    note: Annotated[str, Field(max_length=1000)] | None = None


class WellnessDay(BaseModel):
    """One day's check-in. For staff who read only the summary the items, hours and note are null."""

    checkin_date: dt.date
    wellness_total: int = Field(description="Sum of the five items, 5 … 25")
    checked_in_at: dt.datetime
    sleep_quality: int | None
    fatigue: int | None
    muscle_soreness: int | None
    stress: int | None
    mood: int | None
    sleep_hours: float | None
    note: str | None
    version: int | None = Field(description="The ETag's version (null in a summary)")


class WellnessRead(WellnessDay):
    athlete_id: UUID
    result: Literal["created", "changed", "unchanged"] = Field(
        description="What this PUT did: unchanged when the same check-in was already stored (nothing written)"
    )


class WellnessList(BaseModel):
    athlete_id: UUID
    date_from: dt.date = Field(alias="from")
    date_to: dt.date = Field(alias="to")
    detail: Literal["items", "summary"] = Field(
        description="items: the athlete, their head coach and athletic trainer; summary: other staff"
    )
    items: list[WellnessDay]

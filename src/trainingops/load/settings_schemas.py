"""The body of PUT /programs/{id}/load-settings (every field optional, a missing one takes the published
default) and what the routes answer. Ranges are checked by the table's constraints (one sentence each, migration
0010)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from trainingops.load.models import settings as defaults


class LoadSettingsBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    acute_days: int = Field(defaults.ACUTE_DAYS, description="Acute window N for the acute:chronic ratio, days")
    chronic_days: int = Field(defaults.CHRONIC_DAYS, description="Chronic window N, days")
    ctl_days: float = Field(defaults.CTL_DAYS, description="Fitness (CTL) time constant, days")
    atl_days: float = Field(defaults.ATL_DAYS, description="Fatigue (ATL) time constant, days")
    smoothing: Literal["exponential", "reciprocal"] = Field(
        "exponential", description="k = 1 − e^(−1/T) (GoldenCheetah) or k = 1/T (TrainingPeaks)"
    )
    monotony_ddof: Literal[0, 1] = Field(0, description="0: population SD, 1: sample SD")


class LoadSettingsValues(BaseModel):
    acute_days: int
    chronic_days: int
    ctl_days: float
    atl_days: float
    smoothing: Literal["exponential", "reciprocal"]
    monotony_ddof: Literal[0, 1]
    history_days: int = Field(description="Days of sessions the load views read before their first day.")


class ProgramLoadSettings(LoadSettingsValues):
    program_id: UUID
    source: Literal["default", "program"] = Field(description="default: never set (or reset) for this program.")
    updated_by: UUID | None
    updated_at: datetime | None
    version: int = Field(description='0 while never set; the ETag is "v<version>".')
    defaults: LoadSettingsValues = Field(description="The published defaults, for comparison.")

"""The body of PUT /programs/{id}/load-settings: every field optional, a missing one takes the published
default. Ranges are checked by the table's constraints (one sentence each, migration 0010)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from trainingops.load import settings as defaults


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

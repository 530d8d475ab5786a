"""Response shapes of the load routes, for OpenAPI. Bodies are built by ``views``; these document them.

The per-day and per-athlete metric objects are generated from the models' own field lists (``DailySeries``,
``LoadMetrics``), so the documentation cannot drift from what the models return.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field, create_model

from trainingops.load.bodies import COUNT_FIELDS, DAILY_FIELDS, FORECAST_FIELDS, METRIC_FIELDS
from trainingops.load.flags import FLAG_CODES

DESCRIPTIONS: dict[str, str] = {
    "load": "Session-RPE load of the day (AU): completed sessions, plus planned ones on projected days.",
    "projected_load": "Part of load that is planned, not yet done (projected days only).",
    "distance_m": "Metres: actual, else planned.",
    "duration_sec": "Seconds behind the load.",
    "estimated_fraction": "Share (0–1) of the day's load resting on estimated values or on the plan.",
    "sessions": "Completed sessions.",
    "estimated_sessions": "Completed sessions with an estimated RPE or duration.",
    "trimp_banister": "Banister TRIMP summed over sessions with heart rate (0 when hr_sessions is 0).",
    "trimp_edwards": "Edwards TRIMP summed over sessions with heart rate (0 when hr_sessions is 0).",
    "hr_sessions": "Completed sessions that carried usable heart rate.",
    "missed": "Planned sessions not completed, on their day (before today).",
    "cut_short": "Completed sessions under 75 % of their planned duration.",
    "rpe_drift_sum": "Σ (actual − planned RPE) over sessions with both.",
    "rpe_drift_sessions": "Sessions with both an actual and a planned RPE.",
    "acwr_ewma": "Exponentially weighted acute:chronic ratio: descriptive, not an injury probability.",
    "tsb": "Form: CTL − ATL as of the previous day.",
    "ramp_rate": "CTL change over 7 days.",
}

Number = float | None


def _metric_fields(names: tuple[str, ...]) -> dict[str, Any]:
    return {
        name: (int | None if name in COUNT_FIELDS else Number, Field(description=DESCRIPTIONS.get(name, "")))
        for name in names
    }


def _forecast_fields() -> dict[str, Any]:
    return {name: (list[Number], ...) for name in FORECAST_FIELDS}


LoadValues = create_model(
    "LoadValues",
    __doc__="Daily series and every metric for one athlete and day; null before history and where undefined.",
    **_metric_fields(DAILY_FIELDS + METRIC_FIELDS),
)

DayLoad = create_model(
    "DayLoad",
    __base__=LoadValues,
    __doc__="One day of an athlete's load.",
    date=(dt.date, ...),
    projected=(bool, Field(description="On or after today: planned sessions are included as projected load.")),
    has_history=(bool, Field(description="False before the athlete's first completed session: every value is null.")),
    estimated=(bool, Field(description="Some of the day's load is estimated or projected.")),
    readiness_score=(Number, Field(description="0–100, null while there is too little history and after today.")),
)

ForecastSeries = create_model(
    "ForecastSeries",
    __doc__="Seven values per field, one per forecast day (see forecast_dates).",
    summary=(str | None, Field(description="Where the athlete will be if the plan is executed, in words.")),
    **_forecast_fields(),
)


class HeartRateProfile(BaseModel):
    sex: Literal["female", "male"] | None
    hr_max_bpm: float | None = Field(
        description="Age-predicted (Tanaka 2001) from the date of birth, else the highest recorded in the days shown."
    )
    hr_max_source: Literal["observed", "age_predicted"] | None
    hr_rest_bpm: float = Field(description="Not recorded: the conventional default.")
    hr_rest_source: Literal["default"]


class LoadSettingsRead(BaseModel):
    acute_days: int
    chronic_days: int
    ctl_days: float
    atl_days: float
    smoothing: Literal["exponential", "reciprocal"]
    monotony_ddof: int


class AthleteHistory(BaseModel):
    days_read_before_from: int = Field(description="Days of sessions read before `from` so every average is warm.")
    window_start: dt.date
    first_session_date: dt.date | None


class AthleteLoad(BaseModel):
    athlete_id: UUID
    name: str
    from_: dt.date = Field(alias="from")
    to: dt.date
    today: dt.date
    time_zone: str
    history: AthleteHistory
    settings: LoadSettingsRead
    heart_rate_profile: HeartRateProfile
    days: list[DayLoad]


class ReadinessData(BaseModel):
    first_session_date: dt.date | None
    history_days: int
    sessions_logged: int
    required_history_days: int
    required_sessions: int
    more_history_days_needed: int
    more_sessions_needed: int


class ReadinessInputs(BaseModel):
    tsb: Number
    form_z: Number
    acwr_ewma: Number
    rpe_drift: Number
    rpe_drift_sessions: Number
    missed: Number
    cut_short: Number


class ReadinessWellness(BaseModel):
    """The wellness component (docs/load-model.md, "Wellness"): the latest check-in of the day or the day before."""

    included: bool = Field(description="Whether the score includes a check-in (false: training data alone).")
    total: int | None = Field(description="The check-in's total, 5–25 (McLean et al. 2010); null: none recent.")
    checkin_date: dt.date | None
    checked_in_today: bool
    weight: float = Field(description="Points of 100 wellness carries when included (the rest scaled to fit).")
    recent_days: int = Field(description="A check-in counts on its day and the days after, up to this many in all.")
    explanation: str | None = Field(description="Why wellness is withheld, in words; null when it is not.")


class ReadinessSummary(BaseModel):
    score: Number = Field(description="0–100; null when there is too little history (see factors).")
    sufficient: bool
    factors: list[str]
    wellness: ReadinessWellness


class AthleteReadiness(ReadinessSummary):
    athlete_id: UUID
    date: dt.date
    today: dt.date
    time_zone: str
    data: ReadinessData
    inputs: ReadinessInputs
    weights: dict[str, float]


class Flag(BaseModel):
    code: str = Field(json_schema_extra={"enum": list(FLAG_CODES)}, description="Stable; clients switch on it.")
    text: str = Field(description="The same in words; descriptive, never an injury probability.")


class TeamAthleteLoad(BaseModel):
    athlete_id: UUID
    name: str
    event_groups: list[str]
    roster_status: str
    first_session_date: dt.date | None
    history_days: int
    sessions_logged: int
    current: LoadValues
    readiness: ReadinessSummary
    flags: list[Flag]
    heart_rate_profile: HeartRateProfile
    forecast: ForecastSeries


class AthleteName(BaseModel):
    athlete_id: UUID
    name: str


class TeamHistory(BaseModel):
    days_read_before_date: int
    window_start: dt.date


class TeamLoad(BaseModel):
    team_season_id: UUID
    event_group_id: UUID | None
    date: dt.date
    today: dt.date
    time_zone: str
    history: TeamHistory
    settings: LoadSettingsRead
    forecast_dates: list[dt.date]
    athletes: list[TeamAthleteLoad]
    not_checked_in: list[AthleteName] = Field(description="Rostered athletes with no wellness check-in on `date`.")

"""Training load and readiness models: pure functions over NumPy arrays and frozen dataclasses.

No database, no HTTP: the service layer turns query rows into ``SessionRows`` and calls
``team_load_metrics`` / ``athlete_load_metrics`` / ``forecast_team_load``. Formulas, defaults and sources
are in docs/load-model.md.
"""

from trainingops.load.models.forecast import FORECAST_DAYS, LoadForecast, PlanEffect, forecast_team_load, plan_effect
from trainingops.load.models.readiness import Readiness, ReadinessReport, readiness_report
from trainingops.load.models.rows import HeartRateProfiles, SessionRows
from trainingops.load.models.series import DailySeries, daily_series
from trainingops.load.models.settings import DEFAULT_SETTINGS, LoadSettings, Smoothing
from trainingops.load.models.srpe import CATEGORY_CODES, planned_session_load, session_rpe_load
from trainingops.load.models.team import (
    LoadMetrics,
    LoadReport,
    athlete_load_metrics,
    load_metrics,
    team_load_metrics,
)
from trainingops.load.models.trimp import SEX_FEMALE, SEX_MALE, SEX_UNKNOWN, banister_trimp, edwards_trimp

__all__ = [
    "CATEGORY_CODES",
    "DEFAULT_SETTINGS",
    "FORECAST_DAYS",
    "SEX_FEMALE",
    "SEX_MALE",
    "SEX_UNKNOWN",
    "DailySeries",
    "HeartRateProfiles",
    "LoadForecast",
    "LoadMetrics",
    "LoadReport",
    "LoadSettings",
    "PlanEffect",
    "Readiness",
    "ReadinessReport",
    "SessionRows",
    "Smoothing",
    "athlete_load_metrics",
    "banister_trimp",
    "daily_series",
    "edwards_trimp",
    "forecast_team_load",
    "load_metrics",
    "plan_effect",
    "planned_session_load",
    "readiness_report",
    "session_rpe_load",
    "team_load_metrics",
]

"""Response bodies and the feature table, cut from the models' (athletes × days) matrices.

Values are the models' own floats (unrounded, so clients and tests can compare them exactly; the team view
rounds to ``TEAM_DECIMALS``); NaN
(undefined) becomes JSON null, and so does every value on a day before an athlete's history starts.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import numpy as np
import orjson
from numpy.typing import NDArray

from trainingops.load.flags import FlagInputs, describe, forecast_words
from trainingops.load.frames import DEFAULT_HR_REST_BPM, Fetched, counts, nullable
from trainingops.load.models import DailySeries, LoadMetrics, LoadSettings, readiness_report
from trainingops.load.models import readiness as readiness_model
from trainingops.load.models.as_of import as_of
from trainingops.load.models.team import LoadReport
from trainingops.load.models.wellness import RecentWellness
from trainingops.load.wellness_bodies import wellness_member

FloatArray = NDArray[np.float64]

DAILY_FIELDS = tuple(f.name for f in fields(DailySeries))
METRIC_FIELDS = tuple(f.name for f in fields(LoadMetrics))
COUNT_FIELDS = frozenset({"sessions", "estimated_sessions", "hr_sessions", "missed", "cut_short", "rpe_drift_sessions"})
# What the team view projects per forecast day (the rest of the metrics are in the athlete view).
FORECAST_FIELDS = (
    "load",
    "projected_load",
    "estimated_fraction",
    "acute_ewma",
    "chronic_ewma",
    "acwr_ewma",
    "acwr_rolling_coupled",
    "ctl",
    "atl",
    "tsb",
    "weekly_load",
    "monotony",
)
READINESS_WEIGHTS = {
    "form": readiness_model.WEIGHT_FORM,
    "load_ratio": readiness_model.WEIGHT_LOAD_RATIO,
    "rpe_drift": readiness_model.WEIGHT_RPE_DRIFT,
    "adherence": readiness_model.WEIGHT_ADHERENCE,
}
WEEK = 7
# The team view is a dashboard for a whole roster: four decimals keep every ratio and load exact to what a
# person reads and halve the body; the athlete view and the export carry the models' unrounded floats.
TEAM_DECIMALS = 4


def dumps(body: dict[str, Any]) -> str:
    """Compact JSON by orjson: the same numbers (shortest round-trip floats) at ≈ 10× json's speed; text as UTF-8."""
    return orjson.dumps(body, option=orjson.OPT_SERIALIZE_NUMPY).decode()


def _masked(values: FloatArray, has: NDArray[np.bool_]) -> FloatArray:
    return np.where(has, np.asarray(values, dtype=np.float64), np.nan)


def _values(name: str, values: FloatArray, has: NDArray[np.bool_], decimals: int | None = None) -> list[Any]:
    """JSON values of one series: ints for counts, floats otherwise; null before history and where undefined."""
    if name in COUNT_FIELDS:
        ints: list[Any] = counts(values)
        return [v if h else None for v, h in zip(ints, has.tolist(), strict=True)]
    return nullable(_masked(values, has), decimals)


def _series(report: LoadReport) -> dict[str, FloatArray]:
    return _series_of(report.daily, report.metrics)


def _series_of(daily: DailySeries, metrics: LoadMetrics) -> dict[str, FloatArray]:
    out = {name: getattr(daily, name) for name in DAILY_FIELDS}
    out.update(metrics.columns())
    return out


def _dates(first: date, n: int) -> list[str]:
    return [(first + timedelta(i)).isoformat() for i in range(n)]


def settings_json(settings: LoadSettings) -> dict[str, Any]:
    return {
        "acute_days": settings.acute_days,
        "chronic_days": settings.chronic_days,
        "ctl_days": settings.ctl_days,
        "atl_days": settings.atl_days,
        "smoothing": settings.smoothing.value,
        "monotony_ddof": settings.monotony_ddof,
    }


def _profile(fetched: Fetched, i: int, d: int) -> dict[str, Any]:
    """Athlete ``i``'s heart-rate profile as of day ``d`` (HRmax from nothing later than that day)."""
    hr_max, source = fetched.frame.hr_max_on(i, d)
    return {
        "sex": fetched.roster[i]["sex"],
        "hr_max_bpm": hr_max,
        "hr_max_source": source,
        "hr_rest_bpm": DEFAULT_HR_REST_BPM,
        "hr_rest_source": "default",
    }


def _first_session(fetched: Fetched, i: int) -> str | None:
    first = int(fetched.frame.first_session_day[i])
    return None if first < 0 else fetched.frame.date_of(first).isoformat()


def athlete_load_json(
    fetched: Fetched,
    report: LoadReport,
    *,
    athlete_id: UUID,
    date_from: date,
    date_to: date,
    today: date,
    time_zone: str,
    settings: LoadSettings,
    history_days: int,
) -> str:
    f = fetched.frame
    lo, hi = f.index(date_from), f.index(date_to) + 1
    has = f.has_history(hi)[0, lo:hi]
    columns: dict[str, list[Any]] = {
        "date": _dates(date_from, hi - lo),
        "projected": (np.arange(lo, hi) >= f.index(today)).tolist(),
        "has_history": has.tolist(),
    }
    for name, matrix in _series(report).items():
        columns[name] = _values(name, matrix[0, lo:hi], has)
    columns["estimated"] = (has & (report.daily.estimated_fraction[0, lo:hi] > 0)).tolist()
    # Readiness describes the past and today (the as-of rule), as the readiness route does: none for later days.
    shown = as_of(f.index(today)).readiness_shown(np.arange(lo, hi))
    columns["readiness_score"] = nullable(np.where(shown, report.readiness.score[0, lo:hi], np.nan))
    keys = list(columns)
    body = {
        "athlete_id": str(athlete_id),
        "name": fetched.roster[0]["name"],
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "today": today.isoformat(),
        "time_zone": time_zone,
        "history": {
            "days_read_before_from": history_days,
            "window_start": fetched.window_start.isoformat(),
            "first_session_date": _first_session(fetched, 0),
        },
        "settings": settings_json(settings),
        "heart_rate_profile": _profile(fetched, 0, hi - 1),
        "days": [dict(zip(keys, row, strict=True)) for row in zip(*columns.values(), strict=True)],
    }
    return dumps(body)


def _no_history_report() -> readiness_model.ReadinessReport:
    need = (
        f"Readiness needs {readiness_model.READINESS_MIN_HISTORY_DAYS} days of history and "
        f"{readiness_model.READINESS_MIN_SESSIONS} logged sessions; so far there are 0 days and 0 sessions."
    )
    return readiness_model.ReadinessReport(score=None, sufficient=False, factors=(need,))


def _readiness_at(
    report: LoadReport, wellness: RecentWellness, has: bool, i: int, d: int
) -> tuple[readiness_model.ReadinessReport, int, int]:
    """The worded report, history days and sessions logged of athlete ``i`` on day ``d``."""
    if not has:
        return _no_history_report(), 0, 0
    r = report.readiness
    report_words = readiness_report(r, day=d, athlete=i, wellness=wellness)
    return report_words, int(r.history_days[i, d]), int(r.sessions_logged[i, d])


def _readiness_body(rep: readiness_model.ReadinessReport, wellness: dict[str, Any]) -> dict[str, Any]:
    return {"score": rep.score, "sufficient": rep.sufficient, "factors": list(rep.factors), "wellness": wellness}


def readiness_json(
    fetched: Fetched,
    report: LoadReport,
    wellness: RecentWellness,
    *,
    athlete_id: UUID,
    day: date,
    today: date,
    time_zone: str,
) -> str:
    f = fetched.frame
    d = f.index(day)
    has = bool(f.has_history(d + 1)[0, d])
    rep, history, logged = _readiness_at(report, wellness, has, 0, d)
    r = report.readiness
    need_days, need_sessions = readiness_model.READINESS_MIN_HISTORY_DAYS, readiness_model.READINESS_MIN_SESSIONS

    def value(x: FloatArray) -> float | None:
        v = float(x[0, d])
        return v if has and np.isfinite(v) else None

    body = {
        "athlete_id": str(athlete_id),
        "date": day.isoformat(),
        "today": today.isoformat(),
        "time_zone": time_zone,
        **_readiness_body(rep, wellness_member(report, wellness, 0, d, day)),
        "data": {
            "first_session_date": _first_session(fetched, 0),
            "history_days": history,
            "sessions_logged": logged,
            "required_history_days": need_days,
            "required_sessions": need_sessions,
            "more_history_days_needed": max(0, need_days - history),
            "more_sessions_needed": max(0, need_sessions - logged),
        },
        "inputs": {
            "tsb": value(r.tsb),
            "form_z": value(r.form_z),
            "acwr_ewma": value(r.acwr),
            "rpe_drift": value(r.rpe_drift),
            "rpe_drift_sessions": value(r.rpe_drift_sessions),
            "missed": value(r.missed),
            "cut_short": value(r.cut_short),
        },
        "weights": READINESS_WEIGHTS,
    }
    return dumps(body)


def _week_sum(x: FloatArray, d: int) -> FloatArray:
    s: FloatArray = x[:, max(0, d - WEEK + 1) : d + 1].sum(axis=1)
    return s


def _flag_inputs(report: LoadReport, has: NDArray[np.bool_], history: FloatArray, d: int) -> FlagInputs:
    """The flags' inputs on day ``d``; ``sufficient`` is readiness's history gate (28 days, 8 sessions), which
    also covers the CTL/ATL seed, so no norm-based flag speaks before the norm exists."""
    daily, m, r = report.daily, report.metrics, report.readiness
    load_week = _week_sum(daily.load, d)
    estimated_week = _week_sum(daily.load * daily.estimated_fraction, d)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(load_week > 0, estimated_week / load_week, np.nan)

    def at(x: FloatArray) -> FloatArray:
        return _masked(x[:, d], has)

    return FlagInputs(
        history_days=history,
        sufficient=has & r.sufficient[:, d],
        acwr_ewma=at(m.acwr_ewma),
        monotony=at(m.monotony),
        form_z=at(r.form_z),
        rpe_drift=at(r.rpe_drift),
        missed=np.nan_to_num(at(r.missed)),
        cut_short=np.nan_to_num(at(r.cut_short)),
        distance_week_change_pct=at(m.distance_week_change_pct),
        estimated_share_week=_masked(share, has),
    )


def team_load_json(
    fetched: Fetched,
    report: LoadReport,
    wellness: RecentWellness,
    *,
    team_season_id: UUID,
    event_group_id: UUID | None,
    day: date,
    today: date,
    time_zone: str,
    settings: LoadSettings,
    history_days: int,
) -> str:
    """The team view from one report over history and plan: ``current`` is its column ``day``, the forecast its
    columns ``day`` … the end (the metrics are causal, so day ``day`` is the same in both)."""
    f = fetched.frame
    d = f.index(day)
    has = f.has_history(d + 1)[:, d]
    history = np.where(has, d - f.first_session_day + 1, 0).astype(np.float64)
    series = _series(report)
    now = {name: _values(name, matrix[:, d], has, TEAM_DECIMALS) for name, matrix in series.items()}
    flags = describe(_flag_inputs(report, has, history, d))

    horizon = report.daily.load.shape[1] - d
    has_ahead = f.has_history(d + horizon)[:, d:]
    ahead = {name: nullable(_masked(series[name][:, d:], has_ahead), TEAM_DECIMALS) for name in FORECAST_FIELDS}
    m = report.metrics
    ctl_before = m.ctl[:, d - 1] if d > 0 else np.zeros(f.n_athletes)
    acwr_end = m.acwr_ewma[:, -1].tolist()
    # Form going into the day after the last forecast day: CTL − ATL at the end of that day (pmc: TSB of a day is
    # the balance of the day before, so tsb[-1] would be form going into the last day, not the next one).
    form_after = (m.ctl[:, -1] - m.atl[:, -1]).tolist()
    ctl_change = (m.ctl[:, -1] - np.nan_to_num(ctl_before)).tolist()
    end = day + timedelta(horizon - 1)
    # Per athlete, the rows of the columns above (zip transposes in C instead of a dict per athlete and field).
    now_rows = zip(*now.values(), strict=True)
    ahead_rows = zip(*ahead.values(), strict=True)
    now_keys, ahead_keys = list(now), list(ahead)
    athletes, not_checked_in = [], []
    for i, member in enumerate(fetched.roster):
        rep, hist, logged = _readiness_at(report, wellness, bool(has[i]), i, d)
        checkin = wellness_member(report, wellness, i, d, day)
        if not checkin["checked_in_today"]:
            not_checked_in.append({"athlete_id": member["athlete_id"], "name": member["name"]})
        summary = None
        if has_ahead[i, -1]:
            summary = forecast_words(acwr_end[i], ctl_change[i], form_after[i], end)
        athletes.append(
            {
                "athlete_id": member["athlete_id"],
                "name": member["name"],
                "event_groups": member["event_groups"],
                "roster_status": member["roster_status"],
                "first_session_date": _first_session(fetched, i),
                "history_days": hist if has[i] else 0,
                "sessions_logged": logged,
                "current": dict(zip(now_keys, next(now_rows), strict=True)),
                "readiness": _readiness_body(rep, checkin),
                "flags": flags[i],
                "heart_rate_profile": _profile(fetched, i, d),
                "forecast": {**dict(zip(ahead_keys, next(ahead_rows), strict=True)), "summary": summary},
            }
        )
    body = {
        "team_season_id": str(team_season_id),
        "event_group_id": str(event_group_id) if event_group_id else None,
        "date": day.isoformat(),
        "today": today.isoformat(),
        "time_zone": time_zone,
        "history": {"days_read_before_date": history_days, "window_start": fetched.window_start.isoformat()},
        "settings": settings_json(settings),
        "forecast_dates": _dates(day, horizon),
        "athletes": athletes,
        "not_checked_in": not_checked_in,
    }
    return dumps(body)


def feature_columns(
    fetched: Fetched, report: LoadReport, wellness: RecentWellness, *, lo: int
) -> dict[str, NDArray[Any]]:
    """One row per athlete-day from day ``lo`` to the end: athlete-major, NaN before history and where undefined."""
    f = fetched.frame
    n = report.daily.load.shape[1]
    days = n - lo
    has = f.has_history(n)[:, lo:]
    first = np.datetime64(f.date_of(lo), "D")
    columns: dict[str, NDArray[Any]] = {
        "athlete_id": np.repeat(np.array([str(r["athlete_id"]) for r in fetched.roster], dtype=object), days),
        "date": np.tile(np.arange(first, first + days), f.n_athletes),
        "has_history": has.ravel(),
    }
    for name, matrix in _series(report).items():
        columns[name] = _masked(matrix[:, lo:], has).ravel()
    columns["readiness_score"] = _masked(report.readiness.score[:, lo:], has).ravel()
    columns["readiness_sufficient"] = (has & report.readiness.sufficient[:, lo:]).ravel()
    # The day's own check-in total (the summary every staff member reads), and whether readiness included one.
    columns["wellness_total"] = np.where(wellness.age_days[:, lo:] == 0, wellness.total[:, lo:], np.nan).ravel()
    columns["readiness_includes_wellness"] = (
        ~np.isnan(wellness.total[:, lo:]) & ~np.isnan(report.readiness.score[:, lo:]) & has
    ).ravel()
    return columns


def _num(value: float) -> float | None:
    return None if value != value else round(float(value), 2)  # NaN -> null


def practice_effect_json(roster: list[dict[str, Any]], effect: Any) -> list[dict[str, Any]]:
    """Per athlete: ratio and fitness on the practice day, form the morning after — before and after the
    practice. Descriptive, never a risk (Impellizzeri et al. 2020)."""
    out = []
    for row in roster:
        i = int(row["idx"])
        before, after = _num(effect.acwr_before[i]), _num(effect.acwr_after[i])
        sentence = (
            f"Acute:chronic load ratio {before} → {after} on the practice day."
            if before is not None and after is not None
            else "Not enough history for an acute:chronic ratio yet."
        )
        out.append(
            {
                "athlete_id": str(row["athlete_id"]),
                "name": row["name"],
                "acwr_ewma": {"without": before, "with": after},
                "fitness_ctl": {"without": _num(effect.ctl_before[i]), "with": _num(effect.ctl_after[i])},
                "form_tsb_next_morning": {"without": _num(effect.tsb_before[i]), "with": _num(effect.tsb_after[i])},
                "summary": sentence,
            }
        )
    return out

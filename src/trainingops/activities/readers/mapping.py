"""An :class:`Activity` as the columns of an ``athlete_training_sessions`` row (spec §1.2).

``metrics_json`` is the versioned object ``activity/1`` documented in docs/files.md: summaries only (laps,
km splits, HR zones), never raw record streams, and never more than ``METRICS_JSON_MAX_BYTES``.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from trainingops.activities.readers.activity import Activity, Lap, Split

METRICS_SCHEMA = "activity/1"
# The database's cap on metrics_json (a CHECK on octet_length(metrics_json::text)); summaries stay far below.
METRICS_JSON_MAX_BYTES = 65536

RUN, GYM, CROSS_TRAINING, OTHER = "run", "gym", "cross_training", "other"
# FIT profile sport names (GPX/TCX names are normalised onto them first). Anything absent maps to "other".
CATEGORY_BY_SPORT = {
    "running": RUN,
    "cycling": CROSS_TRAINING,
    "e_biking": CROSS_TRAINING,
    "swimming": CROSS_TRAINING,
    "rowing": CROSS_TRAINING,
    "paddling": CROSS_TRAINING,
    "kayaking": CROSS_TRAINING,
    "stand_up_paddleboarding": CROSS_TRAINING,
    "cross_country_skiing": CROSS_TRAINING,
    "inline_skating": CROSS_TRAINING,
    "hiking": CROSS_TRAINING,
    "fitness_equipment": CROSS_TRAINING,
}
# Sub-sports decide for the generic containers ("training", "fitness_equipment", "generic"): a treadmill on
# fitness equipment is a run, an elliptical is cross-training. Strength training is gym under any sport.
GENERIC_SPORTS = frozenset({"training", "fitness_equipment", "generic"})
CATEGORY_BY_SUB_SPORT = {
    "strength_training": GYM,
    "treadmill": RUN,
    "indoor_running": RUN,
    "elliptical": CROSS_TRAINING,
    "stair_climbing": CROSS_TRAINING,
    "indoor_rowing": CROSS_TRAINING,
    "indoor_cycling": CROSS_TRAINING,
    "cardio_training": CROSS_TRAINING,
    "hiit": CROSS_TRAINING,
}


def workout_category(sport: str, sub_sport: str | None) -> str:
    if sub_sport == "strength_training":
        return GYM
    if sport in GENERIC_SPORTS and sub_sport in CATEGORY_BY_SUB_SPORT:
        return CATEGORY_BY_SUB_SPORT[sub_sport]
    return CATEGORY_BY_SPORT.get(sport, OTHER)


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _r(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)


def _lap(lap: Lap) -> dict[str, Any]:
    return {
        "start": _iso(lap.start),
        "elapsed_s": _r(lap.elapsed_s),
        "timer_s": _r(lap.timer_s),
        "distance_m": _r(lap.distance_m),
        "avg_hr": _r(lap.avg_hr),
        "max_hr": lap.max_hr,
    }


def _split(split: Split) -> dict[str, Any]:
    return {
        "km": split.km,
        "distance_m": _r(split.distance_m),
        "timer_s": _r(split.timer_s),
        "elapsed_s": _r(split.elapsed_s),
        "avg_hr": _r(split.avg_hr),
    }


def _hr(activity: Activity) -> dict[str, Any] | None:
    hr = activity.heart_rate
    if hr is None:
        return None
    return {
        "avg": _r(hr.avg),
        "max": hr.max,
        "zones": {
            "model": hr.zones.model,
            "hr_max": hr.zones.hr_max,
            "lower_bounds_bpm": list(hr.zones.lower_bounds_bpm()),
            "seconds": None if hr.zone_seconds is None else list(hr.zone_seconds),
        },
    }


def metrics_json(activity: Activity) -> dict[str, Any]:
    metrics: dict[str, Any] = {
        "schema": METRICS_SCHEMA,
        "source": {
            "format": activity.format,
            "sha256": activity.sha256,
            "device": {"manufacturer": activity.device.manufacturer, "product": activity.device.product},
            "segment": {"index": activity.segment_index, "count": activity.segment_count},
        },
        "sport": activity.sport,
        "sub_sport": activity.sub_sport,
        "start": _iso(activity.start),
        "end": _iso(activity.end),
        "elapsed_s": _r(activity.elapsed_s, 3),
        "timer_s": _r(activity.timer_s, 3),
        "distance_m": _r(activity.distance_m, 2),
        "laps": [_lap(lap) for lap in activity.laps],
        "splits_km": [_split(split) for split in activity.splits_km],
        "hr": _hr(activity),
        "elevation": {"gain_m": activity.elevation_gain_m, "loss_m": activity.elevation_loss_m},
        "cadence": {"avg": _r(activity.cadence_avg), "max": activity.cadence_max},
        "power": {"avg": _r(activity.power_avg), "max": activity.power_max},
        "calories_kcal": activity.calories_kcal,
        "swim": {"pool_length_m": activity.pool_length_m, "active_lengths": activity.active_lengths},
        "quality": [{"code": flag.code, "detail": flag.detail} for flag in activity.flags],
    }
    return _within_cap(metrics)


def encoded_size(metrics: dict[str, Any]) -> int:
    return len(json.dumps(metrics, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def _within_cap(metrics: dict[str, Any]) -> dict[str, Any]:
    """Halve the lap and split lists until the object fits; say what was cut, so nothing is silently lost."""
    if encoded_size(metrics) <= METRICS_JSON_MAX_BYTES:
        return metrics
    totals = {"laps": len(metrics["laps"]), "splits_km": len(metrics["splits_km"])}
    keep = max(totals.values())
    while keep > 0 and encoded_size(metrics) > METRICS_JSON_MAX_BYTES:
        keep //= 2
        for key, total in totals.items():
            metrics[key] = metrics[key][: min(keep, total)]
        metrics["truncated"] = {key: total for key, total in totals.items() if len(metrics[key]) < total}
    if encoded_size(metrics) > METRICS_JSON_MAX_BYTES:
        raise ValueError("metrics_json exceeds its cap even without laps and splits")  # unreachable by design
    return metrics


def activity_to_session_fields(activity: Activity) -> dict[str, Any]:
    """Column values for a completed session; ``completed_at`` is the end of the recording (UTC)."""
    distance = activity.distance_m
    return {
        "workout_category": workout_category(activity.sport, activity.sub_sport),
        # A strength session's 0 m is "no distance", not a distance of zero.
        "actual_distance_m": round(distance) if distance is not None and distance > 0 else None,
        "actual_duration_sec": round(activity.timer_s),
        "completed_at": activity.end,
        "metrics_json": metrics_json(activity),
    }

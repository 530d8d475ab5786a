"""The wellness member of the readiness bodies (docs/load-model.md, "Wellness"): whether the score includes a
check-in, which, and why not."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np

from trainingops.load.models.team import LoadReport
from trainingops.load.models.wellness import WEIGHT_WELLNESS, WELLNESS_RECENT_DAYS, RecentWellness, withheld_words


def wellness_member(report: LoadReport, wellness: RecentWellness, i: int, d: int, day: date) -> dict[str, Any]:
    """Whether readiness on day ``d`` includes a wellness check-in, which, and why not (docs/load-model.md)."""
    total = float(wellness.total[i, d])
    age = None if np.isnan(total) else int(wellness.age_days[i, d])
    included = age is not None and not np.isnan(report.readiness.score[i, d])
    return {
        "included": included,
        "total": int(total) if age is not None else None,
        "checkin_date": (day - timedelta(age)).isoformat() if age is not None else None,
        "checked_in_today": age == 0,
        "weight": WEIGHT_WELLNESS,
        "recent_days": WELLNESS_RECENT_DAYS,
        "explanation": None if age is not None else withheld_words(),
    }

"""The wellness component of readiness: how the athlete says they feel, from the daily check-in.

The check-in is the questionnaire of McLean et al. 2010 (Int J Sports Physiol Perform 5:367-383, after Hooper &
Mackinnon 1995, Sports Med 20:321-327): fatigue, sleep quality, general muscle soreness, stress and mood, each on
a five-point scale (1 worst, 5 best), summed to an overall wellness score of 5-25. Subjective self-report measures
track training stress at least as well as objective markers (Saw, Main & Gastin 2016, BJSM 50:281-291), which is
why the score gives them a share of its own.

The component is 0 at 5/25 and 1 at 25/25, linearly. It counts only when the athlete checked in on the day or on
the ``WELLNESS_RECENT_DAYS`` − 1 days before (product choice, docs/load-model.md): the questionnaire asks how the
athlete feels that morning, so a check-in older than yesterday's says little about today; yesterday's still
counts so that a score looked at before today's check-in is not withheld. When it counts, the four training parts
are scaled by (100 − ``WEIGHT_WELLNESS``)/100 and wellness adds its weight; when it does not, the score is the
training score unchanged, to the bit.

Pure: arrays in, arrays out; index 0 of the last axis is the first day of the frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

WELLNESS_ITEMS = 5  # McLean et al. 2010
WELLNESS_ITEM_MIN, WELLNESS_ITEM_MAX = 1, 5
WELLNESS_TOTAL_MIN = WELLNESS_ITEMS * WELLNESS_ITEM_MIN  # 5
WELLNESS_TOTAL_MAX = WELLNESS_ITEMS * WELLNESS_ITEM_MAX  # 25
# Product choice: one fifth of the score, the same share as RPE drift (the other self-reported signal) before
# scaling; the training parts keep their proportions (40:25:20:15) in the remaining 80.
WEIGHT_WELLNESS = 20.0
WELLNESS_RECENT_DAYS = 2  # today and yesterday (see the module text)


@dataclass(frozen=True)
class RecentWellness:
    """Per athlete and day: the latest total within the recent window (NaN when none) and its age in days."""

    total: FloatArray
    age_days: FloatArray


def recent_wellness(daily_totals: FloatArray, *, days: int = WELLNESS_RECENT_DAYS) -> RecentWellness:
    """The latest check-in total on the day or up to ``days`` − 1 days before (NaN: none that recent)."""
    totals = np.asarray(daily_totals, dtype=np.float64)
    total = np.full_like(totals, np.nan)
    age = np.full_like(totals, np.nan)
    for lag in range(days - 1, -1, -1):  # the most recent wins: written last
        shifted = np.full_like(totals, np.nan)
        shifted[..., lag:] = totals[..., : totals.shape[-1] - lag]
        found = ~np.isnan(shifted)
        total[found] = shifted[found]
        age[found] = lag
    return RecentWellness(total=total, age_days=age)


def wellness_part(total: FloatArray) -> FloatArray:
    """0 at the worst total (5), 1 at the best (25); NaN stays NaN."""
    part: FloatArray = (np.asarray(total, dtype=np.float64) - WELLNESS_TOTAL_MIN) / (
        WELLNESS_TOTAL_MAX - WELLNESS_TOTAL_MIN
    )
    return part


def with_wellness(score: FloatArray, recent: RecentWellness) -> FloatArray:
    """The readiness score with the wellness component where a recent check-in exists; elsewhere (and where
    there is no training score) the given score, unchanged."""
    out = np.array(score, dtype=np.float64, copy=True)
    counts = ~np.isnan(recent.total) & ~np.isnan(out)
    out[counts] = out[counts] * ((100.0 - WEIGHT_WELLNESS) / 100.0) + WEIGHT_WELLNESS * wellness_part(
        recent.total[counts]
    )
    return out


def wellness_words(total: float, age_days: float) -> str:
    """The factor in words for a day with a recent check-in."""
    when = "today" if age_days == 0 else "yesterday" if age_days == 1 else f"{int(age_days)} days ago"
    return (
        f"Wellness check-in {when}: {int(total)} of {WELLNESS_TOTAL_MAX} (sleep, fatigue, soreness, stress, mood; "
        f"McLean et al. 2010); it carries {WEIGHT_WELLNESS:g} of the 100 points."
    )


def withheld_words() -> str:
    return (
        f"No wellness check-in today or yesterday: the score rests on training data alone (wellness would carry "
        f"{WEIGHT_WELLNESS:g} of the 100 points)."
    )

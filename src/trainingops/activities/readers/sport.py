"""Sport names from GPX and TCX mapped onto the FIT profile's vocabulary, so one table covers all formats."""

from __future__ import annotations

import re

# Values seen in exports: TCX's schema allows Running/Biking/Other; GPX <type> is free text (Strava writes
# "running"/"cycling", Garmin Connect "running"/"road_biking", others "Run"/"Ride").
SPORT_ALIASES = {
    "run": "running",
    "running": "running",
    "trail_running": "running",
    "treadmill_running": "running",
    "biking": "cycling",
    "bike": "cycling",
    "ride": "cycling",
    "cycling": "cycling",
    "road_biking": "cycling",
    "mountain_biking": "cycling",
    "swim": "swimming",
    "swimming": "swimming",
    "lap_swimming": "swimming",
    "open_water_swimming": "swimming",
    "walk": "walking",
    "walking": "walking",
    "hike": "hiking",
    "hiking": "hiking",
    "row": "rowing",
    "rowing": "rowing",
    "other": "generic",
}


def normalise_sport(text: str | None) -> str:
    """A FIT-style sport name ('running', 'cycling', ...) for free text; 'generic' when there is none."""
    if not text or not text.strip():
        return "generic"
    key = re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")
    return SPORT_ALIASES.get(key, key or "generic")

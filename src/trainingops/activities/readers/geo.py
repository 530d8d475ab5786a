"""Distance along a track of latitude/longitude points, for files whose records carry no distance."""

from __future__ import annotations

import numpy as np

from trainingops.activities.readers.segment import FloatArray

# IUGG mean Earth radius R1 (Moritz 1980, Geodetic Reference System 1980): the usual sphere for haversine.
EARTH_RADIUS_M = 6_371_008.8


def cumulative_distance(lat: FloatArray, lon: FloatArray, breaks: FloatArray | None = None) -> FloatArray:
    """Haversine distance accumulated point to point; NaN positions add nothing; ``breaks`` marks points where
    a new track segment starts (no distance is counted across the jump)."""
    if lat.size == 0:
        return lat
    phi, lam = np.radians(lat), np.radians(lon)
    dphi, dlam = np.diff(phi), np.diff(lam)
    a = np.sin(dphi / 2) ** 2 + np.cos(phi[:-1]) * np.cos(phi[1:]) * np.sin(dlam / 2) ** 2
    step = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    step = np.where(np.isfinite(step), step, 0.0)
    if breaks is not None:
        step = np.where(breaks[1:] > 0, 0.0, step)
    return np.concatenate(([0.0], np.cumsum(step)))

"""Plain-loop reference implementations, written straight from the formulas, to check the vectorised code."""

from __future__ import annotations

import math


def ewma_loop(loads: list[float], alpha: float, seed: float | None = None) -> list[float]:
    """y_t = α·x_t + (1 − α)·y_(t−1); seed is y on the day before (None: y_0 = x_0)."""
    out: list[float] = []
    prev = loads[0] if seed is None else seed
    for x in loads:
        prev = alpha * x + (1 - alpha) * prev
        out.append(prev)
    return out


def rolling_mean_loop(loads: list[float], window: int) -> list[float]:
    return [math.nan if t < window - 1 else sum(loads[t - window + 1 : t + 1]) / window for t in range(len(loads))]


def ratio(a: float, b: float) -> float:
    return math.nan if math.isnan(a) or math.isnan(b) or b == 0 else a / b

"""Benchmark: load metrics for a 150-athlete roster over two years, NumPy vs a straightforward pandas loop.

Run with ``.venv/bin/python bench/load_models.py``. Prints a table and exits non-zero if the two
implementations disagree (np.allclose, NaN positions equal). Targets from issue 6: the pure team computation
≤ 20 ms and ≥ 20× faster than per-athlete pandas ``rolling``/``ewm``.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from trainingops.cli import process as allocator
from trainingops.load.models import SessionRows, load_metrics, team_load_metrics
from trainingops.load.models.settings import DEFAULT_SETTINGS, ewma_lambda
from trainingops.load.models.team import LoadMetrics

N_ATHLETES = 150
N_DAYS = 730
NUMPY_REPEATS = 50
PANDAS_REPEATS = 7


def demo_rows(seed: int = 6) -> SessionRows:
    """About six sessions a week per athlete with realistic RPE, duration, distance and a few gaps."""
    rng = np.random.default_rng(seed)
    athlete = np.repeat(np.arange(N_ATHLETES), N_DAYS)
    day = np.tile(np.arange(N_DAYS), N_ATHLETES)
    keep = rng.random(athlete.size) < 6 / 7
    extra = rng.random(athlete.size) < 0.15  # double days
    athlete = np.r_[athlete[keep], athlete[extra]]
    day = np.r_[day[keep], day[extra]]
    n = athlete.size
    planned_rpe = rng.integers(2, 10, n).astype(float)
    planned_sec = rng.integers(20, 120, n) * 60.0
    return SessionRows.of(
        athlete=athlete,
        day=day,
        category=rng.choice(4, n, p=[0.6, 0.2, 0.15, 0.05]),
        completed=rng.random(n) < 0.93,
        planned_rpe=planned_rpe,
        actual_rpe=np.where(rng.random(n) < 0.1, np.nan, np.clip(planned_rpe + rng.integers(-1, 2, n), 1, 10)),
        planned_duration_sec=planned_sec,
        actual_duration_sec=np.where(rng.random(n) < 0.05, np.nan, planned_sec * rng.uniform(0.7, 1.1, n)),
        actual_distance_m=rng.integers(0, 18000, n).astype(float),
    )


def pandas_metrics(load: np.ndarray, distance: np.ndarray) -> dict[str, np.ndarray]:
    """The same metrics the obvious way: one DataFrame per athlete, pandas rolling/ewm, stacked."""
    cfg = DEFAULT_SETTINGS
    columns: dict[str, list[np.ndarray]] = {}
    for i in range(load.shape[0]):
        s = pd.Series(load[i])
        dist = pd.Series(distance[i])
        acute = s.rolling(cfg.acute_days).mean()
        coupled = s.rolling(cfg.chronic_days).mean()
        uncoupled = s.rolling(cfg.chronic_days - cfg.acute_days).mean().shift(cfg.acute_days)
        acute_ew = s.ewm(alpha=ewma_lambda(cfg.acute_days), adjust=False).mean()
        chronic_ew = s.ewm(alpha=ewma_lambda(cfg.chronic_days), adjust=False).mean()
        weekly = s.rolling(7).sum()
        sd = s.rolling(7).std(ddof=cfg.monotony_ddof)
        monotony = (weekly / 7) / sd.where(sd > 0)
        # PMC starts from 0: prepend the zero state, let ewm(adjust=False) run, drop it again.
        padded = pd.concat([pd.Series([0.0]), s], ignore_index=True)
        ctl = padded.ewm(alpha=cfg.ctl_k, adjust=False).mean().iloc[1:].reset_index(drop=True)
        atl = padded.ewm(alpha=cfg.atl_k, adjust=False).mean().iloc[1:].reset_index(drop=True)
        week = dist.rolling(7).sum()
        before = week.shift(7)
        row = {
            "acute_rolling": acute,
            "chronic_rolling_coupled": coupled,
            "chronic_rolling_uncoupled": uncoupled,
            "acwr_rolling_coupled": acute / coupled.where(coupled > 0),
            "acwr_rolling_uncoupled": acute / uncoupled.where(uncoupled > 0),
            "acute_ewma": acute_ew,
            "chronic_ewma": chronic_ew,
            "acwr_ewma": acute_ew / chronic_ew.where(chronic_ew > 0),
            "weekly_load": weekly,
            "monotony": monotony,
            "strain": weekly * monotony,
            "ctl": ctl,
            "atl": atl,
            "tsb": (ctl - atl).shift(1).fillna(0.0),
            "ramp_rate": ctl - ctl.shift(7),
            "distance_week_m": week,
            "distance_week_change_m": week - before,
            "distance_week_change_pct": 100 * (week - before) / before.where(before > 0),
        }
        for name, series in row.items():
            columns.setdefault(name, []).append(series.to_numpy(dtype=float))
    return {name: np.stack(parts) for name, parts in columns.items()}


def timings(fn: Callable[[], object], repeats: int) -> list[float]:
    fn()  # warm up
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p95(values: list[float]) -> float:
    return float(np.percentile(values, 95))


def main() -> int:
    rows = demo_rows()
    team = team_load_metrics(rows, n_athletes=N_ATHLETES, n_days=N_DAYS)
    load, distance = team.daily.load, team.daily.distance_m

    numpy_ms = timings(lambda: load_metrics(load, distance), NUMPY_REPEATS)
    full_ms = timings(lambda: team_load_metrics(rows, n_athletes=N_ATHLETES, n_days=N_DAYS), NUMPY_REPEATS)
    pandas_ms = timings(lambda: pandas_metrics(load, distance), PANDAS_REPEATS)
    # The same, in the same process, once the allocator is set as the API process sets it (`serve` →
    # trainingops.cli.process): large buffers stay in the heap instead of fresh mmap()s per call.
    tuned = allocator.keep_large_buffers()
    numpy_tuned_ms = timings(lambda: load_metrics(load, distance), NUMPY_REPEATS)
    full_tuned_ms = timings(lambda: team_load_metrics(rows, n_athletes=N_ATHLETES, n_days=N_DAYS), NUMPY_REPEATS)
    pandas_tuned_ms = timings(lambda: pandas_metrics(load, distance), PANDAS_REPEATS)

    ours: LoadMetrics = load_metrics(load, distance)
    theirs = pandas_metrics(load, distance)
    mismatched = [
        name
        for name, expected in theirs.items()
        if not np.allclose(getattr(ours, name), expected, rtol=1e-7, atol=1e-7, equal_nan=True)
    ]

    print(f"Load metrics, {N_ATHLETES} athletes × {N_DAYS} days ({len(rows):,} sessions)")
    print(f"{'implementation':<58} {'median ms':>10} {'p95 ms':>10}")
    for label, ms in (
        ("NumPy load_metrics (daily matrix → 18 metrics)", numpy_ms),
        ("NumPy team_load_metrics (session rows → all + readiness)", full_ms),
        ("pandas per-athlete rolling/ewm loop (18 metrics)", pandas_ms),
        (f"NumPy load_metrics, API allocator setting{'' if tuned else ' (not applied)'}", numpy_tuned_ms),
        ("NumPy team_load_metrics, API allocator setting", full_tuned_ms),
        ("pandas loop, API allocator setting", pandas_tuned_ms),
    ):
        print(f"{label:<58} {statistics.median(ms):>10.1f} {p95(ms):>10.1f}")
    for label, ours_ms, theirs_ms in (
        ("default allocator", numpy_ms, pandas_ms),
        ("API allocator setting", numpy_tuned_ms, pandas_tuned_ms),
    ):
        print(
            f"speed-up of NumPy over pandas (medians), {label}: "
            f"{statistics.median(theirs_ms) / statistics.median(ours_ms):.0f}×"
        )
    print(f"identical numbers (np.allclose, {len(theirs)} metrics): {mismatched or 'yes'}")
    return 1 if mismatched else 0


if __name__ == "__main__":
    sys.exit(main())

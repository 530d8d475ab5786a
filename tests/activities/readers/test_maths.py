"""Splits, moving time, heart-rate zones and the elevation rule, checked against hand-worked cases."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainingops.activities.readers.activity import HeartRateZones
from trainingops.activities.readers.heart_rate import time_weighted_mean, zone_seconds
from trainingops.activities.readers.segment import Samples, intervals_from_gaps, moving_clock
from trainingops.activities.readers.splits import ELEVATION_HYSTERESIS_M, elevation_change, km_splits


def samples(t: list[float], distance: list[float], hr: list[float] | None = None) -> Samples:
    n = len(t)
    nan = np.full(n, np.nan)
    return Samples(
        np.asarray(t, float), np.asarray(distance, float), np.asarray(hr, float) if hr else nan, nan, nan, nan
    )


def test_moving_clock_stops_during_pauses() -> None:
    t = np.array([0.0, 10, 20, 100, 110])
    running = np.array([[0.0, 20], [100, 110]])
    assert moving_clock(t, running).tolist() == [0, 10, 20, 20, 30]


def test_gaps_longer_than_the_pause_threshold_become_pauses() -> None:
    t = np.array([0.0, 5, 10, 100, 105])
    assert intervals_from_gaps(t).tolist() == [[0, 10], [100, 105]]


def test_splits_are_interpolated_at_each_kilometre() -> None:
    s = samples([0, 100, 200, 300, 400], [0, 500, 1000, 1500, 2100], [140, 140, 160, 160, 160])
    splits = km_splits(s, moving_clock(s.t, np.empty((0, 2))), 0.0)
    assert [(x.km, x.distance_m, x.timer_s) for x in splits] == [
        (1, 1000.0, 200.0),
        (2, 1000.0, pytest.approx(183.33, abs=0.01)),
        (3, 100.0, pytest.approx(16.67, abs=0.01)),
    ]
    assert splits[0].avg_hr == pytest.approx(140) and splits[1].avg_hr == pytest.approx(160)


def test_heart_rate_mean_is_weighted_by_time_not_by_sample_count() -> None:
    clock = np.array([0.0, 1, 2, 3, 63])
    hr = np.array([100.0, 100, 100, 160, 160])
    assert time_weighted_mean(hr, clock) == pytest.approx((3 * 100 + 60 * 160) / 63)


def test_zone_seconds_use_the_edwards_bounds() -> None:
    zones = HeartRateZones(hr_max=200)  # bounds 100/120/140/160/180
    clock = np.array([0.0, 10, 20, 30, 40, 50, 60])
    hr = np.array([90.0, 110, 130, 150, 170, 190, 190])
    assert zone_seconds(hr, clock, zones) == (10.0, 10.0, 10.0, 10.0, 10.0, 10.0)


def test_elevation_ignores_noise_inside_the_hysteresis() -> None:
    noise = 100 + np.tile([0.0, 2.5], 50)
    assert elevation_change(noise) == (0.0, 0.0)


def test_elevation_counts_a_climb_and_a_descent() -> None:
    profile = np.concatenate((np.linspace(100, 150, 51), np.linspace(150, 120, 31)))
    result = elevation_change(profile)
    assert result is not None
    assert result[0] == pytest.approx(50.0) and result[1] == pytest.approx(30.0)


def test_a_single_spike_is_removed_by_the_median() -> None:
    profile = np.full(20, 100.0)
    profile[10] = 140.0
    assert elevation_change(profile) == (0.0, 0.0)


def test_no_altitude_means_no_elevation() -> None:
    assert elevation_change(np.full(5, np.nan)) is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-50, 50, allow_nan=False), min_size=2, max_size=200))
def test_gain_minus_loss_is_the_net_change_within_one_hysteresis(steps: list[float]) -> None:
    profile = 1000 + np.cumsum(steps)
    result = elevation_change(profile)
    assert result is not None
    gain, loss = result
    assert gain >= 0 and loss >= 0
    smoothed_net = profile[-1] - profile[0]
    assert abs((gain - loss) - smoothed_net) <= 2 * ELEVATION_HYSTERESIS_M + max(abs(s) for s in steps)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.5, 8.0), min_size=5, max_size=400))
def test_splits_add_up_to_the_distance_and_the_moving_time(speeds: list[float]) -> None:
    t = np.arange(len(speeds) + 1, dtype=float) * 5
    d = np.concatenate(([0.0], np.cumsum(np.asarray(speeds) * 5)))
    s = samples(t.tolist(), d.tolist())
    splits = km_splits(s, moving_clock(s.t, np.empty((0, 2))), 0.0)
    if d[-1] >= 10:
        assert sum(x.distance_m for x in splits) == pytest.approx(d[-1], abs=10)
        assert sum(x.timer_s for x in splits) == pytest.approx(t[-1], abs=60)
    assert all(x.distance_m <= 1000 for x in splits)

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.load.models.reference import ewma_loop, rolling_mean_loop
from trainingops.load.models.windows import ewma, rolling_mean, rolling_std, safe_ratio, trailing_sum

loads = st.lists(st.floats(min_value=0, max_value=2000, allow_nan=False), min_size=1, max_size=90)


@settings(max_examples=60, deadline=None)
@given(loads, st.floats(min_value=0.01, max_value=1.0))
def test_ewma_matches_the_day_by_day_recursion(values: list[float], alpha: float) -> None:
    np.testing.assert_allclose(ewma(np.array(values), alpha), ewma_loop(values, alpha), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(
        ewma(np.array(values), alpha, initial=0.0), ewma_loop(values, alpha, seed=0.0), rtol=1e-9, atol=1e-9
    )


def test_ewma_stays_accurate_over_long_series_and_fast_decay() -> None:
    values = list(np.random.default_rng(3).random(2000) * 800)
    for alpha in (2 / 8, 2 / 29, 0.9, 0.9999):
        np.testing.assert_allclose(ewma(np.array(values), alpha), ewma_loop(values, alpha), rtol=1e-10)


@settings(max_examples=60, deadline=None)
@given(loads, st.integers(min_value=1, max_value=30))
def test_rolling_mean_matches_a_plain_loop(values: list[float], window: int) -> None:
    np.testing.assert_allclose(
        rolling_mean(np.array(values), window), rolling_mean_loop(values, window), rtol=1e-9, atol=1e-9
    )


def test_a_window_of_rest_days_after_heavy_training_sums_to_exactly_zero() -> None:
    values = np.concatenate([np.full(400, 1234.567), np.zeros(30)])
    sums = trailing_sum(values, 28)
    assert sums[-1] == 0.0
    assert sums[-3] == 0.0


def test_rolling_std_is_exactly_zero_for_a_constant_week_and_nan_before_a_full_week() -> None:
    values = np.concatenate([np.random.default_rng(1).random(20) * 500, np.full(7, 333.3)])
    sd = rolling_std(values, 7, 0)
    assert sd[-1] == 0.0
    assert np.isnan(sd[:6]).all()
    np.testing.assert_allclose(sd[6], np.std(values[:7]))


def test_safe_ratio_is_nan_never_inf() -> None:
    out = safe_ratio(np.array([1.0, 0.0, 5.0, 2.0]), np.array([0.0, 0.0, math.nan, 4.0]))
    assert np.isnan(out[:3]).all()
    assert out[3] == 0.5
    assert not np.isinf(out).any()

import numpy as np
import pytest

from trainingops.load.models.monotony import monotony_strain, week_over_week

WEEK = np.array([300.0, 450, 0, 600, 300, 0, 750])


def test_foster_monotony_and_strain_on_a_worked_week() -> None:
    # Weekly load 2400 AU; mean 2400/7 = 342.857. Σ(x − mean)² = 482,142.86, so the population SD is
    # √(482,142.86/7) = 262.445 and the sample SD √(482,142.86/6) = 283.473.
    # Monotony = 342.857/262.445 = 1.3064 (population) or 1.2095 (sample); strain = 2400 × monotony.
    pop = monotony_strain(WEEK)
    assert pop.weekly_load[-1] == pytest.approx(2400.0)
    assert pop.monotony[-1] == pytest.approx(1.3064, abs=1e-4)
    assert pop.strain[-1] == pytest.approx(3135.35, abs=0.01)
    sample = monotony_strain(WEEK, ddof=1)
    assert sample.monotony[-1] == pytest.approx(1.2095, abs=1e-4)


def test_an_even_week_has_undefined_monotony_and_strain() -> None:
    out = monotony_strain(np.r_[WEEK, np.full(7, 500.0), np.zeros(7)])
    assert np.isnan(out.monotony[13]) and np.isnan(out.strain[13])
    assert np.isnan(out.monotony[20])  # seven rest days: 0/0
    assert not np.isinf(out.monotony).any()
    assert np.isnan(out.monotony[:6]).all()


def test_week_over_week_distance_change() -> None:
    distance = np.r_[np.full(7, 5000.0), np.full(7, 6000.0), np.zeros(7), np.full(7, 1000.0)]
    out = week_over_week(distance)
    assert out.change[13] == pytest.approx(7000.0)
    assert out.change_pct[13] == pytest.approx(20.0)
    assert np.isnan(out.change_pct[27])  # the week before was 0 km
    assert np.isnan(out.change[:13]).all()

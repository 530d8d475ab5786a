import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainingops.load.pmc import fitness_fatigue
from trainingops.load.settings import LoadSettings, Smoothing, smoothing_factor


@pytest.mark.parametrize("form", [Smoothing.EXPONENTIAL, Smoothing.RECIPROCAL])
@pytest.mark.parametrize("days", [1, 7, 42, 100])
def test_constant_load_from_zero_follows_the_closed_form(form: Smoothing, days: int) -> None:
    load = 80.0
    cfg = LoadSettings(smoothing=form)
    out = fitness_fatigue(np.full(days, load), settings=cfg)
    n = np.arange(1, days + 1)
    np.testing.assert_allclose(out.ctl, load * (1 - (1 - cfg.ctl_k) ** n), rtol=1e-12)
    np.testing.assert_allclose(out.atl, load * (1 - (1 - cfg.atl_k) ** n), rtol=1e-12)


def test_smoothing_forms_are_goldencheetah_and_trainingpeaks() -> None:
    assert smoothing_factor(42, Smoothing.EXPONENTIAL) == pytest.approx(1 - np.exp(-1 / 42))
    assert smoothing_factor(42, Smoothing.RECIPROCAL) == pytest.approx(1 / 42)


def test_tsb_is_yesterdays_ctl_minus_yesterdays_atl() -> None:
    load = np.array([100.0, 0, 50, 200, 0, 0, 90, 10])
    out = fitness_fatigue(load, initial_ctl=30.0, initial_atl=45.0)
    assert out.tsb[0] == pytest.approx(-15.0)
    np.testing.assert_allclose(out.tsb[1:], (out.ctl - out.atl)[:-1])


def test_ramp_rate_is_ctl_change_over_seven_days() -> None:
    out = fitness_fatigue(np.linspace(0, 100, 30))
    assert np.isnan(out.ramp_rate[:7]).all()
    np.testing.assert_allclose(out.ramp_rate[7:], out.ctl[7:] - out.ctl[:-7])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(min_value=0, max_value=1500), min_size=1, max_size=60),
    st.floats(min_value=0.1, max_value=20),
)
def test_scaling_loads_scales_ctl_and_atl(values: list[float], c: float) -> None:
    base = fitness_fatigue(np.array(values))
    scaled = fitness_fatigue(np.array(values) * c)
    np.testing.assert_allclose(scaled.ctl, base.ctl * c, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(scaled.atl, base.atl * c, rtol=1e-9, atol=1e-9)

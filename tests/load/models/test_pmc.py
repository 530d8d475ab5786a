import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainingops.load.models.pmc import SEED_FROM_FIRST_WEEKS, fitness_fatigue
from trainingops.load.models.settings import PMC_SEED_DAYS, LoadSettings, Smoothing, smoothing_factor


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


@pytest.mark.parametrize("form", list(Smoothing))
def test_a_seeded_athlete_at_constant_load_is_in_a_steady_state_from_day_one(form: Smoothing) -> None:
    """Seeded from the first weeks, constant training is no start-up artefact: CTL = ATL = the load, TSB 0."""
    out = fitness_fatigue(
        np.full(120, 300.0),
        settings=LoadSettings(smoothing=form),
        initial_ctl=SEED_FROM_FIRST_WEEKS,
        initial_atl=SEED_FROM_FIRST_WEEKS,
    )
    np.testing.assert_allclose(out.ctl, 300.0, rtol=1e-12)
    np.testing.assert_allclose(out.atl, 300.0, rtol=1e-12)
    np.testing.assert_allclose(out.tsb, 0.0, atol=1e-9)
    zero = fitness_fatigue(np.full(120, 300.0), settings=LoadSettings(smoothing=form))
    assert zero.tsb[30] < -50  # the artefact the seed removes


def test_the_seed_is_the_mean_of_the_first_four_weeks_and_never_looks_ahead() -> None:
    rng = np.random.default_rng(7)
    load = rng.uniform(0, 600, 200)
    seeded = fitness_fatigue(load, initial_ctl=SEED_FROM_FIRST_WEEKS, initial_atl=SEED_FROM_FIRST_WEEKS)
    seed = load[:PMC_SEED_DAYS].mean()
    cfg = LoadSettings()
    ctl, atl = seed, seed
    for t in range(200):  # the plain recursion from the seed, day by day
        ctl += cfg.ctl_k * (load[t] - ctl)
        atl += cfg.atl_k * (load[t] - atl)
        if t >= PMC_SEED_DAYS - 1:
            assert seeded.ctl[t] == pytest.approx(ctl, rel=1e-12) and seeded.atl[t] == pytest.approx(atl, rel=1e-12)
    for t in (0, 5, 26, 27, 60):  # a day's values do not change when later days do
        changed = load.copy()
        changed[t + 1 :] = 1000.0
        again = fitness_fatigue(changed, initial_ctl=SEED_FROM_FIRST_WEEKS, initial_atl=SEED_FROM_FIRST_WEEKS)
        np.testing.assert_array_equal(again.ctl[: t + 1], seeded.ctl[: t + 1])
        np.testing.assert_array_equal(again.tsb[: t + 2], seeded.tsb[: t + 2])


def test_staff_given_initial_values_are_used_as_they_are() -> None:
    out = fitness_fatigue(np.zeros((2, 3)), initial_ctl=np.array([50.0, SEED_FROM_FIRST_WEEKS]), initial_atl=20.0)
    k = LoadSettings().ctl_k
    np.testing.assert_allclose(out.ctl[:, 0], [50.0 * (1 - k), 0.0])
    np.testing.assert_allclose(out.tsb[:, 0], [30.0, -20.0])

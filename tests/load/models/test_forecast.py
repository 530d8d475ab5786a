import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from trainingops.load.models.as_of import as_of
from trainingops.load.models.forecast import forecast_team_load, plan_effect
from trainingops.load.models.rows import HeartRateProfiles, SessionRows
from trainingops.load.models.srpe import DEFAULT_MINUTES_BY_CATEGORY, DEFAULT_RPE_BY_CATEGORY
from trainingops.load.models.team import LoadReport, team_load_metrics

NAN = math.nan


def _history_and_plan() -> SessionRows:
    history = np.arange(0, 28)
    return SessionRows.of(
        athlete=np.r_[np.zeros(28, int), 0, 0, 1],
        day=np.r_[history, 29, 31, 30],
        category=np.r_[np.zeros(28, int), 0, 1, 0],
        completed=np.r_[np.ones(28, bool), False, False, False],
        actual_rpe=np.r_[np.full(28, 5.0), NAN, NAN, NAN],
        actual_duration_sec=np.r_[np.full(28, 3600.0), NAN, NAN, NAN],
        planned_rpe=np.r_[np.full(28, 5.0), 8, NAN, 6],
        planned_duration_sec=np.r_[np.full(28, 3600.0), 5400, NAN, 1800],
    )


def test_forecast_appends_planned_sessions_as_planned_rpe_times_minutes() -> None:
    fc = forecast_team_load(_history_and_plan(), n_athletes=2, today=28, horizon_days=7)
    daily = fc.report.daily
    assert daily.load.shape == (2, 35)
    assert daily.projected_load[0, 29] == 8 * 90
    gym_default = DEFAULT_RPE_BY_CATEGORY[1] * DEFAULT_MINUTES_BY_CATEGORY[1]
    assert daily.projected_load[0, 31] == gym_default
    assert daily.projected_load[1, 30] == 6 * 30
    assert daily.estimated_fraction[0, 29] == 1.0
    assert fc.projected.tolist() == [False] * 28 + [True] * 7
    assert daily.missed.sum() == 0  # planned, not missed


def test_forecast_history_part_equals_the_history_alone() -> None:
    rows = _history_and_plan()
    fc = forecast_team_load(rows, n_athletes=2, today=28)
    past = team_load_metrics(rows, n_athletes=2, n_days=28, today=28)
    np.testing.assert_allclose(fc.report.metrics.ctl[:, :28], past.metrics.ctl, equal_nan=True)
    np.testing.assert_allclose(fc.report.metrics.acwr_ewma[:, :28], past.metrics.acwr_ewma, equal_nan=True)


def test_plan_effect_shows_a_practice_raising_the_ratio_and_lowering_form() -> None:
    rows = _history_and_plan()
    practice = SessionRows.of(
        athlete=[0, 1], day=[30, 30], completed=[False, False], planned_rpe=[9, 9], planned_duration_sec=[7200, 7200]
    )
    effect = plan_effect(rows, practice, n_athletes=2, today=28, day=30)
    assert (effect.acwr_after[0] > effect.acwr_before[0]) and (effect.tsb_after[0] < effect.tsb_before[0])
    assert effect.ctl_after[0] == pytest.approx(effect.ctl_before[0] + 9 * 120 * (1 - np.exp(-1 / 42)))


@st.composite
def _team_rows(draw: st.DrawFn) -> tuple[SessionRows, int, int, int, int]:
    """Random sessions of a small roster, some outside the window, with a day shown and today on or after it."""
    n_athletes = draw(st.integers(1, 4))
    n_days = draw(st.integers(1, 60))
    n = draw(st.integers(0, 80))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)

    def measure(low: int, high: int) -> NDArray[np.float64]:
        values = rng.integers(low, high, n).astype(float)
        values[rng.random(n) < 0.25] = NAN
        return values

    rows = SessionRows.of(
        athlete=rng.integers(-1, n_athletes + 1, n),
        day=rng.integers(-2, n_days + 10, n),
        category=rng.integers(0, 4, n),
        completed=rng.random(n) < 0.6,
        actual_rpe=measure(0, 11),
        planned_rpe=measure(1, 11),
        actual_duration_sec=measure(0, 7200),
        planned_duration_sec=measure(0, 7200),
        actual_distance_m=measure(0, 20000),
        planned_distance_m=measure(0, 20000),
        hr_avg=measure(90, 190),
    )
    day = draw(st.integers(0, n_days - 1))
    today = draw(st.integers(day, n_days + 3))
    horizon = draw(st.integers(1, 8))
    return rows, n_athletes, day, today, horizon


@settings(max_examples=150, deadline=None)
@given(_team_rows())
def test_the_numbers_of_a_day_do_not_depend_on_how_far_the_window_reaches(
    case: tuple[SessionRows, int, int, int, int],
) -> None:
    """The team view takes the current numbers from the same pass as its forecast: every metric is causal."""
    rows, n_athletes, day, today, horizon = case
    profiles = HeartRateProfiles.of(hr_rest=np.full(n_athletes, 60.0), hr_max=np.full(n_athletes, 195.0))
    counted = as_of(today)

    def up_to(n_days: int) -> LoadReport:
        return team_load_metrics(
            rows,
            n_athletes=n_athletes,
            n_days=n_days,
            profiles=profiles,
            today=counted.today,
            project_planned=counted.project_planned,
            initial_ctl=NAN,
            initial_atl=NAN,
        )

    short, long = up_to(day + 1), up_to(day + horizon)
    for part in ("daily", "metrics", "readiness"):
        a, b = getattr(short, part), getattr(long, part)
        for name in a.__dataclass_fields__:
            np.testing.assert_allclose(
                getattr(b, name)[:, : day + 1], getattr(a, name), rtol=1e-9, atol=1e-9, equal_nan=True, err_msg=name
            )


def test_a_forecast_from_a_past_day_counts_sessions_missed_since_as_missed_not_as_planned() -> None:
    rows = _history_and_plan()  # athlete 0: planned, not completed, on days 29 and 31; athlete 1 on day 30
    fc = forecast_team_load(rows, n_athletes=2, today=31, horizon_days=3)
    assert fc.report.daily.load[0, 29] == 0.0
    assert fc.report.daily.missed[0, 29] == 1.0
    assert fc.report.daily.load[1, 30] == 0.0
    assert fc.report.daily.load[0, 31] == DEFAULT_RPE_BY_CATEGORY[1] * DEFAULT_MINUTES_BY_CATEGORY[1]

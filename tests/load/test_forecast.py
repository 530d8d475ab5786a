import math

import numpy as np
import pytest

from trainingops.load.forecast import forecast_team_load, plan_effect
from trainingops.load.rows import SessionRows
from trainingops.load.srpe import DEFAULT_MINUTES_BY_CATEGORY, DEFAULT_RPE_BY_CATEGORY
from trainingops.load.team import team_load_metrics

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

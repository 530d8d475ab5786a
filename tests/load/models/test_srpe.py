import math

import numpy as np

from trainingops.load.models.srpe import (
    CATEGORY_CODES,
    DEFAULT_MINUTES_BY_CATEGORY,
    DEFAULT_RPE_BY_CATEGORY,
    planned_session_load,
    session_rpe_load,
)

NAN = math.nan


def test_session_rpe_is_rpe_times_minutes_and_not_estimated_when_both_actuals_exist() -> None:
    # Foster et al. 2001: a 60-minute session rated 7 is 420 AU.
    out = session_rpe_load(
        category=[CATEGORY_CODES["run"]],
        actual_rpe=[7],
        planned_rpe=[5],
        actual_duration_sec=[3600],
        planned_duration_sec=[1800],
    )
    assert out.load[0] == 420.0
    assert not out.estimated[0]


def test_missing_actuals_fall_back_to_planned_then_to_category_defaults_and_are_flagged() -> None:
    gym = CATEGORY_CODES["gym"]
    out = session_rpe_load(
        category=[gym, gym, gym],
        actual_rpe=[NAN, 6, NAN],
        planned_rpe=[4, NAN, NAN],
        actual_duration_sec=[1200, NAN, NAN],
        planned_duration_sec=[NAN, 2400, NAN],
    )
    np.testing.assert_allclose(out.rpe, [4, 6, DEFAULT_RPE_BY_CATEGORY[gym]])
    np.testing.assert_allclose(out.minutes, [20, 40, DEFAULT_MINUTES_BY_CATEGORY[gym]])
    assert out.estimated.tolist() == [True, True, True]


def test_out_of_scale_rpe_is_treated_as_missing() -> None:
    out = session_rpe_load(
        category=[0], actual_rpe=[42], planned_rpe=[3], actual_duration_sec=[600], planned_duration_sec=[NAN]
    )
    assert out.rpe[0] == 3
    assert out.estimated[0]


def test_planned_load_uses_planned_values_and_flags_defaults() -> None:
    out = planned_session_load(category=[0, 3], planned_rpe=[6, NAN], planned_duration_sec=[3000, 900])
    np.testing.assert_allclose(out.load, [300.0, DEFAULT_RPE_BY_CATEGORY[3] * 15])
    assert out.estimated.tolist() == [False, True]

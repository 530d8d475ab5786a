import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from trainingops.load.models.rows import HeartRateProfiles, SessionRows
from trainingops.load.models.series import daily_series
from trainingops.load.models.trimp import SEX_MALE

NAN = math.nan


def test_rest_days_are_zero_and_sessions_land_on_their_local_day() -> None:
    rows = SessionRows.of(day=[0, 3], actual_rpe=[5, 8], actual_duration_sec=[3600, 1800])
    out = daily_series(rows, n_athletes=1, n_days=6)
    np.testing.assert_array_equal(out.load[0], [300, 0, 0, 240, 0, 0])
    np.testing.assert_array_equal(out.sessions[0], [1, 0, 0, 1, 0, 0])


@settings(max_examples=50, deadline=None)
@given(
    st.integers(min_value=1, max_value=10),
    st.integers(min_value=1, max_value=10),
    st.integers(min_value=60, max_value=7200),
    st.integers(min_value=60, max_value=7200),
)
def test_two_sessions_on_one_day_sum_like_their_loads(rpe_a: int, rpe_b: int, sec_a: int, sec_b: int) -> None:
    two = SessionRows.of(day=[2, 2], actual_rpe=[rpe_a, rpe_b], actual_duration_sec=[sec_a, sec_b])
    one_a = SessionRows.of(day=[2], actual_rpe=[rpe_a], actual_duration_sec=[sec_a])
    one_b = SessionRows.of(day=[2], actual_rpe=[rpe_b], actual_duration_sec=[sec_b])
    total = daily_series(two, n_athletes=1, n_days=4)
    a = daily_series(one_a, n_athletes=1, n_days=4)
    b = daily_series(one_b, n_athletes=1, n_days=4)
    np.testing.assert_allclose(total.load, a.load + b.load)
    np.testing.assert_allclose(total.duration_sec, a.duration_sec + b.duration_sec)
    assert total.sessions[0, 2] == 2


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=59), min_size=0, max_size=12, unique=True))
def test_gaps_in_the_log_become_zeros_not_missing_days(days: list[int]) -> None:
    rows = SessionRows.of(day=days, actual_rpe=[6] * len(days), actual_duration_sec=[600] * len(days))
    out = daily_series(rows, n_athletes=1, n_days=60)
    expected = np.zeros(60)
    expected[days] = 60.0
    np.testing.assert_array_equal(out.load[0], expected)


def test_estimated_fraction_says_how_much_of_the_day_is_estimated() -> None:
    rows = SessionRows.of(
        day=[0, 0, 1],
        actual_rpe=[5, NAN, 4],
        planned_rpe=[NAN, 5, NAN],
        actual_duration_sec=[1800, 1800, 600],
    )
    out = daily_series(rows, n_athletes=1, n_days=3)
    np.testing.assert_allclose(out.estimated_fraction[0], [0.5, 0.0, 0.0])
    np.testing.assert_array_equal(out.estimated_sessions[0], [1, 0, 0])


def test_missed_cut_short_and_rpe_drift_are_counted_on_their_day() -> None:
    rows = SessionRows.of(
        day=[0, 1, 2, 5],
        completed=[True, True, False, False],
        planned_rpe=[5, 6, 5, 5],
        actual_rpe=[7, 6, NAN, NAN],
        planned_duration_sec=[3600, 3600, 3600, 3600],
        actual_duration_sec=[1200, 3600, NAN, NAN],
    )
    out = daily_series(rows, n_athletes=1, n_days=6, today=4)
    np.testing.assert_array_equal(out.cut_short[0], [1, 0, 0, 0, 0, 0])
    np.testing.assert_array_equal(out.missed[0], [0, 0, 1, 0, 0, 0])  # day 5 is still pending
    np.testing.assert_array_equal(out.rpe_drift_sum[0], [2, 0, 0, 0, 0, 0])
    np.testing.assert_array_equal(out.rpe_drift_sessions[0], [1, 1, 0, 0, 0, 0])


def test_heart_rate_sessions_get_trimp_beside_srpe() -> None:
    rows = SessionRows.of(
        athlete=[0, 1],
        day=[0, 0],
        actual_rpe=[6, 6],
        actual_duration_sec=[1800, 1800],
        hr_avg=[150, NAN],
        hr_zone_minutes=[[10, 20, 0, 0, 0], [NAN] * 5],
    )
    profiles = HeartRateProfiles.of(hr_rest=[60, 60], hr_max=[190, 190], sex=[SEX_MALE, SEX_MALE])
    out = daily_series(rows, n_athletes=2, n_days=1, profiles=profiles)
    assert round(float(out.trimp_banister[0, 0]), 2) == 50.22
    assert out.trimp_edwards[0, 0] == 50.0
    np.testing.assert_array_equal(out.hr_sessions[:, 0], [1, 0])
    assert out.trimp_banister[1, 0] == 0.0


def test_rows_outside_the_window_are_ignored() -> None:
    rows = SessionRows.of(athlete=[0, 0, 3], day=[-1, 9, 0], actual_rpe=[5, 5, 5], actual_duration_sec=[60] * 3)
    out = daily_series(rows, n_athletes=2, n_days=5)
    assert out.load.sum() == 0

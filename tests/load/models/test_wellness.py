"""The wellness component of readiness (McLean et al. 2010 totals): withheld without a recent check-in, leaving
every readiness number exactly as the training model gave it; otherwise a fixed share of the score."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from trainingops.load.models.wellness import (
    WEIGHT_WELLNESS,
    recent_wellness,
    wellness_part,
    wellness_words,
    with_wellness,
)

NAN = np.nan
scores = arrays(np.float64, (3, 20), elements=st.floats(0, 100) | st.just(NAN))


@given(scores)
def test_without_any_check_in_every_score_is_unchanged_to_the_bit(score: np.ndarray) -> None:
    recent = recent_wellness(np.full(score.shape, NAN))
    assert with_wellness(score, recent).tobytes() == score.tobytes()


def test_a_check_in_counts_on_its_day_and_the_next_then_lapses() -> None:
    totals = np.array([[NAN, 20.0, NAN, NAN, 10.0, 15.0]])
    recent = recent_wellness(totals)
    np.testing.assert_array_equal(recent.total, [[NAN, 20.0, 20.0, NAN, 10.0, 15.0]])
    np.testing.assert_array_equal(recent.age_days, [[NAN, 0, 1, NAN, 0, 0]])


def test_the_component_is_zero_at_the_worst_total_and_one_at_the_best() -> None:
    np.testing.assert_array_equal(wellness_part(np.array([5.0, 15.0, 25.0])), [0.0, 0.5, 1.0])


def test_with_a_check_in_the_training_score_keeps_eighty_points_and_wellness_takes_twenty() -> None:
    score = np.array([[60.0, 60.0, NAN]])
    recent = recent_wellness(np.array([[25.0, NAN, 5.0]]))
    out = with_wellness(score, recent)
    assert WEIGHT_WELLNESS == 20.0
    np.testing.assert_allclose(out, [[60.0 * 0.8 + 20.0, 60.0 * 0.8 + 20.0, NAN]])  # day 1: yesterday's 25


@given(scores, arrays(np.float64, (3, 20), elements=st.integers(5, 25).map(float) | st.just(NAN)))
def test_the_score_stays_within_zero_and_one_hundred(score: np.ndarray, totals: np.ndarray) -> None:
    out = with_wellness(score, recent_wellness(totals))
    finite = out[~np.isnan(out)]
    assert ((finite >= 0) & (finite <= 100 + 1e-9)).all()
    assert (np.isnan(out) == np.isnan(score)).all()


def test_the_factor_names_the_source_and_weight() -> None:
    assert wellness_words(18, 1) == (
        "Wellness check-in yesterday: 18 of 25 (sleep, fatigue, soreness, stress, mood; McLean et al. 2010); it "
        "carries 20 of the 100 points."
    )

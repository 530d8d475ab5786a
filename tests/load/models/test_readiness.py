import numpy as np

from trainingops.load.models.readiness import READINESS_MIN_HISTORY_DAYS, READINESS_MIN_SESSIONS, readiness_report
from trainingops.load.models.rows import SessionRows
from trainingops.load.models.team import athlete_load_metrics


def _steady(days: int, every: int = 1) -> SessionRows:
    d = np.arange(0, days, every)
    return SessionRows.of(
        day=d, actual_rpe=np.full(d.size, 5), planned_rpe=np.full(d.size, 5), actual_duration_sec=np.full(d.size, 3600)
    )


def test_readiness_withholds_a_score_and_says_what_is_needed() -> None:
    report = athlete_load_metrics(_steady(10), n_days=10)
    words = readiness_report(report.readiness, day=9)
    assert words.score is None
    assert not words.sufficient
    assert f"{READINESS_MIN_HISTORY_DAYS} days" in words.factors[0]
    assert "10 days and 10 sessions" in words.factors[0]
    assert np.isnan(report.readiness.score).all()


def test_enough_days_but_too_few_sessions_still_withholds() -> None:
    report = athlete_load_metrics(_steady(40, every=7), n_days=40)
    assert report.readiness.sessions_logged[-1] < READINESS_MIN_SESSIONS
    assert readiness_report(report.readiness, day=39).score is None


def test_a_steady_athlete_gets_a_bounded_score_with_factors_in_words() -> None:
    report = athlete_load_metrics(_steady(60), n_days=60)
    words = readiness_report(report.readiness, day=59)
    assert words.score is not None and 0 <= words.score <= 100
    assert len(words.factors) == 4
    assert any("not an injury probability" in f for f in words.factors)
    assert np.isnan(report.readiness.score[: READINESS_MIN_HISTORY_DAYS - 1]).all()


def test_rpe_drift_and_missed_sessions_lower_readiness() -> None:
    base = _steady(60)
    calm = athlete_load_metrics(base, n_days=60).readiness.score[-1]
    strained = SessionRows.of(
        day=np.r_[base.day, 57, 58],
        completed=np.r_[np.ones(60, bool), False, False],
        actual_rpe=np.r_[np.full(53, 5), np.full(7, 8), np.nan, np.nan],
        planned_rpe=np.full(62, 5),
        actual_duration_sec=np.r_[np.full(60, 3600), np.nan, np.nan],
    )
    report = athlete_load_metrics(strained, n_days=60)
    assert report.readiness.score[-1] < calm
    words = readiness_report(report.readiness, day=59)
    assert any("+2.6 points" in f or "+3.0 points" in f for f in words.factors)
    assert any("2 planned session(s) missed" in f for f in words.factors)

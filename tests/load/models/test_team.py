import math

import numpy as np
from numpy.typing import NDArray

from trainingops.load.models.rows import HeartRateProfiles, SessionRows
from trainingops.load.models.settings import LoadSettings, Smoothing
from trainingops.load.models.team import LoadReport, athlete_load_metrics, team_load_metrics, team_metrics, team_report

N_ATHLETES, N_DAYS = 7, 150


def _team_rows(seed: int) -> SessionRows:
    rng = np.random.default_rng(seed)
    n = 700
    nan_some = lambda values, p: np.where(rng.random(n) < p, math.nan, values)  # noqa: E731
    return SessionRows.of(
        athlete=rng.integers(0, N_ATHLETES, n),
        day=rng.integers(0, N_DAYS, n),
        category=rng.integers(0, 4, n),
        completed=rng.random(n) < 0.9,
        actual_rpe=nan_some(rng.integers(1, 11, n), 0.1),
        planned_rpe=nan_some(rng.integers(1, 11, n), 0.2),
        actual_duration_sec=nan_some(rng.integers(600, 7200, n), 0.1),
        planned_duration_sec=nan_some(rng.integers(600, 7200, n), 0.2),
        actual_distance_m=nan_some(rng.integers(0, 20000, n), 0.3),
        hr_avg=nan_some(rng.integers(110, 185, n), 0.5),
    )


def _assert_same(team: LoadReport, one: LoadReport, athlete: int) -> None:
    for part in ("daily", "metrics", "readiness"):
        t, o = getattr(team, part), getattr(one, part)
        for name in t.__dataclass_fields__:
            a: NDArray[np.generic] = getattr(t, name)[athlete]
            b: NDArray[np.generic] = getattr(o, name)
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12, equal_nan=True, err_msg=f"{part}.{name}")


def test_team_matrices_equal_the_single_athlete_function_per_athlete() -> None:
    rows = _team_rows(1)
    profiles = HeartRateProfiles.of(
        hr_rest=np.linspace(45, 65, N_ATHLETES), hr_max=np.linspace(180, 200, N_ATHLETES), sex=[0, 1, 2, 1, 2, 0, 1]
    )
    first = np.array([0, 0, 5, 30, 90, 12, 149])
    cfg = LoadSettings(smoothing=Smoothing.RECIPROCAL, ctl_days=35)
    team = team_load_metrics(
        rows, n_athletes=N_ATHLETES, n_days=N_DAYS, profiles=profiles, first_day=first, settings=cfg, today=140
    )
    for i in range(N_ATHLETES):
        own = rows.select(rows.athlete == i)
        profile = HeartRateProfiles.of(hr_rest=profiles.hr_rest[i], hr_max=profiles.hr_max[i], sex=profiles.sex[i])
        one = athlete_load_metrics(
            own, n_days=N_DAYS, profile=profile, first_day=int(first[i]), settings=cfg, today=140
        )
        _assert_same(team, one, i)


def test_days_before_an_athletes_first_day_have_no_metrics() -> None:
    rows = _team_rows(2)
    team = team_load_metrics(rows, n_athletes=N_ATHLETES, n_days=N_DAYS, first_day=[0, 10, 0, 0, 0, 0, 0])
    assert np.isnan(team.metrics.ctl[1, :10]).all()
    assert not np.isnan(team.metrics.ctl[1, 10:]).any()
    assert not team.readiness.sufficient[1, :10].any()


def test_metrics_start_from_a_given_fitness_state() -> None:
    rows = SessionRows.of(day=[0], actual_rpe=[0], actual_duration_sec=[60])
    out = team_load_metrics(rows, n_athletes=2, n_days=3, initial_ctl=[50.0, 0.0], initial_atl=[20.0, 0.0])
    k = LoadSettings().ctl_k
    np.testing.assert_allclose(out.metrics.ctl[:, 0], [50.0 * (1 - k), 0.0])
    np.testing.assert_allclose(out.metrics.tsb[:, 0], [30.0, 0.0])


def test_a_large_roster_gives_the_same_numbers_as_one_athlete_at_a_time() -> None:
    rng = np.random.default_rng(4)
    n = 3000
    rows = SessionRows.of(
        athlete=rng.integers(0, 120, n),
        day=rng.integers(0, 60, n),
        actual_rpe=rng.integers(1, 11, n),
        actual_duration_sec=rng.integers(600, 7200, n),
    )
    team = team_load_metrics(rows, n_athletes=120, n_days=60)
    for i in (0, 49, 50, 119):
        one = athlete_load_metrics(rows.select(rows.athlete == i), n_days=60)
        _assert_same(team, one, i)


def test_team_metrics_are_the_reports_metrics_without_readiness() -> None:
    rows = _team_rows(11)
    first = np.array([0, 3, 40, 0, 149, 7, 90])
    settings = LoadSettings(smoothing=Smoothing.RECIPROCAL)
    report = team_load_metrics(
        rows, n_athletes=N_ATHLETES, n_days=N_DAYS, first_day=first, settings=settings, initial_ctl=20.0
    )
    metrics = team_metrics(report.daily, first_day=first, settings=settings, initial_ctl=20.0)
    again = team_report(report.daily, first_day=first, settings=settings, initial_ctl=20.0)
    for name, matrix in report.metrics.columns().items():
        np.testing.assert_array_equal(getattr(metrics, name), matrix, err_msg=name)  # bit for bit
        np.testing.assert_array_equal(getattr(again.metrics, name), matrix, err_msg=name)
    np.testing.assert_array_equal(again.readiness.score, report.readiness.score)

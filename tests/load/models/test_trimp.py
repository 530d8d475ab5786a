import math

import numpy as np
import pytest

from trainingops.load.models.trimp import (
    SEX_FEMALE,
    SEX_MALE,
    SEX_UNKNOWN,
    banister_trimp,
    edwards_trimp,
    edwards_trimp_from_average,
)


def test_banister_trimp_worked_example() -> None:
    # 30 min at HRavg 150, HRrest 60, HRmax 190:
    #   ΔHR = (150 − 60) / (190 − 60) = 90/130 = 0.692308
    #   men:   30 × 0.692308 × 0.64 × e^(1.92 × 0.692308) = 20.76923 × 0.64 × e^1.329231
    #        = 13.29231 × 3.77807 = 50.22
    #   women: 30 × 0.692308 × 0.86 × e^(1.67 × 0.692308) = 17.86154 × e^1.156154
    #        = 17.86154 × 3.17769 = 56.76
    out = banister_trimp(minutes=30, hr_avg=150, hr_rest=60, hr_max=190, sex=[SEX_MALE, SEX_FEMALE, SEX_UNKNOWN])
    assert out[0] == pytest.approx(50.22, abs=0.01)
    assert out[1] == pytest.approx(56.76, abs=0.01)
    assert out[2] == out[0]  # unknown sex uses the men's constants (documented)


def test_banister_trimp_is_nan_without_heart_rate_and_zero_below_rest() -> None:
    out = banister_trimp(minutes=[30, 30, 30], hr_avg=[math.nan, 50, 150], hr_rest=60, hr_max=[190, 190, 60], sex=1)
    assert math.isnan(out[0])
    assert out[1] == 0.0
    assert math.isnan(out[2])  # HRmax ≤ HRrest is an invalid profile


def test_edwards_trimp_worked_example() -> None:
    # 10 min in 50–60 %, 20 in 60–70 %, 15 in 70–80 %, 5 in 80–90 %, 2 in 90–100 % of HRmax:
    #   10×1 + 20×2 + 15×3 + 5×4 + 2×5 = 10 + 40 + 45 + 20 + 10 = 125
    assert edwards_trimp(np.array([[10, 20, 15, 5, 2]]))[0] == 125.0
    assert math.isnan(edwards_trimp(np.full((1, 5), math.nan))[0])


def test_edwards_from_average_puts_all_minutes_in_the_average_zone() -> None:
    # 150 / 190 = 78.9 % HRmax → zone 70–80 % → weight 3; 40 % HRmax → below zone 1 → 0.
    out = edwards_trimp_from_average(minutes=[40, 40], hr_avg=[150, 76], hr_max=190)
    np.testing.assert_allclose(out, [120.0, 0.0])

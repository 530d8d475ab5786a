"""The team view's flags: norm-based flags wait for the history gate (issue 12)."""

from __future__ import annotations

import numpy as np

from trainingops.load.flags import FlagInputs, describe


def _inputs(*, history: float, sufficient: bool) -> FlagInputs:
    one = lambda v: np.array([v], dtype=np.float64)  # noqa: E731
    return FlagInputs(
        history_days=one(history),
        sufficient=np.array([sufficient]),
        acwr_ewma=one(3.38),
        monotony=one(1.2),
        form_z=one(-2.5),
        rpe_drift=one(0.0),
        missed=one(0.0),
        cut_short=one(0.0),
        distance_week_change_pct=one(np.nan),
        estimated_share_week=one(0.0),
    )


def test_no_ratio_or_form_flag_before_the_history_gate_holds() -> None:
    (flags,) = describe(_inputs(history=3, sufficient=False))
    assert flags == [{"code": "short_history", "text": "Only 3 days of history: ratios and readiness need 28."}]


def test_enough_days_but_too_few_sessions_still_withholds_norm_flags() -> None:
    (flags,) = describe(_inputs(history=40, sufficient=False))
    assert flags == []


def test_once_the_gate_holds_the_same_numbers_are_flagged() -> None:
    (flags,) = describe(_inputs(history=40, sufficient=True))
    assert [f["code"] for f in flags] == ["load_above_norm", "form_below_norm"]

"""The session-RPE rule has two forms (NumPy for the models, SQL for the totals of the Training tab):
for any session they give the same load, so a session never has two loads."""

from __future__ import annotations

from typing import Any

import numpy as np
import psycopg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainingops.load.models.srpe import (
    CATEGORY_CODES,
    session_rpe_load,
    session_rpe_load_sql,
)

SESSIONS = st.lists(
    st.tuples(
        st.sampled_from(list(CATEGORY_CODES)),
        st.none() | st.integers(1, 10),  # actual RPE (the database allows 1–10)
        st.none() | st.integers(1, 10),
        st.none() | st.integers(0, 172_800),  # seconds, as sessions_actual_duration_range allows
        st.none() | st.integers(0, 172_800),
    ),
    min_size=1,
    max_size=30,
)
COLUMNS = {
    "category": "s.workout_category",
    "actual_rpe": "s.actual_rpe",
    "planned_rpe": "s.planned_rpe",
    "actual_duration_sec": "s.actual_duration_sec",
    "planned_duration_sec": "s.planned_duration_sec",
}
ACTUAL = session_rpe_load_sql(**COLUMNS)
SQL = (
    f"select {ACTUAL} as actual from (values {{rows}}) "
    "s(workout_category, actual_rpe, planned_rpe, actual_duration_sec, planned_duration_sec)"
)


def _nan(values: list[int | None]) -> np.ndarray[Any, np.dtype[np.float64]]:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(SESSIONS)
def test_the_sql_and_numpy_forms_give_every_session_the_same_load(
    admin_conn: psycopg.Connection[Any], sessions: list[tuple[str, int | None, int | None, int | None, int | None]]
) -> None:
    category, a_rpe, p_rpe, a_sec, p_sec = (list(column) for column in zip(*sessions, strict=True))
    actual = session_rpe_load(
        category=[CATEGORY_CODES[c] for c in category],
        actual_rpe=_nan(a_rpe),
        planned_rpe=_nan(p_rpe),
        actual_duration_sec=_nan(a_sec),
        planned_duration_sec=_nan(p_sec),
    ).load
    rows = ", ".join(["(%s, %s::int, %s::int, %s::int, %s::int)"] * len(sessions))
    query = SQL.format(rows=rows)
    # admin_conn only evaluates expressions (nothing is written), so sharing it across examples is harmless.
    answered = admin_conn.execute(query, [v for session in sessions for v in session]).fetchall()  # type: ignore[arg-type]
    np.testing.assert_allclose([float(r[0]) for r in answered], actual, rtol=1e-12)

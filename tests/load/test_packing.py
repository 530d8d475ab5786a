"""The packed session record (``athlete_load.packing``) carries every value the table may hold, exactly: the
largest and smallest allowed values and NULLs come back unchanged through the real data query, and the
database refuses anything that would not fit a field."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

import numpy as np
import psycopg
import pytest
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from tests.support import factories
from trainingops.errors import InvalidInput
from trainingops.load import packing, service
from trainingops.load import sql as load_sql
from trainingops.load.frames import unpack
from trainingops.load.models import CATEGORY_CODES

START = date.today() - timedelta(days=333)  # the history buffer's first day
SHOWN = START + timedelta(days=59)  # the first day shown
MEASURES = (
    "actual_rpe",
    "planned_rpe",
    "actual_duration_sec",
    "planned_duration_sec",
    "actual_distance_m",
    "planned_distance_m",
)
LARGEST = {
    "actual_rpe": 10,
    "planned_rpe": 10,
    "actual_duration_sec": 172_800,
    "planned_duration_sec": 172_800,
    "actual_distance_m": 1_000_000,
    "planned_distance_m": 1_000_000,
}
SMALLEST = {
    "actual_rpe": 1,
    "planned_rpe": 1,
    "actual_duration_sec": 0,
    "planned_duration_sec": 0,
    "actual_distance_m": 0,
    "planned_distance_m": 0,
}
NULLS: dict[str, Any] = dict.fromkeys(MEASURES)


def test_every_allowed_value_and_null_comes_back_through_the_data_query(
    admin_conn: psycopg.Connection[Any],
) -> None:
    athlete = factories.athlete(admin_conn)
    cases = []
    for n, (values, category) in enumerate(
        [
            (LARGEST, "run"),
            (SMALLEST, "gym"),
            (NULLS, "cross_training"),
            (LARGEST, "other"),
            (NULLS, "run"),
            ({**SMALLEST, "actual_rpe": None, "planned_distance_m": 12_345}, "gym"),
        ]
    ):
        for day in (START + timedelta(n), SHOWN + timedelta(n)):  # both buffers: history and the days shown
            completed = n % 2 == 0
            factories.session(
                admin_conn,
                athlete,
                scheduled_date=day,
                workout_category=category,
                **values,
                completed_at=f"{day} 12:00+00" if completed else None,
                metrics_json=Jsonb({"hr": {"avg": 150.5, "max": 181}}) if completed else None,
            )
            cases.append(
                {
                    "day": (day - START).days,
                    "category": CATEGORY_CODES[category],
                    "completed": completed,
                    **values,
                    "hr_avg": 150.5 if completed and day >= SHOWN else None,
                    "hr_max": 181.0 if completed and day >= SHOWN else None,
                }
            )
    with admin_conn.cursor(row_factory=dict_row) as cursor:
        cursor.execute(
            load_sql.data_query(load_sql.ONE_ATHLETE),
            {
                "athlete": athlete,
                "start": START,
                "end": SHOWN + timedelta(30),
                "shown": SHOWN,
                "split": START,  # every day from its sessions: the packed session records are what is tested here
                "first_block": 1,
                "last_block": 0,
            },
            binary=True,
        )
        row = cursor.fetchone()
    assert row is not None
    columns = unpack(row, start=START, split=START)
    order = np.lexsort((columns["category"], columns["day"]))
    assert len(order) == len(cases)
    cases.sort(key=lambda c: (c["day"], c["category"]))
    assert columns["athlete"].tolist() == [0] * len(cases)
    for name in ("day", "category", "completed", *MEASURES, "hr_avg", "hr_max"):
        got = [None if isinstance(v, float) and np.isnan(v) else v for v in columns[name][order].tolist()]
        assert got == [c[name] for c in cases], name
    # HRmax is observed for an athlete without a date of birth: the history's maxima come as readings.
    history_done = sorted(c["day"] for c in cases if c["completed"] and c["day"] < (SHOWN - START).days)
    assert sorted(columns["reading_day"].tolist()) == history_done
    assert columns["reading_hr_max"].tolist() == [181.0] * len(history_done)
    assert columns["reading_athlete"].tolist() == [0] * len(history_done)


@pytest.mark.parametrize("name", MEASURES)
def test_the_database_refuses_values_that_would_not_fit_their_field(
    admin_conn: psycopg.Connection[Any], name: str
) -> None:
    """The widths rely on the table's check constraints: the first value past a field's capacity, and −1 (which
    would read as NULL), are refused."""
    field = next(f for word in packing.WORDS for f in word if f.name == name)
    athlete = factories.athlete(admin_conn)
    constraint = f"sessions_{name.removesuffix('_sec').removesuffix('_m')}_range"  # sessions_actual_rpe_range, …
    for value in (2**field.bits - 1, -1):
        with pytest.raises(psycopg.errors.CheckViolation) as caught, admin_conn.transaction():
            factories.session(admin_conn, athlete, **{name: value})
        assert caught.value.diag.constraint_name == constraint, value


def test_a_window_longer_than_the_record_holds_is_refused_before_any_query() -> None:
    start = date(1900, 1, 1)
    with pytest.raises(InvalidInput):
        asyncio.run(
            service._query(
                None,
                roster_sql=load_sql.ONE_ATHLETE,
                params={},
                start=start,  # type: ignore[arg-type]
                end=start + timedelta(packing.MAX_DAYS),
                today=start,
                keep=start,
            )
        )

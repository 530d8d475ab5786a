"""Sessions in bulk: CSV import (validated first, all or none, idempotent) and CSV/Parquet export."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import pytest

from tests.support.api import Api
from tests.support.world import IN_SEASON

HEADER = (
    "athlete_id",
    "team_season_id",
    "scheduled_date",
    "workout_category",
    "title",
    "planned_duration_sec",
    "planned_rpe",
)


def csv_text(rows: list[tuple[Any, ...]], header: tuple[str, ...] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def count(api: Api) -> int:
    with api.admin() as conn:
        row = conn.execute("select count(*) from athlete_training_sessions").fetchone()
    assert row is not None
    return int(row[0])


def post(api: Api, actor: str, body: bytes, key: str | None = None, query: str = "") -> Any:
    headers = {"Content-Type": "text/csv", **({"Idempotency-Key": key} if key else {})}
    return api.request(actor, "POST", f"/api/v1/sessions:import{query}", content=body, headers=headers)


def rows_for(api: Api, n: int, bad: dict[int, tuple[Any, ...]] | None = None) -> list[tuple[Any, ...]]:
    athletes = [api.world.ids["a1"], api.world.ids["a2"], api.world.ids["d"]]
    future = date.today() + timedelta(days=3)
    rows: list[tuple[Any, ...]] = [
        (athletes[i % 3], api.world.ids["s1"], future + timedelta(days=i % 60), "run", f"Run {i}", 1800, 5)
        for i in range(n)
    ]
    for index, row in (bad or {}).items():
        rows[index] = row
    return rows


@pytest.mark.slow  # a 10,000-row file over HTTP (smaller files: the other tests here)
def test_ten_thousand_rows_with_three_bad_ones_write_nothing_and_name_every_bad_row_in_one_answer(api: Api) -> None:
    before = count(api)
    s1 = api.world.ids["s1"]
    bad = {
        17: (api.world.ids["a1"], s1, IN_SEASON, "run", "x", 1800, 11),  # RPE out of range
        4242: (api.world.ids["b1"], None, IN_SEASON, "run", "x", 1800, 5),  # another program's athlete
        9998: (api.world.ids["a2"], s1, "", "swim", "x", 1800, 5),  # no date, unknown category
    }
    response = post(api, "C1", csv_text(rows_for(api, 10_000, bad)))
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "import_invalid"
    # format errors and access errors together, in row order (row 1 is the header), counted
    assert [(e["row"], e["column"]) for e in body["errors"]] == [
        (17 + 2, "planned_rpe"),
        (4242 + 2, "athlete_id"),
        (9998 + 2, "workout_category"),
    ]
    assert body["error_count"] == 3
    assert count(api) == before
    good = csv_text(rows_for(api, 10_000))
    first = post(api, "C1", good, key="season-plan-1")
    assert first.status_code == 201, first.text
    report = first.json()
    assert (report["rows"], report["created"], report["duplicates"], report["dry_run"]) == (10_000, 10_000, 0, False)
    assert len(set(report["created_ids"])) == 10_000
    assert count(api) == before + 10_000
    replay = post(api, "C1", good, key="season-plan-1")
    assert replay.content == first.content
    assert replay.headers["idempotent-replayed"] == "true"
    assert count(api) == before + 10_000
    other = post(api, "C1", csv_text(rows_for(api, 3)), key="season-plan-1")
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"


def test_the_error_count_covers_every_bad_row_beyond_the_thousand_listed(api: Api) -> None:
    bad = {i: (api.world.ids["b1"], None, IN_SEASON, "run", "x", 1800, 5) for i in range(0, 2400, 2)}
    bad.update({i: (api.world.ids["a1"], None, IN_SEASON, "run", "x", 1800, 0) for i in range(1, 2400, 2)})
    response = post(api, "C1", csv_text(rows_for(api, 2400, bad)))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "import_invalid"
    assert body["error_count"] == 2400
    assert [e["row"] for e in body["errors"]] == list(range(2, 1002))


def test_imported_rows_follow_the_access_rules_and_defaults(api: Api) -> None:
    response = post(
        api, "C1", csv_text([(api.world.ids["a1"], api.world.ids["s1"], IN_SEASON, "gym", "Lift", 3600, 7)])
    )
    assert response.status_code == 201, response.text
    with api.admin() as conn:
        source, coach = conn.execute(
            "select source, coach_member_id from athlete_training_sessions where title = 'Lift'"
        ).fetchone()
    assert (source, coach) == ("coach_assigned", api.world.ids["c1"])
    own = post(api, "A1", csv_text([(api.world.ids["a1"], "", IN_SEASON, "cross_training", "Swim", 2400, 4)]))
    assert own.status_code == 201, own.text
    teammate = post(api, "A1", csv_text([(api.world.ids["a2"], "", IN_SEASON, "run", "Not mine", 2400, 4)]))
    assert teammate.status_code == 422
    assert teammate.json()["errors"][0]["column"] == "athlete_id"
    assert post(api, "anon", csv_text([])).status_code == 401
    dry = post(api, "C1", csv_text([(api.world.ids["a1"], "", IN_SEASON, "run", "Dry", 100, 3)]), query="?dry_run=true")
    assert dry.status_code == 200
    assert dry.json() == {
        "batch_id": None,
        "rows": 1,
        "created": 0,
        "duplicates": 0,
        "dry_run": True,
        "created_ids": [],
        "duplicate_rows": [],
    }


def test_a_bad_header_is_refused_before_any_row(api: Api) -> None:
    response = post(api, "C1", b"athlete_id,colour\n")
    assert response.status_code == 422
    assert "unknown columns: colour" in response.json()["detail"]


def test_export_gives_the_callers_sessions_as_csv_and_parquet(api: Api) -> None:
    import pandas as pd
    import polars as pl

    s1 = api.world.ids["s1"]
    exported = api.request("C1", "GET", f"/api/v1/sessions:export?team_season_id={s1}")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    frame = pd.read_csv(io.BytesIO(exported.content))
    assert len(frame) == 5  # the P1-season sessions of the world (a1 x2, a1 self, a2, d)
    assert list(frame.columns)[:3] == ["id", "athlete_id", "source"]
    parquet = api.request("C1", "GET", f"/api/v1/sessions:export?team_season_id={s1}&format=parquet")
    assert len(pd.read_parquet(io.BytesIO(parquet.content))) == 5
    assert pl.read_parquet(io.BytesIO(parquet.content)).height == 5
    hidden = api.request("C2", "GET", f"/api/v1/sessions:export?team_season_id={s1}")
    random = api.request("C2", "GET", "/api/v1/sessions:export?team_season_id=00000000-0000-4000-8000-000000000000")
    assert hidden.status_code == random.status_code == 404
    assert hidden.content == random.content
    mine = api.request("A1", "GET", f"/api/v1/sessions:export?athlete_id={api.world.ids['a1']}")
    assert len(pd.read_csv(io.BytesIO(mine.content))) == 5


def test_a_header_that_is_not_csv_is_a_422_and_changes_nothing(api_ro: Api) -> None:
    """Found by schemathesis: a body of a carriage return and a digit made the CSV reader raise while reading the
    header (a 500)."""
    response = api_ro.request(
        "C1", "POST", "/api/v1/sessions:import", content=b"\r0", headers={"Content-Type": "text/csv"}
    )
    assert (response.status_code, response.json()["code"]) == (422, "invalid_input")
    assert response.json()["detail"].startswith("CSV header: not valid CSV (new-line character seen in unquoted field")

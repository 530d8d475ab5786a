"""Importing the same sessions twice finds them instead of creating them again; an import is a batch that staff
can undo, recorded in the batch and in the sessions' history."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from tests.sessions.test_bulk import csv_text
from tests.support.api import Api
from tests.support.seasons import Seasons, build

HEADER = (
    "athlete_id",
    "team_season_id",
    "scheduled_date",
    "workout_category",
    "title",
    "planned_duration_sec",
    "planned_rpe",
    "external_id",
)


@pytest.fixture
def seasons(api: Api) -> Seasons:
    with api.admin() as conn:
        return build(conn)


def call(api: Api, user_id: UUID, method: str, path: str, **kwargs: Any) -> Any:
    headers = {
        "Authorization": f"Bearer {api.tokens.issue(user_id, ttl=timedelta(hours=1))}",
        **kwargs.pop("headers", {}),
    }
    return api.client.request(method, path, headers=headers, **kwargs)


def import_as(api: Api, user_id: UUID, body: bytes, key: str | None = None, query: str = "") -> Any:
    headers = {"Content-Type": "text/csv", **({"Idempotency-Key": key} if key else {})}
    return call(api, user_id, "POST", f"/api/v1/sessions:import{query}", content=body, headers=headers)


def plan(w: Seasons, days: list[int], title: str = "Easy run", external: str = "") -> list[tuple[Any, ...]]:
    """Planned rows for Ana in P's current season, ``days`` after today."""
    return [
        (w.ids["ana"], w.ids["p_current"], w.today + timedelta(days=d), "run", title, 1800, 4, external) for d in days
    ]


def test_the_same_csv_imported_twice_creates_each_session_once_and_names_the_existing_ones(
    api: Api, seasons: Seasons
) -> None:
    w = seasons
    body = csv_text([*plan(w, [1, 1]), *plan(w, [2], "Intervals")], HEADER)  # two identical runs on day 1
    first = import_as(api, w.users["CP"], body)  # through the API, no key
    assert first.status_code == 201, first.text
    created = first.json()["created_ids"]
    assert len(created) == 3
    again = import_as(api, w.users["CP"], body, key="file-sha256:cli")  # as the CLI does: with a key
    assert again.status_code == 200, again.text
    report = again.json()
    assert (report["created"], report["duplicates"], report["created_ids"]) == (0, 3, [])
    duplicates = report["duplicate_rows"]
    assert [(d["row"], d["match"]) for d in duplicates] == [(2, "identical"), (3, "identical"), (4, "identical")]
    # two identical rows match the two identical sessions (which to which does not matter: they are the same)
    assert {d["id"] for d in duplicates[:2]} == set(created[:2])
    assert duplicates[2]["id"] == created[2]
    # The athlete logs one; importing the plan again still finds it (what she logged is not the plan).
    done = call(
        api,
        w.users["Ana"],
        "POST",
        f"/api/v1/sessions/{created[0]}/complete",
        json={"actual_duration_sec": 1900, "actual_rpe": 5},
    )
    assert done.status_code == 200, done.text
    third = import_as(api, w.users["CP"], body)
    assert sorted(d["id"] for d in third.json()["duplicate_rows"]) == sorted(created)
    # Three identical runs where two exist: one is new.
    more = import_as(api, w.users["CP"], csv_text(plan(w, [1, 1, 1]), HEADER)).json()
    assert (more["created"], {d["id"] for d in more["duplicate_rows"]}) == (1, set(created[:2]))
    dry = import_as(
        api,
        w.users["CP"],
        csv_text(plan(w, [5], "Intervals") + plan(w, [2], "Intervals"), HEADER),
        query="?dry_run=true",
    ).json()
    assert (dry["batch_id"], dry["created"], dry["duplicate_rows"]) == (
        None,
        0,
        [{"row": 3, "id": created[2], "match": "identical"}],
    )


def test_an_external_id_identifies_a_row_per_athlete_and_source(api: Api, seasons: Seasons) -> None:
    w = seasons
    first = import_as(
        api, w.users["CP"], csv_text([*plan(w, [3], external="sheet-1"), *plan(w, [4], external="sheet-2")], HEADER)
    )
    assert first.status_code == 201, first.text
    created = first.json()["created_ids"]
    renamed = import_as(api, w.users["CP"], csv_text(plan(w, [3], "Renamed", "sheet-1"), HEADER))
    assert renamed.json()["duplicate_rows"] == [{"row": 2, "id": created[0], "match": "external_id"}]
    twice = import_as(api, w.users["CP"], csv_text(plan(w, [5, 6], external="sheet-9"), HEADER))
    assert twice.status_code == 422
    assert twice.json()["code"] == "import_invalid"
    assert twice.json()["errors"] == [
        {"row": 3, "column": "external_id", "detail": "the same external_id for this athlete is on row 2"}
    ]
    # Q's coach, for the same athlete (on both rosters), with the same external id: a session of Q's own,
    # created as if P's did not exist; nothing about P's session is revealed.
    q_row = [(w.ids["ana"], w.ids["q_current"], w.today + timedelta(days=3), "run", "Q run", 1800, 4, "sheet-1")]
    other = import_as(api, w.users["CQ"], csv_text(q_row, HEADER))
    assert other.status_code == 201, other.text
    assert other.json()["duplicates"] == 0
    hidden = call(api, w.users["CQ"], "GET", f"/api/v1/sessions/{created[0]}")
    assert hidden.status_code == 404


def test_staff_undo_an_import_keeping_what_was_logged_since(api: Api, seasons: Seasons) -> None:
    w = seasons
    last_season = w.inside("p_last")
    header = (*HEADER, "completed_at", "actual_rpe")
    rows = [(*row, "", "") for row in plan(w, [7, 8, 9])]
    rows.append(
        (w.ids["leah"], w.ids["p_last"], last_season, "run", "History", 1800, 4, "", f"{last_season}T18:00:00Z", 6)
    )
    body = csv_text(rows, header)
    imported = import_as(api, w.users["CP"], body, key="season-file")
    assert imported.status_code == 201, imported.text
    batch, created = imported.json()["batch_id"], imported.json()["created_ids"]
    logged = call(api, w.users["Ana"], "POST", f"/api/v1/sessions/{created[0]}/complete", json={"actual_rpe": 5})
    assert logged.status_code == 200
    undo = f"/api/v1/session-imports/{batch}:undo"
    athlete = call(api, w.users["Ana"], "POST", undo)
    assert (athlete.status_code, athlete.json()["code"]) == (403, "staff_only")
    other = call(api, w.users["CQ"], "POST", undo)
    missing = call(api, w.users["CQ"], "POST", f"/api/v1/session-imports/{uuid4()}:undo")
    assert (other.status_code, other.json()["code"]) == (404, "import_not_found")
    assert other.content == missing.content
    done = call(api, w.users["CP"], "POST", undo)
    assert done.status_code == 200, done.text
    report = done.json()
    assert sorted(report["deleted_ids"]) == sorted(created[1:])  # the completed history row too: as imported
    assert report["kept"] == [{"id": created[0], "completed": True, "version": 2}]
    assert report["batch"]["undone_by"] == str(w.users["CP"])
    assert (report["batch"]["deleted"], report["batch"]["kept"], report["already_deleted"]) == (3, 1, 0)
    assert call(api, w.users["CP"], "GET", f"/api/v1/session-imports/{batch}").json() == report["batch"]
    for outsider in ("CQ", "Ana"):
        seen = call(api, w.users[outsider], "GET", f"/api/v1/session-imports/{batch}")
        assert (seen.status_code, seen.json()["code"]) == (404, "import_not_found")
    again = call(api, w.users["CP"], "POST", undo)
    assert (again.status_code, again.json()["code"]) == (409, "import_already_undone")
    with api.admin() as conn:
        deletions = conn.execute(
            "select changed_by, changes ->> 'import_batch_id' from athlete_training_session_history "
            "where operation = 'delete' and session_id = any(%s::uuid[])",
            [created[1:]],
        ).fetchall()
    assert deletions == [(w.users["CP"], batch)] * 3
    history = call(api, w.users["CP"], "GET", f"/api/v1/sessions/{created[0]}/history").json()["items"]
    assert history[0]["changes"]["import_batch_id"] == {"new": batch}
    # The undone import frees its key: the same file imports again (the kept session is found, not duplicated).
    reimported = import_as(api, w.users["CP"], body, key="season-file")
    assert reimported.status_code == 201, reimported.text
    assert "idempotent-replayed" not in reimported.headers
    assert (reimported.json()["created"], reimported.json()["duplicate_rows"][0]["id"]) == (3, created[0])


def test_an_undo_that_would_delete_nothing_says_so_and_writes_nothing(api: Api, seasons: Seasons) -> None:
    w = seasons
    body = csv_text(plan(w, [10]), HEADER)
    first = import_as(api, w.users["CP"], body).json()
    repeat = import_as(api, w.users["CP"], body).json()
    assert (repeat["created"], repeat["duplicates"]) == (0, 1)
    nothing = call(api, w.users["CP"], "POST", f"/api/v1/session-imports/{repeat['batch_id']}:undo")
    assert (nothing.status_code, nothing.json()["code"]) == (409, "import_nothing_to_undo")
    logged = call(api, w.users["Ana"], "POST", f"/api/v1/sessions/{first['created_ids'][0]}/complete", json={})
    assert logged.status_code == 200
    kept = call(api, w.users["CP"], "POST", f"/api/v1/session-imports/{first['batch_id']}:undo")
    assert (kept.status_code, kept.json()["code"]) == (409, "import_nothing_to_undo")
    assert [k["id"] for k in kept.json()["kept"]] == first["created_ids"]
    batch = call(api, w.users["CP"], "GET", f"/api/v1/session-imports/{first['batch_id']}").json()
    assert batch["undone_at"] is None


def test_logged_sessions_are_told_apart_by_their_completion_time(api: Api, seasons: Seasons) -> None:
    w = seasons
    day = w.today - timedelta(days=3)
    header = ("athlete_id", "scheduled_date", "completed_at", "workout_category", "title", "actual_rpe")
    morning, evening = f"{day}T13:00:00Z", f"{day}T23:00:00Z"
    first = import_as(api, w.users["Ana"], csv_text([(w.ids["ana"], day, morning, "run", "Easy", 3)], header)).json()
    both = [(w.ids["ana"], day, morning, "run", "Easy", 4), (w.ids["ana"], day, evening, "run", "Easy", 3)]
    report = import_as(api, w.users["Ana"], csv_text(both, header)).json()
    # the morning run is found (what she noted about it may differ); the evening run is new
    assert report["duplicate_rows"] == [{"row": 2, "id": first["created_ids"][0], "match": "identical"}]
    assert report["created"] == 1

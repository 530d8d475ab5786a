"""Copying a practice to other dates, and a whole week to other weeks: drafts with the same workouts per event group
and the same overrides (re-pointed at the copies' workouts), all or nothing, in a fixed number of statements."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.planning.test_routes import Planner, ok
from tests.support.api import Api, answer
from tests.support.factories import SEASON_END

MONDAY = date.today() - timedelta(days=date.today().weekday()) + timedelta(weeks=1)  # next week: practices ahead


@pytest.fixture
def planner(api: Api) -> Planner:
    return Planner(api)


def _copy(planner: Planner, practice: str, dates: list[date], actor: str = "C1") -> Any:
    body = {"dates": [d.isoformat() for d in dates]}
    return planner.api.request(actor, "POST", f"/api/v1/practice-sessions/{practice}:copy", json=body)


def _copy_week(planner: Planner, week_of: date, to_weeks: list[date], actor: str = "C1") -> Any:
    season = planner.api.world.ids["s1"]
    body = {"week_of": week_of.isoformat(), "to_weeks": [d.isoformat() for d in to_weeks]}
    return planner.api.request(actor, "POST", f"/api/v1/team-seasons/{season}/practice-sessions:copy-week", json=body)


def _practices(planner: Planner) -> list[dict[str, Any]]:
    season = planner.api.world.ids["s1"]
    return ok(planner.api.request("C1", "GET", f"/api/v1/team-seasons/{season}/practice-sessions"))["items"]


def _contents(planner: Planner, practice: str) -> tuple[list[Any], list[Any]]:
    """A practice's workouts (workout, group, position) and overrides (athlete, kind, workout, scaling, note, and the
    workout of the entry it names), comparable between a source and its copy."""
    api = planner.api
    entries = ok(api.request("C1", "GET", f"/api/v1/practice-sessions/{practice}/workouts"))["items"]
    workout_of = {e["id"]: e["workout_id"] for e in entries}
    overrides = ok(api.request("C1", "GET", f"/api/v1/practice-sessions/{practice}/assignments"))["items"]
    return (
        sorted((e["workout_id"], e["event_group_id"], e["position"]) for e in entries),
        sorted(
            (
                o["athlete_id"],
                o["kind"],
                o["workout_id"] or "",
                o["distance_pct"] or 0,
                o["note"] or "",
                workout_of.get(o["practice_session_workout_id"], ""),
            )
            for o in overrides
        ),
    )


def _with_overrides(planner: Planner, day: date) -> str:
    api, w = planner.api, planner.api.world
    practice = planner.practice((planner.intervals, str(w.ids["g1"])), (planner.easy, None), day=day.isoformat())
    entries = ok(api.request("C1", "GET", f"/api/v1/practice-sessions/{practice}/workouts"))["items"]
    intervals = next(e["id"] for e in entries if e["workout_id"] == planner.intervals)
    for body in (
        {
            "athlete_id": str(w.ids["a1"]),
            "kind": "replace",
            "practice_session_workout_id": intervals,
            "workout_id": planner.easy,
            "note": "injured: on the bike",
        },
        {"athlete_id": str(w.ids["a2"]), "kind": "scale", "practice_session_workout_id": intervals, "distance_pct": 50},
        {"athlete_id": str(w.ids["d"]), "kind": "exclude"},
    ):
        ok(api.request("C1", "POST", f"/api/v1/practice-sessions/{practice}/assignments", json=body), 201)
    return practice


def test_a_practice_is_copied_with_its_workouts_and_overrides_as_drafts(planner: Planner) -> None:
    source = _with_overrides(planner, MONDAY + timedelta(days=1))
    published = ok(planner.act(source, "publish"))
    again = ok(planner.act(source, "preview"))  # the report per athlete: what publishing again would do to each
    assert {a["athlete_id"]: a["created"] for a in published["athletes"]} == {
        c["athlete_id"]: sum(1 for x in published["created"] if x["athlete_id"] == c["athlete_id"])
        for c in published["created"]
    }
    assert sum(a["unchanged"] for a in again["athletes"]) == len(published["created"])
    days = [MONDAY + timedelta(days=3), MONDAY + timedelta(days=8)]
    copies = ok(_copy(planner, source, days), 201)["items"]
    assert [c["practice_date"] for c in copies] == [d.isoformat() for d in days]
    assert {c["status"] for c in copies} == {"draft"}  # published again only when the coach says so
    assert {c["title"] for c in copies} == {"Tuesday workout"}
    for copy in copies:
        assert _contents(planner, copy["id"]) == _contents(planner, source)
        report = ok(planner.act(copy["id"], "preview"))
        assert report["overrides_not_applied"] == []  # the overrides name the copy's own workouts
        assert planner.sessions(copy["id"]) == []


def test_a_week_is_copied_to_the_same_weekdays_of_other_weeks(planner: Planner) -> None:
    tuesday = _with_overrides(planner, MONDAY + timedelta(days=1))
    thursday = planner.practice((planner.lift, None), day=(MONDAY + timedelta(days=3)).isoformat())
    cancelled = planner.practice((planner.easy, None), day=(MONDAY + timedelta(days=4)).isoformat())
    ok(planner.act(cancelled, "cancel"))
    copies = ok(_copy_week(planner, MONDAY + timedelta(days=2), [MONDAY + timedelta(weeks=1, days=5)]), 201)["items"]
    assert [c["practice_date"] for c in copies] == [
        (MONDAY + timedelta(weeks=1, days=1)).isoformat(),
        (MONDAY + timedelta(weeks=1, days=3)).isoformat(),
    ]
    assert _contents(planner, copies[0]["id"]) == _contents(planner, tuesday)
    assert _contents(planner, copies[1]["id"]) == _contents(planner, thursday)


def test_a_copy_that_cannot_be_made_whole_makes_nothing(planner: Planner) -> None:
    source = _with_overrides(planner, MONDAY + timedelta(days=1))
    before = _practices(planner)
    refused = _copy(planner, source, [MONDAY + timedelta(days=2), MONDAY + timedelta(days=2)])
    assert answer(refused) == (422, "validation_failed")
    assert answer(_copy(planner, source, [])) == (422, "validation_failed")
    same_week = _copy_week(planner, MONDAY, [MONDAY + timedelta(days=6)])
    assert answer(same_week) == (422, "validation_failed")
    empty_week = _copy_week(planner, MONDAY + timedelta(weeks=5), [MONDAY + timedelta(weeks=6)])
    assert answer(empty_week) == (409, "nothing_to_copy")
    after_season = _copy(planner, source, [MONDAY + timedelta(days=2), SEASON_END + timedelta(days=1)])
    assert answer(after_season) == (422, "rule_violated")  # the season's rule: and the in-season copy is not made
    # the strength coach may not plan the run workouts in it: not one practice is made
    assert answer(_copy(planner, source, [MONDAY + timedelta(days=9)], actor="SC")) == (403, "role_required")
    assert answer(_copy_week(planner, MONDAY, [MONDAY + timedelta(weeks=2)], actor="SC")) == (403, "role_required")
    assert _practices(planner) == before


def test_other_programs_and_athletes_cannot_copy(planner: Planner) -> None:
    source = planner.practice((planner.easy, None), day=(MONDAY + timedelta(days=1)).isoformat())
    ok(planner.act(source, "publish"))  # A1 now sees the practice
    assert answer(_copy(planner, source, [MONDAY + timedelta(days=2)], actor="A1")) == (403, "staff_only")
    assert answer(_copy(planner, source, [MONDAY + timedelta(days=2)], actor="C2")) == (404, "practice_not_found")
    assert answer(_copy_week(planner, MONDAY, [MONDAY + timedelta(weeks=1)], actor="C2")) == (404, "not_found")
    assert answer(_copy_week(planner, MONDAY, [MONDAY + timedelta(weeks=1)], actor="A1")) == (403, "staff_only")


def test_copying_runs_a_fixed_number_of_statements_whatever_the_number_of_dates(planner: Planner) -> None:
    database = planner.api.client.app.state.db  # type: ignore[attr-defined]
    source = _with_overrides(planner, MONDAY + timedelta(days=1))
    counts = []
    for n in (1, 12):
        before = database.statements_executed
        ok(_copy(planner, source, [MONDAY + timedelta(weeks=2 + n, days=d) for d in range(n)]), 201)
        counts.append(int(database.statements_executed - before))
    assert counts[0] == counts[1]

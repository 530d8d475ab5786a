"""The planning contracts of issue 12 (item 3): the coach's session RPE, practices within their season, overrides
that change something, and If-Match on preview, publish and cancel."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

import httpx
import psycopg
import pytest

from tests.planning.test_routes import Planner, ok
from tests.support.api import Api, api_settings
from tests.support.factories import SEASON_END, SEASON_START
from trainingops.app import create_app


@pytest.fixture
def planner(api: Api) -> Planner:
    return Planner(api)


def refused(response: Any, status: int, code: str) -> dict[str, Any]:
    assert (response.status_code, response.json()["code"]) == (status, code), response.text
    body: dict[str, Any] = response.json()
    return body


def patch(api: Api, path: str, body: dict[str, Any]) -> Any:
    etag = api.request("C1", "GET", path).headers["etag"]
    return api.request("C1", "PATCH", path, headers={"If-Match": etag}, json=body)


# ------------------------------------------------------------------------------------------- planned RPE


def test_the_coachs_planned_rpe_is_kept_and_an_estimate_is_marked(planner: Planner) -> None:
    api, path = planner.api, f"/api/v1/workouts/{planner.intervals}"
    estimated = ok(api.request("C1", "GET", path))
    assert (estimated["planned_rpe"], estimated["planned_rpe_source"], estimated["planned_rpe_estimated"]) == (
        4,  # the duration-weighted mean: 4 × 400 m at 8 diluted by the jogs and the warm-up at 3
        "steps",
        True,
    )
    rated = ok(patch(api, path, {"planned_rpe": 7}))
    assert (rated["planned_rpe"], rated["planned_rpe_source"], rated["planned_rpe_estimated"]) == (7, "coach", False)
    assert ok(api.request("C1", "GET", path))["planned_rpe"] == 7


def test_a_coachs_rpe_survives_new_steps_and_null_hands_it_back_to_the_steps(planner: Planner) -> None:
    api = planner.api
    body = {
        "name": "Hill repeats",
        "workout_category": "run",
        "planned_rpe": 8,
        "steps": [
            {"training_event_id": planner.run, "target_duration_sec": 900, "intensity_rpe": 3},
            {
                "repeat": 8,
                "steps": [
                    {"training_event_id": planner.run, "target_duration_sec": 60, "intensity_rpe": 9, "rest_sec": 120}
                ],
            },
        ],
    }
    created = ok(api.request("C1", "POST", f"/api/v1/programs/{api.world.ids['p1']}/workouts", json=body), 201)
    assert (created["planned_rpe"], created["planned_rpe_source"]) == (8, "coach")
    path = f"/api/v1/workouts/{created['id']}"
    new_steps = [{"training_event_id": planner.run, "target_duration_sec": 1200, "intensity_rpe": 2}]
    kept = ok(patch(api, path, {"steps": new_steps}))
    assert (kept["planned_rpe"], kept["planned_rpe_estimated"], kept["planned_duration_sec"]) == (8, False, 1200)
    handed_back = ok(patch(api, path, {"planned_rpe": None}))
    assert (handed_back["planned_rpe"], handed_back["planned_rpe_source"]) == (2, "steps")
    follows = ok(patch(api, path, {"steps": [{**new_steps[0], "intensity_rpe": 5}]}))
    assert (follows["planned_rpe"], follows["planned_rpe_estimated"]) == (5, True)


def test_publishing_and_copying_carry_the_coachs_rpe(planner: Planner) -> None:
    api = planner.api
    ok(patch(api, f"/api/v1/workouts/{planner.intervals}", {"planned_rpe": 7}))
    copy = ok(api.request("C1", "POST", f"/api/v1/workouts/{planner.intervals}/copy", json={}), 201)
    assert (copy["planned_rpe"], copy["planned_rpe_source"]) == (7, "coach")
    practice = planner.practice((planner.intervals, None))
    ok(planner.act(practice, "publish"))
    assert {s["planned_rpe"] for s in planner.sessions(practice)} == {7}


# ------------------------------------------------------------------------------------- practice in season

IN_SEASON_SENTENCE = "A practice must be dated within its season, from the season's first day to its last."


def test_a_practice_outside_its_season_is_refused_with_the_rules_sentence(planner: Planner) -> None:
    api, season = planner.api, planner.api.world.ids["s1"]
    last_day = SEASON_END
    path = f"/api/v1/team-seasons/{season}/practice-sessions"
    body = refused(
        api.request(
            "C1",
            "POST",
            path,
            json={"practice_date": (last_day + timedelta(days=1)).isoformat(), "title": "After the season"},
        ),
        422,
        "rule_violated",
    )
    assert (body["detail"], body["constraint"]) == (IN_SEASON_SENTENCE, "practice_sessions_date_in_season")
    on_last_day = planner.practice(day=last_day.isoformat())
    moved = patch(
        api,
        f"/api/v1/practice-sessions/{on_last_day}",
        {"practice_date": (SEASON_START - timedelta(days=1)).isoformat()},
    )
    assert refused(moved, 422, "rule_violated")["detail"] == IN_SEASON_SENTENCE
    with api.admin() as conn:
        assert conn.execute("select count(*) from practice_sessions").fetchone() == (1,)


def test_a_season_cannot_shrink_past_a_practice_that_is_not_cancelled(planner: Planner) -> None:
    api = planner.api
    practice = planner.practice((planner.easy, None))
    shrink = "update team_seasons set end_date = %s where id = %s"
    with api.admin() as conn, pytest.raises(psycopg.errors.CheckViolation) as caught:
        conn.execute(shrink, [date.today(), api.world.ids["s1"]])
    assert caught.value.diag.constraint_name == "team_seasons_practices_in_season"
    ok(planner.act(practice, "cancel"))
    with api.admin() as conn:
        conn.execute(shrink, [date.today(), api.world.ids["s1"]])  # a cancelled practice is history: it may stay


def test_a_practice_left_outside_its_season_can_be_cancelled_but_not_published(planner: Planner) -> None:
    api = planner.api
    practice = planner.practice((planner.easy, None))
    with api.admin() as conn:  # as earlier versions allowed: the rules' triggers off for this one statement
        conn.execute("set session_replication_role = replica")
        conn.execute(
            "update practice_sessions set practice_date = %s where id = %s", [SEASON_END + timedelta(days=30), practice]
        )
    assert refused(planner.act(practice, "publish"), 422, "rule_violated")["detail"] == IN_SEASON_SENTENCE
    assert planner.sessions(practice) == []
    assert ok(planner.act(practice, "cancel"))["status"] == "cancelled"


# ------------------------------------------------------------------------------------------------ overrides

NOT_GIVEN_SENTENCE = (
    "This practice does not give the athlete that workout (not on the season's roster on the practice date, or not "
    "in the workout's event group), so the override would change nothing. Exclude, scale and replace change a "
    "workout the athlete is given; use add to give them one."
)


def sprints_practice(planner: Planner) -> tuple[str, str, str]:
    """A2 moves to a new Sprints group; the practice gives Distance (A1, D) intervals and Sprints an easy run.
    Returns the practice and its two entries (distance, sprints)."""
    api, w = planner.api, planner.api.world
    with api.admin() as conn:
        row = conn.execute(
            "insert into event_groups (program_id, name) values (%s, 'Sprints') returning id", [w.ids["p1"]]
        ).fetchone()
        assert row is not None
        conn.execute(
            "update roster_entries set event_group_id = %s where athlete_id = %s and program_id = %s",
            [row[0], w.ids["a2"], w.ids["p1"]],
        )
    practice = planner.practice((planner.intervals, str(w.ids["g1"])), (planner.easy, str(row[0])))
    entries = ok(api.request("C1", "GET", f"/api/v1/practice-sessions/{practice}/workouts"))["items"]
    by_workout = {e["workout_id"]: e["id"] for e in entries}
    return practice, by_workout[planner.intervals], by_workout[planner.easy]


def add_override(planner: Planner, practice: str, athlete: str, body: dict[str, Any]) -> Any:
    return planner.api.request(
        "C1",
        "POST",
        f"/api/v1/practice-sessions/{practice}/assignments",
        json={"athlete_id": str(planner.api.world.ids[athlete]), **body},
    )


@pytest.mark.parametrize(
    "body",
    [{"kind": "exclude"}, {"kind": "scale", "distance_pct": 50}, {"kind": "replace", "workout_id": "lift"}],
    ids=["exclude", "scale", "replace"],
)
def test_an_override_of_a_workout_the_athlete_is_not_given_is_refused(planner: Planner, body: dict[str, Any]) -> None:
    practice, distance_entry, _ = sprints_practice(planner)
    body = {**body, "practice_session_workout_id": distance_entry}
    if body.get("workout_id") == "lift":
        body["workout_id"] = planner.lift
    problem = refused(add_override(planner, practice, "a2", body), 422, "override_not_applicable")
    assert (problem["detail"], problem["constraint"]) == (
        NOT_GIVEN_SENTENCE,
        "practice_assignments_athlete_gets_workout",
    )
    assert ok(planner.api.request("C1", "GET", f"/api/v1/practice-sessions/{practice}/assignments"))["items"] == []


def test_a_whole_practice_override_needs_the_athlete_on_the_roster_that_day(planner: Planner) -> None:
    api = planner.api
    practice = planner.practice((planner.easy, None))
    with api.admin() as conn:  # A2 left the team yesterday
        conn.execute(
            "update roster_entries set left_on = %s where athlete_id = %s",
            [date.today() - timedelta(days=1), api.world.ids["a2"]],
        )
    refused(
        add_override(planner, practice, "a2", {"kind": "exclude", "note": "injury"}), 422, "override_not_applicable"
    )
    ok(add_override(planner, practice, "a1", {"kind": "exclude", "note": "injury"}), 201)


def test_an_override_naming_another_practices_workout_is_refused(planner: Planner) -> None:
    practice, _, _ = sprints_practice(planner)
    other = planner.practice((planner.intervals, None))
    (entry,) = ok(planner.api.request("C1", "GET", f"/api/v1/practice-sessions/{other}/workouts"))["items"]
    body = {"kind": "scale", "duration_pct": 80, "practice_session_workout_id": entry["id"]}
    refused(add_override(planner, practice, "a1", body), 422, "override_not_applicable")


def test_add_gives_any_athlete_of_the_program_the_workout(planner: Planner) -> None:
    practice, _, _ = sprints_practice(planner)
    ok(
        add_override(
            planner, practice, "a2", {"kind": "add", "workout_id": planner.intervals, "note": "with Distance"}
        ),
        201,
    )
    ok(planner.act(practice, "publish"))
    a2 = str(planner.api.world.ids["a2"])
    assert sorted(s["workout_id"] for s in planner.sessions(practice) if s["athlete_id"] == a2) == sorted(
        [planner.easy, planner.intervals]
    )


def test_publishing_reports_overrides_the_roster_has_since_made_moot(planner: Planner) -> None:
    api = planner.api
    practice, distance_entry, _ = sprints_practice(planner)
    scale = ok(
        add_override(
            planner, practice, "a1", {"kind": "scale", "practice_session_workout_id": distance_entry, "rpe_shift": -1}
        ),
        201,
    )
    assert ok(planner.act(practice, "preview"))["overrides_not_applied"] == []
    with api.admin() as conn:  # A1 moves to no group: the Distance workout is no longer theirs
        conn.execute("update roster_entries set event_group_id = null where athlete_id = %s", [api.world.ids["a1"]])
    expected = [
        {
            "id": scale["id"],
            "athlete_id": str(api.world.ids["a1"]),
            "kind": "scale",
            "practice_session_workout_id": distance_entry,
        }
    ]
    assert ok(planner.act(practice, "preview"))["overrides_not_applied"] == expected
    assert ok(planner.act(practice, "publish"))["overrides_not_applied"] == expected


# ------------------------------------------------------------------------------------ If-Match on the actions


def test_publish_and_cancel_need_if_match_and_say_practice(planner: Planner) -> None:
    practice = planner.practice((planner.easy, None))
    for action in ("publish", "cancel"):
        problem = refused(
            planner.api.request("C1", "POST", f"/api/v1/practice-sessions/{practice}/{action}"),
            428,
            "precondition_required",
        )
        assert "last GET of this practice" in problem["detail"]
    garbage = refused(planner.act(practice, "publish", etag="W/whatever"), 412, "precondition_failed")
    assert garbage["detail"] == "If-Match does not name a version of this practice; GET it again."
    assert planner.sessions(practice) == []


def test_publishing_what_another_coach_has_since_changed_is_412_and_writes_nothing(planner: Planner) -> None:
    api = planner.api
    practice = planner.practice((planner.easy, None))
    read = planner.etag(practice)
    ok(patch(api, f"/api/v1/practice-sessions/{practice}", {"title": "Moved to the hills"}))
    problem = refused(planner.act(practice, "publish", etag=read), 412, "precondition_failed")
    assert problem["current_etag"] == planner.etag(practice) != read
    assert planner.sessions(practice) == []
    assert ok(api.request("C1", "GET", f"/api/v1/practice-sessions/{practice}"))["status"] == "draft"
    published = planner.act(practice, "publish", etag=problem["current_etag"])
    assert ok(published)["version"] == int(published.headers["etag"].strip('"v'))
    assert published.headers["etag"] == planner.etag(practice)
    refused(planner.act(practice, "cancel", etag=problem["current_etag"]), 412, "precondition_failed")
    assert len(planner.sessions(practice)) == 3  # the stale cancel removed nothing
    ok(planner.act(practice, "cancel", etag=published.headers["etag"]))


def test_every_change_to_a_practices_workouts_and_overrides_moves_its_etag(planner: Planner) -> None:
    api = planner.api
    practice = planner.practice((planner.easy, None))
    seen = [planner.etag(practice)]

    def moved() -> None:
        seen.append(planner.etag(practice))
        assert seen[-1] != seen[-2]

    entry = ok(
        api.request(
            "C1", "POST", f"/api/v1/practice-sessions/{practice}/workouts", json={"workout_id": planner.intervals}
        ),
        201,
    )
    moved()
    entry_path = f"/api/v1/practice-session-workouts/{entry['id']}"
    changed = api.request("C1", "PATCH", entry_path, json={"position": 5}, headers={"If-Match": '"v1"'})
    entry_etag = changed.headers["etag"]
    moved()
    override = ok(add_override(planner, practice, "a1", {"kind": "exclude", "note": "sick"}), 201)
    moved()
    override_path = f"/api/v1/practice-assignments/{override['id']}"
    changed = api.request("C1", "PATCH", override_path, json={"note": "back Monday"}, headers={"If-Match": '"v1"'})
    override_etag = changed.headers["etag"]
    moved()
    for path, etag in ((override_path, override_etag), (entry_path, entry_etag)):
        assert api.request("C1", "DELETE", path, headers={"If-Match": etag}).status_code == 204
        moved()
    refused(planner.act(practice, "publish", etag=seen[0]), 412, "precondition_failed")


def test_a_preview_is_a_read_whose_etag_publishes_exactly_what_was_previewed(planner: Planner) -> None:
    practice = planner.practice((planner.easy, None))
    previewed = planner.act(practice, "preview")
    assert ok(previewed)["status"] == "draft"
    assert previewed.headers["etag"] == planner.etag(practice)
    assert ok(planner.act(practice, "preview", etag=previewed.headers["etag"]))["created"]
    ok(add_override(planner, practice, "a1", {"kind": "exclude", "note": "travel"}), 201)
    refused(planner.act(practice, "preview", etag=previewed.headers["etag"]), 412, "precondition_failed")
    refused(planner.act(practice, "publish", etag=previewed.headers["etag"]), 412, "precondition_failed")
    assert planner.sessions(practice) == []


def test_two_coaches_racing_to_publish_what_they_read_one_wins_the_other_gets_412(planner: Planner) -> None:
    api = planner.api
    with api.admin() as conn:  # a second active coach of P1
        row = conn.execute(
            "insert into users (email, name) values ('coach.two@p1.example', 'Coach Two') returning id"
        ).fetchone()
        assert row is not None
        conn.execute(
            "insert into program_members (program_id, user_id, role) values (%s, %s, 'assistant_coach')",
            [api.world.ids["p1"], row[0]],
        )
    api.world.users["C1b"] = row[0]
    practice = planner.practice((planner.intervals, None), (planner.easy, None))
    read = planner.etag(practice)
    app = create_app(api_settings(api.target, pool_max_size=4), target=api.target)

    async def race() -> list[httpx.Response]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                return list(
                    await asyncio.gather(
                        *(
                            client.post(
                                f"/api/v1/practice-sessions/{practice}/publish",
                                headers=api.headers(actor, **{"If-Match": read}),
                            )
                            for actor in ("C1", "C1b")
                        )
                    )
                )

    responses = asyncio.run(race())
    assert sorted(r.status_code for r in responses) == [200, 412]
    loser = next(r for r in responses if r.status_code == 412)
    assert loser.json()["code"] == "precondition_failed"
    assert len(planner.sessions(practice)) == 6

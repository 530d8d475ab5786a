"""The planning layer through the API: building workouts, planning practices, publishing them into sessions."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from tests.support.api import Api, answer, api_settings
from trainingops.app import create_app

DAY = (date.today() + timedelta(days=5)).isoformat()  # a future practice: its sessions are still planned


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


class Planner:
    """C1 (head coach of P1) building a small library and a practice."""

    def __init__(self, api: Api) -> None:
        self.api = api
        p1 = api.world.ids["p1"]
        self.run = ok(
            api.request(
                "C1",
                "POST",
                f"/api/v1/programs/{p1}/training-events",
                json={"name": "Run", "workout_category": "run", "measure": "distance"},
            ),
            201,
        )["id"]
        self.squat = ok(
            api.request(
                "C1",
                "POST",
                f"/api/v1/programs/{p1}/training-events",
                json={"name": "Back squat", "workout_category": "gym", "measure": "load"},
            ),
            201,
        )["id"]
        self.intervals = self.workout(
            "4 × 400 m",
            "run",
            [
                {
                    "training_event_id": self.run,
                    "target_distance_m": 2000,
                    "target_duration_sec": 600,
                    "intensity_rpe": 3,
                },
                {
                    "repeat": 4,
                    "steps": [
                        {
                            "training_event_id": self.run,
                            "target_distance_m": 400,
                            "target_duration_sec": 75,
                            "intensity_rpe": 8,
                        },
                        {
                            "training_event_id": self.run,
                            "target_distance_m": 200,
                            "target_duration_sec": 90,
                            "intensity_rpe": 3,
                        },
                    ],
                },
            ],
        )
        self.easy = self.workout(
            "Easy run",
            "run",
            [
                {
                    "training_event_id": self.run,
                    "target_distance_m": 6000,
                    "target_duration_sec": 1800,
                    "intensity_rpe": 3,
                }
            ],
        )
        self.lift = self.workout(
            "Squat day",
            "gym",
            [
                {
                    "training_event_id": self.squat,
                    "sets": 5,
                    "reps": 5,
                    "load_pct_1rm": 80,
                    "target_duration_sec": 40,
                    "rest_sec": 180,
                    "intensity_rpe": 8,
                }
            ],
        )

    def workout(self, name: str, category: str, steps: list[dict[str, Any]]) -> str:
        body = {"name": name, "workout_category": category, "steps": steps}
        return str(
            ok(self.api.request("C1", "POST", f"/api/v1/programs/{self.api.world.ids['p1']}/workouts", json=body), 201)[
                "id"
            ]
        )

    def practice(self, *entries: tuple[str, str | None], day: str = DAY) -> str:
        practice = ok(
            self.api.request(
                "C1",
                "POST",
                f"/api/v1/team-seasons/{self.api.world.ids['s1']}/practice-sessions",
                json={"practice_date": day, "title": "Tuesday workout"},
            ),
            201,
        )
        for workout, group in entries:
            ok(
                self.api.request(
                    "C1",
                    "POST",
                    f"/api/v1/practice-sessions/{practice['id']}/workouts",
                    json={"workout_id": workout, "event_group_id": group},
                ),
                201,
            )
        return str(practice["id"])

    def etag(self, practice: str) -> str:
        return str(self.api.request("C1", "GET", f"/api/v1/practice-sessions/{practice}").headers["etag"])

    def act(self, practice: str, action: str, actor: str = "C1", etag: str | None = None) -> Any:
        """Preview, publish or cancel as ``actor``; publish and cancel send If-Match (C1's fresh read by default)."""
        if etag is None and action != "preview":
            etag = self.etag(practice)
        headers = {"If-Match": etag} if etag else {}
        return self.api.request(actor, "POST", f"/api/v1/practice-sessions/{practice}/{action}", headers=headers)

    def sessions(self, practice: str) -> list[dict[str, Any]]:
        with self.api.admin() as conn:
            rows = conn.execute(
                "select to_jsonb(s) from athlete_training_sessions s where practice_session_id = %s order by id",
                [practice],
            ).fetchall()
        return [r[0] for r in rows]


@pytest.fixture
def planner(api: Api) -> Planner:
    return Planner(api)


def names(api: Api, athlete_ids: list[str]) -> list[str]:
    by_id = {str(v): k for k, v in api.world.ids.items()}
    return sorted(by_id[a] for a in athlete_ids)


def test_workout_totals_come_from_the_steps_and_the_document_round_trips(planner: Planner) -> None:
    workout = ok(planner.api.request("C1", "GET", f"/api/v1/workouts/{planner.intervals}"))
    assert workout["planned_distance_m"] == 2000 + 4 * 600
    assert workout["planned_duration_sec"] == 600 + 4 * (75 + 90)
    assert workout["steps"][1]["repeat"] == 4
    assert [s["target_distance_m"] for s in workout["steps"][1]["steps"]] == [400, 200]
    copy = ok(planner.api.request("C1", "POST", f"/api/v1/workouts/{planner.intervals}/copy", json={}), 201)
    assert copy["name"] == "4 × 400 m (copy)"
    assert copy["planned_distance_m"] == workout["planned_distance_m"]
    assert len(copy["steps"]) == 2


def test_publishing_derives_one_session_per_athlete_and_republishing_is_idempotent(planner: Planner) -> None:
    api = planner.api
    practice = planner.practice((planner.intervals, None))
    preview = ok(planner.act(practice, "preview"))
    assert names(api, [c["athlete_id"] for c in preview["created"]]) == ["a1", "a2", "d"]
    assert planner.sessions(practice) == []  # a preview writes nothing
    report = ok(planner.act(practice, "publish"))
    assert len(report["created"]) == 3
    assert all(c["id"] for c in report["created"])
    sessions = planner.sessions(practice)
    assert {s["source"] for s in sessions} == {"coach_assigned"}
    assert {s["coach_member_id"] for s in sessions} == {str(api.world.ids["c1"])}
    assert {s["team_season_id"] for s in sessions} == {str(api.world.ids["s1"])}
    assert {s["scheduled_date"] for s in sessions} == {DAY}
    assert {s["workout_id"] for s in sessions} == {planner.intervals}
    assert all(s["practice_session_workout_id"] for s in sessions)
    assert "4 × (Run: 400 m, 1:15, RPE 8; Run: 200 m, 1:30, RPE 3)" in sessions[0]["planned_description"]
    assert sessions[0]["planned_distance_m"] == 4400
    again = ok(planner.act(practice, "publish"))
    assert again["created"] == again["updated"] == again["removed"] == []
    assert sorted(again["unchanged"]) == sorted(s["id"] for s in sessions)
    assert planner.sessions(practice) == sessions  # not even updated_at or version moved
    assert ok(api.request("C1", "GET", f"/api/v1/practice-sessions/{practice}"))["status"] == "published"


def test_completed_sessions_and_what_athletes_logged_are_never_changed(planner: Planner) -> None:
    api = planner.api
    practice = planner.practice((planner.intervals, None))
    ok(planner.act(practice, "publish"))
    mine = next(s for s in planner.sessions(practice) if s["athlete_id"] == str(api.world.ids["a1"]))
    ok(
        api.request(
            "A1",
            "POST",
            f"/api/v1/sessions/{mine['id']}/complete",
            json={"actual_rpe": 9, "actual_duration_sec": 2500, "actual_description": "tough"},
        )
    )
    done = next(s for s in planner.sessions(practice) if s["id"] == mine["id"])
    etag = api.request("C1", "GET", f"/api/v1/workouts/{planner.intervals}").headers["etag"]
    ok(
        api.request(
            "C1",
            "PATCH",
            f"/api/v1/workouts/{planner.intervals}",
            headers={"If-Match": etag},
            json={
                "steps": [
                    {
                        "training_event_id": planner.run,
                        "target_distance_m": 8000,
                        "target_duration_sec": 2400,
                        "intensity_rpe": 6,
                    }
                ]
            },
        )
    )
    report = ok(planner.act(practice, "publish"))
    assert report["kept_completed"] == [mine["id"]]
    assert len(report["updated"]) == 2
    after = {s["id"]: s for s in planner.sessions(practice)}
    assert after[mine["id"]] == done  # byte for byte: plan, actuals, updated_at, version
    assert {s["planned_distance_m"] for i, s in after.items() if i != mine["id"]} == {8000}
    cancelled = ok(planner.act(practice, "cancel"))
    assert cancelled["kept_completed"] == [mine["id"]]
    assert len(cancelled["removed"]) == 2
    assert [s["id"] for s in planner.sessions(practice)] == [mine["id"]]


def test_event_groups_overrides_and_an_athlete_in_two_groups(planner: Planner) -> None:
    api = planner.api
    w = api.world
    with api.admin() as conn:  # P1 gets a Sprints group: A2 moves there, D trains with both groups
        sprints = conn.execute(
            "insert into event_groups (program_id, name) values (%s, 'Sprints') returning id", [w.ids["p1"]]
        ).fetchone()[0]
        conn.execute(
            "update roster_entries set event_group_id = %s where athlete_id = %s and program_id = %s",
            [sprints, w.ids["a2"], w.ids["p1"]],
        )
        conn.execute(
            "insert into roster_entries (program_id, team_season_id, athlete_id, event_group_id) "
            "values (%s, %s, %s, %s)",
            [w.ids["p1"], w.ids["s1"], w.ids["d"], sprints],
        )
        conn.commit()
    practice = planner.practice((planner.intervals, str(w.ids["g1"])), (planner.easy, str(sprints)))
    report = ok(planner.act(practice, "preview"))
    pairs = sorted((names(api, [c["athlete_id"]])[0], c["workout_id"]) for c in report["created"])
    assert pairs == sorted(
        [("a1", planner.intervals), ("d", planner.intervals), ("a2", planner.easy), ("d", planner.easy)]
    )
    entries = ok(api.request("C1", "GET", f"/api/v1/practice-sessions/{practice}/workouts"))["items"]
    distance_entry = next(e["id"] for e in entries if e["workout_id"] == planner.intervals)

    def override(body: dict[str, Any]) -> None:
        ok(api.request("C1", "POST", f"/api/v1/practice-sessions/{practice}/assignments", json=body), 201)

    override({"athlete_id": str(w.ids["a1"]), "kind": "exclude", "note": "injury"})
    override({"athlete_id": str(w.ids["a1"]), "kind": "add", "workout_id": planner.lift, "note": "gym instead"})
    override(
        {
            "athlete_id": str(w.ids["d"]),
            "kind": "scale",
            "practice_session_workout_id": distance_entry,
            "distance_pct": 50,
            "duration_pct": 50,
            "rpe_shift": -2,
            "note": "coming back from a cold",
        }
    )
    override(
        {
            "athlete_id": str(w.ids["a2"]),
            "kind": "replace",
            "practice_session_workout_id": next(e["id"] for e in entries if e["workout_id"] == planner.easy),
            "workout_id": planner.intervals,
        }
    )
    ok(planner.act(practice, "publish"))
    got = {(names(api, [s["athlete_id"]])[0], s["workout_id"]): s for s in planner.sessions(practice)}
    assert set(got) == {("a1", planner.lift), ("d", planner.intervals), ("d", planner.easy), ("a2", planner.intervals)}
    scaled = got[("d", planner.intervals)]
    assert scaled["planned_distance_m"] == 2200
    assert scaled["planned_duration_sec"] == round((600 + 4 * 165) * 0.5)
    assert scaled["planned_rpe"] == 2  # 4 shifted by -2
    assert "coming back from a cold" in scaled["planned_description"]
    assert got[("a1", planner.lift)]["practice_session_workout_id"] is None
    assert "load to be set" in got[("a1", planner.lift)]["planned_description"]


def test_a_tested_max_turns_percent_of_1rm_into_the_athletes_kilograms(planner: Planner) -> None:
    api = planner.api
    ok(
        api.request(
            "C1",
            "POST",
            f"/api/v1/athletes/{api.world.ids['a1']}/strength-maxes",
            json={"training_event_id": planner.squat, "one_rm_kg": 105, "tested_on": date.today().isoformat()},
        ),
        201,
    )
    practice = planner.practice((planner.lift, None))
    report = ok(planner.act(practice, "publish"))
    assert names(api, [x["athlete_id"] for x in report["loads_to_be_set"]]) == ["a2", "d"]
    mine = next(s for s in planner.sessions(practice) if s["athlete_id"] == str(api.world.ids["a1"]))
    assert "Back squat: 5 × 5, 0:40, @ 85 kg (80 % of 1RM 105 kg), RPE 8, rest 3:00" in mine["planned_description"]


def test_roster_changes_are_picked_up_by_the_next_publish(planner: Planner) -> None:
    api = planner.api
    practice = planner.practice((planner.intervals, str(api.world.ids["g1"])))
    ok(planner.act(practice, "publish"))
    with api.admin() as conn:
        conn.execute("update roster_entries set status = 'inactive' where athlete_id = %s", [api.world.ids["a2"]])
        conn.commit()
    report = ok(planner.act(practice, "publish"))
    assert len(report["removed"]) == 1
    assert names(api, [s["athlete_id"] for s in planner.sessions(practice)]) == ["a1", "d"]


def test_a_practice_nobody_matches_publishes_nothing(planner: Planner) -> None:
    with planner.api.admin() as conn:
        group = conn.execute(
            "insert into event_groups (program_id, name) values (%s, 'Throws') returning id",
            [planner.api.world.ids["p1"]],
        ).fetchone()[0]
        conn.commit()
    report = ok(planner.act(planner.practice((planner.easy, str(group))), "publish"))
    assert report["created"] == []


def test_other_programs_and_athletes_cannot_see_or_publish(planner: Planner) -> None:
    api = planner.api
    practice = planner.practice((planner.intervals, None))
    random = "00000000-0000-4000-8000-000000000000"
    for path, code in (
        (f"/api/v1/practice-sessions/{practice}", "practice_not_found"),
        (f"/api/v1/workouts/{planner.intervals}", "not_found"),
    ):
        hidden, missing = (
            api.request("C2", "GET", path),
            api.request("C2", "GET", path.replace(path.split("/")[-1], random)),
        )
        assert answer(hidden) == answer(missing) == (404, code)
        assert hidden.content == missing.content
    assert answer(planner.act(practice, "publish", actor="C2")) == (404, "practice_not_found")
    assert answer(api.request("A1", "GET", f"/api/v1/practice-sessions/{practice}")) == (404, "practice_not_found")
    ok(planner.act(practice, "publish"))
    assert ok(api.request("A1", "GET", f"/api/v1/practice-sessions/{practice}"))["status"] == "published"
    assert api.request("A1", "GET", f"/api/v1/workouts/{planner.intervals}").status_code == 200
    not_theirs = api.request("A1", "GET", f"/api/v1/workouts/{planner.easy}")  # not assigned to them
    assert answer(not_theirs) == (404, "not_found")
    assert answer(planner.act(practice, "publish", actor="A1")) == (403, "staff_only")
    assert answer(api.request("B1", "GET", f"/api/v1/practice-sessions/{practice}")) == (404, "practice_not_found")
    # An athlete of another program cannot be targeted by an override: refused like an athlete that does not exist
    # (the policy's WITH CHECK, docs/security.md "References are checked by the policy first")
    overrides = [
        api.request(
            "C1",
            "POST",
            f"/api/v1/practice-sessions/{practice}/assignments",
            json={"athlete_id": athlete, "kind": "add", "workout_id": planner.easy},
        )
        for athlete in (str(api.world.ids["b1"]), random)
    ]
    assert [(r.status_code, r.json()["code"]) for r in overrides] == [(403, "not_permitted")] * 2
    assert overrides[0].content == overrides[1].content
    other = api.request(
        "C2", "POST", f"/api/v1/programs/{api.world.ids['p1']}/workouts", json={"name": "x", "workout_category": "run"}
    )
    assert answer(other) == (404, "not_found")


def test_two_staff_publishing_at_once_leave_one_consistent_result(planner: Planner) -> None:
    api = planner.api
    practice = planner.practice((planner.intervals, None), (planner.easy, None))
    app = create_app(api_settings(api.target, pool_max_size=4), target=api.target)

    async def race() -> list[dict[str, Any]]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                responses = await asyncio.gather(
                    *(  # If-Match "*": publish whatever the practice is now
                        client.post(
                            f"/api/v1/practice-sessions/{practice}/publish",
                            headers=api.headers("C1", **{"If-Match": "*"}),
                        )
                        for _ in range(2)
                    )
                )
        return [r.json() for r in responses]

    first, second = sorted(asyncio.run(race()), key=lambda r: len(r["created"]), reverse=True)
    assert len(first["created"]) == 6
    assert second["created"] == []
    assert len(second["unchanged"]) == 6
    assert len(planner.sessions(practice)) == 6


def test_publishing_runs_a_fixed_number_of_statements_whatever_the_roster(planner: Planner) -> None:
    api = planner.api
    database = api.client.app.state.db  # type: ignore[attr-defined]

    def statements(practice: str) -> int:
        etag = planner.etag(practice)
        before = database.statements_executed
        ok(planner.act(practice, "publish", etag=etag))
        return int(database.statements_executed - before)

    small = statements(planner.practice((planner.intervals, None), (planner.easy, None)))
    with api.admin() as conn:
        for n in range(25):
            athlete = conn.execute("insert into athletes (name) values (%s) returning id", [f"Extra {n}"]).fetchone()[0]
            conn.execute(
                "insert into roster_entries (program_id, team_season_id, athlete_id) values (%s, %s, %s)",
                [api.world.ids["p1"], api.world.ids["s1"], athlete],
            )
        conn.commit()
    assert statements(planner.practice((planner.intervals, None), (planner.easy, None))) == small
    assert small <= 6  # five to publish, one for the athletes' notifications (tests/notifications counts them too)


@pytest.mark.parametrize(
    ("steps", "pointer_part"),
    [
        ([{"repeat": 0, "steps": [{"training_event_id": "00000000-0000-4000-8000-000000000001"}]}], "repeat"),
        ([{"repeat": 2, "steps": []}], "steps"),
        ([{"training_event_id": "00000000-0000-4000-8000-000000000001", "load_kg": 50, "load_pct_1rm": 70}], "steps"),
        (
            [
                {
                    "repeat": 2,
                    "steps": [
                        {
                            "repeat": 2,
                            "steps": [
                                {
                                    "repeat": 2,
                                    "steps": [
                                        {
                                            "repeat": 2,
                                            "steps": [{"training_event_id": "00000000-0000-4000-8000-000000000001"}],
                                        }
                                    ],
                                }
                            ],
                        }
                    ],
                }
            ],
            "",
        ),
        (
            [
                {
                    "training_event_id": "00000000-0000-4000-8000-000000000001",
                    "pace_min_sec_per_km": 300,
                    "pace_max_sec_per_km": 280,
                }
            ],
            "steps",
        ),
    ],
)
def test_step_documents_are_validated(api: Api, steps: list[dict[str, Any]], pointer_part: str) -> None:
    response = api.request(
        "C1",
        "POST",
        f"/api/v1/programs/{api.world.ids['p1']}/workouts",
        json={"name": "Bad", "workout_category": "run", "steps": steps},
    )
    assert answer(response) == (422, "validation_failed"), response.text
    assert pointer_part in response.json()["errors"][0]["pointer"]


def test_a_step_naming_another_programs_event_is_refused(api: Api) -> None:
    p2_event = ok(
        api.request(
            "C2",
            "POST",
            f"/api/v1/programs/{api.world.ids['p2']}/training-events",
            json={"name": "Run", "workout_category": "run", "measure": "distance"},
        ),
        201,
    )
    response = api.request(
        "C1",
        "POST",
        f"/api/v1/programs/{api.world.ids['p1']}/workouts",
        json={"name": "Sneaky", "workout_category": "run", "steps": [{"training_event_id": p2_event["id"]}]},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "reference_not_found"


def test_the_preview_projects_each_athletes_load_with_and_without_the_practice(planner: Planner) -> None:
    api = planner.api
    practice = planner.practice((planner.intervals, None))
    preview = ok(planner.act(practice, "preview"))
    effects = {e["athlete_id"]: e for e in preview["load_effect"]}
    assert names(api, list(effects)) == ["a1", "a2", "d"]
    for effect in effects.values():
        assert effect["fitness_ctl"]["with"] > effect["fitness_ctl"]["without"]  # the practice adds load
        # No history before the practice: CTL/ATL are seeded from its own day (the cold-start rule), so form the
        # morning after is neutral with it, and never better than without it.
        assert effect["form_tsb_next_morning"]["with"] <= effect["form_tsb_next_morning"]["without"]
        assert "risk" not in effect["summary"].lower()
    ok(planner.act(practice, "publish"))
    again = ok(planner.act(practice, "preview"))  # published: its own sessions are not counted twice
    assert {e["athlete_id"]: e["fitness_ctl"] for e in again["load_effect"]} == {
        a: e["fitness_ctl"] for a, e in effects.items()
    }
    past = planner.practice((planner.easy, None), day=(date.today() - timedelta(days=3)).isoformat())
    assert ok(planner.act(past, "preview"))["load_effect"] is None

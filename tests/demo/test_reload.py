"""Loading the demo again, the way a user does: `trainingops demo --no-serve` on a database that already holds the
demo, untouched, or after a coach worked in every planning table through the API; another program's rows stay
byte for byte, and a reload that fails leaves the previous demo as it was."""

from __future__ import annotations

import asyncio
import csv
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

import psycopg
import pytest
from click.testing import Result
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.conftest import Server
from tests.support import factories
from tests.support.uploads import run_fit
from trainingops.app import create_app
from trainingops.auth.tokens import TokenService
from trainingops.cli import main as cli
from trainingops.config import Settings, get_settings
from trainingops.db.target import DatabaseTarget
from trainingops.demo import generate, load, removal
from trainingops.demo.generate import TABLE_COLUMNS
from trainingops.demo.people import NORTHFIELD, demo_id
from trainingops.planning.service import PracticeNotFound

pytestmark = pytest.mark.slow  # whole demo loads

TODAY = date.today()
SECRET = "reload-test-secret-" + "r" * 32
HISTORY = "athlete_training_session_history"  # its demo rows start afresh: counts differ between loads
Snapshot = dict[str, Counter[str]]  # table -> md5 of each row's JSON


def snapshot(admin_url: str) -> Snapshot:
    with psycopg.connect(admin_url) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "select relname from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'p') "
                "order by 1"
            ).fetchall()
        ]
        return {t: Counter(r[0] for r in conn.execute(f"select md5(to_jsonb(t)::text) from {t} t")) for t in tables}


def sizes(rows: Snapshot) -> dict[str, int]:
    return {table: rows[table].total() for table in rows if table != HISTORY}


@dataclass
class Coach:
    """A head coach at work in their program through the API."""

    client: TestClient
    token: str
    program: UUID
    season: UUID
    group: UUID
    athlete: UUID
    athlete_token: str  # the athlete's own: check-ins are theirs alone

    def call(self, method: str, path: str, status: int, *, as_athlete: bool = False, **kwargs: Any) -> Any:
        token = self.athlete_token if as_athlete else self.token
        headers = {"Authorization": f"Bearer {token}", **kwargs.pop("headers", {})}
        response = self.client.request(method, f"/api/v1{path}", headers=headers, **kwargs)
        assert response.status_code == status, f"{method} {path}: {response.text}"
        return response

    def create(self, path: str, body: dict[str, Any]) -> str:
        return str(self.call("POST", path, 201, json=body).json()["id"])


def work_in_every_planning_table(coach: Coach) -> None:
    """Events, workouts with steps, a practice with workouts and an override, a max, a publish (and its
    notifications), sessions assigned (with an Idempotency-Key) and edited, a device file, a CSV import, a calendar
    feed, the program's load settings, an invitation, a comment edited, a review, preferences and the athlete's
    wellness check-in."""
    # fmt: off
    program, season, athlete = coach.program, str(coach.season), str(coach.athlete)
    day = {n: (TODAY + timedelta(n)).isoformat() for n in (-7, 2, 3)}
    run = coach.create(f"/programs/{program}/training-events",
                       {"name": "Hill run", "workout_category": "run", "measure": "distance"})
    squat = coach.create(f"/programs/{program}/training-events",
                         {"name": "Front squat", "workout_category": "gym", "measure": "load"})
    hills = coach.create(f"/programs/{program}/workouts", {"name": "Hills", "workout_category": "run", "steps": [
        {"training_event_id": run, "target_distance_m": 2000, "target_duration_sec": 660, "intensity_rpe": 3},
        {"repeat": 8, "steps": [{"training_event_id": run, "target_distance_m": 200, "intensity_rpe": 8}]}]})
    lift = coach.create(f"/programs/{program}/workouts", {"name": "Front squats", "workout_category": "gym", "steps": [
        {"training_event_id": squat, "sets": 4, "reps": 5, "load_pct_1rm": 75, "target_duration_sec": 30}]})
    coach.create(f"/athletes/{athlete}/strength-maxes",
                 {"training_event_id": squat, "one_rm_kg": 100, "tested_on": day[-7]})
    practice = coach.create(f"/team-seasons/{season}/practice-sessions", {"practice_date": day[2], "title": "Hills"})
    coach.create(f"/practice-sessions/{practice}/workouts", {"workout_id": hills, "event_group_id": str(coach.group)})
    coach.create(f"/practice-sessions/{practice}/assignments",
                 {"athlete_id": athlete, "kind": "add", "workout_id": lift, "note": "and squats"})
    practice_etag = coach.call("GET", f"/practice-sessions/{practice}", 200).headers["etag"]
    coach.call("POST", f"/practice-sessions/{practice}/publish", 200, headers={"If-Match": practice_etag})
    assigned = coach.call("POST", "/sessions", 201, headers={"Idempotency-Key": f"assign-{program}"}, json={
        "athlete_ids": [athlete], "workout_category": "run", "scheduled_date": day[3], "team_season_id": season,
        "title": "Easy 40", "planned_duration_sec": 2400, "planned_rpe": 3}).json()["items"][0]["id"]
    etag = coach.call("GET", f"/sessions/{assigned}", 200).headers["etag"]
    coach.call("PATCH", f"/sessions/{assigned}", 200, json={"planned_rpe": 4}, headers={"If-Match": etag})
    fit = run_fit(datetime.combine(TODAY - timedelta(1), time(14), UTC), moving_s=1800)
    coach.call("POST", f"/athletes/{athlete}/activity-files", 201, content=fit,
               headers={"Content-Type": "application/octet-stream", "X-Filename": "hills.fit"})
    rows = io.StringIO()
    csv.writer(rows).writerows([
        ("athlete_id", "team_season_id", "scheduled_date", "workout_category", "title", "planned_duration_sec"),
        (athlete, season, day[3], "cross_training", "Bike 45", 2700)])
    coach.call("POST", "/sessions:import", 201, content=rows.getvalue().encode(),
               headers={"Content-Type": "text/csv", "Idempotency-Key": f"reload-{program}"})
    coach.create("/calendar-feeds", {"team_season_id": season})
    coach.call("PUT", f"/programs/{program}/load-settings", 200, json={"ctl_days": 50}, headers={"If-Match": '"v0"'})
    coach.call("POST", f"/programs/{program}/invitations", 201,
               json={"email": f"assistant.{program}@example.org", "role": "assistant_coach"})
    done = coach.call("GET", f"/sessions?athlete_id={athlete}&status=completed&limit=1", 200).json()["items"][0]["id"]
    comment = coach.call("POST", f"/sessions/{done}/comments", 201, json={"body": "Strong finish."})
    coach.call("PATCH", f"/comments/{comment.json()['id']}", 200, json={"body": "Strong finish!"},
               headers={"If-Match": comment.headers["etag"]})
    coach.call("POST", f"/sessions/{done}:review", 200)
    coach.call("PATCH", "/me/preferences", 200, json={"distance_unit": "mi"})
    coach.call("PUT", f"/athletes/{athlete}/wellness/{day[-7]}", 201, as_athlete=True, json={
        "sleep_quality": 4, "fatigue": 3, "muscle_soreness": 3, "stress": 4, "mood": 4, "sleep_hours": 7.5})
    # fmt: on


def other_program(admin_url: str) -> tuple[UUID, UUID, UUID, UUID, UUID]:
    """A program that is not the demo's: (head coach user, program, season, group, athlete)."""
    with psycopg.connect(admin_url) as conn:
        program = factories.program(conn, "Riverside Track Club")
        season = factories.season(conn, program, TODAY - timedelta(60), TODAY + timedelta(120))
        group = factories.event_group(conn, program, "Distance")
        coach = factories.user(conn, "Sam Other")
        member = factories.member(conn, program, coach)
        athletes = [factories.athlete(conn, f"Runner {n}", factories.user(conn, f"Runner {n}")) for n in range(3)]
        for athlete in athletes:
            factories.roster(conn, program, season, athlete, group)
            factories.session(conn, athlete, scheduled_date=TODAY - timedelta(2))
            factories.session(
                conn,
                athlete,
                source="coach_assigned",
                coach_member_id=member,
                team_season_id=season,
                scheduled_date=TODAY + timedelta(1),
                planned_rpe=5,
            )
        conn.commit()
    return coach, program, season, group, athletes[0]


def demo_program(admin_url: str) -> tuple[UUID, UUID, UUID, UUID, UUID]:
    season, group = demo_id("season", NORTHFIELD.key, "b"), demo_id("group", NORTHFIELD.key, "Distance")
    with psycopg.connect(admin_url) as conn:
        row = conn.execute(
            "select athlete_id from roster_entries where team_season_id = %s and event_group_id = %s "
            "and status = 'active' order by athlete_id limit 1",
            [season, group],
        ).fetchone()
    assert row is not None
    head_coach = demo_id("user", NORTHFIELD.key, NORTHFIELD.staff[0].name)
    return head_coach, demo_id("program", NORTHFIELD.key), season, group, row[0]


@pytest.fixture(scope="module")
def demo_command(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Runs `trainingops demo --no-serve` in-process against the database it is given."""
    patch = pytest.MonkeyPatch()
    patch.setenv("TRAININGOPS_DATA_DIR", str(tmp_path_factory.mktemp("demo-data")))  # the demo signing secret

    def run(target: DatabaseTarget) -> Result:
        patch.setenv("DATABASE_URL", target.admin_url)
        get_settings.cache_clear()
        return CliRunner().invoke(cli.app, ["demo", "--no-serve"])

    yield run
    patch.undo()
    get_settings.cache_clear()


def loaded(result: Result) -> None:
    assert result.exit_code == 0, result.output
    assert "Demo data loaded in" in result.output


def test_the_demo_command_runs_twice_on_one_database(demo_command: Any, migrated_db: DatabaseTarget) -> None:
    loaded(demo_command(migrated_db))
    once = snapshot(migrated_db.admin_url)
    loaded(demo_command(migrated_db))
    again = snapshot(migrated_db.admin_url)
    assert sizes(again) == sizes(once)
    assert again["practice_sessions"].total() == 10  # the planner is part of the load, as the user gets it
    assert again["athlete_training_sessions"] != once["athlete_training_sessions"]  # a fresh copy, not the old one


@dataclass
class Reload:
    """Another program at work, the demo loaded, its head coach at work, the demo loaded again."""

    target: DatabaseTarget
    second: Result
    before_demo: Snapshot
    after_first: Snapshot
    after_writes: Snapshot
    final: Snapshot


@pytest.fixture(scope="module")
def reload(pg_server: Server, template_db: str, demo_command: Any) -> Iterator[Reload]:
    name = pg_server.create(template=template_db)
    target = pg_server.target(name)
    # Demo mode: an invitation's link goes to the log (no SMTP server here), as on a demo install.
    settings = Settings(database_url=target.admin_url, jwt_secret=SECRET, demo_mode=True)
    tokens = TokenService.from_settings(settings)

    def coach(client: TestClient, ids: tuple[UUID, UUID, UUID, UUID, UUID]) -> Coach:
        with psycopg.connect(target.admin_url) as conn:
            row = conn.execute("select user_id from athletes where id = %s", [ids[4]]).fetchone()
        assert row is not None and row[0] is not None
        issue = lambda user: tokens.issue(user, ttl=timedelta(hours=1))  # noqa: E731
        return Coach(client, issue(ids[0]), *ids[1:], athlete_token=issue(row[0]))

    with TestClient(create_app(settings, target=target)) as client:
        work_in_every_planning_table(coach(client, other_program(target.admin_url)))
        before_demo = snapshot(target.admin_url)
        loaded(demo_command(target))
        after_first = snapshot(target.admin_url)
        work_in_every_planning_table(coach(client, demo_program(target.admin_url)))
        after_writes = snapshot(target.admin_url)
        second = demo_command(target)
        yield Reload(target, second, before_demo, after_first, after_writes, snapshot(target.admin_url))
    pg_server.drop(name)


def test_the_demo_loads_again_after_its_coach_worked_in_every_planning_table(reload: Reload) -> None:
    assert reload.second.exit_code == 0, reload.second.output
    assert sizes(reload.final) == sizes(reload.after_first)
    written = {table: reload.after_writes[table] - reload.after_first[table] for table in reload.final}
    survivors = {table: (rows & reload.final[table]).total() for table, rows in written.items()}
    assert survivors == dict.fromkeys(reload.final, 0)


def test_another_programs_rows_survive_the_reload_byte_for_byte(reload: Reload) -> None:
    lost = {table: (rows - reload.final[table]).total() for table, rows in reload.before_demo.items()}
    assert lost == dict.fromkeys(reload.before_demo, 0)


def test_every_table_that_hangs_off_the_demo_was_written_through_the_api(reload: Reload) -> None:
    async def plan() -> removal.RemovalPlan:
        async with await psycopg.AsyncConnection.connect(reload.target.admin_url) as conn:
            return removal.RemovalPlan.derive(
                await removal.foreign_keys(conn), list(load.demo_roots(generate.generate(TODAY)))
            )

    hanging = set(asyncio.run(plan()).order) - set(TABLE_COLUMNS)  # a table added later must be written above
    grew = {t for t in reload.final if reload.after_writes[t].total() > reload.after_first[t].total()}
    other = {t for t in reload.final if reload.before_demo[t].total() > 0}
    assert hanging - grew == set()
    assert hanging - other == set()  # so the other program had rows to lose in each of them


def test_the_demos_history_starts_afresh_with_the_reload(reload: Reload) -> None:
    athletes = load.demo_roots(generate.generate(TODAY))["athletes"]
    with psycopg.connect(reload.target.admin_url) as conn:
        stale = conn.execute(
            "select count(*) from athlete_training_session_history h where h.athlete_id = any (%s) "
            "and (h.operation = 'delete' or not exists "
            "     (select from athlete_training_sessions s where s.id = h.session_id))",
            [athletes],
        ).fetchone()
    assert stale == (0,)


def test_a_reload_that_fails_leaves_the_previous_demo_as_it_was(migrated_db: DatabaseTarget) -> None:
    load.load(migrated_db.admin_url, generate.generate(TODAY))
    before = snapshot(migrated_db.admin_url)
    broken = generate.generate(TODAY)
    head_coach = demo_id("member", NORTHFIELD.key, NORTHFIELD.staff[0].name)
    broken.program_members = [(*m[:4], False) if m[0] == head_coach else m for m in broken.program_members]
    # The last step, publishing as the head coach, fails: an inactive member sees none of the program's practices.
    with pytest.raises(PracticeNotFound):
        load.load(migrated_db.admin_url, broken)
    assert snapshot(migrated_db.admin_url) == before

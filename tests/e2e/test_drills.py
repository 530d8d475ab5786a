"""Fault drills (issue 17, "Faults, nothing lost"), against real processes on the demo data: `kill -9` of the API in
the middle of a 100,000-row CSV import, of a publish to 150 athletes and of an activity import, each replayed after
a restart (0 partial rows before, exactly one copy after); `kill -9` of PostgreSQL under concurrent writes (every
acknowledged write is there after the restart, the service reconnects by itself, /readyz reports the outage).
Results are written up in docs/operations.md.

"In the middle": an administrative transaction holds an EXCLUSIVE lock on ``athlete_training_sessions`` (reads go
on, writes wait), so each request is caught inside its transaction, after its first statements and before its
writes can finish; the API is killed while PostgreSQL shows its backend waiting; then the lock is released.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import signal
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import psutil
import psycopg
import pytest

from tests.e2e.test_cli import CLI, _temporary_data_dir, cli, environment, free_port, wait_ready
from trainingops.config import Settings
from trainingops.db import embedded
from trainingops.db import target as db_target

pytestmark = pytest.mark.slow

COACH = "maria.alvarez@northfield.edu"
FIT_FILE = Path(__file__).resolve().parents[3] / "shared" / "data" / "activities" / "run_fenix5_tiny.fit"
CSV_ROWS = 100_000
PUBLISH_ATHLETES = 150


@dataclass
class Site:
    data_dir: Path
    admin_url: str

    def token(self, email: str) -> str:
        return cli(self.data_dir, "token", "--email", email).stdout.strip()

    def one(self, query: str, params: list[Any] | None = None) -> Any:
        with psycopg.connect(self.admin_url) as conn:
            row = conn.execute(query, params or []).fetchone()
        assert row is not None, query
        return row[0] if len(row) == 1 else row


class Api:
    """``trainingops serve --workers 1`` on a free loopback port."""

    def __init__(self, site: Site, **settings: str) -> None:
        self.port = free_port()
        env = environment(site.data_dir) | {f"TRAININGOPS_{k.upper()}": v for k, v in settings.items()}
        self.process = subprocess.Popen(
            [*CLI, "serve", "--no-migrate", "--workers", "1", "--port", str(self.port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_ready(self.port)
        self.url = f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    for data_dir in _temporary_data_dir():
        cli(data_dir, "demo", "--no-serve")
        target = db_target.resolve(Settings(data_dir=data_dir))
        yield Site(data_dir, target.admin_url)


@pytest.fixture
def api(site: Site) -> Iterator[Api]:
    served = Api(site)
    yield served
    served.stop()


def app_backends(admin_url: str, *, waiting_for_a_lock: bool = False) -> int:
    query = "select count(*) from pg_stat_activity where usename = 'trainingops_app'"
    if waiting_for_a_lock:
        query += " and wait_event_type = 'Lock'"
    else:
        query += " and state <> 'idle'"
    with psycopg.connect(admin_url) as conn:
        return int(conn.execute(query).fetchone()[0])  # type: ignore[index]


def until(condition: Any, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def kill_mid_write(site: Site, api: Api, send: Any) -> None:
    """Send the request (in a thread) while writes to the sessions are held; kill -9 the API once its transaction
    waits for the lock; release; wait until PostgreSQL has ended the orphaned transaction."""
    with psycopg.connect(site.admin_url) as holder, ThreadPoolExecutor(1) as pool:
        holder.execute("lock table athlete_training_sessions in exclusive mode")
        future = pool.submit(send)

        def waiting() -> bool:
            if future.done():
                response = future.result()
                raise AssertionError(f"answered before its writes: {response.status_code} {response.text[:300]}")
            return app_backends(site.admin_url, waiting_for_a_lock=True) > 0

        until(waiting, "the request to reach its writes", timeout=240)
        api.kill()
        holder.rollback()
        with pytest.raises(httpx.TransportError):
            future.result(timeout=60)
    until(lambda: app_backends(site.admin_url) == 0, "PostgreSQL to roll the dead API's transaction back")


def season_and_roster(site: Site) -> tuple[str, str, list[str]]:
    return site.one(
        """
        select ts.program_id::text, ts.id::text,
               array(select r.athlete_id::text from roster_entries r where r.team_season_id = ts.id
                     and r.status = 'active' and r.left_on is null
                     and (r.joined_on is null or r.joined_on <= ts.start_date) order by 1)
        from team_seasons ts join program_members pm on pm.program_id = ts.program_id
        join users u on u.id = pm.user_id
        where lower(u.email) = %s and current_date between ts.start_date and ts.end_date
        """,
        [COACH],
    )


def test_kill_during_a_100000_row_csv_import_leaves_no_row_and_the_replay_imports_one_copy(
    site: Site, api: Api
) -> None:
    _, season, roster = season_and_roster(site)
    start, end = site.one("select start_date, end_date from team_seasons where id = %s", [season])
    days = (end - start).days + 1
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["athlete_id", "team_season_id", "scheduled_date", "workout_category", "title", "external_id"])
    for i in range(CSV_ROWS):
        day = start + timedelta(days=(i // len(roster)) % days)
        writer.writerow([roster[i % len(roster)], season, day.isoformat(), "run", f"Drill {i}", f"drill-csv-{i}"])
    body = out.getvalue().encode()
    headers = {"Authorization": f"Bearer {site.token(COACH)}", "Content-Type": "text/csv", "Idempotency-Key": "drill"}
    count = "select count(*) from athlete_training_sessions where external_id like 'drill-csv-%%'"

    def send() -> httpx.Response:
        return httpx.post(f"{api.url}/api/v1/sessions:import", content=body, headers=headers, timeout=300)

    kill_mid_write(site, api, send)
    assert site.one(count) == 0, "no partial import"
    assert site.one("select count(*) from session_imports where idempotency_key = 'drill'") == 0

    # A generous statement timeout: on a quiet machine the import takes ≈ 2 s, on a shared one it can pass 15.
    again = Api(site, statement_timeout_ms="300000")
    try:
        first = httpx.post(f"{again.url}/api/v1/sessions:import", content=body, headers=headers, timeout=300)
        assert first.status_code == 201, first.text
        assert first.json()["created"] == CSV_ROWS
        replay = httpx.post(f"{again.url}/api/v1/sessions:import", content=body, headers=headers, timeout=300)
        assert replay.headers["idempotent-replayed"] == "true"  # the same answer as the first time (201)
        assert replay.json()["batch_id"] == first.json()["batch_id"]
    finally:
        again.stop()
    assert site.one(count) == CSV_ROWS, "exactly one copy"


def test_kill_during_a_publish_to_150_athletes_leaves_no_session_and_the_replay_publishes_once(
    site: Site, api: Api
) -> None:
    program, season, roster = season_and_roster(site)
    with psycopg.connect(site.admin_url) as conn:
        for n in range(PUBLISH_ATHLETES - len(roster) + 5):  # a margin: the demo's roster has its exceptions
            athlete = conn.execute("insert into athletes (name) values (%s) returning id", [f"Drill {n}"]).fetchone()
            conn.execute(
                "insert into roster_entries (program_id, team_season_id, athlete_id, status) "
                "values (%s, %s, %s, 'active')",
                [program, season, athlete[0]],  # type: ignore[index]
            )
        practice = conn.execute(
            "insert into practice_sessions (program_id, team_season_id, practice_date, title) "
            "values (%s, %s, least(current_date + 3, (select end_date from team_seasons where id = %s)), "
            "'Drill practice') returning id",
            [program, season, season],
        ).fetchone()[0]  # type: ignore[index]
        conn.execute(
            "insert into practice_session_workouts (program_id, practice_session_id, workout_id, position) "
            "select %s, %s, w.id, 1 from workouts w where w.program_id = %s order by w.id limit 1",
            [program, practice, program],
        )
    headers = {"Authorization": f"Bearer {site.token(COACH)}", "If-Match": "*"}
    url = f"/api/v1/practice-sessions/{practice}/publish"
    count = "select count(*) from athlete_training_sessions where practice_session_id = %s"

    kill_mid_write(site, api, lambda: httpx.post(api.url + url, headers=headers, timeout=60))
    assert site.one(count, [practice]) == 0, "no partial publish"
    assert site.one("select status from practice_sessions where id = %s", [practice]) == "draft"

    again = Api(site)
    try:
        first = httpx.post(again.url + url, headers=headers, timeout=60)
        assert first.status_code == 200, first.text
        published = len(first.json()["created"])
        assert published >= PUBLISH_ATHLETES  # the whole-season roster, and anyone on it by the practice's day
        replay = httpx.post(again.url + url, headers=headers, timeout=60)
        assert replay.status_code == 200 and replay.json()["created"] == []
    finally:
        again.stop()
    assert site.one(count, [practice]) == published, "exactly one session per athlete"


def test_kill_during_an_activity_import_leaves_no_file_and_the_replay_imports_one(site: Site, api: Api) -> None:
    athlete, email = site.one(
        "select a.id::text, u.email from athletes a join users u on u.id = a.user_id order by a.id limit 1"
    )
    headers = {
        "Authorization": f"Bearer {site.token(email)}",
        "Content-Type": "application/octet-stream",
        "X-Filename": FIT_FILE.name,
    }
    content = FIT_FILE.read_bytes()
    url = f"/api/v1/athletes/{athlete}/activity-files"
    files = "select count(*) from activity_files where athlete_id = %s and filename = %s"
    sessions = "select count(*) from athlete_training_sessions where athlete_id = %s"
    before = site.one(sessions, [athlete])

    kill_mid_write(site, api, lambda: httpx.post(api.url + url, content=content, headers=headers, timeout=60))
    assert site.one(files, [athlete, FIT_FILE.name]) == 0, "no file stored"
    assert site.one(sessions, [athlete]) == before, "no session created or completed"

    again = Api(site)
    try:
        first = httpx.post(again.url + url, content=content, headers=headers, timeout=60)
        assert first.status_code == 201, first.text
        replay = httpx.post(again.url + url, content=content, headers=headers, timeout=60)
        assert replay.status_code in (200, 201) and replay.headers.get("idempotent-replayed") == "true"
        assert replay.headers["location"] == first.headers["location"]
    finally:
        again.stop()
    assert site.one(files, [athlete, FIT_FILE.name]) == 1, "exactly one copy"


def postgres_processes(data_dir: Path) -> list[psutil.Process]:
    pgdata = str(data_dir / embedded.PGDATA_NAME)
    found = []
    for proc in psutil.process_iter(["name", "cmdline"]):
        if proc.info["name"] == "postgres" and pgdata in " ".join(proc.info["cmdline"] or []):
            found.append(proc)
    return found


def restart_postgres(data_dir: Path) -> None:
    """``db url`` starts the killed server again (crash recovery). Once in two CI runs its first attempt answered
    "connection refused" right after the start (cause not yet found, docs/operations.md): a second attempt is
    allowed, and a third failure fails the drill."""
    for _ in range(3):
        result = cli(data_dir, "db", "url", check=False)
        if result.returncode == 0:
            return
        time.sleep(2)
    raise AssertionError(f"db url exited {result.returncode} three times: {result.stderr}")


def test_kill_9_of_postgres_under_writes_loses_no_acknowledged_write_and_the_service_recovers(
    site: Site, api: Api
) -> None:
    athlete, email = site.one(
        "select a.id::text, u.email from athletes a join users u on u.id = a.user_id order by a.id desc limit 1"
    )
    headers = {"Authorization": f"Bearer {site.token(email)}"}
    acknowledged: list[str] = []
    answers: dict[str, int] = {}
    outage_seen: list[dict[str, Any]] = []
    stop = time.monotonic() + 3600

    async def writer(client: httpx.AsyncClient, n: int) -> None:
        i = 0
        while time.monotonic() < stop:
            i += 1
            body = {"workout_category": "run", "title": f"pg-drill {n}-{i}", "scheduled_date": date.today().isoformat()}
            try:
                response = await client.post("/api/v1/sessions", json=body, headers=headers)
            except httpx.TransportError as exc:
                answers[type(exc).__name__] = answers.get(type(exc).__name__, 0) + 1
                continue
            key = f"{response.status_code} {response.json().get('code', '')}"
            answers[key] = answers.get(key, 0) + 1
            if response.status_code == 201:
                acknowledged.append(response.json()["id"])
            else:
                await asyncio.sleep(0.05)

    async def drill() -> None:
        nonlocal stop
        async with httpx.AsyncClient(base_url=api.url, timeout=30) as client:
            writers = [asyncio.create_task(writer(client, n)) for n in range(6)]
            await asyncio.sleep(2)
            postmaster = int((site.data_dir / embedded.PGDATA_NAME / "postmaster.pid").read_text().split()[0])
            psutil.Process(postmaster).send_signal(signal.SIGKILL)
            await asyncio.to_thread(
                until, lambda: not postgres_processes(site.data_dir), "PostgreSQL's processes to end", 60
            )
            ready = await client.get("/readyz")
            outage_seen.append({"status": ready.status_code, **ready.json()})
            await asyncio.sleep(1)
            await asyncio.to_thread(restart_postgres, site.data_dir)
            restarted = len(acknowledged)
            await asyncio.to_thread(until, lambda: len(acknowledged) >= restarted + 30, "writes to succeed again", 60)
            stop = time.monotonic()
            await asyncio.gather(*writers)

    asyncio.run(drill())
    assert outage_seen[0]["status"] == 503 and outage_seen[0]["code"] == "database_unreachable", outage_seen
    assert set(answers) <= {"201 ", "503 database_unavailable", "503 database_busy"}, answers
    with psycopg.connect(site.admin_url) as conn:
        stored = {
            str(r[0])
            for r in conn.execute(
                "select id from athlete_training_sessions where athlete_id = %s and title like 'pg-drill %%'", [athlete]
            )
        }
    missing = set(acknowledged) - stored
    assert not missing, f"{len(missing)} acknowledged writes lost"
    assert httpx.get(f"{api.url}/readyz").json()["status"] == "ready"
    print(json.dumps({"acknowledged": len(acknowledged), "answers": answers}))

"""Benchmark: the planner's publish preview for 150 athletes, end to end in a real browser (issue 15's target:
≤ 300 ms from the click on "Preview publish" to the result on screen), and the server's part.

Run: ``.venv/bin/python bench/web_publish.py [--runs 30] [--requests 50]`` (needs /usr/bin/chromium and the built
web app: ``./run setup``).

It starts its own embedded PostgreSQL under /tmp, applies the migrations and loads the demo for today, then grows
Northfield's current roster to 150 athletes by cloning demo athletes with their roster entries and their whole
training history (so the load projection reads real history for every athlete). A practice next Tuesday gives
every event group a workout of the demo library (runs, sprints and the gym workout), so the preview derives a
session for each of the 150 athletes and projects each one's acute:chronic ratio, fitness and form. The API runs
as a uvicorn process; Chromium (Playwright) signs in as the head coach through the form and opens the practice.

Measured per run, after a page load and a warm-up: in the page, ``performance.now()`` from the click to the first
animation frame after the report is in the DOM (the result is drawn), and the preview request's Resource Timing;
then, over HTTP with the same session cookie and one keep-alive connection, the preview request alone.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import psycopg
from psycopg import sql
from rich.console import Console
from rich.table import Table

from trainingops.db import embedded, migrate
from trainingops.db.identity import Identity
from trainingops.db.pool import Database
from trainingops.db.target import APP_ROLE
from trainingops.demo.generate import generate
from trainingops.demo.load import load
from trainingops.planning import publish

DATABASE = "web_publish_bench"
ROSTER = 150
TARGET_MS = 300.0
WARMUP = 3
HEAD_COACH = "maria.alvarez@northfield.edu"
PASSWORD = "demo-password-2026"
SECRET = "bench-secret-" + "x" * 40
CHROMIUM = "/usr/bin/chromium"
# Session columns a clone does not copy: its own id and bookkeeping, links to the source's practices and imports.
NOT_CLONED = {
    "id",
    "athlete_id",
    "practice_session_id",
    "practice_session_workout_id",
    "created_at",
    "updated_at",
    "version",
    "program_ids",
    "external_id",
    "import_batch_id",
}
PRACTICE = {  # event group -> workout of the demo library
    "Distance": "6 × 1 km",
    "Sprints": "Acceleration 6 × 30 m",
    "Jumps": "Squat & clean (80 % 1RM)",
    "Throws": "Squat & clean (80 % 1RM)",
    "Multis": "4 × (400 m, 200 m jog)",
}

IN_PAGE_TIMING = """
async () => {
  const button = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Preview publish');
  const frame = () => new Promise(resolve => requestAnimationFrame(() => resolve()));
  performance.clearResourceTimings();
  const started = performance.now();
  button.click();
  while (!document.getElementById('preview-title')) await frame();
  await frame();  // the frame that draws it
  const drawn = performance.now();
  const request = performance.getEntriesByType('resource').find(e => e.name.endsWith('/preview'));
  return {total: drawn - started, request: request ? request.responseEnd - request.startTime : null,
          rows: document.querySelectorAll('[aria-labelledby=preview-title] tbody tr').length};
}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def grow_roster(admin_url: str, size: int) -> tuple[str, str]:
    """Clones demo athletes (roster entries and history) until Northfield's current roster holds ``size``;
    creates next Tuesday's practice with a workout for every event group. Returns (program id, practice id)."""
    today = date.today()
    tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    with psycopg.connect(admin_url) as conn:
        program, season = conn.execute(
            "select p.id, s.id from programs p join team_seasons s on s.program_id = p.id "
            "where p.name like 'Northfield%%' and %s between s.start_date and s.end_date",
            [today],
        ).fetchone()
        sources = [
            r[0]
            for r in conn.execute(
                "select distinct athlete_id from roster_entries where team_season_id = %s and status <> 'inactive' "
                "and (joined_on is null or joined_on <= %s) and (left_on is null or left_on >= %s) order by athlete_id",
                [season, tuesday, tuesday],
            ).fetchall()
        ]
        columns = [
            r[0]
            for r in conn.execute(
                "select column_name from information_schema.columns where table_name = 'athlete_training_sessions' "
                "and table_schema = 'public' and is_generated = 'NEVER' order by ordinal_position"
            ).fetchall()
            if r[0] not in NOT_CLONED
        ]
        copied = sql.SQL(", ").join(map(sql.Identifier, columns))
        for n in range(size - len(sources)):
            source = sources[n % len(sources)]
            clone = conn.execute(
                "insert into athletes (name, sex, date_of_birth, created_in_program_id) "
                "select name || ' (clone ' || %s || ')', sex, date_of_birth, created_in_program_id from athletes "
                "where id = %s returning id",
                [n + 1, source],
            ).fetchone()[0]
            conn.execute(
                "insert into roster_entries (program_id, team_season_id, athlete_id, event_group_id, status, "
                "joined_on, left_on) select program_id, team_season_id, %s, event_group_id, status, joined_on, "
                "left_on from roster_entries where athlete_id = %s",
                [clone, source],
            )
            conn.execute(
                sql.SQL(
                    "insert into athlete_training_sessions (athlete_id, {cols}) "
                    "select %s, {cols} from athlete_training_sessions where athlete_id = %s"
                ).format(cols=copied),
                [clone, source],
            )
        practice = conn.execute(
            "insert into practice_sessions (program_id, team_season_id, practice_date, title, start_time) "
            "values (%s, %s, %s, 'Bench practice', '15:30') returning id",
            [program, season, tuesday],
        ).fetchone()[0]
        for position, (group, workout) in enumerate(PRACTICE.items(), 1):
            conn.execute(
                "insert into practice_session_workouts (program_id, practice_session_id, workout_id, "
                "event_group_id, position) select %s, %s, w.id, g.id, %s from workouts w, event_groups g "
                "where w.program_id = %s and w.name = %s and g.program_id = %s and g.name = %s",
                [program, practice, position, program, workout, program, group],
            )
        conn.commit()
    return str(program), str(practice)


async def in_process(app_url: str, admin_url: str, practice: str, n: int) -> dict[str, list[float]]:
    """The preview service call without HTTP, as the head coach under RLS: whole, and without the load projection."""
    with psycopg.connect(admin_url) as conn:
        coach = conn.execute("select id from users where email = %s", [HEAD_COACH]).fetchone()[0]
    database = Database(app_url, min_size=1, max_size=1)
    await database.open()
    timings: dict[str, list[float]] = {"with": [], "without": []}
    try:
        for i in range(WARMUP + n):
            for kind in ("with", "without"):
                started = time.perf_counter()
                async with database.transaction(Identity(coach)) as conn:
                    await publish.preview(conn, practice_id=practice, with_load=kind == "with")
                if i >= WARMUP:
                    timings[kind].append((time.perf_counter() - started) * 1000)
    finally:
        await database.close()
    return timings


def serve(admin_url: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": admin_url, "TRAININGOPS_JWT_SECRET": SECRET}
    env.pop("TRAININGOPS_DEMO_MODE", None)
    command = [sys.executable, "-m", "uvicorn", "trainingops.app:create_app", "--factory", "--port", str(port)]
    process = subprocess.Popen([*command, "--log-level", "warning", "--no-access-log"], env=env)
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    process.terminate()
    raise RuntimeError("the API did not become ready")


def in_browser(base: str, program: str, practice: str, runs: int) -> tuple[list[dict[str, Any]], dict[str, str]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(base + "/sign-in")
        page.get_by_label("Email").fill(HEAD_COACH)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/sign-in" not in url)
        results = []
        for i in range(WARMUP + runs):
            page.goto(f"{base}/programs/{program}/planner/practices/{practice}")
            page.get_by_role("button", name="Preview publish").wait_for()
            page.wait_for_load_state("networkidle")  # the page's own reads (S&C maxes) are done: time the click only
            timing = page.evaluate(IN_PAGE_TIMING)
            if i >= WARMUP:
                results.append(timing)
        cookies = {c["name"]: c["value"] for c in page.context.cookies()}
        browser.close()
    return results, cookies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=30, help="timed clicks in the browser (after a warm-up)")
    parser.add_argument("--requests", type=int, default=50, help="timed preview requests over HTTP")
    args = parser.parse_args(argv)
    console = Console(width=150)
    data_dir = Path(tempfile.mkdtemp(prefix="trainingops-web-publish-", dir="/tmp"))
    process: subprocess.Popen[bytes] | None = None
    load_before = os.getloadavg()
    try:
        with console.status("starting embedded PostgreSQL, loading the demo, growing the roster to 150"):
            server = embedded.start(data_dir, stop_on_exit=True)
            with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(DATABASE)))
            admin_url = server.url(DATABASE)
            migrate.migrate(admin_url)
            load(admin_url, generate(date.today()))
            program, practice = grow_roster(admin_url, ROSTER)
        port = free_port()
        process = serve(admin_url, port)
        base = f"http://127.0.0.1:{port}"
        with console.status(f"{args.runs} previews in Chromium"):
            clicks, cookies = in_browser(base, program, practice, args.runs)
        athletes = {c["rows"] for c in clicks}
        csrf = cookies.get("trainingops_csrf", "")
        http_ms: list[float] = []
        with httpx.Client(base_url=base, cookies=cookies, headers={"X-CSRF-Token": csrf}, timeout=30) as client:
            for i in range(WARMUP + args.requests):
                started = time.perf_counter()
                response = client.post(f"/api/v1/practice-sessions/{practice}/preview")
                elapsed = (time.perf_counter() - started) * 1000
                assert response.status_code == 200, response.text
                if i >= WARMUP:
                    http_ms.append(elapsed)
        report = response.json()
        service = asyncio.run(in_process(server.url(DATABASE, user=APP_ROLE), admin_url, practice, args.requests))
        table = Table(title=f"Publish preview, {len(report['athletes'])} athletes ({len(report['created'])} sessions)")
        for column in ("measure", "n", "p50 ms", "p95 ms"):
            table.add_column(column)
        rows = (
            ("click → result drawn (Chromium, in-page)", [c["total"] for c in clicks]),
            ("  of which the preview request (Resource Timing)", [c["request"] for c in clicks if c["request"]]),
            ("server: POST …/preview over HTTP (keep-alive)", http_ms),
            ("  service call in process (derive + load projection)", service["with"]),
            ("  service call in process, without the load projection", service["without"]),
        )
        for label, values in rows:
            table.add_row(label, str(len(values)), f"{percentile(values, 50):.1f}", f"{percentile(values, 95):.1f}")
        console.print(table)
        console.print(f"rows in the preview table: {sorted(athletes)}")
        load_after = os.getloadavg()
        console.print(
            f"load average (1, 5, 15 min): {' / '.join(f'{x:.2f}' for x in load_before)} at the start, "
            f"{' / '.join(f'{x:.2f}' for x in load_after)} at the end ({os.cpu_count()} cores, shared)"
        )
        p95 = percentile([c["total"] for c in clicks], 95)
        verdict = "[green]within[/]" if p95 <= TARGET_MS else "[red]above[/]"
        console.print(f"end to end p95 {p95:.1f} ms — {verdict} the {TARGET_MS:.0f} ms target")
        return 0 if p95 <= TARGET_MS else 1
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=10)
        embedded.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

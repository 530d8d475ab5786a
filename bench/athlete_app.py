"""Benchmark: the athlete's phone app (issue 16) — the JavaScript its Today entry loads, Today interactive after a
cold load and from the cache offline, and syncing 50 writes queued offline through the app.

Run with ``.venv/bin/python bench/athlete_app.py [--runs 10] [--writes 50]`` (needs ``./run setup`` for the built
web app and Debian's Chromium at /usr/bin/chromium).

It starts its own embedded PostgreSQL under /tmp, applies the migrations, loads the demo for today and serves the
real app (API + built web app) in a separate uvicorn process on 127.0.0.1 (``bench/api_throughput.start_api``).
Chromium, at a 390 × 844 phone viewport with touch, signs in as the demo athlete with the most sessions ahead.

1. **Entry JavaScript** (target ≤ 200 kB gzip): a fresh context (service worker blocked, so only the page's own
   requests count) loads ``/`` signed in, until Today's **Log session** button is enabled; every JavaScript
   response is recorded and sized from ``src/trainingops/webapp/dist`` gzip-compressed (level 9).
2. **Today interactive** (targets ≤ 1 s cold, ≤ 300 ms from the cache offline), ``--runs`` times each, from
   navigation start (``performance.now()`` in the page) to the **Log session** button enabled (a
   requestAnimationFrame poll): *cold* = a new context each run (empty HTTP cache, no service worker yet; signed
   in through the API first); *offline* = one context whose service worker controls the page and holds the
   reads, the network then cut, a new navigation each run.
3. **Sync** (target ≤ 5 s): ``--writes`` logs queued offline through the athlete's Log session form (the window's
   sessions in turn: a first log, then edits of it, each a write with its own key; an edit based on a version
   its predecessor moved goes through the 412 re-read and re-send), then the network back; timed from going online
   to the sync status reading "All synced". The database is checked: one Idempotency-Key record per write.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import psycopg
from psycopg import sql
from rich.console import Console
from rich.table import Table

from trainingops.api.webapp import WEB_DIST
from trainingops.db import embedded, migrate
from trainingops.demo import load as demo_load

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_throughput import free_port, percentile, start_api, stop_process, wait_until_up

DATABASE = "athlete_app_bench"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
TARGET_JS_KB, TARGET_COLD_MS, TARGET_OFFLINE_MS, TARGET_SYNC_S = 200.0, 1000.0, 300.0, 5.0
# performance.now() (ms since navigation start) once the button is there and enabled, polled every frame.
READY = """() => {
  const button = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Log session');
  return button !== undefined && !button.disabled ? performance.now() : false;
}"""


def athlete(admin_url: str) -> tuple[str, str, str]:
    """(email, athlete id, user id): the demo athlete with a login, no staff role and the most sessions ahead."""
    with psycopg.connect(admin_url) as conn:
        row = conn.execute(
            """select u.email, a.id::text, u.id::text from athletes a join users u on u.id = a.user_id
               join athlete_training_sessions s on s.athlete_id = a.id
               where not exists (select 1 from program_members m where m.user_id = u.id)
                 and s.scheduled_date >= current_date
               group by u.email, a.id, u.id order by count(*) desc, a.id limit 1"""
        ).fetchone()
    if row is None:
        raise SystemExit("the demo has no athlete with a login and a plan")
    return str(row[0]), str(row[1]), str(row[2])


def sign_in(context: Any, url: str, email: str) -> None:
    answer = context.request.post(
        url + "/api/v1/auth/sign-in", data={"email": email, "password": demo_load.DEMO_PASSWORD}
    )
    if answer.status != 200:
        raise SystemExit(f"sign-in: {answer.status} {answer.text()}")


def ready_ms(page: Any, url: str) -> float:
    page.goto(url)
    return float(page.wait_for_function(READY, polling="raf", timeout=30_000).json_value())


def entry_javascript(browser: Any, url: str, email: str) -> list[tuple[str, int]]:
    context = browser.new_context(service_workers="block", **PHONE)
    sign_in(context, url, email)
    page = context.new_page()
    scripts: list[str] = []
    page.on("response", lambda r: scripts.append(urlparse(r.url).path) if r.url.endswith(".js") else None)
    ready_ms(page, url + "/")
    context.close()
    return [(path, len(gzip.compress((WEB_DIST / path.lstrip("/")).read_bytes(), 9))) for path in sorted(set(scripts))]


def cold_loads(browser: Any, url: str, email: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        context = browser.new_context(**PHONE)
        sign_in(context, url, email)
        times.append(ready_ms(context.new_page(), url + "/"))
        context.close()
    return times


def controlled_page(browser: Any, url: str, email: str) -> tuple[Any, Any]:
    """A phone context whose service worker controls the page and has cached Today's reads."""
    context = browser.new_context(**PHONE)
    sign_in(context, url, email)
    page = context.new_page()
    ready_ms(page, url + "/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    ready_ms(page, url + "/")  # every read now goes through the worker, which keeps a copy
    return context, page


def offline_loads(browser: Any, url: str, email: str, runs: int) -> list[float]:
    context, page = controlled_page(browser, url, email)
    context.set_offline(True)
    times = [ready_ms(page, url + "/") for _ in range(runs)]
    context.close()
    return times


def sessions_to_log(admin_url: str, athlete_id: str, writes: int) -> list[str]:
    """Sessions of the app's window (the last 28 days, the next 14), nearest today first; logged (or their log
    edited) in turn until there are ``writes`` writes — a session logged twice is sent twice, oldest first."""
    with psycopg.connect(admin_url) as conn:
        rows = conn.execute(
            """select id::text from athlete_training_sessions where athlete_id = %s and workout_category <> 'gym'
               and session_date between current_date - 28 and current_date + 14
               order by abs(session_date - current_date), id""",
            [athlete_id],
        ).fetchall()
    if not rows:
        raise SystemExit("the athlete has no session in the window")
    return [str(rows[n % len(rows)][0]) for n in range(writes)]


def sync_writes(browser: Any, url: str, email: str, sessions: list[str]) -> float:
    context, page = controlled_page(browser, url, email)
    context.set_offline(True)
    for number, session_id in enumerate(sessions, start=1):
        page.goto(f"{url}/today/log/{session_id}")
        page.get_by_label("Duration").fill("0:45:00")
        page.get_by_label("Distance").fill(f"{5 + number / 10:.1f}")
        page.get_by_label("RPE").select_option("5")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(re.compile(r"/today$"))
    status = page.get_by_role("status").and_(page.locator(".sync-state"))
    status.filter(has_text=f"{len(sessions)} pending").wait_for()
    started = time.perf_counter()
    context.set_offline(False)
    status.filter(has_text="All synced").wait_for(timeout=120_000)
    seconds = time.perf_counter() - started
    context.close()
    return seconds


def landed_once(admin_url: str, user_id: str, writes: int, since: Any) -> bool:
    """One Idempotency-Key record per write since the sync began, no key twice."""
    with psycopg.connect(admin_url) as conn:
        row = conn.execute(
            "select count(*), count(distinct idempotency_key) from idempotency_records"
            " where user_id = %s and created_at >= %s",
            [user_id, since],
        ).fetchone()
    assert row is not None
    return bool(row[0] == row[1] == writes)


def spread(times: list[float]) -> str:
    return f"{statistics.median(times):.0f} / {percentile(times, 95):.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--writes", type=int, default=50)
    args = parser.parse_args()
    if not (WEB_DIST / "index.html").is_file():
        raise SystemExit("the web app is not built: run ./run setup first")
    from playwright.sync_api import sync_playwright

    console = Console(width=140)
    data_dir = Path(tempfile.mkdtemp(prefix="trainingops-athlete-bench-", dir="/tmp"))
    api = None
    try:
        with console.status("starting embedded PostgreSQL, migrating, loading the demo"):
            server = embedded.start(data_dir)
            with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(DATABASE)))
            admin_url = server.url(DATABASE)
            migrate.migrate(admin_url)
            demo_load.load(admin_url)
        email, athlete_id, user_id = athlete(admin_url)
        port = free_port()
        url, log_path = f"http://127.0.0.1:{port}", data_dir / "api.log"
        api = start_api(admin_url, secrets.token_urlsafe(48), port, log_path, 1)
        wait_until_up(url, api, log_path)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            scripts = entry_javascript(browser, url, email)
            cold = cold_loads(browser, url, email, args.runs)
            offline = offline_loads(browser, url, email, args.runs)
            sessions = sessions_to_log(admin_url, athlete_id, args.writes)
            since = datetime.now(UTC)
            sync_s = sync_writes(browser, url, email, sessions)
            browser.close()
        once = landed_once(admin_url, user_id, len(sessions), since)

        js_kb = sum(size for _, size in scripts) / 1000
        table = Table(title=f"Athlete app (issue 16), {email}")
        for column in ("measure", "median / p95 or total", "target", "meets"):
            table.add_column(column)
        table.add_row(
            "Entry JS, gzip (kB)",
            f"{js_kb:.1f} ({len(scripts)} files)",
            f"≤ {TARGET_JS_KB:.0f}",
            str(js_kb <= TARGET_JS_KB),
        )
        table.add_row(
            f"Today interactive, cold ({args.runs} runs, ms)",
            spread(cold),
            f"≤ {TARGET_COLD_MS:.0f}",
            str(statistics.median(cold) <= TARGET_COLD_MS),
        )
        table.add_row(
            f"Today interactive, offline cache ({args.runs} runs, ms)",
            spread(offline),
            f"≤ {TARGET_OFFLINE_MS:.0f}",
            str(statistics.median(offline) <= TARGET_OFFLINE_MS),
        )
        table.add_row(
            f"Sync {len(sessions)} queued writes (s)",
            f"{sync_s:.2f} (exactly once: {once})",
            f"≤ {TARGET_SYNC_S:.0f}",
            str(sync_s <= TARGET_SYNC_S and once),
        )
        console.print(table)
        for path, size in scripts:
            console.print(f"  {path}: {size / 1000:.1f} kB gzip")
        console.print(f"cold ms: {[round(t) for t in cold]}\noffline ms: {[round(t) for t in offline]}")
        console.print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()} (shared)")
    finally:
        stop_process(api)
        embedded.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

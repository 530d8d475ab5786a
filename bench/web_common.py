"""What the web benchmarks share: an embedded PostgreSQL with the team-load bench's 150-athlete program (two years
of training each, ``team_load.build``), the head coach given a password, the real app (API and built web app) in a
uvicorn process, and Debian's Chromium driven by Playwright, signed in through the form as a person would."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from rich.console import Console

from trainingops.api.webapp import WEB_DIST
from trainingops.auth import passwords
from trainingops.db import embedded, migrate

sys.path.insert(0, str(Path(__file__).resolve().parent))
from team_load import build, free_port, serve, shut_down

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
COACH_EMAIL = "coach@bench.example"
PASSWORD = "bench-password-2026"


@dataclass(frozen=True)
class WebBench:
    url: str
    admin_url: str
    program_id: str
    season_id: str
    coach_id: str
    sessions: int


def machine_note() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{os.cpu_count()} cores, load average {one:.2f} / {five:.2f} / {fifteen:.2f} (shared machine)"


@contextmanager
def web_bench(console: Console, athletes: int = 150) -> Iterator[WebBench]:
    if not (WEB_DIST / "index.html").is_file():
        raise SystemExit("the web app is not built: run ./run setup first")
    data_dir = Path(tempfile.mkdtemp(prefix="trainingops-web-bench-", dir="/tmp"))
    process = None
    try:
        with console.status("starting embedded PostgreSQL and generating the program"):
            server = embedded.start(data_dir, stop_on_exit=True)
            with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
                conn.execute(sql.SQL("create database {}").format(sql.Identifier("web_bench")))
            admin_url = server.url("web_bench")
            migrate.migrate(admin_url)
            season, coach, sessions = build(admin_url, athletes, date.today(), console)
            with psycopg.connect(admin_url) as conn:
                conn.execute(
                    "insert into app_private.user_credentials (user_id, password_hash) values (%s, %s)",
                    [coach, passwords.hash_password(PASSWORD)],
                )
                row = conn.execute("select program_id from team_seasons where id = %s", [season]).fetchone()
            assert row is not None
        port = free_port()
        process = serve(admin_url, port)
        yield WebBench(f"http://127.0.0.1:{port}", admin_url, str(row[0]), season, coach, sessions)
    finally:
        shut_down(process, data_dir)


@contextmanager
def signed_in_page(bench: WebBench) -> Iterator[Any]:
    """A Chromium page signed in as the head coach (through the sign-in form)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        page.goto(bench.url + "/sign-in")
        page.get_by_label("Email").fill(COACH_EMAIL)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/sign-in" not in url)
        try:
            yield page
        finally:
            browser.close()

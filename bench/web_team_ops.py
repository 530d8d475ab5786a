"""Benchmark: Team Ops for a 150-athlete program in a real browser (issue 15), the endpoint's server time, and the
initial JavaScript each screen loads.

Run with ``./run bench web_team_ops [--loads 20] [--requests 200]`` (needs ``./run setup`` for the built web app
and Debian's Chromium at /usr/bin/chromium).

Data: the team-load bench's program (``bench/team_load.py``): 150 athletes in four event groups, two years of
training each, served by the real app in a uvicorn process; Chromium signs in as the head coach.

1. **Rows visible after navigation** (target ≤ 1.5 s): a full page load of
   ``/programs/{id}/team-ops`` (new document, no HTTP cache: the JS chunks, ``/me``, ``/me/preferences`` and the
   Team Ops request) until all 150 athlete rows are in the DOM, read in the page as ``performance.now()`` (ms since
   navigation start) from a requestAnimationFrame poll; and an in-app navigation (the "Team Ops" link clicked from
   the Notifications screen, query cache emptied first) timed the same way from the click.
2. **Server time** of ``GET /api/v1/programs/{id}/team-ops`` (target ≤ 50 ms p95): ``--requests`` sequential
   requests with the coach's bearer token over one keep-alive connection after a warm-up, timed client-side.
3. **Initial JavaScript per route**: for each screen, a fresh page loads the route and every JavaScript response
   is recorded; the sizes are those files in ``src/trainingops/webapp/dist`` gzip-compressed (level 9), the usual
   transfer encoding. Target for the staff app: ≤ 400 kB gzip.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx
import numpy as np
import psycopg
from rich.console import Console
from rich.table import Table

from trainingops.api.webapp import WEB_DIST
from trainingops.auth.tokens import TokenService
from trainingops.config import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from team_load import SECRET
from web_common import WebBench, machine_note, signed_in_page, web_bench

ROWS_TARGET_MS = 1500.0
SERVER_TARGET_P95_MS = 50.0
BUNDLE_TARGET_KB = 400.0
WARMUP = 10
ROWS_VISIBLE = "(n) => document.querySelectorAll('table.team-ops tbody tr').length >= n && performance.now()"


def p(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def rows_after_load(bench: WebBench, loads: int, athletes: int) -> tuple[list[float], list[float]]:
    """(full page loads, in-app navigations): ms until every athlete row is in the DOM."""
    full: list[float] = []
    in_app: list[float] = []
    url = f"{bench.url}/programs/{bench.program_id}/team-ops"
    with signed_in_page(bench) as page:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        for i in range(loads + 2):
            page.goto(url, wait_until="commit")
            value = page.wait_for_function(ROWS_VISIBLE, arg=athletes, polling="raf", timeout=30_000).json_value()
            if i >= 2:
                full.append(float(value))
        for i in range(loads + 2):
            page.goto(bench.url + "/notifications")
            page.get_by_role("heading", name="Notifications", level=1).wait_for()
            page.evaluate("() => { window.__clickedAt = performance.now(); }")
            page.get_by_role("navigation", name="Main").get_by_role("link", name="Team Ops").click()
            value = page.wait_for_function(
                "(n) => document.querySelectorAll('table.team-ops tbody tr').length >= n"
                " && performance.now() - window.__clickedAt",
                arg=athletes,
                polling="raf",
                timeout=30_000,
            ).json_value()
            if i >= 2:
                in_app.append(float(value))
    return full, in_app


def server_times(bench: WebBench, requests: int, athletes: int) -> tuple[list[float], int]:
    from uuid import UUID

    tokens = TokenService.from_settings(Settings(jwt_secret=SECRET), for_signing=True)
    headers = {"Authorization": f"Bearer {tokens.issue(UUID(bench.coach_id))}"}
    url = f"{bench.url}/api/v1/programs/{bench.program_id}/team-ops"
    latencies: list[float] = []
    with httpx.Client(headers=headers, timeout=30) as client:
        for i in range(WARMUP + requests):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.text
            if i >= WARMUP:
                latencies.append(elapsed)
    assert len(response.json()["athletes"]) == athletes
    return latencies, len(response.content)


def gzip_kb(path: str) -> float:
    return len(gzip.compress((WEB_DIST / path.lstrip("/")).read_bytes(), compresslevel=9)) / 1024


def initial_js(bench: WebBench) -> list[tuple[str, list[str]]]:
    """Per screen, the JavaScript files a fresh load of its address fetches."""
    athlete_id, session_id = sample_ids(bench)
    routes = [
        ("Team Ops", f"/programs/{bench.program_id}/team-ops", "Team Ops"),
        ("Athlete · Training", f"/athletes/{athlete_id}/training", "Trends"),
        ("Session", f"/sessions/{session_id}", "Planned and actual"),
        ("Notifications", "/notifications", "Notifications"),
        ("Planner", f"/programs/{bench.program_id}/planner", None),
        ("Administration", f"/programs/{bench.program_id}/admin", None),
    ]
    out: list[tuple[str, list[str]]] = []
    with signed_in_page(bench) as page:
        for label, path, heading in routes:
            fresh = page.context.new_page()
            scripts: list[str] = []
            fresh.on(
                "response",
                lambda r, s=scripts: s.append(urlparse(r.url).path) if urlparse(r.url).path.endswith(".js") else None,
            )
            fresh.goto(bench.url + path)
            if heading:
                fresh.get_by_role("heading", name=heading).first.wait_for()
            fresh.wait_for_load_state("networkidle")
            out.append((label, sorted(set(scripts))))
            fresh.close()
    return out


def sample_ids(bench: WebBench) -> tuple[str, str]:
    """An athlete of the program and one of their completed sessions (read as the database owner)."""
    with psycopg.connect(bench.admin_url) as conn:
        row = conn.execute(
            "select athlete_id, id from athlete_training_sessions where completed_at is not null"
            " order by completed_at desc limit 1"
        ).fetchone()
    assert row is not None
    return str(row[0]), str(row[1])


def _stats(values: list[float], digits: int = 0) -> tuple[str, str, str]:
    return str(len(values)), f"{p(values, 50):.{digits}f}", f"{p(values, 95):.{digits}f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--athletes", type=int, default=150)
    parser.add_argument("--loads", type=int, default=20, help="timed page loads and navigations each")
    parser.add_argument("--requests", type=int, default=200, help="timed API requests")
    args = parser.parse_args(argv)
    console = Console(width=160)
    before = machine_note()
    with web_bench(console, args.athletes) as bench:
        full, in_app = rows_after_load(bench, args.loads, args.athletes)
        server, size = server_times(bench, args.requests, args.athletes)
        table = Table(title=f"Team Ops, {args.athletes} athletes, {bench.sessions:,} sessions")
        for column in ("measure", "n", "median ms", "p95 ms", "target"):
            table.add_column(column)
        table.add_row("full page load → all rows in the DOM", *_stats(full), "≤ 1500")
        table.add_row("in-app navigation → all rows", *_stats(in_app), "≤ 1500")
        table.add_row("GET /programs/{id}/team-ops (HTTP)", *_stats(server, digits=1), "p95 ≤ 50")
        console.print(table)
        console.print(f"Team Ops answer: {size / 1024:.0f} KiB")
        bundles = initial_js(bench)
    sizes = Table(title="Initial JavaScript per route (gzip -9 of the built files)")
    for column in ("route", "files", "kB gzip", "of which route chunks"):
        sizes.add_column(column)
    shared = set.intersection(*(set(files) for _, files in bundles)) if bundles else set()
    worst = 0.0
    for label, files in bundles:
        total = sum(gzip_kb(f) for f in files)
        own = sum(gzip_kb(f) for f in files if f not in shared)
        worst = max(worst, total)
        sizes.add_row(label, str(len(files)), f"{total:.1f}", f"{own:.1f}")
    console.print(sizes)
    console.print(f"shared by every route: {sum(gzip_kb(f) for f in shared):.1f} kB ({', '.join(sorted(shared))})")
    console.print(f"machine at the start: {before}; at the end: {machine_note()}")
    ok = p(full, 95) <= ROWS_TARGET_MS and p(server, 95) <= SERVER_TARGET_P95_MS and worst <= BUNDLE_TARGET_KB
    console.print("[green]all targets met[/]" if ok else "[red]a target was missed[/]")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

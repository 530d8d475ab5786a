"""Benchmark: ``GET /api/v1/programs/{id}/team-ops`` for a 150-athlete program (issue 15: server part ≤ 50 ms p95).

Run with ``.venv/bin/python bench/team_ops.py [--athletes 150] [--requests 200]`` (about two minutes).

The data set is ``bench/team_load.py``'s (its own embedded PostgreSQL; one program, a head coach, one season whose
roster holds ``--athletes`` athletes in four event groups, each with two years of training up to today and two
weeks of plan ahead: ≈ 850 sessions per athlete), plus a reviewed mark on half of each athlete's completed
sessions of this week. It then measures, as the head coach under row-level security:

- **server**: the service call in this process (``engagement.team_ops.team_ops`` inside
  ``Database.transaction(identity)``: the context query, the week's summary query, the load snapshot's season
  context and data query, the models and the JSON), timed from pool checkout to commit — the work a request does
  behind HTTP — for this week and last week taking turns, and its two halves (the week's summary query alone,
  the load snapshot alone);
- **HTTP**: the round trip to a uvicorn process over one keep-alive connection (after a warm-up).

Prints p50/p95 of each and the verdict against the 50 ms p95 target for the server part.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID

import httpx
import psycopg
from psycopg import sql
from rich.console import Console
from rich.table import Table

from team_load import SECRET, WARMUP, backend_cpu_ms, build, free_port, percentile, serve, shut_down
from trainingops.auth.tokens import TokenService
from trainingops.config import Settings
from trainingops.db import embedded, migrate
from trainingops.db.identity import Identity
from trainingops.db.pool import Database
from trainingops.db.target import APP_ROLE
from trainingops.engagement import team_ops, team_ops_sql
from trainingops.load import memo, snapshot

DATABASE = "team_ops_bench"
TARGET_P95_MS = 50.0

# Half of the completed sessions of the last two weeks reviewed by the coach (the unreviewed count has work).
REVIEWS_SQL = """
insert into session_reviews (session_id, reviewed_by)
select s.id, (select id from users limit 1) from athlete_training_sessions s
where s.completed_at is not null and s.session_date >= %(since)s and (hashtext(s.id::text) & 1) = 0
"""


async def in_process(
    app_url: str, coach: str, program: str, season: str, repeats: int
) -> tuple[dict[str, list[float]], dict[str, float]]:
    """Server time per request, this week and last week computed (the memo off: what a request costs after any
    write to the roster's data) and this week again from the memo (nothing changed), taking turns (last week: seven
    days of completed sessions for the unreviewed count and the bands to work on); then the two halves of a
    computed request for a quarter as many. And the CPU ms per call of each kind (this process and its PostgreSQL
    backend): what it costs whatever else runs on the cores."""
    database = Database(app_url, min_size=1, max_size=1)
    await database.open()
    kinds = ("this week", "last week", "this week, memo hit")
    timings: dict[str, list[float]] = {kind: [] for kind in (*kinds, "summary", "snapshot")}
    cpu = dict.fromkeys(kinds, 0.0)
    who = Identity(UUID(coach))
    today = date.today()
    last_week = today - timedelta(7)
    monday = last_week - timedelta(last_week.weekday())
    params = {
        "season": UUID(season),
        "program": UUID(program),
        "from": monday,
        "to": monday + timedelta(6),
        "today": today,
    }
    async with database.transaction(None) as conn:
        backend = (await (await conn.execute("select pg_backend_pid() as pid")).fetchone())["pid"]  # type: ignore[index]
    try:
        for i in range(3 * (WARMUP + repeats)):
            kind = kinds[i % 3]
            week = last_week if kind == "last week" else None
            memo.ENABLED = kind == "this week, memo hit"
            python_cpu, postgres_cpu = time.process_time(), backend_cpu_ms(backend)
            started = time.perf_counter()
            async with database.transaction(who) as conn:
                await team_ops.team_ops(conn, program_id=UUID(program), week=week, team_season_id=None)
            if i >= 3 * WARMUP:
                timings[kind].append((time.perf_counter() - started) * 1000)
                cpu[kind] += (time.process_time() - python_cpu) * 1000 + backend_cpu_ms(backend) - postgres_cpu
        memo.ENABLED = False
        for _ in range(max(1, repeats // 4)):
            async with database.transaction(who) as conn:
                began = time.perf_counter()
                await (await conn.execute(team_ops_sql.WEEK, params)).fetchone()
                summary = time.perf_counter()
                await snapshot.team_snapshot(conn, team_season_id=UUID(season), day=today)
                loads = time.perf_counter()
            timings["summary"].append((summary - began) * 1000)
            timings["snapshot"].append((loads - summary) * 1000)
    finally:
        memo.ENABLED = True
        await database.close()
    return timings, {kind: total / repeats for kind, total in cpu.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--athletes", type=int, default=150)
    parser.add_argument("--requests", type=int, default=200, help="timed requests (after a warm-up)")
    args = parser.parse_args(argv)
    console = Console(width=160)
    today = date.today()
    data_dir = Path(tempfile.mkdtemp(prefix="trainingops-team-ops-bench-", dir="/tmp"))
    process = None
    load_before = os.getloadavg()
    try:
        with console.status("starting embedded PostgreSQL"):
            server = embedded.start(data_dir, stop_on_exit=True)
            with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(DATABASE)))
            admin_url = server.url(DATABASE)
            migrate.migrate(admin_url)
        season, coach, sessions = build(admin_url, args.athletes, today, console)
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(REVIEWS_SQL, {"since": today - timedelta(today.weekday() + 7)})
            conn.execute("analyze")
            row = conn.execute("select id from programs").fetchone()
            assert row is not None
            program = str(row[0])
        timings, cpu = asyncio.run(
            in_process(server.url(DATABASE, user=APP_ROLE), coach, program, season, args.requests)
        )
        port = free_port()
        process = serve(admin_url, port)
        tokens = TokenService.from_settings(Settings(jwt_secret=SECRET), for_signing=True)
        headers = {"Authorization": f"Bearer {tokens.issue(UUID(coach))}"}
        url = f"http://127.0.0.1:{port}/api/v1/programs/{program}/team-ops"
        latencies: list[float] = []
        with httpx.Client(headers=headers, timeout=30) as client:
            for i in range(WARMUP + args.requests):
                started = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
                assert response.status_code == 200, response.text
                if i >= WARMUP:
                    latencies.append(elapsed)
        body = response.json()
        assert len(body["athletes"]) == args.athletes
        table = Table(title=f"GET /programs/{{id}}/team-ops, {args.athletes} athletes, {sessions:,} sessions")
        for column in ("measure", "n", "p50 ms", "p95 ms"):
            table.add_column(column)
        for label, values in (
            ("server, this week: service call in process (four statements, models, JSON)", timings["this week"]),
            ("server, last week (seven days done, half reviewed)", timings["last week"]),
            ("server, this week again, nothing changed (load snapshot from the memo)", timings["this week, memo hit"]),
            ("  the week's summary query alone (last week)", timings["summary"]),
            ("  the load snapshot alone (load domain: context + data query + models)", timings["snapshot"]),
            ("HTTP end to end (uvicorn, keep-alive; repeats: memo hits after the first)", latencies),
        ):
            table.add_row(label, str(len(values)), f"{percentile(values, 50):.1f}", f"{percentile(values, 95):.1f}")
        console.print(table)
        for kind, ms in cpu.items():
            console.print(
                f"CPU per service call, {kind}: {ms:.1f} ms (Python + PostgreSQL; the call's time on idle cores)"
            )
        console.print(f"response: {len(response.content) / 1024:.0f} KiB for {len(body['athletes'])} athletes")
        load_after = os.getloadavg()
        console.print(
            f"load average (1, 5, 15 min): {' / '.join(f'{x:.2f}' for x in load_before)} at the start, "
            f"{' / '.join(f'{x:.2f}' for x in load_after)} at the end (2 cores; other work on the machine counts)"
        )
        p95 = percentile(timings["this week"] + timings["last week"], 95)
        verdict = "[green]within[/]" if p95 <= TARGET_P95_MS else "[red]above[/]"
        console.print(f"server p95 {p95:.1f} ms — {verdict} the {TARGET_P95_MS:.0f} ms target")
        return 0 if p95 <= TARGET_P95_MS else 1
    finally:
        shut_down(process, data_dir)


if __name__ == "__main__":
    sys.exit(main())

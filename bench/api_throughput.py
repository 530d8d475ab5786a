"""Benchmark: the sessions API over HTTP against the same SQL through psycopg, and the Team Ops summary (issue 4).

Run with ``.venv/bin/python bench/api_throughput.py [--sessions 1000000] [--seconds 6] [--concurrency 8]``.

It starts its own embedded PostgreSQL in a fresh directory under /tmp, applies the migrations and generates at
least a million sessions with ``generate`` from ``bench/rls_overhead.py`` (same data set as the RLS benchmark:
programs shaped like the demo's, 48 athletes each). Callers come from that script's ``callers``: an athlete with
a login and a head coach with their program's current season. Then it serves the API in a separate process
(``python -m trainingops.cli.main serve --no-migrate``, uvicorn, the default settings but for the signing secret and
the log level) on 127.0.0.1, and measures:

1. ``GET /api/v1/sessions?athlete_id=…&from=…&to=…`` (90 days, the API's default page of 50) as that athlete,
   with N concurrent keep-alive HTTP connections (httpx, asyncio) for a fixed time, against **raw**: N psycopg
   ``AsyncConnection``s as ``trainingops_app`` running, per request, the API's own transaction shape (``BEGIN;``
   the identity/statement-timeout/time-zone ``set_config``s of ``trainingops.db.pool``; ``service.list_page`` —
   the very same SQL, built by the same code; ``COMMIT``). The two sides alternate (raw, API, then API, raw, …)
   and the medians across rounds are reported, because the two cores are shared (by the load generator, the
   server, PostgreSQL, and anything else on the machine). Target: API/raw throughput ≥ 0.4.
2. Team Ops ``GET /api/v1/team-seasons/{id}/training-summary`` for the head coach's current roster, for the
   default week and for the whole season: server time (``trends.team_summary`` inside ``Database.transaction``
   in this process, the way a request runs it, timed from checkout to commit) and the HTTP round trip, each over
   sequential requests. Target: p95 ≤ 50 ms for the week.

CPU seconds per request of each process (this one = the load generator or the raw client, the API server,
PostgreSQL's backends) are sampled with psutil during measurement 1, to show where the time goes.

Prints a table, writes the figures as Markdown to ``bench/out/api_throughput.md`` and EXPLAIN (ANALYZE, BUFFERS)
of the summary's main statement (week and season) to ``bench/out/api_throughput_explain.txt``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, cast
from uuid import UUID

import httpx
import numpy as np
import psutil
import psycopg
from psycopg import sql
from psycopg.rows import dict_row
from rich.console import Console
from rich.table import Table

from trainingops.auth.tokens import TokenService
from trainingops.config import Settings
from trainingops.db import embedded, migrate
from trainingops.db.identity import Identity
from trainingops.db.pool import _SET_IDENTITY, Connection, Database
from trainingops.db.target import APP_ROLE
from trainingops.sessions import service, trends

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rls_overhead import DataSet, callers, generate

OUT_DIR = Path(__file__).parent / "out"
DATABASE = "api_bench"
TARGET_RATIO = 0.4
TARGET_WEEK_P95_MS = 50.0
PAGE_LIMIT = 50  # the API's default page size; both sides ask for it
HTTP_TIMEOUT_S = 10.0
SERVER_START_TIMEOUT_S = 60.0

Worker = Callable[[int], Awaitable[None]]


# ------------------------------------------------------------------------------------------------ processes


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_api(admin_url: str, secret: str, port: int, log_path: Path, concurrency: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": admin_url,
        "TRAININGOPS_JWT_SECRET": secret,
        "TRAININGOPS_LOG_LEVEL": "WARNING",
        "TRAININGOPS_HOST": "127.0.0.1",
    }
    env.pop("TRAININGOPS_APP_DATABASE_URL", None)
    if concurrency > Settings.model_fields["pool_max_size"].default:  # never fewer pooled connections than workers
        env["TRAININGOPS_POOL_MAX_SIZE"] = str(concurrency)
    with log_path.open("wb") as log:
        return subprocess.Popen(
            # One worker process, as when these figures were first taken (serve now defaults to one per core).
            [
                sys.executable,
                "-m",
                "trainingops.cli.main",
                "serve",
                "--port",
                str(port),
                "--no-migrate",
                "--workers",
                "1",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def wait_until_up(base_url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the API server exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            # /healthz, not /readyz: readiness also compares the migrations on disk with the database's, and
            # the first real request below checks the database anyway.
            if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise SystemExit(
        f"the API server did not answer in {SERVER_START_TIMEOUT_S:.0f} s:\n{log_path.read_text()[-3000:]}"
    )


def stop_process(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


class CpuMeter:
    """CPU seconds (user + system) of this process, the API server, and PostgreSQL (postmaster + backends)."""

    def __init__(self, api_pid: int, postmaster_pid: int) -> None:
        self.me = psutil.Process()
        self.api = psutil.Process(api_pid)
        self.postmaster = psutil.Process(postmaster_pid)

    @staticmethod
    def _cpu(process: psutil.Process) -> float:
        try:
            times = process.cpu_times()
        except psutil.Error:
            return 0.0
        return float(times.user + times.system)

    def sample(self) -> dict[str, float]:
        postgres = self._cpu(self.postmaster) + sum(self._cpu(p) for p in self.postmaster.children(recursive=True))
        return {"bench": self._cpu(self.me), "api": self._cpu(self.api), "postgres": postgres}


# ------------------------------------------------------------------------------------------------ measurement 1


@dataclass
class Round:
    side: str
    requests: int
    seconds: float
    latencies_ms: list[float]
    cpu: dict[str, float]

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    def pct(self, q: float) -> float:
        return percentile(self.latencies_ms, q)


@dataclass
class Throughput:
    rounds: list[Round] = field(default_factory=list)
    rows: int = 0

    def of(self, side: str) -> list[Round]:
        return [r for r in self.rounds if r.side == side]

    def median(self, side: str, metric: Callable[[Round], float]) -> float:
        return float(np.median([metric(r) for r in self.of(side)]))

    def ratio(self) -> float:
        return self.median("api", lambda r: r.throughput) / self.median("raw", lambda r: r.throughput)

    def paired_ratios(self) -> list[float]:
        return [a.throughput / r.throughput for a, r in zip(self.of("api"), self.of("raw"), strict=True)]

    def cpu_ms_per_request(self, side: str, process: str) -> float:
        rounds = self.of(side)
        return 1000 * sum(r.cpu[process] for r in rounds) / sum(r.requests for r in rounds)


async def run_for(seconds: float, concurrency: int, request: Worker, meter: CpuMeter | None, side: str) -> Round:
    """``concurrency`` workers each sending requests back to back until the deadline; every request counts
    (none is cut off), and the window ends when the last one finishes."""
    latencies: list[float] = []
    started = time.perf_counter()
    deadline = started + seconds
    before = meter.sample() if meter else {}

    async def worker(index: int) -> None:
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            await request(index)
            latencies.append((time.perf_counter() - t0) * 1000)

    await asyncio.gather(*(worker(i) for i in range(concurrency)))
    elapsed = time.perf_counter() - started
    after = meter.sample() if meter else {}
    cpu = {k: after[k] - before[k] for k in after}
    return Round(side, len(latencies), elapsed, latencies, cpu)


async def measure_throughput(
    *,
    base_url: str,
    app_url: str,
    token: str,
    user_id: str,
    params: dict[str, str],
    filters: service.ListFilters,
    concurrency: int,
    seconds: float,
    rounds: int,
    warmup: float,
    statement_timeout_ms: int,
    meter: CpuMeter,
    console: Console,
) -> Throughput:
    result = Throughput()
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    raw_conns: list[Connection] = []
    async with httpx.AsyncClient(base_url=base_url, headers=headers, limits=limits, timeout=HTTP_TIMEOUT_S) as client:
        try:
            for _ in range(concurrency):
                conn = await psycopg.AsyncConnection.connect(app_url, autocommit=True, row_factory=dict_row)
                raw_conns.append(conn)

            async def raw(index: int) -> str:
                conn = raw_conns[index]
                async with conn.transaction():
                    await conn.execute(_SET_IDENTITY, [user_id, f"{statement_timeout_ms}ms"])
                    return await service.list_page(conn, filters=filters, cursor=None, limit=PAGE_LIMIT)

            async def api(index: int) -> str:
                response = await client.get("/api/v1/sessions", params=params)
                if response.status_code != 200:
                    raise SystemExit(f"GET /api/v1/sessions: {response.status_code} {response.text[:500]}")
                return response.text

            # Same identity, same SQL: the same page, item for item.
            api_body, raw_body = json.loads(await api(0)), json.loads(await raw(0))
            if api_body != raw_body:
                raise SystemExit("the API and the raw query returned different pages")
            result.rows = len(api_body["items"])
            if result.rows == 0:
                raise SystemExit("the athlete has no sessions in the window")

            async def raw_request(index: int) -> None:
                await raw(index)

            async def api_request(index: int) -> None:
                await api(index)

            sides: dict[str, Worker] = {"raw": raw_request, "api": api_request}
            with console.status("measurement 1: warming up"):
                for name, request in sides.items():
                    await run_for(warmup, concurrency, request, None, name)
            gc.collect()
            for i in range(rounds):
                order = ("raw", "api") if i % 2 == 0 else ("api", "raw")
                for name in order:
                    with console.status(f"measurement 1: round {i + 1}/{rounds}, {name}"):
                        result.rounds.append(await run_for(seconds, concurrency, sides[name], meter, name))
        finally:
            for conn in raw_conns:
                await conn.close()
    return result


# ------------------------------------------------------------------------------------------------ measurement 2


@dataclass
class SummaryCase:
    """One range of the Team Ops summary: as requested (None: the API's default) and as the API resolved it."""

    label: str
    request_from: date | None
    request_to: date | None
    date_from: date = date.min
    date_to: date = date.min
    server_ms: list[float] = field(default_factory=list)
    http_ms: list[float] = field(default_factory=list)
    athletes: int = 0
    sessions: int = 0

    def query(self) -> dict[str, str]:
        out = {}
        if self.request_from:
            out["from"] = self.request_from.isoformat()
        if self.request_to:
            out["to"] = self.request_to.isoformat()
        return out


class RecordingConnection:
    """Passes ``execute`` through and keeps each statement, so the summary's own SQL can be EXPLAINed."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.statements: list[tuple[Any, Any]] = []

    async def execute(self, query: Any, params: Any = None) -> Any:
        self.statements.append((query, params))
        return await self.conn.execute(query, params)


async def measure_summary(
    *,
    base_url: str,
    app_url: str,
    token: str,
    identity: Identity,
    season_id: UUID,
    cases: list[SummaryCase],
    requests: int,
    statement_timeout_ms: int,
    console: Console,
) -> list[str]:
    """Server time in process and the HTTP round trip, cases alternating; returns EXPLAIN text per case."""
    database = Database(app_url, min_size=1, max_size=1, statement_timeout_ms=statement_timeout_ms)
    await database.open()
    explains: list[str] = []
    try:

        async def in_process(case: SummaryCase) -> str:
            async with database.transaction(identity) as conn:
                return await trends.team_summary(
                    conn,
                    team_season_id=season_id,
                    date_from=case.request_from,
                    date_to=case.request_to,
                    event_group_id=None,
                )

        for case in cases:
            body = json.loads(await in_process(case))
            case.athletes = len(body["athletes"])
            case.sessions = sum(a["sessions"] for a in body["athletes"])
            case.date_from, case.date_to = date.fromisoformat(body["from"]), date.fromisoformat(body["to"])
            async with database.transaction(identity) as conn:
                recorder = RecordingConnection(conn)
                await trends.team_summary(
                    cast(Connection, recorder),
                    team_season_id=season_id,
                    date_from=case.request_from,
                    date_to=case.request_to,
                    event_group_id=None,
                )
                query, params = recorder.statements[-1]
                cursor = await conn.execute("explain (analyze, buffers) " + query, params)
                plan = "\n".join(row["QUERY PLAN"] for row in await cursor.fetchall())
            explains.append(f"{'=' * 110}\nTeam Ops summary, {case.label}: {body['from']} .. {body['to']}\n{plan}\n")

        headers = {"Authorization": f"Bearer {token}"}
        path = f"/api/v1/team-seasons/{season_id}/training-summary"
        async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=HTTP_TIMEOUT_S) as client:

            async def over_http(case: SummaryCase) -> None:
                response = await client.get(path, params=case.query())
                if response.status_code != 200:
                    raise SystemExit(f"GET {path}: {response.status_code} {response.text[:500]}")

            for _ in range(10):  # warm-up: plans cached, pages in shared buffers
                for case in cases:
                    await in_process(case)
                    await over_http(case)
            gc.collect()
            with console.status("measurement 2: Team Ops summary") as status:
                for i in range(requests):
                    if i % 25 == 0:
                        status.update(f"measurement 2: Team Ops summary, {i}/{requests}")
                    for case in cases if i % 2 == 0 else cases[::-1]:
                        t0 = time.perf_counter()
                        await in_process(case)
                        case.server_ms.append((time.perf_counter() - t0) * 1000)
                        t0 = time.perf_counter()
                        await over_http(case)
                        case.http_ms.append((time.perf_counter() - t0) * 1000)
    finally:
        await database.close()
    return explains


# ------------------------------------------------------------------------------------------------------ report


def percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def machine_notes(concurrency: int) -> list[str]:
    memory = psutil.virtual_memory().total / 2**30
    load = os.getloadavg()
    return [
        f"{platform.machine()}, {os.cpu_count()} CPUs (shared, noisy), {memory:.1f} GiB RAM, Python "
        f"{platform.python_version()}; load average before measuring {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}",
        "the load generator (httpx, asyncio, this process), the API server (uvicorn, one process, asyncio loop, "
        "h11) and PostgreSQL share the same cores; the raw side's client is this process too",
        f"{concurrency} concurrent workers on each side; API connection pool: max "
        f"{max(concurrency, Settings.model_fields['pool_max_size'].default)} connections",
    ]


def report(
    console: Console,
    *,
    data: DataSet,
    postgres: str,
    notes: list[str],
    athlete: str,
    coach: str,
    window: tuple[date, date],
    throughput: Throughput,
    cases: list[SummaryCase],
    roster: int,
    args: argparse.Namespace,
) -> list[str]:
    """Print the tables; return the same figures as Markdown lines."""
    md: list[str] = []
    data_line = (
        f"{data.sessions:,} sessions ({data.table_mb:,.0f} MB with indexes), {data.programs} programs, "
        f"{data.athletes:,} athletes, {data.roster_entries:,} roster entries (generated in {data.seconds:.0f} s by "
        "`bench/rls_overhead.py`'s `generate`, bulk load without triggers)"
    )
    console.print(f"data set: {data_line}")
    console.print(f"PostgreSQL {postgres} (embedded)")
    for note in notes:
        console.print(f"machine: {note}")

    ratio = throughput.ratio()
    paired = throughput.paired_ratios()
    table = Table(
        title=(
            f"1. GET /api/v1/sessions, {athlete}, 90 days ({window[0]} .. {window[1]}), page of {PAGE_LIMIT} "
            f"({throughput.rows} rows): {args.rounds} rounds x {args.seconds:g} s per side, medians across rounds"
        ),
        title_justify="left",
    )
    for column in ("side", "req/s", "p50 ms", "p95 ms", "CPU ms/req: client", "API server", "PostgreSQL"):
        table.add_column(column, justify="left" if column == "side" else "right")
    rows: list[tuple[str, ...]] = []
    for side, label in (("raw", "raw psycopg (same SQL)"), ("api", "HTTP API")):
        cpu = [throughput.cpu_ms_per_request(side, p) for p in ("bench", "api", "postgres")]
        row = (
            label,
            f"{throughput.median(side, lambda r: r.throughput):,.0f}",
            f"{throughput.median(side, lambda r: r.pct(50)):.2f}",
            f"{throughput.median(side, lambda r: r.pct(95)):.2f}",
            f"{cpu[0]:.2f}",
            f"{cpu[1]:.2f}" if side == "api" else "-",
            f"{cpu[2]:.2f}",
        )
        rows.append(row)
        table.add_row(*row)
    console.print(table)
    per_round = ", ".join(
        f"{r.side} {r.throughput:,.0f}" for r in throughput.rounds
    )  # in the order they ran: shows the noise
    verdict_1 = "met" if ratio >= TARGET_RATIO else "NOT met"
    # What the ratio would be if the load generator's CPU were elsewhere: CPU per request of the work itself
    # (raw: the psycopg client and PostgreSQL; API: the API server and PostgreSQL).
    raw_cpu = throughput.cpu_ms_per_request("raw", "bench") + throughput.cpu_ms_per_request("raw", "postgres")
    api_cpu = throughput.cpu_ms_per_request("api", "api") + throughput.cpu_ms_per_request("api", "postgres")
    cpu_ratio = raw_cpu / api_cpu
    console.print(f"rounds in order (req/s): {per_round}")
    console.print(
        f"API/raw throughput (ratio of medians): {ratio:.2f} (paired per round: "
        f"{', '.join(f'{p:.2f}' for p in paired)}) — target ≥ {TARGET_RATIO}: [bold]{verdict_1}[/]"
    )
    console.print(
        f"CPU per request without the load generator: raw {raw_cpu:.2f} ms (client + PostgreSQL), API "
        f"{api_cpu:.2f} ms (server + PostgreSQL): CPU-bound ratio {cpu_ratio:.2f} if the load came from elsewhere"
    )

    table2 = Table(
        title=(
            f"2. Team Ops summary, {coach}, roster of {roster} athletes: {args.summary_requests} sequential requests "
            "per range, week and season alternating"
        ),
        title_justify="left",
    )
    for column in ("range", "days", "athletes", "sessions", "server p50", "server p95", "HTTP p50", "HTTP p95"):
        table2.add_column(column, justify="left" if column == "range" else "right")
    rows2: list[tuple[str, ...]] = []
    for case in cases:
        summary_row = (
            f"{case.label} ({case.date_from} .. {case.date_to})",
            f"{(case.date_to - case.date_from).days + 1}",
            f"{case.athletes}",
            f"{case.sessions:,}",
            f"{percentile(case.server_ms, 50):.1f} ms",
            f"{percentile(case.server_ms, 95):.1f} ms",
            f"{percentile(case.http_ms, 50):.1f} ms",
            f"{percentile(case.http_ms, 95):.1f} ms",
        )
        rows2.append(summary_row)
        table2.add_row(*summary_row)
    console.print(table2)
    week_p95 = percentile(cases[0].server_ms, 95)
    verdict_2 = "met" if week_p95 <= TARGET_WEEK_P95_MS else "NOT met"
    console.print(
        f"week p95 server time {week_p95:.1f} ms — target ≤ {TARGET_WEEK_P95_MS:.0f} ms: [bold]{verdict_2}[/] "
        "(server time: trends.team_summary inside Database.transaction in this process, checkout to commit)"
    )

    md += [
        f"Measured {time.strftime('%Y-%m-%d')} with `.venv/bin/python bench/api_throughput.py --sessions "
        f"{args.sessions} --seconds {args.seconds:g} --rounds {args.rounds} --concurrency {args.concurrency}`.",
        "",
        f"- Data set: {data_line}; PostgreSQL {postgres}, embedded, default settings.",
        *(f"- Machine: {note}." for note in notes),
        "",
        f"### 1. `GET /api/v1/sessions`: HTTP vs the same SQL through psycopg (target API/raw ≥ {TARGET_RATIO})",
        "",
        f"One athlete, {athlete}, 90 days ({window[0]} .. {window[1]}), the default page of {PAGE_LIMIT} "
        f"({throughput.rows} sessions returned), {args.concurrency} concurrent workers per side. Raw: "
        f"{args.concurrency} `psycopg.AsyncConnection`s as `trainingops_app` running the API's transaction "
        "(`BEGIN`, the three `set_config`s, `service.list_page`, `COMMIT`). Sides alternate (raw/API, API/raw, …), "
        f"{args.rounds} rounds of {args.seconds:g} s each after a warm-up; medians across rounds.",
        "",
        "| side | req/s | p50 ms | p95 ms | CPU ms/req: load generator or raw client | API server | PostgreSQL |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(f"| {' | '.join(row)} |" for row in rows),
        "",
        f"**API/raw throughput: {ratio:.2f}** (per round: {', '.join(f'{p:.2f}' for p in paired)}) — target "
        f"≥ {TARGET_RATIO}: **{verdict_1}**.",
        "",
        f"CPU per request, load generator excluded: raw {raw_cpu:.2f} ms (client + PostgreSQL), API {api_cpu:.2f} ms "
        f"(server + PostgreSQL): with the cores saturated, the ratio would be about **{cpu_ratio:.2f}** were the "
        "load generated on another machine (an estimate from CPU time, not a measurement).",
        "",
        f"### 2. Team Ops summary (target p95 ≤ {TARGET_WEEK_P95_MS:.0f} ms for the week)",
        "",
        f"`GET /api/v1/team-seasons/{{id}}/training-summary` as {coach}, current season, roster of {roster} "
        f"athletes; {args.summary_requests} sequential requests per range, week and season alternating. Server "
        "time: `trends.team_summary` inside `Database.transaction(identity)` in the benchmark process, from pool "
        "checkout to commit; HTTP: the round trip to the running server.",
        "",
        "| range | days | athletes | sessions | server p50 | server p95 | HTTP p50 | HTTP p95 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(f"| {' | '.join(row)} |" for row in rows2),
        "",
        f"**Week p95 server time: {week_p95:.1f} ms** — target ≤ {TARGET_WEEK_P95_MS:.0f} ms: **{verdict_2}**.",
    ]
    return md


# ------------------------------------------------------------------------------------------------------ main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, default=1_000_000, help="at least this many sessions")
    parser.add_argument("--seconds", type=float, default=6.0, help="length of each timed round, per side")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per side (alternating raw and API)")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent workers on each side")
    parser.add_argument("--warmup", type=float, default=3.0, help="warm-up seconds per side")
    parser.add_argument("--summary-requests", type=int, default=200, help="sequential Team Ops requests per range")
    args = parser.parse_args(argv)
    if not 1 <= args.concurrency <= 64 or args.seconds <= 0 or args.rounds < 1 or args.summary_requests < 1:
        parser.error("--concurrency 1..64, --seconds > 0, --rounds ≥ 1, --summary-requests ≥ 1")
    console = Console(width=160)
    today = date.today()
    secret = secrets.token_urlsafe(48)  # 64 bytes: an HS256 secret for this run only
    statement_timeout_ms = Settings.model_fields["statement_timeout_ms"].default
    data_dir = Path(tempfile.mkdtemp(prefix="trainingops-api-bench-", dir="/tmp"))
    api: subprocess.Popen[bytes] | None = None
    try:
        with console.status("starting embedded PostgreSQL"):
            server = embedded.start(data_dir)
            with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(DATABASE)))
                version = conn.execute("show server_version").fetchone()
            postgres = str(version[0]) if version else "?"
            admin_url = server.url(DATABASE)
            app_url = server.url(DATABASE, user=APP_ROLE)
            migrate.migrate(admin_url)
        console.print(f"PostgreSQL {postgres} in {data_dir}; migrations applied")
        data = generate(admin_url, sessions=args.sessions, today=today, triggers=False, console=console)
        plan = callers(admin_url, today)
        athlete_call, coach_call = plan["athlete_90_days"][0], plan["coach_roster_week"][0]
        athlete_id, window_from, window_to = athlete_call.params
        season_id = coach_call.params[0]  # the head coach's current season
        with psycopg.connect(admin_url) as conn:
            row = conn.execute(
                "select ts.start_date, ts.end_date, (select count(distinct r.athlete_id) from roster_entries r "
                "where r.team_season_id = ts.id and r.status <> 'inactive') from team_seasons ts where ts.id = %s",
                [season_id],
            ).fetchone()
        assert row is not None
        season_start, season_end, roster = row
        season_end = min(season_end, season_start + timedelta(days=trends.MAX_RANGE_DAYS))
        console.print(f"athlete: {athlete_call.label}; head coach: {coach_call.label}; roster: {roster} athletes")

        tokens = TokenService.from_settings(Settings(jwt_secret=secret, jwt_algorithm="HS256"))
        athlete_token = tokens.issue(UUID(athlete_call.user_id), ttl=timedelta(hours=1))
        coach_token = tokens.issue(UUID(coach_call.user_id), ttl=timedelta(hours=1))

        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        log_path = data_dir / "api.log"
        with console.status(f"starting the API on {base_url}"):
            api = start_api(admin_url, secret, port, log_path, args.concurrency)
            wait_until_up(base_url, api, log_path)
        notes = machine_notes(args.concurrency)
        meter = CpuMeter(api.pid, server.pid)

        filters = service.ListFilters(athlete_id=athlete_id, date_from=window_from, date_to=window_to)
        params = {"athlete_id": str(athlete_id), "from": window_from.isoformat(), "to": window_to.isoformat()}
        throughput = asyncio.run(
            measure_throughput(
                base_url=base_url,
                app_url=app_url,
                token=athlete_token,
                user_id=athlete_call.user_id,
                params=params,
                filters=filters,
                concurrency=args.concurrency,
                seconds=args.seconds,
                rounds=args.rounds,
                warmup=args.warmup,
                statement_timeout_ms=statement_timeout_ms,
                meter=meter,
                console=console,
            )
        )
        cases = [SummaryCase("week", None, None), SummaryCase("season", season_start, season_end)]
        explains = asyncio.run(
            measure_summary(
                base_url=base_url,
                app_url=app_url,
                token=coach_token,
                identity=Identity(UUID(coach_call.user_id)),
                season_id=season_id,
                cases=cases,
                requests=args.summary_requests,
                statement_timeout_ms=statement_timeout_ms,
                console=console,
            )
        )
        md = report(
            console,
            data=data,
            postgres=postgres,
            notes=notes,
            athlete=athlete_call.label,
            coach=coach_call.label,
            window=(window_from, window_to),
            throughput=throughput,
            cases=cases,
            roster=int(roster),
            args=args,
        )
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        (OUT_DIR / "api_throughput.md").write_text("\n".join(md) + "\n")
        (OUT_DIR / "api_throughput_explain.txt").write_text("\n".join(explains))
        console.print(f"Markdown: {OUT_DIR / 'api_throughput.md'}; EXPLAIN: {OUT_DIR / 'api_throughput_explain.txt'}")
        met = throughput.ratio() >= TARGET_RATIO and percentile(cases[0].server_ms, 95) <= TARGET_WEEK_P95_MS
        return 0 if met else 1
    finally:
        stop_process(api)
        embedded.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

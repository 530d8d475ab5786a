"""Load test (issue 17, "Every core busy"): a mixed workload of athletes and coaches at rising concurrency, against
``trainingops serve --workers N`` on the demo data, over HTTP on the loopback interface only.

Run: ``.venv/bin/python bench/load_mixed.py [--users 10,50,100,200] [--workers 1,2] [--seconds 20]``

It loads the demo into a fresh data directory under /tmp (``trainingops demo --no-serve``), then for each worker
count starts ``trainingops serve --workers N --no-migrate`` (demo mode, log level INFO as in production, stderr
discarded) and runs each step: ``U`` virtual users (asyncio, one keep-alive connection each: ``bench/lean_http.py``,
or httpx with ``--client httpx``, which costs the shared cores several times more CPU per request), 70 % athletes
and 30 % coaches, each looping *request, then think* (exponential think time, mean ``--think`` s):

- athlete: read today (``GET /athletes/{id}/training``, 60 %), log a session (``POST /sessions``, 30 %), upload a
  small FIT (``POST /athletes/{id}/activity-files``, 10 %: ``../shared/data/activities/run_fenix5_tiny.fit``, read
  in place; the first upload imports it, the next ones are idempotent replays that still parse the file);
- coach: the team load (``GET /team-seasons/{id}/load``, 30 %), an athlete's trends (``GET /athletes/{id}/load``,
  50 %), publish a practice (``POST /practice-sessions/{id}/publish`` with ``If-Match: *``, 20 %).

Every step is bounded by ``--seconds`` and ``--max-requests``. Reported per step: throughput, p50/p95/p99, errors
(anything but the expected status, and transport errors), and CPU milliseconds per request of the API processes,
PostgreSQL's processes and this load generator (psutil, user + system). Then where each worker count saturates and
the ratio of two workers to one (the best throughput with p95 ≤ 200 ms, and at the largest step). Prints a table and
writes Markdown to ``bench/out/load_mixed.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID

import httpx
import psutil
import psycopg
from rich.console import Console
from rich.table import Table

import lean_http
from trainingops.auth import accounts
from trainingops.auth.tokens import TokenService
from trainingops.config import Settings
from trainingops.db import embedded
from trainingops.db import target as db_target

ROOT = Path(__file__).resolve().parents[1]
FIT_FILE = ROOT.parent / "shared" / "data" / "activities" / "run_fenix5_tiny.fit"
OUT = Path(__file__).parent / "out" / "load_mixed.md"
HOST = "127.0.0.1"  # loopback only: this never leaves the machine
TARGET_RPS, TARGET_P95_MS = 200.0, 200.0
ATHLETE_SHARE = 0.7
ATHLETE_MIX = (("today", 0.6), ("log_session", 0.3), ("upload_fit", 0.1))
COACH_MIX = (("team_load", 0.3), ("athlete_trends", 0.5), ("publish", 0.2))
EXPECTED = {"today": {200}, "log_session": {201}, "upload_fit": {200, 201}, "team_load": {200}}
EXPECTED |= {"athlete_trends": {200}, "publish": {200}}
console = Console()


@dataclass
class Athlete:
    token: str
    athlete_id: str


@dataclass
class Coach:
    token: str
    season_id: str
    athlete_ids: list[str]
    practice_ids: list[str]


@dataclass
class Cast:
    athletes: list[Athlete]
    coaches: list[Coach]


@dataclass
class StepResult:
    workers: int
    users: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    cpu_ms: dict[str, float] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.latencies_ms)

    @property
    def rps(self) -> float:
        return self.count / self.seconds

    def pct(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def environment(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TRAININGOPS_DATABASE_URL")}
    env |= {"TRAININGOPS_DATA_DIR": str(data_dir), "TRAININGOPS_DEMO_MODE": "true", "TRAININGOPS_LOG_LEVEL": "INFO"}
    return env


def trainingops(data_dir: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "trainingops.cli.main", *args],
        env=environment(data_dir),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


_ATHLETES = """
select a.user_id, a.id as athlete_id from athletes a where a.user_id is not null order by a.id
"""
_COACHES = """
select pm.user_id, ts.id as season_id,
       array(select r.athlete_id::text from roster_entries r where r.team_season_id = ts.id) as athlete_ids,
       array(select ps.id::text from practice_sessions ps where ps.team_season_id = ts.id
             and ps.practice_date >= current_date order by ps.practice_date limit 5) as practice_ids
from program_members pm join team_seasons ts on ts.program_id = pm.program_id
where pm.is_active and pm.role = 'head_coach'  -- publishing is the head coach's
  and current_date between ts.start_date and ts.end_date
"""


async def cast_of(settings: Settings, admin_url: str) -> Cast:
    """Tokens for every demo athlete with a login and every head coach of a current season (sessions made on the
    administrative connection, as `trainingops token` does: no sign-in throttle, no password hashing in the run)."""
    tokens = TokenService.from_settings(settings, for_signing=True)
    with psycopg.connect(admin_url) as conn:
        athletes = conn.execute(_ATHLETES).fetchall()
        coaches = [row for row in conn.execute(_COACHES).fetchall() if row[2] and row[3]]

    async def token(user_id: UUID) -> str:
        ttl = timedelta(hours=4)
        session = await accounts.administrative_session(admin_url, user_id=user_id, ttl=ttl, user_agent="load_mixed")
        return tokens.issue(user_id, ttl=ttl, session_id=session.session_id, generation=session.generation)

    return Cast(
        [Athlete(await token(u), str(a)) for u, a in athletes],
        [Coach(await token(u), str(s), list(ids), list(ps)) for u, s, ids, ps in coaches],
    )


def pick(mix: tuple[tuple[str, float], ...], rng: random.Random) -> str:
    return rng.choices([k for k, _ in mix], weights=[w for _, w in mix])[0]


class Client:
    """One user's connection: the lean client (default) or httpx (``--client httpx``), with the same answers."""

    def __init__(self, base_url: str, kind: str, shared: httpx.AsyncClient | None) -> None:
        host, port = base_url.removeprefix("http://").split(":")
        self._lean = lean_http.Connection(host, int(port), timeout=15.0) if kind == "lean" else None
        self._httpx = shared

    async def send(
        self, method: str, path: str, headers: dict[str, str], *, json: object = None, content: bytes | None = None
    ) -> int:
        if self._lean is not None:
            return (await self._lean.request(method, path, headers, json_body=json, content=content)).status_code
        assert self._httpx is not None
        return (await self._httpx.request(method, path, headers=headers, json=json, content=content)).status_code

    async def close(self) -> None:
        if self._lean is not None:
            await self._lean.close()


async def athlete_request(client: Client, who: Athlete, kind: str, rng: random.Random) -> int:
    headers = {"Authorization": f"Bearer {who.token}"}
    if kind == "today":
        return await client.send("GET", f"/api/v1/athletes/{who.athlete_id}/training", headers)
    if kind == "log_session":
        body = {
            "workout_category": rng.choice(["run", "gym", "cross_training"]),
            "scheduled_date": date.today().isoformat(),
            "title": "Easy run",
            "actual_duration_sec": rng.randint(1200, 4800),
            "actual_rpe": rng.randint(2, 8),
            "completed_at": f"{date.today().isoformat()}T07:30:00Z",
        }
        return await client.send("POST", "/api/v1/sessions", headers, json=body)
    headers |= {"Content-Type": "application/octet-stream", "X-Filename": FIT_FILE.name}
    return await client.send(
        "POST", f"/api/v1/athletes/{who.athlete_id}/activity-files", headers, content=FIT_FILE.read_bytes()
    )


async def coach_request(client: Client, who: Coach, kind: str, rng: random.Random) -> int:
    headers = {"Authorization": f"Bearer {who.token}"}
    if kind == "team_load":
        return await client.send("GET", f"/api/v1/team-seasons/{who.season_id}/load", headers)
    if kind == "athlete_trends":
        return await client.send("GET", f"/api/v1/athletes/{rng.choice(who.athlete_ids)}/load", headers)
    headers["If-Match"] = "*"
    return await client.send("POST", f"/api/v1/practice-sessions/{rng.choice(who.practice_ids)}/publish", headers)


def processes(server: psutil.Process, pgdata: Path) -> dict[str, list[psutil.Process]]:
    postmaster = psutil.Process(int((pgdata / "postmaster.pid").read_text().split()[0]))
    return {
        "api": [server, *server.children(recursive=True)],
        "postgres": [postmaster, *postmaster.children(recursive=True)],
        "load generator": [psutil.Process()],
    }


def cpu_seconds(group: list[psutil.Process]) -> float:
    total = 0.0
    for proc in group:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            continue
    return total


async def run_step(
    base_url: str,
    cast: Cast,
    *,
    users: int,
    seconds: float,
    max_requests: int,
    think: float,
    seed: int,
    client_kind: str = "lean",
    only: str | None = None,
) -> StepResult:
    rng = random.Random(seed)
    result = StepResult(workers=0, users=users, seconds=seconds)
    budget = [max_requests]
    # httpx: one client for every user (a connection each): building an httpx client loads the CA bundle, tens of
    # ms of CPU apiece, which at 200 users would eat the step before its first request.
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    shared = httpx.AsyncClient(base_url=base_url, timeout=15.0, limits=limits) if client_kind == "httpx" else None
    deadline = time.perf_counter() + seconds

    async def user(index: int) -> None:
        own = random.Random(rng.random())
        share = ATHLETE_SHARE if only is None else float(only in dict(ATHLETE_MIX))
        is_athlete = index < round(users * share)
        who: Athlete | Coach = (
            cast.athletes[index % len(cast.athletes)] if is_athlete else cast.coaches[index % len(cast.coaches)]
        )
        client = Client(base_url, client_kind, shared)
        await asyncio.sleep(own.uniform(0, min(1.0, think)))  # users arrive over the first second
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            kind = only or pick(ATHLETE_MIX if is_athlete else COACH_MIX, own)
            started = time.perf_counter()
            try:
                if isinstance(who, Athlete):
                    status = await athlete_request(client, who, kind, own)
                else:
                    status = await coach_request(client, who, kind, own)
                failed = status not in EXPECTED[kind]
                error = f"{kind} {status}"
            except httpx.HTTPError as exc:
                failed, error = True, f"{kind} {type(exc).__name__}"
            except lean_http.TransportError as exc:
                failed, error = True, f"{kind} {exc}"
            elapsed = (time.perf_counter() - started) * 1000
            if failed:
                result.errors[error] = result.errors.get(error, 0) + 1
            else:
                result.latencies_ms.append(elapsed)
                result.by_kind.setdefault(kind, []).append(elapsed)
            await asyncio.sleep(own.expovariate(1 / think) if think > 0 else 0)
        await client.close()

    started = time.perf_counter()
    try:
        await asyncio.gather(*(user(i) for i in range(users)))
    finally:
        if shared is not None:
            await shared.aclose()
    result.seconds = time.perf_counter() - started
    return result


def wait_ready(port: int, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://{HOST}:{port}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("the service did not become ready")


def serve_and_measure(data_dir: Path, cast: Cast, workers: int, args: argparse.Namespace) -> list[StepResult]:
    port = free_port()
    command = [sys.executable, "-m", "trainingops.cli.main", "serve", "--no-migrate", "--workers", str(workers)]
    server = subprocess.Popen(
        [*command, "--host", HOST, "--port", str(port)],
        env=environment(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    results = []
    try:
        wait_ready(port)
        base_url = f"http://{HOST}:{port}"
        asyncio.run(run_step(base_url, cast, users=10, seconds=3, max_requests=500, think=args.think, seed=0))  # warm
        for users in args.users:
            groups = processes(psutil.Process(server.pid), data_dir / embedded.PGDATA_NAME)
            before = {name: cpu_seconds(group) for name, group in groups.items()}
            step = asyncio.run(
                run_step(
                    base_url,
                    cast,
                    users=users,
                    seconds=args.seconds,
                    max_requests=args.max_requests,
                    think=args.think,
                    client_kind=args.client,
                    only=args.only,
                    seed=users,
                )
            )
            step.workers = workers
            handled = max(1, step.count + sum(step.errors.values()))
            step.cpu_ms = {name: (cpu_seconds(g) - before[name]) * 1000 / handled for name, g in groups.items()}
            results.append(step)
            console.print(
                f"workers {workers}, {users:>3} users: {step.rps:6.1f} req/s, p95 {step.pct(95):6.1f} ms, "
                f"errors {sum(step.errors.values())}"
            )
    finally:
        server.send_signal(2)  # SIGINT: a clean stop
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    return results


def saturation(steps: list[StepResult]) -> str:
    """The first step whose throughput grew by less than a quarter of its users' growth, or missed the p95 target."""
    for previous, step in itertools.pairwise(steps):
        offered = step.users / previous.users
        if step.rps < previous.rps * (1 + 0.25 * (offered - 1)) or step.pct(95) > TARGET_P95_MS:
            return f"at {step.users} users ({step.rps:.0f} req/s, p95 {step.pct(95):.0f} ms)"
    return "not reached"


def best(steps: list[StepResult]) -> float:
    within = [s.rps for s in steps if s.pct(95) <= TARGET_P95_MS and not s.errors]
    return max(within, default=0.0)


def report(results: dict[int, list[StepResult]], args: argparse.Namespace) -> str:
    cpu = psutil.cpu_count() or 0
    lines = [
        "# Mixed load (bench/load_mixed.py)",
        "",
        f"Machine: {platform.machine()}, {cpu} logical CPUs ({platform.processor() or 'unknown CPU'}), "
        f"Python {platform.python_version()}; load generator, API and PostgreSQL on the same cores. "
        f"Think time mean {args.think} s, client {args.client}, {'only ' + args.only if args.only else 'the mix'}, {args.seconds:.0f} s per step. Measured {date.today().isoformat()}.",
        "",
        "| workers | users | req/s | p50 ms | p95 ms | p99 ms | errors | CPU ms/req API | PostgreSQL | load gen |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for steps in results.values():
        for s in steps:
            lines.append(
                f"| {s.workers} | {s.users} | {s.rps:.1f} | {s.pct(50):.1f} | {s.pct(95):.1f} | {s.pct(99):.1f} | "
                f"{sum(s.errors.values())} | {s.cpu_ms['api']:.2f} | {s.cpu_ms['postgres']:.2f} | "
                f"{s.cpu_ms['load generator']:.2f} |"
            )
    lines += ["", "p95 by request kind (ms), per step:", ""]
    kinds = [k for k, _ in ATHLETE_MIX + COACH_MIX]
    lines += ["| workers | users | " + " | ".join(kinds) + " |", "|---:|---:|" + "---:|" * len(kinds)]
    for steps in results.values():
        for s in steps:
            cells = []
            for k in kinds:
                values = sorted(s.by_kind.get(k, []))
                cells.append(f"{values[int(0.95 * (len(values) - 1))]:.0f}" if values else "-")
            lines.append(f"| {s.workers} | {s.users} | " + " | ".join(cells) + " |")
    lines.append("")
    for workers, steps in results.items():
        lines.append(
            f"- {workers} worker(s): saturates {saturation(steps)}; best throughput with p95 ≤ 200 ms and "
            f"no errors: {best(steps):.0f} req/s."
        )
        for s in steps:
            if s.errors:
                lines.append(f"  - errors at {s.users} users: {dict(sorted(s.errors.items()))}")
    if 1 in results and 2 in results:
        one, two = best(results[1]), best(results[2])
        last_one, last_two = results[1][-1], results[2][-1]
        lines.append(
            f"- two workers / one: {two / one if one else float('nan'):.2f}× (best within the p95 target); "
            f"{last_two.rps / max(last_one.rps, 1e-9):.2f}× at {last_two.users} users (p95 {last_one.pct(95):.0f} → "
            f"{last_two.pct(95):.0f} ms)."
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=lambda s: [int(x) for x in s.split(",")], default=[10, 50, 100, 200])
    parser.add_argument("--workers", type=lambda s: [int(x) for x in s.split(",")], default=[1, 2])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument(
        "--client",
        choices=("lean", "httpx"),
        default="lean",
        help="the generator's HTTP client (lean_http: far less CPU)",
    )
    parser.add_argument(
        "--only",
        choices=[k for k, _ in ATHLETE_MIX + COACH_MIX],
        help="every request of this one kind (its CPU per request alone) instead of the mix",
    )
    parser.add_argument("--think", type=float, default=0.5, help="mean think time between a user's requests (s)")
    parser.add_argument("--data-dir", type=Path, help="reuse this data directory holding the demo (kept afterwards)")
    args = parser.parse_args()
    if not FIT_FILE.is_file():
        raise SystemExit(f"{FIT_FILE} is missing (the shared data set)")
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="trainingops-load-"))
    try:
        if args.data_dir is None:
            console.print(f"Loading the demo into {data_dir} …")
            trainingops(data_dir, "demo", "--no-serve")
        settings = Settings(data_dir=data_dir, demo_mode=True)
        target = db_target.resolve(settings, stop_on_exit=False)
        cast = asyncio.run(cast_of(settings, target.admin_url))
        console.print(f"{len(cast.athletes)} athletes and {len(cast.coaches)} coaches with tokens.")
        results = {workers: serve_and_measure(data_dir, cast, workers, args) for workers in args.workers}
        text = report(results, args)
        OUT.parent.mkdir(exist_ok=True)
        OUT.write_text(text)
        console.print(text)
        table = Table("workers", "users", "req/s", "p95 ms", "errors")
        for steps in results.values():
            for s in steps:
                table.add_row(
                    str(s.workers), str(s.users), f"{s.rps:.1f}", f"{s.pct(95):.1f}", str(sum(s.errors.values()))
                )
        console.print(table)
    finally:
        if args.data_dir is None:
            embedded.stop(data_dir)
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Benchmark: syncing the offline app's outbox — 50 queued writes against the local server (issue 16 target:
≤ 5 s), and the same 50 replayed (a sync interrupted after the server committed, resumed: every write answered
from its Idempotency-Key record, nothing written twice).

Run with ``.venv/bin/python bench/outbox_sync.py [--writes 50] [--rounds 3]``.

It starts its own embedded PostgreSQL in a fresh directory under /tmp, applies the migrations, loads the demo for
today (``trainingops.demo.load``: the athletes of the web app's demo, their history and plan), serves the API in a
separate process (``trainingops.cli.main serve --no-migrate``, as ``bench/api_throughput.py`` does) on 127.0.0.1,
and plays, as a demo athlete with a login, what the app's outbox holds after a day offline, in order, one request
at a time over one keep-alive connection (the outbox syncs in order): for each round, a wellness check-in, the
completion of the athlete's planned sessions (each with the ETag it was based on, as If-Match) up to a third of the
writes, and self-assigned sessions for the rest — every write with its own Idempotency-Key. Then the same requests
again (all replays). The database is checked after each round: one row per write, none twice.
"""

from __future__ import annotations

import argparse
import platform
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
from psycopg import sql
from rich.console import Console
from rich.table import Table

from trainingops.auth.tokens import TokenService
from trainingops.config import Settings
from trainingops.db import embedded, migrate
from trainingops.demo import load as demo_load

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_throughput import free_port, percentile, start_api, stop_process, wait_until_up

DATABASE = "outbox_bench"
TARGET_S = 5.0
CHECKIN = {"sleep_quality": 4, "fatigue": 3, "muscle_soreness": 3, "stress": 4, "mood": 4, "sleep_hours": 7.5}


def _athlete(admin_url: str) -> tuple[str, str]:
    """A demo athlete with a login and the most planned, uncompleted sessions from today on."""
    with psycopg.connect(admin_url) as conn:
        row = conn.execute(
            "select a.id::text, a.user_id::text from athletes a join athlete_training_sessions s on s.athlete_id = a.id "
            "where a.user_id is not null and s.completed_at is null and s.scheduled_date >= current_date "
            "group by a.id order by count(*) desc, a.id limit 1"
        ).fetchone()
    if row is None:
        raise SystemExit("the demo has no athlete with a login and a plan")
    return row[0], row[1]


def _outbox(client: httpx.Client, athlete_id: str, writes: int, day: date) -> list[dict[str, Any]]:
    """The queued writes of one round: method, path, body, headers (each with its own Idempotency-Key)."""
    queued: list[dict[str, Any]] = [
        {"method": "PUT", "path": f"/api/v1/athletes/{athlete_id}/wellness/{day}", "json": CHECKIN}
    ]
    planned = client.get(
        "/api/v1/sessions",
        params={"athlete_id": athlete_id, "status": "planned", "from": str(date.today()), "limit": 200},
    ).json()["items"]
    for session in planned[: writes // 3]:
        etag = client.get(f"/api/v1/sessions/{session['id']}").headers["etag"]
        queued.append(
            {
                "method": "POST",
                "path": f"/api/v1/sessions/{session['id']}/complete",
                "json": {"actual_rpe": 6, "actual_duration_sec": 2400},
                "headers": {"If-Match": etag},
            }
        )
    while len(queued) < writes:
        queued.append(
            {
                "method": "POST",
                "path": "/api/v1/sessions",
                "json": {
                    "workout_category": "run",
                    "scheduled_date": str(day),
                    "title": f"Outbox bench {len(queued)}",
                    "completed_at": f"{day}T07:00:00Z",
                    "actual_duration_sec": 1800,
                    "actual_rpe": 4,
                },
            }
        )
    for write in queued:
        write["headers"] = {**write.get("headers", {}), "Idempotency-Key": str(uuid.uuid4())}
    return queued


def _sync(client: httpx.Client, queued: list[dict[str, Any]]) -> tuple[float, list[float], int]:
    """Send every write in order; (total seconds, per-write ms, replays answered)."""
    latencies, replays = [], 0
    started = time.perf_counter()
    for write in queued:
        before = time.perf_counter()
        response = client.request(write["method"], write["path"], json=write["json"], headers=write["headers"])
        latencies.append((time.perf_counter() - before) * 1000)
        if response.status_code >= 300:
            raise SystemExit(f"{write['method']} {write['path']}: {response.status_code} {response.text}")
        replays += response.headers.get("idempotent-replayed") == "true"
    return time.perf_counter() - started, latencies, replays


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--writes", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    console = Console(width=140)
    secret = secrets.token_urlsafe(48)
    data_dir = Path(tempfile.mkdtemp(prefix="trainingops-outbox-bench-", dir="/tmp"))
    api = None
    try:
        with console.status("starting embedded PostgreSQL, migrating, loading the demo"):
            server = embedded.start(data_dir)
            with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(DATABASE)))
            admin_url = server.url(DATABASE)
            migrate.migrate(admin_url)
            demo_load.load(admin_url)
        athlete_id, user_id = _athlete(admin_url)
        token = TokenService.from_settings(Settings(jwt_secret=secret, jwt_algorithm="HS256")).issue(
            uuid.UUID(user_id), ttl=timedelta(hours=1)
        )
        port = free_port()
        base_url, log_path = f"http://127.0.0.1:{port}", data_dir / "api.log"
        with console.status(f"starting the API on {base_url}"):
            api = start_api(admin_url, secret, port, log_path, 1)
            wait_until_up(base_url, api, log_path)
        table = Table(title=f"Outbox sync: {args.writes} queued writes, in order, one connection")
        for column in ("round", "sync s", "p50 ms", "p95 ms", "replay s", "replay p95 ms", "replays", "rows once"):
            table.add_column(column, justify="right")
        totals = []
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base_url, headers=headers, timeout=30) as client:
            for number in range(1, args.rounds + 1):
                day = date.today() - timedelta(days=number)
                queued = _outbox(client, athlete_id, args.writes, day)
                seconds, latencies, _ = _sync(client, queued)
                again, again_latencies, replays = _sync(client, queued)
                with psycopg.connect(admin_url) as conn:
                    row = conn.execute(
                        "select count(*) from athlete_training_sessions where athlete_id = %s and scheduled_date = %s "
                        "and title like 'Outbox bench %%'",
                        [athlete_id, day],
                    ).fetchone()
                created = sum(1 for w in queued if w["path"] == "/api/v1/sessions")
                totals.append(seconds)
                table.add_row(
                    str(number),
                    f"{seconds:.2f}",
                    f"{statistics.median(latencies):.1f}",
                    f"{percentile(latencies, 95):.1f}",
                    f"{again:.2f}",
                    f"{percentile(again_latencies, 95):.1f}",
                    f"{replays}/{len(queued)}",
                    "yes" if row is not None and row[0] == created else f"no ({row})",
                )
        console.print(table)
        verdict = "meets" if statistics.median(totals) <= TARGET_S else "misses"
        console.print(
            f"median sync of {args.writes} writes {statistics.median(totals):.2f} s: {verdict} the ≤ {TARGET_S:.0f} s "
            f"target. Machine: {platform.machine()}, {platform.system()} {platform.release()}, shared with other "
            "sessions while measured."
        )
    finally:
        stop_process(api)
        embedded.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

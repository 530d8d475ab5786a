"""Benchmark: password sign-in latency including Argon2id (target p95 ≤ 300 ms), and what the per-request sign-in
check costs (issue 14).

Run with ``.venv/bin/python bench/sign_in.py [--sign-ins 200] [--transactions 3000]``.

It starts its own embedded PostgreSQL in a fresh directory under /tmp, applies the migrations, creates 1,000 users
with passwords and 20,000 sign-in sessions (so the look-ups meet real indexes, not an empty table), and measures:

1. ``POST /api/v1/auth/sign-in`` through the whole app in this process (FastAPI's TestClient: routing, validation,
   the throttle, two transactions, one Argon2id verification on a worker thread, the JWT, the cookies), sequential,
   after a warm-up; and Argon2id ``verify`` alone, for comparison. The hash parameters are printed.
2. The statement every request runs first (``trainingops.db.pool``), as ``trainingops_app`` in its own transaction
   (``BEGIN``; the statement; ``COMMIT``), in three forms, interleaved in rounds: the identity and settings alone (the
   statement before issue 14), with ``app_private.sign_in_is_live`` (tokens the service issues), and with
   ``app_private.token_user_id`` (an identity provider's tokens). The difference is the check's cost per request;
   it adds no round trip.
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import psycopg
from fastapi.testclient import TestClient
from psycopg import sql
from rich.console import Console
from rich.table import Table

from trainingops.app import create_app
from trainingops.auth import passwords
from trainingops.config import Settings
from trainingops.db import embedded, migrate
from trainingops.db.pool import _SET_EXTERNAL_IDENTITY, _SET_IDENTITY, _SET_IDENTITY_CHECKED
from trainingops.db.target import APP_ROLE, DatabaseTarget

DATABASE = "sign_in_bench"
PASSWORD = "correct horse battery staple"
TARGET_P95_MS = 300.0
USERS, SESSIONS = 1000, 20_000


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def _populate(admin_url: str) -> tuple[str, str, str, int]:
    """Users with the bench password, sessions; returns (email, user id, a live session id, its generation)."""
    stored = passwords.hash_password(PASSWORD)
    with psycopg.connect(admin_url) as conn:
        conn.execute(
            "insert into users (email, name) select 'runner' || n || '@bench.example', 'Runner ' || n "
            "from generate_series(1, %s) n",
            [USERS],
        )
        conn.execute(
            "insert into app_private.user_credentials (user_id, password_hash) select id, %s from users", [stored]
        )
        conn.execute(
            "insert into app_private.sign_in_sessions (user_id, expires_at) "
            "select u.id, now() + interval '8 hours' from users u, generate_series(1, %s)",
            [SESSIONS // USERS],
        )
        conn.execute("analyze")
        row = conn.execute(
            "select u.email, u.id::text, s.id::text, c.token_generation from users u "
            "join app_private.user_credentials c on c.user_id = u.id "
            "join app_private.sign_in_sessions s on s.user_id = u.id order by u.email limit 1"
        ).fetchone()
    assert row is not None
    return row[0], row[1], row[2], row[3]


def measure_sign_in(target: DatabaseTarget, email: str, count: int) -> tuple[list[float], list[float]]:
    """Sign-ins through the app, each followed by one Argon2id verification alone: interleaved, both meet the same
    load on the shared cores."""
    settings = Settings(database_url=target.admin_url, jwt_secret=secrets.token_urlsafe(48), log_level="WARNING")
    stored = passwords.hash_password(PASSWORD)
    sign_ins, verify = [], []
    with TestClient(create_app(settings, target=target)) as client:
        for _ in range(10):  # warm-up: the pool, the code paths
            assert client.post("/api/v1/auth/sign-in", json={"email": email, "password": PASSWORD}).status_code == 200
        for _ in range(count):
            started = time.perf_counter()
            response = client.post("/api/v1/auth/sign-in", json={"email": email, "password": PASSWORD})
            sign_ins.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.text
            client.cookies.clear()
            started = time.perf_counter()
            assert passwords.verify(stored, PASSWORD)
            verify.append((time.perf_counter() - started) * 1000)
    return sign_ins, verify


def measure_identity(app_url: str, user_id: str, session_id: str, generation: int, n: int) -> dict[str, list[float]]:
    forms: dict[str, tuple[str, list[Any]]] = {
        "identity only (before)": (_SET_IDENTITY, [user_id, "15000ms"]),
        "+ sign_in_is_live (our tokens)": (
            _SET_IDENTITY_CHECKED,
            [user_id, "15000ms", user_id, session_id, generation],
        ),
        "+ token_user_id (IdP tokens)": (_SET_EXTERNAL_IDENTITY, [user_id, "idp|x", None, "15000ms"]),
    }
    timings: dict[str, list[float]] = {name: [] for name in forms}
    with psycopg.connect(app_url, autocommit=True) as conn:
        for statement, params in forms.values():  # prepare each (psycopg prepares after 5 runs) and warm up
            for _ in range(50):
                with conn.transaction():
                    conn.execute(statement, params)
        rounds = 10
        for _ in range(rounds):
            for name, (statement, params) in forms.items():
                for _ in range(n // rounds):
                    started = time.perf_counter()
                    with conn.transaction():
                        conn.execute(statement, params).fetchone()
                    timings[name].append((time.perf_counter() - started) * 1_000_000)
    return timings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sign-ins", type=int, default=200, help="timed sign-ins (at least 200 for the target)")
    parser.add_argument("--transactions", type=int, default=3000, help="timed transactions per statement form")
    args = parser.parse_args(argv)
    console = Console(width=140)
    data_dir = Path(tempfile.mkdtemp(prefix="trainingops-sign-in-bench-", dir="/tmp"))
    try:
        with console.status("starting embedded PostgreSQL"):
            server = embedded.start(data_dir)
            with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(DATABASE)))
            target = DatabaseTarget(server.url(DATABASE), server.url(DATABASE, user=APP_ROLE))
            migrate.migrate(target.admin_url)
            email, user_id, session_id, generation = _populate(target.admin_url)
        parameters = passwords.HASHER
        console.print(
            f"Argon2id (argon2-cffi PasswordHasher defaults, RFC 9106 low-memory profile): "
            f"t={parameters.time_cost}, m={parameters.memory_cost} KiB, p={parameters.parallelism}, "
            f"salt {parameters.salt_len} B, hash {parameters.hash_len} B"
        )
        with console.status(f"{args.sign_ins} sign-ins"):
            sign_ins, verify = measure_sign_in(target, email, args.sign_ins)
        table = Table("measure", "n", "p50 ms", "p95 ms", "max ms", title="1. Sign-in", title_justify="left")
        for name, values in (
            ("POST /api/v1/auth/sign-in (whole app)", sign_ins),
            ("Argon2id verify alone (interleaved)", verify),
        ):
            table.add_row(
                name,
                str(len(values)),
                f"{statistics.median(values):.1f}",
                f"{percentile(values, 95):.1f}",
                f"{max(values):.1f}",
            )
        console.print(table)
        with console.status("identity statements"):
            forms = measure_identity(target.app_url, user_id, session_id, generation, args.transactions)
        table = Table(
            "statement (BEGIN; it; COMMIT)", "n", "p50 µs", "p95 µs", title="2. Per request", title_justify="left"
        )
        for name, values in forms.items():
            table.add_row(name, str(len(values)), f"{statistics.median(values):.0f}", f"{percentile(values, 95):.0f}")
        console.print(table)
        p95 = percentile(sign_ins, 95)
        console.print(
            f"sign-in p95 {p95:.1f} ms: target ≤ {TARGET_P95_MS:.0f} ms {'met' if p95 <= TARGET_P95_MS else 'MISSED'}"
        )
        return 0 if p95 <= TARGET_P95_MS else 1
    finally:
        embedded.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

"""Bulk CSV import of sessions under RLS vs a raw COPY of the same rows as the owner (issue 7's target:
≥ 50,000 rows/s for 1,000,000 sessions, reported beside the physical floor).

Run: .venv/bin/python bench/csv_import.py [--rows 1000000]
Starts its own embedded PostgreSQL under /tmp. The import runs in-process through the same code as
`POST /api/v1/sessions:import` (`trainingops.sessions.bulk.import_csv`), as a head coach, in one transaction:
parse and validate every row, COPY into a temporary table, normalise, check access set-based, INSERT … SELECT
(every policy, constraint and trigger applies). The floor: `COPY athlete_training_sessions FROM STDIN` of the same
rows as the owner (no RLS; the table's triggers and constraints still run), into a fresh database.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import shutil
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
from rich.console import Console
from rich.table import Table

from trainingops.cli.acting import run_as
from trainingops.db import embedded, migrate
from trainingops.sessions import bulk

ATHLETES = 200
COLUMNS = (
    "athlete_id",
    "team_season_id",
    "scheduled_date",
    "workout_category",
    "title",
    "planned_distance_m",
    "planned_duration_sec",
    "planned_rpe",
)


def world(admin_url: str) -> tuple[uuid.UUID, uuid.UUID, list[uuid.UUID]]:
    """A program with a long season, a head coach and a roster: (coach user, season, athletes)."""
    today = date.today()
    with psycopg.connect(admin_url) as conn:
        program = conn.execute("insert into programs (name, sport) values ('Bench', 'tf') returning id").fetchone()[0]
        season = conn.execute(
            "insert into team_seasons (program_id, name, sport, start_date, end_date) values (%s, 'S', 'tf', %s, %s) "
            "returning id",
            [program, today - timedelta(days=700), today + timedelta(days=30)],
        ).fetchone()[0]
        coach = conn.execute("insert into users (email, name) values ('c@bench.example', 'C') returning id").fetchone()[
            0
        ]
        conn.execute(
            "insert into program_members (program_id, user_id, role) values (%s, %s, 'head_coach')", [program, coach]
        )
        athletes = [
            r[0]
            for r in conn.execute(
                "insert into athletes (name) select 'A' || n from generate_series(1, %s) n returning id", [ATHLETES]
            ).fetchall()
        ]
        for athlete in athletes:
            conn.execute(
                "insert into roster_entries (program_id, team_season_id, athlete_id) values (%s, %s, %s)",
                [program, season, athlete],
            )
        conn.commit()
    return coach, season, athletes


def make_csv(rows: int, season: uuid.UUID, athletes: list[uuid.UUID]) -> bytes:
    start = date.today() - timedelta(days=699)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for i in range(rows):
        writer.writerow(
            (
                athletes[i % len(athletes)],
                season,
                start + timedelta(days=(i // len(athletes)) % 720),
                "run",
                "Bench run",
                8000 + i % 4000,
                2700,
                1 + i % 10,
            )
        )
    return out.getvalue().encode()


def raw_copy(admin_url: str, data: bytes, coach_member: uuid.UUID, table: str = "athlete_training_sessions") -> float:
    """The floor: the same rows straight into the table as the owner (superuser; no RLS)."""
    reader = csv.reader(io.StringIO(data.decode()))
    next(reader)
    started = time.perf_counter()
    with psycopg.connect(admin_url) as conn, conn.cursor() as cur:
        with cur.copy(
            f"copy {table} (athlete_id, team_season_id, scheduled_date, workout_category, "
            "title, planned_distance_m, planned_duration_sec, planned_rpe, source, coach_member_id) "
            "from stdin"
        ) as copy:
            for row in reader:
                copy.write_row((*row, "coach_assigned", coach_member))
        conn.commit()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    console = Console(width=140)
    data_dir = Path(tempfile.mkdtemp(prefix="trainingops-csv-bench-", dir="/tmp"))
    try:
        server = embedded.start(data_dir)
        results: dict[str, Any] = {}
        for name in ("import_db", "floor_db"):
            with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
                conn.execute(f"create database {name}")
            migrate.migrate(server.url(name))
        coach, season, athletes = world(server.url("import_db"))
        data = make_csv(args.rows, season, athletes)
        console.print(f"{args.rows:,} rows, {len(data) / 1e6:.1f} MB of CSV, {ATHLETES} athletes")
        stages: dict[str, float] = {}

        def stage_started(stage: str, done: int, total: int) -> None:
            stages.setdefault(stage, time.perf_counter())

        started = time.perf_counter()
        report, _ = asyncio.run(
            run_as(
                server.url("import_db", user="trainingops_app"),
                coach,
                lambda conn: bulk.import_csv(conn, data=data, idempotency_key="bench", progress=stage_started),
            )
        )
        results["import"] = time.perf_counter() - started
        marks = [
            ("validate", started),
            *sorted(stages.items(), key=lambda kv: kv[1]),
            ("end", started + results["import"]),
        ]
        phases = {name: marks[i + 1][1] - at for i, (name, at) in enumerate(marks[:-1])}
        assert report["created"] == args.rows, report
        _, floor_season, floor_athletes = world(server.url("floor_db"))
        with psycopg.connect(server.url("floor_db")) as conn:
            member = conn.execute("select id from program_members").fetchone()[0]
        floor_data = make_csv(args.rows, floor_season, floor_athletes)
        results["floor"] = raw_copy(server.url("floor_db"), floor_data, member)
        # What integrity costs: the same table's columns, defaults, checks and indexes, without triggers or
        # foreign keys (CREATE TABLE … LIKE … INCLUDING ALL copies neither).
        with psycopg.connect(server.url("floor_db")) as conn:
            conn.execute("create table storage_only (like athlete_training_sessions including all)")
            conn.commit()
        results["storage"] = raw_copy(server.url("floor_db"), floor_data, member, table="storage_only")
        table = Table(title="bulk CSV import of sessions (one transaction each)")
        for column in ("path", "seconds", "rows/s"):
            table.add_column(column, justify="right")
        for label, key in (
            ("import under RLS (as the head coach)", "import"),
            ("raw COPY as the owner (floor)", "floor"),
            ("raw COPY, same table without triggers and foreign keys", "storage"),
        ):
            table.add_row(label, f"{results[key]:.1f}", f"{args.rows / results[key]:,.0f}")
        console.print(table)
        console.print(
            "import phases: "
            + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in phases.items())
            + " (validate = read, validate and stage every row; check = defaults and access, set-based; "
            "write = INSERT … SELECT under RLS with every trigger)"
        )
        console.print(f"import / floor time: {results['import'] / results['floor']:.2f}×; target ≥ 50,000 rows/s")
    finally:
        embedded.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

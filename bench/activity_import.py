"""Benchmark: the full import of a one-hour run FIT file into the database, against fitdecode's bare decode.

Run: ``.venv/bin/python bench/activity_import.py [--repeats N]``. Starts its own embedded PostgreSQL under /tmp,
writes the one-hour run of ``bench/file_import.py`` (1 Hz records, HR, GPS, altitude, cadence, 12 laps), and
times, interleaved in one process, medians over the repeats:

- **full import**: the file's bytes read from disk, ``service.parse_upload`` (size and gzip checks, read, map),
  then ``service.import_for_athlete`` in one committed transaction as the athlete under row-level security:
  the planned run of that day is found and completed, the original file and the result are stored — what
  ``POST /api/v1/athletes/{id}/activity-files`` runs, minus HTTP;
- **read+map**: ``read_activity`` + ``activity_to_session_fields`` alone (as ``bench/file_import.py``);
- **fitdecode bare** (default processor, and ``processor=None``), strict CRC, every frame iterated.

Between repeats the admin connection resets the athlete (file row deleted, the planned session un-completed),
outside the timings. Targets (issue 7): full import <= 0.5 s and <= 1.3x fitdecode's bare (default) decode.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

from file_import import START, bare_fitdecode, bare_fitdecode_raw, one_hour_run, ours
from trainingops.activities import service
from trainingops.db import embedded, migrate
from trainingops.db.identity import Identity
from trainingops.db.pool import Database

TARGET_SECONDS = 0.5
TARGET_RATIO = 1.3
DATABASE = "activity_import_bench"


def build(admin_url: str) -> tuple[uuid.UUID, uuid.UUID]:
    """A program, a season around the run's day, a coach, and an athlete with a login. Returns (user, athlete)."""
    with psycopg.connect(admin_url) as conn:
        program = conn.execute(
            "insert into programs (name, sport, time_zone) values ('Bench', 'tf', 'Europe/Ljubljana') returning id"
        ).fetchone()[0]  # type: ignore[index]
        season = conn.execute(
            "insert into team_seasons (program_id, name, sport, start_date, end_date) "
            "values (%s, 'S', 'tf', %s::date - 30, %s::date + 300) returning id",
            [program, START.date(), START.date()],
        ).fetchone()[0]  # type: ignore[index]
        user = conn.execute(
            "insert into users (email, name) values ('runner@bench.example', 'Runner') returning id"
        ).fetchone()[0]  # type: ignore[index]
        athlete = conn.execute(
            "insert into athletes (name, user_id) values ('Runner', %s) returning id", [user]
        ).fetchone()[0]  # type: ignore[index]
        conn.execute(
            "insert into roster_entries (program_id, team_season_id, athlete_id) values (%s, %s, %s)",
            [program, season, athlete],
        )
    return user, athlete


def reset(admin_url: str, athlete: uuid.UUID) -> None:
    """No file, and one planned run on the file's day (so every repeat matches and completes it)."""
    with psycopg.connect(admin_url) as conn:
        conn.execute("delete from activity_files where athlete_id = %s", [athlete])
        conn.execute("delete from athlete_training_sessions where athlete_id = %s", [athlete])
        conn.execute(
            "insert into athlete_training_sessions (athlete_id, source, scheduled_date, workout_category, title, "
            "planned_distance_m, planned_duration_sec) values (%s, 'self_assigned', %s, 'run', 'Easy hour', 11000, 3600)",
            [athlete, START.date()],
        )


async def full_import(database: Database, user: uuid.UUID, athlete: uuid.UUID, path: Path) -> str:
    upload = service.parse_upload(path.read_bytes(), path.name)
    async with database.transaction(Identity(user)) as conn:
        result = await service.import_for_athlete(conn, athlete_id=athlete, upload=upload)
    assert not result.replayed
    return result.body


async def measure(
    app_url: str, admin_url: str, user: uuid.UUID, athlete: uuid.UUID, path: Path, repeats: int
) -> dict[str, list[float]]:
    database = Database(app_url, min_size=1, max_size=1)
    await database.open()
    sides: dict[str, Callable[[Path], Any]] = {
        "read+map": ours,
        "fitdecode bare (default)": bare_fitdecode,
        "fitdecode bare (raw)": bare_fitdecode_raw,
    }
    timings: dict[str, list[float]] = {"full import": [], **{name: [] for name in sides}}
    try:
        reset(admin_url, athlete)
        body = await full_import(database, user, athlete, path)  # warm-up: imports, plans, caches
        assert json.loads(body)["segments"][0]["action"] == "matched", body[:300]
        for fn in sides.values():
            fn(path)
        for _ in range(repeats):
            reset(admin_url, athlete)
            began = time.perf_counter()
            await full_import(database, user, athlete, path)
            timings["full import"].append(time.perf_counter() - began)
            for name, fn in sides.items():
                began = time.perf_counter()
                fn(path)
                timings[name].append(time.perf_counter() - began)
    finally:
        await database.close()
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="trainingops-activity-bench-", dir="/tmp"))
    try:
        server = embedded.start(data_dir)
        with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
            conn.execute(f"create database {DATABASE}")
        admin_url = server.url(DATABASE)
        migrate.migrate(admin_url)
        user, athlete = build(admin_url)
        path = data_dir / "one_hour_run.fit"
        path.write_bytes(one_hour_run())
        print(f"one-hour run: {path.stat().st_size} bytes")
        timings = asyncio.run(
            measure(server.url(DATABASE, user="trainingops_app"), admin_url, user, athlete, path, args.repeats)
        )
    finally:
        embedded.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)
    medians = {name: statistics.median(values) for name, values in timings.items()}
    for name, value in medians.items():
        print(f"{name:<26} median {value * 1000:7.1f} ms over {args.repeats} runs")
    full = medians["full import"]
    ratio = full / medians["fitdecode bare (default)"]
    print(f"full import vs bare default decode: {ratio:.2f}x (target <= {TARGET_RATIO}x)")
    print(f"full import vs bare raw decode:     {full / medians['fitdecode bare (raw)']:.2f}x (for reference)")
    print(f"database part (full - read+map):    {(full - medians['read+map']) * 1000:.1f} ms")
    ok = full <= TARGET_SECONDS and ratio <= TARGET_RATIO
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

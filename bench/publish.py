"""Publishing a practice: server time of publish and of a re-publish with no changes, and statement counts as
the roster grows (issue 5's targets: ≤ 50 ms for three event-group workouts to 150 athletes with 10 overrides;
≤ 30 ms to re-publish unchanged; the same number of statements for 50, 150 and 500 athletes).

Run: .venv/bin/python bench/publish.py [--practices N]
Starts its own embedded PostgreSQL under /tmp. "Server time" is the publish service call measured in-process
(SQL round trips and the Python derivation included), inside the request's transaction, as the head coach under
row-level security — what the HTTP handler runs, minus HTTP. "publish CPU ms" is the mean CPU time of a publish
(this process and its PostgreSQL backend, from /proc): what it costs on idle cores, whatever else runs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import psycopg
from rich.console import Console
from rich.table import Table

from trainingops.db import embedded, migrate
from trainingops.db.identity import Identity
from trainingops.db.pool import Database
from trainingops.planning import publish

ROSTERS = (50, 150, 500)
OVERRIDES = 10
GROUPS = ("Distance", "Sprints", "Jumps")


def backend_cpu_ms(pid: int) -> float:
    """User + system CPU time of a PostgreSQL backend (same machine), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def build(admin_url: str, athletes: int, practices: int) -> tuple[uuid.UUID, list[uuid.UUID]]:
    """One program, one season, three groups, a roster of ``athletes``, three workouts, ``practices`` identical
    practices (one workout per group) with ten overrides each. Returns (coach user id, practice ids)."""
    today = date.today()
    with psycopg.connect(admin_url) as conn:
        program = conn.execute(
            "insert into programs (name, sport) values (%s, 'tf') returning id", [f"Bench {athletes}"]
        ).fetchone()[0]
        season = conn.execute(
            "insert into team_seasons (program_id, name, sport, start_date, end_date) "
            "values (%s, 'S', 'tf', %s, %s) returning id",
            [program, today - timedelta(days=30), today + timedelta(days=300)],
        ).fetchone()[0]
        coach_user = conn.execute(
            "insert into users (email, name) values (%s, 'Coach') returning id", [f"coach{athletes}@bench.example"]
        ).fetchone()[0]
        conn.execute(
            "insert into program_members (program_id, user_id, role) values (%s, %s, 'head_coach')",
            [program, coach_user],
        )
        groups = [
            conn.execute(
                "insert into event_groups (program_id, name) values (%s, %s) returning id", [program, g]
            ).fetchone()[0]
            for g in GROUPS
        ]
        athlete_ids = [
            r[0]
            for r in conn.execute(
                "insert into athletes (name) select 'Athlete ' || n from generate_series(1, %s) n returning id",
                [athletes],
            ).fetchall()
        ]
        with conn.cursor().copy(
            "copy roster_entries (program_id, team_season_id, athlete_id, event_group_id) from stdin"
        ) as copy:
            for i, athlete in enumerate(athlete_ids):
                copy.write_row((program, season, athlete, groups[i % len(groups)]))
        event = conn.execute(
            "insert into training_events (program_id, name, workout_category, measure) "
            "values (%s, 'Run', 'run', 'distance') returning id",
            [program],
        ).fetchone()[0]
        workouts = []
        for name in ("Intervals", "Tempo", "Easy"):
            workout = conn.execute(
                "insert into workouts (program_id, name, workout_category, planned_distance_m, planned_duration_sec, "
                "planned_rpe) values (%s, %s, 'run', 8000, 2700, 6) returning id",
                [program, name],
            ).fetchone()[0]
            conn.execute(
                "insert into workout_steps (program_id, workout_id, position, repeat_count) values (%s, %s, 1, 5)",
                [program, workout],
            )
            block = conn.execute("select id from workout_steps where workout_id = %s", [workout]).fetchone()[0]
            conn.execute(
                "insert into workout_steps (program_id, workout_id, parent_step_id, position, training_event_id, "
                "target_distance_m, target_duration_sec, intensity_rpe) values (%s, %s, %s, 1, %s, 1000, 240, 7)",
                [program, workout, block, event],
            )
            workouts.append(workout)
        practice_ids = []
        for p in range(practices):
            practice = conn.execute(
                "insert into practice_sessions (program_id, team_season_id, practice_date, title) "
                "values (%s, %s, %s, 'Practice') returning id",
                [program, season, today + timedelta(days=1 + p)],
            ).fetchone()[0]
            entries = [
                conn.execute(
                    "insert into practice_session_workouts (program_id, practice_session_id, workout_id, event_group_id, "
                    "position) values (%s, %s, %s, %s, %s) returning id",
                    [program, practice, workouts[i], groups[i], i + 1],
                ).fetchone()[0]
                for i in range(3)
            ]
            for o in range(OVERRIDES):
                athlete = athlete_ids[o * 3]  # in group 0 -> entry 0
                kind = ("exclude", "scale", "replace", "add")[o % 4]
                conn.execute(
                    "insert into practice_assignments (program_id, practice_session_id, athlete_id, kind, "
                    "practice_session_workout_id, workout_id, distance_pct, note) values (%s, %s, %s, %s, %s, %s, %s, "
                    "'bench')",
                    [
                        program,
                        practice,
                        athlete,
                        kind,
                        entries[0] if kind in ("scale", "replace") else None,
                        workouts[2] if kind in ("replace", "add") else None,
                        80 if kind == "scale" else None,
                    ],
                )
            practice_ids.append(practice)
        conn.commit()
    return coach_user, practice_ids


async def measure(app_url: str, coach: uuid.UUID, practices: list[uuid.UUID]) -> dict[str, list[float]]:
    database = Database(app_url, min_size=1, max_size=1)
    await database.open()
    results: dict[str, list[float]] = {"publish": [], "republish": [], "statements": [], "publish_cpu": []}
    async with database.transaction(None) as conn:
        backend = (await (await conn.execute("select pg_backend_pid() as pid")).fetchone())["pid"]  # type: ignore[index]
    try:
        for phase in ("publish", "republish"):
            for practice in practices:
                before = database.statements_executed
                python_cpu, postgres_cpu = time.process_time(), backend_cpu_ms(backend)
                started = time.perf_counter()
                async with database.transaction(Identity(coach)) as conn:
                    report = await publish.publish(conn, practice_id=practice)
                results[phase].append((time.perf_counter() - started) * 1000)
                if phase == "publish":  # what a publish costs on idle cores: this process and its backend
                    cpu = (time.process_time() - python_cpu) * 1000 + backend_cpu_ms(backend) - postgres_cpu
                    results["publish_cpu"].append(cpu)
                results["statements"].append(database.statements_executed - before)
                if phase == "republish":
                    assert not report["created"] and not report["updated"] and not report["removed"], report
    finally:
        await database.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--practices", type=int, default=25, help="practices published per roster size")
    args = parser.parse_args()
    console = Console(width=140)
    data_dir = Path(tempfile.mkdtemp(prefix="trainingops-publish-bench-", dir="/tmp"))
    try:
        server = embedded.start(data_dir)
        with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
            conn.execute("create database publish_bench")
        admin_url = server.url("publish_bench")
        migrate.migrate(admin_url)
        table = Table(
            title=f"publish: {args.practices} practices per roster, 3 event-group workouts, {OVERRIDES} overrides"
        )
        for column in (
            "athletes",
            "sessions",
            "publish p50 ms",
            "publish p95 ms",
            "re-publish p50 ms",
            "re-publish p95 ms",
            "publish CPU ms",
            "statements",
        ):
            table.add_column(column, justify="right")
        for athletes in ROSTERS:
            coach, practices = build(admin_url, athletes, args.practices)
            result = asyncio.run(measure(server.url("publish_bench", user="trainingops_app"), coach, practices))
            with psycopg.connect(admin_url) as conn:
                sessions = conn.execute(
                    "select count(*) from athlete_training_sessions where practice_session_id = %s", [practices[0]]
                ).fetchone()[0]
            pub, rep = result["publish"], result["republish"]
            table.add_row(
                str(athletes),
                str(sessions),
                f"{statistics.median(pub):.1f}",
                f"{np.percentile(pub, 95):.1f}",
                f"{statistics.median(rep):.1f}",
                f"{np.percentile(rep, 95):.1f}",
                f"{statistics.mean(result['publish_cpu']):.1f}",
                "/".join(str(int(s)) for s in sorted(set(result["statements"]))),
            )
        console.print(table)
        console.print("targets (150 athletes): publish ≤ 50 ms, re-publish unchanged ≤ 30 ms, statements constant")
    finally:
        embedded.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Reads and publishing at ten million sessions (issue 17), server-side under row-level security.

Run after ``bench/scale_data.py``: ``.venv/bin/python bench/scale_reads.py [--data-dir DIR] [--requests 200]``.
It starts (or reuses) the embedded server of that directory, adds ``--requests`` practices to one 150-athlete
program (three event-group workouts, as ``bench/publish.py``), then times each measure ``--requests`` times as
the service runs it — the service call inside ``Database.transaction(identity)`` as ``trainingops_app``, from
pool checkout to commit (the work a request does behind HTTP) — rotating over the athletes and seasons of the
150-athlete programs so the reads are not one cached athlete. Writes EXPLAIN (ANALYZE, BUFFERS) of the main
statements and the table sizes to ``bench/out/scale_explain.txt``. The server is left running.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import numpy as np
import psycopg
from rich.console import Console
from rich.table import Table

from trainingops.db import embedded
from trainingops.db.identity import Identity
from trainingops.db.pool import Connection, Database
from trainingops.db.target import APP_ROLE
from trainingops.load import export as load_export
from trainingops.load import packing
from trainingops.load import service as load_service
from trainingops.load import sql as load_sql
from trainingops.planning import publish
from trainingops.sessions import service as sessions_service
from trainingops.sessions import trends

DATABASE = "trainingops_scale"
DEFAULT_DIR = Path("/var/lib/trainingops-scale")
OUT = Path(__file__).parent / "out" / "scale_explain.txt"
WARMUP = 10

Call = Callable[[Connection], Awaitable[Any]]


def subjects(admin_url: str) -> dict[str, Any]:
    """The 150-athlete programs: their head coach, current season and athletes (with their logins)."""
    with psycopg.connect(admin_url) as conn:
        seasons = conn.execute(
            "select ts.id, ts.program_id, pm.user_id from team_seasons ts "
            "join program_members pm on pm.program_id = ts.program_id and pm.role = 'head_coach' "
            "where current_date between ts.start_date and ts.end_date "
            "and (select count(*) from roster_entries r where r.team_season_id = ts.id) = 150 order by ts.id"
        ).fetchall()
        athletes = conn.execute(
            "select a.id, a.user_id from athletes a join roster_entries r on r.athlete_id = a.id "
            "where r.team_season_id = any(%s)",
            [[s[0] for s in seasons]],
        ).fetchall()
    return {"seasons": seasons, "athletes": athletes}


def add_practices(admin_url: str, season: UUID, program: UUID, count: int) -> list[UUID]:
    """``count`` practices on the season's coming days, three workouts each (one per event group)."""
    today = date.today()
    with psycopg.connect(admin_url) as conn:
        groups = [
            r[0] for r in conn.execute("select id from event_groups where program_id = %s order by name", [program])
        ]
        workouts = [
            conn.execute(
                "insert into workouts (program_id, name, workout_category, planned_distance_m, planned_duration_sec, "
                "planned_rpe) values (%s, %s, 'run', 8000, 2700, 6) returning id",
                [program, f"Scale {name} {time.time_ns()}"],
            ).fetchone()[0]  # type: ignore[index]
            for name in ("Intervals", "Tempo", "Easy")
        ]
        practices = []
        for p in range(count):
            practice = conn.execute(
                "insert into practice_sessions (program_id, team_season_id, practice_date, title) "
                "values (%s, %s, %s, 'Scale practice') returning id",
                [program, season, today + timedelta(days=1 + p % 50)],
            ).fetchone()[0]  # type: ignore[index]
            for i in range(3):
                conn.execute(
                    "insert into practice_session_workouts (program_id, practice_session_id, workout_id, "
                    "event_group_id, position) values (%s, %s, %s, %s, %s)",
                    [program, practice, workouts[i], groups[i], i + 1],
                )
            practices.append(practice)
        conn.commit()
    return practices


def backend_cpu_ms(pid: int) -> float:
    """User + system CPU time of a PostgreSQL backend (same machine), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


async def timed(database: Database, calls: list[tuple[UUID, Call]], backend: int) -> tuple[list[float], float]:
    """Each (user, call) in its own transaction; ms from pool checkout to commit, after WARMUP untimed calls; and
    the mean CPU ms per call of this process and its PostgreSQL backend (what a call costs on idle cores)."""
    out = []
    cpu = 0.0
    for i, (user, call) in enumerate(calls):
        python_cpu, postgres_cpu = time.process_time(), backend_cpu_ms(backend)
        started = time.perf_counter()
        async with database.transaction(Identity(user)) as conn:
            await call(conn)
        if i >= WARMUP:
            out.append((time.perf_counter() - started) * 1000)
            cpu += (time.process_time() - python_cpu) * 1000 + backend_cpu_ms(backend) - postgres_cpu
    return out, cpu / max(1, len(out))


async def measure(
    app_url: str, found: dict[str, Any], practices: list[UUID], n: int
) -> dict[str, tuple[list[float], float]]:
    rng = random.Random(17)
    database = Database(app_url, min_size=1, max_size=1, statement_timeout_ms=120_000)
    await database.open()
    today = date.today()
    athletes = found["athletes"]
    seasons = found["seasons"]
    coach_of_program = {program: coach for _, program, coach in seasons}
    k = n + WARMUP

    def some_athletes() -> list[tuple[UUID, UUID]]:
        return [athletes[rng.randrange(len(athletes))] for _ in range(k)]

    def some_seasons() -> list[tuple[UUID, UUID, UUID]]:
        return [seasons[rng.randrange(len(seasons))] for _ in range(k)]

    plan: dict[str, list[tuple[UUID, Call]]] = {
        "athlete: Training tab (8 weeks, as the athlete)": [
            (user, lambda c, a=a: trends.training_tab(c, athlete_id=a, date_from=None, date_to=None))
            for a, user in some_athletes()
        ],
        "athlete: sessions list, first page of 50 (as the athlete)": [
            (
                user,
                lambda c, a=a: sessions_service.list_page(
                    c, filters=sessions_service.ListFilters(athlete_id=a, descending=True), cursor=None, limit=50
                ),
            )
            for a, user in some_athletes()
        ],
        "athlete: load, 56 days (as the athlete)": [
            (user, lambda c, a=a: load_service.athlete_load(c, athlete_id=a, date_from=None, date_to=None))
            for a, user in some_athletes()
        ],
        "coach: sessions list, season, this week, page of 50": [
            (
                coach,
                lambda c, s=s: sessions_service.list_page(
                    c,
                    filters=sessions_service.ListFilters(
                        team_season_id=s, date_from=today - timedelta(6), date_to=today
                    ),
                    cursor=None,
                    limit=50,
                ),
            )
            for s, _, coach in some_seasons()
        ],
        "coach: Team Ops week (training summary), 150 athletes": [
            (
                coach,
                lambda c, s=s: trends.team_summary(
                    c, team_season_id=s, date_from=None, date_to=None, event_group_id=None
                ),
            )
            for s, _, coach in some_seasons()
        ],
        "coach: team load, 150 athletes": [
            (coach, lambda c, s=s: load_service.team_load(c, team_season_id=s, day=None, event_group_id=None))
            for s, _, coach in some_seasons()
        ],
        "coach: publish a practice to 150 athletes (with load preview)": [
            (coach_of_program[found["publish_program"]], lambda c, p=p: publish.publish(c, practice_id=p))
            for p in practices
        ],
    }
    export_runs = max(20, n // 10)
    plan["coach: feature export, one season (150 athletes × days so far)"] = [
        (
            coach,
            lambda c, s=s: load_export.feature_table(c, team_season_id=s, date_from=None, date_to=None),
        )
        for s, _, coach in some_seasons()[: export_runs + WARMUP]
    ]
    out = {}
    async with database.transaction(None) as conn:
        backend = (await (await conn.execute("select pg_backend_pid() as pid")).fetchone())["pid"]  # type: ignore[index]
    try:
        for name, calls in plan.items():
            out[name] = await timed(database, calls, backend)
            values, cpu = out[name]
            print(
                f"{name}: p50 {np.percentile(values, 50):.1f} ms, p95 {np.percentile(values, 95):.1f} ms, CPU {cpu:.1f}"
            )
    finally:
        await database.close()
    return out


async def explain(app_url: str, found: dict[str, Any]) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of the statements the partitioning decision rests on."""
    season, _, coach = found["seasons"][0]
    athlete, athlete_user = found["athletes"][0]
    today = date.today()
    database = Database(app_url, min_size=1, max_size=1, statement_timeout_ms=120_000)
    await database.open()
    parts = []
    try:
        statements: list[tuple[str, UUID, str, dict[str, Any]]] = [
            (
                "team load: the data query (daily loads before today, sessions from today), 150 athletes",
                coach,
                load_sql.data_query(load_service._roster_sql(None)),
                {
                    "season": season,
                    "group": None,
                    "start": today - timedelta(400),
                    "end": today + timedelta(6),
                    "shown": today,
                    "split": today,
                    "first_block": packing.block_range(today - timedelta(400), today)[0],
                    "last_block": packing.block_range(today - timedelta(400), today)[1],
                },
            ),
            (
                "an athlete's sessions, newest 50 (the list's access path)",
                athlete_user,
                "select id, session_date, workout_category, completed_at from athlete_training_sessions "
                "where athlete_id = %(athlete)s order by session_date desc, id desc limit 50",
                {"athlete": athlete},
            ),
            (
                "a season's sessions this week (Team Ops' access path)",
                coach,
                "select count(*), sum(coalesce(actual_duration_sec, 0)) from athlete_training_sessions "
                "where team_season_id = %(season)s and session_date between %(from)s and %(to)s",
                {"season": season, "from": today - timedelta(6), "to": today},
            ),
        ]
        for title, user, statement, params in statements:
            async with database.transaction(Identity(user)) as conn:
                cursor = await conn.execute("explain (analyze, buffers) " + statement, params)
                plan = "\n".join(str(next(iter(r.values()))) for r in await cursor.fetchall())
            parts.append(f"== {title}\n{plan}\n")
    finally:
        await database.close()
    return "\n".join(parts)


def sizes(admin_url: str) -> str:
    with psycopg.connect(admin_url) as conn:
        rows = conn.execute(
            "select c.relname, c.reltuples::bigint, pg_size_pretty(pg_table_size(c.oid)), "
            "pg_size_pretty(pg_indexes_size(c.oid)) from pg_class c join pg_namespace n on n.oid = c.relnamespace "
            "where n.nspname = 'public' and c.relkind = 'r' order by pg_total_relation_size(c.oid) desc limit 6"
        ).fetchall()
        total = conn.execute("select pg_size_pretty(pg_database_size(current_database()))").fetchone()
    lines = [f"{name}: ~{n:,} rows, table {t}, indexes {i}" for name, n, t, i in rows]
    return "\n".join([f"database: {total[0] if total else '?'}", *lines])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)
    console = Console(width=150)
    server = embedded.start(args.data_dir, stop_on_exit=False)
    admin_url, app_url = server.url(DATABASE), server.url(DATABASE, user=APP_ROLE)
    found = subjects(admin_url)
    season, program, _ = found["seasons"][0]
    found["publish_program"] = program
    practices = add_practices(admin_url, season, program, args.requests + WARMUP)
    load_before = __import__("os").getloadavg()
    started = time.perf_counter()
    results = asyncio.run(measure(app_url, found, practices, args.requests))
    load_after = __import__("os").getloadavg()
    with psycopg.connect(admin_url) as conn:
        total = conn.execute("select count(*) from athlete_training_sessions").fetchone()[0]  # type: ignore[index]
    table = Table(title=f"{total:,} sessions; server-side under RLS (checkout to commit)")
    for column in ("measure", "n", "p50 ms", "p95 ms", "max ms", "CPU ms/call (Python + PostgreSQL)"):
        table.add_column(column)
    for name, (values, cpu) in results.items():
        table.add_row(
            name,
            str(len(values)),
            f"{np.percentile(values, 50):.1f}",
            f"{np.percentile(values, 95):.1f}",
            f"{max(values):.1f}",
            f"{cpu:.1f}",
        )
    console.print(table)
    console.print(
        f"{len(found['seasons'])} programs of 150 athletes, {len(found['athletes']):,} athletes rotated; "
        f"{time.perf_counter() - started:.0f} s; load average {load_before[0]:.1f} → {load_after[0]:.1f} (2 cores)"
    )
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(sizes(admin_url) + "\n\n" + asyncio.run(explain(app_url, found)))
    console.print(f"plans and sizes: {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

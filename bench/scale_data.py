"""Generate ten million sessions (issue 17, "Scale on one server") into an embedded PostgreSQL of its own.

Run with ``nice -n 19 ionice -c3 .venv/bin/python bench/scale_data.py [--programs 200] [--data-dir DIR]`` (the
machine is shared). Default directory ``/var/lib/trainingops-scale`` (never /root: ``embedded.check_data_dir``);
the server is left running at the end so ``bench/scale_reads.py`` can measure it; stop it with
``TRAININGOPS_DATA_DIR=DIR trainingops db stop``.

Shape: ``--programs`` programs like the demo's (America/Chicago and other zones, a head coach and three
assistants, four event groups, one season per year), two to three years each up to today and two weeks of
plan ahead. Every tenth program has a roster of 150 athletes (the team-load and publish targets are for 150),
the others 43; every athlete has a login. Per athlete and week: six runs and two gym sessions, 93 % of the past
ones completed with actuals near the plan (8 % cut short), runs carrying device metrics (``activity/1``: heart
rate, cadence, elevation). Sessions are coach-assigned in the season of their day. With the defaults: ≈ 10.1 M
sessions.

Set-based: one statement per program (progress bar), an ``INSERT … SELECT generate_series`` with the session
triggers off (``session_replication_role = replica``, administrative connection, bulk load only) and what
they would have written computed from its ``RETURNING`` rows in the same statement: ``session_date`` and
``program_ids`` directly, the history's "insert" rows (exactly the trigger's JSON) and the daily loads (the
migration's backfill). Ids are ``uuidv7()`` (time-ordered, so the primary-key index is appended to, not
written at random). Stops before starting if the disk has less than 25 GB free, and after every program if
the database passes ``--max-gb`` (20).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from datetime import date
from pathlib import Path

import psycopg
from psycopg import sql
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from trainingops.db import embedded, migrate

DATABASE = "trainingops_scale"
DEFAULT_DIR = Path("/var/lib/trainingops-scale")
BIG_ROSTER, SMALL_ROSTER = 150, 43
MIN_FREE_GB = 25

CONTEXT_SQL = """
insert into programs (id, name, sport, time_zone)
select uuidv7(), 'Scale Program ' || lpad(p::text, 3, '0'), 'track_and_field',
       (array['America/Chicago', 'America/New_York', 'America/Denver', 'America/Los_Angeles'])[1 + p %% 4]
from generate_series(1, %(programs)s) p;
create temporary table scale_programs as
select id, row_number() over (order by name)::int as n,
       case when row_number() over (order by name) %% 10 = 1 then %(big)s else %(small)s end as athletes,
       -- two, two and a half or three years of history
       (730 + 182 * (row_number() over (order by name) %% 3))::int as days
from programs;
insert into users (id, email, name)
select uuidv7(), 'staff' || k || '.p' || sp.n || '@scale.example', 'Staff ' || k || ' of ' || sp.n
from scale_programs sp cross join generate_series(1, 4) k;
insert into program_members (id, program_id, user_id, role)
select uuidv7(), sp.id, u.id, case when u.email like 'staff1.%%' then 'head_coach' else 'assistant_coach' end
from scale_programs sp join users u on u.email like 'staff_.p' || sp.n || '@scale.example';
insert into event_groups (id, program_id, name)
select uuidv7(), sp.id, g from scale_programs sp, unnest(array['Sprints', 'Distance', 'Jumps', 'Throws']) g;
insert into team_seasons (id, program_id, name, sport, start_date, end_date)
select uuidv7(), sp.id, 'Season ' || y, 'track_and_field',
       %(today)s::date + 60 - 365 * (y + 1) + 1, %(today)s::date + 60 - 365 * y
from scale_programs sp cross join generate_series(0, 3) y
where %(today)s::date + 60 - 365 * y > %(today)s::date - sp.days;
create temporary table scale_athletes as
select uuidv7() as id, sp.id as program_id, sp.n as program_n, k, uuidv7() as user_id
from scale_programs sp cross join lateral generate_series(1, sp.athletes) k;
insert into users (id, email, name)
select user_id, 'athlete' || k || '.p' || program_n || '@scale.example', 'Athlete ' || k || ' of ' || program_n
from scale_athletes;
insert into athletes (id, name, user_id, sex, date_of_birth)
select id, 'Athlete ' || lpad(k::text, 3, '0') || ' of ' || program_n, user_id,
       case when k %% 2 = 0 then 'female' else 'male' end, date '2003-01-01' + (k * 37 %% 1500)
from scale_athletes;
insert into roster_entries (id, program_id, team_season_id, athlete_id, event_group_id)
select uuidv7(), a.program_id, ts.id, a.id,
       (select eg.id from event_groups eg where eg.program_id = a.program_id order by eg.name offset a.k %% 4 limit 1)
from scale_athletes a join team_seasons ts on ts.program_id = a.program_id;
"""

# What record_session_history (migration 0008) writes for each inserted session.
HISTORY_CTE = """
  insert into athlete_training_session_history (session_id, athlete_id, operation, changed_by, changes, changed_at)
  select s.id, s.athlete_id, 'insert', pm.user_id,
         jsonb_strip_nulls(to_jsonb(s)) - '{updated_at,version,created_at,program_ids,session_date}'::text[],
         least(now(), (s.session_date - 10)::timestamptz)
  from inserted s join program_members pm on pm.id = s.coach_member_id"""


# One program's sessions in one statement: what the session triggers would have written (session_date,
# program_ids; the history's "insert" rows, exactly record_session_history's JSON; the daily loads, the backfill
# of migration 0020) is computed from the inserted rows in the same statement; the triggers are off.
def program_sql(history: bool) -> str:
    return f"""
with inserted as (
insert into athlete_training_sessions (id, athlete_id, source, coach_member_id, team_season_id, scheduled_date,
    completed_at, workout_category, title, planned_distance_m, planned_duration_sec, planned_rpe, actual_distance_m,
    actual_duration_sec, actual_rpe, metrics_json, session_date, program_ids)
  select uuidv7(), a.id, 'coach_assigned', coach.id, ts.id, d.day,
         case when x.done then (d.day + time '16:00') at time zone p.time_zone + make_interval(secs => k.seconds) end,
         k.category, case k.category when 'run' then 'Run ' else 'Gym ' end || to_char(d.day, 'Dy DD Mon'),
         k.distance, k.seconds, k.rpe,
         case when x.done then round(k.distance * x.scale) end,
         case when x.done then round(k.seconds * x.scale) end,
         case when x.done then least(10, greatest(1, k.rpe + x.shift)) end,
         case when x.done and k.category = 'run' then jsonb_build_object(
           'schema', 'activity/1', 'source', 'fit',
           'hr', jsonb_build_object('avg', 118 + 6 * k.rpe + x.shift * 3, 'max', 140 + 6 * k.rpe),
           'cadence_spm', jsonb_build_object('avg', 168 + x.shift * 4),
           'elevation_gain_m', 20 + (k.distance / 250)) end,
         d.day, array[a.program_id]
  from scale_athletes a
  join programs p on p.id = a.program_id
  join scale_programs sp on sp.id = a.program_id
  cross join lateral (select pm.id from program_members pm join users u on u.id = pm.user_id
                      where pm.program_id = a.program_id and pm.role = 'head_coach' limit 1) coach
  cross join lateral generate_series(%(today)s::date - sp.days, %(today)s::date + 14, interval '1 day') g(ts)
  cross join lateral (select g.ts::date as day, extract(isodow from g.ts)::int as dow) d
  join team_seasons ts on ts.program_id = a.program_id and d.day between ts.start_date and ts.end_date
  cross join lateral (values
      ('run', 6000 + (d.dow * 1500), 2400 + d.dow * 300, 3 + d.dow %% 5, d.dow <> 7),
      ('gym', null, 3600, 6, d.dow in (2, 4))) k(category, distance, seconds, rpe, wanted)
  cross join lateral (select d.day < %(today)s::date and random() > 0.07 as done,
                             case when random() < 0.08 then 0.6 else 0.9 + random() * 0.2 end as scale,
                             (random() * 2)::int - 1 as shift) x
  where k.wanted and a.program_id = %(program)s
  returning *){", history as (" + HISTORY_CTE + ")" if history else ""}
insert into athlete_daily_loads (athlete_id, session_date, program_ids, load_rpe_seconds, estimated_rpe_seconds,
                                 duration_sec, distance_m, sessions, estimated_sessions, missed, cut_short,
                                 rpe_drift_sum, rpe_drift_sessions)
select s.athlete_id, s.session_date, s.program_ids, sum(d.load_rpe_seconds), sum(d.estimated_rpe_seconds),
       sum(d.duration_sec), sum(d.distance_m), sum(d.sessions), sum(d.estimated_sessions), sum(d.missed),
       sum(d.cut_short), sum(d.rpe_drift_sum), sum(d.rpe_drift_sessions)
from inserted s
cross join lateral app_private.session_daily_delta(s::athlete_training_sessions, 1) d
group by s.athlete_id, s.session_date, s.program_ids
"""


def database_gb(conn: psycopg.Connection[tuple[object, ...]] | psycopg.Connection[object]) -> float:
    row = conn.execute("select pg_database_size(current_database())").fetchone()
    assert row is not None
    return int(str(row[0])) / 1e9


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--programs", type=int, default=200)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument(
        "--history", action=argparse.BooleanOptionalAction, default=True, help="write the history's insert rows"
    )
    parser.add_argument("--max-gb", type=float, default=20.0, help="stop when the database grows past this")
    args = parser.parse_args(argv)
    console = Console(width=140)
    free_gb = shutil.disk_usage(args.data_dir.parent if not args.data_dir.exists() else args.data_dir).free / 1e9
    console.print(f"free disk: {free_gb:.1f} GB")
    if free_gb < MIN_FREE_GB:
        console.print(f"[red]less than {MIN_FREE_GB} GB free: not starting[/]")
        return 2
    started = time.perf_counter()
    server = embedded.start(args.data_dir, stop_on_exit=False)
    with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
        if conn.execute("select from pg_database where datname = %s", [DATABASE]).fetchone():
            console.print(f"[red]database {DATABASE} exists in {args.data_dir}: drop it or pick another directory[/]")
            return 2
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(DATABASE)))
    admin_url = server.url(DATABASE)
    migrate.migrate(admin_url)
    today = date.today()
    timings: dict[str, float] = {}
    with psycopg.connect(admin_url, autocommit=True, cursor_factory=psycopg.ClientCursor) as conn:
        t = time.perf_counter()
        conn.execute(CONTEXT_SQL, {"programs": args.programs, "big": BIG_ROSTER, "small": SMALL_ROSTER, "today": today})
        timings["context"] = time.perf_counter() - t
        programs = [str(r[0]) for r in conn.execute("select id from scale_programs order by n").fetchall()]
        conn.execute("set session_replication_role = replica")  # bulk load: the triggers' work is done below
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[gb]:.1f} GB"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=console) as progress:
            task = progress.add_task("programs", total=len(programs), gb=0.0)
            for program in programs:
                t = time.perf_counter()
                conn.execute(program_sql(args.history), {"program": program, "today": today})
                timings["programs"] = timings.get("programs", 0.0) + time.perf_counter() - t
                gb = database_gb(conn)
                progress.update(task, advance=1, gb=gb)
                if gb > args.max_gb:
                    console.print(f"[red]database at {gb:.1f} GB, past --max-gb {args.max_gb}: stopping[/]")
                    return 3
        conn.execute("set session_replication_role = origin")
        total = int(str(conn.execute("select count(*) from athlete_training_sessions").fetchone()[0]))  # type: ignore[index]
        t = time.perf_counter()
        conn.execute("vacuum (analyze)")
        timings["vacuum analyze"] = time.perf_counter() - t
        sizes = conn.execute(
            "select relname, pg_total_relation_size(c.oid) from pg_class c join pg_namespace n on n.oid = c.relnamespace "
            "where n.nspname = 'public' and c.relkind = 'r' order by 2 desc limit 6"
        ).fetchall()
        gb = database_gb(conn)
    elapsed = time.perf_counter() - started
    console.print(f"{total:,} sessions in {elapsed / 60:.1f} min; database {gb:.2f} GB in {args.data_dir}")
    console.print("phases (s): " + ", ".join(f"{k} {v:.0f}" for k, v in timings.items()))
    for name, size in sizes:
        console.print(f"  {name}: {int(str(size)) / 1e9:.2f} GB")
    console.print(f"server left running; stop: TRAININGOPS_DATA_DIR={args.data_dir} trainingops db stop")
    return 0


if __name__ == "__main__":
    sys.exit(main())

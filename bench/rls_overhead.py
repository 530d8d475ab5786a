"""Benchmark: what row-level security costs, on a generated data set of at least a million sessions (issue 3).

Run with ``.venv/bin/python bench/rls_overhead.py [--sessions 1000000] [--repeats 1000]``.

It starts its own embedded PostgreSQL in a fresh directory under /tmp, applies the migrations, and generates
programs shaped like the demo's (staff with one inactive coach, four event groups, 48 athletes, four seasons
over two years with off-season gaps, newcomers, transfers between programs, coach-, strength- and
self-assigned sessions, some without a season, actuals and device metrics on completed runs). Generation is
set-based SQL (``insert … select`` from ``generate_series``) on the administrative connection, one statement
per program, two programs at a time. The sessions' bulk load runs with ``session_replication_role = replica``
(superuser, that load only): with the statement-level history trigger, the rule trigger and the foreign-key
checks on, a million sessions take about two minutes on two cores (``--with-triggers`` does that); without them
about 45 s, and the foreign keys and the coach/season rule are verified afterwards. Neither query reads the
history table. The schema is exactly the migrations' (the scratch schema ``bench`` is dropped before ANALYZE).

Then two queries, each in two modes, interleaved (A/B, then B/A, …), every repeat the same transaction shape:
``BEGIN; select set_config('app.user_id', $1, true); <query>; COMMIT`` with prepared statements:

- **rls**: as ``trainingops_app`` (under row-level security) with ``app.user_id`` set to the caller;
- **owner**: as ``trainingops_owner`` (owns the tables, BYPASSRLS: no policy applies), same ``set_config``.

Query 1: an athlete's sessions over 90 days. Query 2: a head coach's roster for a week (the sessions of every
athlete on the program's current season roster, Monday to Sunday). Each repeat uses the next of eight callers
(eight athletes, eight head coaches of different programs); both modes see the same sequence. Rows returned
are asserted equal in both modes (the full rows once, the counts on every repeat).

Prints median and p95 per mode and the RLS/owner ratio of medians (target ≤ 1.10), and writes
EXPLAIN (ANALYZE, BUFFERS) of both modes of both queries, with server-side planning/execution medians, to
``bench/out/rls_overhead_explain.txt``.
"""

from __future__ import annotations

import argparse
import gc
import math
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
from psycopg import sql
from rich.console import Console
from rich.table import Table

from trainingops.db import embedded, migrate
from trainingops.db.target import APP_ROLE, OWNER_ROLE

OUT_DIR = Path(__file__).parent / "out"
DATABASE = "rls_bench"
TARGET_RATIO = 1.10
ATHLETES_PER_PROGRAM = 48
HISTORY_DAYS = 728  # two years: four seasons with off-season gaps
PLAN_AHEAD_DAYS = 14
# Sessions per athlete the templates below produce, on average (in-season days x sessions a day, newcomers
# with half the history, self-assigned sessions by 45 % of athletes); used only to choose the program count.
SESSIONS_PER_ATHLETE_ESTIMATE = 790
CALLERS = 8  # distinct athletes / head coaches the repeats cycle through
WARMUP = 40
EXPLAIN_REPEATS = 60
ATHLETE_WINDOW_DAYS = 90

Conn = psycopg.Connection[Any]

SET_IDENTITY = "select set_config('app.user_id', %s, true)"
BELONGING_TRIGGER = "sessions_belonging"  # keeps athlete_training_sessions.program_ids (migration 0002)

LIST_COLUMNS = (
    "s.id, s.athlete_id, s.source, s.coach_member_id, s.team_season_id, s.session_date, s.completed_at, "
    "s.workout_category, s.title, s.planned_distance_m, s.planned_duration_sec, s.planned_rpe, "
    "s.actual_distance_m, s.actual_duration_sec, s.actual_rpe"
)
QUERIES: dict[str, str] = {
    "athlete_90_days": (
        f"select {LIST_COLUMNS} from athlete_training_sessions s "
        "where s.athlete_id = %s and s.session_date between %s and %s order by s.session_date, s.id"
    ),
    # A semi-join, so an athlete listed in two event groups of the season does not show up twice.
    "coach_roster_week": (
        f"select {LIST_COLUMNS} from athlete_training_sessions s "
        "where s.athlete_id in (select r.athlete_id from roster_entries r where r.team_season_id = %s) "
        "and s.session_date between %s and %s order by s.session_date, s.athlete_id, s.id"
    ),
}
QUERY_LABELS = {
    "athlete_90_days": "athlete: own sessions, 90 days",
    "coach_roster_week": "head coach: roster's sessions, 1 week",
}
MODES = ("rls", "owner")


# ------------------------------------------------------------------------------------------------ generation

CONTEXT_SQL = """
create schema bench;

create table bench.params as
select %(programs)s::int as programs, %(athletes)s::int as athletes, %(today)s::date as today,
       %(today)s::date - %(history)s::int as w;

create table bench.first_names as
select row_number() over () - 1 as n, name from unnest(array[
  'Aaliyah','Ben','Camila','Daniel','Elif','Finn','Grace','Hugo','Imani','Jonas','Kira','Liam','Maya','Noah',
  'Olivia','Pablo','Quinn','Rosa','Samuel','Tessa','Uma','Victor','Wren','Xavier','Yara','Zane','Amara','Boris',
  'Chloe','Diego','Esme','Felix']) name;
create table bench.last_names as
select row_number() over () - 1 as n, name from unnest(array[
  'Adeyemi','Bergstrom','Castillo','Dubois','Eriksen','Fontaine','Garcia','Haddad','Ito','Jensen','Kowalski',
  'Lindqvist','Mensah','Novak','Okonkwo','Petrov','Quintero','Rossi','Schmidt','Tanaka','Uribe','Vasquez',
  'Weber','Xu','Yilmaz','Zimmer','Abbott']) name;

-- Staff of every program: k = 1 is the head coach (coaches Distance), 2-4 assistants (Sprints, Jumps,
-- Throws), 5 the strength coach, 6 the athletic trainer, 7 an assistant who has left (inactive).
create table bench.staff (k int, role text, grp int, active boolean);
insert into bench.staff values
  (1, 'head_coach', 1, true), (2, 'assistant_coach', 0, true), (3, 'assistant_coach', 2, true),
  (4, 'assistant_coach', 3, true), (5, 'strength_coach', null, true), (6, 'athletic_trainer', null, true),
  (7, 'assistant_coach', null, false);
create table bench.groups (g int, name text);
insert into bench.groups values (0, 'Sprints'), (1, 'Distance'), (2, 'Jumps'), (3, 'Throws');

insert into programs (id, name, sport, time_zone)
select md5('program/' || p)::uuid,
       format('Program %%s %%s', p, case when p %% 3 = 0 then 'Cross Country' else 'Track & Field' end),
       case when p %% 3 = 0 then 'cross_country' else 'track_and_field' end,
       (array['America/Chicago', 'America/Denver', 'America/New_York', 'America/Los_Angeles'])[1 + p %% 4]
from bench.params, generate_series(1, programs) p;

insert into users (id, email, name)
select md5(format('user/staff/%%s/%%s', p, st.k))::uuid, format('staff%%s@program%%s.example.edu', st.k, p),
       format('%%s %%s', f.name, l.name)
from bench.params, generate_series(1, programs) p
cross join bench.staff st
join bench.first_names f on f.n = (p * 7 + st.k) %% 32
join bench.last_names l on l.n = (p * 3 + st.k * 5) %% 27;

insert into program_members (id, program_id, user_id, role, is_active)
select md5(format('member/%%s/%%s', p, st.k))::uuid, md5('program/' || p)::uuid,
       md5(format('user/staff/%%s/%%s', p, st.k))::uuid, st.role, st.active
from bench.params, generate_series(1, programs) p cross join bench.staff st;

insert into event_groups (id, program_id, name)
select md5(format('group/%%s/%%s', p, g.g))::uuid, md5('program/' || p)::uuid, g.name
from bench.params, generate_series(1, programs) p cross join bench.groups g;

-- Four seasons per program: three of 161 days with three-week gaps, and the current one (to today + 120).
create table bench.seasons as
select p, k, md5(format('season/%%s/%%s', p, k))::uuid as id, w + 182 * k as start_date,
       case when k = 3 then today + 120 else w + 182 * k + 160 end as end_date
from bench.params, generate_series(1, programs) p, generate_series(0, 3) k;
insert into team_seasons (id, program_id, name, sport, start_date, end_date)
select s.id, md5('program/' || s.p)::uuid,
       format('%%s %%s', case when s.k %% 2 = 0 then 'Fall' else 'Spring' end, extract(year from s.start_date)),
       case when s.p %% 3 = 0 then 'cross_country' else 'track_and_field' end, s.start_date, s.end_date
from bench.seasons s;

-- Athletes: group j %% 4; a sixth are newcomers (rostered from season 2 on); the last of each program
-- transfers to the next program after season 1; 45 %% do self-assigned sessions; 8 in 9 have a login.
create table bench.athletes as
select p, j, (p - 1) * athletes + j as no, md5(format('athlete/%%s/%%s', p, j))::uuid as id, j %% 4 as grp,
       case when j %% 9 <> 0 then md5(format('user/athlete/%%s/%%s', p, j))::uuid end as user_id,
       case when j %% 6 = 0 then 2 else 0 end as first_season, j = athletes as transfers,
       (hashint4(p * 1000 + j) & 2147483647) %% 100 < 45 as does_self
from bench.params, generate_series(1, programs) p, generate_series(1, athletes) j;

insert into users (id, email, name)
select a.user_id, format('athlete%%s@program%%s.example.edu', a.j, a.p), format('%%s %%s', f.name, l.name)
from bench.athletes a
join bench.first_names f on f.n = a.no %% 32
join bench.last_names l on l.n = (a.no * 7 + 3) %% 27
where a.user_id is not null;

insert into athletes (id, name, user_id, sex, date_of_birth)
select a.id, format('%%s %%s', f.name, l.name), a.user_id, case when a.no %% 2 = 0 then 'female' else 'male' end,
       date '2003-01-01' + ((hashint4(a.no) & 2147483647) %% 1800)
from bench.athletes a
join bench.first_names f on f.n = a.no %% 32
join bench.last_names l on l.n = (a.no * 7 + 3) %% 27;

-- One membership per athlete and season: the program is the athlete's own, or the next one for a transfer's
-- seasons 2 and 3. The first event group listed is where sessions come from.
create table bench.membership as
select a.no as athlete_no, a.id as athlete_id, a.grp, a.does_self, prog.p as program_no, s.id as season_id,
       s.start_date, s.end_date, pr.time_zone
from bench.athletes a
cross join bench.params
cross join lateral (select case when a.transfers and k.k >= 2 then a.p %% programs + 1 else a.p end as p,
                           k.k from generate_series(0, 3) k(k)) prog
join bench.seasons s on s.p = prog.p and s.k = prog.k
join programs pr on pr.id = md5('program/' || prog.p)::uuid
where prog.k >= a.first_season;

insert into roster_entries (program_id, team_season_id, athlete_id, event_group_id, status)
select md5('program/' || m.program_no)::uuid, m.season_id, m.athlete_id,
       md5(format('group/%%s/%%s', m.program_no, m.grp))::uuid, 'active'
from bench.membership m;
-- A few multi-event athletes also train with the jumpers this season (two roster entries).
insert into roster_entries (program_id, team_season_id, athlete_id, event_group_id, status)
select md5('program/' || m.program_no)::uuid, m.season_id, m.athlete_id,
       md5(format('group/%%s/2', m.program_no))::uuid, 'active'
from bench.membership m
where m.athlete_no %% 12 = 1 and m.grp <> 2 and m.end_date > (select today from bench.params);

-- Off-season (the three-week gaps after seasons 0-2): athletes who self-assign keep training, no season.
create table bench.off_season as
select m.athlete_no, m.athlete_id, m.grp, m.does_self, m.program_no, null::uuid as season_id,
       m.end_date + 1 as start_date, m.end_date + 21 as end_date, m.time_zone
from bench.membership m
join bench.seasons s on s.id = m.season_id
where s.k < 3 and m.does_self;

-- Weekly templates: endurance (Distance) and power (Sprints, Jumps, Throws).
create table bench.slots (
  template text, dow int, slot int, assigned text, category text, title text, distance_m int, minutes int, rpe int);
insert into bench.slots values
  ('endurance', 1, 0, 'coach', 'run', 'Easy run', 10000, 50, 3),
  ('endurance', 1, 1, 'strength', 'gym', 'Strength circuit', null, 45, 5),
  ('endurance', 2, 0, 'coach', 'run', 'Threshold intervals 5 x 1 km', 12000, 60, 7),
  ('endurance', 3, 0, 'coach', 'run', 'Easy run', 8000, 45, 3),
  ('endurance', 3, 1, 'self', 'cross_training', 'Bike spin', null, 40, 3),
  ('endurance', 4, 0, 'coach', 'run', 'Tempo 6 km', 12000, 60, 7),
  ('endurance', 4, 1, 'strength', 'gym', 'Core and mobility', null, 30, 3),
  ('endurance', 5, 0, 'coach', 'run', 'Recovery run', 6000, 35, 2),
  ('endurance', 6, 0, 'coach', 'run', 'Long run', 18000, 90, 5),
  ('endurance', 7, 0, 'self', 'run', 'Easy shakeout', 5000, 30, 2),
  ('power', 1, 0, 'coach', 'other', 'Acceleration drills', null, 75, 6),
  ('power', 1, 1, 'strength', 'gym', 'Olympic lifts', null, 60, 7),
  ('power', 2, 0, 'coach', 'run', 'Tempo 8 x 200 m', 3000, 60, 6),
  ('power', 3, 0, 'coach', 'other', 'Technique session', null, 75, 5),
  ('power', 3, 1, 'self', 'cross_training', 'Pool recovery', null, 30, 2),
  ('power', 4, 0, 'coach', 'other', 'Max velocity', null, 75, 8),
  ('power', 4, 1, 'strength', 'gym', 'Lower body strength', null, 60, 7),
  ('power', 5, 0, 'coach', 'run', 'Easy tempo', 4000, 40, 3),
  ('power', 6, 0, 'coach', 'other', 'Competition simulation', null, 90, 8),
  ('power', 7, 0, 'self', 'run', 'Recovery jog', 3000, 25, 2);

-- Per-km splits of a device import (schema activity/1), eight variants per distance.
create table bench.splits as
select km, v, coalesce((select jsonb_agg(jsonb_build_object(
         'km', i, 'duration_sec', 240 + ((hashint4(km * 1000 + v * 50 + i) & 2147483647) %% 60),
         'avg_hr', 140 + ((hashint4(km * 977 + v * 31 + i) & 2147483647) %% 30)) order by i)
       from generate_series(1, km) i), '[]') as splits
from generate_series(0, 40) km, generate_series(0, 7) v;
create index on bench.splits (km, v);

create table bench.coaches as
select p, g.g as grp, md5(format('member/%%s/%%s', p, coalesce(st.k, 1)))::uuid as coach_id,
       md5(format('member/%%s/5', p))::uuid as strength_id
from bench.params, generate_series(1, programs) p
cross join bench.groups g left join bench.staff st on st.grp = g.g and st.active;
analyze;
"""

# One program's sessions: every in-season day of every membership, plus off-season self-assigned training.
SESSIONS_SQL = """
insert into athlete_training_sessions (
  id, athlete_id, source, coach_member_id, team_season_id, scheduled_date, completed_at, workout_category,
  title, planned_description, planned_distance_m, planned_duration_sec, planned_rpe, actual_distance_m,
  actual_duration_sec, actual_rpe, actual_description, metrics_json)
select
  md5(format('session/%%s/%%s/%%s', x.athlete_no, x.d, x.slot))::uuid,
  x.athlete_id, x.source, x.coach_id, x.season_id, x.d, x.completed_at, x.category, x.title,
  case when x.category = 'run' then x.title || '. Warm up 15 min, cool down 10 min.' else x.title end,
  x.planned_m, x.planned_sec, x.rpe,
  case when x.completed_at is not null then round(x.planned_m * x.scale) end,
  case when x.completed_at is not null then greatest(300, round(x.planned_sec * x.scale)) end,
  case when x.completed_at is not null then least(10, greatest(1, x.rpe + x.rpe_shift)) end,
  case when x.completed_at is not null then x.note end,
  case when x.completed_at is not null and x.category = 'run' and x.h %% 2 = 0 then jsonb_build_object(
    'schema', 'activity/1', 'source', jsonb_build_object('kind', 'bench', 'device', 'Bench watch'),
    'splits_km', sp.splits,
    'hr', jsonb_build_object('avg_bpm', 130 + x.h %% 40, 'max_bpm', 150 + x.h %% 45)) end
from (
  select m.athlete_no, m.athlete_id, d::date as d, s.slot, s.category, s.title, s.rpe,
         case s.assigned when 'self' then 'self_assigned' else 'coach_assigned' end as source,
         case s.assigned when 'coach' then c.coach_id when 'strength' then c.strength_id end as coach_id,
         case when s.assigned = 'self' then case when r.h %% 2 = 0 then m.season_id end
              when r.h %% 20 = 7 then null  -- a coach's session outside any season (camp, off-season plan)
              else m.season_id end as season_id,
         round(s.distance_m * wf.f / 100) * 100 as planned_m, round(s.minutes * 60 * wf.f / 60) * 60 as planned_sec,
         case when d < pa.today and r.h / 7 %% 100 >= 7 then
           (d::date + time '15:30' + make_interval(mins => (r.h / 1000 %% 40)::int - 20 + s.minutes))
             at time zone m.time_zone end as completed_at,
         case when r.h / 100 %% 100 < 8 then 0.55 + (r.h / 10000 %% 25) / 100.0
              when r.h / 100 %% 100 < 16 then 1.05 + (r.h / 10000 %% 15) / 100.0
              else 0.94 + (r.h / 10000 %% 13) / 100.0 end as scale,
         case when r.h / 100 %% 100 < 8 then 0 when r.h / 100 %% 100 < 16 then 2
              else (array[-1, 0, 0, 0, 1])[1 + r.h / 1000000 %% 5] end as rpe_shift,
         case when r.h / 100 %% 100 < 8 then 'Cut short: legs felt heavy.'
              when r.h / 100 %% 100 < 16 then 'Felt strong, pushed the last reps.' end as note,
         r.h
  from (select * from bench.membership union all select * from bench.off_season) m
  cross join bench.params pa
  cross join lateral generate_series(m.start_date, least(m.end_date, pa.today + %(ahead)s), interval '1 day') d
  join bench.slots s
    on s.template = case when m.grp = 1 then 'endurance' else 'power' end and s.dow = extract(isodow from d)
  join bench.coaches c on c.p = m.program_no and c.grp = m.grp
  cross join lateral (select hashint8(m.athlete_no::bigint * 1000003 + (d::date - pa.w) * 10 + s.slot) & 2147483647) r(h)
  cross join lateral (select (array[1.0, 1.1, 1.2, 0.8])[1 + (d::date - pa.w) / 7 %% 4]) wf(f)
  where m.program_no = %(program)s
    and case when s.assigned = 'self' then m.does_self and d < pa.today else m.season_id is not null end
) x
left join bench.splits sp on sp.km = least(40, x.planned_m / 1000) and sp.v = x.h %% 8
order by x.d, x.athlete_no, x.slot
"""


@dataclass
class DataSet:
    programs: int
    athletes: int
    sessions: int
    history_rows: int
    roster_entries: int
    seconds: float
    triggers: bool
    table_mb: float
    history_mb: float


def choose_programs(sessions: int) -> int:
    return max(CALLERS, math.ceil(sessions * 1.04 / (ATHLETES_PER_PROGRAM * SESSIONS_PER_ATHLETE_ESTIMATE)))


def generate(admin_url: str, *, sessions: int, today: date, triggers: bool, console: Console) -> DataSet:
    """Build the context tables, then every program's sessions (two connections, one program per statement).

    With ``triggers=False`` the sessions are inserted with ``session_replication_role = replica`` (superuser,
    bulk load only): no history rows, no foreign-key or rule triggers; ``verify`` then checks what those
    triggers would have checked.
    """
    programs = choose_programs(sessions)
    started = time.perf_counter()
    # Client-side binding: the script is many statements, which the extended protocol refuses.
    with psycopg.connect(admin_url, autocommit=True, cursor_factory=psycopg.ClientCursor) as conn:
        conn.execute(
            CONTEXT_SQL.encode(),
            {"programs": programs, "athletes": ATHLETES_PER_PROGRAM, "today": today, "history": HISTORY_DAYS},
        )
    if not triggers:
        # Replica mode skips every trigger, but program_ids (what the read policy checks) must be computed as
        # the rows go in, by the schema's own trigger: ENABLE ALWAYS fires it in replica mode too.
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f"alter table athlete_training_sessions enable always trigger {BELONGING_TRIGGER}")
    pending = list(range(1, programs + 1))
    lock = threading.Lock()
    errors: list[BaseException] = []
    done = [0]

    def worker() -> None:
        try:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                # Bulk load only: the commit need not wait for the WAL flush (each program is one transaction).
                conn.execute("set synchronous_commit = off")
                if not triggers:
                    conn.execute("set session_replication_role = replica")
                while True:
                    with lock:
                        if not pending or errors:
                            return
                        program = pending.pop(0)
                    conn.execute(SESSIONS_SQL.encode(), {"program": program, "ahead": PLAN_AHEAD_DAYS})
                    with lock:
                        done[0] += 1
        except BaseException as exc:  # re-raised in the main thread
            with lock:
                errors.append(exc)

    with console.status(f"generating sessions for {programs} programs") as status:
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        while any(thread.is_alive() for thread in threads):
            time.sleep(0.5)
            status.update(f"generating sessions: {done[0]}/{programs} programs, {time.perf_counter() - started:.0f} s")
        for thread in threads:
            thread.join()
    if errors:
        raise errors[0]
    if not triggers:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f"alter table athlete_training_sessions enable trigger {BELONGING_TRIGGER}")
    with console.status("dropping the scratch schema, ANALYZE"), psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("drop schema bench cascade")
        if not triggers:
            verify(conn)
        conn.execute("vacuum (analyze) athlete_training_sessions")
        conn.execute("analyze")
        row = conn.execute(
            "select (select count(*) from athlete_training_sessions), "
            "(select count(*) from athlete_training_session_history), (select count(*) from athletes), "
            "(select count(*) from roster_entries), "
            "pg_total_relation_size('athlete_training_sessions') / 1048576.0, "
            "pg_total_relation_size('athlete_training_session_history') / 1048576.0"
        ).fetchone()
    assert row is not None
    data = DataSet(
        programs=programs,
        athletes=int(row[2]),
        sessions=int(row[0]),
        history_rows=int(row[1]),
        roster_entries=int(row[3]),
        seconds=time.perf_counter() - started,
        triggers=triggers,
        table_mb=float(row[4]),
        history_mb=float(row[5]),
    )
    if data.sessions < sessions:
        raise SystemExit(f"generated {data.sessions} sessions, fewer than the {sessions} asked for")
    return data


def verify(conn: Conn) -> None:
    """What the skipped triggers check: foreign keys, and a season session's coach is staff of its program."""
    broken = conn.execute(
        """
        select
          (select count(*) from athlete_training_sessions s where not exists
             (select from athletes a where a.id = s.athlete_id)),
          (select count(*) from athlete_training_sessions s where s.coach_member_id is not null and not exists
             (select from program_members pm where pm.id = s.coach_member_id)),
          (select count(*) from athlete_training_sessions s where s.team_season_id is not null and not exists
             (select from team_seasons ts where ts.id = s.team_season_id)),
          (select count(*) from athlete_training_sessions s
             join program_members pm on pm.id = s.coach_member_id
             join team_seasons ts on ts.id = s.team_season_id
           where pm.program_id <> ts.program_id)
        """
    ).fetchone()
    assert broken == (0, 0, 0, 0), f"bulk load broke a rule the skipped triggers enforce: {broken}"


# ----------------------------------------------------------------------------------------------- measurement


@dataclass(frozen=True)
class Call:
    """One caller and the parameters of their query."""

    user_id: str
    params: tuple[Any, ...]
    label: str


@dataclass
class Samples:
    ms: dict[str, list[float]] = field(default_factory=lambda: {mode: [] for mode in MODES})
    rows: list[int] = field(default_factory=list)


def callers(admin_url: str, today: date) -> dict[str, list[Call]]:
    """Eight athletes with a login (one per program) and eight head coaches with their current season."""
    window = (today - timedelta(ATHLETE_WINDOW_DAYS - 1), today)
    week_start = today - timedelta(today.weekday() + 7)  # last full Monday-Sunday week
    week = (week_start, week_start + timedelta(6))
    with psycopg.connect(admin_url) as conn:
        athletes = conn.execute(
            """
            select distinct on (r.program_id) a.user_id::text, a.id, a.name, p.name
            from athletes a
            join roster_entries r on r.athlete_id = a.id
            join team_seasons ts on ts.id = r.team_season_id and %s between ts.start_date and ts.end_date
            join programs p on p.id = r.program_id
            where a.user_id is not null
            order by r.program_id, a.name
            limit %s
            """,
            [today, CALLERS],
        ).fetchall()
        coaches = conn.execute(
            """
            select pm.user_id::text, ts.id, p.name
            from program_members pm
            join programs p on p.id = pm.program_id
            join team_seasons ts on ts.program_id = pm.program_id and %s between ts.start_date and ts.end_date
            where pm.role = 'head_coach' and pm.is_active
            order by p.name
            limit %s
            """,
            [week[0], CALLERS],
        ).fetchall()
    return {
        "athlete_90_days": [Call(u, (a, *window), f"{name} ({program})") for u, a, name, program in athletes],
        "coach_roster_week": [Call(u, (s, *week), f"head coach of {program}") for u, s, program in coaches],
    }


def transaction(conn: Conn, query: str, call: Call) -> tuple[float, list[tuple[Any, ...]]]:
    """BEGIN; set_config; query; COMMIT: the shape of every API request. Returns (ms, rows)."""
    started = time.perf_counter_ns()
    with conn.transaction():
        conn.execute(SET_IDENTITY, [call.user_id], prepare=True)
        rows = conn.execute(query, call.params, prepare=True).fetchall()
    return (time.perf_counter_ns() - started) / 1e6, rows


def measure(conns: dict[str, Conn], plan: dict[str, list[Call]], repeats: int, console: Console) -> dict[str, Samples]:
    results = {name: Samples() for name in QUERIES}
    for name, query in QUERIES.items():
        for call in plan[name]:  # same rows in both modes, row for row
            rls_rows = transaction(conns["rls"], query, call)[1]
            owner_rows = transaction(conns["owner"], query, call)[1]
            assert rls_rows == owner_rows, f"{name} for {call.label}: RLS and owner return different rows"
            assert rls_rows, f"{name} for {call.label}: no rows"
        for i in range(WARMUP):
            for mode in MODES:
                transaction(conns[mode], query, plan[name][i % CALLERS])
    gc.disable()
    try:
        with console.status("measuring") as status:
            for i in range(repeats):
                if i % 50 == 0:
                    status.update(f"measuring: repeat {i}/{repeats}")
                order = MODES if i % 2 == 0 else MODES[::-1]
                for name, query in QUERIES.items():
                    call = plan[name][i % CALLERS]
                    counts = {}
                    for mode in order:
                        ms, rows = transaction(conns[mode], query, call)
                        results[name].ms[mode].append(ms)
                        counts[mode] = len(rows)
                    assert counts["rls"] == counts["owner"], f"{name} for {call.label}: {counts}"
                    results[name].rows.append(counts["rls"])
    finally:
        gc.enable()
    return results


def explain(
    conns: dict[str, Conn], plan: dict[str, list[Call]], path: Path
) -> dict[str, dict[str, tuple[float, float]]]:
    """EXPLAIN (ANALYZE, BUFFERS) of both modes of both queries into ``path``; server-side medians returned
    as {query: {mode: (planning ms, execution ms)}} over EXPLAIN_REPEATS interleaved runs (TIMING OFF)."""
    medians: dict[str, dict[str, tuple[float, float]]] = {}
    lines: list[str] = []
    for name, query in QUERIES.items():
        call = plan[name][0]
        times: dict[str, list[tuple[float, float]]] = {mode: [] for mode in MODES}
        for i in range(EXPLAIN_REPEATS):
            for mode in MODES if i % 2 == 0 else MODES[::-1]:
                with conns[mode].transaction():
                    conns[mode].execute(SET_IDENTITY, [call.user_id])
                    doc = (
                        conns[mode]
                        .execute("explain (analyze, timing off, summary, format json) " + query, call.params)
                        .fetchone()
                    )
                assert doc is not None
                top = doc[0][0]
                times[mode].append((float(top["Planning Time"]), float(top["Execution Time"])))
        medians[name] = {
            mode: (float(np.median([t[0] for t in v])), float(np.median([t[1] for t in v])))
            for mode, v in times.items()
        }
        for mode in MODES:
            with conns[mode].transaction():
                conns[mode].execute(SET_IDENTITY, [call.user_id])
                text = conns[mode].execute("explain (analyze, buffers, verbose) " + query, call.params).fetchall()
            planning, execution = medians[name][mode]
            lines += [
                "=" * 110,
                f"{name} — {mode} — {call.label}",
                f"server-side medians over {EXPLAIN_REPEATS} runs (EXPLAIN ANALYZE, TIMING OFF): "
                f"planning {planning:.3f} ms, execution {execution:.3f} ms",
                "-" * 110,
                *(row[0] for row in text),
                "",
            ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    return medians


# ------------------------------------------------------------------------------------------------------ main


def percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def report(
    console: Console,
    data: DataSet,
    results: dict[str, Samples],
    server: dict[str, dict[str, tuple[float, float]]],
    repeats: int,
) -> list[float]:
    console.print(
        f"data set: {data.sessions:,} sessions ({data.table_mb:,.0f} MB with indexes), {data.history_rows:,} history "
        f"rows ({data.history_mb:,.0f} MB), {data.programs} programs, {data.athletes:,} athletes, "
        f"{data.roster_entries:,} roster entries; generated in {data.seconds:.1f} s"
    )
    if data.triggers:
        console.print("bulk load with every trigger on (history rows written by the statement-level trigger)")
    else:
        console.print(
            "bulk load of the sessions with session_replication_role = replica (superuser, bulk load only): the "
            "history, rule and foreign-key triggers did not run for it (no 'insert' history rows); foreign keys "
            "and the coach/season rule were verified afterwards. --with-triggers keeps them on (about 2 min)."
        )
    table = Table(title=f"RLS vs owner: client-timed transactions, {repeats} interleaved repeats per mode")
    for column in ("query", "rows (median)", "mode", "median ms", "p95 ms", "server exec ms", "ratio of medians"):
        table.add_column(column, justify="left" if column in ("query", "mode") else "right")
    ratios = []
    for name, samples in results.items():
        med = {mode: float(np.median(samples.ms[mode])) for mode in MODES}
        ratio = med["rls"] / med["owner"]
        ratios.append(ratio)
        for mode in MODES:
            table.add_row(
                QUERY_LABELS[name] if mode == "rls" else "",
                f"{int(np.median(samples.rows))}" if mode == "rls" else "",
                "RLS (trainingops_app)" if mode == "rls" else "owner, no RLS",
                f"{med[mode]:.3f}",
                f"{percentile(samples.ms[mode], 95):.3f}",
                f"{server[name][mode][1]:.3f}",
                f"{ratio:.3f}" if mode == "rls" else "",
            )
        server_ratio = server[name]["rls"][1] / server[name]["owner"][1]
        table.add_row("", "", "server execution ratio", "", "", f"{server_ratio:.3f}", "")
        table.add_section()
    console.print(table)
    return ratios


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, default=1_000_000, help="at least this many sessions")
    parser.add_argument("--repeats", type=int, default=500, help="timed transactions per query and mode")
    parser.add_argument(
        "--with-triggers",
        action="store_true",
        help="bulk-load with every trigger on (history rows too; about 3x slower)",
    )
    parser.add_argument("--keep", action="store_true", help="leave the server running and print its URL")
    args = parser.parse_args(argv)
    console = Console(width=160)
    today = date.today()
    data_dir = Path(tempfile.mkdtemp(prefix="trainingops-rls-bench-", dir="/tmp"))
    try:
        with console.status("starting embedded PostgreSQL"):
            server = embedded.start(data_dir, stop_on_exit=not args.keep)
            with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(DATABASE)))
                version = conn.execute("show server_version").fetchone()
            admin_url = server.url(DATABASE)
            migrate.migrate(admin_url)
        console.print(f"PostgreSQL {version[0] if version else '?'} in {data_dir}; migrations applied")
        data = generate(admin_url, sessions=args.sessions, today=today, triggers=args.with_triggers, console=console)
        plan = callers(admin_url, today)
        with (
            psycopg.connect(server.url(DATABASE, user=APP_ROLE), autocommit=True) as app,
            psycopg.connect(admin_url, autocommit=True) as owner,
        ):
            owner.execute(sql.SQL("set role {}").format(sql.Identifier(OWNER_ROLE)))
            conns = {"rls": app, "owner": owner}
            results = measure(conns, plan, args.repeats, console)
            server_times = explain(conns, plan, OUT_DIR / "rls_overhead_explain.txt")
        ratios = report(console, data, results, server_times, args.repeats)
        console.print(f"EXPLAIN (ANALYZE, BUFFERS) of both modes: {OUT_DIR / 'rls_overhead_explain.txt'}")
        worst = max(ratios)
        verdict = "[green]within[/]" if worst <= TARGET_RATIO else "[red]above[/]"
        console.print(f"worst RLS/owner ratio of medians: {worst:.3f} — {verdict} the {TARGET_RATIO:.2f} target")
        if args.keep:
            console.print(f"server left running: {admin_url} (stop: embedded.stop({str(data_dir)!r}))")
        return 0 if worst <= TARGET_RATIO else 1
    finally:
        if not args.keep:
            embedded.stop(data_dir)
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

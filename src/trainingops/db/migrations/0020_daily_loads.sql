-- =====================================================================================================
-- 0020 — Daily loads kept on write (issue 17, "Scale on one server").
--
-- Every load view (athlete load, readiness, team load, feature export, publish preview) needs about 400 days of
-- warm-up history per athlete before the first day it shows; it used to re-read every session of those days
-- (≈ 70,000 rows for a roster of 150). The warm-up needs only sums per athlete and day, so the session triggers
-- keep them here, in the same transaction, set-based (one statement per session statement), and the views read
-- this table for the days before the first one they show (or before today, whichever is earlier) and sessions
-- only for the rest.
--
-- Visibility. A session is visible to its athlete and to the staff of the programs in its program_ids
-- (sessions_select). A sum over sessions of different visibility would leak (a coach of one program would see
-- the load of another program's sessions), so the sums are kept per athlete, day AND program_ids: every row
-- here holds sessions that are visible to exactly the same callers, and the policy below is sessions_select
-- word for word. Summing the visible rows of an athlete-day gives what summing their visible sessions gives.
--
-- No check constraints on the sums: INSERT … ON CONFLICT checks the proposed row (a delta, often negative)
-- before it finds the row it updates. tests/load/test_daily_loads.py compares the table with a fresh sum.
--
-- Exact sums. Everything is an integer: load is kept as RPE × seconds (the views divide by 60), so the sums can
-- be maintained by adding and subtracting deltas without rounding drift, and concurrent writers are ordered by
-- the row lock of INSERT … ON CONFLICT DO UPDATE (no read-then-write race, no extra lock).
--
-- The rules are those of trainingops.load.models (srpe.py, series.py), the ones the views apply to sessions:
-- load of a completed session = RPE × duration with actual, else planned, else the category's default; it is
-- "estimated" unless both actual RPE and actual duration were logged; distance = actual, else planned; a
-- session not completed is "missed" (the views read this table only for days before today); "cut short" =
-- actual duration under 75 % of the planned one; RPE drift = actual − planned RPE when both exist.
-- tests/load/test_daily_loads.py checks the numbers against the session path on the demo and random histories.
--
-- Blocks. Athletes train almost daily, so 400 days of a 150-athlete roster are still ≈ 55,000 daily rows, and
-- a row costs about as much to read as a session. athlete_load_blocks therefore holds each run of 32 days of
-- daily rows (per athlete and program_ids) as one packed bytea of fixed-width records, rebuilt from the daily rows
-- in the same statement that changed them: a view reads ≈ 14 rows per athlete.
-- =====================================================================================================

create table athlete_daily_loads (
  -- No foreign key: the sessions' own keeps it (an athlete's deletion cascades to the sessions, whose trigger
  -- then empties these rows; a second cascade here would race it).
  athlete_id uuid not null,
  session_date date not null,
  program_ids uuid[] not null,
  load_rpe_seconds bigint not null default 0,
  estimated_rpe_seconds bigint not null default 0,
  duration_sec bigint not null default 0,
  distance_m bigint not null default 0,
  sessions integer not null default 0,
  estimated_sessions integer not null default 0,
  missed integer not null default 0,
  cut_short integer not null default 0,
  rpe_drift_sum integer not null default 0,
  rpe_drift_sessions integer not null default 0,
  primary key (athlete_id, session_date, program_ids)
);

comment on table athlete_daily_loads is
  'Sums of an athlete''s sessions per local day and belonging (program_ids), kept by the session triggers '
  '(sessions_daily_loads_*): what the load models need of the days before the ones a view shows. Derived '
  'data: never written by the API.';
comment on column athlete_daily_loads.athlete_id is 'The athlete whose sessions are summed.';
comment on column athlete_daily_loads.session_date is 'The sessions'' day (athlete_training_sessions.session_date).';
comment on column athlete_daily_loads.program_ids is
  'The program_ids of the sessions summed in this row (a row per distinct value): the row is visible to '
  'exactly the callers who see those sessions.';
comment on column athlete_daily_loads.load_rpe_seconds is
  'Σ RPE × duration in seconds over the completed sessions (actual, else planned, else the category default): '
  'session-RPE load in AU × 60, kept as an integer so sums stay exact.';
comment on column athlete_daily_loads.estimated_rpe_seconds is
  'The part of load_rpe_seconds from sessions without both an actual RPE and an actual duration.';
comment on column athlete_daily_loads.duration_sec is 'Σ duration (actual, else planned, else default) of completed sessions.';
comment on column athlete_daily_loads.distance_m is 'Σ distance (actual, else planned) of completed sessions.';
comment on column athlete_daily_loads.sessions is 'Completed sessions.';
comment on column athlete_daily_loads.estimated_sessions is 'Completed sessions whose load is estimated.';
comment on column athlete_daily_loads.missed is 'Sessions not completed (missed once the day is over).';
comment on column athlete_daily_loads.cut_short is 'Completed sessions shorter than 75 % of their planned duration.';
comment on column athlete_daily_loads.rpe_drift_sum is 'Σ (actual − planned RPE) over completed sessions with both.';
comment on column athlete_daily_loads.rpe_drift_sessions is 'Completed sessions with both an actual and a planned RPE.';
alter table athlete_daily_loads enable row level security;
alter table athlete_daily_loads force row level security;
-- sessions_select, word for word: a row is visible to whoever sees the sessions it sums.
create policy athlete_daily_loads_select on athlete_daily_loads for select to trainingops_app
  using (athlete_id = (select app_private.my_athlete_id())
         or program_ids && (select app_private.staff_program_ids()));
grant select on athlete_daily_loads to trainingops_app;

-- One daily row as the record the load views decode (trainingops.load.packing.DAILY): eight big-endian int8 —
-- the day (days since 2000-01-01), the four sums, sessions << 32 | estimated_sessions, missed << 32 | cut_short,
-- rpe_drift_sessions << 32 | rpe_drift_sum + 2^31.
create function app_private.daily_load_record(d public.athlete_daily_loads) returns bytea
language sql immutable parallel safe
set search_path = pg_catalog
as $$
  select int8send((d.session_date - date '2000-01-01')::int8) || int8send(d.load_rpe_seconds)
         || int8send(d.estimated_rpe_seconds) || int8send(d.duration_sec) || int8send(d.distance_m)
         || int8send(d.sessions::int8 << 32 | d.estimated_sessions) || int8send(d.missed::int8 << 32 | d.cut_short)
         || int8send(d.rpe_drift_sessions::int8 << 32 | (d.rpe_drift_sum::int8 + 2147483648))
$$;
revoke all on function app_private.daily_load_record(public.athlete_daily_loads) from public;
comment on function app_private.daily_load_record(public.athlete_daily_loads) is
  'A daily-loads row as the 64-byte record of athlete_load_blocks.days (trainingops.load.packing.DAILY).';

create table athlete_load_blocks (
  athlete_id uuid not null,
  program_ids uuid[] not null,
  block integer not null,
  days bytea not null,
  primary key (athlete_id, block, program_ids)
);
comment on table athlete_load_blocks is
  'The daily-loads rows of an athlete and program_ids in 32 days, packed (app_private.daily_load_record, in '
  'date order): what the load views read. Rebuilt by the session triggers with the rows; derived data.';
comment on column athlete_load_blocks.athlete_id is 'The athlete.';
comment on column athlete_load_blocks.program_ids is 'As athlete_daily_loads.program_ids: who may read the block.';
comment on column athlete_load_blocks.block is 'Days since 2000-01-01 divided by 32: the block holds 32 days from there.';
comment on column athlete_load_blocks.days is 'The block''s daily rows, 64 bytes each, in date order.';
alter table athlete_load_blocks enable row level security;
alter table athlete_load_blocks force row level security;
create policy athlete_load_blocks_select on athlete_load_blocks for select to trainingops_app
  using (athlete_id = (select app_private.my_athlete_id())
         or program_ids && (select app_private.staff_program_ids()));
grant select on athlete_load_blocks to trainingops_app;

-- One session's contribution to its (athlete, day, program_ids) row, with sign +1 (a row that now exists) or −1
-- (a row that no longer does, or its state before an update). The category defaults are srpe.py's
-- (DEFAULT_RPE_BY_CATEGORY, DEFAULT_MINUTES_BY_CATEGORY × 60).
create function app_private.session_daily_delta(
  s public.athlete_training_sessions, p_sign integer,
  out load_rpe_seconds bigint, out estimated_rpe_seconds bigint, out duration_sec bigint, out distance_m bigint,
  out sessions integer, out estimated_sessions integer, out missed integer, out cut_short integer,
  out rpe_drift_sum integer, out rpe_drift_sessions integer)
language sql immutable parallel safe
set search_path = pg_catalog
as $$
  select
    p_sign * case when done then rpe * seconds else 0 end,
    p_sign * case when done and estimated then rpe * seconds else 0 end,
    p_sign * case when done then seconds else 0 end,
    p_sign * case when done then coalesce(s.actual_distance_m, s.planned_distance_m, 0) else 0 end,
    p_sign * done::int,
    p_sign * (done and estimated)::int,
    p_sign * (not done)::int,
    p_sign * coalesce(done and 4 * s.actual_duration_sec < 3 * s.planned_duration_sec, false)::int,
    p_sign * case when done then coalesce(s.actual_rpe - s.planned_rpe, 0) else 0 end,
    p_sign * (done and s.actual_rpe is not null and s.planned_rpe is not null)::int
  from (select
          s.completed_at is not null as done,
          s.actual_rpe is null or s.actual_duration_sec is null as estimated,
          coalesce(s.actual_rpe, s.planned_rpe,
                   case s.workout_category when 'cross_training' then 4 when 'other' then 4 else 5 end)::bigint as rpe,
          coalesce(s.actual_duration_sec, s.planned_duration_sec,
                   case s.workout_category when 'gym' then 3600 when 'other' then 1800 else 2700 end)::bigint
            as seconds) v
$$;
revoke all on function app_private.session_daily_delta(public.athlete_training_sessions, integer) from public;
comment on function app_private.session_daily_delta(public.athlete_training_sessions, integer) is
  'What one session adds to (sign 1) or takes from (sign −1) its athlete_daily_loads row.';

-- Apply a statement's changes: SOURCE is a query of (athlete_id, session_date, program_ids, delta columns…)
-- over the statement's transition tables; one upsert sums them per row, then rows left without any session go.
-- EXECUTE keeps the two statements written once for the three triggers (transition tables are visible to it).
create function app_private.keep_daily_loads() returns trigger
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
  source text;
  blocks text;
  -- What the load models read of a session; an update that changes none of it leaves the sums alone.
  relevant constant text := '(%1$s.athlete_id, %1$s.session_date, %1$s.program_ids, %1$s.completed_at is null, '
    '%1$s.workout_category, %1$s.planned_rpe, %1$s.actual_rpe, %1$s.planned_duration_sec, '
    '%1$s.actual_duration_sec, %1$s.planned_distance_m, %1$s.actual_distance_m)';
begin
  if tg_op = 'INSERT' then
    source := 'select n.athlete_id, n.session_date, n.program_ids, d.* from new_rows n '
              'cross join lateral app_private.session_daily_delta(n, 1) d';
  elsif tg_op = 'DELETE' then
    source := 'select o.athlete_id, o.session_date, o.program_ids, d.* from old_rows o '
              'cross join lateral app_private.session_daily_delta(o, -1) d';
  else
    source := format(
      'select o.athlete_id, o.session_date, o.program_ids, d.* from old_rows o join new_rows n on n.id = o.id '
      'cross join lateral app_private.session_daily_delta(o, -1) d where %1$s is distinct from %2$s '
      'union all '
      'select n.athlete_id, n.session_date, n.program_ids, d.* from new_rows n join old_rows o on o.id = n.id '
      'cross join lateral app_private.session_daily_delta(n, 1) d where %1$s is distinct from %2$s',
      format(relevant, 'o'), format(relevant, 'n'));
  end if;
  -- The blocks this statement touches, created if new and locked (in key order) before any sum changes: a
  -- concurrent writer of the same block waits here until this transaction ends, so the rebuild below (a later
  -- statement: a newer snapshot) always starts from every committed daily row.
  blocks := format('select distinct athlete_id, program_ids, (session_date - date ''2000-01-01'') / 32 as block '
                   'from (%s) c where session_date is not null', source);
  execute format(
    'insert into public.athlete_load_blocks (athlete_id, program_ids, block, days) '
    'select athlete_id, program_ids, block, ''''::bytea from (%s) k order by 1, 3, 2 on conflict do nothing', blocks);
  execute format(
    'select count(*) from (select from public.athlete_load_blocks b join (%s) k using (athlete_id, program_ids, block) '
    'order by b.athlete_id, b.block, b.program_ids for update of b) locked', blocks);
  execute format(
    'insert into public.athlete_daily_loads as l (athlete_id, session_date, program_ids, load_rpe_seconds, '
    '  estimated_rpe_seconds, duration_sec, distance_m, sessions, estimated_sessions, missed, cut_short, '
    '  rpe_drift_sum, rpe_drift_sessions) '
    'select athlete_id, session_date, program_ids, sum(load_rpe_seconds), sum(estimated_rpe_seconds), '
    '  sum(duration_sec), sum(distance_m), sum(sessions), sum(estimated_sessions), sum(missed), sum(cut_short), '
    '  sum(rpe_drift_sum), sum(rpe_drift_sessions) '
    'from (%s) c where session_date is not null '
    'group by athlete_id, session_date, program_ids '
    'on conflict (athlete_id, session_date, program_ids) do update set '
    '  load_rpe_seconds = l.load_rpe_seconds + excluded.load_rpe_seconds, '
    '  estimated_rpe_seconds = l.estimated_rpe_seconds + excluded.estimated_rpe_seconds, '
    '  duration_sec = l.duration_sec + excluded.duration_sec, distance_m = l.distance_m + excluded.distance_m, '
    '  sessions = l.sessions + excluded.sessions, '
    '  estimated_sessions = l.estimated_sessions + excluded.estimated_sessions, '
    '  missed = l.missed + excluded.missed, cut_short = l.cut_short + excluded.cut_short, '
    '  rpe_drift_sum = l.rpe_drift_sum + excluded.rpe_drift_sum, '
    '  rpe_drift_sessions = l.rpe_drift_sessions + excluded.rpe_drift_sessions',
    source);
  if tg_op <> 'INSERT' then
    execute format(
      'delete from public.athlete_daily_loads l using (select distinct athlete_id, session_date, program_ids '
      '  from (%s) c) k '
      'where l.athlete_id = k.athlete_id and l.session_date = k.session_date and l.program_ids = k.program_ids '
      '  and l.sessions = 0 and l.missed = 0',
      source);
  end if;
  execute format(
    'update public.athlete_load_blocks b set days = coalesce((select string_agg(app_private.daily_load_record(d), '''' '
    '  order by d.session_date) from public.athlete_daily_loads d where d.athlete_id = b.athlete_id '
    '  and d.session_date >= date ''2000-01-01'' + 32 * b.block and d.session_date < date ''2000-01-01'' + 32 * (b.block + 1) '
    '  and d.program_ids = b.program_ids), '''') '
    'from (%s) k where b.athlete_id = k.athlete_id and b.program_ids = k.program_ids and b.block = k.block', blocks);
  execute format(
    'delete from public.athlete_load_blocks b using (%s) k where b.athlete_id = k.athlete_id '
    '  and b.program_ids = k.program_ids and b.block = k.block and b.days = ''''::bytea', blocks);
  return null;
end
$$;
revoke all on function app_private.keep_daily_loads() from public;
comment on function app_private.keep_daily_loads() is
  'Statement trigger of athlete_training_sessions: adds what the statement changed to athlete_daily_loads.';

create trigger sessions_daily_loads_insert after insert on athlete_training_sessions
  referencing new table as new_rows for each statement execute function app_private.keep_daily_loads();
create trigger sessions_daily_loads_update after update on athlete_training_sessions
  referencing old table as old_rows new table as new_rows
  for each statement execute function app_private.keep_daily_loads();
create trigger sessions_daily_loads_delete after delete on athlete_training_sessions
  referencing old table as old_rows for each statement execute function app_private.keep_daily_loads();

-- The sessions that exist now.
insert into athlete_daily_loads (athlete_id, session_date, program_ids, load_rpe_seconds, estimated_rpe_seconds,
                                 duration_sec, distance_m, sessions, estimated_sessions, missed, cut_short,
                                 rpe_drift_sum, rpe_drift_sessions)
select s.athlete_id, s.session_date, s.program_ids, sum(d.load_rpe_seconds), sum(d.estimated_rpe_seconds),
       sum(d.duration_sec), sum(d.distance_m), sum(d.sessions), sum(d.estimated_sessions), sum(d.missed),
       sum(d.cut_short), sum(d.rpe_drift_sum), sum(d.rpe_drift_sessions)
from athlete_training_sessions s cross join lateral app_private.session_daily_delta(s, 1) d
where s.session_date is not null
group by s.athlete_id, s.session_date, s.program_ids;

insert into athlete_load_blocks (athlete_id, program_ids, block, days)
select d.athlete_id, d.program_ids, (d.session_date - date '2000-01-01') / 32,
       string_agg(app_private.daily_load_record(d), '' order by d.session_date)
from athlete_daily_loads d
group by d.athlete_id, d.program_ids, (d.session_date - date '2000-01-01') / 32;

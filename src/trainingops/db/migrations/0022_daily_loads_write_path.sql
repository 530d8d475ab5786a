-- =====================================================================================================
-- 0022 — The daily loads' write path, cheaper (issue 17: publishing to 150 athletes had doubled with 0020).
--
-- Measured (docs/performance.md, "Scale (issue 17)"; auto_explain of one publish to 150 athletes, 113 touched
-- blocks): the trigger's block rebuild spent ≈ 0.5 ms per block in the aggregate, ≈ 15 µs per daily row, and
-- every statement of the trigger paid ≈ 28 µs per session for the delta. Both helpers were SQL functions with a
-- SET search_path clause, which PostgreSQL never inlines: each row went through the SQL-function executor.
--   1. The two helpers become SQL-standard bodies (BEGIN ATOMIC: names resolved once, at creation, so no
--      search_path can redirect them) without a SET clause, so the planner inlines them. session_daily_delta
--      becomes a set-returning function (one row), because only those are inlined in FROM. Neither is
--      SECURITY DEFINER; both stay revoked from PUBLIC (the trigger, which is, runs them as their owner).
--   2. athlete_load_blocks.days is stored PLAIN: a block is at most 32 × 64 bytes and fits a page, and TOAST's
--      compression (pglz, attempted on every rebuild of a full block and undone on every read) bought nothing
--      but CPU. The blocks compressed so far are rewritten uncompressed.
--   3. One trigger function per event with static SQL instead of EXECUTE (below).
-- The numbers do not change: the same expressions, evaluated inline (tests/load/test_daily_loads.py).
-- =====================================================================================================

create or replace function app_private.daily_load_record(d public.athlete_daily_loads) returns bytea
language sql immutable parallel safe
begin atomic
  select int8send((d.session_date - date '2000-01-01')::int8) || int8send(d.load_rpe_seconds)
         || int8send(d.estimated_rpe_seconds) || int8send(d.duration_sec) || int8send(d.distance_m)
         || int8send(d.sessions::int8 << 32 | d.estimated_sessions) || int8send(d.missed::int8 << 32 | d.cut_short)
         || int8send(d.rpe_drift_sessions::int8 << 32 | (d.rpe_drift_sum::int8 + 2147483648));
end;

drop function app_private.session_daily_delta(public.athlete_training_sessions, integer);
create function app_private.session_daily_delta(s public.athlete_training_sessions, p_sign integer)
returns table (
  load_rpe_seconds bigint, estimated_rpe_seconds bigint, duration_sec bigint, distance_m bigint,
  sessions integer, estimated_sessions integer, missed integer, cut_short integer,
  rpe_drift_sum integer, rpe_drift_sessions integer)
language sql immutable parallel safe rows 1
begin atomic
  select
    p_sign * case when v.done then v.rpe * v.seconds else 0 end,
    p_sign * case when v.done and v.estimated then v.rpe * v.seconds else 0 end,
    p_sign * case when v.done then v.seconds else 0 end,
    p_sign * case when v.done then coalesce(s.actual_distance_m, s.planned_distance_m, 0) else 0 end,
    p_sign * v.done::int,
    p_sign * (v.done and v.estimated)::int,
    p_sign * (not v.done)::int,
    p_sign * coalesce(v.done and 4 * s.actual_duration_sec < 3 * s.planned_duration_sec, false)::int,
    p_sign * case when v.done then coalesce(s.actual_rpe - s.planned_rpe, 0) else 0 end,
    p_sign * (v.done and s.actual_rpe is not null and s.planned_rpe is not null)::int
  from (select
          s.completed_at is not null as done,
          s.actual_rpe is null or s.actual_duration_sec is null as estimated,
          coalesce(s.actual_rpe, s.planned_rpe,
                   case s.workout_category when 'cross_training' then 4 when 'other' then 4 else 5 end)::bigint as rpe,
          coalesce(s.actual_duration_sec, s.planned_duration_sec,
                   case s.workout_category when 'gym' then 3600 when 'other' then 1800 else 2700 end)::bigint
            as seconds) v;
end;
revoke all on function app_private.session_daily_delta(public.athlete_training_sessions, integer) from public;
comment on function app_private.session_daily_delta(public.athlete_training_sessions, integer) is
  'What one session adds to (sign 1) or takes from (sign −1) its athlete_daily_loads row (one row; set-returning '
  'so that the planner inlines it in FROM).';

alter table athlete_load_blocks alter column days set storage plain;
update athlete_load_blocks set days = days || ''::bytea where pg_column_compression(days) is not null;

-- 3. Static SQL instead of EXECUTE. keep_daily_loads() built its five statements as text and EXECUTEd them, so
--    each was parsed and planned on every session statement, and each re-evaluated the deltas from the transition
--    tables; a publish runs three session statements (delete, update, insert in one CTE), two of them usually
--    empty, and paid all of it three times. Now one trigger function per event computes the deltas once into an
--    array, and apply_daily_deltas applies it with static statements (PL/pgSQL caches their plans per session)
--    and returns at once when there is nothing to apply. Same statements, same order, same locks: the touched
--    blocks are created and locked in key order before any sum changes, and the rebuild is a later statement (a
--    newer snapshot, every committed daily row).
create function app_private.apply_daily_deltas(deltas public.athlete_daily_loads[], may_empty boolean)
returns void
language plpgsql
set search_path = pg_catalog
as $$
begin
  if coalesce(cardinality(deltas), 0) = 0 then
    return;
  end if;
  insert into public.athlete_load_blocks (athlete_id, program_ids, block, days)
  select k.athlete_id, k.program_ids, k.block, ''::bytea
  from (select distinct c.athlete_id, c.program_ids, (c.session_date - date '2000-01-01') / 32 as block
        from unnest(deltas) c) k
  order by 1, 3, 2
  on conflict do nothing;
  perform count(*) from (
    select from public.athlete_load_blocks b
    join (select distinct c.athlete_id, c.program_ids, (c.session_date - date '2000-01-01') / 32 as block
          from unnest(deltas) c) k using (athlete_id, program_ids, block)
    order by b.athlete_id, b.block, b.program_ids for update of b) locked;
  insert into public.athlete_daily_loads as l (athlete_id, session_date, program_ids, load_rpe_seconds,
    estimated_rpe_seconds, duration_sec, distance_m, sessions, estimated_sessions, missed, cut_short,
    rpe_drift_sum, rpe_drift_sessions)
  select c.athlete_id, c.session_date, c.program_ids, sum(c.load_rpe_seconds), sum(c.estimated_rpe_seconds),
         sum(c.duration_sec), sum(c.distance_m), sum(c.sessions), sum(c.estimated_sessions), sum(c.missed),
         sum(c.cut_short), sum(c.rpe_drift_sum), sum(c.rpe_drift_sessions)
  from unnest(deltas) c
  group by c.athlete_id, c.session_date, c.program_ids
  on conflict (athlete_id, session_date, program_ids) do update set
    load_rpe_seconds = l.load_rpe_seconds + excluded.load_rpe_seconds,
    estimated_rpe_seconds = l.estimated_rpe_seconds + excluded.estimated_rpe_seconds,
    duration_sec = l.duration_sec + excluded.duration_sec, distance_m = l.distance_m + excluded.distance_m,
    sessions = l.sessions + excluded.sessions,
    estimated_sessions = l.estimated_sessions + excluded.estimated_sessions,
    missed = l.missed + excluded.missed, cut_short = l.cut_short + excluded.cut_short,
    rpe_drift_sum = l.rpe_drift_sum + excluded.rpe_drift_sum,
    rpe_drift_sessions = l.rpe_drift_sessions + excluded.rpe_drift_sessions;
  -- Only a delete or an update can leave a row without any session (an inserted session counts as done or missed).
  if may_empty then
    delete from public.athlete_daily_loads l
    using (select distinct c.athlete_id, c.session_date, c.program_ids from unnest(deltas) c) k
    where l.athlete_id = k.athlete_id and l.session_date = k.session_date and l.program_ids = k.program_ids
      and l.sessions = 0 and l.missed = 0;
  end if;
  update public.athlete_load_blocks b
  set days = coalesce((select string_agg(app_private.daily_load_record(d), '' order by d.session_date)
                       from public.athlete_daily_loads d
                       where d.athlete_id = b.athlete_id
                         and d.session_date >= date '2000-01-01' + 32 * b.block
                         and d.session_date < date '2000-01-01' + 32 * (b.block + 1)
                         and d.program_ids = b.program_ids), '')
  from (select distinct c.athlete_id, c.program_ids, (c.session_date - date '2000-01-01') / 32 as block
        from unnest(deltas) c) k
  where b.athlete_id = k.athlete_id and b.program_ids = k.program_ids and b.block = k.block;
  delete from public.athlete_load_blocks b
  using (select distinct c.athlete_id, c.program_ids, (c.session_date - date '2000-01-01') / 32 as block
         from unnest(deltas) c) k
  where b.athlete_id = k.athlete_id and b.program_ids = k.program_ids and b.block = k.block
    and b.days = ''::bytea;
end
$$;
revoke all on function app_private.apply_daily_deltas(public.athlete_daily_loads[], boolean) from public;
comment on function app_private.apply_daily_deltas(public.athlete_daily_loads[], boolean) is
  'Adds one session statement''s deltas (rows of athlete_daily_loads, one per changed session and sign) to the '
  'daily loads and rebuilds the blocks they touch; may_empty: also remove rows left without any session.';

drop trigger sessions_daily_loads_insert on athlete_training_sessions;
drop trigger sessions_daily_loads_update on athlete_training_sessions;
drop trigger sessions_daily_loads_delete on athlete_training_sessions;
drop function app_private.keep_daily_loads();

create function app_private.keep_daily_loads_insert() returns trigger
language plpgsql security definer
set search_path = pg_catalog
as $$
begin
  perform app_private.apply_daily_deltas(array(
    select row(n.athlete_id, n.session_date, n.program_ids, d.*)::public.athlete_daily_loads
    from new_rows n cross join lateral app_private.session_daily_delta(n, 1) d
    where n.session_date is not null), false);
  return null;
end
$$;

create function app_private.keep_daily_loads_delete() returns trigger
language plpgsql security definer
set search_path = pg_catalog
as $$
begin
  perform app_private.apply_daily_deltas(array(
    select row(o.athlete_id, o.session_date, o.program_ids, d.*)::public.athlete_daily_loads
    from old_rows o cross join lateral app_private.session_daily_delta(o, -1) d
    where o.session_date is not null), true);
  return null;
end
$$;

-- What the load models read of a session; an update that changes none of it leaves the sums alone.
create function app_private.keep_daily_loads_update() returns trigger
language plpgsql security definer
set search_path = pg_catalog
as $$
begin
  perform app_private.apply_daily_deltas(array(
    select row(c.athlete_id, c.session_date, c.program_ids, c.load_rpe_seconds, c.estimated_rpe_seconds,
               c.duration_sec, c.distance_m, c.sessions, c.estimated_sessions, c.missed, c.cut_short,
               c.rpe_drift_sum, c.rpe_drift_sessions)::public.athlete_daily_loads
    from (select o.athlete_id, o.session_date, o.program_ids, d.*
          from old_rows o join new_rows n on n.id = o.id
          cross join lateral app_private.session_daily_delta(o, -1) d
          where (o.athlete_id, o.session_date, o.program_ids, o.completed_at is null, o.workout_category,
                 o.planned_rpe, o.actual_rpe, o.planned_duration_sec, o.actual_duration_sec, o.planned_distance_m,
                 o.actual_distance_m)
                is distinct from
                (n.athlete_id, n.session_date, n.program_ids, n.completed_at is null, n.workout_category,
                 n.planned_rpe, n.actual_rpe, n.planned_duration_sec, n.actual_duration_sec, n.planned_distance_m,
                 n.actual_distance_m)
          union all
          select n.athlete_id, n.session_date, n.program_ids, d.*
          from new_rows n join old_rows o on o.id = n.id
          cross join lateral app_private.session_daily_delta(n, 1) d
          where (o.athlete_id, o.session_date, o.program_ids, o.completed_at is null, o.workout_category,
                 o.planned_rpe, o.actual_rpe, o.planned_duration_sec, o.actual_duration_sec, o.planned_distance_m,
                 o.actual_distance_m)
                is distinct from
                (n.athlete_id, n.session_date, n.program_ids, n.completed_at is null, n.workout_category,
                 n.planned_rpe, n.actual_rpe, n.planned_duration_sec, n.actual_duration_sec, n.planned_distance_m,
                 n.actual_distance_m)) c
    where c.session_date is not null), true);
  return null;
end
$$;

revoke all on function app_private.keep_daily_loads_insert() from public;
revoke all on function app_private.keep_daily_loads_update() from public;
revoke all on function app_private.keep_daily_loads_delete() from public;
comment on function app_private.keep_daily_loads_insert() is
  'Statement trigger of athlete_training_sessions: adds the inserted sessions to athlete_daily_loads.';
comment on function app_private.keep_daily_loads_update() is
  'Statement trigger of athlete_training_sessions: moves the updated sessions'' loads in athlete_daily_loads.';
comment on function app_private.keep_daily_loads_delete() is
  'Statement trigger of athlete_training_sessions: takes the deleted sessions out of athlete_daily_loads.';

create trigger sessions_daily_loads_insert after insert on athlete_training_sessions
  referencing new table as new_rows for each statement execute function app_private.keep_daily_loads_insert();
create trigger sessions_daily_loads_update after update on athlete_training_sessions
  referencing old table as old_rows new table as new_rows
  for each statement execute function app_private.keep_daily_loads_update();
create trigger sessions_daily_loads_delete after delete on athlete_training_sessions
  referencing old table as old_rows for each statement execute function app_private.keep_daily_loads_delete();

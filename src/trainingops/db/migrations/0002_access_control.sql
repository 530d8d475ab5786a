-- =====================================================================================================
-- 0002 — Access control: row-level security on every table, the helpers policies call, and session history.
--
-- Model (docs/security.md): staff of a program (an ACTIVE program_members row) see their program's people and
-- the sessions that belong to their program; athletes see their own; nobody else sees anything.
--
-- Every policy is TO trainingops_app, one per command. Helpers are SECURITY DEFINER (they run as the owner,
-- which has BYPASSRLS, so they can read the membership tables without recursing into their policies), pin
-- search_path, live in app_private, and are called as (select app_private.fn()) so each runs once per
-- statement (an InitPlan), not once per row. Measured on a million sessions (bench/rls_overhead.py), see
-- docs/security.md.
-- =====================================================================================================

grant usage on schema app_private to trainingops_app;

-- -----------------------------------------------------------------------------------------------------
-- Who is calling. The API sets app.user_id transaction-locally; outside a request it reads '' -> NULL, and
-- NULL never equals anything, so a forgotten identity sees nothing.
-- -----------------------------------------------------------------------------------------------------
-- Plain SQL without SET clauses, so the planner inlines it.
create function app_private.current_user_id() returns uuid
language sql stable parallel safe
as $$ select nullif(pg_catalog.current_setting('app.user_id', true), '')::uuid $$;

-- Programs in which the caller is ACTIVE staff.
create function app_private.staff_program_ids() returns uuid[]
language plpgsql stable security definer set search_path = pg_catalog
as $$
begin
  return (select coalesce(array_agg(pm.program_id), '{}') from public.program_members pm
          where pm.user_id = app_private.current_user_id() and pm.is_active);
end
$$;

-- The staff_* helpers below share one shape: the caller's programs into a variable, an early return when
-- there are none (an athlete pays nothing for the staff half of a policy), then one indexed query. A plain
-- SQL body would re-plan on every call and, with the programs as a sub-select, scan whole tables.

-- Every membership (active or not) of the caller's programs: sessions assigned by a coach who has since left
-- stay visible to the program's current staff.
create function app_private.staff_member_ids() returns uuid[]
language plpgsql stable security definer set search_path = pg_catalog
as $$
declare programs uuid[] := app_private.staff_program_ids();
begin
  if cardinality(programs) = 0 then return '{}'; end if;
  return (select coalesce(array_agg(pm.id), '{}') from public.program_members pm
          where pm.program_id = any (programs));
end
$$;

-- Active memberships of the caller's programs: who may be named as the coach of a new session.
create function app_private.staff_active_member_ids() returns uuid[]
language plpgsql stable security definer set search_path = pg_catalog
as $$
declare programs uuid[] := app_private.staff_program_ids();
begin
  if cardinality(programs) = 0 then return '{}'; end if;
  return (select coalesce(array_agg(pm.id), '{}') from public.program_members pm
          where pm.program_id = any (programs) and pm.is_active);
end
$$;

create function app_private.staff_season_ids() returns uuid[]
language plpgsql stable security definer set search_path = pg_catalog
as $$
declare programs uuid[] := app_private.staff_program_ids();
begin
  if cardinality(programs) = 0 then return '{}'; end if;
  return (select coalesce(array_agg(ts.id), '{}') from public.team_seasons ts where ts.program_id = any (programs));
end
$$;

-- Athletes on (or formerly on) a roster of the caller's programs.
create function app_private.staff_athlete_ids() returns uuid[]
language plpgsql stable security definer set search_path = pg_catalog
as $$
declare programs uuid[] := app_private.staff_program_ids();
begin
  if cardinality(programs) = 0 then return '{}'; end if;
  return (select coalesce(array_agg(distinct r.athlete_id), '{}') from public.roster_entries r
          where r.program_id = any (programs));
end
$$;

-- Athletes on a CURRENT roster of the caller's programs (not inactive, season not over): who may be assigned.
create function app_private.staff_current_athlete_ids() returns uuid[]
language plpgsql stable security definer set search_path = pg_catalog
as $$
declare programs uuid[] := app_private.staff_program_ids();
begin
  if cardinality(programs) = 0 then return '{}'; end if;
  return (select coalesce(array_agg(distinct r.athlete_id), '{}')
          from public.roster_entries r join public.team_seasons ts on ts.id = r.team_season_id
          where r.program_id = any (programs) and r.status <> 'inactive' and ts.end_date >= current_date);
end
$$;

-- The athlete profile linked to the caller's login, if any.
create function app_private.my_athlete_id() returns uuid
language plpgsql stable security definer set search_path = pg_catalog
as $$
begin
  return (select a.id from public.athletes a where a.user_id = app_private.current_user_id());
end
$$;

-- Seasons whose roster the caller (as an athlete) is on.
create function app_private.my_season_ids() returns uuid[]
language plpgsql stable security definer set search_path = pg_catalog
as $$
declare me uuid := app_private.my_athlete_id();
begin
  if me is null then return '{}'; end if;
  return (select coalesce(array_agg(distinct r.team_season_id), '{}') from public.roster_entries r
          where r.athlete_id = me);
end
$$;

create function app_private.my_program_ids() returns uuid[]
language plpgsql stable security definer set search_path = pg_catalog
as $$
declare me uuid := app_private.my_athlete_id();
begin
  if me is null then return '{}'; end if;
  return (select coalesce(array_agg(distinct r.program_id), '{}') from public.roster_entries r
          where r.athlete_id = me);
end
$$;

create function app_private.my_event_group_ids() returns uuid[]
language plpgsql stable security definer set search_path = pg_catalog
as $$
declare me uuid := app_private.my_athlete_id();
begin
  if me is null then return '{}'; end if;
  return (select coalesce(array_agg(distinct r.event_group_id) filter (where r.event_group_id is not null), '{}')
          from public.roster_entries r where r.athlete_id = me);
end
$$;

-- Users the caller may see: themselves, the staff of their programs (as staff or athlete), and athletes of
-- their rosters.
create function app_private.visible_user_ids() returns uuid[]
language plpgsql stable security definer set search_path = pg_catalog
as $$
declare
  programs uuid[] := app_private.staff_program_ids() || app_private.my_program_ids();
  athletes uuid[] := app_private.staff_athlete_ids();
begin
  return (select coalesce(array_agg(distinct u), '{}') from (
            select app_private.current_user_id() as u
            union all
            select pm.user_id from public.program_members pm where pm.program_id = any (programs)
            union all
            select a.user_id from public.athletes a where a.id = any (athletes) and a.user_id is not null
          ) visible
          where u is not null);
end
$$;

do $$
declare
  fn regprocedure;
begin
  for fn in
    select p.oid::regprocedure from pg_proc p where p.pronamespace = 'app_private'::regnamespace
  loop
    execute format('revoke all on function %s from public', fn);
  end loop;
end
$$;

grant execute on function
  app_private.current_user_id(), app_private.staff_program_ids(), app_private.staff_member_ids(),
  app_private.staff_active_member_ids(), app_private.staff_season_ids(), app_private.staff_athlete_ids(),
  app_private.staff_current_athlete_ids(),
  app_private.my_athlete_id(), app_private.my_season_ids(), app_private.my_program_ids(),
  app_private.my_event_group_ids(), app_private.visible_user_ids()
to trainingops_app;

-- -----------------------------------------------------------------------------------------------------
-- Context tables
-- -----------------------------------------------------------------------------------------------------
alter table users enable row level security;
alter table users force row level security;
create policy users_select on users for select to trainingops_app
  using (id = any ((select app_private.visible_user_ids())::uuid[]));

alter table programs enable row level security;
alter table programs force row level security;
create policy programs_select on programs for select to trainingops_app
  using (id = any ((select app_private.staff_program_ids())::uuid[]) or id = any ((select app_private.my_program_ids())::uuid[]));

alter table program_members enable row level security;
alter table program_members force row level security;
-- Athletes see the staff of the programs they are on (who assigned a session, who to ask), not other athletes.
create policy program_members_select on program_members for select to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[])
         or program_id = any ((select app_private.my_program_ids())::uuid[])
         or user_id = (select app_private.current_user_id()));

alter table athletes enable row level security;
alter table athletes force row level security;
create policy athletes_select on athletes for select to trainingops_app
  using (id = any ((select app_private.staff_athlete_ids())::uuid[]) or id = (select app_private.my_athlete_id()));

alter table team_seasons enable row level security;
alter table team_seasons force row level security;
create policy team_seasons_select on team_seasons for select to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[])
         or id = any ((select app_private.my_season_ids())::uuid[]));

alter table event_groups enable row level security;
alter table event_groups force row level security;
create policy event_groups_select on event_groups for select to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[])
         or id = any ((select app_private.my_event_group_ids())::uuid[]));
create policy event_groups_insert on event_groups for insert to trainingops_app
  with check (program_id = any ((select app_private.staff_program_ids())::uuid[]));
create policy event_groups_update on event_groups for update to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[]))
  with check (program_id = any ((select app_private.staff_program_ids())::uuid[]));
create policy event_groups_delete on event_groups for delete to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[]));

alter table roster_entries enable row level security;
alter table roster_entries force row level security;
create policy roster_entries_select on roster_entries for select to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[])
         or athlete_id = (select app_private.my_athlete_id()));
create policy roster_entries_insert on roster_entries for insert to trainingops_app
  with check (program_id = any ((select app_private.staff_program_ids())::uuid[]));
create policy roster_entries_update on roster_entries for update to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[]))
  with check (program_id = any ((select app_private.staff_program_ids())::uuid[]));
create policy roster_entries_delete on roster_entries for delete to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[]));

-- -----------------------------------------------------------------------------------------------------
-- athlete_training_sessions
--
-- A session belongs to program P when its season is a P season; with no season, when its coach is a P
-- member; with neither, when its date falls in a P season whose roster has the athlete. Staff of P see those
-- sessions of athletes on (or formerly on) a P roster.
--
-- That rule is evaluated when a session is written, not when it is read: program_ids holds the programs the
-- session belongs to AND whose rosters the athlete is or was on, kept by triggers on sessions, rosters and
-- season dates. Reading then costs one array overlap per row (measured in bench/rls_overhead.py).
-- -----------------------------------------------------------------------------------------------------
alter table athlete_training_sessions enable row level security;
alter table athlete_training_sessions force row level security;

alter table athlete_training_sessions add column program_ids uuid[] not null default '{}';
comment on column athlete_training_sessions.program_ids is
  'Access bookkeeping (maintained by triggers, not writable through the API): the programs this session '
  'belongs to — its season''s, else its coach''s, else those with a season containing its day and the athlete '
  'on its roster — among the programs whose rosters the athlete is or was on. Staff of these programs see it.';

-- The one definition of "belongs to", for one session: the season's program, else the coach's, else the
-- programs with a season containing the day and the athlete on its roster; kept only among the programs whose
-- rosters the athlete is or was on. Branches, not one query, so each case is one or two index look-ups.
create function app_private.session_program_ids(p_athlete uuid, p_season uuid, p_coach uuid, p_day date)
returns uuid[]
language plpgsql stable security definer set search_path = pg_catalog
as $$
declare
  program uuid;
begin
  if p_season is not null then
    select ts.program_id into program from public.team_seasons ts where ts.id = p_season;
  elsif p_coach is not null then
    select pm.program_id into program from public.program_members pm where pm.id = p_coach;
  else
    return (select coalesce(array_agg(distinct r.program_id), '{}')
            from public.roster_entries r join public.team_seasons ts on ts.id = r.team_season_id
            where r.athlete_id = p_athlete and p_day between ts.start_date and ts.end_date);
  end if;
  if program is not null
     and exists (select from public.roster_entries r where r.athlete_id = p_athlete and r.program_id = program) then
    return array[program];
  end if;
  return '{}';
end
$$;

create function app_private.set_session_program_ids() returns trigger
language plpgsql security definer set search_path = pg_catalog
as $$
begin
  if tg_op = 'INSERT' or new.athlete_id <> old.athlete_id
     or new.team_season_id is distinct from old.team_season_id
     or new.coach_member_id is distinct from old.coach_member_id
     or new.scheduled_date is distinct from old.scheduled_date
     or new.completed_at is distinct from old.completed_at then
    -- session_date is generated after BEFORE triggers run, so its expression is repeated here.
    new.program_ids := app_private.session_program_ids(new.athlete_id, new.team_season_id, new.coach_member_id,
                         coalesce(new.scheduled_date, (new.completed_at at time zone 'UTC')::date));
  elsif new.program_ids is distinct from old.program_ids and app_private.current_user_id() is not null
        and pg_catalog.pg_trigger_depth() < 2 then
    -- Written by an API statement itself (not by the roster/season triggers' refresh): ignored.
    new.program_ids := old.program_ids;
  end if;
  return new;
end
$$;
-- Named to fire first among the BEFORE triggers (they run in name order): the guard compares program_ids.
create trigger sessions_belonging before insert or update on athlete_training_sessions
  for each row execute function app_private.set_session_program_ids();

-- Recompute program_ids for some athletes' sessions (roster or season changes). Rows whose programs do not
-- change are not touched, and an update that only moves program_ids bumps neither version nor history.
create function app_private.refresh_session_program_ids(p_athletes uuid[]) returns void
language plpgsql security definer set search_path = pg_catalog
as $$
begin
  update public.athlete_training_sessions s
  set program_ids = fresh.ids
  from (select s2.id, app_private.session_program_ids(s2.athlete_id, s2.team_season_id, s2.coach_member_id,
                                                        s2.session_date) as ids
        from public.athlete_training_sessions s2
        where s2.athlete_id = any (p_athletes)) fresh
  where s.id = fresh.id and s.program_ids is distinct from fresh.ids;
end
$$;

create function app_private.roster_changed() returns trigger
language plpgsql security definer set search_path = pg_catalog
as $$
begin
  if tg_op = 'INSERT' then
    perform app_private.refresh_session_program_ids(array(select distinct athlete_id from new_rows));
  elsif tg_op = 'DELETE' then
    perform app_private.refresh_session_program_ids(array(select distinct athlete_id from old_rows));
  else
    perform app_private.refresh_session_program_ids(
      array(select athlete_id from new_rows union select athlete_id from old_rows));
  end if;
  return null;
end
$$;
create trigger roster_entries_programs_insert after insert on roster_entries
  referencing new table as new_rows for each statement execute function app_private.roster_changed();
create trigger roster_entries_programs_update after update on roster_entries
  referencing old table as old_rows new table as new_rows
  for each statement execute function app_private.roster_changed();
create trigger roster_entries_programs_delete after delete on roster_entries
  referencing old table as old_rows for each statement execute function app_private.roster_changed();

create function app_private.season_dates_changed() returns trigger
language plpgsql security definer set search_path = pg_catalog
as $$
begin
  perform app_private.refresh_session_program_ids(array(
    select distinct r.athlete_id from public.roster_entries r
    where r.team_season_id in (select n.id from new_rows n join old_rows o on o.id = n.id
                               where (n.start_date, n.end_date) is distinct from (o.start_date, o.end_date))));
  return null;
end
$$;
create trigger team_seasons_dates_changed after update on team_seasons
  referencing old table as old_rows new table as new_rows
  for each statement execute function app_private.season_dates_changed();

-- A change of program_ids alone (a roster or season change elsewhere) is bookkeeping, not an edit of the
-- session: its version and updated_at stay (clients' ETags stay valid).
create function app_private.touch_session() returns trigger
language plpgsql
set search_path = pg_catalog
as $$
begin
  -- session_date is left out too: generated columns are computed after BEFORE triggers (NEW has none yet).
  if (to_jsonb(new) - '{program_ids,updated_at,version,session_date}'::text[])
     = (to_jsonb(old) - '{program_ids,updated_at,version,session_date}'::text[]) then
    new.updated_at := old.updated_at;
    new.version := old.version;
  else
    new.updated_at := now();
    new.version := old.version + 1;
  end if;
  return new;
end
$$;
drop trigger sessions_touch on athlete_training_sessions;
create trigger sessions_touch before update on athlete_training_sessions
  for each row execute function app_private.touch_session();

create policy sessions_select on athlete_training_sessions for select to trainingops_app
  using (athlete_id = (select app_private.my_athlete_id())
         or program_ids && (select app_private.staff_program_ids())::uuid[]);

-- Staff create coach-assigned sessions for athletes on a current roster, naming an active member of their
-- program as coach and (if any) one of their seasons; athletes create self-assigned sessions for themselves,
-- in a season only if they are on its roster.
create policy sessions_insert on athlete_training_sessions for insert to trainingops_app
  with check (
    (source = 'coach_assigned'
     and coach_member_id = any ((select app_private.staff_active_member_ids())::uuid[])
     and athlete_id = any ((select app_private.staff_current_athlete_ids())::uuid[])
     and (team_season_id is null or team_season_id = any ((select app_private.staff_season_ids())::uuid[])))
    or (source = 'self_assigned'
        and coach_member_id is null
        and athlete_id = (select app_private.my_athlete_id())
        and (team_season_id is null or team_season_id = any ((select app_private.my_season_ids())::uuid[]))));

-- Which columns each side may change is checked by the guard trigger below; the policy keeps the row inside
-- the caller's reach before and after (program_ids of the new row is computed by sessions_belonging first).
create policy sessions_update on athlete_training_sessions for update to trainingops_app
  using (athlete_id = (select app_private.my_athlete_id())
         or program_ids && (select app_private.staff_program_ids())::uuid[])
  with check (athlete_id = (select app_private.my_athlete_id())
              or program_ids && (select app_private.staff_program_ids())::uuid[]);

create policy sessions_delete on athlete_training_sessions for delete to trainingops_app
  using ((athlete_id = (select app_private.my_athlete_id()) and source = 'self_assigned')
         or (completed_at is null and program_ids && (select app_private.staff_program_ids())::uuid[]));

-- Column rules that policies cannot express: nobody moves a session to another athlete or changes its
-- source; staff never move it to another program; an athlete changes only what they logged, plus the plan of
-- their own self-assigned sessions.
create function app_private.guard_session_update() returns trigger
language plpgsql security definer set search_path = pg_catalog
as $$
declare
  acting_as_staff boolean;
begin
  if app_private.current_user_id() is null or pg_catalog.pg_trigger_depth() > 1 then
    -- administrative connections (migrations, demo load, maintenance), and the program_ids refresh that
    -- roster and season triggers run (it changes nothing else)
    return new;
  end if;
  if new.id <> old.id or new.athlete_id <> old.athlete_id or new.source <> old.source then
    perform app_private.raise_rule('sessions_identity_locked',
      'A session''s id, athlete and source cannot be changed; create a new session instead.');
  end if;
  acting_as_staff := old.program_ids && app_private.staff_program_ids();
  if acting_as_staff then
    if cardinality(old.program_ids) > 0 and not (new.program_ids && old.program_ids) then
      perform app_private.raise_rule('sessions_program_locked',
        'A session cannot be moved to another program; create a session there instead.');
    end if;
    return new;
  end if;
  if new.team_season_id is distinct from old.team_season_id
     or new.coach_member_id is distinct from old.coach_member_id
     or new.practice_session_id is distinct from old.practice_session_id
     or new.practice_session_workout_id is distinct from old.practice_session_workout_id
     or new.workout_id is distinct from old.workout_id
     or (old.source = 'coach_assigned' and (
           new.workout_category is distinct from old.workout_category
           or new.title is distinct from old.title
           or new.planned_description is distinct from old.planned_description
           or new.planned_distance_m is distinct from old.planned_distance_m
           or new.planned_duration_sec is distinct from old.planned_duration_sec
           or new.planned_rpe is distinct from old.planned_rpe
           or new.scheduled_date is distinct from old.scheduled_date)) then
    perform app_private.raise_rule('sessions_planned_fields_locked',
      'Only staff can change the plan of a coach-assigned session; athletes log actual_*, completed_at and '
      'metrics_json.');
  end if;
  return new;
end
$$;
create trigger sessions_guard before update on athlete_training_sessions
  for each row execute function app_private.guard_session_update();

do $$
declare
  fn regprocedure;
begin
  for fn in
    select p.oid::regprocedure from pg_proc p
    where p.pronamespace = 'app_private'::regnamespace and has_function_privilege('public', p.oid, 'execute')
  loop
    execute format('revoke all on function %s from public', fn);
  end loop;
end
$$;

-- -----------------------------------------------------------------------------------------------------
-- History: every change to a session, who made it, and which fields went from what to what.
-- Written by statement-level triggers (set-based: one INSERT per statement, whatever the row count).
-- -----------------------------------------------------------------------------------------------------
create table athlete_training_session_history (
  id          bigint generated always as identity primary key,
  session_id  uuid not null,
  athlete_id  uuid not null,
  operation   text not null,
  changed_by  uuid,
  changed_at  timestamptz not null default now(),
  changes     jsonb not null,
  constraint session_history_operation_valid check (operation in ('insert', 'update', 'delete'))
);
create index session_history_session_idx on athlete_training_session_history (session_id, id);

comment on table athlete_training_session_history is
  'Every change to an athlete_training_sessions row: who (changed_by, the caller''s user id; null for '
  'administrative changes), when, and which fields changed from what to what. Readable under the same rules '
  'as the session itself.';
comment on column athlete_training_session_history.id is 'Order of changes.';
comment on column athlete_training_session_history.session_id is 'The session (no foreign key: history outlives a deleted session).';
comment on column athlete_training_session_history.athlete_id is 'The session''s athlete.';
comment on column athlete_training_session_history.operation is 'insert, update or delete.';
comment on column athlete_training_session_history.changed_by is 'users.id of the caller; null for administrative connections.';
comment on column athlete_training_session_history.changed_at is 'When (transaction time).';
comment on column athlete_training_session_history.changes is
  'Object of field -> {"old": value, "new": value}; on insert only "new", on delete only "old".';
comment on constraint session_history_operation_valid on athlete_training_session_history is
  'History operation must be insert, update or delete.';

-- Bookkeeping columns are not content: left out of the recorded differences.
create function app_private.record_session_history() returns trigger
language plpgsql security definer set search_path = pg_catalog
as $$
declare
  skip constant text[] := '{updated_at,version,created_at,program_ids,session_date}';
begin
  -- One set-based INSERT per statement, however many rows it changed: inserts record the filled fields as
  -- "new", deletes as "old", updates the fields that differ as {"old", "new"} (no-op updates record nothing).
  if tg_op = 'INSERT' then
    insert into public.athlete_training_session_history (session_id, athlete_id, operation, changed_by, changes)
    select n.id, n.athlete_id, 'insert', app_private.current_user_id(),
           (select jsonb_object_agg(e.key, jsonb_build_object('new', e.value))
            from jsonb_each(jsonb_strip_nulls(to_jsonb(n))) e where e.key <> all (skip))
    from new_rows n;
  elsif tg_op = 'UPDATE' then
    insert into public.athlete_training_session_history (session_id, athlete_id, operation, changed_by, changes)
    select n.id, n.athlete_id, 'update', app_private.current_user_id(), d.changes
    from new_rows n
    join old_rows o on o.id = n.id
    cross join lateral (
      select jsonb_object_agg(ne.key, jsonb_build_object('old', oe.value, 'new', ne.value)) as changes
      from jsonb_each(to_jsonb(n)) ne join jsonb_each(to_jsonb(o)) oe on oe.key = ne.key
      where ne.key <> all (skip) and ne.value is distinct from oe.value) d
    where d.changes is not null;
  else
    insert into public.athlete_training_session_history (session_id, athlete_id, operation, changed_by, changes)
    select o.id, o.athlete_id, 'delete', app_private.current_user_id(),
           (select jsonb_object_agg(e.key, jsonb_build_object('old', e.value))
            from jsonb_each(jsonb_strip_nulls(to_jsonb(o))) e where e.key <> all (skip))
    from old_rows o;
  end if;
  return null;
end
$$;
revoke all on function app_private.record_session_history() from public;

create trigger sessions_history_insert after insert on athlete_training_sessions
  referencing new table as new_rows for each statement execute function app_private.record_session_history();
create trigger sessions_history_update after update on athlete_training_sessions
  referencing old table as old_rows new table as new_rows
  for each statement execute function app_private.record_session_history();
create trigger sessions_history_delete after delete on athlete_training_sessions
  referencing old table as old_rows for each statement execute function app_private.record_session_history();

alter table athlete_training_session_history enable row level security;
alter table athlete_training_session_history force row level security;
-- Visible exactly when the session is (its own policy applies inside the sub-select); an athlete also keeps
-- the history of their own deleted sessions.
create policy session_history_select on athlete_training_session_history for select to trainingops_app
  using (athlete_id = (select app_private.my_athlete_id())
         or exists (select from athlete_training_sessions s where s.id = session_id));

-- -----------------------------------------------------------------------------------------------------
-- Grants: exactly what the API needs. Nothing on TRUNCATE, REFERENCES or TRIGGER.
-- -----------------------------------------------------------------------------------------------------
revoke all on all tables in schema public from trainingops_app;
grant select on users, programs, program_members, athletes, team_seasons to trainingops_app;
grant select, insert, update, delete on event_groups, roster_entries, athlete_training_sessions to trainingops_app;
grant select on athlete_training_session_history to trainingops_app;

-- =====================================================================================================
-- 0002 — Access control: row-level security on every table, the helpers policies call, and session history.
--
-- Model (docs/security.md): staff of a program (an ACTIVE program_members row) see their program's people and
-- the sessions that belong to their program; athletes see their own; nobody else sees anything.
--
-- Every policy is TO trainingops_app, one per command. Helpers are SECURITY DEFINER (they run as the owner,
-- which has BYPASSRLS, so they can read the membership tables without recursing into their policies), pin
-- search_path, live in app_private, and are called as (select app_private.fn()) so each runs once per
-- statement (an InitPlan), not once per row.
-- =====================================================================================================

grant usage on schema app_private to trainingops_app;

-- -----------------------------------------------------------------------------------------------------
-- Who is calling. The API sets app.user_id transaction-locally; outside a request it reads '' -> NULL, and
-- NULL never equals anything, so a forgotten identity sees nothing.
-- -----------------------------------------------------------------------------------------------------
create function app_private.current_user_id() returns uuid
language sql stable security definer set search_path = pg_catalog
as $$ select nullif(pg_catalog.current_setting('app.user_id', true), '')::uuid $$;

-- Programs in which the caller is ACTIVE staff.
create function app_private.staff_program_ids() returns uuid[]
language sql stable security definer set search_path = pg_catalog
as $$
  select coalesce(array_agg(pm.program_id), '{}')
  from public.program_members pm
  where pm.user_id = app_private.current_user_id() and pm.is_active
$$;

-- Every membership (active or not) of the caller's programs: sessions assigned by a coach who has since left
-- stay visible to the program's current staff.
create function app_private.staff_member_ids() returns uuid[]
language sql stable security definer set search_path = pg_catalog
as $$
  select coalesce(array_agg(pm.id), '{}')
  from public.program_members pm
  where pm.program_id = any (app_private.staff_program_ids())
$$;

-- Active memberships of the caller's programs: who may be named as the coach of a new session.
create function app_private.staff_active_member_ids() returns uuid[]
language sql stable security definer set search_path = pg_catalog
as $$
  select coalesce(array_agg(pm.id), '{}')
  from public.program_members pm
  where pm.program_id = any (app_private.staff_program_ids()) and pm.is_active
$$;

create function app_private.staff_season_ids() returns uuid[]
language sql stable security definer set search_path = pg_catalog
as $$
  select coalesce(array_agg(ts.id), '{}')
  from public.team_seasons ts
  where ts.program_id = any (app_private.staff_program_ids())
$$;

-- Athletes on (or formerly on) a roster of the caller's programs.
create function app_private.staff_athlete_ids() returns uuid[]
language sql stable security definer set search_path = pg_catalog
as $$
  select coalesce(array_agg(distinct r.athlete_id), '{}')
  from public.roster_entries r
  where r.program_id = any (app_private.staff_program_ids())
$$;

-- Athletes on a CURRENT roster of the caller's programs (not inactive, season not over): who may be assigned.
create function app_private.staff_current_athlete_ids() returns uuid[]
language sql stable security definer set search_path = pg_catalog
as $$
  select coalesce(array_agg(distinct r.athlete_id), '{}')
  from public.roster_entries r
  join public.team_seasons ts on ts.id = r.team_season_id
  where r.program_id = any (app_private.staff_program_ids())
    and r.status <> 'inactive'
    and ts.end_date >= current_date
$$;

-- A self-assigned session with no season belongs to the programs whose season contains its date and has the
-- athlete on its roster. Only this kind of row needs a per-row look-up; it is evaluated last.
create function app_private.staff_sees_unseasoned(p_athlete_id uuid, p_day date) returns boolean
language sql stable security definer set search_path = pg_catalog
as $$
  select exists (
    select from public.roster_entries r
    join public.team_seasons ts on ts.id = r.team_season_id
    where r.athlete_id = p_athlete_id
      and r.program_id = any (app_private.staff_program_ids())
      and p_day between ts.start_date and ts.end_date)
$$;

-- The athlete profile linked to the caller's login, if any.
create function app_private.my_athlete_id() returns uuid
language sql stable security definer set search_path = pg_catalog
as $$ select a.id from public.athletes a where a.user_id = app_private.current_user_id() $$;

-- Seasons whose roster the caller (as an athlete) is on.
create function app_private.my_season_ids() returns uuid[]
language sql stable security definer set search_path = pg_catalog
as $$
  select coalesce(array_agg(distinct r.team_season_id), '{}')
  from public.roster_entries r
  where r.athlete_id = app_private.my_athlete_id()
$$;

create function app_private.my_program_ids() returns uuid[]
language sql stable security definer set search_path = pg_catalog
as $$
  select coalesce(array_agg(distinct r.program_id), '{}')
  from public.roster_entries r
  where r.athlete_id = app_private.my_athlete_id()
$$;

create function app_private.my_event_group_ids() returns uuid[]
language sql stable security definer set search_path = pg_catalog
as $$
  select coalesce(array_agg(distinct r.event_group_id) filter (where r.event_group_id is not null), '{}')
  from public.roster_entries r
  where r.athlete_id = app_private.my_athlete_id()
$$;

-- Users the caller may see: themselves, the staff of their programs (as staff or athlete), and athletes of
-- their rosters.
create function app_private.visible_user_ids() returns uuid[]
language sql stable security definer set search_path = pg_catalog
as $$
  select coalesce(array_agg(distinct u), '{}') from (
    select app_private.current_user_id() as u
    union all
    select pm.user_id from public.program_members pm where pm.program_id = any (app_private.staff_program_ids())
    union all
    select pm.user_id from public.program_members pm where pm.program_id = any (app_private.my_program_ids())
    union all
    select a.user_id from public.athletes a
    where a.id = any (app_private.staff_athlete_ids()) and a.user_id is not null
  ) visible
  where u is not null
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
  app_private.staff_current_athlete_ids(), app_private.staff_sees_unseasoned(uuid, date),
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
-- member; with neither, when its date falls in a P season whose roster has the athlete. Staff of P see
-- those sessions of athletes on (or formerly on) their rosters.
-- -----------------------------------------------------------------------------------------------------
alter table athlete_training_sessions enable row level security;
alter table athlete_training_sessions force row level security;

create policy sessions_select on athlete_training_sessions for select to trainingops_app
  using (
    athlete_id = (select app_private.my_athlete_id())
    or (athlete_id = any ((select app_private.staff_athlete_ids())::uuid[])
        and (team_season_id = any ((select app_private.staff_season_ids())::uuid[])
             or (team_season_id is null and coach_member_id = any ((select app_private.staff_member_ids())::uuid[]))
             or (team_season_id is null and coach_member_id is null
                 and app_private.staff_sees_unseasoned(athlete_id, coalesce(scheduled_date, completed_at::date))))));

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
-- the caller's reach before and after.
create policy sessions_update on athlete_training_sessions for update to trainingops_app
  using (
    athlete_id = (select app_private.my_athlete_id())
    or (athlete_id = any ((select app_private.staff_athlete_ids())::uuid[])
        and (team_season_id = any ((select app_private.staff_season_ids())::uuid[])
             or (team_season_id is null and coach_member_id = any ((select app_private.staff_member_ids())::uuid[]))
             or (team_season_id is null and coach_member_id is null
                 and app_private.staff_sees_unseasoned(athlete_id, coalesce(scheduled_date, completed_at::date))))))
  with check (
    athlete_id = (select app_private.my_athlete_id())
    or (athlete_id = any ((select app_private.staff_athlete_ids())::uuid[])
        and (team_season_id is null or team_season_id = any ((select app_private.staff_season_ids())::uuid[]))
        and (coach_member_id is null or coach_member_id = any ((select app_private.staff_member_ids())::uuid[]))
        and (team_season_id is not null or coach_member_id is not null
             or app_private.staff_sees_unseasoned(athlete_id, coalesce(scheduled_date, completed_at::date)))));

create policy sessions_delete on athlete_training_sessions for delete to trainingops_app
  using (
    (athlete_id = (select app_private.my_athlete_id()) and source = 'self_assigned')
    or (completed_at is null
        and athlete_id = any ((select app_private.staff_athlete_ids())::uuid[])
        and (team_season_id = any ((select app_private.staff_season_ids())::uuid[])
             or (team_season_id is null and coach_member_id = any ((select app_private.staff_member_ids())::uuid[]))
             or (team_season_id is null and coach_member_id is null
                 and app_private.staff_sees_unseasoned(athlete_id, coalesce(scheduled_date, completed_at::date))))));

-- Column rules that policies cannot express: nobody moves a session to another athlete or changes its
-- source; an athlete changes only what they logged, plus the plan of their own self-assigned sessions.
create function app_private.guard_session_update() returns trigger
language plpgsql security definer set search_path = pg_catalog
as $$
declare
  acting_as_staff boolean;
begin
  if app_private.current_user_id() is null then
    return new;  -- administrative connections (migrations, demo load, maintenance)
  end if;
  if new.id <> old.id or new.athlete_id <> old.athlete_id or new.source <> old.source then
    perform app_private.raise_rule('sessions_identity_locked',
      'A session''s id, athlete and source cannot be changed; create a new session instead.');
  end if;
  acting_as_staff := old.team_season_id = any (app_private.staff_season_ids())
                     or old.coach_member_id = any (app_private.staff_member_ids())
                     or (old.team_season_id is null and old.coach_member_id is null
                         and old.athlete_id = any (app_private.staff_athlete_ids())
                         and old.athlete_id is distinct from app_private.my_athlete_id());
  if acting_as_staff then
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
revoke all on function app_private.guard_session_update() from public;
create trigger sessions_guard before update on athlete_training_sessions
  for each row execute function app_private.guard_session_update();

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

-- The fields that differ between two versions of a row. Inserts record only "new" and deletes only "old",
-- leaving out empty fields; bookkeeping columns (timestamps, version) are not content and are left out.
create function app_private.session_changes(old_row jsonb, new_row jsonb) returns jsonb
language sql immutable set search_path = pg_catalog
as $$
  select coalesce(jsonb_object_agg(k, case
           when old_row is null then jsonb_build_object('new', new_row -> k)
           when new_row is null then jsonb_build_object('old', old_row -> k)
           else jsonb_build_object('old', old_row -> k, 'new', new_row -> k) end), '{}')
  from jsonb_object_keys(coalesce(new_row, old_row)) as k
  where k not in ('updated_at', 'version', 'created_at')
    and (old_row -> k) is distinct from (new_row -> k)
    and ((old_row is not null and new_row is not null) or coalesce(new_row, old_row) -> k <> 'null'::jsonb)
$$;

create function app_private.record_session_history() returns trigger
language plpgsql security definer set search_path = pg_catalog
as $$
begin
  if tg_op = 'INSERT' then
    insert into public.athlete_training_session_history (session_id, athlete_id, operation, changed_by, changes)
    select n.id, n.athlete_id, 'insert', app_private.current_user_id(), app_private.session_changes(null, to_jsonb(n))
    from new_rows n;
  elsif tg_op = 'UPDATE' then
    insert into public.athlete_training_session_history (session_id, athlete_id, operation, changed_by, changes)
    select n.id, n.athlete_id, 'update', app_private.current_user_id(), d.changes
    from new_rows n
    join old_rows o on o.id = n.id
    cross join lateral (select app_private.session_changes(to_jsonb(o), to_jsonb(n)) as changes) d
    where d.changes <> '{}';
  else
    insert into public.athlete_training_session_history (session_id, athlete_id, operation, changed_by, changes)
    select o.id, o.athlete_id, 'delete', app_private.current_user_id(), app_private.session_changes(to_jsonb(o), null)
    from old_rows o;
  end if;
  return null;
end
$$;
revoke all on function app_private.record_session_history() from public;
revoke all on function app_private.session_changes(jsonb, jsonb) from public;

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

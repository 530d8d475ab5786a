-- =====================================================================================================
-- 0017 — Roles decide what staff may do, and programs are run through the API (issue 14).
--
-- Until now every active member of a program could do everything in it. From here on a member's role decides
-- what they may write, in the database:
--
--   capability       what it covers                                          roles
--   administer       program settings, load settings, members, seasons       program_admin, head_coach
--   manage_roster    roster entries, event groups, athlete profiles          program_admin, head_coach, assistant_coach
--   set_roster_status  a roster entry's status only                          the above and athletic_trainer
--   plan             practices (draft, publish, cancel)                      head_coach, assistant_coach, strength_coach
--   plan_run         run/track planning: non-gym training events, workouts   head_coach, assistant_coach
--   plan_gym         S&C planning: gym events and workouts, strength maxes   head_coach, strength_coach
--   assign_run       assign non-gym sessions, edit their plan                head_coach, assistant_coach
--   assign_gym       assign gym sessions, edit their plan                    head_coach, assistant_coach, strength_coach
--
-- Reading stays as it was: every active member reads the program's training (staff_program_ids()). Gym (S&C)
-- work is told apart by workout_category = 'gym' (of a training event, a workout, a session); a practice may be
-- changed, published or cancelled by whoever may plan every workout in it. app_private.capability_roles() is the
-- one place the table above is written; the policies ask app_private.staff_program_ids_with(capability), once
-- per statement.
--
-- Also:
--   - programs are created by app_private.create_program() (the creator becomes a member: program_admin, or
--     head_coach if they say so) and edited by their administrators;
--   - members: administrators change roles and deactivate; nobody changes their own membership, and a program
--     keeps at least one active administrator (program_admin or head_coach);
--   - seasons: created and edited by administrators; a closed season (closed_at) takes no new roster entries
--     and no new practices;
--   - event groups: archived (archived_at) groups take no new roster entries and no new practice workouts;
--   - athletes: created in a program (created_in_program_id) with an email kept for the invitation to claim the
--     profile; edited by the program's roster staff and by the athlete;
--   - roster entries come back to the API role (0011 took them away), safely: roster staff may roster only
--     athletes who are already the program's (on one of its rosters now or before) or who it created; an
--     athletic trainer changes only the status;
--   - a self-assigned session with no season and no coach belongs to a program only within the dates of the
--     athlete's roster entry (joined_on .. left_on): a program an athlete left stops seeing what they log after.
-- docs/security.md states each rule with the test that holds it.
-- =====================================================================================================

-- -----------------------------------------------------------------------------------------------------
-- 1. Capabilities and the helpers the policies call
-- -----------------------------------------------------------------------------------------------------
create function app_private.capability_roles(p_capability text) returns text[]
language sql
immutable
parallel safe
set search_path = pg_catalog
as $$
  select case p_capability
    when 'administer' then '{program_admin,head_coach}'
    when 'manage_roster' then '{program_admin,head_coach,assistant_coach}'
    when 'set_roster_status' then '{program_admin,head_coach,assistant_coach,athletic_trainer}'
    when 'plan' then '{head_coach,assistant_coach,strength_coach}'
    when 'plan_run' then '{head_coach,assistant_coach}'
    when 'plan_gym' then '{head_coach,strength_coach}'
    when 'assign_run' then '{head_coach,assistant_coach}'
    when 'assign_gym' then '{head_coach,assistant_coach,strength_coach}'
  end::text[]
$$;
comment on function app_private.capability_roles(text) is
  'The roles that hold a capability (the role table of docs/security.md, written once); null for an unknown name.';
revoke all on function app_private.capability_roles(text) from public;
grant execute on function app_private.capability_roles(text) to trainingops_app;

-- The programs in which the caller is an active member whose role holds the capability.
create function app_private.staff_program_ids_with(p_capability text) returns uuid[]
language plpgsql
stable
security definer
set search_path = pg_catalog
as $$
declare
  roles text[] := app_private.capability_roles(p_capability);
begin
  if roles is null then
    raise exception using errcode = 'invalid_parameter_value', message = format('Unknown capability %L.', p_capability);
  end if;
  return (select coalesce(array_agg(pm.program_id), '{}') from public.program_members pm
          where pm.user_id = app_private.current_user_id() and pm.is_active and pm.role = any (roles));
end
$$;
comment on function app_private.staff_program_ids_with(text) is
  'Programs where the caller is an active member whose role holds the capability. Call as (select ...) in policies.';
revoke all on function app_private.staff_program_ids_with(text) from public;
grant execute on function app_private.staff_program_ids_with(text) to trainingops_app;

-- The active memberships of those programs (a coach-assigned session names one as its coach).
create function app_private.staff_active_member_ids_with(p_capability text) returns uuid[]
language plpgsql
stable
security definer
set search_path = pg_catalog
as $$
declare
  programs uuid[] := app_private.staff_program_ids_with(p_capability);
begin
  if cardinality(programs) = 0 then return '{}'; end if;
  return (select coalesce(array_agg(pm.id), '{}') from public.program_members pm
          where pm.program_id = any (programs) and pm.is_active);
end
$$;
comment on function app_private.staff_active_member_ids_with(text) is
  'Active memberships of the programs where the caller holds the capability.';
revoke all on function app_private.staff_active_member_ids_with(text) from public;
grant execute on function app_private.staff_active_member_ids_with(text) to trainingops_app;

-- -----------------------------------------------------------------------------------------------------
-- 2. New columns: a season's close, an event group's archive, an athlete's program of origin and email
-- -----------------------------------------------------------------------------------------------------
alter table team_seasons add column closed_at timestamptz;
comment on column team_seasons.closed_at is
  'When the season was closed (null: open). A closed season takes no new roster entries and no new practices; '
  'what it holds stays.';

alter table event_groups add column archived_at timestamptz;
comment on column event_groups.archived_at is
  'When the group was archived (null: in use). An archived group takes no new roster entries and no new practice '
  'workouts; the entries and practices that name it keep it.';

alter table athletes
  add column email text,
  add column created_in_program_id uuid references programs (id) on delete set null,
  add constraint athletes_email_format check (email ~ '^[^@\s]+@[^@\s]+$' and length(email) <= 320);
comment on column athletes.email is
  'Contact email given by staff (create, roster import): where the invitation to claim this profile goes. The '
  'athlete''s login, once claimed, is users.email. Not unique: two programs may each know the same person.';
comment on column athletes.created_in_program_id is
  'The program whose staff created this athlete record: its roster staff may roster them without an invitation. '
  'Null for athletes created administratively.';
comment on constraint athletes_email_format on athletes is 'An email needs one @ and no spaces (at most 320 characters).';
comment on constraint athletes_created_in_program_id_fkey on athletes is 'The program does not exist.';
create index athletes_created_in_program_idx on athletes (created_in_program_id) where created_in_program_id is not null;

create function app_private.staff_athlete_ids_with(p_capability text) returns uuid[]
language plpgsql
stable
security definer
set search_path = pg_catalog
as $$
declare
  programs uuid[] := app_private.staff_program_ids_with(p_capability);
begin
  if cardinality(programs) = 0 then return '{}'; end if;
  return (select coalesce(array_agg(distinct a), '{}') from (
            select r.athlete_id as a from public.roster_entries r where r.program_id = any (programs)
            union all
            select x.id from public.athletes x where x.created_in_program_id = any (programs)) mine);
end
$$;
comment on function app_private.staff_athlete_ids_with(text) is
  'Athletes ever on a roster of, or created in, a program where the caller holds the capability.';
revoke all on function app_private.staff_athlete_ids_with(text) from public;
grant execute on function app_private.staff_athlete_ids_with(text) to trainingops_app;

-- -----------------------------------------------------------------------------------------------------
-- 3. programs: created through create_program (the creator becomes a member), edited by administrators
-- -----------------------------------------------------------------------------------------------------
-- A definer function because the new program is visible to its creator only once their membership exists, and
-- the API role has no INSERT on program_members: creating both in one call is the only way in.
create function app_private.create_program(p_name text, p_sport text, p_time_zone text, p_role text)
returns uuid
language plpgsql
volatile
security definer
set search_path = pg_catalog
as $$
declare
  me uuid := app_private.acting_user_id();
  program uuid;
begin
  if not exists (select from public.users u where u.id = me) then
    raise exception using errcode = 'insufficient_privilege', message = 'The caller is not a user.';
  end if;
  if p_role is null or p_role <> all (app_private.capability_roles('administer')) then
    perform app_private.raise_rule('programs_creator_administers',
      'The creator of a program becomes its program_admin or its head_coach.');
  end if;
  insert into public.programs (name, sport, time_zone) values (p_name, p_sport, p_time_zone) returning id into program;
  insert into public.program_members (program_id, user_id, role) values (program, me, p_role);
  return program;
end
$$;
comment on function app_private.create_program(text, text, text, text) is
  'Create a program with the caller as its first member (program_admin or head_coach); returns its id.';
revoke all on function app_private.create_program(text, text, text, text) from public;
grant execute on function app_private.create_program(text, text, text, text) to trainingops_app;

grant update (name, sport, time_zone) on programs to trainingops_app;
create policy programs_update on programs for update to trainingops_app
  using (id = any ((select app_private.staff_program_ids_with('administer'))::uuid[]))
  with check (id = any ((select app_private.staff_program_ids_with('administer'))::uuid[]));

-- -----------------------------------------------------------------------------------------------------
-- 4. program_members: administrators change roles and deactivate; never their own; one administrator stays
-- -----------------------------------------------------------------------------------------------------
grant update (role, is_active) on program_members to trainingops_app;
create policy program_members_update on program_members for update to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids_with('administer'))::uuid[]))
  with check (program_id = any ((select app_private.staff_program_ids_with('administer'))::uuid[]));

create function app_private.check_member_not_own() returns trigger
language plpgsql
security definer
set search_path = pg_catalog
as $$
begin
  if not app_private.is_administrative() and new.user_id = app_private.acting_user_id() then
    perform app_private.raise_rule('program_members_not_your_own',
      'Nobody changes their own role or deactivates themselves; another administrator of the program does.');
  end if;
  return null;
end
$$;
revoke all on function app_private.check_member_not_own() from public;
create constraint trigger program_members_not_your_own after update on program_members
  for each row execute function app_private.check_member_not_own();
comment on constraint program_members_not_your_own on program_members is
  'Nobody changes their own role or deactivates themselves; another administrator of the program does.';

-- The program row is locked first (FOR NO KEY UPDATE: foreign-key checks of new seasons or groups still pass),
-- so two administrators demoting each other at once are serialised and the second sees the first's change.
create function app_private.check_program_keeps_administrator() returns trigger
language plpgsql
security definer
set search_path = pg_catalog
as $$
declare
  administrators constant text[] := app_private.capability_roles('administer');
begin
  if not (old.is_active and old.role = any (administrators))
     or (new.is_active and new.role = any (administrators)) then
    return null;
  end if;
  perform from public.programs p where p.id = new.program_id for no key update;
  if not exists (select from public.program_members pm
                 where pm.program_id = new.program_id and pm.is_active and pm.role = any (administrators)) then
    perform app_private.raise_rule('program_members_keep_an_administrator',
      'A program keeps at least one active program admin or head coach: make someone else one first.');
  end if;
  return null;
end
$$;
revoke all on function app_private.check_program_keeps_administrator() from public;
create constraint trigger program_members_keep_an_administrator after update of role, is_active on program_members
  for each row execute function app_private.check_program_keeps_administrator();
comment on constraint program_members_keep_an_administrator on program_members is
  'A program keeps at least one active program admin or head coach: make someone else one first.';

-- -----------------------------------------------------------------------------------------------------
-- 5. team_seasons: administrators create, edit and close
-- -----------------------------------------------------------------------------------------------------
grant insert (program_id, name, sport, start_date, end_date),
      update (name, sport, start_date, end_date, closed_at)
  on team_seasons to trainingops_app;
create policy team_seasons_insert on team_seasons for insert to trainingops_app
  with check (program_id = any ((select app_private.staff_program_ids_with('administer'))::uuid[]));
create policy team_seasons_update on team_seasons for update to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids_with('administer'))::uuid[]))
  with check (program_id = any ((select app_private.staff_program_ids_with('administer'))::uuid[]));

-- -----------------------------------------------------------------------------------------------------
-- 6. event_groups: roster staff create, rename and archive (the policies of 0002, by role)
-- -----------------------------------------------------------------------------------------------------
grant update (archived_at) on event_groups to trainingops_app;
drop policy event_groups_insert on event_groups;
drop policy event_groups_update on event_groups;
drop policy event_groups_delete on event_groups;
create policy event_groups_insert on event_groups for insert to trainingops_app
  with check (program_id = any ((select app_private.staff_program_ids_with('manage_roster'))::uuid[]));
create policy event_groups_update on event_groups for update to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids_with('manage_roster'))::uuid[]))
  with check (program_id = any ((select app_private.staff_program_ids_with('manage_roster'))::uuid[]));
create policy event_groups_delete on event_groups for delete to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids_with('manage_roster'))::uuid[]));

-- -----------------------------------------------------------------------------------------------------
-- 7. athletes: created in a program by its roster staff; edited by them and by the athlete
-- -----------------------------------------------------------------------------------------------------
grant insert (name, sex, date_of_birth, email, created_in_program_id),
      update (name, sex, date_of_birth, email)
  on athletes to trainingops_app;
-- 0002's read rule, plus the athletes the caller's program created (before their first roster entry).
drop policy athletes_select on athletes;
create policy athletes_select on athletes for select to trainingops_app
  using (id = any ((select app_private.staff_athlete_ids())::uuid[])
         or id = (select app_private.my_athlete_id())
         or created_in_program_id = any ((select app_private.staff_program_ids())::uuid[]));
create policy athletes_insert on athletes for insert to trainingops_app
  with check (created_in_program_id = any ((select app_private.staff_program_ids_with('manage_roster'))::uuid[]));
create policy athletes_update on athletes for update to trainingops_app
  using (id = (select app_private.my_athlete_id())
         or id = any ((select app_private.staff_athlete_ids_with('manage_roster'))::uuid[]))
  with check (id = (select app_private.my_athlete_id())
              or id = any ((select app_private.staff_athlete_ids_with('manage_roster'))::uuid[]));

-- -----------------------------------------------------------------------------------------------------
-- 8. roster_entries: written again by the API role (0011 revoked it), by role, for the program's own athletes
-- -----------------------------------------------------------------------------------------------------
-- An athlete is the program's when they are, or were, on one of its rosters, or when the program created them.
-- Anyone else — another program's athlete, a missing id — fails the same way: the policy runs before the
-- foreign keys. Such an athlete joins a program only through an invitation they accept (a later step).
--
-- The pair (program, athlete) is checked per row by a definer function: a sub-select on roster_entries inside
-- its own policy recurses (42P17), and an array of the caller's pairs would grow with every athlete ever rostered.
-- It answers only for programs whose rosters the caller manages, so it tells nobody about other programs.
create function app_private.may_roster(p_program uuid, p_athlete uuid) returns boolean
language sql
stable
security definer
set search_path = pg_catalog
as $$
  select exists (select from public.program_members pm
                 where pm.program_id = p_program and pm.user_id = app_private.current_user_id() and pm.is_active
                   and pm.role = any (app_private.capability_roles('manage_roster')))
     and (exists (select from public.roster_entries r where r.athlete_id = p_athlete and r.program_id = p_program)
          or exists (select from public.athletes a where a.id = p_athlete and a.created_in_program_id = p_program))
$$;
comment on function app_private.may_roster(uuid, uuid) is
  'Whether the caller manages rosters of the program and the athlete is the program''s (on, or once on, one of its '
  'rosters, or created by it): who may go on its rosters without an invitation.';
revoke all on function app_private.may_roster(uuid, uuid) from public;
grant execute on function app_private.may_roster(uuid, uuid) to trainingops_app;

grant insert (program_id, team_season_id, athlete_id, event_group_id, status, joined_on, left_on),
      update (event_group_id, status, joined_on, left_on)
  on roster_entries to trainingops_app;
create policy roster_entries_insert on roster_entries for insert to trainingops_app
  with check (program_id = any ((select app_private.staff_program_ids_with('manage_roster'))::uuid[])
              and app_private.may_roster(program_id, athlete_id));
create policy roster_entries_update on roster_entries for update to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids_with('set_roster_status'))::uuid[]))
  with check (program_id = any ((select app_private.staff_program_ids_with('set_roster_status'))::uuid[]));

-- Policies see rows, not columns: an athletic trainer may update an entry, so the trigger keeps them to status.
create function app_private.check_roster_status_only() returns trigger
language plpgsql
security definer
set search_path = pg_catalog
as $$
begin
  if app_private.is_administrative()
     or (new.event_group_id, new.joined_on, new.left_on) is not distinct from (old.event_group_id, old.joined_on, old.left_on) then
    return null;
  end if;
  perform app_private.acting_user_id();
  if not new.program_id = any (app_private.staff_program_ids_with('manage_roster')) then
    perform app_private.raise_rule('roster_entries_status_only',
      'Your role changes only a roster entry''s status; the head coach, assistant coaches and program admins '
      'change event groups and dates.');
  end if;
  return null;
end
$$;
revoke all on function app_private.check_roster_status_only() from public;
create constraint trigger roster_entries_status_only after update on roster_entries
  for each row execute function app_private.check_roster_status_only();
comment on constraint roster_entries_status_only on roster_entries is
  'Your role changes only a roster entry''s status; the head coach, assistant coaches and program admins change '
  'event groups and dates.';

create function app_private.check_roster_season_open() returns trigger
language plpgsql
security definer
set search_path = pg_catalog
as $$
begin
  if exists (select from public.team_seasons ts where ts.id = new.team_season_id and ts.closed_at is not null) then
    perform app_private.raise_rule('roster_entries_season_open',
      'The season is closed: it takes no new roster entries. Reopen it first.');
  end if;
  return null;
end
$$;
revoke all on function app_private.check_roster_season_open() from public;
create constraint trigger roster_entries_season_open after insert on roster_entries
  for each row execute function app_private.check_roster_season_open();
comment on constraint roster_entries_season_open on roster_entries is
  'The season is closed: it takes no new roster entries. Reopen it first.';

create function app_private.check_group_active() returns trigger
language plpgsql
security definer
set search_path = pg_catalog
as $$
begin
  if new.event_group_id is not null
     and (tg_op = 'INSERT' or new.event_group_id is distinct from old.event_group_id)
     and exists (select from public.event_groups g where g.id = new.event_group_id and g.archived_at is not null) then
    perform app_private.raise_rule(tg_argv[0],
      'The event group is archived: nothing new goes into it. Unarchive it, or choose another group.');
  end if;
  return null;
end
$$;
revoke all on function app_private.check_group_active() from public;
create constraint trigger roster_entries_group_active after insert or update of event_group_id on roster_entries
  for each row execute function app_private.check_group_active('roster_entries_group_active');
comment on constraint roster_entries_group_active on roster_entries is
  'The event group is archived: nothing new goes into it. Unarchive it, or choose another group.';
create constraint trigger practice_workouts_group_active
  after insert or update of event_group_id on practice_session_workouts
  for each row execute function app_private.check_group_active('practice_workouts_group_active');
comment on constraint practice_workouts_group_active on practice_session_workouts is
  'The event group is archived: nothing new goes into it. Unarchive it, or choose another group.';

create function app_private.check_practice_season_open() returns trigger
language plpgsql
security definer
set search_path = pg_catalog
as $$
begin
  if (tg_op = 'INSERT' or new.team_season_id <> old.team_season_id)
     and exists (select from public.team_seasons ts where ts.id = new.team_season_id and ts.closed_at is not null) then
    perform app_private.raise_rule('practice_sessions_season_open',
      'The season is closed: it takes no new practices. Reopen it first.');
  end if;
  return null;
end
$$;
revoke all on function app_private.check_practice_season_open() from public;
create constraint trigger practice_sessions_season_open after insert or update of team_season_id on practice_sessions
  for each row execute function app_private.check_practice_season_open();
comment on constraint practice_sessions_season_open on practice_sessions is
  'The season is closed: it takes no new practices. Reopen it first.';

-- -----------------------------------------------------------------------------------------------------
-- 9. A program an athlete left stops seeing what they log after: the date rule of session_program_ids (0002)
--    now also keeps to the roster entry's joined_on .. left_on. Otherwise unchanged.
-- -----------------------------------------------------------------------------------------------------
create or replace function app_private.session_program_ids(p_athlete uuid, p_season uuid, p_coach uuid, p_day date)
returns uuid[]
language plpgsql
stable
security definer
set search_path = pg_catalog
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
            where r.athlete_id = p_athlete and p_day between ts.start_date and ts.end_date
              and (r.joined_on is null or r.joined_on <= p_day) and (r.left_on is null or r.left_on >= p_day));
  end if;
  if program is not null
     and exists (select from public.roster_entries r where r.athlete_id = p_athlete and r.program_id = program) then
    return array[program];
  end if;
  return '{}';
end
$$;

-- -----------------------------------------------------------------------------------------------------
-- 10. Sessions: staff assign and change the plan by role and category (the policies of 0002/0012, by role).
--     The history branch of sessions_insert (an athlete who was on a season's roster, on a day of that season)
--     now also keeps to the entry's joined_on .. left_on: a program an athlete left writes nothing new for them.
-- -----------------------------------------------------------------------------------------------------
drop policy sessions_insert on athlete_training_sessions;
create policy sessions_insert on athlete_training_sessions for insert to trainingops_app
  with check (
    (import_batch_id is null or import_batch_id = any ((select app_private.my_new_import_batch_ids())::uuid[]))
    and ((source = 'coach_assigned'
     and ((workout_category = 'gym'
           and coach_member_id = any ((select app_private.staff_active_member_ids_with('assign_gym'))::uuid[]))
          or (workout_category <> 'gym'
              and coach_member_id = any ((select app_private.staff_active_member_ids_with('assign_run'))::uuid[])))
     and (team_season_id is null or team_season_id = any ((select app_private.staff_season_ids())::uuid[]))
     and (athlete_id = any ((select app_private.staff_current_athlete_ids())::uuid[])
          or exists (
            select from roster_entries r
            join team_seasons ts on ts.id = r.team_season_id
            where r.athlete_id = athlete_training_sessions.athlete_id
              and r.program_id = any ((select app_private.staff_program_ids())::uuid[])
              and (athlete_training_sessions.team_season_id is null
                   or ts.id = athlete_training_sessions.team_season_id)
              and coalesce(athlete_training_sessions.scheduled_date,
                           (athlete_training_sessions.completed_at at time zone 'UTC')::date)
                  between ts.start_date and ts.end_date
              and coalesce(athlete_training_sessions.scheduled_date,
                           (athlete_training_sessions.completed_at at time zone 'UTC')::date)
                  between coalesce(r.joined_on, ts.start_date) and coalesce(r.left_on, ts.end_date))))
    or (source = 'self_assigned'
        and coach_member_id is null
        and athlete_id = (select app_private.my_athlete_id())
        and (team_season_id is null or team_season_id = any ((select app_private.my_season_ids())::uuid[])))));

drop policy sessions_update on athlete_training_sessions;
create policy sessions_update on athlete_training_sessions for update to trainingops_app
  using (athlete_id = (select app_private.my_athlete_id())
         or (workout_category = 'gym'
             and program_ids && (select app_private.staff_program_ids_with('assign_gym'))::uuid[])
         or (workout_category <> 'gym'
             and program_ids && (select app_private.staff_program_ids_with('assign_run'))::uuid[]))
  with check (athlete_id = (select app_private.my_athlete_id())
              or (workout_category = 'gym'
                  and program_ids && (select app_private.staff_program_ids_with('assign_gym'))::uuid[])
              or (workout_category <> 'gym'
                  and program_ids && (select app_private.staff_program_ids_with('assign_run'))::uuid[]));

drop policy sessions_delete on athlete_training_sessions;
create policy sessions_delete on athlete_training_sessions for delete to trainingops_app
  using ((athlete_id = (select app_private.my_athlete_id()) and source = 'self_assigned')
         or (((workout_category = 'gym'
               and program_ids && (select app_private.staff_program_ids_with('assign_gym'))::uuid[])
              or (workout_category <> 'gym'
                  and program_ids && (select app_private.staff_program_ids_with('assign_run'))::uuid[]))
             and (completed_at is null or (import_batch_id is not null and version = 1))));

-- The column guard of 0011: "acting as staff" now means staff whose role may assign sessions of this category.
-- A member without that role who is also the session's athlete is held to the athlete's columns.
create or replace function app_private.guard_session_update() returns trigger
language plpgsql
security definer
set search_path = pg_catalog
as $$
declare
  acting_as_staff boolean;
begin
  if app_private.is_administrative() then
    return new;
  end if;
  if pg_catalog.pg_trigger_depth() > 1
     and (pg_catalog.to_jsonb(new) - '{program_ids,session_date,updated_at,version}'::text[])
         = (pg_catalog.to_jsonb(old) - '{program_ids,session_date,updated_at,version}'::text[]) then
    return new;
  end if;
  perform app_private.acting_user_id();
  if new.id <> old.id or new.athlete_id <> old.athlete_id or new.source <> old.source then
    perform app_private.raise_rule('sessions_identity_locked',
      'A session''s id, athlete and source cannot be changed; create a new session instead.');
  end if;
  acting_as_staff := old.program_ids && case when old.workout_category = 'gym'
                                             then app_private.staff_program_ids_with('assign_gym')
                                             else app_private.staff_program_ids_with('assign_run') end;
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

-- -----------------------------------------------------------------------------------------------------
-- 11. program_load_settings: administrators (the policies of 0010, by role)
-- -----------------------------------------------------------------------------------------------------
drop policy program_load_settings_insert on program_load_settings;
drop policy program_load_settings_update on program_load_settings;
drop policy program_load_settings_delete on program_load_settings;
create policy program_load_settings_insert on program_load_settings for insert to trainingops_app
  with check (program_id = any ((select app_private.staff_program_ids_with('administer'))::uuid[])
              and updated_by = (select app_private.current_user_id()));
create policy program_load_settings_update on program_load_settings for update to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids_with('administer'))::uuid[]))
  with check (program_id = any ((select app_private.staff_program_ids_with('administer'))::uuid[])
              and updated_by = (select app_private.current_user_id()));
create policy program_load_settings_delete on program_load_settings for delete to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids_with('administer'))::uuid[]));

-- -----------------------------------------------------------------------------------------------------
-- 12. Planning, by role (the policies of 0015, written out; reads unchanged)
--
-- A row of the library is gym work when its workout_category is 'gym': plan_gym writes it, plan_run writes the
-- rest. A workout's steps, a practice's workouts and an override follow the category of the workout they name;
-- a practice itself (its fields, publish, cancel, delete) is changed by a planner who may plan every workout in
-- it, and a whole-practice override likewise. The sub-selects read the named workout under its own read policy:
-- a workout the caller cannot see passes here and fails its foreign key, like a missing one.
-- -----------------------------------------------------------------------------------------------------
drop policy training_events_insert on training_events;
drop policy training_events_update on training_events;
drop policy training_events_delete on training_events;
create policy training_events_insert on training_events for insert to trainingops_app
  with check ((workout_category = 'gym'
               and program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
              or (workout_category <> 'gym'
                  and program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[])));
create policy training_events_update on training_events for update to trainingops_app
  using ((workout_category = 'gym'
          and program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
         or (workout_category <> 'gym'
             and program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[])))
  with check ((workout_category = 'gym'
               and program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
              or (workout_category <> 'gym'
                  and program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[])));
create policy training_events_delete on training_events for delete to trainingops_app
  using ((workout_category = 'gym'
          and program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
         or (workout_category <> 'gym'
             and program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[])));

drop policy workouts_insert on workouts;
drop policy workouts_update on workouts;
drop policy workouts_delete on workouts;
create policy workouts_insert on workouts for insert to trainingops_app
  with check ((workout_category = 'gym'
               and program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
              or (workout_category <> 'gym'
                  and program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[])));
create policy workouts_update on workouts for update to trainingops_app
  using ((workout_category = 'gym'
          and program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
         or (workout_category <> 'gym'
             and program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[])))
  with check ((workout_category = 'gym'
               and program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
              or (workout_category <> 'gym'
                  and program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[])));
create policy workouts_delete on workouts for delete to trainingops_app
  using ((workout_category = 'gym'
          and program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
         or (workout_category <> 'gym'
             and program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[])));

drop policy workout_steps_insert on workout_steps;
drop policy workout_steps_update on workout_steps;
drop policy workout_steps_delete on workout_steps;
create policy workout_steps_insert on workout_steps for insert to trainingops_app
  with check (program_id = any ((select app_private.staff_program_ids_with('plan'))::uuid[])
              and not exists (
                select from workouts w where w.id = workout_steps.workout_id
                  and not ((w.workout_category = 'gym'
                            and w.program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
                           or (w.workout_category <> 'gym'
                               and w.program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[])))));
create policy workout_steps_update on workout_steps for update to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids_with('plan'))::uuid[])
         and not exists (
           select from workouts w where w.id = workout_steps.workout_id
             and not ((w.workout_category = 'gym'
                       and w.program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
                      or (w.workout_category <> 'gym'
                          and w.program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[])))))
  with check (program_id = any ((select app_private.staff_program_ids_with('plan'))::uuid[])
              and not exists (
                select from workouts w where w.id = workout_steps.workout_id
                  and not ((w.workout_category = 'gym'
                            and w.program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
                           or (w.workout_category <> 'gym'
                               and w.program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[])))));
create policy workout_steps_delete on workout_steps for delete to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids_with('plan'))::uuid[])
         and not exists (
           select from workouts w where w.id = workout_steps.workout_id
             and not ((w.workout_category = 'gym'
                       and w.program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
                      or (w.workout_category <> 'gym'
                          and w.program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[])))));

drop policy practice_sessions_insert on practice_sessions;
drop policy practice_sessions_update on practice_sessions;
drop policy practice_sessions_delete on practice_sessions;
create policy practice_sessions_insert on practice_sessions for insert to trainingops_app
  with check (program_id = any ((select app_private.staff_program_ids_with('plan'))::uuid[]));
create policy practice_sessions_update on practice_sessions for update to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids_with('plan'))::uuid[])
         and not exists (
           select from practice_session_workouts e join workouts w on w.id = e.workout_id
           where e.practice_session_id = practice_sessions.id
             and not ((w.workout_category = 'gym'
                       and w.program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
                      or (w.workout_category <> 'gym'
                          and w.program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[])))))
  with check (program_id = any ((select app_private.staff_program_ids_with('plan'))::uuid[]));
create policy practice_sessions_delete on practice_sessions for delete to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids_with('plan'))::uuid[])
         and not exists (
           select from practice_session_workouts e join workouts w on w.id = e.workout_id
           where e.practice_session_id = practice_sessions.id
             and not ((w.workout_category = 'gym'
                       and w.program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
                      or (w.workout_category <> 'gym'
                          and w.program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[])))));

drop policy practice_session_workouts_insert on practice_session_workouts;
drop policy practice_session_workouts_update on practice_session_workouts;
drop policy practice_session_workouts_delete on practice_session_workouts;
create policy practice_session_workouts_insert on practice_session_workouts for insert to trainingops_app
  with check (program_id = any ((select app_private.staff_program_ids_with('plan'))::uuid[])
              and not exists (
                select from workouts w where w.id = practice_session_workouts.workout_id
                  and not ((w.workout_category = 'gym'
                            and w.program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
                           or (w.workout_category <> 'gym'
                               and w.program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[])))));
create policy practice_session_workouts_update on practice_session_workouts for update to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids_with('plan'))::uuid[])
         and not exists (
           select from workouts w where w.id = practice_session_workouts.workout_id
             and not ((w.workout_category = 'gym'
                       and w.program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
                      or (w.workout_category <> 'gym'
                          and w.program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[])))))
  with check (program_id = any ((select app_private.staff_program_ids_with('plan'))::uuid[])
              and not exists (
                select from workouts w where w.id = practice_session_workouts.workout_id
                  and not ((w.workout_category = 'gym'
                            and w.program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
                           or (w.workout_category <> 'gym'
                               and w.program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[])))));
create policy practice_session_workouts_delete on practice_session_workouts for delete to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids_with('plan'))::uuid[])
         and not exists (
           select from workouts w where w.id = practice_session_workouts.workout_id
             and not ((w.workout_category = 'gym'
                       and w.program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
                      or (w.workout_category <> 'gym'
                          and w.program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[])))));

-- An override names a practice workout (or, left null, the whole practice: every workout in it) and, to replace
-- or add, a workout: the caller must be able to plan each of them.
drop policy practice_assignments_insert on practice_assignments;
drop policy practice_assignments_update on practice_assignments;
drop policy practice_assignments_delete on practice_assignments;
create policy practice_assignments_insert on practice_assignments for insert to trainingops_app
  with check (program_id = any ((select app_private.staff_program_ids_with('plan'))::uuid[])
              and athlete_id = any ((select app_private.staff_athlete_ids())::uuid[])
              and not exists (
                select from practice_session_workouts e join workouts w on w.id = e.workout_id
                where e.practice_session_id = practice_assignments.practice_session_id
                  and (practice_assignments.practice_session_workout_id is null
                       or e.id = practice_assignments.practice_session_workout_id)
                  and not ((w.workout_category = 'gym'
                            and w.program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
                           or (w.workout_category <> 'gym'
                               and w.program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[]))))
              and not exists (
                select from workouts w where w.id = practice_assignments.workout_id
                  and not ((w.workout_category = 'gym'
                            and w.program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
                           or (w.workout_category <> 'gym'
                               and w.program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[])))));
create policy practice_assignments_update on practice_assignments for update to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids_with('plan'))::uuid[])
         and not exists (
           select from practice_session_workouts e join workouts w on w.id = e.workout_id
           where e.practice_session_id = practice_assignments.practice_session_id
             and (practice_assignments.practice_session_workout_id is null
                  or e.id = practice_assignments.practice_session_workout_id)
             and not ((w.workout_category = 'gym'
                       and w.program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
                      or (w.workout_category <> 'gym'
                          and w.program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[]))))
         and not exists (
           select from workouts w where w.id = practice_assignments.workout_id
             and not ((w.workout_category = 'gym'
                       and w.program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
                      or (w.workout_category <> 'gym'
                          and w.program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[])))))
  with check (program_id = any ((select app_private.staff_program_ids_with('plan'))::uuid[])
              and athlete_id = any ((select app_private.staff_athlete_ids())::uuid[])
              and not exists (
                select from practice_session_workouts e join workouts w on w.id = e.workout_id
                where e.practice_session_id = practice_assignments.practice_session_id
                  and (practice_assignments.practice_session_workout_id is null
                       or e.id = practice_assignments.practice_session_workout_id)
                  and not ((w.workout_category = 'gym'
                            and w.program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
                           or (w.workout_category <> 'gym'
                               and w.program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[]))))
              and not exists (
                select from workouts w where w.id = practice_assignments.workout_id
                  and not ((w.workout_category = 'gym'
                            and w.program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
                           or (w.workout_category <> 'gym'
                               and w.program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[])))));
create policy practice_assignments_delete on practice_assignments for delete to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids_with('plan'))::uuid[])
         and not exists (
           select from practice_session_workouts e join workouts w on w.id = e.workout_id
           where e.practice_session_id = practice_assignments.practice_session_id
             and (practice_assignments.practice_session_workout_id is null
                  or e.id = practice_assignments.practice_session_workout_id)
             and not ((w.workout_category = 'gym'
                       and w.program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
                      or (w.workout_category <> 'gym'
                          and w.program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[]))))
         and not exists (
           select from workouts w where w.id = practice_assignments.workout_id
             and not ((w.workout_category = 'gym'
                       and w.program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
                      or (w.workout_category <> 'gym'
                          and w.program_id = any ((select app_private.staff_program_ids_with('plan_run'))::uuid[])))));

drop policy strength_maxes_insert on strength_maxes;
drop policy strength_maxes_update on strength_maxes;
drop policy strength_maxes_delete on strength_maxes;
create policy strength_maxes_insert on strength_maxes for insert to trainingops_app
  with check (program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[])
              and athlete_id = any ((select app_private.staff_athlete_ids())::uuid[]));
create policy strength_maxes_update on strength_maxes for update to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]))
  with check (program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[])
              and athlete_id = any ((select app_private.staff_athlete_ids())::uuid[]));
create policy strength_maxes_delete on strength_maxes for delete to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids_with('plan_gym'))::uuid[]));

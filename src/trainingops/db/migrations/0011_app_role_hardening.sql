-- =====================================================================================================
-- 0011 — The database holds its rules against the API role itself (issue 11).
--
-- The API connects as trainingops_app and says who it acts for in app.user_id, a setting it controls. Until
-- now "no identity" meant "administrative connection" to the session triggers, and a statement that blanked
-- the setting on its second row skipped every column rule. From here on:
--   1. Administrative is a property of the ROLE (superuser or BYPASSRLS: migrations, the demo loader,
--      maintenance), never of a setting. For the API role a missing identity is an error, and the identity
--      cannot change within a transaction once a write has used it.
--   2. The API role chooses no primary key and writes no derived column: INSERT and UPDATE are granted per
--      column (ids, created_at, updated_at, version and program_ids are the server's).
--   3. Roster entries are not written by the API role at all (no route writes them yet; issue 14 adds an
--      invitation flow that the receiving program cannot complete alone).
--   4. Lineage (practice_session_id, practice_session_workout_id, workout_id) is null on self-assigned sessions
--      and names rows of the session's own program otherwise.
--   5. Activity files: stored ids and import metadata only (no session snapshots); uniqueness per uploader
--      (a hidden import by someone else is neither revealed nor blocking); a file may only name sessions of its
--      athlete that the uploader can see; the bytes of a file are readable by its athlete, and by staff only
--      when they can see every session the file filled.
-- docs/security.md states each rule with the test that holds it.
-- =====================================================================================================

-- -----------------------------------------------------------------------------------------------------
-- 1. Who is administrative, and one identity per transaction
-- -----------------------------------------------------------------------------------------------------

-- The login role of the connection (session_user: SET ROLE does not change it, and the API role cannot SET
-- ROLE to anything) is a superuser or bypasses row-level security.
create function app_private.is_administrative() returns boolean
language sql stable security definer set search_path = pg_catalog
as $$ select coalesce((select r.rolsuper or r.rolbypassrls from pg_catalog.pg_roles r where r.rolname = session_user),
                      false) $$;
comment on function app_private.is_administrative() is
  'True when the connection''s login role is a superuser or bypasses RLS (migrations, demo loader, maintenance).';

-- The identity each backend's current transaction acts as, recorded at its first write. Unlogged: it only has
-- to outlive a transaction, and one row per backend is kept (overwritten by the next transaction).
create unlogged table app_private.transaction_identities (
  backend_pid    integer primary key,
  transaction_id xid8 not null,
  user_id        uuid not null
);
comment on table app_private.transaction_identities is
  'Per backend: the identity (app.user_id) its current write transaction acts as; a later different one is refused.';

-- The identity a write by the API role acts as: required, and the same for the whole transaction.
create function app_private.acting_user_id() returns uuid
language plpgsql volatile security definer set search_path = pg_catalog
as $$
declare
  claimed uuid := app_private.current_user_id();
  recorded app_private.transaction_identities;
begin
  if claimed is null then
    raise exception using errcode = 'insufficient_privilege',
      message = 'This write needs the caller''s identity (app.user_id), set for the whole transaction.';
  end if;
  select * into recorded from app_private.transaction_identities t where t.backend_pid = pg_catalog.pg_backend_pid();
  if recorded.transaction_id is distinct from pg_catalog.pg_current_xact_id() then
    insert into app_private.transaction_identities (backend_pid, transaction_id, user_id)
    values (pg_catalog.pg_backend_pid(), pg_catalog.pg_current_xact_id(), claimed)
    on conflict (backend_pid) do update set transaction_id = excluded.transaction_id, user_id = excluded.user_id;
  elsif recorded.user_id <> claimed then
    raise exception using errcode = 'insufficient_privilege',
      message = 'The caller''s identity (app.user_id) changed within a transaction; a transaction acts for one user.';
  end if;
  return claimed;
end
$$;
comment on function app_private.acting_user_id() is
  'app.user_id for a write by a non-administrative role: raises when missing or when it changed within the transaction.';

-- Session column rules: the same rules as 0002, now with "administrative" decided by role, and no identity
-- for the API role an error. The program_ids refresh that roster and season triggers run (nested, changing
-- program_ids only) passes; nothing else does without the rules.
create or replace function app_private.guard_session_update() returns trigger
language plpgsql security definer set search_path = pg_catalog
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

-- program_ids is computed here, always; a direct write of it by a non-administrative role is refused (the
-- column grants below already refuse it; this holds even if a grant is ever widened by mistake).
create or replace function app_private.set_session_program_ids() returns trigger
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
  elsif new.program_ids is distinct from old.program_ids and pg_catalog.pg_trigger_depth() < 2
        and not app_private.is_administrative() then
    raise exception using errcode = 'insufficient_privilege',
      message = 'program_ids is kept by the database and cannot be written.';
  end if;
  return new;
end
$$;

-- History: changed_by is the identity the write acted as (checked: present and unchanged for the API role);
-- null only for administrative connections.
create or replace function app_private.record_session_history() returns trigger
language plpgsql security definer set search_path = pg_catalog
as $$
declare
  skip constant text[] := '{updated_at,version,created_at,program_ids,session_date}';
  actor uuid;
begin
  -- Statement triggers fire for statements that touched no row too: those record nothing and need no identity.
  if tg_op = 'DELETE' then
    if not exists (select from old_rows) then
      return null;
    end if;
  elsif not exists (select from new_rows) then
    return null;
  end if;
  actor := case when app_private.is_administrative() then app_private.current_user_id()
                else app_private.acting_user_id() end;
  if tg_op = 'INSERT' then
    insert into public.athlete_training_session_history (session_id, athlete_id, operation, changed_by, changes)
    select n.id, n.athlete_id, 'insert', actor, jsonb_strip_nulls(to_jsonb(n)) - skip
    from new_rows n;
  elsif tg_op = 'UPDATE' then
    insert into public.athlete_training_session_history (session_id, athlete_id, operation, changed_by, changes)
    select n.id, n.athlete_id, 'update', actor, d.changes
    from new_rows n
    join old_rows o on o.id = n.id
    cross join lateral (
      select jsonb_object_agg(ne.key, jsonb_build_object('old', oe.value, 'new', ne.value)) as changes
      from jsonb_each(to_jsonb(n)) ne join jsonb_each(to_jsonb(o)) oe on oe.key = ne.key
      where ne.key <> all (skip) and ne.value is distinct from oe.value) d
    where d.changes is not null;
  else
    insert into public.athlete_training_session_history (session_id, athlete_id, operation, changed_by, changes)
    select o.id, o.athlete_id, 'delete', actor, jsonb_strip_nulls(to_jsonb(o)) - skip
    from old_rows o;
  end if;
  return null;
end
$$;

revoke all on function app_private.is_administrative(), app_private.acting_user_id() from public;

-- -----------------------------------------------------------------------------------------------------
-- 4. Lineage names the session's own program, and never a self-assigned session
-- -----------------------------------------------------------------------------------------------------
create function app_private.check_session_lineage() returns trigger
language plpgsql security definer set search_path = pg_catalog
as $$
declare
  written uuid[];
  self_assigned boolean;
  foreign_lineage boolean;
begin
  -- The rows whose lineage is set and (on update) changed along with their coach: the only ones to check.
  if tg_op = 'INSERT' then
    written := array(select n.id from new_rows n
                     where num_nonnulls(n.practice_session_id, n.practice_session_workout_id, n.workout_id) > 0);
  else
    written := array(select n.id from new_rows n join old_rows o on o.id = n.id
                     where num_nonnulls(n.practice_session_id, n.practice_session_workout_id, n.workout_id) > 0
                       and (o.practice_session_id, o.practice_session_workout_id, o.workout_id, o.coach_member_id)
                           is distinct from (n.practice_session_id, n.practice_session_workout_id, n.workout_id,
                                             n.coach_member_id));
  end if;
  if cardinality(written) = 0 then
    return null;
  end if;
  -- Checked per distinct combination (publishing writes a practice's many sessions with a handful of them).
  select bool_or(c.source = 'self_assigned'),
         bool_or(c.source = 'coach_assigned' and (
           (c.practice_session_id is not null and not exists (
              select from public.practice_sessions p where p.id = c.practice_session_id and p.program_id = c.program_id))
           or (c.practice_session_workout_id is not null and not exists (
              select from public.practice_session_workouts e
              where e.id = c.practice_session_workout_id and e.practice_session_id = c.practice_session_id
                and e.program_id = c.program_id))
           or (c.workout_id is not null and not exists (
              select from public.workouts wo where wo.id = c.workout_id and wo.program_id = c.program_id))))
  into self_assigned, foreign_lineage
  from (select distinct n.source, n.practice_session_id, n.practice_session_workout_id, n.workout_id, pm.program_id
        from new_rows n left join public.program_members pm on pm.id = n.coach_member_id
        where n.id = any (written)) c;
  if self_assigned then
    perform app_private.raise_rule('sessions_lineage_not_self_assigned',
      'A self-assigned session cannot name a practice or a workout; only publishing a practice sets them.');
  end if;
  if foreign_lineage then
    perform app_private.raise_rule('sessions_lineage_same_program',
      'A session can only name a practice and workout of its own program (its coach''s).');
  end if;
  return null;
end
$$;
revoke all on function app_private.check_session_lineage() from public;

-- Lineage written before this rule that breaks it is forgotten (the session stays; where it came from is lost,
-- as when a practice is deleted).
update athlete_training_sessions s
set practice_session_id = null, practice_session_workout_id = null, workout_id = null
where num_nonnulls(s.practice_session_id, s.practice_session_workout_id, s.workout_id) > 0
  and (s.source = 'self_assigned'
       or (s.practice_session_id is not null and not exists (
             select from practice_sessions p join program_members pm on pm.program_id = p.program_id
             where p.id = s.practice_session_id and pm.id = s.coach_member_id))
       or (s.practice_session_workout_id is not null and not exists (
             select from practice_session_workouts e join program_members pm on pm.program_id = e.program_id
             where e.id = s.practice_session_workout_id and e.practice_session_id = s.practice_session_id
               and pm.id = s.coach_member_id))
       or (s.workout_id is not null and not exists (
             select from workouts w join program_members pm on pm.program_id = w.program_id
             where w.id = s.workout_id and pm.id = s.coach_member_id)));

create trigger sessions_lineage_insert after insert on athlete_training_sessions
  referencing new table as new_rows for each statement execute function app_private.check_session_lineage();
create trigger sessions_lineage_update after update on athlete_training_sessions
  referencing old table as old_rows new table as new_rows
  for each statement execute function app_private.check_session_lineage();

-- -----------------------------------------------------------------------------------------------------
-- 3. Roster entries: read only for the API role
-- -----------------------------------------------------------------------------------------------------
drop policy roster_entries_insert on roster_entries;
drop policy roster_entries_update on roster_entries;
drop policy roster_entries_delete on roster_entries;
revoke insert, update, delete on roster_entries from trainingops_app;

-- -----------------------------------------------------------------------------------------------------
-- 5. Activity files
-- -----------------------------------------------------------------------------------------------------
-- Stored results keep what the import did per segment, never the sessions' contents.
update activity_files f
set result = jsonb_build_object('segments', (
  select coalesce(jsonb_agg(e.segment - 'session' order by e.n), '[]')
  from jsonb_array_elements(f.result -> 'segments') with ordinality e(segment, n)));
comment on column activity_files.result is
  '{"segments": [{index, action, sport, sub_sport, workout_category, quality}]}: what the import did with each '
  'segment, in file order (session_ids[n] is the session of segment n). No session contents: an answer is built '
  'from the sessions as they are, under the caller''s access.';

alter table activity_files drop constraint activity_files_one_per_athlete_and_content;
alter table activity_files add constraint activity_files_one_per_uploader
  unique (athlete_id, sha256, uploaded_by);
comment on constraint activity_files_one_per_uploader on activity_files is
  'You have already imported this file for this athlete.';

-- An uploader keeps seeing their own uploads while they are staff of the athlete's program (even after the
-- file's sessions changed hands), so their re-upload is a replay, never a conflict.
drop policy activity_files_select on activity_files;
create policy activity_files_select on activity_files for select to trainingops_app
  using (athlete_id = (select app_private.my_athlete_id())
         or exists (select from athlete_training_sessions s where s.id = any (session_ids))
         or (uploaded_by = (select app_private.current_user_id())
             and athlete_id = any ((select app_private.staff_athlete_ids())::uuid[])));

-- The file names only sessions of its own athlete that the uploader can see (the sessions' policy applies
-- inside the sub-select), so nobody plants a file on another program's session.
drop policy activity_files_insert on activity_files;
create policy activity_files_insert on activity_files for insert to trainingops_app
  with check (uploaded_by = (select app_private.current_user_id())
              and (athlete_id = (select app_private.my_athlete_id())
                   or athlete_id = any ((select app_private.staff_athlete_ids())::uuid[]))
              and not exists (select from unnest(session_ids) as named(id)
                              where not exists (select from athlete_training_sessions s
                                                where s.id = named.id and s.athlete_id = activity_files.athlete_id)));

-- The bytes. The athlete may always read their file; anyone else only when every existing session the file
-- filled is one they see (the sessions_select rule, restated here because a definer function cannot ask the
-- policy for another role: athlete is the caller, or the session belongs to one of the caller's programs).
create function app_private.activity_file_content(p_file_id uuid) returns bytea
language plpgsql stable security definer set search_path = pg_catalog
as $$
declare
  me uuid := app_private.my_athlete_id();
  programs uuid[] := app_private.staff_program_ids();
begin
  return (
    select f.content from public.activity_files f
    where f.id = p_file_id
      and (f.athlete_id = me
           or (cardinality(programs) > 0
               and exists (select from public.athlete_training_sessions s
                           where s.id = any (f.session_ids) and s.program_ids && programs)
               and not exists (select from public.athlete_training_sessions s
                               where s.id = any (f.session_ids) and not (s.program_ids && programs)))));
end
$$;
comment on function app_private.activity_file_content(uuid) is
  'The stored bytes of an activity file for its athlete, or for staff who see every session it filled; else null.';
revoke all on function app_private.activity_file_content(uuid) from public;
grant execute on function app_private.activity_file_content(uuid) to trainingops_app;

-- -----------------------------------------------------------------------------------------------------
-- 2. Column grants: the API role writes no id, no bookkeeping column, no derived column
-- -----------------------------------------------------------------------------------------------------
revoke insert, update on event_groups, athlete_training_sessions, training_events, workouts, workout_steps,
  practice_sessions, practice_session_workouts, practice_assignments, strength_maxes, activity_files,
  session_imports, calendar_feeds, program_load_settings from trainingops_app;
revoke select on activity_files from trainingops_app;

grant insert (program_id, name), update (name) on event_groups to trainingops_app;

grant insert (athlete_id, source, coach_member_id, team_season_id, scheduled_date, completed_at, workout_category,
              title, planned_description, planned_distance_m, planned_duration_sec, planned_rpe, actual_distance_m,
              actual_duration_sec, actual_rpe, actual_description, metrics_json, practice_session_id,
              practice_session_workout_id, workout_id),
      -- athlete_id and source stay updatable so the guard answers with its own sentence (sessions_identity_locked)
      update (athlete_id, source, coach_member_id, team_season_id, scheduled_date, completed_at, workout_category,
              title, planned_description, planned_distance_m, planned_duration_sec, planned_rpe, actual_distance_m,
              actual_duration_sec, actual_rpe, actual_description, metrics_json, practice_session_id,
              practice_session_workout_id, workout_id)
  on athlete_training_sessions to trainingops_app;

grant insert (program_id, name, workout_category, measure, description),
      update (name, workout_category, measure, description)
  on training_events to trainingops_app;
grant insert (program_id, name, workout_category, description, planned_distance_m, planned_duration_sec, planned_rpe),
      update (name, workout_category, description, planned_distance_m, planned_duration_sec, planned_rpe)
  on workouts to trainingops_app;
grant insert (program_id, workout_id, parent_step_id, position, repeat_count, training_event_id, target_distance_m,
              target_duration_sec, sets, reps, load_kg, load_pct_1rm, intensity_rpe, pace_min_sec_per_km,
              pace_max_sec_per_km, hr_zone, rest_sec, notes),
      update (position, repeat_count, training_event_id, target_distance_m, target_duration_sec, sets, reps, load_kg,
              load_pct_1rm, intensity_rpe, pace_min_sec_per_km, pace_max_sec_per_km, hr_zone, rest_sec, notes)
  on workout_steps to trainingops_app;
grant insert (program_id, team_season_id, practice_date, start_time, location, title, notes, status, published_at,
              published_by_member_id),
      update (team_season_id, practice_date, start_time, location, title, notes, status, published_at,
              published_by_member_id)
  on practice_sessions to trainingops_app;
grant insert (program_id, practice_session_id, workout_id, event_group_id, position),
      update (workout_id, event_group_id, position)
  on practice_session_workouts to trainingops_app;
grant insert (program_id, practice_session_id, athlete_id, kind, practice_session_workout_id, workout_id,
              distance_pct, duration_pct, rpe_shift, note),
      update (kind, practice_session_workout_id, workout_id, distance_pct, duration_pct, rpe_shift, note)
  on practice_assignments to trainingops_app;
grant insert (program_id, athlete_id, training_event_id, one_rm_kg, tested_on),
      update (one_rm_kg, tested_on)
  on strength_maxes to trainingops_app;

grant select (id, athlete_id, sha256, filename, format, size_bytes, uploaded_by, created_at, session_ids, result),
      insert (athlete_id, sha256, filename, format, size_bytes, content, uploaded_by, session_ids, result)
  on activity_files to trainingops_app;
grant insert (user_id, idempotency_key, body_sha256, response) on session_imports to trainingops_app;
grant insert (user_id, token_sha256, athlete_id, team_season_id), update (revoked_at)
  on calendar_feeds to trainingops_app;
grant insert (program_id, acute_days, chronic_days, ctl_days, atl_days, smoothing, monotony_ddof, updated_by),
      update (acute_days, chronic_days, ctl_days, atl_days, smoothing, monotony_ddof, updated_by)
  on program_load_settings to trainingops_app;

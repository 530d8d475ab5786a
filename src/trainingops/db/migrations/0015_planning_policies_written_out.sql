-- =====================================================================================================
-- 0015 — The planning tables' policies written out, one statement each (0004 generated them in a loop, so
-- `grep "create policy workouts_select"` found nothing). The same rules, unchanged: staff of the program read
-- and write its rows (overrides and maxes only for athletes of their rosters); athletes read what was assigned
-- to them. Dropped and re-created in one transaction, so no moment runs without them.
--
-- Also: functions created from here on are not executable by PUBLIC unless granted (one default privilege
-- instead of a revoke after every function).
-- =====================================================================================================

alter default privileges for role trainingops_owner revoke execute on functions from public;

-- -----------------------------------------------------------------------------------------------------
-- training_events: staff of the program; athletes read events used by the workouts of their sessions
-- -----------------------------------------------------------------------------------------------------
drop policy training_events_select on training_events;
drop policy training_events_insert on training_events;
drop policy training_events_update on training_events;
drop policy training_events_delete on training_events;
create policy training_events_select on training_events for select to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[])
         or (id in (select ws.training_event_id from workout_steps ws
                      where ws.workout_id = any ((select app_private.my_workout_ids())::uuid[]))));
create policy training_events_insert on training_events for insert to trainingops_app
  with check (program_id = any ((select app_private.staff_program_ids())::uuid[]));
create policy training_events_update on training_events for update to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[]))
  with check (program_id = any ((select app_private.staff_program_ids())::uuid[]));
create policy training_events_delete on training_events for delete to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[]));

-- -----------------------------------------------------------------------------------------------------
-- workouts: staff of the program; athletes read the workouts of their sessions
-- -----------------------------------------------------------------------------------------------------
drop policy workouts_select on workouts;
drop policy workouts_insert on workouts;
drop policy workouts_update on workouts;
drop policy workouts_delete on workouts;
create policy workouts_select on workouts for select to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[])
         or (id = any ((select app_private.my_workout_ids())::uuid[])));
create policy workouts_insert on workouts for insert to trainingops_app
  with check (program_id = any ((select app_private.staff_program_ids())::uuid[]));
create policy workouts_update on workouts for update to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[]))
  with check (program_id = any ((select app_private.staff_program_ids())::uuid[]));
create policy workouts_delete on workouts for delete to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[]));

-- -----------------------------------------------------------------------------------------------------
-- workout_steps: staff of the program; athletes read the steps of those workouts
-- -----------------------------------------------------------------------------------------------------
drop policy workout_steps_select on workout_steps;
drop policy workout_steps_insert on workout_steps;
drop policy workout_steps_update on workout_steps;
drop policy workout_steps_delete on workout_steps;
create policy workout_steps_select on workout_steps for select to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[])
         or (workout_id = any ((select app_private.my_workout_ids())::uuid[])));
create policy workout_steps_insert on workout_steps for insert to trainingops_app
  with check (program_id = any ((select app_private.staff_program_ids())::uuid[]));
create policy workout_steps_update on workout_steps for update to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[]))
  with check (program_id = any ((select app_private.staff_program_ids())::uuid[]));
create policy workout_steps_delete on workout_steps for delete to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[]));

-- -----------------------------------------------------------------------------------------------------
-- practice_sessions: staff of the program; athletes read published practices that gave them a session
-- -----------------------------------------------------------------------------------------------------
drop policy practice_sessions_select on practice_sessions;
drop policy practice_sessions_insert on practice_sessions;
drop policy practice_sessions_update on practice_sessions;
drop policy practice_sessions_delete on practice_sessions;
create policy practice_sessions_select on practice_sessions for select to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[])
         or (id = any ((select app_private.my_practice_ids())::uuid[])));
create policy practice_sessions_insert on practice_sessions for insert to trainingops_app
  with check (program_id = any ((select app_private.staff_program_ids())::uuid[]));
create policy practice_sessions_update on practice_sessions for update to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[]))
  with check (program_id = any ((select app_private.staff_program_ids())::uuid[]));
create policy practice_sessions_delete on practice_sessions for delete to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[]));

-- -----------------------------------------------------------------------------------------------------
-- practice_session_workouts: staff of the program; athletes read those practices' workouts for their event groups or for everyone
-- -----------------------------------------------------------------------------------------------------
drop policy practice_session_workouts_select on practice_session_workouts;
drop policy practice_session_workouts_insert on practice_session_workouts;
drop policy practice_session_workouts_update on practice_session_workouts;
drop policy practice_session_workouts_delete on practice_session_workouts;
create policy practice_session_workouts_select on practice_session_workouts for select to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[])
         or (practice_session_id = any ((select app_private.my_practice_ids())::uuid[])
             and (event_group_id is null or event_group_id = any ((select app_private.my_event_group_ids())::uuid[]))));
create policy practice_session_workouts_insert on practice_session_workouts for insert to trainingops_app
  with check (program_id = any ((select app_private.staff_program_ids())::uuid[]));
create policy practice_session_workouts_update on practice_session_workouts for update to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[]))
  with check (program_id = any ((select app_private.staff_program_ids())::uuid[]));
create policy practice_session_workouts_delete on practice_session_workouts for delete to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[]));

-- -----------------------------------------------------------------------------------------------------
-- practice_assignments: staff of the program; athletes read their own overrides on those practices
-- -----------------------------------------------------------------------------------------------------
drop policy practice_assignments_select on practice_assignments;
drop policy practice_assignments_insert on practice_assignments;
drop policy practice_assignments_update on practice_assignments;
drop policy practice_assignments_delete on practice_assignments;
create policy practice_assignments_select on practice_assignments for select to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[])
         or (athlete_id = (select app_private.my_athlete_id())
             and practice_session_id = any ((select app_private.my_practice_ids())::uuid[])));
create policy practice_assignments_insert on practice_assignments for insert to trainingops_app
  with check (program_id = any ((select app_private.staff_program_ids())::uuid[])
              and athlete_id = any ((select app_private.staff_athlete_ids())::uuid[]));
create policy practice_assignments_update on practice_assignments for update to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[]))
  with check (program_id = any ((select app_private.staff_program_ids())::uuid[])
              and athlete_id = any ((select app_private.staff_athlete_ids())::uuid[]));
create policy practice_assignments_delete on practice_assignments for delete to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[]));

-- -----------------------------------------------------------------------------------------------------
-- strength_maxes: staff of the program; athletes read their own maxes
-- -----------------------------------------------------------------------------------------------------
drop policy strength_maxes_select on strength_maxes;
drop policy strength_maxes_insert on strength_maxes;
drop policy strength_maxes_update on strength_maxes;
drop policy strength_maxes_delete on strength_maxes;
create policy strength_maxes_select on strength_maxes for select to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[])
         or (athlete_id = (select app_private.my_athlete_id())));
create policy strength_maxes_insert on strength_maxes for insert to trainingops_app
  with check (program_id = any ((select app_private.staff_program_ids())::uuid[])
              and athlete_id = any ((select app_private.staff_athlete_ids())::uuid[]));
create policy strength_maxes_update on strength_maxes for update to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[]))
  with check (program_id = any ((select app_private.staff_program_ids())::uuid[])
              and athlete_id = any ((select app_private.staff_athlete_ids())::uuid[]));
create policy strength_maxes_delete on strength_maxes for delete to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[]));

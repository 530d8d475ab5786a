-- =====================================================================================================
-- 0013 — Planning contracts (issue 12, item 3): the coach's session RPE is kept; a practice lies within its
-- season; an override changes a workout the athlete is given; a practice's version covers its workouts and
-- overrides, so its ETag protects publish and cancel.
-- =====================================================================================================

-- -----------------------------------------------------------------------------------------------------
-- workouts.planned_rpe: the coach's rating, or an estimate from the steps
--
-- Session RPE is one rating of the whole session (Foster et al. 2001, J Strength Cond Res 15(1):109-115),
-- not an average of its parts: a duration-weighted mean of the steps' RPE dilutes hard repeats with their
-- easy recoveries (4 × 400 m at 8 with 200 m jogs at 3 averages 4). A value the coach sets is kept — step
-- edits leave it alone; without one, the estimate from the steps is stored, marked as such, and recomputed
-- whenever the steps change.
--
-- Existing workouts: before this migration the steps' estimate replaced any value the coach gave, so a workout
-- with an RPE target on any step holds an estimate ('steps', the default). One whose steps carry no RPE target
-- (or that has no steps) can only hold what the coach typed: it is marked 'coach'. Coach values that were
-- overwritten cannot be recovered; those workouts show as estimated until a coach sets one.
-- -----------------------------------------------------------------------------------------------------
alter table workouts
  add column planned_rpe_source text not null default 'steps',
  add constraint workouts_rpe_source_valid check (planned_rpe_source in ('coach', 'steps')),
  add constraint workouts_coach_rpe_given check (planned_rpe_source <> 'coach' or planned_rpe is not null);
alter table workouts
  add column planned_rpe_estimated boolean
    generated always as (planned_rpe is not null and planned_rpe_source = 'steps') stored;

-- The API role writes the source with the value (it holds INSERT/UPDATE per column: migration 0011).
grant insert (planned_rpe_source), update (planned_rpe_source) on workouts to trainingops_app;

update workouts w set planned_rpe_source = 'coach'
where w.planned_rpe is not null
  and not exists (select from workout_steps ws where ws.workout_id = w.id and ws.intensity_rpe is not null);

comment on column workouts.planned_rpe is
  'Planned session RPE, 1–10: a whole-session rating (Foster et al. 2001). The coach''s value when '
  'planned_rpe_source = ''coach''; otherwise an estimate from the steps (the duration-weighted mean of their RPE '
  'targets, rounded), recomputed when the steps change.';
comment on column workouts.planned_rpe_source is
  '''coach'': set by the coach and kept when the steps change; ''steps'': estimated from the steps (null when they '
  'carry no RPE target).';
comment on column workouts.planned_rpe_estimated is 'True when planned_rpe is an estimate from the steps, not the coach''s rating.';
comment on constraint workouts_rpe_source_valid on workouts is 'The source of a planned RPE must be coach or steps.';
comment on constraint workouts_coach_rpe_given on workouts is 'A coach''s planned RPE needs a value between 1 and 10.';

-- -----------------------------------------------------------------------------------------------------
-- A practice lies within its season
--
-- Checked on every insert and update of a practice, except an update that leaves a cancelled practice where it
-- is (inert history): a practice dated outside its season (left by earlier versions) cannot be published or
-- changed until it is moved, but it can be cancelled or deleted. A season's dates cannot change so that a
-- practice that is not cancelled falls outside: move, cancel or delete that practice first.
-- -----------------------------------------------------------------------------------------------------
create function app_private.check_practice_in_season() returns trigger
language plpgsql
security definer
set search_path = pg_catalog
as $$
begin
  if tg_op = 'UPDATE' and new.status = 'cancelled'
     and new.practice_date = old.practice_date and new.team_season_id = old.team_season_id then
    return null;
  end if;
  if not exists (select from public.team_seasons s
                 where s.id = new.team_season_id and new.practice_date between s.start_date and s.end_date) then
    perform app_private.raise_rule('practice_sessions_date_in_season',
      'A practice must be dated within its season, from the season''s first day to its last.');
  end if;
  return null;
end
$$;
revoke all on function app_private.check_practice_in_season() from public;
create constraint trigger practice_sessions_date_in_season after insert or update on practice_sessions
  for each row execute function app_private.check_practice_in_season();
comment on constraint practice_sessions_date_in_season on practice_sessions is
  'A practice must be dated within its season, from the season''s first day to its last.';

create function app_private.check_season_keeps_practices() returns trigger
language plpgsql
security definer
set search_path = pg_catalog
as $$
begin
  if exists (select from public.practice_sessions p
             where p.team_season_id = new.id and p.status <> 'cancelled'
               and p.practice_date not between new.start_date and new.end_date) then
    perform app_private.raise_rule('team_seasons_practices_in_season',
      'The season''s new dates would leave some of its practices outside it: move, cancel or delete those '
      'practices first.');
  end if;
  return null;
end
$$;
revoke all on function app_private.check_season_keeps_practices() from public;
create constraint trigger team_seasons_practices_in_season after update of start_date, end_date on team_seasons
  for each row execute function app_private.check_season_keeps_practices();
comment on constraint team_seasons_practices_in_season on team_seasons is
  'The season''s new dates would leave some of its practices outside it: move, cancel or delete those practices '
  'first.';

-- -----------------------------------------------------------------------------------------------------
-- An exclude, scale or replace override changes a workout the practice gives the athlete
--
-- The athlete must be on the season's roster on the practice date (not inactive, within joined/left) and, when
-- the override names a practice workout, that workout must be this practice's and meant for the athlete's event
-- group (or for everyone). Otherwise the override would change nothing. An add override gives the athlete a
-- workout of their own and needs neither. Checked when an override is written; when the roster, an event group
-- or the practice date changes later, publishing reports the overrides that no longer apply.
-- -----------------------------------------------------------------------------------------------------
create function app_private.check_override_applies() returns trigger
language plpgsql
security definer
set search_path = pg_catalog
as $$
begin
  if new.kind = 'add' then
    return null;
  end if;
  if not exists (
    select from public.practice_sessions p
    join public.roster_entries r on r.team_season_id = p.team_season_id and r.athlete_id = new.athlete_id
    left join public.practice_session_workouts e
      on e.id = new.practice_session_workout_id and e.practice_session_id = p.id
    where p.id = new.practice_session_id
      and r.status <> 'inactive'
      and (r.joined_on is null or r.joined_on <= p.practice_date)
      and (r.left_on is null or r.left_on >= p.practice_date)
      and (new.practice_session_workout_id is null
           or e.id is not null and (e.event_group_id is null or e.event_group_id = r.event_group_id))) then
    perform app_private.raise_rule('practice_assignments_athlete_gets_workout',
      'This practice does not give the athlete that workout (not on the season''s roster on the practice date, '
      'or not in the workout''s event group), so the override would change nothing. Exclude, scale and replace '
      'change a workout the athlete is given; use add to give them one.');
  end if;
  return null;
end
$$;
revoke all on function app_private.check_override_applies() from public;
create constraint trigger practice_assignments_athlete_gets_workout
  after insert or update of practice_session_id, athlete_id, kind, practice_session_workout_id
  on practice_assignments
  for each row execute function app_private.check_override_applies();
comment on constraint practice_assignments_athlete_gets_workout on practice_assignments is
  'This practice does not give the athlete that workout (not on the season''s roster on the practice date, or not '
  'in the workout''s event group), so the override would change nothing. Exclude, scale and replace change a '
  'workout the athlete is given; use add to give them one.';

-- -----------------------------------------------------------------------------------------------------
-- A practice's version covers its workouts and overrides
--
-- Adding, changing or removing a practice workout or an override bumps the practice's version (and
-- updated_at), so "publish what I read" (If-Match with the practice's ETag) fails with 412 when another coach
-- changed any of it since. SECURITY DEFINER: the bump must happen whoever wrote the child row.
-- -----------------------------------------------------------------------------------------------------
create function app_private.touch_parent_practice() returns trigger
language plpgsql
security definer
set search_path = pg_catalog
as $$
begin
  if tg_op <> 'INSERT' then
    update public.practice_sessions set updated_at = now() where id = old.practice_session_id;
  end if;
  if tg_op = 'INSERT' or new.practice_session_id <> old.practice_session_id then
    update public.practice_sessions set updated_at = now() where id = new.practice_session_id;
  end if;
  return null;
end
$$;
revoke all on function app_private.touch_parent_practice() from public;
comment on function app_private.touch_parent_practice() is
  'AFTER trigger on a practice''s workouts and overrides: bumps the practice''s version (its ETag) and updated_at.';
create trigger practice_session_workouts_touch_practice after insert or update or delete on practice_session_workouts
  for each row execute function app_private.touch_parent_practice();
create trigger practice_assignments_touch_practice after insert or update or delete on practice_assignments
  for each row execute function app_private.touch_parent_practice();

comment on column practice_sessions.version is
  'Incremented by a trigger on every change of the practice, its workouts or its overrides; used for optimistic '
  'concurrency (ETag): publish and cancel need it as If-Match.';
comment on column practice_sessions.updated_at is
  'When the practice, its workouts or its overrides last changed (kept by triggers).';

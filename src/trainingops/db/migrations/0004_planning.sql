-- =====================================================================================================
-- 0004 — The planning layer (spec §2): training events, workouts and their steps, practices with workouts per
-- event group, per-athlete overrides, and strength maxes for the S&C builder. Publishing a practice derives
-- athlete_training_sessions (the execution layer); the lineage columns of sessions now get foreign keys.
--
-- Every table is program-owned and carries program_id; "same program" rules are composite foreign keys to
-- (program_id, id). RLS: staff of the program read and write; athletes read what is assigned to them
-- (published practices, the workouts of their sessions, their own maxes); nobody crosses programs.
-- =====================================================================================================

-- -----------------------------------------------------------------------------------------------------
-- training_events
-- -----------------------------------------------------------------------------------------------------
create table training_events (
  id               uuid primary key default gen_random_uuid(),
  program_id       uuid not null references programs (id) on delete cascade,
  name             text not null,
  workout_category text not null,
  measure          text not null,
  description      text,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  version          integer not null default 1,
  constraint training_events_name_not_blank check (length(btrim(name)) between 1 and 120),
  constraint training_events_category_valid check (workout_category in ('run', 'gym', 'cross_training', 'other')),
  constraint training_events_measure_valid check (measure in ('distance', 'time', 'repetitions', 'load')),
  constraint training_events_description_length check (length(description) <= 4000),
  constraint training_events_program_id_id_key unique (program_id, id)
);
create unique index training_events_name_unique on training_events (program_id, lower(name));
create trigger training_events_touch before update on training_events
  for each row execute function app_private.touch_row();

comment on table training_events is
  'Atomic building blocks of workouts (400 m repeat, back squat, tempo km, ...): a program''s own library.';
comment on column training_events.program_id is 'The program whose library it belongs to.';
comment on column training_events.name is 'Name, unique within the program regardless of case.';
comment on column training_events.workout_category is '''run'', ''gym'', ''cross_training'' or ''other''.';
comment on column training_events.measure is 'What it is measured in: distance, time, repetitions or load.';
comment on column training_events.description is 'Coaching notes, cues.';
comment on constraint training_events_name_not_blank on training_events is 'Event name must be 1 to 120 characters.';
comment on constraint training_events_category_valid on training_events is
  'Workout category must be one of run, gym, cross_training, other.';
comment on constraint training_events_measure_valid on training_events is
  'Measure must be one of distance, time, repetitions, load.';
comment on constraint training_events_description_length on training_events is
  'Description can be at most 4,000 characters.';
comment on index training_events_name_unique is 'The program already has a training event with this name.';

-- -----------------------------------------------------------------------------------------------------
-- workouts and workout_steps
-- -----------------------------------------------------------------------------------------------------
create table workouts (
  id                   uuid primary key default gen_random_uuid(),
  program_id           uuid not null references programs (id) on delete cascade,
  name                 text not null,
  workout_category     text not null,
  description          text,
  planned_distance_m   integer,
  planned_duration_sec integer,
  planned_rpe          integer,
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now(),
  version              integer not null default 1,
  constraint workouts_name_not_blank check (length(btrim(name)) between 1 and 200),
  constraint workouts_category_valid check (workout_category in ('run', 'gym', 'cross_training', 'other')),
  constraint workouts_description_length check (length(description) <= 10000),
  constraint workouts_distance_range check (planned_distance_m between 0 and 1000000),
  constraint workouts_duration_range check (planned_duration_sec between 0 and 172800),
  constraint workouts_rpe_range check (planned_rpe between 1 and 10),
  constraint workouts_program_id_id_key unique (program_id, id)
);
create index workouts_program_idx on workouts (program_id, lower(name));
create trigger workouts_touch before update on workouts for each row execute function app_private.touch_row();

comment on table workouts is
  'Program-owned compositions of training events (steps); totals are derived from the steps when they are saved.';
comment on column workouts.program_id is 'The program whose library it belongs to.';
comment on column workouts.name is 'Name shown to athletes, e.g. "4 × (400 m, 200 m jog)".';
comment on column workouts.workout_category is '''run'', ''gym'', ''cross_training'' or ''other''.';
comment on column workouts.description is 'Purpose and notes; the rendered steps are added when published.';
comment on column workouts.planned_distance_m is 'Total planned distance of the steps (repeats multiplied out), metres.';
comment on column workouts.planned_duration_sec is 'Total planned time of the steps and their rests, seconds.';
comment on column workouts.planned_rpe is 'RPE estimate: the duration-weighted mean of the steps'' RPE targets, rounded.';
comment on constraint workouts_name_not_blank on workouts is 'Workout name must be 1 to 200 characters.';
comment on constraint workouts_category_valid on workouts is
  'Workout category must be one of run, gym, cross_training, other.';
comment on constraint workouts_description_length on workouts is 'Description can be at most 10,000 characters.';
comment on constraint workouts_distance_range on workouts is 'Planned distance must be between 0 and 1,000,000 m.';
comment on constraint workouts_duration_range on workouts is 'Planned duration must be between 0 and 172,800 s (48 hours).';
comment on constraint workouts_rpe_range on workouts is 'Planned RPE must be between 1 and 10.';

create table workout_steps (
  id                 uuid primary key default gen_random_uuid(),
  program_id         uuid not null,
  workout_id         uuid not null,
  parent_step_id     uuid references workout_steps (id) on delete cascade,
  position           integer not null,
  repeat_count       integer,
  training_event_id  uuid,
  target_distance_m  integer,
  target_duration_sec integer,
  sets               integer,
  reps               integer,
  load_kg            numeric(6, 1),
  load_pct_1rm       numeric(5, 1),
  intensity_rpe      integer,
  pace_min_sec_per_km integer,
  pace_max_sec_per_km integer,
  hr_zone            integer,
  rest_sec           integer,
  notes              text,
  constraint workout_steps_workout_fk foreign key (program_id, workout_id)
    references workouts (program_id, id) on delete cascade,
  constraint workout_steps_event_fk foreign key (program_id, training_event_id)
    references training_events (program_id, id),
  constraint workout_steps_position_unique unique nulls not distinct (workout_id, parent_step_id, position),
  constraint workout_steps_repeat_range check (repeat_count between 1 and 100),
  constraint workout_steps_block_or_event check ((repeat_count is null) <> (training_event_id is null)),
  constraint workout_steps_distance_range check (target_distance_m between 1 and 1000000),
  constraint workout_steps_duration_range check (target_duration_sec between 1 and 172800),
  constraint workout_steps_sets_range check (sets between 1 and 100),
  constraint workout_steps_reps_range check (reps between 1 and 1000),
  constraint workout_steps_load_one_unit check (load_kg is null or load_pct_1rm is null),
  constraint workout_steps_load_range check (load_kg between 0 and 1000 and load_pct_1rm between 1 and 120),
  constraint workout_steps_rpe_range check (intensity_rpe between 1 and 10),
  constraint workout_steps_pace_ordered check (pace_min_sec_per_km <= pace_max_sec_per_km),
  constraint workout_steps_pace_range check (pace_min_sec_per_km between 90 and 1800 and pace_max_sec_per_km between 90 and 1800),
  constraint workout_steps_hr_zone_range check (hr_zone between 1 and 5),
  constraint workout_steps_rest_range check (rest_sec between 0 and 7200),
  constraint workout_steps_notes_length check (length(notes) <= 2000)
);
create index workout_steps_workout_idx on workout_steps (workout_id, parent_step_id, position);

comment on table workout_steps is
  'Ordered steps of a workout. A step is either one training event with targets, or a repeat block '
  '(repeat_count) grouping child steps: "4 × (400 m at 5k pace, 200 m jog)".';
comment on column workout_steps.program_id is 'The workout''s program (kept here so same-program rules are foreign keys).';
comment on column workout_steps.workout_id is 'The workout.';
comment on column workout_steps.parent_step_id is 'The repeat block this step belongs to; null at the top level.';
comment on column workout_steps.position is 'Order among its siblings, from 1.';
comment on column workout_steps.repeat_count is 'For a repeat block: how many times its child steps are done.';
comment on column workout_steps.training_event_id is 'For a step: the training event done.';
comment on column workout_steps.target_distance_m is 'Target distance per repetition of the step, metres.';
comment on column workout_steps.target_duration_sec is 'Target time per repetition of the step, seconds.';
comment on column workout_steps.sets is 'Sets (strength work).';
comment on column workout_steps.reps is 'Repetitions per set.';
comment on column workout_steps.load_kg is 'Load in kilograms.';
comment on column workout_steps.load_pct_1rm is 'Load as a percentage of the athlete''s one-repetition maximum for this event.';
comment on column workout_steps.intensity_rpe is 'Intensity as RPE, 1–10.';
comment on column workout_steps.pace_min_sec_per_km is 'Fastest target pace, seconds per km.';
comment on column workout_steps.pace_max_sec_per_km is 'Slowest target pace, seconds per km.';
comment on column workout_steps.hr_zone is 'Target heart-rate zone, 1–5.';
comment on column workout_steps.rest_sec is 'Rest after the step (after each set for strength work), seconds.';
comment on column workout_steps.notes is 'Coaching notes for the step.';
comment on constraint workout_steps_workout_fk on workout_steps is 'The workout does not exist in this program.';
comment on constraint workout_steps_event_fk on workout_steps is
  'The training event does not exist in this program, or is still used by a workout step.';
comment on constraint workout_steps_position_unique on workout_steps is 'Two steps share a position.';
comment on constraint workout_steps_repeat_range on workout_steps is 'A repeat count must be between 1 and 100.';
comment on constraint workout_steps_block_or_event on workout_steps is
  'A step is either a training event or a repeat block of steps, not both.';
comment on constraint workout_steps_distance_range on workout_steps is 'Target distance must be between 1 and 1,000,000 m.';
comment on constraint workout_steps_duration_range on workout_steps is 'Target duration must be between 1 and 172,800 s.';
comment on constraint workout_steps_sets_range on workout_steps is 'Sets must be between 1 and 100.';
comment on constraint workout_steps_reps_range on workout_steps is 'Reps must be between 1 and 1,000.';
comment on constraint workout_steps_load_one_unit on workout_steps is 'Give a load in kg or in % of 1RM, not both.';
comment on constraint workout_steps_load_range on workout_steps is 'Load must be 0–1,000 kg or 1–120 % of 1RM.';
comment on constraint workout_steps_rpe_range on workout_steps is 'RPE must be between 1 and 10.';
comment on constraint workout_steps_pace_ordered on workout_steps is 'The fastest pace must not be slower than the slowest.';
comment on constraint workout_steps_pace_range on workout_steps is 'Paces must be between 1:30 and 30:00 per km.';
comment on constraint workout_steps_hr_zone_range on workout_steps is 'Heart-rate zone must be between 1 and 5.';
comment on constraint workout_steps_rest_range on workout_steps is 'Rest must be between 0 and 7,200 s.';
comment on constraint workout_steps_notes_length on workout_steps is 'Step notes can be at most 2,000 characters.';

-- -----------------------------------------------------------------------------------------------------
-- practices
-- -----------------------------------------------------------------------------------------------------
create table practice_sessions (
  id                     uuid primary key default gen_random_uuid(),
  program_id             uuid not null,
  team_season_id         uuid not null,
  practice_date          date not null,
  start_time             time,
  location               text,
  title                  text not null,
  notes                  text,
  status                 text not null default 'draft',
  published_at           timestamptz,
  published_by_member_id uuid references program_members (id) on delete set null,
  created_at             timestamptz not null default now(),
  updated_at             timestamptz not null default now(),
  version                integer not null default 1,
  constraint practice_sessions_season_fk foreign key (program_id, team_season_id)
    references team_seasons (program_id, id) on delete cascade,
  constraint practice_sessions_title_not_blank check (length(btrim(title)) between 1 and 200),
  constraint practice_sessions_location_length check (length(location) <= 200),
  constraint practice_sessions_notes_length check (length(notes) <= 10000),
  constraint practice_sessions_status_valid check (status in ('draft', 'published', 'cancelled')),
  constraint practice_sessions_program_id_id_key unique (program_id, id)
);
create index practice_sessions_season_date_idx on practice_sessions (team_season_id, practice_date);
create trigger practice_sessions_touch before update on practice_sessions
  for each row execute function app_private.touch_row();

comment on table practice_sessions is
  'A scheduled team practice of a season. Publishing it derives one athlete_training_sessions row per athlete '
  'and assigned workout; re-publishing updates them; cancelling removes the uncompleted ones.';
comment on column practice_sessions.program_id is 'The season''s program.';
comment on column practice_sessions.team_season_id is 'The season.';
comment on column practice_sessions.practice_date is 'Local date of the practice (the program''s time zone).';
comment on column practice_sessions.start_time is 'Local start time, when set.';
comment on column practice_sessions.location is 'Where (track, weight room, trail).';
comment on column practice_sessions.title is 'Title, e.g. "Tuesday workout".';
comment on column practice_sessions.notes is 'Notes for the staff and athletes.';
comment on column practice_sessions.status is 'draft, published or cancelled.';
comment on column practice_sessions.published_at is 'When it was last published.';
comment on column practice_sessions.published_by_member_id is 'Who last published it (their sessions name them as coach).';
comment on constraint practice_sessions_season_fk on practice_sessions is
  'The season does not exist or belongs to another program.';
comment on constraint practice_sessions_title_not_blank on practice_sessions is 'Title must be 1 to 200 characters.';
comment on constraint practice_sessions_location_length on practice_sessions is 'Location can be at most 200 characters.';
comment on constraint practice_sessions_notes_length on practice_sessions is 'Notes can be at most 10,000 characters.';
comment on constraint practice_sessions_status_valid on practice_sessions is
  'Status must be one of draft, published, cancelled.';

create table practice_session_workouts (
  id                  uuid primary key default gen_random_uuid(),
  program_id          uuid not null,
  practice_session_id uuid not null,
  workout_id          uuid not null,
  event_group_id      uuid,
  position            integer not null,
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now(),
  version             integer not null default 1,
  constraint practice_workouts_practice_fk foreign key (program_id, practice_session_id)
    references practice_sessions (program_id, id) on delete cascade,
  constraint practice_workouts_workout_fk foreign key (program_id, workout_id)
    references workouts (program_id, id),
  constraint practice_workouts_group_fk foreign key (program_id, event_group_id)
    references event_groups (program_id, id) on delete cascade,
  constraint practice_workouts_position_range check (position between 1 and 100),
  constraint practice_workouts_program_id_id_key unique (program_id, id)
);
create index practice_workouts_practice_idx on practice_session_workouts (practice_session_id, position);
create trigger practice_session_workouts_touch before update on practice_session_workouts
  for each row execute function app_private.touch_row();

comment on table practice_session_workouts is
  'Workouts assigned within a practice to an event group (or to everyone when event_group_id is null), in order.';
comment on column practice_session_workouts.program_id is 'The practice''s program.';
comment on column practice_session_workouts.practice_session_id is 'The practice.';
comment on column practice_session_workouts.workout_id is 'The workout.';
comment on column practice_session_workouts.event_group_id is 'The event group it is for; null = everyone on the roster.';
comment on column practice_session_workouts.position is 'Order within the practice, from 1.';
comment on constraint practice_workouts_practice_fk on practice_session_workouts is 'The practice does not exist in this program.';
comment on constraint practice_workouts_workout_fk on practice_session_workouts is
  'The workout does not exist in this program, or is still used by a practice.';
comment on constraint practice_workouts_group_fk on practice_session_workouts is 'The event group does not exist in this program.';
comment on constraint practice_workouts_position_range on practice_session_workouts is 'Position must be between 1 and 100.';

create table practice_assignments (
  id                          uuid primary key default gen_random_uuid(),
  program_id                  uuid not null,
  practice_session_id         uuid not null,
  athlete_id                  uuid not null references athletes (id) on delete cascade,
  kind                        text not null,
  practice_session_workout_id uuid,
  workout_id                  uuid,
  distance_pct                integer,
  duration_pct                integer,
  rpe_shift                   integer,
  note                        text,
  created_at                  timestamptz not null default now(),
  updated_at                  timestamptz not null default now(),
  version                     integer not null default 1,
  constraint practice_assignments_practice_fk foreign key (program_id, practice_session_id)
    references practice_sessions (program_id, id) on delete cascade,
  constraint practice_assignments_entry_fk foreign key (program_id, practice_session_workout_id)
    references practice_session_workouts (program_id, id) on delete cascade,
  constraint practice_assignments_workout_fk foreign key (program_id, workout_id)
    references workouts (program_id, id),
  constraint practice_assignments_kind_valid check (kind in ('exclude', 'replace', 'scale', 'add')),
  constraint practice_assignments_kind_fields check (case kind
    when 'exclude' then workout_id is null and distance_pct is null and duration_pct is null and rpe_shift is null
    when 'replace' then practice_session_workout_id is not null and workout_id is not null
                        and distance_pct is null and duration_pct is null and rpe_shift is null
    when 'scale' then workout_id is null and num_nonnulls(distance_pct, duration_pct, rpe_shift) > 0
    when 'add' then workout_id is not null and practice_session_workout_id is null
                    and distance_pct is null and duration_pct is null and rpe_shift is null
    end),
  constraint practice_assignments_pct_range check (distance_pct between 0 and 300 and duration_pct between 0 and 300),
  constraint practice_assignments_rpe_shift_range check (rpe_shift between -9 and 9),
  constraint practice_assignments_note_length check (length(note) <= 2000)
);
create index practice_assignments_practice_idx on practice_assignments (practice_session_id, athlete_id);
create trigger practice_assignments_touch before update on practice_assignments
  for each row execute function app_private.touch_row();

comment on table practice_assignments is
  'Per-athlete overrides on a practice: exclude the athlete (from the whole practice or one workout), replace a '
  'workout, scale distance/duration by a percentage or shift RPE, or add a workout; with a note (injury, '
  'travel, meet).';
comment on column practice_assignments.program_id is 'The practice''s program.';
comment on column practice_assignments.practice_session_id is 'The practice.';
comment on column practice_assignments.athlete_id is 'The athlete the override is for.';
comment on column practice_assignments.kind is 'exclude, replace, scale or add.';
comment on column practice_assignments.practice_session_workout_id is
  'The practice workout it applies to; null = every workout of the practice (exclude, scale).';
comment on column practice_assignments.workout_id is 'The replacement (replace) or extra (add) workout.';
comment on column practice_assignments.distance_pct is 'Scale: planned distance as a percentage of the workout''s.';
comment on column practice_assignments.duration_pct is 'Scale: planned duration as a percentage of the workout''s.';
comment on column practice_assignments.rpe_shift is 'Scale: added to the planned RPE (the result stays within 1–10).';
comment on column practice_assignments.note is 'Why: injury, travel, meet ...';
comment on constraint practice_assignments_practice_fk on practice_assignments is 'The practice does not exist in this program.';
comment on constraint practice_assignments_entry_fk on practice_assignments is 'The practice workout does not exist in this program.';
comment on constraint practice_assignments_workout_fk on practice_assignments is
  'The workout does not exist in this program, or is still used by an override.';
comment on constraint practice_assignments_kind_valid on practice_assignments is
  'Kind must be one of exclude, replace, scale, add.';
comment on constraint practice_assignments_kind_fields on practice_assignments is
  'exclude takes no workout or scaling; replace needs the practice workout and the replacement; scale needs a '
  'percentage or an RPE shift; add needs a workout and no practice workout.';
comment on constraint practice_assignments_pct_range on practice_assignments is 'Percentages must be between 0 and 300.';
comment on constraint practice_assignments_rpe_shift_range on practice_assignments is 'RPE shift must be between -9 and 9.';
comment on constraint practice_assignments_note_length on practice_assignments is 'Note can be at most 2,000 characters.';

-- -----------------------------------------------------------------------------------------------------
-- strength_maxes (S&C builder)
-- -----------------------------------------------------------------------------------------------------
create table strength_maxes (
  id                uuid primary key default gen_random_uuid(),
  program_id        uuid not null,
  athlete_id        uuid not null references athletes (id) on delete cascade,
  training_event_id uuid not null,
  one_rm_kg         numeric(6, 1) not null,
  tested_on         date not null,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  version           integer not null default 1,
  constraint strength_maxes_event_fk foreign key (program_id, training_event_id)
    references training_events (program_id, id) on delete cascade,
  constraint strength_maxes_one_rm_range check (one_rm_kg > 0 and one_rm_kg <= 1000),
  constraint strength_maxes_tested_on_plausible check (tested_on between date '1990-01-01' and date '2100-12-31'),
  constraint strength_maxes_one_per_test unique (athlete_id, training_event_id, tested_on)
);
create index strength_maxes_athlete_idx on strength_maxes (athlete_id, training_event_id, tested_on desc);
create trigger strength_maxes_touch before update on strength_maxes
  for each row execute function app_private.touch_row();

comment on table strength_maxes is
  'Athletes'' tested one-repetition maxima per exercise (a training event); the latest test on or before a '
  'practice date turns "% of 1RM" steps into kilograms for that athlete.';
comment on column strength_maxes.program_id is 'The program that tested and keeps it.';
comment on column strength_maxes.athlete_id is 'The athlete.';
comment on column strength_maxes.training_event_id is 'The exercise (a training event of the program).';
comment on column strength_maxes.one_rm_kg is 'One-repetition maximum, kilograms.';
comment on column strength_maxes.tested_on is 'The day it was tested.';
comment on constraint strength_maxes_event_fk on strength_maxes is 'The exercise does not exist in this program.';
comment on constraint strength_maxes_one_rm_range on strength_maxes is '1RM must be more than 0 and at most 1,000 kg.';
comment on constraint strength_maxes_tested_on_plausible on strength_maxes is 'Test date must be between 1990 and 2100.';
comment on constraint strength_maxes_one_per_test on strength_maxes is
  'This athlete already has a max for this exercise on this day.';

do $$
declare
  t text;
begin
  foreach t in array array['training_events', 'workouts', 'practice_sessions', 'practice_session_workouts',
                           'practice_assignments', 'strength_maxes'] loop
    execute format('comment on column %I.id is %L', t, 'Primary key, generated by the server.');
    execute format('comment on column %I.created_at is %L', t, 'When the row was created.');
    execute format('comment on column %I.updated_at is %L', t, 'When the row last changed (kept by a trigger).');
    execute format('comment on column %I.version is %L', t,
                   'Incremented by a trigger on every change; used for optimistic concurrency (ETag).');
  end loop;
end
$$;
comment on column workout_steps.id is 'Primary key, generated by the server.';

-- -----------------------------------------------------------------------------------------------------
-- Lineage of derived sessions: foreign keys, now that the planning tables exist. Deleting a practice or a
-- workout keeps the sessions (they are history) and forgets where they came from.
-- -----------------------------------------------------------------------------------------------------
alter table athlete_training_sessions
  add constraint sessions_practice_fk foreign key (practice_session_id)
    references practice_sessions (id) on delete set null,
  add constraint sessions_practice_workout_fk foreign key (practice_session_workout_id)
    references practice_session_workouts (id) on delete set null,
  add constraint sessions_workout_fk foreign key (workout_id) references workouts (id) on delete set null;
comment on constraint sessions_practice_fk on athlete_training_sessions is 'The practice does not exist.';
comment on constraint sessions_practice_workout_fk on athlete_training_sessions is 'The practice workout does not exist.';
comment on constraint sessions_workout_fk on athlete_training_sessions is 'The workout does not exist.';

-- -----------------------------------------------------------------------------------------------------
-- Access. Staff of the program: everything of their program. Athletes: what is assigned to them.
-- -----------------------------------------------------------------------------------------------------
-- Workouts and published practices that gave the caller (as an athlete) a session.
create function app_private.my_workout_ids() returns uuid[]
language plpgsql stable security definer set search_path = pg_catalog
as $$
declare me uuid := app_private.my_athlete_id();
begin
  if me is null then return '{}'; end if;
  return (select coalesce(array_agg(distinct s.workout_id) filter (where s.workout_id is not null), '{}')
          from public.athlete_training_sessions s where s.athlete_id = me);
end
$$;

create function app_private.my_practice_ids() returns uuid[]
language plpgsql stable security definer set search_path = pg_catalog
as $$
declare me uuid := app_private.my_athlete_id();
begin
  if me is null then return '{}'; end if;
  return (select coalesce(array_agg(distinct s.practice_session_id), '{}')
          from public.athlete_training_sessions s
          join public.practice_sessions p on p.id = s.practice_session_id and p.status = 'published'
          where s.athlete_id = me);
end
$$;

revoke all on function app_private.my_workout_ids(), app_private.my_practice_ids() from public;
grant execute on function app_private.my_workout_ids(), app_private.my_practice_ids() to trainingops_app;

do $$
declare
  t text;
  athlete_rule text;
  write_rule text;
begin
  foreach t in array array['training_events', 'workouts', 'workout_steps', 'practice_sessions',
                           'practice_session_workouts', 'practice_assignments', 'strength_maxes'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    athlete_rule := case t
      when 'training_events' then
        'id in (select ws.training_event_id from workout_steps ws '
        'where ws.workout_id = any ((select app_private.my_workout_ids())::uuid[]))'
      when 'workouts' then 'id = any ((select app_private.my_workout_ids())::uuid[])'
      when 'workout_steps' then 'workout_id = any ((select app_private.my_workout_ids())::uuid[])'
      when 'practice_sessions' then 'id = any ((select app_private.my_practice_ids())::uuid[])'
      when 'practice_session_workouts' then
        'practice_session_id = any ((select app_private.my_practice_ids())::uuid[]) '
        'and (event_group_id is null or event_group_id = any ((select app_private.my_event_group_ids())::uuid[]))'
      when 'practice_assignments' then
        'athlete_id = (select app_private.my_athlete_id()) '
        'and practice_session_id = any ((select app_private.my_practice_ids())::uuid[])'
      when 'strength_maxes' then 'athlete_id = (select app_private.my_athlete_id())'
    end;
    execute format(
      'create policy %I on %I for select to trainingops_app using '
      '(program_id = any ((select app_private.staff_program_ids())::uuid[]) or (%s))', t || '_select', t, athlete_rule);
    -- Overrides and maxes name an athlete: only one of the caller's roster athletes.
    write_rule := case when t in ('practice_assignments', 'strength_maxes')
      then ' and athlete_id = any ((select app_private.staff_athlete_ids())::uuid[])' else '' end;
    execute format(
      'create policy %I on %I for insert to trainingops_app with check '
      '(program_id = any ((select app_private.staff_program_ids())::uuid[])%s)', t || '_insert', t, write_rule);
    execute format(
      'create policy %I on %I for update to trainingops_app '
      'using (program_id = any ((select app_private.staff_program_ids())::uuid[])) '
      'with check (program_id = any ((select app_private.staff_program_ids())::uuid[])%s)', t || '_update', t,
      write_rule);
    execute format(
      'create policy %I on %I for delete to trainingops_app '
      'using (program_id = any ((select app_private.staff_program_ids())::uuid[]))', t || '_delete', t);
    execute format('grant select, insert, update, delete on %I to trainingops_app', t);
  end loop;
end
$$;

-- =====================================================================================================
-- 0001 — Context tables the Training domain needs, and athlete_training_sessions (the execution layer).
--
-- Runs as trainingops_owner (the runner does SET LOCAL ROLE), so the owner owns every object here and the
-- API's login role trainingops_app owns nothing. Each table is followed by its comments and its grants.
-- Error messages: every constraint carries a COMMENT with the sentence a user sees when it is violated
-- (trainingops.db.errors reads them); triggers raise with the same sentence and a constraint name.
-- =====================================================================================================

-- Helpers that triggers and (later) policies call live here, never in an exposed schema.
create schema app_private;
comment on schema app_private is 'Internal helpers for triggers and policies; not exposed to the API role.';
revoke all on schema app_private from public;

-- Keeps updated_at current and bumps version on every UPDATE, so clients can use version as an ETag.
create function app_private.touch_row() returns trigger
language plpgsql
set search_path = pg_catalog
as $$
begin
  new.updated_at := now();
  new.version := old.version + 1;
  return new;
end
$$;
comment on function app_private.touch_row() is
  'BEFORE UPDATE trigger: sets updated_at = now() and version = old.version + 1.';

-- Raises a check_violation carrying a constraint name, so trigger-enforced rules look like constraints.
create function app_private.raise_rule(rule_name text, message text) returns void
language plpgsql
set search_path = pg_catalog
as $$
begin
  raise exception using errcode = 'check_violation', constraint = rule_name, message = message;
end
$$;

-- -----------------------------------------------------------------------------------------------------
-- users
-- -----------------------------------------------------------------------------------------------------
create table users (
  id         uuid primary key default gen_random_uuid(),
  email      text not null,
  name       text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version    integer not null default 1,
  constraint users_email_format check (email ~ '^[^@\s]+@[^@\s]+$' and length(email) <= 320),
  constraint users_name_not_blank check (length(btrim(name)) between 1 and 200)
);
create unique index users_email_unique on users (lower(email));
create trigger users_touch before update on users for each row execute function app_private.touch_row();

comment on table users is 'People who sign in: staff members and athletes with their own login.';
comment on column users.id is 'Primary key; the subject (sub) of the caller''s token.';
comment on column users.email is 'Sign-in email, unique regardless of case.';
comment on column users.name is 'Display name.';
comment on constraint users_email_format on users is 'Email must look like name@domain.';
comment on constraint users_name_not_blank on users is 'Name must be 1 to 200 characters.';
comment on index users_email_unique is 'A user with this email already exists.';

-- -----------------------------------------------------------------------------------------------------
-- programs
-- -----------------------------------------------------------------------------------------------------
create table programs (
  id         uuid primary key default gen_random_uuid(),
  name       text not null,
  sport      text not null,
  time_zone  text not null default 'UTC',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version    integer not null default 1,
  constraint programs_name_not_blank check (length(btrim(name)) between 1 and 200),
  constraint programs_sport_not_blank check (length(btrim(sport)) between 1 and 100)
);
create trigger programs_touch before update on programs for each row execute function app_private.touch_row();

create function app_private.check_program_time_zone() returns trigger
language plpgsql
set search_path = pg_catalog
as $$
begin
  if not exists (select from pg_catalog.pg_timezone_names where name = new.time_zone) then
    perform app_private.raise_rule('programs_time_zone_valid',
      format('Time zone %L is not an IANA time zone name (for example America/Chicago).', new.time_zone));
  end if;
  return new;
end
$$;
create trigger programs_time_zone_valid before insert or update of time_zone on programs
  for each row execute function app_private.check_program_time_zone();

comment on table programs is
  'An athletic program (a team in one sport at one school or club); the tenant that owns seasons, staff and plans.';
comment on column programs.name is 'Program name, e.g. "Northfield Track & Field".';
comment on column programs.sport is 'Sport, e.g. track_and_field or cross_country.';
comment on column programs.time_zone is
  'IANA time zone of the program: session dates are local dates here, and weeks are counted here.';
comment on constraint programs_name_not_blank on programs is 'Program name must be 1 to 200 characters.';
comment on constraint programs_sport_not_blank on programs is 'Sport must be 1 to 100 characters.';

-- -----------------------------------------------------------------------------------------------------
-- program_members (staff)
-- -----------------------------------------------------------------------------------------------------
create table program_members (
  id         uuid primary key default gen_random_uuid(),
  program_id uuid not null references programs (id) on delete cascade,
  user_id    uuid not null references users (id) on delete cascade,
  role       text not null,
  is_active  boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version    integer not null default 1,
  constraint program_members_role_valid check (
    role in ('head_coach', 'assistant_coach', 'strength_coach', 'athletic_trainer', 'program_admin')),
  constraint program_members_one_per_user unique (program_id, user_id)
);
create index program_members_user_idx on program_members (user_id) include (program_id, is_active);
create trigger program_members_touch before update on program_members
  for each row execute function app_private.touch_row();

comment on table program_members is 'Staff of a program: coaches, strength & conditioning, athletic trainers, admins.';
comment on column program_members.program_id is 'The program this person works for.';
comment on column program_members.user_id is 'The staff member''s login.';
comment on column program_members.role is
  'head_coach, assistant_coach, strength_coach (strength & conditioning), athletic_trainer or program_admin.';
comment on column program_members.is_active is 'False once the person has left the program; they lose all access.';
comment on constraint program_members_role_valid on program_members is
  'Role must be one of head_coach, assistant_coach, strength_coach, athletic_trainer, program_admin.';
comment on constraint program_members_one_per_user on program_members is
  'This user is already a member of the program.';

-- -----------------------------------------------------------------------------------------------------
-- athletes
-- -----------------------------------------------------------------------------------------------------
create table athletes (
  id            uuid primary key default gen_random_uuid(),
  name          text not null,
  user_id       uuid references users (id) on delete set null,
  sex           text,
  date_of_birth date,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  version       integer not null default 1,
  constraint athletes_name_not_blank check (length(btrim(name)) between 1 and 200),
  constraint athletes_sex_valid check (sex in ('female', 'male')),
  constraint athletes_date_of_birth_plausible check (date_of_birth between date '1900-01-01' and date '2100-01-01'),
  constraint athletes_one_per_user unique (user_id)
);
create trigger athletes_touch before update on athletes for each row execute function app_private.touch_row();

comment on table athletes is 'An athlete. Belongs to programs through roster entries; may have their own login.';
comment on column athletes.name is 'Display name.';
comment on column athletes.user_id is 'The athlete''s own login, when they have one (they then see their own training).';
comment on column athletes.sex is
  'female or male when known; used only where physiology models are sex-specific (Banister TRIMP).';
comment on column athletes.date_of_birth is 'Optional; used for age-predicted maximum heart rate when no measured one exists.';
comment on constraint athletes_name_not_blank on athletes is 'Athlete name must be 1 to 200 characters.';
comment on constraint athletes_sex_valid on athletes is 'Sex must be female or male, or left empty.';
comment on constraint athletes_date_of_birth_plausible on athletes is 'Date of birth must be between 1900 and 2100.';
comment on constraint athletes_one_per_user on athletes is 'This login already belongs to another athlete.';

-- -----------------------------------------------------------------------------------------------------
-- team_seasons
-- -----------------------------------------------------------------------------------------------------
create table team_seasons (
  id         uuid primary key default gen_random_uuid(),
  program_id uuid not null references programs (id) on delete cascade,
  name       text not null,
  sport      text not null,
  start_date date not null,
  end_date   date not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version    integer not null default 1,
  constraint team_seasons_name_not_blank check (length(btrim(name)) between 1 and 200),
  constraint team_seasons_dates_ordered check (end_date >= start_date),
  constraint team_seasons_length_sane check (end_date - start_date <= 731),
  -- Lets other tables reference (program_id, id) pairs, so "same program" is a foreign key, not a trigger.
  constraint team_seasons_program_id_id_key unique (program_id, id)
);
create index team_seasons_program_dates_idx on team_seasons (program_id, start_date, end_date);
create trigger team_seasons_touch before update on team_seasons for each row execute function app_private.touch_row();

comment on table team_seasons is 'A season of a program (e.g. "Outdoor 2027"): the roster and training context.';
comment on column team_seasons.name is 'Season name, e.g. "Indoor 2027".';
comment on column team_seasons.program_id is 'The program the season belongs to.';
comment on column team_seasons.sport is 'Sport of this season (a track program has indoor and outdoor seasons).';
comment on column team_seasons.start_date is 'First day of the season (local date of the program).';
comment on column team_seasons.end_date is 'Last day of the season, inclusive.';
comment on constraint team_seasons_name_not_blank on team_seasons is 'Season name must be 1 to 200 characters.';
comment on constraint team_seasons_dates_ordered on team_seasons is 'A season must end on or after the day it starts.';
comment on constraint team_seasons_length_sane on team_seasons is 'A season can last at most two years.';

-- -----------------------------------------------------------------------------------------------------
-- event_groups
-- -----------------------------------------------------------------------------------------------------
create table event_groups (
  id         uuid primary key default gen_random_uuid(),
  program_id uuid not null references programs (id) on delete cascade,
  name       text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version    integer not null default 1,
  constraint event_groups_name_not_blank check (length(btrim(name)) between 1 and 100),
  constraint event_groups_program_id_id_key unique (program_id, id)
);
create unique index event_groups_name_unique on event_groups (program_id, lower(name));
create trigger event_groups_touch before update on event_groups for each row execute function app_private.touch_row();

comment on table event_groups is
  'Training groups of a program (sprints, distance, jumps, throws, multis, ...): practices target them.';
comment on column event_groups.program_id is 'The program that owns the group.';
comment on column event_groups.name is 'Group name, unique within the program regardless of case.';
comment on constraint event_groups_name_not_blank on event_groups is 'Event group name must be 1 to 100 characters.';
comment on index event_groups_name_unique is 'The program already has an event group with this name.';

-- -----------------------------------------------------------------------------------------------------
-- roster_entries
-- -----------------------------------------------------------------------------------------------------
create table roster_entries (
  id             uuid primary key default gen_random_uuid(),
  program_id     uuid not null,
  team_season_id uuid not null,
  athlete_id     uuid not null references athletes (id) on delete cascade,
  event_group_id uuid,
  status         text not null default 'active',
  joined_on      date,
  left_on        date,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  version        integer not null default 1,
  -- The season and the event group must belong to the same program: two composite foreign keys say so.
  constraint roster_entries_season_fk foreign key (program_id, team_season_id)
    references team_seasons (program_id, id) on delete cascade,
  constraint roster_entries_event_group_fk foreign key (program_id, event_group_id)
    references event_groups (program_id, id) on delete set null (event_group_id),
  constraint roster_entries_status_valid check (status in ('active', 'injured', 'redshirt', 'inactive')),
  constraint roster_entries_dates_ordered check (left_on is null or joined_on is null or left_on >= joined_on),
  constraint roster_entries_unique unique nulls not distinct (team_season_id, athlete_id, event_group_id)
);
create index roster_entries_athlete_idx on roster_entries (athlete_id) include (team_season_id, program_id);
create index roster_entries_program_idx on roster_entries (program_id) include (athlete_id, team_season_id);
create index roster_entries_season_idx on roster_entries (team_season_id) include (athlete_id, event_group_id);
create trigger roster_entries_touch before update on roster_entries
  for each row execute function app_private.touch_row();

comment on table roster_entries is
  'An athlete on a season''s roster, in an event group. An athlete in two event groups has two entries.';
comment on column roster_entries.program_id is 'The program of the season (kept here so same-program rules are foreign keys).';
comment on column roster_entries.team_season_id is 'The season.';
comment on column roster_entries.athlete_id is 'The athlete.';
comment on column roster_entries.event_group_id is 'The athlete''s event group in this season (optional).';
comment on column roster_entries.status is
  'active, injured, redshirt (on the roster, trains, does not compete) or inactive (no longer on the team).';
comment on column roster_entries.joined_on is 'First day on the roster, when not the season start.';
comment on column roster_entries.left_on is 'Last day on the roster, when the athlete left during the season.';
comment on constraint roster_entries_season_fk on roster_entries is
  'The season does not exist or belongs to a different program.';
comment on constraint roster_entries_event_group_fk on roster_entries is
  'The event group does not exist or belongs to a different program than the season.';
comment on constraint roster_entries_status_valid on roster_entries is
  'Roster status must be one of active, injured, redshirt, inactive.';
comment on constraint roster_entries_dates_ordered on roster_entries is
  'An athlete cannot leave the roster before joining it.';
comment on constraint roster_entries_unique on roster_entries is
  'The athlete is already on this season''s roster in this event group.';

-- -----------------------------------------------------------------------------------------------------
-- athlete_training_sessions — the spec's §1, every column with its name and type.
-- -----------------------------------------------------------------------------------------------------
create table athlete_training_sessions (
  id                   uuid primary key default gen_random_uuid(),
  athlete_id           uuid not null references athletes (id) on delete cascade,
  source               text not null,
  coach_member_id      uuid references program_members (id) on delete restrict,
  team_season_id       uuid references team_seasons (id) on delete restrict,
  scheduled_date       date,
  completed_at         timestamptz,
  -- planned parameters
  workout_category     text not null,
  title                text,
  planned_description  text,
  planned_distance_m   integer,
  planned_duration_sec integer,
  planned_rpe          integer,
  -- actual parameters
  actual_distance_m    integer,
  actual_duration_sec  integer,
  actual_rpe           integer,
  actual_description   text,
  metrics_json         jsonb,
  -- lineage: where a derived session came from (foreign keys arrive with the planning tables)
  practice_session_id          uuid,
  practice_session_workout_id  uuid,
  workout_id                   uuid,
  -- The day the session is on: the scheduled date, else the (UTC) date of completion. Lists sort and page on
  -- it; the API always fills scheduled_date (in the program's time zone), so this is the local date in practice.
  session_date         date generated always as (coalesce(scheduled_date, (completed_at at time zone 'UTC')::date)) stored,
  -- timestamps and optimistic concurrency
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now(),
  version              integer not null default 1,

  constraint sessions_source_valid check (source in ('coach_assigned', 'self_assigned')),
  constraint sessions_coach_matches_source check ((source = 'coach_assigned') = (coach_member_id is not null)),
  constraint sessions_category_valid check (workout_category in ('run', 'gym', 'cross_training', 'other')),
  constraint sessions_has_date check (scheduled_date is not null or completed_at is not null),
  constraint sessions_scheduled_date_plausible check (scheduled_date between date '1990-01-01' and date '2100-12-31'),
  constraint sessions_title_length check (length(title) <= 200),
  constraint sessions_planned_description_length check (length(planned_description) <= 10000),
  constraint sessions_actual_description_length check (length(actual_description) <= 10000),
  constraint sessions_planned_rpe_range check (planned_rpe between 1 and 10),
  constraint sessions_actual_rpe_range check (actual_rpe between 1 and 10),
  -- 1,000 km covers multi-day ultra events; 48 h covers any single session (24-hour races included).
  constraint sessions_planned_distance_range check (planned_distance_m between 0 and 1000000),
  constraint sessions_actual_distance_range check (actual_distance_m between 0 and 1000000),
  constraint sessions_planned_duration_range check (planned_duration_sec between 0 and 172800),
  constraint sessions_actual_duration_range check (actual_duration_sec between 0 and 172800),
  constraint sessions_metrics_is_object check (jsonb_typeof(metrics_json) = 'object'),
  -- 64 KiB: summaries (laps, per-km splits, HR zones), never raw second-by-second streams.
  constraint sessions_metrics_size check (octet_length(metrics_json::text) <= 65536),
  -- A session's plan keeps its author's practice lineage complete: the workout of a practice entry.
  constraint sessions_lineage_consistent check (practice_session_workout_id is null or practice_session_id is not null)
);

create index sessions_athlete_date_idx on athlete_training_sessions (athlete_id, session_date, id);
create index sessions_athlete_completed_idx on athlete_training_sessions (athlete_id, completed_at)
  where completed_at is not null;
create index sessions_season_date_idx on athlete_training_sessions (team_season_id, session_date)
  where team_season_id is not null;
create index sessions_coach_idx on athlete_training_sessions (coach_member_id) where coach_member_id is not null;
create index sessions_practice_idx on athlete_training_sessions (practice_session_id)
  where practice_session_id is not null;

create trigger sessions_touch before update on athlete_training_sessions
  for each row execute function app_private.touch_row();

-- The coach of a season session must be staff of that season's program; completion cannot be in the future.
create function app_private.check_session_rules() returns trigger
language plpgsql
security definer
set search_path = pg_catalog
as $$
begin
  if new.coach_member_id is not null and new.team_season_id is not null
     and (tg_op = 'INSERT'
          or new.coach_member_id is distinct from old.coach_member_id
          or new.team_season_id is distinct from old.team_season_id)
     and not exists (
       select from public.program_members pm
       join public.team_seasons ts on ts.program_id = pm.program_id
       where pm.id = new.coach_member_id and ts.id = new.team_season_id) then
    perform app_private.raise_rule('sessions_coach_in_season_program',
      'The coach must be a staff member of the program that the season belongs to.');
  end if;
  -- Five minutes of clock skew between a watch or phone and the server is tolerated.
  if new.completed_at is not null
     and (tg_op = 'INSERT' or new.completed_at is distinct from old.completed_at)
     and new.completed_at > now() + interval '5 minutes' then
    perform app_private.raise_rule('sessions_completed_at_not_future',
      'A session cannot be completed in the future.');
  end if;
  return new;
end
$$;
revoke all on function app_private.check_session_rules() from public;
create trigger sessions_rules before insert or update on athlete_training_sessions
  for each row execute function app_private.check_session_rules();

comment on table athlete_training_sessions is
  'An individual training session for a specific athlete: the canonical history of what an athlete was asked '
  'to do (planned) and what they actually did (actual), coach-assigned or self-assigned. Feeds athlete '
  'profiles, Team Ops dashboards and the load and readiness models. The execution/history layer: the planning '
  'layer (practices, workouts) derives rows here.';
comment on column athlete_training_sessions.id is 'Primary key.';
comment on column athlete_training_sessions.athlete_id is 'The athlete who trains (FK athletes.id).';
comment on column athlete_training_sessions.source is '''coach_assigned'' or ''self_assigned''.';
comment on column athlete_training_sessions.coach_member_id is
  'The staff member who assigned it (FK program_members.id); set exactly when source = ''coach_assigned''.';
comment on column athlete_training_sessions.team_season_id is
  'The season it belongs to (FK team_seasons.id), if associated with a specific season.';
comment on column athlete_training_sessions.scheduled_date is 'Planned date (local date of the program).';
comment on column athlete_training_sessions.completed_at is 'When the session was actually completed (if at all), UTC.';
comment on column athlete_training_sessions.workout_category is '''run'', ''gym'', ''cross_training'' or ''other''.';
comment on column athlete_training_sessions.title is 'Short title, e.g. "Tempo 6 km".';
comment on column athlete_training_sessions.planned_description is 'What the athlete is asked to do.';
comment on column athlete_training_sessions.planned_distance_m is 'Planned distance in metres.';
comment on column athlete_training_sessions.planned_duration_sec is 'Planned duration in seconds.';
comment on column athlete_training_sessions.planned_rpe is 'Planned effort, rating of perceived exertion on a 1–10 scale.';
comment on column athlete_training_sessions.actual_distance_m is 'Distance actually covered, metres.';
comment on column athlete_training_sessions.actual_duration_sec is 'Duration actually trained, seconds (moving/timer time).';
comment on column athlete_training_sessions.actual_rpe is 'Effort actually perceived, 1–10 scale (session RPE).';
comment on column athlete_training_sessions.actual_description is 'What the athlete says they did.';
comment on column athlete_training_sessions.metrics_json is
  'Optional structured metrics (splits, HR, etc.): a JSON object of at most 64 KiB; summaries, not raw streams.';
comment on column athlete_training_sessions.practice_session_id is 'Lineage: the practice this session was published from.';
comment on column athlete_training_sessions.practice_session_workout_id is
  'Lineage: the practice''s workout entry this session was published from.';
comment on column athlete_training_sessions.workout_id is 'Lineage: the workout whose plan this session carries.';
comment on column athlete_training_sessions.session_date is
  'The day of the session: scheduled_date, else the UTC date of completed_at (generated; for sorting and paging).';
comment on column athlete_training_sessions.created_at is 'When the row was created.';
comment on column athlete_training_sessions.updated_at is 'When the row last changed (kept by a trigger).';
comment on column athlete_training_sessions.version is
  'Incremented by a trigger on every change; the API''s ETag, for optimistic concurrency.';

comment on constraint sessions_source_valid on athlete_training_sessions is
  'Source must be coach_assigned or self_assigned.';
comment on constraint sessions_coach_matches_source on athlete_training_sessions is
  'A coach-assigned session needs a coach, and a self-assigned session cannot have one.';
comment on constraint sessions_category_valid on athlete_training_sessions is
  'Workout category must be one of run, gym, cross_training, other.';
comment on constraint sessions_has_date on athlete_training_sessions is
  'A session needs a scheduled date or a completion time.';
comment on constraint sessions_scheduled_date_plausible on athlete_training_sessions is
  'Scheduled date must be between 1990 and 2100.';
comment on constraint sessions_title_length on athlete_training_sessions is 'Title can be at most 200 characters.';
comment on constraint sessions_planned_description_length on athlete_training_sessions is
  'Planned description can be at most 10,000 characters.';
comment on constraint sessions_actual_description_length on athlete_training_sessions is
  'Actual description can be at most 10,000 characters.';
comment on constraint sessions_planned_rpe_range on athlete_training_sessions is 'Planned RPE must be between 1 and 10.';
comment on constraint sessions_actual_rpe_range on athlete_training_sessions is 'Actual RPE must be between 1 and 10.';
comment on constraint sessions_planned_distance_range on athlete_training_sessions is
  'Planned distance must be between 0 and 1,000,000 m (1,000 km).';
comment on constraint sessions_actual_distance_range on athlete_training_sessions is
  'Actual distance must be between 0 and 1,000,000 m (1,000 km).';
comment on constraint sessions_planned_duration_range on athlete_training_sessions is
  'Planned duration must be between 0 and 172,800 s (48 hours).';
comment on constraint sessions_actual_duration_range on athlete_training_sessions is
  'Actual duration must be between 0 and 172,800 s (48 hours).';
comment on constraint sessions_metrics_is_object on athlete_training_sessions is 'metrics_json must be a JSON object.';
comment on constraint sessions_metrics_size on athlete_training_sessions is
  'metrics_json is too large: at most 64 KiB (summaries such as splits and heart-rate zones, not raw streams).';
comment on constraint sessions_lineage_consistent on athlete_training_sessions is
  'A session derived from a practice workout must also name the practice.';

-- The bookkeeping columns every table shares, described once.
do $$
declare
  t text;
begin
  foreach t in array array['users', 'programs', 'program_members', 'athletes', 'team_seasons', 'event_groups',
                           'roster_entries'] loop
    execute format('comment on column %I.id is %L', t, 'Primary key, generated by the server.');
    execute format('comment on column %I.created_at is %L', t, 'When the row was created.');
    execute format('comment on column %I.updated_at is %L', t, 'When the row last changed (kept by a trigger).');
    execute format('comment on column %I.version is %L', t,
                   'Incremented by a trigger on every change; used for optimistic concurrency (ETag).');
  end loop;
end
$$;

-- -----------------------------------------------------------------------------------------------------
-- Grants. The API role gets only what it needs; access rules (row-level security) arrive in 0002.
-- -----------------------------------------------------------------------------------------------------
grant usage on schema public to trainingops_app;
grant select on users, programs, program_members, athletes, team_seasons, event_groups to trainingops_app;
grant select, insert, update, delete on roster_entries to trainingops_app;
grant insert, update, delete on event_groups to trainingops_app;
grant select, insert, update, delete on athlete_training_sessions to trainingops_app;

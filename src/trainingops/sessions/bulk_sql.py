"""The statements of a bulk import, its undo and the export. Every one runs as the caller: row-level security
decides which sessions exist, and the import's INSERT passes every policy, constraint and trigger."""

from __future__ import annotations

STAGE = """
create temporary table import_rows (
  line int, athlete_id uuid, source text, coach_member_id uuid, team_season_id uuid, scheduled_date date,
  completed_at timestamptz, workout_category text, title text, planned_description text, planned_distance_m int,
  planned_duration_sec int, planned_rpe int, actual_distance_m int, actual_duration_sec int, actual_rpe int,
  actual_description text, metrics_json jsonb, external_id text, exported_id uuid,
  existing_id uuid, match text,
  csv_row int generated always as (line + 2) stored
) on commit drop
"""

COPY = """
copy import_rows (line, athlete_id, source, coach_member_id, team_season_id, scheduled_date, completed_at,
  workout_category, title, planned_description, planned_distance_m, planned_duration_sec, planned_rpe,
  actual_distance_m, actual_duration_sec, actual_rpe, actual_description, metrics_json, external_id, exported_id)
from stdin
"""

# Source follows from who imports what (the caller's own athlete: self-assigned; else coach-assigned); a
# coach-assigned row without a coach names the caller's membership in its season's program (or their only one);
# a row without a scheduled date gets the local date of its completion. "members" are the caller's own active
# memberships.
NORMALISE = """
with me as materialized (select app_private.my_athlete_id() as athlete,
                   array(select pm.id from program_members pm
                         where pm.user_id = app_private.current_user_id() and pm.is_active) as members)
update import_rows t
set source = coalesce(t.source, case when t.athlete_id = me.athlete then 'self_assigned' else 'coach_assigned' end),
    coach_member_id = case
      when coalesce(t.source, case when t.athlete_id = me.athlete then 'self_assigned' else 'coach_assigned' end)
           = 'coach_assigned' and t.coach_member_id is null then
        coalesce(
          (select pm.id from program_members pm join team_seasons ts on ts.program_id = pm.program_id
           where ts.id = t.team_season_id and pm.id = any (me.members)),
          (select (me.members)[1] where cardinality(me.members) = 1))
      else t.coach_member_id end,
    scheduled_date = coalesce(t.scheduled_date, (t.completed_at at time zone coalesce(
      (select p.time_zone from team_seasons ts join programs p on p.id = ts.program_id where ts.id = t.team_season_id),
      (select p.time_zone from roster_entries r join programs p on p.id = r.program_id
       where r.athlete_id = t.athlete_id order by r.created_at desc limit 1), 'UTC'))::date)
from me
"""

# The rules of the sessions_insert policy (0012; by role since 0017), row by row for the rows to be created, so that every refused
# row is named with a reason before the database would refuse the whole statement. Staff write for athletes on a current roster of their
# program, or for an athlete who was on the roster of a season of their program, on a date within that season.
CHECK = """
with me as materialized (select app_private.my_athlete_id() as athlete, app_private.my_season_ids() as my_seasons,
                   app_private.staff_current_athlete_ids() as athletes, app_private.staff_program_ids() as programs,
                   app_private.staff_active_member_ids() as members, app_private.staff_season_ids() as seasons,
                   app_private.staff_active_member_ids_with('assign_run') as run_members,
                   app_private.staff_active_member_ids_with('assign_gym') as gym_members)
select csv_row, problem, count(*) over () as total from (
  select t.csv_row, case
    when t.source = 'coach_assigned' and t.team_season_id is not null and t.team_season_id <> all (me.seasons)
      then 'team_season_id: not a season of your program'
    when t.source = 'coach_assigned' and t.athlete_id <> all (me.athletes) and not exists (
        select from roster_entries r join team_seasons ts on ts.id = r.team_season_id
        where r.athlete_id = t.athlete_id and r.program_id = any (me.programs)
          and (t.team_season_id is null or ts.id = t.team_season_id)
          and t.scheduled_date between ts.start_date and ts.end_date
          and t.scheduled_date between coalesce(r.joined_on, ts.start_date) and coalesce(r.left_on, ts.end_date))
      then case when t.team_season_id is null
        then 'athlete_id: not on a current roster of your program, nor on the roster of one of its seasons '
             'that contains this date'
        else 'athlete_id: not on this season''s roster on a date within the season, nor on a current roster of '
             'your program' end
    when t.source = 'coach_assigned' and t.coach_member_id is null
      then 'coach_member_id: you are staff of several programs: give the coach or the season'
    when t.source = 'coach_assigned' and t.coach_member_id <> all (me.members)
      then 'coach_member_id: not an active staff member of your program'
    when t.source = 'coach_assigned' and t.coach_member_id <> all (
        case when t.workout_category = 'gym' then me.gym_members else me.run_members end)
      then 'workout_category: your role in this program does not assign ' || t.workout_category || ' sessions'
    when t.source = 'coach_assigned' and t.team_season_id is not null and not exists (
        select from program_members pm join team_seasons ts on ts.program_id = pm.program_id
        where pm.id = t.coach_member_id and ts.id = t.team_season_id)
      then 'coach_member_id: the coach must be staff of the season''s program'
    when t.source = 'self_assigned' and t.athlete_id is distinct from me.athlete
      then 'athlete_id: you can import self-assigned sessions only for yourself'
    when t.source = 'self_assigned' and t.coach_member_id is not null
      then 'coach_member_id: a self-assigned session has no coach'
    when t.source = 'self_assigned' and t.team_season_id is not null and t.team_season_id <> all (me.my_seasons)
      then 'team_season_id: not a season whose roster you are on'
    when t.completed_at > now() + interval '5 minutes' then 'completed_at: a session cannot be completed in the future'
  end as problem
  from import_rows t cross join me
  where t.existing_id is null) checked
where problem is not null
order by csv_row
limit %(limit)s
"""

# An external_id names one session per athlete and source: a second row of the file with the same one is an error.
EXTERNAL_ID_REPEATS = """
select csv_row, 'external_id: the same external_id for this athlete is on row ' || first_row as problem,
       count(*) over () as total
from (select csv_row, first_value(csv_row) over (partition by athlete_id, source, external_id order by line) as first_row
      from import_rows where external_id is not null) repeated
where csv_row <> first_row
order by csv_row
limit %(limit)s
"""

# A row with an external_id is the session of that athlete and source with that external_id, or whose id it is
# (the file is an export being imported back).
MATCH_EXTERNAL_ID = """
with candidates as (
  select t.line, s.id, 1 as rank from import_rows t join athlete_training_sessions s
    on s.athlete_id = t.athlete_id and s.source = t.source and s.external_id = t.external_id
  union all
  select t.line, s.id, 2 from import_rows t join athlete_training_sessions s
    on s.id = t.exported_id and s.athlete_id = t.athlete_id and s.source = t.source),
best as (select distinct on (line) line, id from candidates order by line, rank, id)
update import_rows t set existing_id = best.id, match = 'external_id' from best where t.line = best.line
"""

# The identity of a row without an external_id: athlete, source, season, scheduled date, category, title and
# the plan (description, distance, duration, RPE), plus completed_at when the row gives one. What an athlete
# logs later (actuals, completion) and who is named as coach are not part of it: importing a plan again after
# the athlete completed a session finds that session. Rows and sessions are matched as multisets (the n-th
# identical row matches the n-th identical session), so a day with two identical runs imports both, once.
#
# Pairing is a GROUP BY over rows and sessions numbered within their identity: one sort or hash, whatever the
# sizes (a join of the two numbered sets ran as a nested loop on estimates, 8.6 s for 4,000 rows). Rows with a
# completion time are paired first (their key includes it), the others with the sessions left. With no visible
# session in the file's athletes and dates the rows are not even read (the one-time filter).
_KEY = (
    "athlete_id, source, team_season_id, scheduled_date, workout_category, title, planned_description, "
    "planned_distance_m, planned_duration_sec, planned_rpe"
)
_PAIR = "max(line) as line, (array_agg(id) filter (where id is not null))[1] as id"
_ONE_EACH = "having count(line) = 1 and count(id) = 1"
MATCH_IDENTICAL = f"""
with span as materialized (
  select array_agg(distinct athlete_id) as athletes, min(scheduled_date) as first_day, max(scheduled_date) as last_day
  from import_rows where external_id is null),
existing as materialized (
  select s.id, s.{_KEY.replace(", ", ", s.")}, s.completed_at, s.created_at
  from athlete_training_sessions s, span
  where s.athlete_id = any (span.athletes) and s.session_date between span.first_day and span.last_day
    and s.scheduled_date between span.first_day and span.last_day),
numbered1 as (
  select line, id, {_KEY}, completed_at,
         row_number() over (partition by {_KEY}, completed_at, id is null order by line, created_at, id) as n
  from (select line, null::uuid as id, {_KEY}, completed_at, null::timestamptz as created_at from import_rows
        where external_id is null and completed_at is not null and exists (select from existing)
        union all
        select null, id, {_KEY}, completed_at, created_at from existing where completed_at is not null) both_sides),
m1 as materialized (select {_PAIR} from numbered1 group by {_KEY}, completed_at, n {_ONE_EACH}),
numbered2 as (
  select line, id, {_KEY},
         row_number() over (partition by {_KEY}, id is null order by line, created_at, id) as n
  from (select line, null::uuid as id, {_KEY}, null::timestamptz as created_at from import_rows
        where external_id is null and completed_at is null and exists (select from existing)
        union all
        select null, id, {_KEY}, created_at from existing where id not in (select id from m1)) both_sides),
m2 as (select {_PAIR} from numbered2 group by {_KEY}, n {_ONE_EACH})
update import_rows t set existing_id = m.id, match = 'identical'
from (select line, id from m1 union all select line, id from m2) m
where t.line = m.line
"""

# What the import will do, in row order: how many sessions to create and the rows that matched an existing session; and the programs whose staff may see and undo the batch (those of the coach
# memberships its rows name, that the caller is staff of: an athlete's re-import of her coaches' sessions names
# their programs but is her own).
SUMMARY = """
select count(*) filter (where existing_id is null) as created,
       coalesce(json_agg(json_build_object('row', csv_row, 'id', existing_id, 'match', match) order by line)
                filter (where existing_id is not null), '[]')::text as duplicates,
       array(select distinct pm.program_id from program_members pm
             where pm.id in (select coach_member_id from import_rows)
               and pm.program_id = any (app_private.staff_program_ids())) as program_ids
from import_rows
"""

RECORD_BATCH = """
insert into session_import_batches (imported_by, program_ids, row_count, created_count, duplicate_count)
values (app_private.current_user_id(), %(program_ids)s, %(rows)s, %(created)s, %(duplicates)s)
returning id
"""

# The server draws every id (the API role holds no INSERT privilege on ids: migration 0011). RETURNING yields the
# rows in the order they were inserted, which is the order of the SELECT (INSERT never runs in parallel), so
# created_ids follow the file's rows — the behaviour Django's bulk_create relies on for PostgreSQL too.
INSERT = """
with created as (
  insert into athlete_training_sessions (athlete_id, source, coach_member_id, team_season_id, scheduled_date,
    completed_at, workout_category, title, planned_description, planned_distance_m, planned_duration_sec,
    planned_rpe, actual_distance_m, actual_duration_sec, actual_rpe, actual_description, metrics_json, external_id,
    import_batch_id)
  select athlete_id, source, coach_member_id, team_season_id, scheduled_date, completed_at, workout_category,
    title, planned_description, planned_distance_m, planned_duration_sec, planned_rpe, actual_distance_m,
    actual_duration_sec, actual_rpe, actual_description, metrics_json, external_id, %(batch)s
  from import_rows where existing_id is null order by line
  returning id)
select count(*) as created, coalesce(json_agg(id), '[]')::text as created_ids from created
"""

# ------------------------------------------------------------------------------------------------------ undo

BATCH_JSON = """
json_build_object('id', b.id, 'imported_by', b.imported_by, 'program_ids', b.program_ids, 'created_at', b.created_at,
  'rows', b.row_count, 'created', b.created_count, 'duplicates', b.duplicate_count, 'undone_at', b.undone_at,
  'undone_by', b.undone_by, 'deleted', b.deleted_count, 'kept', b.kept_count)::text
"""
GET_BATCH = f"select {BATCH_JSON} as body from session_import_batches b where b.id = %s"

LOCK_BATCH = """
select id, created_count, undone_at from session_import_batches where id = %s for update
"""

# Sessions of the batch changed since the import (version 1 = as imported: logging actuals or any edit bumps it).
KEPT = """
select coalesce(json_agg(json_build_object('id', s.id, 'completed', s.completed_at is not null,
                                           'version', s.version) order by s.id), '[]')::text as kept,
       count(*) as kept_count
from athlete_training_sessions s where s.import_batch_id = %s and s.version > 1
"""

DELETE_AS_IMPORTED = """
with d as (delete from athlete_training_sessions where import_batch_id = %s and version = 1 returning id)
select coalesce(json_agg(id order by id), '[]')::text as deleted, count(*) as deleted_count from d
"""

MARK_UNDONE = (
    """
update session_import_batches b
set undone_at = now(), undone_by = app_private.current_user_id(), deleted_count = %(deleted)s, kept_count = %(kept)s
where b.id = %(batch)s
returning """
    + BATCH_JSON.strip()
    + " as body"
)

# ---------------------------------------------------------------------------------------------------- export

EXPORT_SELECT = """
select s.id, s.athlete_id, s.source, s.coach_member_id, s.team_season_id, s.scheduled_date, s.completed_at,
       s.workout_category, s.title, s.planned_description, s.planned_distance_m, s.planned_duration_sec,
       s.planned_rpe, s.actual_distance_m, s.actual_duration_sec, s.actual_rpe, s.actual_description,
       s.metrics_json::text as metrics_json, s.external_id, s.practice_session_id, s.practice_session_workout_id,
       s.workout_id, s.import_batch_id, s.created_at, s.updated_at
from athlete_training_sessions s
where {scope} and (%(from)s::date is null or s.session_date >= %(from)s)
  and (%(to)s::date is null or s.session_date <= %(to)s)
  and (%(source)s::text is null or s.source = %(source)s)
order by s.session_date, s.athlete_id, s.id
"""

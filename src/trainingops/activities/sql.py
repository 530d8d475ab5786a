"""SQL of the activity-file import: finding a planned session to fill, creating one, storing the file.

Every statement runs as the caller: row-level security decides which athletes, sessions and files exist, so
nothing here filters for authorisation.
"""

from __future__ import annotations

from trainingops.sessions.sql import DERIVED, SESSION_JSON, SESSION_TIME_ZONE

# Who may upload for an athlete, asked before a byte of the file is parsed: the athlete, or staff who can see
# them (the activity_files insert policy says the same and decides in the end; this is the early answer).
UPLOAD_TARGET = """
select a.id as athlete_id, a.id = app_private.my_athlete_id() as is_self from athletes a where a.id = %(athlete_id)s
"""

SESSION_UPLOAD_TARGET = """
select s.athlete_id, s.workout_category, s.athlete_id = app_private.my_athlete_id() as is_self
from athlete_training_sessions s where s.id = %(session_id)s
"""

# One upload of one file for one athlete at a time: a concurrent identical upload waits here and then finds the
# first one's row (a transaction-scoped advisory lock, released at commit or rollback).
LOCK_FILE = "select pg_advisory_xact_lock(hashtextextended('activity_file:' || %(athlete_id)s || ':' || %(sha256)s, 0))"

# The caller's earlier import of this content for this athlete, among the files they can see (their own upload
# first). A file the caller cannot see is not found: uniqueness is per uploader (activity_files_one_per_uploader),
# so a hidden import by someone else neither blocks this one nor is revealed by it.
EXISTING_FILE = """
select f.id, f.session_ids from activity_files f
where f.athlete_id = %(athlete_id)s and f.sha256 = %(sha256)s
order by f.uploaded_by is not distinct from app_private.current_user_id() desc, f.created_at, f.id
limit 1
"""

# The planned, uncompleted session of the activity's local date (in each session's own program time zone) and
# category; several: the closest planned distance/duration (mean relative difference of the measures both
# sides have; a session with neither ranks as 100 % off), then the oldest.
MATCH_PLANNED = f"""
select s.id
from athlete_training_sessions s
cross join lateral (select {SESSION_TIME_ZONE} as time_zone) tz
where s.athlete_id = %(athlete_id)s and s.completed_at is null and s.workout_category = %(category)s
  and s.id <> all (%(taken)s::uuid[])
  and s.session_date between (%(start)s::timestamptz at time zone 'UTC')::date - 1
                         and (%(start)s::timestamptz at time zone 'UTC')::date + 1
  and s.session_date = (%(start)s::timestamptz at time zone tz.time_zone)::date
order by coalesce((select avg(d) from (values
           (abs(s.planned_distance_m - %(distance)s::integer)::float8 / nullif(%(distance)s::integer, 0)),
           (abs(s.planned_duration_sec - %(duration)s::integer)::float8 / nullif(%(duration)s::integer, 0))) v(d)),
         1.0),
         s.created_at, s.id
limit 1
for update of s
"""

# Where a new session of an athlete's own upload belongs: their home program at the activity's start (as for a
# self-assigned session without a season: app_private.athlete_home_program, chosen by season dates), else UTC.
_SELF_HOME = """
select null::uuid as coach, null::uuid as season,
  coalesce((select p.time_zone from programs p
            where p.id = app_private.athlete_home_program(%(athlete_id)s, %(start)s::timestamptz)), 'UTC') as time_zone
"""

# A staff upload: the caller's active membership in a program whose roster has the athlete (the most recently
# joined roster first), and the athlete's season of that program containing the activity's local date, else
# their current one.
_STAFF_HOME = """
select pm.id as coach, p.time_zone,
  (select ts.id from roster_entries r join team_seasons ts on ts.id = r.team_season_id
   where r.athlete_id = %(athlete_id)s and r.program_id = pm.program_id and r.status <> 'inactive'
     and ((%(start)s::timestamptz at time zone p.time_zone)::date between ts.start_date and ts.end_date
          or ts.end_date >= current_date)
   order by (%(start)s::timestamptz at time zone p.time_zone)::date between ts.start_date and ts.end_date desc,
            ts.start_date desc
   limit 1) as season
from program_members pm join programs p on p.id = pm.program_id
where pm.user_id = app_private.current_user_id() and pm.is_active
  and exists (select from roster_entries r where r.athlete_id = %(athlete_id)s and r.program_id = pm.program_id)
order by (select max(r.created_at) from roster_entries r
          where r.athlete_id = %(athlete_id)s and r.program_id = pm.program_id) desc, pm.id
limit 1
"""

_CREATE = """
with home as ({home})
insert into athlete_training_sessions (athlete_id, source, coach_member_id, team_season_id, scheduled_date,
  completed_at, workout_category, title, actual_distance_m, actual_duration_sec, metrics_json)
select %(athlete_id)s, {source}, home.coach, home.season,
  (%(start)s::timestamptz at time zone home.time_zone)::date, %(completed_at)s, %(category)s, %(title)s,
  %(distance)s, %(duration)s, %(metrics)s
from home
returning id
"""
CREATE_SELF_ASSIGNED = _CREATE.format(home=_SELF_HOME, source="'self_assigned'")
CREATE_COACH_ASSIGNED = _CREATE.format(home=_STAFF_HOME, source="'coach_assigned'")

# Only ids and what the import did are stored (never a snapshot of a session): every answer, the first and each
# replay, is built now, under the caller's row-level security, by FILE_ANSWER.
STORE_FILE = """
insert into activity_files (athlete_id, sha256, filename, format, size_bytes, content, uploaded_by, session_ids,
  result)
values (%(athlete_id)s, %(sha256)s, %(filename)s, %(format)s, %(size_bytes)s, %(content)s,
  app_private.current_user_id(), %(session_ids)s::uuid[], jsonb_build_object('segments', %(segments)s::jsonb))
returning id
"""

_FILE_JSON = """json_build_object(
  'id', f.id, 'athlete_id', f.athlete_id, 'filename', f.filename, 'format', f.format, 'size_bytes', f.size_bytes,
  'sha256', f.sha256, 'uploaded_by', f.uploaded_by, 'created_at', f.created_at,
  'download', '/api/v1/activity-files/' || f.id)"""

# What an upload answers: the file, and per segment what the import did with the session as it is now. A
# segment whose session the caller cannot see (another program's part of a multisport file) or that was
# deleted since is left out, so nothing hidden leaves the database.
FILE_ANSWER = f"""
select json_build_object(
  'file', {_FILE_JSON},
  'segments', (select coalesce(json_agg(json_build_object(
                 'index', e.segment -> 'index', 'action', e.segment -> 'action', 'sport', e.segment -> 'sport',
                 'sub_sport', e.segment -> 'sub_sport', 'workout_category', e.segment -> 'workout_category',
                 'quality', e.segment -> 'quality', 'session', {SESSION_JSON}) order by e.n), '[]')
               from jsonb_array_elements(f.result -> 'segments') with ordinality e(segment, n)
               join athlete_training_sessions s on s.id = f.session_ids[e.n]
               {DERIVED}))::text as body
from activity_files f where f.id = %(id)s
"""

# The bytes come through app_private.activity_file_content (the API role cannot select the column): the athlete
# may always download; staff only when they can see every session the file filled, because a multisport file
# carries another program's segment too (docs/security.md, "Activity files").
FILE_CONTENT = """
select f.filename, f.format, app_private.activity_file_content(f.id) as content from activity_files f
where f.id = %(id)s
"""

# The activity file of one session: the newest file that filled it (an attach re-fills a session, so the newest
# is the one its actuals came from), the ids of any older ones, and the import's per-segment summary without the
# session snapshots (the session as it is now is GET /sessions/{id}). No row: the session is hidden or missing;
# a row with a null body: the session has no file. Segments whose session the caller cannot see are left out. The files are found through the athlete (the unique index
# on athlete_id, sha256) and then `s.id = any (session_ids)`: that comparison is leakproof, so PostgreSQL checks
# it before the files' policy and runs the policy's sub-select only for the matching rows. (A GIN index on
# session_ids would not help the API: `@>` and `&&` are not leakproof, so under row-level security they can
# only run after the policy, never as an index condition.)
SESSION_FILE = """
select s.id as session_id,
  case when f.id is not null then json_build_object(
    'id', f.id, 'athlete_id', f.athlete_id, 'filename', f.filename, 'format', f.format,
    'size_bytes', f.size_bytes, 'sha256', f.sha256, 'uploaded_by', f.uploaded_by, 'created_at', f.created_at,
    'download', '/api/v1/activity-files/' || f.id,
    'session_id', s.id,
    'segments', (select coalesce(json_agg(json_build_object(
                   'index', e.segment -> 'index', 'action', e.segment -> 'action', 'sport', e.segment -> 'sport',
                   'sub_sport', e.segment -> 'sub_sport', 'workout_category', e.segment -> 'workout_category',
                   'quality', e.segment -> 'quality', 'session_id', seg.id) order by e.n), '[]')
                 from jsonb_array_elements(f.result -> 'segments') with ordinality e(segment, n)
                 join athlete_training_sessions seg on seg.id = f.session_ids[e.n]),
    'older_file_ids', files.ids[2:])::text end as body
from athlete_training_sessions s
cross join lateral (
  select coalesce(array_agg(af.id order by af.created_at desc, af.id desc), '{}') as ids
  from activity_files af
  where af.athlete_id = s.athlete_id and s.id = any (af.session_ids)) files
left join activity_files f on f.id = files.ids[1]
where s.id = %(session_id)s
"""

# A staff upload changes the athlete's sessions: the caller's role must assign sessions of the category
# (assign_run / assign_gym, docs/security.md "Staff roles") in a program whose roster has the athlete.
STAFF_MAY_ASSIGN = """
select exists (select from roster_entries r
               where r.athlete_id = %(athlete_id)s
                 and r.program_id = any (app_private.staff_program_ids_with(%(capability)s))) as allowed,
       app_private.capability_roles(%(capability)s) as roles
"""

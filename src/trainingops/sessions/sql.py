"""SQL fragments for sessions: the JSON shape of a session, its local "today", status and compliance.

"SQL first": rows leave PostgreSQL as JSON text and are passed through to the client. Every query runs as the
caller (row-level security decides what exists), so these fragments never filter for authorisation.
"""

from __future__ import annotations

from trainingops.roster.clock import local_today

# The program time zone of a session: its season's program, else its coach's program, else the athlete's home
# program now (by season dates, app_private.athlete_home_program), else UTC. Evaluated lazily (coalesce stops at
# the first hit).
SESSION_TIME_ZONE = """
coalesce(
  (select p.time_zone from team_seasons ts join programs p on p.id = ts.program_id where ts.id = s.team_season_id),
  (select p.time_zone from program_members pm join programs p on p.id = pm.program_id where pm.id = s.coach_member_id),
  (select p.time_zone from programs p where p.id = app_private.athlete_home_program(s.athlete_id, now())),
  'UTC')
"""

# Status: completed when completed_at is set; missed when the day is before today in the program's time zone
# and it is not completed; otherwise planned. Needs a lateral "tz" with column time_zone.
STATUS = f"""
case when s.completed_at is not null then 'completed'
     when s.session_date < {local_today("tz.time_zone")} then 'missed'
     else 'planned' end
"""


def _measure(planned: str, actual: str) -> str:
    return f"""json_build_object(
      'planned', {planned}, 'actual', {actual},
      'percent', app_private.compliance_percent({planned}, {actual}),
      'band', app_private.compliance_band(app_private.compliance_percent({planned}, {actual})))"""


# Compliance of a completed session per measure where both sides exist, and overall (duration, else distance,
# else RPE — the order TrainingPeaks uses). A missed session is red. Planned sessions have none yet.
COMPLIANCE = f"""
case when st.status = 'planned' then null
     else json_build_object(
       'duration', {_measure("s.planned_duration_sec", "s.actual_duration_sec")},
       'distance', {_measure("s.planned_distance_m", "s.actual_distance_m")},
       'rpe', {_measure("s.planned_rpe", "s.actual_rpe")},
       'overall', case when st.status = 'missed' then 'red' else coalesce(
         app_private.compliance_band(app_private.compliance_percent(s.planned_duration_sec, s.actual_duration_sec)),
         app_private.compliance_band(app_private.compliance_percent(s.planned_distance_m, s.actual_distance_m)),
         app_private.compliance_band(app_private.compliance_percent(s.planned_rpe, s.actual_rpe))) end)
end
"""

SESSION_JSON = f"""
json_build_object(
  'id', s.id, 'athlete_id', s.athlete_id, 'source', s.source, 'coach_member_id', s.coach_member_id,
  'team_season_id', s.team_season_id, 'scheduled_date', s.scheduled_date, 'completed_at', s.completed_at,
  'workout_category', s.workout_category, 'title', s.title, 'planned_description', s.planned_description,
  'planned_distance_m', s.planned_distance_m, 'planned_duration_sec', s.planned_duration_sec,
  'planned_rpe', s.planned_rpe, 'actual_distance_m', s.actual_distance_m,
  'actual_duration_sec', s.actual_duration_sec, 'actual_rpe', s.actual_rpe,
  'actual_description', s.actual_description, 'metrics_json', s.metrics_json,
  'practice_session_id', s.practice_session_id, 'practice_session_workout_id', s.practice_session_workout_id,
  'workout_id', s.workout_id, 'external_id', s.external_id, 'import_batch_id', s.import_batch_id,
  'session_date', s.session_date, 'status', st.status,
  'compliance', {COMPLIANCE},
  'reviewed_by', (select r.reviewed_by from session_reviews r where r.session_id = s.id),
  'reviewed_at', (select r.reviewed_at from session_reviews r where r.session_id = s.id),
  'created_at', s.created_at, 'updated_at', s.updated_at, 'version', s.version)
"""

# Joined after any relation aliased s with the session's columns (the table, or a CTE of inserted/updated
# rows): tz (its program time zone) and st (its status), which SESSION_JSON reads.
DERIVED = f"""
cross join lateral (select {SESSION_TIME_ZONE} as time_zone) tz
cross join lateral (select {STATUS} as status) st
"""
SESSION_FROM = f"athlete_training_sessions s {DERIVED}"

ONE_SESSION = f"select {SESSION_JSON}::text as body, s.version from {SESSION_FROM} where s.id = %(id)s"

# Roles (docs/security.md): whether a coach membership is the caller's program's, and one whose program lets the
# caller's role assign sessions of the capability's category (assign_run or assign_gym).
COACH_MAY_ASSIGN = """
select %(coach)s = any (app_private.staff_active_member_ids()) as ours,
       %(coach)s = any (app_private.staff_active_member_ids_with(%(capability)s)) as allowed,
       app_private.capability_roles(%(capability)s) as roles
"""

# After a write touched no row: the session's version, whether it is the caller's own, and whether their role may
# assign (so change or delete) sessions of its category in its programs.
WHY_UNCHANGED = """
select s.version, s.athlete_id = app_private.my_athlete_id() as mine, c.capability,
       s.program_ids && app_private.staff_program_ids_with(c.capability) as allowed,
       app_private.capability_roles(c.capability) as roles
from athlete_training_sessions s
cross join lateral (select case when s.workout_category = 'gym' then 'assign_gym' else 'assign_run' end
                    as capability) c
where s.id = %s
"""

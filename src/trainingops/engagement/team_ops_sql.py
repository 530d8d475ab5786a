"""SQL of the Team Ops screen. Every statement runs as the caller: row-level security decides what exists, and
the staff check is the program's own (``app_private.staff_program_ids``), asked once in the context query."""

from __future__ import annotations

from trainingops.roster.clock import local_today
from trainingops.sessions.trends import _TOTALS, LAST_COMPLETED, roster_sessions

# The program as its staff see it (none for anyone else: an athlete of the program gets the same nothing as a
# stranger), its local today, and the season shown: the one asked for (if it is the program's), else the season
# containing today, else the latest that has started, else the next.
CONTEXT = f"""
select p.id as program_id, p.time_zone, {local_today("p.time_zone")} as today,
       (select ts.id from team_seasons ts
        where ts.program_id = p.id and (%(season)s::uuid is null or ts.id = %(season)s::uuid)
        order by {local_today("p.time_zone")} between ts.start_date and ts.end_date desc,
                 ts.start_date <= {local_today("p.time_zone")} desc, ts.start_date desc, ts.id
        limit 1) as team_season_id
from programs p
where p.id = %(program)s and p.id = any ((select app_private.staff_program_ids())::uuid[])
"""

# The week's compliance band: the due sessions' (completed or missed) plan against what was done, by session
# load, else duration, else the share of due sessions completed — the session bands' own rule
# (app_private.compliance_band: TrainingPeaks' 80–120 % green, 50–150 % yellow). A band, never a grade.
_WEEK_PERCENT = """
  coalesce(
    app_private.compliance_percent(sum(m.planned_load) filter (where m.status <> 'planned'),
                                   sum(m.session_load) filter (where m.status = 'completed' and m.planned_load > 0)),
    app_private.compliance_percent(sum(m.planned_duration_sec) filter (where m.status <> 'planned'),
                                   sum(m.actual_duration_sec) filter (where m.status = 'completed'
                                                                       and m.planned_duration_sec > 0)),
    app_private.compliance_percent(count(m.id) filter (where m.status <> 'planned'),
                                   count(m.id) filter (where m.status = 'completed')))
"""

# One row per athlete on the season's roster (inactive entries left out, as every team view does), with the
# week's sessions of this program aggregated. Unreviewed: the week's completed sessions nobody marked reviewed.
WEEK = f"""
with roster as (
  select r.athlete_id, a.name,
         coalesce(jsonb_agg(distinct jsonb_build_object('name', eg.name, 'id', eg.id)
                            order by jsonb_build_object('name', eg.name, 'id', eg.id)) filter (where eg.id is not null), '[]'::jsonb) as event_groups,
         min(eg.name) as first_group,
         (array_agg(r.status order by r.status = 'active' desc))[1] as roster_status
  from roster_entries r
  join athletes a on a.id = r.athlete_id
  left join event_groups eg on eg.id = r.event_group_id
  where r.team_season_id = %(season)s and r.status <> 'inactive'
  group by r.athlete_id, a.name)
select coalesce(json_agg(row order by first_group nulls last, name, athlete_id), '[]')::text as athletes
from (
  select roster.name, roster.first_group, roster.athlete_id, json_build_object(
    'athlete_id', roster.athlete_id, 'name', roster.name, 'event_groups', roster.event_groups,
    'roster_status', roster.roster_status,
    'week', json_build_object({_TOTALS}),
    'compliance_percent', {_WEEK_PERCENT},
    'compliance_band', app_private.compliance_band({_WEEK_PERCENT}),
    'unreviewed', count(m.id) filter (where m.status = 'completed' and not m.reviewed),
    'last_completed', {LAST_COMPLETED}) as row
  from roster
  {roster_sessions(", exists (select from session_reviews r where r.session_id = s.id) as reviewed")}
  group by roster.athlete_id, roster.name, roster.first_group, roster.event_groups, roster.roster_status) per_athlete
"""

"""Derived trends: the athlete profile's Training tab and the Team Ops training summary.

Each is a fixed number of SQL statements whatever the number of athletes or sessions (no N+1): the numbers are
aggregated in PostgreSQL and leave it as JSON. Weeks are ISO weeks (Monday to Sunday) of local dates.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from trainingops.db.pool import Connection
from trainingops.errors import InvalidInput, NotFound
from trainingops.load.models.srpe import session_rpe_load_sql
from trainingops.roster.clock import ATHLETE_HOME, local_today
from trainingops.sessions.sql import DERIVED, SESSION_JSON

MAX_RANGE_DAYS = 731

_SESSION_LOAD = session_rpe_load_sql(
    category="s.workout_category",
    actual_rpe="s.actual_rpe",
    planned_rpe="s.planned_rpe",
    actual_duration_sec="s.actual_duration_sec",
    planned_duration_sec="s.planned_duration_sec",
)

# Per-session measures shared by both views (s = session, st = status). A completed session's load follows the
# load models' one session-RPE rule (load.models.srpe: actual, else planned, else the category's default), so the
# Training tab and the load views give a session the same load; the planned load is what the plan says (none
# for a session without a planned RPE and duration).
_MEASURES = f"""
  st.status,
  case when st.status = 'missed' then 'red' when st.status = 'completed' then coalesce(
    app_private.compliance_band(app_private.compliance_percent(s.planned_duration_sec, s.actual_duration_sec)),
    app_private.compliance_band(app_private.compliance_percent(s.planned_distance_m, s.actual_distance_m)),
    app_private.compliance_band(app_private.compliance_percent(s.planned_rpe, s.actual_rpe))) end as band,
  -- session-RPE load (Foster et al. 2001, J Strength Cond Res 15:109): RPE x minutes, arbitrary units
  case when st.status = 'completed' then {_SESSION_LOAD} end as session_load,
  s.planned_rpe * s.planned_duration_sec / 60.0 as planned_load
"""

# Aggregates over a set of rows m (the measures above joined to the session columns).
_TOTALS = """
  'sessions', count(m.id),
  'completed', count(m.id) filter (where m.status = 'completed'),
  'missed', count(m.id) filter (where m.status = 'missed'),
  'planned', count(m.id) filter (where m.status = 'planned'),
  'completion_rate', round(count(m.id) filter (where m.status = 'completed')::numeric
                           / nullif(count(m.id) filter (where m.status in ('completed', 'missed')), 0), 3),
  'planned_distance_m', coalesce(sum(m.planned_distance_m), 0),
  'actual_distance_m', coalesce(sum(m.actual_distance_m) filter (where m.status = 'completed'), 0),
  'planned_duration_sec', coalesce(sum(m.planned_duration_sec), 0),
  'actual_duration_sec', coalesce(sum(m.actual_duration_sec) filter (where m.status = 'completed'), 0),
  'session_load', round(coalesce(sum(m.session_load), 0), 1),
  'planned_session_load', round(coalesce(sum(m.planned_load), 0), 1),
  'compliance', json_build_object('green', count(m.id) filter (where m.band = 'green'),
                                  'yellow', count(m.id) filter (where m.band = 'yellow'),
                                  'red', count(m.id) filter (where m.band = 'red'))
"""


# Sessions of a program (%(program)s, season %(season)s): this season's, or season-less ones assigned by its staff
# or self-assigned. Shared with the Team Ops screen (engagement).
PROGRAM_SESSIONS = """
  (s.team_season_id = %(season)s or (s.team_season_id is null and (s.coach_member_id is null
    or s.coach_member_id in (select pm.id from program_members pm where pm.program_id = %(program)s))))
"""
# The latest completed session of the program of a row ``roster`` (athlete_id) on or before %(to)s. The
# planner cannot estimate the policy's filter for staff (it guesses a few rows of hundreds pass), so it reads an
# athlete's completed sessions through a bitmap and sorts them, at a cost that grows with what it reads: ≈ 1.6 ms
# per athlete over a whole history (a million-session data set), 0.11 ms over 28 days (150 athletes × 850
# sessions). So it looks back a week first, then four weeks, and only then through the whole history: each step
# runs only when the one before found nothing, most athletes are answered by the first (≈ 8 sessions), and the
# answer is the same.
_LAST_COMPLETED_SINCE = f"""(select json_build_object('id', s.id, 'session_date', s.session_date,
    'completed_at', s.completed_at, 'title', s.title, 'workout_category', s.workout_category)
  from athlete_training_sessions s
  where s.athlete_id = roster.athlete_id and s.completed_at >= {{since}}
    and s.session_date <= %(to)s and {PROGRAM_SESSIONS}
  order by s.completed_at desc limit 1)"""
_DAYS_BEFORE = "(least(%(to)s::date, %(today)s::date) - {days})::timestamptz"
LAST_COMPLETED = "coalesce({})".format(
    ", ".join(
        _LAST_COMPLETED_SINCE.format(since=since)
        for since in (_DAYS_BEFORE.format(days=7), _DAYS_BEFORE.format(days=28), "'-infinity'::timestamptz")
    )
)


def roster_sessions(extra_columns: str = "") -> str:
    """``left join lateral (…) m on true``: the program's sessions of each row ``roster`` (athlete_id) from
    %(from)s to %(to)s with their status (as of %(today)s) and measures, plus ``extra_columns``. Lateral, so each
    athlete is one range of sessions_athlete_date_idx; as ``athlete_id in (select … from roster)`` the planner also
    re-checked every session against the roster (≈ 3 ms more at 150 athletes)."""
    return f"""left join lateral (
  select s.*, {_MEASURES} {extra_columns}
  from athlete_training_sessions s
  cross join lateral (select case when s.completed_at is not null then 'completed'
    when s.session_date < %(today)s then 'missed' else 'planned' end as status) st
  where s.athlete_id = roster.athlete_id and s.session_date between %(from)s and %(to)s
    and {PROGRAM_SESSIONS}) m on true"""


def check_range(date_from: date, date_to: date) -> None:
    if date_to < date_from:
        raise InvalidInput("to must not be before from.", errors=[{"pointer": "query:to"}])
    if (date_to - date_from).days > MAX_RANGE_DAYS:
        raise InvalidInput("The range can span at most two years.", errors=[{"pointer": "query:from"}])


async def athlete_clock(conn: Connection, *, athlete_id: UUID) -> dict[str, Any]:
    """The athlete's home program, its time zone and local ``today`` (roster.clock); 404 when hidden."""
    cursor = await conn.execute(ATHLETE_HOME + " where a.id = %s", [athlete_id])
    row: dict[str, Any] | None = await cursor.fetchone()
    if row is None:
        raise NotFound.of("athlete", pronoun="them")
    return row


async def athlete_time_zone_and_today(conn: Connection, *, athlete_id: UUID) -> tuple[str, date]:
    row = await athlete_clock(conn, athlete_id=athlete_id)
    return row["time_zone"], row["today"]


async def training_tab(conn: Connection, *, athlete_id: UUID, date_from: date | None, date_to: date | None) -> str:
    """Sessions in the range and per-ISO-week trends, as JSON text."""
    time_zone, today = await athlete_time_zone_and_today(conn, athlete_id=athlete_id)
    date_from = date_from or today - timedelta(days=today.weekday() + 7 * 7)
    date_to = date_to or today + timedelta(days=6 - today.weekday())
    check_range(date_from, date_to)
    cursor = await conn.execute(
        f"""
        with m as (
          select s.*, {SESSION_JSON} as body, {_MEASURES}
          from athlete_training_sessions s {DERIVED}
          where s.athlete_id = %(athlete_id)s and s.session_date between %(from)s and %(to)s),
        weeks as (
          select w::date as week_start
          from generate_series(date_trunc('week', %(from)s::date), %(to)s::date, interval '1 week') w)
        select json_build_object(
          'athlete_id', %(athlete_id)s::uuid, 'from', %(from)s::date, 'to', %(to)s::date,
          'time_zone', %(time_zone)s::text, 'today', %(today)s::date,
          'sessions', (select coalesce(json_agg(m.body order by m.session_date, m.id), '[]') from m),
          'totals', (select json_build_object({_TOTALS}) from m),
          'weeks', (select json_agg(week order by week_start) from (
            select w.week_start, json_build_object(
              'week_start', w.week_start, 'iso_week', to_char(w.week_start, 'IYYY-"W"IW'),
              'by_category', coalesce((select json_object_agg(c.workout_category, c.n order by c.workout_category)
                 from (select m2.workout_category, count(*) as n from m m2
                       where date_trunc('week', m2.session_date) = w.week_start group by 1) c), '{{}}'),
              {_TOTALS}) as week
            from weeks w
            left join m on date_trunc('week', m.session_date) = w.week_start
            group by w.week_start) per_week)
        )::text as body
        """,
        {"athlete_id": athlete_id, "from": date_from, "to": date_to, "time_zone": time_zone, "today": today},
    )
    row = await cursor.fetchone()
    assert row is not None
    return str(row["body"])


async def team_summary(
    conn: Connection,
    *,
    team_season_id: UUID,
    date_from: date | None,
    date_to: date | None,
    event_group_id: UUID | None,
) -> str:
    """One row per rostered athlete: planned vs actual volume, completion, compliance, missed, last session."""
    cursor = await conn.execute(
        f"select ts.program_id, p.time_zone, {local_today('p.time_zone')} as today from team_seasons ts "
        "join programs p on p.id = ts.program_id where ts.id = %s",
        [team_season_id],
    )
    season = await cursor.fetchone()
    if season is None:
        raise NotFound("No team season with this id exists, or you may not see it.")
    today: date = season["today"]
    date_from = date_from or today - timedelta(days=today.weekday())
    date_to = date_to or date_from + timedelta(days=6)
    check_range(date_from, date_to)
    params: dict[str, Any] = {
        "season": team_season_id,
        "program": season["program_id"],
        "group": event_group_id,
        "from": date_from,
        "to": date_to,
        "time_zone": season["time_zone"],
        "today": today,
    }
    group_filter = "and r.event_group_id = %(group)s" if event_group_id else ""
    cursor = await conn.execute(
        f"""
        with roster as (
          select r.athlete_id, a.name,
                 array_agg(distinct eg.name) filter (where eg.name is not null) as event_groups,
                 (array_agg(r.status order by r.status = 'active' desc))[1] as roster_status
          from roster_entries r
          join athletes a on a.id = r.athlete_id
          left join event_groups eg on eg.id = r.event_group_id
          where r.team_season_id = %(season)s and r.status <> 'inactive' {group_filter}
          group by r.athlete_id, a.name)
        select json_build_object(
          'team_season_id', %(season)s::uuid, 'event_group_id', %(group)s::uuid, 'from', %(from)s::date,
          'to', %(to)s::date, 'time_zone', %(time_zone)s::text, 'today', %(today)s::date,
          'athletes', coalesce(json_agg(row order by name), '[]'))::text as body
        from (
          select roster.name, json_build_object(
            'athlete_id', roster.athlete_id, 'name', roster.name, 'event_groups', roster.event_groups,
            'roster_status', roster.roster_status, {_TOTALS},
            'last_completed', {LAST_COMPLETED}) as row
          from roster
          {roster_sessions()}
          group by roster.athlete_id, roster.name, roster.event_groups, roster.roster_status) per_athlete
        """,
        params,
    )
    row = await cursor.fetchone()
    assert row is not None
    return str(row["body"])

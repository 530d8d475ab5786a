"""SQL of the load domain: the program's model settings joined into a context query.

Every statement runs as the caller (row-level security decides what exists); nothing here filters for access.
"""

from __future__ import annotations

from trainingops.load import packing
from trainingops.load.models import CATEGORY_CODES
from trainingops.roster.clock import ATHLETE_HOME, local_today

# The columns of program_load_settings the models read; ``program_settings.from_row`` turns them into
# LoadSettings (null columns: the published defaults).
SETTINGS_COLUMNS = ("acute_days", "chronic_days", "ctl_days", "atl_days", "smoothing", "monotony_ddof")


def settings_select_list(alias: str) -> str:
    """``alias.acute_days, alias.chronic_days, …`` for a context query that left-joins the settings."""
    return ", ".join(f"{alias}.{column}" for column in SETTINGS_COLUMNS)


# The athlete's home program and local today (roster.clock) with that program's model settings.
ATHLETE_CONTEXT = f"""
select home.*, {settings_select_list("pls")}
from ({ATHLETE_HOME} where a.id = %s) home
left join program_load_settings pls on pls.program_id = home.program_id
"""


# The models' category codes, as a CASE (an array lookup per row costs several times more).
_CATEGORY_CODE = (
    "case s.workout_category "
    + " ".join(f"when '{name}' then {code}" for name, code in CATEGORY_CODES.items())
    + f" else {CATEGORY_CODES['other']} end"
)


def hr_number(key: str) -> str:
    """metrics_json -> 'hr' -> key as float8 when it is a JSON number, else NaN; never a cast error on odd JSON.

    A number's text longer than any heart rate could be is refused before the cast (float8 overflows on
    1e400); plausibility is checked in ``frames``.
    """
    return (
        f"float8send(coalesce(case when jsonb_typeof(hr.{key}) = 'number' then case when length(hr.{key}_text) "
        f"<= {_MAX_NUMBER_TEXT} then hr.{key}_text::float8 end end, 'NaN'))"
    )


_MAX_NUMBER_TEXT = 24  # characters; a heart rate needs at most a handful

# Each session as one fixed-width record (``packing``): the SQL integer behind every field.
_RECORD = packing.record_sql(
    {
        "athlete": "r.idx",
        "day": "s.session_date - %(start)s::date",
        "category": _CATEGORY_CODE,
        "completed": "(s.completed_at is not null)::int",
        **{
            name: f"s.{name}"
            for name in (
                "actual_rpe",
                "planned_rpe",
                "actual_duration_sec",
                "planned_duration_sec",
                "actual_distance_m",
                "planned_distance_m",
            )
        },
    }
)


# The warm-up history needs heart rate only for the observed-HRmax rule (frames): athletes without a date of birth.
_READING = f"int8send(r.idx::int8 << 32 | (s.session_date - %(start)s::date)) || {hr_number('max')}"


# The heart-rate object of a session's metrics, as the reading expressions above expect it (alias ``hr``).
_HEART = """
  cross join lateral (select s.metrics_json -> 'hr' as object) heart
  cross join lateral (
    select heart.object -> 'avg' as avg, heart.object ->> 'avg' as avg_text,
           heart.object -> 'max' as max, heart.object ->> 'max' as max_text) hr"""

_BLOCK_HEADER = packing.BLOCK_HEADER_SQL.format(index="r.idx")


# One row: the roster (JSON, in index order); its daily loads before ``%(split)s`` (``days``: the
# athlete_load_blocks ``%(first_block)s`` … ``%(last_block)s``, sums kept on write, each after a header naming the
# athlete; the client keeps the days in [start, split)); and the sessions of its athletes in [split, end], packed:
# the days before the first one shown (``%(shown)s``) in one buffer, the days shown with heart rate in another.
# Heart rate feeds only TRIMP, which no other metric uses, and reading JSON is the dearest part of the scan, so the
# warm-up history is read without it (PostgreSQL evaluates an aggregate's arguments only for the rows its FILTER
# lets through); the observed-HRmax rule needs the maximum readings of athletes without a date of birth before the
# days shown (``readings`` from the sessions read, ``early_readings`` before ``split``). With ``split`` = ``start``
# no block is read and every day comes from its sessions (the path before migration 0020, kept for the tests).
def data_query(roster: str, extra: str = "") -> str:
    return f"""
with roster as ({roster})
select
  (select coalesce(json_agg(r order by r.idx), '[]') from roster r) as roster,
  (select string_agg({_BLOCK_HEADER} || b.days, '')
   from athlete_load_blocks b join roster r on r.athlete_id = b.athlete_id
   where b.block between %(first_block)s and %(last_block)s) as days,
  (select string_agg({_READING}, '')
   from athlete_training_sessions s join roster r on r.athlete_id = s.athlete_id {_HEART}
   where r.date_of_birth is null and s.session_date >= %(start)s::date and s.session_date < %(split)s::date
     and jsonb_typeof(hr.max) = 'number' {extra}) as early_readings,
  packed.*
from (
  select
    string_agg({_RECORD}, '') filter (where s.session_date < %(shown)s::date) as history,
    string_agg({_READING}, '') filter (where s.session_date < %(shown)s::date and r.date_of_birth is null
                                       and jsonb_typeof(hr.max) = 'number') as readings,
    string_agg({_RECORD} || {hr_number("avg")} || {hr_number("max")}, '') filter (where s.session_date >= %(shown)s::date)
      as shown
  from athlete_training_sessions s
  join roster r on r.athlete_id = s.athlete_id {_HEART}
  where s.session_date between %(split)s and %(end)s {extra}) packed
"""


ONE_ATHLETE = (
    "select a.id as athlete_id, a.name, a.sex, a.date_of_birth, 0 as idx from athletes a where a.id = %(athlete)s"
)

# Every athlete on the season's roster (inactive entries left out, like the Team Ops summary), once each.
SEASON_ROSTER = """
select r.athlete_id, a.name, a.sex, a.date_of_birth,
       coalesce(array_agg(distinct eg.name) filter (where eg.name is not null), '{{}}') as event_groups,
       (array_agg(r.status order by r.status = 'active' desc))[1] as roster_status,
       (row_number() over (order by a.name, r.athlete_id) - 1)::int as idx
from roster_entries r
join athletes a on a.id = r.athlete_id
left join event_groups eg on eg.id = r.event_group_id
where r.team_season_id = %(season)s and r.status <> 'inactive' {group_filter}
group by r.athlete_id, a.name, a.sex, a.date_of_birth
"""

# The season, its program's time zone and "today", and the program's load settings (null: the defaults).
SEASON_CONTEXT = f"""
select ts.id, ts.start_date, ts.end_date, p.time_zone, {local_today("p.time_zone")} as today,
       {settings_select_list("pls")}
from team_seasons ts join programs p on p.id = ts.program_id
left join program_load_settings pls on pls.program_id = ts.program_id
where ts.id = %s
"""

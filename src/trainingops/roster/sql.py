"""The statements of the context writes: programs, members, seasons, event groups, athletes and roster entries.

Every one runs as the caller: row-level security decides which rows exist and which may change (migration 0017),
so nothing here filters for access. Rows leave PostgreSQL as JSON text and are passed through.
"""

from __future__ import annotations

from psycopg import sql

# ------------------------------------------------------------------------------------------------- shapes

PROGRAM_JSON = """
json_build_object('id', p.id, 'name', p.name, 'sport', p.sport, 'time_zone', p.time_zone, 'version', p.version,
  'capabilities', array(select c from unnest(%(capabilities)s::text[]) with ordinality as k(c, n)
                        where p.id = any (app_private.staff_program_ids_with(c)) order by k.n))::text
"""
MEMBER_JSON = """
json_build_object('id', pm.id, 'program_id', pm.program_id, 'user_id', pm.user_id, 'name', u.name,
  'email', u.email, 'role', pm.role, 'active', pm.is_active, 'version', pm.version)
"""
SEASON_JSON = """
json_build_object('id', ts.id, 'program_id', ts.program_id, 'name', ts.name, 'sport', ts.sport,
  'start_date', ts.start_date, 'end_date', ts.end_date, 'closed_at', ts.closed_at, 'version', ts.version)
"""
GROUP_JSON = """
json_build_object('id', eg.id, 'program_id', eg.program_id, 'name', eg.name, 'archived_at', eg.archived_at,
  'version', eg.version)
"""
ENTRY_JSON = """
json_build_object('roster_entry_id', r.id, 'athlete_id', r.athlete_id, 'name', a.name,
  'event_group_id', r.event_group_id, 'event_group', eg.name, 'status', r.status, 'joined_on', r.joined_on,
  'left_on', r.left_on, 'version', r.version)
"""
ENTRY_FROM = """
roster_entries r join athletes a on a.id = r.athlete_id left join event_groups eg on eg.id = r.event_group_id
"""
ATHLETE_JSON = """
json_build_object('id', a.id, 'name', a.name, 'user_id', a.user_id, 'sex', a.sex, 'date_of_birth', a.date_of_birth,
  'email', a.email, 'version', a.version,
  'rosters', coalesce((select json_agg(json_build_object('roster_entry_id', r.id, 'team_season_id', r.team_season_id,
    'team_season_name', ts.name, 'program_id', r.program_id, 'event_group_id', r.event_group_id,
    'event_group', eg.name, 'status', r.status) order by ts.start_date desc, r.id)
    from roster_entries r join team_seasons ts on ts.id = r.team_season_id
    left join event_groups eg on eg.id = r.event_group_id where r.athlete_id = a.id), '[]'))
"""


def items(shape: str, source: str, *, where: str, order: str) -> str:
    """``{"items": [...]}`` of the rows of ``source`` matching ``where`` (constants of this module's callers)."""
    return (
        f"select json_build_object('items', coalesce(json_agg({shape} order by {order}), '[]'))::text as body "
        f"from {source} where {where}"
    )


# ---------------------------------------------------------------------------------------------- programs

CREATE_PROGRAM = "select app_private.create_program(%(name)s, %(sport)s, %(time_zone)s, %(role)s) as id"
ONE_PROGRAM = f"select {PROGRAM_JSON} as body, p.version from programs p where p.id = %(id)s"

MEMBERS = items(
    MEMBER_JSON,
    "program_members pm left join users u on u.id = pm.user_id",
    where="pm.program_id = %(program)s",
    order="pm.is_active desc, u.name, pm.id",
)
ONE_MEMBER = (
    f"select {MEMBER_JSON}::text as body, pm.version from program_members pm left join users u on u.id = pm.user_id "
    "where pm.id = %(id)s"
)
MEMBER_OWNER = """
select pm.program_id, pm.user_id = app_private.current_user_id() as own from program_members pm where pm.id = %s
"""

SEASONS = items(SEASON_JSON, "team_seasons ts", where="ts.program_id = %(program)s", order="ts.start_date desc, ts.id")
ONE_SEASON = f"select {SEASON_JSON}::text as body, ts.version from team_seasons ts where ts.id = %(id)s"
CREATE_SEASON = """
insert into team_seasons (program_id, name, sport, start_date, end_date)
select p.id, %(name)s, coalesce(%(sport)s, p.sport), %(start_date)s, %(end_date)s from programs p where p.id = %(program)s
returning id
"""
SEASON_PROGRAM = "select program_id, closed_at is not null as closed from team_seasons where id = %s"

GROUPS = items(GROUP_JSON, "event_groups eg", where="eg.program_id = %(program)s", order="eg.name, eg.id")
ONE_GROUP = f"select {GROUP_JSON}::text as body, eg.version from event_groups eg where eg.id = %(id)s"
CREATE_GROUP = "insert into event_groups (program_id, name) values (%(program)s, %(name)s) returning id"
GROUP_PROGRAM = "select program_id from event_groups where id = %s"

# ------------------------------------------------------------------------------------------------ athletes

ONE_ATHLETE = f"select {ATHLETE_JSON}::text as body, a.version from athletes a where a.id = %(id)s"
# The program's athletes: those it created and those ever on one of its rosters (as far as the caller sees them).
PROGRAM_ATHLETES = items(
    "json_build_object('id', a.id, 'name', a.name, 'user_id', a.user_id, 'sex', a.sex, "
    "'date_of_birth', a.date_of_birth, 'email', a.email, 'version', a.version)",
    "athletes a",
    where="a.created_in_program_id = %(program)s "
    "or exists (select from roster_entries r where r.athlete_id = a.id and r.program_id = %(program)s)",
    order="a.name, a.id",
)
CREATE_ATHLETE = """
insert into athletes (name, sex, date_of_birth, email, created_in_program_id)
values (%(name)s, %(sex)s, %(date_of_birth)s, %(email)s, %(program)s)
returning id
"""
# Who may change an athlete's profile: the athlete, or roster staff of a program the athlete is (or was) in.
ATHLETE_EDITOR = """
select a.id = app_private.my_athlete_id() as mine,
       a.id = any (app_private.staff_athlete_ids_with('manage_roster')) as manager,
       app_private.capability_roles('manage_roster') as roles
from athletes a where a.id = %s
"""
# Whether the athlete is the program's (created by it, or on one of its rosters now or before): the rule of the
# roster_entries_insert policy, asked of the same function.
ATHLETE_OF_PROGRAM = "select app_private.may_roster(%(program)s, %(athlete)s) as ours"

ONE_ENTRY = f"select {ENTRY_JSON}::text as body, r.version from {ENTRY_FROM} where r.id = %(id)s"
ENTRY_PROGRAM = "select program_id from roster_entries where id = %s"
CREATE_ENTRY = """
insert into roster_entries (program_id, team_season_id, athlete_id, event_group_id, status, joined_on, left_on)
values (%(program)s, %(season)s, %(athlete)s, %(event_group_id)s, %(status)s, %(joined_on)s, %(left_on)s)
returning id
"""


def update(table: str, columns: list[str], *, expressions: dict[str, str] | None = None) -> sql.Composed:
    """``update table set column = %(column)s, ... where id = %(id)s and version = %(expected)s returning id``
    (``expected`` null: If-Match ``*``, any version); ``expressions`` replace a column's placeholder with SQL of
    this module (a season's close, a group's archive). ``table`` and ``columns`` are the callers' constants."""
    expressions = expressions or {}
    sets = sql.SQL(", ").join(
        sql.SQL("{} = {}").format(
            sql.Identifier(c), sql.SQL(expressions[c]) if c in expressions else sql.Placeholder(c)
        )
        for c in columns
    )
    return sql.SQL(
        "update {} t set {} where t.id = %(id)s and (%(expected)s::int is null or t.version = %(expected)s) "
        "returning t.id"
    ).format(sql.Identifier(table), sets)


# closed / archived: true stamps the time (kept when already set), false clears it.
CLOSED_AT = "case when %(closed_at)s then coalesce(t.closed_at, now()) end"
ARCHIVED_AT = "case when %(archived_at)s then coalesce(t.archived_at, now()) end"

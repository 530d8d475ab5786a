"""Who is who: every user with their staff memberships, athlete profile and roster entries.

Used by ``trainingops users`` (administrative connection) to show the people a deployment or the demo has.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import psycopg
from psycopg.rows import dict_row

USERS_QUERY = """
select u.id::text as id, u.email, u.name,
  coalesce((
    select json_agg(json_build_object('program_id', pm.program_id, 'program_name', p.name, 'role', pm.role,
                                      'active', pm.is_active) order by p.name)
    from program_members pm join programs p on p.id = pm.program_id
    where pm.user_id = u.id), '[]') as staff,
  a.id::text as athlete_id,
  coalesce((
    select json_agg(json_build_object('team_season_id', r.team_season_id, 'program_id', r.program_id,
                                      'event_group', eg.name, 'status', r.status) order by ts.start_date, eg.name)
    from roster_entries r
    join team_seasons ts on ts.id = r.team_season_id
    left join event_groups eg on eg.id = r.event_group_id
    where r.athlete_id = a.id), '[]') as rosters
from users u
left join athletes a on a.user_id = u.id
order by (select min(p.name) from program_members pm join programs p on p.id = pm.program_id
          where pm.user_id = u.id) nulls last, u.email
"""


def list_users(admin_url: str) -> list[dict[str, Any]]:
    with psycopg.connect(admin_url, row_factory=dict_row) as conn:
        return conn.execute(USERS_QUERY).fetchall()


def user_id_for_email(admin_url: str, email: str) -> UUID | None:
    with psycopg.connect(admin_url) as conn:
        row = conn.execute("select id from users where lower(email) = lower(%s)", [email]).fetchone()
    return UUID(str(row[0])) if row else None

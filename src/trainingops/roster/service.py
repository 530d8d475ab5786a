"""Read the context the Training domain needs, as the caller: who they are, programs, seasons, rosters."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from trainingops.db.pool import Connection
from trainingops.errors import NotFound
from trainingops.roster import access, sql


async def _json(conn: Connection, query: str, params: Any = None) -> str | None:
    cursor = await conn.execute(query, params)
    row = await cursor.fetchone()
    return None if row is None or row["body"] is None else str(row["body"])


async def me(conn: Connection) -> str:
    body = await _json(
        conn,
        """
        select json_build_object(
          'user', json_build_object('id', u.id, 'email', u.email, 'name', u.name),
          'staff', coalesce((select json_agg(json_build_object('member_id', pm.id, 'program_id', pm.program_id,
                     'program_name', p.name, 'role', pm.role, 'active', pm.is_active) order by p.name)
                   from program_members pm join programs p on p.id = pm.program_id
                   where pm.user_id = u.id), '[]'),
          'athlete', (select json_build_object('id', a.id, 'name', a.name, 'sex', a.sex,
                        'date_of_birth', a.date_of_birth,
                        'rosters', coalesce((select json_agg(json_build_object('roster_entry_id', r.id,
                          'team_season_id', r.team_season_id, 'team_season_name', ts.name,
                          'program_id', r.program_id, 'program_name', p.name, 'event_group_id', r.event_group_id,
                          'event_group', eg.name, 'status', r.status) order by ts.start_date desc)
                          from roster_entries r join team_seasons ts on ts.id = r.team_season_id
                          join programs p on p.id = r.program_id left join event_groups eg on eg.id = r.event_group_id
                          where r.athlete_id = a.id), '[]'))
                      from athletes a where a.user_id = u.id))::text as body
        from users u where u.id = app_private.current_user_id()
        """,
    )
    if body is None:
        raise NotFound("Your token names a user that does not exist.")
    return body


async def programs(conn: Connection) -> str:
    return (
        await _json(
            conn,
            "select json_build_object('items', coalesce(json_agg(json_build_object('id', id, 'name', name, 'sport', "
            "sport, 'time_zone', time_zone) order by name), '[]'))::text as body from programs",
        )
        or '{"items":[]}'
    )


async def team_seasons(conn: Connection, *, program_id: UUID) -> str:
    await access.require_visible(conn, table="programs", row_id=program_id)
    return await _json(conn, sql.SEASONS, {"program": program_id}) or '{"items":[]}'


async def event_groups(conn: Connection, *, program_id: UUID) -> str:
    """Every group of the program, archived ones included (``archived_at`` says which)."""
    await access.require_visible(conn, table="programs", row_id=program_id)
    return await _json(conn, sql.GROUPS, {"program": program_id}) or '{"items":[]}'


async def roster(conn: Connection, *, team_season_id: UUID) -> str:
    await access.require_visible(conn, table="team_seasons", row_id=team_season_id)
    query = sql.items(
        sql.ENTRY_JSON, sql.ENTRY_FROM, where="r.team_season_id = %(season)s", order="a.name, eg.name, r.id"
    )
    return await _json(conn, query, {"season": team_season_id}) or '{"items":[]}'


async def athlete(conn: Connection, *, athlete_id: UUID) -> tuple[str, int]:
    """The athlete with their roster entries (as far as the caller sees them), and the version for the ETag."""
    cursor = await conn.execute(sql.ONE_ATHLETE, {"id": athlete_id})
    row = await cursor.fetchone()
    if row is None:
        raise NotFound.of("athlete", pronoun="them")
    return str(row["body"]), int(row["version"])

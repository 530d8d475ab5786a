"""Read the context the Training domain needs, as the caller: who they are, programs, seasons, rosters."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from trainingops.db.pool import Connection
from trainingops.errors import NotFound
from trainingops.roster import access


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
    return (
        await _json(
            conn,
            "select json_build_object('items', coalesce(json_agg(json_build_object('id', id, 'program_id', program_id, "
            "'name', name, 'sport', sport, 'start_date', start_date, 'end_date', end_date) order by start_date desc), "
            "'[]'))::text as body from team_seasons where program_id = %s",
            [program_id],
        )
        or '{"items":[]}'
    )


async def event_groups(conn: Connection, *, program_id: UUID) -> str:
    await access.require_visible(conn, table="programs", row_id=program_id)
    return (
        await _json(
            conn,
            "select json_build_object('items', coalesce(json_agg(json_build_object('id', id, 'program_id', program_id, "
            "'name', name) order by name), '[]'))::text as body from event_groups where program_id = %s",
            [program_id],
        )
        or '{"items":[]}'
    )


async def roster(conn: Connection, *, team_season_id: UUID) -> str:
    await access.require_visible(conn, table="team_seasons", row_id=team_season_id)
    return (
        await _json(
            conn,
            """
        select json_build_object('items', coalesce(json_agg(json_build_object(
          'roster_entry_id', r.id, 'athlete_id', r.athlete_id, 'name', a.name, 'event_group_id', r.event_group_id,
          'event_group', eg.name, 'status', r.status, 'joined_on', r.joined_on, 'left_on', r.left_on)
          order by a.name, eg.name), '[]'))::text as body
        from roster_entries r join athletes a on a.id = r.athlete_id left join event_groups eg on eg.id = r.event_group_id
        where r.team_season_id = %s
        """,
            [team_season_id],
        )
        or '{"items":[]}'
    )


async def athlete(conn: Connection, *, athlete_id: UUID) -> str:
    body = await _json(
        conn,
        """
        select json_build_object('id', a.id, 'name', a.name, 'user_id', a.user_id, 'sex', a.sex,
          'date_of_birth', a.date_of_birth,
          'rosters', coalesce((select json_agg(json_build_object('team_season_id', r.team_season_id,
            'team_season_name', ts.name, 'program_id', r.program_id, 'event_group_id', r.event_group_id,
            'event_group', eg.name, 'status', r.status) order by ts.start_date desc)
            from roster_entries r join team_seasons ts on ts.id = r.team_season_id
            left join event_groups eg on eg.id = r.event_group_id where r.athlete_id = a.id), '[]'))::text as body
        from athletes a where a.id = %s
        """,
        [athlete_id],
    )
    if body is None:
        raise NotFound.of("athlete", pronoun="them")
    return body

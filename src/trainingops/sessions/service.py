"""Sessions: assign, self-assign, read, list, change, complete, delete, history.

Functions take keyword-only arguments and run inside the caller's transaction (``db.transaction(identity)``);
they never commit. Row-level security decides what exists; the checks here only turn the database's refusals
into precise messages (which field, why) before it has to refuse.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from psycopg import sql
from psycopg.types.json import Jsonb

from trainingops.api.http import PreconditionFailed
from trainingops.db.pool import Connection
from trainingops.errors import DomainError, InvalidInput, NotFound, RoleRequired
from trainingops.roster import access
from trainingops.sessions import schemas
from trainingops.sessions.sql import COACH_MAY_ASSIGN, DERIVED, ONE_SESSION, SESSION_FROM, SESSION_JSON, WHY_UNCHANGED

MAX_PAGE = 200


class SessionNotFound(NotFound):
    code = "session_not_found"
    title = "Session not found"

    def __init__(self) -> None:
        super().__init__("No session with this id exists, or you may not see it.")


class SessionCompleted(DomainError):
    code = "session_completed"
    status = 409
    title = "The session is completed"


class NotDeletable(DomainError):
    code = "not_deletable"
    status = 403
    title = "You cannot delete this session"


def invalid(pointer: str, detail: str) -> InvalidInput:
    return InvalidInput(detail, errors=[{"pointer": pointer, "detail": detail}])


async def _one(conn: Connection, query: Any, params: Any = None) -> dict[str, Any] | None:
    cursor = await conn.execute(query, params)
    return await cursor.fetchone()


async def get(conn: Connection, *, session_id: UUID) -> tuple[str, int]:
    row = await _one(conn, ONE_SESSION, {"id": session_id})
    if row is None:
        raise SessionNotFound()
    return row["body"], row["version"]


# ------------------------------------------------------------------------------------------------- creating


async def _coach_membership(conn: Connection, body: schemas.CoachAssignment) -> UUID:
    if body.coach_member_id is not None:
        return body.coach_member_id
    if body.team_season_id is not None:
        row = await _one(
            conn,
            "select pm.id from team_seasons ts join program_members pm on pm.program_id = ts.program_id "
            "where ts.id = %s and pm.user_id = app_private.current_user_id() and pm.is_active",
            [body.team_season_id],
        )
        if row is None:
            raise invalid("#/team_season_id", "Not a season of a program you are active staff of.")
        return UUID(str(row["id"]))
    cursor = await conn.execute(
        "select id from program_members where user_id = app_private.current_user_id() and is_active"
    )
    memberships = await cursor.fetchall()
    if len(memberships) != 1:
        raise invalid("#/coach_member_id", "You are staff of several programs: send team_season_id or coach_member_id.")
    return UUID(str(memberships[0]["id"]))


async def _require_assign_role(conn: Connection, *, coach: UUID, workout_category: str) -> None:
    """403 role_required when the coach is of a program of the caller's where their role may not assign sessions
    of this category (gym: assign_gym; the rest: assign_run). Another program's coach is left to the policy."""
    capability = access.category_capability("assign", workout_category)
    row = await _one(conn, COACH_MAY_ASSIGN, {"coach": coach, "capability": capability})
    assert row is not None
    if row["ours"] and not row["allowed"]:
        raise access.role_required(capability, list(row["roles"]))


async def assign(conn: Connection, *, body: schemas.CoachAssignment) -> str:
    """Create one coach-assigned session per athlete (all or none); return them as a JSON list."""
    # The sessions_insert policy's rule (0012): a current roster of the caller's program, or the roster of one
    # of its seasons (the one named, if any) that contains the day.
    check = await _one(
        conn,
        """
        select cardinality(app_private.staff_program_ids()) > 0 as is_staff,
          array(select i - 1 from unnest(%(athletes)s::uuid[]) with ordinality as a(id, i)
                where id <> all (app_private.staff_current_athlete_ids())
                  and not exists (
                    select from roster_entries r join team_seasons ts on ts.id = r.team_season_id
                    where r.athlete_id = a.id and r.program_id = any (app_private.staff_program_ids())
                      and (%(season)s::uuid is null or ts.id = %(season)s)
                      and %(day)s::date between ts.start_date and ts.end_date
                      and %(day)s::date between coalesce(r.joined_on, ts.start_date)
                                            and coalesce(r.left_on, ts.end_date))) as unknown
        """,
        {"athletes": body.athlete_ids, "season": body.team_season_id, "day": body.scheduled_date},
    )
    assert check is not None
    if not check["is_staff"]:
        raise access.StaffOnly("Only active staff of a program can assign sessions; athletes leave out athlete_ids.")
    if check["unknown"]:
        detail = "Not on a current roster of your program, nor on the roster of one of its seasons on this date."
        errors = [{"pointer": f"#/athlete_ids/{i}", "detail": detail} for i in check["unknown"]]
        raise InvalidInput("Some athletes are not on a roster of your program for this date.", errors=errors)
    coach = await _coach_membership(conn, body)
    await _require_assign_role(conn, coach=coach, workout_category=body.workout_category)
    plan = body.model_dump(exclude={"athlete_ids", "coach_member_id"})
    cursor = await conn.execute(
        f"""
        with s as (
          insert into athlete_training_sessions (athlete_id, source, coach_member_id, team_season_id,
            scheduled_date, workout_category, title, planned_description, planned_distance_m,
            planned_duration_sec, planned_rpe)
          select a.id, 'coach_assigned', %(coach)s, %(team_season_id)s, %(scheduled_date)s, %(workout_category)s,
            %(title)s, %(planned_description)s, %(planned_distance_m)s, %(planned_duration_sec)s, %(planned_rpe)s
          from unnest(%(athletes)s::uuid[]) with ordinality as a(id, position)
          order by a.position
          returning *)
        select coalesce(json_agg({SESSION_JSON} order by s.athlete_id), '[]')::text as body
        from s {DERIVED}
        """,
        {**plan, "coach": coach, "athletes": body.athlete_ids},
    )
    row = await cursor.fetchone()
    assert row is not None
    return str(row["body"])


async def self_assign(conn: Connection, *, body: schemas.SelfAssignment) -> tuple[str, int, UUID]:
    """Create the caller's own session (planned, or already done when completed_at is sent)."""
    me = await _one(
        conn,
        "select app_private.my_athlete_id() as athlete_id, "
        "(%s::uuid is null or %s::uuid = any (app_private.my_season_ids())) as season_ok",
        [body.team_season_id, body.team_season_id],
    )
    assert me is not None
    if me["athlete_id"] is None:
        raise access.AthleteOnly(
            "Only an athlete can create a self-assigned session; staff assign sessions with athlete_ids."
        )
    if not me["season_ok"]:
        raise invalid("#/team_season_id", "Not a season whose roster you are on.")
    values = body.model_dump()
    values["metrics_json"] = Jsonb(values["metrics_json"]) if values["metrics_json"] is not None else None
    # Without a scheduled date the day is the completion's local date in the athlete's program time zone.
    row = await _one(
        conn,
        f"""
        with home as (
          select coalesce(
            (select p.time_zone from team_seasons ts join programs p on p.id = ts.program_id
             where ts.id = %(team_season_id)s),
            (select p.time_zone from programs p
             where p.id = app_private.athlete_home_program(%(athlete_id)s, coalesce(%(completed_at)s::timestamptz, now()))),
            'UTC') as time_zone),
        s as (
          insert into athlete_training_sessions (athlete_id, source, team_season_id, scheduled_date, completed_at,
            workout_category, title, planned_description, planned_distance_m, planned_duration_sec, planned_rpe,
            actual_distance_m, actual_duration_sec, actual_rpe, actual_description, metrics_json)
          select %(athlete_id)s, 'self_assigned', %(team_season_id)s,
            coalesce(%(scheduled_date)s::date, (%(completed_at)s::timestamptz at time zone home.time_zone)::date),
            %(completed_at)s, %(workout_category)s, %(title)s, %(planned_description)s, %(planned_distance_m)s,
            %(planned_duration_sec)s, %(planned_rpe)s, %(actual_distance_m)s, %(actual_duration_sec)s,
            %(actual_rpe)s, %(actual_description)s, %(metrics_json)s
          from home
          returning *)
        select {SESSION_JSON}::text as body, s.version, s.id from s {DERIVED}
        """,
        {**values, "athlete_id": me["athlete_id"]},
    )
    assert row is not None
    return row["body"], row["version"], row["id"]


# ------------------------------------------------------------------------------------------------- changing


async def acting_as_staff(conn: Connection, *, session_id: UUID) -> bool:
    """Whether the caller changes this session as staff of its program (else as its athlete); 404 if hidden."""
    row = await _one(
        conn,
        "select s.team_season_id = any (app_private.staff_season_ids()) "
        "  or s.coach_member_id = any (app_private.staff_member_ids()) "
        "  or (s.team_season_id is null and s.coach_member_id is null "
        "      and s.athlete_id is distinct from app_private.my_athlete_id()) as as_staff "
        "from athlete_training_sessions s where s.id = %s",
        [session_id],
    )
    if row is None:
        raise SessionNotFound()
    return bool(row["as_staff"])


async def _missing_or_stale(conn: Connection, session_id: UUID, expected_version: int | None = None) -> DomainError:
    """Why a write touched no row: hidden or missing (404); as the caller read it, so their role may not change it
    (403 role_required: staff whose role does not assign sessions of its category); else changed since (412)."""
    row = await _one(conn, WHY_UNCHANGED, [session_id])
    if row is None:
        return SessionNotFound()
    if not (row["mine"] or row["allowed"]) and (expected_version is None or row["version"] == expected_version):
        return access.role_required(row["capability"], list(row["roles"]))
    return PreconditionFailed(
        f"The session changed since you read it (it is now at version {row['version']}); GET it again.",
        current_etag=f'"v{row["version"]}"',
    )


async def update(
    conn: Connection, *, session_id: UUID, changes: dict[str, Any], expected_version: int | None
) -> tuple[str, int]:
    """Apply ``changes`` (validated field -> value) if the session is still at ``expected_version``."""
    if "metrics_json" in changes and changes["metrics_json"] is not None:
        changes = {**changes, "metrics_json": Jsonb(changes["metrics_json"])}
    if not changes:
        return await get(conn, session_id=session_id)
    assignments = sql.SQL(", ").join(
        sql.SQL("{} = {}").format(sql.Identifier(column), sql.Placeholder(column)) for column in changes
    )
    version_check = sql.SQL("and version = %(expected_version)s") if expected_version is not None else sql.SQL("")
    query = sql.SQL(
        "with s as (update athlete_training_sessions set {assignments} where id = %(session_id)s {version_check} "
        "returning *) select {json}::text as body, s.version from s {derived}"
    ).format(
        assignments=assignments,
        version_check=version_check,
        json=sql.SQL(SESSION_JSON),  # constants of this package, not input
        derived=sql.SQL(DERIVED),
    )
    row = await _one(conn, query, {**changes, "session_id": session_id, "expected_version": expected_version})
    if row is None:
        raise await _missing_or_stale(conn, session_id, expected_version)
    return row["body"], row["version"]


async def complete(
    conn: Connection, *, session_id: UUID, changes: dict[str, Any], expected_version: int | None
) -> tuple[str, int]:
    """Log what was done: ``changes`` (actuals), completed now unless ``completed_at`` is given (transaction time,
    as every timestamp the database writes)."""
    await get(conn, session_id=session_id)
    if changes.get("completed_at") is None:
        cursor = await conn.execute("select now() as now")
        row = await cursor.fetchone()
        assert row is not None
        changes = {**changes, "completed_at": row["now"]}
    return await update(conn, session_id=session_id, changes=changes, expected_version=expected_version)


async def delete(conn: Connection, *, session_id: UUID, expected_version: int | None) -> None:
    row = await _one(
        conn,
        "delete from athlete_training_sessions where id = %(id)s and (%(v)s::int is null or version = %(v)s) "
        "returning id",
        {"id": session_id, "v": expected_version},
    )
    if row is not None:
        return
    problem = await _missing_or_stale(conn, session_id, expected_version)
    if isinstance(problem, SessionNotFound | RoleRequired) or expected_version is None:
        raise problem
    state = await _one(
        conn, "select version, completed_at, source from athlete_training_sessions where id = %s", [session_id]
    )
    assert state is not None
    if state["version"] != expected_version:
        raise problem
    if state["completed_at"] is not None:
        raise SessionCompleted("A completed session is history and cannot be deleted; change it instead.")
    raise NotDeletable("Athletes can delete only their own self-assigned sessions.")


# ------------------------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class ListFilters:
    athlete_id: UUID | None = None
    team_season_id: UUID | None = None
    date_from: date | None = None
    date_to: date | None = None
    workout_category: str | None = None
    source: str | None = None
    status: str | None = None
    descending: bool = False


def encode_cursor(session_date: date, session_id: UUID) -> str:
    raw = json.dumps([session_date.isoformat(), str(session_id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[date, UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        day, session_id = json.loads(raw)
        return date.fromisoformat(day), UUID(session_id)
    except (ValueError, TypeError) as exc:
        raise InvalidInput("cursor is not one this API returned.", errors=[{"pointer": "query:cursor"}]) from exc


async def list_page(conn: Connection, *, filters: ListFilters, cursor: str | None, limit: int) -> str:
    """One page of sessions as ``{"items": [...], "next_cursor": ...}`` JSON text, ordered by day then id."""
    conditions: list[sql.Composable] = [sql.SQL("true")]
    params: dict[str, Any] = {"limit": limit + 1}
    for column, key in (
        ("athlete_id", "athlete_id"),
        ("team_season_id", "team_season_id"),
        ("workout_category", "workout_category"),
        ("source", "source"),
    ):
        value = getattr(filters, key)
        if value is not None:
            conditions.append(sql.SQL("s.{} = {}").format(sql.Identifier(column), sql.Placeholder(key)))
            params[key] = value
    if filters.date_from is not None:
        conditions.append(sql.SQL("s.session_date >= %(date_from)s"))
        params["date_from"] = filters.date_from
    if filters.date_to is not None:
        conditions.append(sql.SQL("s.session_date <= %(date_to)s"))
        params["date_to"] = filters.date_to
    if filters.status is not None:
        conditions.append(sql.SQL("st.status = %(status)s"))
        params["status"] = filters.status
    direction = sql.SQL("desc" if filters.descending else "asc")
    if cursor:
        params["cursor_date"], params["cursor_id"] = decode_cursor(cursor)
        compare = "<" if filters.descending else ">"
        conditions.append(sql.SQL(f"(s.session_date, s.id) {compare} (%(cursor_date)s, %(cursor_id)s)"))
    query = sql.SQL(
        "select {json}::text as body, s.session_date, s.id from {source} where {where} "
        "order by s.session_date {direction}, s.id {direction} limit %(limit)s"
    ).format(
        json=sql.SQL(SESSION_JSON),
        source=sql.SQL(SESSION_FROM),
        where=sql.SQL(" and ").join(conditions),
        direction=direction,
    )
    result = await conn.execute(query, params)
    rows = await result.fetchall()
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(rows[-1]["session_date"], rows[-1]["id"])
    return '{"items":[' + ",".join(row["body"] for row in rows) + '],"next_cursor":' + json.dumps(next_cursor) + "}"


async def history(conn: Connection, *, session_id: UUID) -> str:
    await get(conn, session_id=session_id)  # 404 when the session is hidden or gone
    row = await _one(
        conn,
        """
        select json_build_object('items', coalesce(json_agg(json_build_object(
          'id', h.id, 'operation', h.operation, 'changed_at', h.changed_at, 'changed_by', h.changed_by,
          'changed_by_name', u.name, 'changes', case h.operation
            when 'update' then h.changes
            -- inserts and deletes store the row itself (migration 0008): shown as {field: {"new"|"old": value}}
            else (select coalesce(jsonb_object_agg(e.key, jsonb_build_object(
                    case h.operation when 'insert' then 'new' else 'old' end, e.value)), '{}')
                  from jsonb_each(h.changes) e) end) order by h.id), '[]'))::text as body
        from athlete_training_session_history h
        left join users u on u.id = h.changed_by
        where h.session_id = %s
        """,
        [session_id],
    )
    assert row is not None
    return str(row["body"])

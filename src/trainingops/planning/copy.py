"""Copying practices to other dates: one practice to several days, or a whole week to other weeks.

The copies are drafts with the source's fields, workouts per event group and per-athlete overrides (a coach
previews and publishes each). All-or-nothing (one transaction) and set-based: five statements whatever the number
of practices, workouts, overrides or dates — read the sources, insert the practices, their workouts, their
overrides, read the copies back. Column grants keep ids the server's, so the new rows are matched to their sources
by what they hold: copies that hold the same thing are interchangeable, so any pairing among them is right.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Hashable, Sequence
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from trainingops.db.pool import Connection
from trainingops.errors import Conflict, NotFound
from trainingops.planning.service import PLAN, PracticeNotFound
from trainingops.planning.sql import SEASON_PROGRAM, practice_needs
from trainingops.roster import access


class NothingToCopy(Conflict):
    code = "nothing_to_copy"
    title = "Nothing to copy"


SOURCES = f"""
select coalesce(json_agg(json_build_object(
  'id', p.id, 'program_id', p.program_id, 'practice_date', p.practice_date, 'title', p.title,
  'start_time', p.start_time, 'location', p.location, 'notes', p.notes, 'needs', {practice_needs("p.id", "p.program_id")},
  'entries', (select coalesce(json_agg(json_build_object('id', e.id, 'workout_id', e.workout_id,
                'event_group_id', e.event_group_id, 'position', e.position) order by e.position, e.id), '[]')
              from practice_session_workouts e where e.practice_session_id = p.id),
  'overrides', (select coalesce(json_agg(json_build_object('athlete_id', a.athlete_id, 'kind', a.kind,
                  'entry_id', a.practice_session_workout_id, 'workout_id', a.workout_id,
                  'distance_pct', a.distance_pct, 'duration_pct', a.duration_pct, 'rpe_shift', a.rpe_shift,
                  'note', a.note) order by a.created_at, a.id), '[]')
                from practice_assignments a where a.practice_session_id = p.id)
) order by p.practice_date, p.start_time, p.id), '[]')::text as body
from practice_sessions p
where (p.id = any (%(ids)s::uuid[]))
   or (p.team_season_id = %(season)s and p.practice_date between %(first)s and %(last)s and p.status <> 'cancelled')
"""

INSERT_PRACTICES = """
insert into practice_sessions (program_id, team_season_id, practice_date, title, start_time, location, notes)
select p.program_id, p.team_season_id, c.day, p.title, p.start_time, p.location, p.notes
from unnest(%(source)s::uuid[], %(day)s::date[]) as c(source, day) join practice_sessions p on p.id = c.source
returning id, practice_date, title, start_time::text, location, notes
"""

INSERT_ENTRIES = """
insert into practice_session_workouts (program_id, practice_session_id, workout_id, event_group_id, position)
select p.program_id, c.practice, c.workout, c.event_group, c.position
from unnest(%(practice)s::uuid[], %(workout)s::uuid[], %(event_group)s::uuid[], %(position)s::int[])
       as c(practice, workout, event_group, position)
join practice_sessions p on p.id = c.practice
returning id, practice_session_id, workout_id, event_group_id, position
"""

INSERT_OVERRIDES = """
insert into practice_assignments (program_id, practice_session_id, athlete_id, kind, practice_session_workout_id,
  workout_id, distance_pct, duration_pct, rpe_shift, note)
select p.program_id, c.practice, c.athlete, c.kind, c.entry, c.workout, c.distance_pct, c.duration_pct, c.rpe_shift,
       c.note
from unnest(%(practice)s::uuid[], %(athlete)s::uuid[], %(kind)s::text[], %(entry)s::uuid[], %(workout)s::uuid[],
            %(distance_pct)s::int[], %(duration_pct)s::int[], %(rpe_shift)s::int[], %(note)s::text[])
       as c(practice, athlete, kind, entry, workout, distance_pct, duration_pct, rpe_shift, note)
join practice_sessions p on p.id = c.practice
"""

COPIES = """
select '{"items":' || coalesce(json_agg(to_jsonb(t) order by t.practice_date, t.start_time, t.id), '[]')::text || '}'
  as body
from practice_sessions t where t.id = any (%(ids)s::uuid[])
"""


def week_start(day: date) -> date:
    """The Monday of ``day``'s week (ISO 8601 weeks, as the load views count them)."""
    return day - timedelta(days=day.weekday())


def _pair(wanted: Sequence[tuple[Hashable, Any]], made: Sequence[tuple[Hashable, Any]]) -> dict[Any, Any]:
    """Pairs each wanted item with a made one holding the same content (``key``); equal keys pair in turn."""
    pool: dict[Hashable, list[Any]] = defaultdict(list)
    for key, value in made:
        pool[key].append(value)
    return {source: pool[key].pop() for key, source in wanted}


def _practice_key(day: str, practice: dict[str, Any]) -> Hashable:
    start = practice["start_time"]
    return (day, practice["title"], start[:8] if start else None, practice["location"], practice["notes"])


async def _sources(conn: Connection, query: dict[str, Any]) -> list[dict[str, Any]]:
    cursor = await conn.execute(SOURCES, query)
    row = await cursor.fetchone()
    assert row is not None
    sources: list[dict[str, Any]] = json.loads(row["body"])
    for source in sources:  # to change a practice takes planning every workout in it (docs/security.md)
        await access.require_role(conn, program_id=UUID(source["program_id"]), capability=source["needs"])
    return sources


async def _copy(conn: Connection, plan: list[tuple[dict[str, Any], date]]) -> str:
    """``plan``: (source practice, new date) pairs. Returns the copies as ``{"items": [...]}``."""
    cursor = await conn.execute(INSERT_PRACTICES, {"source": [s["id"] for s, _ in plan], "day": [d for _, d in plan]})
    made = [(_practice_key(r["practice_date"].isoformat(), r), r["id"]) for r in await cursor.fetchall()]
    wanted = [(_practice_key(d.isoformat(), s), n) for n, (s, d) in enumerate(plan)]
    practice_of = _pair(wanted, made)  # plan index -> new practice id

    entry_rows = [(practice_of[n], e) for n, (s, _) in enumerate(plan) for e in s["entries"]]
    cursor = await conn.execute(
        INSERT_ENTRIES,
        {
            "practice": [p for p, _ in entry_rows],
            "workout": [e["workout_id"] for _, e in entry_rows],
            "event_group": [e["event_group_id"] for _, e in entry_rows],
            "position": [e["position"] for _, e in entry_rows],
        },
    )

    def entry_key(practice: Any, e: dict[str, Any]) -> Hashable:
        return (str(practice), str(e["workout_id"]), str(e["event_group_id"]), e["position"])

    new_entry = _pair(
        [(entry_key(p, e), (str(p), e["id"])) for p, e in entry_rows],
        [(entry_key(r["practice_session_id"], r), r["id"]) for r in await cursor.fetchall()],
    )
    overrides = [(practice_of[n], o) for n, (s, _) in enumerate(plan) for o in s["overrides"]]
    columns = ("athlete_id", "kind", "workout_id", "distance_pct", "duration_pct", "rpe_shift", "note")
    await conn.execute(
        INSERT_OVERRIDES,
        {
            "practice": [p for p, _ in overrides],
            "entry": [new_entry[(str(p), o["entry_id"])] if o["entry_id"] else None for p, o in overrides],
            **{c.removesuffix("_id"): [o[c] for _, o in overrides] for c in columns},
        },
    )
    cursor = await conn.execute(COPIES, {"ids": list(practice_of.values())})
    row = await cursor.fetchone()
    assert row is not None
    return str(row["body"])


async def copy_practice(conn: Connection, *, practice_id: UUID, dates: list[date]) -> str:
    """The practice, its workouts and overrides, as a draft on each of ``dates``."""
    sources = await _sources(conn, {"ids": [practice_id], "season": None, "first": None, "last": None})
    if not sources:
        raise PracticeNotFound.of("practice")
    return await _copy(conn, [(sources[0], day) for day in sorted(dates)])


async def copy_week(conn: Connection, *, team_season_id: UUID, week_of: date, to_weeks: list[date]) -> str:
    """Every practice of ``week_of``'s week that is not cancelled, to the same weekday of each week in
    ``to_weeks`` (any day of the week names it)."""
    cursor = await conn.execute(SEASON_PROGRAM, {"season": team_season_id})
    season = await cursor.fetchone()
    if season is None:
        raise NotFound.of("team season")
    await access.require_role(conn, program_id=season["program_id"], capability=PLAN)
    first = week_start(week_of)
    query = {"ids": [], "season": team_season_id, "first": first, "last": first + timedelta(days=6)}
    sources = await _sources(conn, query)
    if not sources:
        raise NothingToCopy(f"The week of {first.isoformat()} has no practice to copy (cancelled ones are not copied).")
    offsets = sorted({week_start(day) - first for day in to_weeks})
    plan = [(s, date.fromisoformat(s["practice_date"]) + offset) for offset in offsets for s in sources]
    return await _copy(conn, plan)

"""Preview, publish and cancel a practice: a fixed number of SQL statements whatever the roster size.

1. find the caller's membership in the practice's program, then lock the practice (``FOR UPDATE``: two staff
   publishing at once are serialised) and check the version the caller read (If-Match; it covers the practice's
   workouts and overrides, whose triggers bump it);
2. load every input in one statement (workouts and steps, roster on the day, overrides, maxes, the practice's
   existing sessions);
3. ``derive`` + ``diff`` in Python (pure, see ``derive.py``);
4. apply the differences in one statement (delete, update, insert, mark published) — publish only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from trainingops.api.http import PreconditionFailed, etag
from trainingops.db.pool import Connection
from trainingops.planning import derive
from trainingops.planning.report import report
from trainingops.planning.service import PracticeNotFound
from trainingops.planning.sql import practice_needs
from trainingops.planning.steps import Step
from trainingops.roster import access
from trainingops.roster.clock import local_today

INPUTS_QUERY = """
select json_build_object(
  'entries', (select coalesce(json_agg(json_build_object('id', e.id, 'workout_id', e.workout_id,
                'event_group_id', e.event_group_id, 'position', e.position)), '[]')
              from practice_session_workouts e where e.practice_session_id = %(practice)s),
  'overrides', (select coalesce(json_agg(json_build_object('id', a.id, 'athlete_id', a.athlete_id, 'kind', a.kind,
                  'entry_id', a.practice_session_workout_id, 'workout_id', a.workout_id,
                  'distance_pct', a.distance_pct, 'duration_pct', a.duration_pct, 'rpe_shift', a.rpe_shift,
                  'note', a.note)), '[]')
                from practice_assignments a where a.practice_session_id = %(practice)s),
  'workouts', (select coalesce(json_agg(json_build_object('id', w.id, 'name', w.name, 'category', w.workout_category,
                 'description', w.description, 'distance_m', w.planned_distance_m,
                 'duration_sec', w.planned_duration_sec, 'rpe', w.planned_rpe,
                 'steps', (select coalesce(json_agg(to_jsonb(ws) || jsonb_build_object('event_name', te.name)
                                                    order by ws.position), '[]')
                           from workout_steps ws left join training_events te on te.id = ws.training_event_id
                           where ws.workout_id = w.id))), '[]')
               from workouts w
               where w.id in (select e.workout_id from practice_session_workouts e
                              where e.practice_session_id = %(practice)s
                              union select a.workout_id from practice_assignments a
                              where a.practice_session_id = %(practice)s and a.workout_id is not null)),
  'roster', (select coalesce(json_agg(json_build_array(r.athlete_id, r.event_group_id)), '[]')
             from roster_entries r
             where r.team_season_id = %(season)s and r.status <> 'inactive'
               and (r.joined_on is null or r.joined_on <= %(day)s) and (r.left_on is null or r.left_on >= %(day)s)),
  'maxes', (select coalesce(json_agg(json_build_array(m.athlete_id, m.training_event_id, m.one_rm_kg)), '[]')
            from (select distinct on (sm.athlete_id, sm.training_event_id) sm.athlete_id, sm.training_event_id,
                         sm.one_rm_kg
                  from strength_maxes sm
                  where sm.program_id = %(program)s and sm.tested_on <= %(day)s
                  order by sm.athlete_id, sm.training_event_id, sm.tested_on desc) m),
  'existing', (select coalesce(json_agg(json_build_object('id', s.id, 'athlete_id', s.athlete_id,
                 'entry_id', s.practice_session_workout_id, 'workout_id', s.workout_id,
                 'completed', s.completed_at is not null, 'plan', json_build_array(s.workout_id,
                 s.workout_category, s.title, s.planned_description, s.planned_distance_m, s.planned_duration_sec,
                 s.planned_rpe, s.scheduled_date))), '[]')
               from athlete_training_sessions s where s.practice_session_id = %(practice)s)
)::text as body
"""

APPLY_QUERY = """
with removed as (
  delete from athlete_training_sessions
  where id = any (%(remove)s::uuid[]) and practice_session_id = %(practice)s and completed_at is null
  returning id),
updated as (
  update athlete_training_sessions s
  set workout_id = u.workout_id, workout_category = u.category, title = u.title, planned_description = u.description,
      planned_distance_m = u.distance, planned_duration_sec = u.duration, planned_rpe = u.rpe,
      scheduled_date = %(day)s, team_season_id = %(season)s, coach_member_id = %(coach)s
  from unnest(%(u_id)s::uuid[], %(u_workout)s::uuid[], %(u_category)s::text[], %(u_title)s::text[],
              %(u_description)s::text[], %(u_distance)s::int[], %(u_duration)s::int[], %(u_rpe)s::int[])
       as u(id, workout_id, category, title, description, distance, duration, rpe)
  where s.id = u.id and s.completed_at is null
  returning s.id),
created as (
  insert into athlete_training_sessions (athlete_id, source, coach_member_id, team_season_id, scheduled_date,
    workout_category, title, planned_description, planned_distance_m, planned_duration_sec, planned_rpe,
    practice_session_id, practice_session_workout_id, workout_id)
  select c.athlete, 'coach_assigned', %(coach)s, %(season)s, %(day)s, c.category, c.title, c.description,
         c.distance, c.duration, c.rpe, %(practice)s, c.entry, c.workout
  from unnest(%(c_athlete)s::uuid[], %(c_entry)s::uuid[], %(c_workout)s::uuid[], %(c_category)s::text[],
              %(c_title)s::text[], %(c_description)s::text[], %(c_distance)s::int[], %(c_duration)s::int[],
              %(c_rpe)s::int[]) as c(athlete, entry, workout, category, title, description, distance, duration, rpe)
  returning id, athlete_id, workout_id, practice_session_workout_id),
practice as (
  update practice_sessions set status = %(status)s, published_at = case when %(status)s = 'published' then now()
    else published_at end, published_by_member_id = case when %(status)s = 'published' then %(coach)s
    else published_by_member_id end
  where id = %(practice)s
  returning id, version)
select (select coalesce(array_agg(id), '{}') from removed) as removed,
       (select coalesce(array_agg(id), '{}') from updated) as updated,
       (select coalesce(json_agg(json_build_object('id', id, 'athlete_id', athlete_id, 'workout_id', workout_id,
          'practice_session_workout_id', practice_session_workout_id)), '[]') from created)::text as created,
       (select version from practice) as version
"""

PRACTICE_QUERY = f"""
select p.id, p.program_id, p.team_season_id, p.practice_date, p.title, p.status, p.version,
       (select {local_today("pr.time_zone")} from programs pr where pr.id = p.program_id) as today,
       (select pm.id from program_members pm where pm.program_id = p.program_id
          and pm.user_id = app_private.current_user_id() and pm.is_active) as member_id,
       {practice_needs("p.id", "p.program_id")} as needs,
       p.program_id = any (app_private.staff_program_ids_with('plan')) as planner
from practice_sessions p where p.id = %s
"""


class PracticeChanged(PreconditionFailed):
    """412: the If-Match version is not the practice's (it covers its workouts and overrides too)."""


def _step(row: dict[str, Any], children: dict[str | None, list[dict[str, Any]]]) -> Step:
    return Step(
        training_event_id=UUID(row["training_event_id"]) if row["training_event_id"] else None,
        event_name=row.get("event_name"),
        repeat_count=row["repeat_count"],
        steps=tuple(_step(child, children) for child in children.get(row["id"], [])),
        target_distance_m=row["target_distance_m"],
        target_duration_sec=row["target_duration_sec"],
        sets=row["sets"],
        reps=row["reps"],
        load_kg=Decimal(str(row["load_kg"])) if row["load_kg"] is not None else None,
        load_pct_1rm=Decimal(str(row["load_pct_1rm"])) if row["load_pct_1rm"] is not None else None,
        intensity_rpe=row["intensity_rpe"],
        pace_min_sec_per_km=row["pace_min_sec_per_km"],
        pace_max_sec_per_km=row["pace_max_sec_per_km"],
        hr_zone=row["hr_zone"],
        rest_sec=row["rest_sec"],
        notes=row["notes"],
    )


def steps_tree(rows: list[dict[str, Any]]) -> tuple[Step, ...]:
    """Flat workout_steps rows (ordered by position) to the nested document."""
    children: dict[str | None, list[dict[str, Any]]] = {}
    for row in rows:
        children.setdefault(row["parent_step_id"], []).append(row)
    return tuple(_step(row, children) for row in children.get(None, []))


def _uuid(value: str | None) -> UUID | None:
    return UUID(value) if value else None


def _inputs(practice: dict[str, Any], raw: dict[str, Any]) -> derive.PracticeInputs:
    workouts = {
        UUID(w["id"]): derive.WorkoutPlan(
            id=UUID(w["id"]),
            name=w["name"],
            category=w["category"],
            description=w["description"],
            distance_m=w["distance_m"],
            duration_sec=w["duration_sec"],
            rpe=w["rpe"],
            steps=steps_tree(w["steps"]),
        )
        for w in raw["workouts"]
    }
    maxes: dict[UUID, dict[UUID, Decimal]] = {}
    for athlete, event, kg in raw["maxes"]:
        maxes.setdefault(UUID(athlete), {})[UUID(event)] = Decimal(str(kg))
    return derive.PracticeInputs(
        practice_id=practice["id"],
        title=practice["title"],
        practice_date=practice["practice_date"],
        team_season_id=practice["team_season_id"],
        entries=[
            derive.Entry(UUID(e["id"]), UUID(e["workout_id"]), _uuid(e["event_group_id"]), e["position"])
            for e in raw["entries"]
        ],
        workouts=workouts,
        roster=[(UUID(a), _uuid(g)) for a, g in raw["roster"]],
        overrides=[
            derive.Override(
                UUID(o["athlete_id"]),
                o["kind"],
                _uuid(o["entry_id"]),
                _uuid(o["workout_id"]),
                o["distance_pct"],
                o["duration_pct"],
                o["rpe_shift"],
                o["note"],
                UUID(o["id"]),
            )
            for o in raw["overrides"]
        ],
        maxes=maxes,
    )


def _existing(raw: dict[str, Any]) -> list[derive.Existing]:
    found = []
    for s in raw["existing"]:
        plan = list(s["plan"])
        plan[0] = _uuid(plan[0])
        plan[7] = date.fromisoformat(plan[7]) if plan[7] else None
        found.append(
            derive.Existing(
                UUID(s["id"]),
                UUID(s["athlete_id"]),
                _uuid(s["entry_id"]),
                _uuid(s["workout_id"]),
                s["completed"],
                tuple(plan),
            )
        )
    return found


@dataclass
class Loaded:
    practice: dict[str, Any]
    changes: derive.Changes
    planned: list[derive.Planned]
    not_applied: list[derive.Override]
    owners: dict[UUID, UUID]  # existing session -> its athlete


async def _load(conn: Connection, practice_id: UUID, *, lock: bool, expected_version: int | None) -> Loaded:
    cursor = await conn.execute(PRACTICE_QUERY, [practice_id])
    practice = await cursor.fetchone()
    if practice is None:
        raise PracticeNotFound.of("practice")
    if practice["member_id"] is None:
        raise access.StaffOnly("Only active staff of the practice's program can preview, publish or cancel it.")
    if lock:  # publish and cancel change the practice: who may plan every workout in it (a preview is a read)
        if practice["needs"] != "plan" or not practice["planner"]:  # refused: the check says why
            await access.require_role(conn, program_id=practice["program_id"], capability=practice["needs"])
        # two staff publishing the same practice at once: the second waits, then reads what the first left
        cursor = await conn.execute(PRACTICE_QUERY + " for update of p", [practice_id])
        practice = await cursor.fetchone()
        if practice is None:  # deleted while we waited
            raise PracticeNotFound.of("practice")
    if expected_version is not None and practice["version"] != expected_version:
        raise PracticeChanged(
            f"The practice changed since you read it (now version {practice['version']}): it, its workouts or its "
            "overrides were changed, or it was published or cancelled. GET it again and check before you retry.",
            current_etag=etag(practice["version"]),
        )
    day, season, program = practice["practice_date"], practice["team_season_id"], practice["program_id"]
    query = {"practice": practice_id, "season": season, "day": day, "program": program}
    cursor = await conn.execute(INPUTS_QUERY, query)
    row = await cursor.fetchone()
    assert row is not None
    raw = json.loads(row["body"])
    inputs = _inputs(practice, raw)
    planned = derive.derive(inputs)
    existing = _existing(raw)
    owners = {s.id: s.athlete_id for s in existing}
    return Loaded(practice, derive.diff(planned, existing), planned, derive.not_applied(inputs), owners)


async def preview(
    conn: Connection, *, practice_id: UUID, expected_version: int | None = None, with_load: bool = True
) -> dict[str, Any]:
    """The publish report without writing; with each affected athlete's projected load ratio, fitness and form
    with and without this practice (``load_effect``; null for a practice in the past). ``version`` is the one
    previewed: publish with it as If-Match to publish exactly this."""
    loaded = await _load(conn, practice_id, lock=False, expected_version=expected_version)
    practice, changes, planned = loaded.practice, loaded.changes, loaded.planned
    body = report(
        practice, changes, planned, None, practice["status"], practice["version"], loaded.not_applied, loaded.owners
    )
    if with_load:
        from trainingops.load import service as load_service  # the load models read sessions too

        sessions = [
            load_service.PlannedLoad(
                p.athlete_id, p.workout_category, p.planned_rpe, p.planned_duration_sec, p.planned_distance_m
            )
            for p in planned
            if p.key not in changes.completed_keys  # done: already in the history as done
        ]
        body["load_effect"] = await load_service.practice_effect(
            conn, practice_id=practice_id, day=practice["practice_date"], today=practice["today"], sessions=sessions
        )
    return body


def _columns(rows: list[derive.Planned]) -> dict[str, list[Any]]:
    return {
        "workout": [p.workout_id for p in rows],
        "category": [p.workout_category for p in rows],
        "title": [p.title for p in rows],
        "description": [p.planned_description for p in rows],
        "distance": [p.planned_distance_m for p in rows],
        "duration": [p.planned_duration_sec for p in rows],
        "rpe": [p.planned_rpe for p in rows],
    }


async def _apply(conn: Connection, practice: dict[str, Any], changes: derive.Changes, status: str) -> dict[str, Any]:
    updates = _columns([p for _, p in changes.update])
    creates = _columns(changes.create)
    params: dict[str, Any] = {
        "practice": practice["id"],
        "season": practice["team_season_id"],
        "day": practice["practice_date"],
        "coach": practice["member_id"],
        "status": status,
        "remove": changes.remove,
        "u_id": [i for i, _ in changes.update],
        **{f"u_{k}": v for k, v in updates.items()},
        "c_athlete": [p.athlete_id for p in changes.create],
        "c_entry": [p.entry_id for p in changes.create],
        **{f"c_{k}": v for k, v in creates.items()},
    }
    cursor = await conn.execute(APPLY_QUERY, params)
    row = await cursor.fetchone()
    assert row is not None
    return row


async def publish(conn: Connection, *, practice_id: UUID, expected_version: int | None = None) -> dict[str, Any]:
    """Create, update and remove the practice's sessions so they match it; never touch completed ones.
    ``expected_version`` (If-Match) is checked with the practice locked: 412 when another change got there first."""
    loaded = await _load(conn, practice_id, lock=True, expected_version=expected_version)
    practice, changes, planned = loaded.practice, loaded.changes, loaded.planned
    applied = await _apply(conn, practice, changes, "published")
    # An athlete may complete a session between our read and our write: the write skips it (completed_at is
    # null guards), and the report says so.
    done = set(applied["updated"])
    raced = [i for i, _ in changes.update if i not in done] + [i for i in changes.remove if i not in applied["removed"]]
    changes.update = [(i, p) for i, p in changes.update if i in done]
    changes.remove = [i for i in changes.remove if i in applied["removed"]]
    changes.kept_completed += raced
    return report(
        practice,
        changes,
        planned,
        json.loads(applied["created"]),
        "published",
        applied["version"],
        loaded.not_applied,
        loaded.owners,
    )


async def cancel(conn: Connection, *, practice_id: UUID, expected_version: int | None = None) -> dict[str, Any]:
    """Remove the practice's uncompleted sessions, keep completed ones, mark it cancelled (``expected_version`` as
    for ``publish``)."""
    loaded = await _load(conn, practice_id, lock=True, expected_version=expected_version)
    practice, changes = loaded.practice, loaded.changes
    everything = derive.Changes(
        remove=[i for i, _ in changes.update] + changes.remove + changes.unchanged,
        kept_completed=list(changes.kept_completed),
    )
    applied = await _apply(conn, practice, everything, "cancelled")
    removed = set(applied["removed"])
    everything.kept_completed += [i for i in everything.remove if i not in removed]
    everything.remove = [i for i in everything.remove if i in removed]
    return report(practice, everything, [], [], "cancelled", applied["version"], [], loaded.owners)

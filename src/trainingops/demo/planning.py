"""The demo's planner data: a workout library per program, strength maxes, and Northfield's practices —
past ones published (their sessions partly completed), this week's published, next week's in draft.

Practices are published through the real publish service, as the head coach, under row-level security (the
login role of the API, inside the loader's transaction): the demo's practice sessions are exactly what a coach
pressing "publish" produces.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from psycopg import sql
from psycopg.types.json import Jsonb

from trainingops.db.pool import Connection
from trainingops.db.target import APP_ROLE
from trainingops.demo.generate import practice_days
from trainingops.demo.people import NORTHFIELD, PROGRAMS, ProgramSpec, demo_id
from trainingops.planning import publish
from trainingops.planning import steps as step_rules
from trainingops.planning.schemas import StepIn
from trainingops.planning.service import flatten_steps
from trainingops.planning.sql import INSERT_STEPS

EVENTS = (  # name, category, measure
    ("Easy running", "run", "distance"),
    ("Interval rep", "run", "distance"),
    ("Recovery jog", "run", "time"),
    ("Tempo running", "run", "distance"),
    ("Sprint", "run", "distance"),
    ("Back squat", "gym", "load"),
    ("Power clean", "gym", "load"),
    ("Bench press", "gym", "load"),
    ("Box jump", "gym", "repetitions"),
)
LIFTS = ("Back squat", "Power clean", "Bench press")


def _step(event: str, **targets: Any) -> dict[str, Any]:
    return {"event": event, **targets}


WORKOUTS: dict[str, tuple[str, list[dict[str, Any]]]] = {
    "6 × 1 km": (
        "run",
        [
            _step("Easy running", target_distance_m=2000, target_duration_sec=660, intensity_rpe=3),
            {
                "repeat": 6,
                "steps": [
                    _step(
                        "Interval rep",
                        target_distance_m=1000,
                        pace_min_sec_per_km=200,
                        pace_max_sec_per_km=210,
                        intensity_rpe=8,
                    ),
                    _step("Recovery jog", target_duration_sec=120, intensity_rpe=3),
                ],
            },
            _step("Easy running", target_distance_m=2000, target_duration_sec=660, intensity_rpe=3),
        ],
    ),
    "4 × (400 m, 200 m jog)": (
        "run",
        [
            _step("Easy running", target_distance_m=3000, target_duration_sec=960, intensity_rpe=3),
            {
                "repeat": 4,
                "steps": [
                    _step("Interval rep", target_distance_m=400, target_duration_sec=72, intensity_rpe=8),
                    _step("Recovery jog", target_distance_m=200, target_duration_sec=75, intensity_rpe=3),
                ],
            },
            _step("Easy running", target_distance_m=2000, target_duration_sec=660, intensity_rpe=3),
        ],
    ),
    "Tempo 6 km": (
        "run",
        [
            _step("Easy running", target_distance_m=2000, target_duration_sec=660, intensity_rpe=3),
            _step(
                "Tempo running",
                target_distance_m=6000,
                pace_min_sec_per_km=225,
                pace_max_sec_per_km=235,
                intensity_rpe=7,
            ),
            _step("Easy running", target_distance_m=2000, target_duration_sec=660, intensity_rpe=3),
        ],
    ),
    "Acceleration 6 × 30 m": (
        "run",
        [
            _step("Easy running", target_distance_m=1600, target_duration_sec=600, intensity_rpe=3),
            {
                "repeat": 6,
                "steps": [_step("Sprint", target_distance_m=30, target_duration_sec=5, intensity_rpe=9, rest_sec=180)],
            },
        ],
    ),
    "Squat & clean (80 % 1RM)": (
        "gym",
        [
            _step("Back squat", sets=5, reps=5, load_pct_1rm=80, target_duration_sec=40, rest_sec=180, intensity_rpe=8),
            _step(
                "Power clean", sets=5, reps=3, load_pct_1rm=75, target_duration_sec=20, rest_sec=150, intensity_rpe=7
            ),
            _step("Box jump", sets=3, reps=5, target_duration_sec=30, rest_sec=90, intensity_rpe=6),
        ],
    ),
    "Upper body (70 % 1RM)": (
        "gym",
        [
            _step(
                "Bench press", sets=4, reps=6, load_pct_1rm=70, target_duration_sec=35, rest_sec=150, intensity_rpe=7
            ),
            _step(
                "Power clean", sets=4, reps=3, load_pct_1rm=70, target_duration_sec=20, rest_sec=150, intensity_rpe=7
            ),
        ],
    ),
}

# Northfield's practices: (weekday, title, [(workout, event group or None for everyone)])
PRACTICES = {
    1: (
        "Tuesday workout",
        [
            ("6 × 1 km", "Distance"),
            ("Acceleration 6 × 30 m", "Sprints"),
            ("Squat & clean (80 % 1RM)", "Jumps"),
            ("Squat & clean (80 % 1RM)", "Throws"),
            ("Squat & clean (80 % 1RM)", "Multis"),
        ],
    ),
    3: (
        "Thursday workout",
        [
            ("Tempo 6 km", "Distance"),
            ("4 × (400 m, 200 m jog)", "Sprints"),
            ("Upper body (70 % 1RM)", "Jumps"),
            ("Upper body (70 % 1RM)", "Throws"),
            ("4 × (400 m, 200 m jog)", "Multis"),
        ],
    ),
}
COMPLETED_SHARE = 85  # percent of past practice sessions the demo athletes completed


async def _library(conn: Connection, program: ProgramSpec) -> None:
    program_id = demo_id("program", program.key)
    for name, category, measure in EVENTS:
        await conn.execute(
            "insert into training_events (id, program_id, name, workout_category, measure) values (%s, %s, %s, %s, %s)",
            [demo_id("event", program.key, name), program_id, name, category, measure],
        )
    for name, (category, steps) in WORKOUTS.items():
        documents = [StepIn.model_validate(_resolve(program, s)) for s in steps]
        totals = step_rules.totals([d.to_step() for d in documents])
        workout_id = demo_id("workout", program.key, name)
        await conn.execute(
            "insert into workouts (id, program_id, name, workout_category, description, planned_distance_m, "
            "planned_duration_sec, planned_rpe) values (%s, %s, %s, %s, %s, %s, %s, %s)",
            [
                workout_id,
                program_id,
                name,
                category,
                f"{name}: from the {program.name} library.",
                totals.distance_m,
                totals.duration_sec,
                totals.rpe,
            ],
        )
        await conn.execute(INSERT_STEPS, [Jsonb(flatten_steps(documents, workout_id, program_id))])


def _resolve(program: ProgramSpec, step: dict[str, Any]) -> dict[str, Any]:
    if "repeat" in step:
        return {**step, "steps": [_resolve(program, child) for child in step["steps"]]}
    body = {k: v for k, v in step.items() if k != "event"}
    return {"training_event_id": str(demo_id("event", program.key, step["event"])), **body}


async def _maxes(conn: Connection, today: date) -> None:
    """Tested maxes for most Northfield athletes (some untested: their sessions say the load is to be set)."""
    program_id = demo_id("program", NORTHFIELD.key)
    await conn.execute(
        """
        insert into strength_maxes (program_id, athlete_id, training_event_id, one_rm_kg, tested_on)
        select %(program)s, a.id, te.id,
               round((case te.name when 'Back squat' then 90 when 'Power clean' then 60 else 55 end
                      + (case when a.sex = 'male' then 35 else 0 end)
                      + abs(hashtext(a.id::text || te.name)) %% 30)::numeric / 2.5) * 2.5,
               %(tested)s::date
        from athletes a
        join training_events te on te.program_id = %(program)s and te.name = any (%(lifts)s)
        where a.id in (select athlete_id from roster_entries where program_id = %(program)s)
          and abs(hashtext(a.id::text)) %% 10 <> 0
        """,
        {"program": program_id, "tested": today - timedelta(weeks=10), "lifts": list(LIFTS)},
    )


async def _practices(conn: Connection, today: date) -> list[tuple[UUID, bool]]:
    """Insert Northfield's practices; return (id, publish?) — everything up to this week is published."""
    program_id = demo_id("program", NORTHFIELD.key)
    season_id = demo_id("season", NORTHFIELD.key, "b")
    next_monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
    made = []
    for day in practice_days(today):
        title, entries = PRACTICES[day.weekday()]
        practice_id = demo_id("practice", day.isoformat())
        await conn.execute(
            "insert into practice_sessions (id, program_id, team_season_id, practice_date, start_time, location, "
            "title) values (%s, %s, %s, %s, '15:30', 'Northfield track', %s)",
            [practice_id, program_id, season_id, day, title],
        )
        for position, (workout, group) in enumerate(entries, 1):
            await conn.execute(
                "insert into practice_session_workouts (program_id, practice_session_id, workout_id, event_group_id, "
                "position) values (%s, %s, %s, %s, %s)",
                [
                    program_id,
                    practice_id,
                    demo_id("workout", NORTHFIELD.key, workout),
                    demo_id("group", NORTHFIELD.key, group) if group else None,
                    position,
                ],
            )
        made.append((practice_id, day < next_monday))
    return made


async def _publish(conn: Connection, head_coach: UUID, practices: list[UUID]) -> None:
    """Publish as ``head_coach`` through the API's role and policies, then return to the administrative role."""
    await conn.execute(sql.SQL("set local role {}").format(sql.Identifier(APP_ROLE)))
    await conn.execute("select set_config('app.user_id', %s, true)", [str(head_coach)])
    for practice_id in practices:
        await publish.publish(conn, practice_id=practice_id)
    await conn.execute("reset role")
    await conn.execute("select set_config('app.user_id', '', true)")


async def add_planner(conn: Connection, today: date) -> int:
    """Add the planner data to the demo just loaded, in the caller's transaction; return the number of practices."""
    for program in PROGRAMS:
        await _library(conn, program)
    await _maxes(conn, today)
    practices = await _practices(conn, today)
    head_coach = demo_id("user", NORTHFIELD.key, NORTHFIELD.staff[0].name)
    await _publish(conn, head_coach, [p for p, published in practices if published])
    # The athletes did most of the past practices, close to the plan.
    await conn.execute(
        """
        update athlete_training_sessions s
        set completed_at = ((s.scheduled_date + time '17:00') at time zone 'America/Chicago')
                           + make_interval(secs => coalesce(s.planned_duration_sec, 3600)),
            actual_duration_sec = round(coalesce(s.planned_duration_sec, 3600) * (0.9 + (abs(hashtext(s.id::text)) %% 20) / 100.0)),
            actual_distance_m = round(s.planned_distance_m * (0.9 + (abs(hashtext(s.id::text)) %% 20) / 100.0)),
            actual_rpe = least(10, greatest(1, coalesce(s.planned_rpe, 6) + (abs(hashtext(s.id::text)) %% 3) - 1))
        where s.practice_session_id is not null and s.scheduled_date < %s
          and abs(hashtext(s.id::text || 'done')) %% 100 < %s
        """,
        [today, COMPLETED_SHARE],
    )
    return len(practices)

"""Generate the demo data set for a given "today": rows per table, deterministic for the same date.

About six months of history per athlete (coach- and self-assigned; runs, gym, cross-training; completed ones
with actuals near the plan, some harder, some cut short, some missed; runs carrying splits and heart rate in
``metrics_json``) plus two weeks of plan ahead, so "this week" is always populated.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from trainingops.demo.people import (
    FIRST_NAMES,
    LAST_NAMES,
    PROGRAMS,
    TRANSFER_ATHLETE,
    ProgramSpec,
    demo_id,
    email_for,
)
from trainingops.demo.templates import WEEK_VOLUME_FACTORS, WEEKLY_TEMPLATES, Slot

HISTORY_DAYS = 182
PLAN_AHEAD_DAYS = 13
FEMALE_FIRST_NAMES = frozenset(FIRST_NAMES[0::2])
MISSED_SHARE = 0.07
CUT_SHORT_SHARE = 0.08
HARDER_SHARE = 0.08
SELF_SESSION_SHARE = 0.45

Row = tuple[Any, ...]


@dataclass
class DemoData:
    today: date  # the day the data is anchored to
    users: list[Row] = field(default_factory=list)
    programs: list[Row] = field(default_factory=list)
    program_members: list[Row] = field(default_factory=list)
    athletes: list[Row] = field(default_factory=list)
    team_seasons: list[Row] = field(default_factory=list)
    event_groups: list[Row] = field(default_factory=list)
    roster_entries: list[Row] = field(default_factory=list)
    athlete_training_sessions: list[Row] = field(default_factory=list)

    def tables(self) -> dict[str, list[Row]]:
        return {name: getattr(self, name) for name in TABLE_COLUMNS}


TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "users": ("id", "email", "name"),
    "programs": ("id", "name", "sport", "time_zone"),
    "program_members": ("id", "program_id", "user_id", "role", "is_active"),
    "athletes": ("id", "name", "user_id", "sex", "date_of_birth"),
    "team_seasons": ("id", "program_id", "name", "sport", "start_date", "end_date"),
    "event_groups": ("id", "program_id", "name"),
    "roster_entries": (
        "id",
        "program_id",
        "team_season_id",
        "athlete_id",
        "event_group_id",
        "status",
        "joined_on",
        "left_on",
    ),
    "athlete_training_sessions": (
        "id",
        "athlete_id",
        "source",
        "coach_member_id",
        "team_season_id",
        "scheduled_date",
        "completed_at",
        "workout_category",
        "title",
        "planned_description",
        "planned_distance_m",
        "planned_duration_sec",
        "planned_rpe",
        "actual_distance_m",
        "actual_duration_sec",
        "actual_rpe",
        "actual_description",
        "metrics_json",
    ),
}


@dataclass(frozen=True)
class Season:
    id: uuid.UUID
    start: date
    end: date


@dataclass
class Membership:
    """One roster entry of an athlete, as the session generator needs it."""

    season: Season
    group: str
    joined: date
    left: date | None
    program: ProgramSpec


@dataclass
class AthletePlan:
    id: uuid.UUID
    name: str
    memberships: list[Membership] = field(default_factory=list)


def generate(today: date) -> DemoData:
    data = DemoData(today)
    plans: dict[str, AthletePlan] = {}
    coaches: dict[tuple[str, str], uuid.UUID] = {}  # (program key, group or "strength") -> member id
    seasons: dict[str, tuple[Season, Season]] = {}
    name_index = 0

    for program in PROGRAMS:
        program_id = demo_id("program", program.key)
        data.programs.append((program_id, program.name, program.sport, program.time_zone))
        earlier = Season(demo_id("season", program.key, "a"), today - timedelta(HISTORY_DAYS), today - timedelta(61))
        current = Season(demo_id("season", program.key, "b"), today - timedelta(60), today + timedelta(120))
        seasons[program.key] = (earlier, current)
        label = "Fall Base" if program.sport == "track_and_field" else "Summer Base"
        data.team_seasons.append(
            (
                earlier.id,
                program_id,
                f"{label} {earlier.start.year}",
                program.sport,
                earlier.start,
                earlier.end,
            )
        )
        name = (
            f"Indoor {current.start.year}"
            if program.sport == "track_and_field"
            else f"Cross Country {current.start.year}"
        )
        data.team_seasons.append((current.id, program_id, name, program.sport, current.start, current.end))

        for staff in program.staff:
            user_id = demo_id("user", program.key, staff.name)
            member_id = demo_id("member", program.key, staff.name)
            data.users.append((user_id, email_for(staff.name, program.domain), staff.name))
            data.program_members.append((member_id, program_id, user_id, staff.role, staff.active))
            for group in staff.coaches:
                coaches.setdefault((program.key, group), member_id)
            if staff.role == "strength_coach" and staff.active:
                coaches[(program.key, "strength")] = member_id

        for group, count in program.event_groups.items():
            data.event_groups.append((demo_id("group", program.key, group), program_id, group))
            for n in range(count):
                first = FIRST_NAMES[name_index % len(FIRST_NAMES)]
                last = LAST_NAMES[(name_index * 7 + 3) % len(LAST_NAMES)]
                name_index += 1
                athlete_name = f"{first} {last}"
                plan = AthletePlan(demo_id("athlete", athlete_name), athlete_name)
                plans[athlete_name] = plan
                _add_athlete(data, plan, program, first, has_login=n % 9 != 8)
                new_this_season = group == "Distance" and n >= count - 2 and program.key == "northfield"
                if not new_this_season:
                    plan.memberships.append(Membership(earlier, group, earlier.start, earlier.end, program))
                left = today - timedelta(20) if (group == "Throws" and n == 0) else None
                plan.memberships.append(Membership(current, group, current.start, left, program))
                if group == "Multis" and n == 0:  # a multi-eventer who also trains with the jumpers
                    plan.memberships.append(Membership(current, "Jumps", current.start, None, program))

    transfer = AthletePlan(demo_id("athlete", TRANSFER_ATHLETE), TRANSFER_ATHLETE)
    plans[TRANSFER_ATHLETE] = transfer
    northfield, lakeside = PROGRAMS
    _add_athlete(data, transfer, lakeside, "Casey", has_login=True)
    transfer.memberships.append(
        Membership(
            seasons["northfield"][0],
            "Distance",
            seasons["northfield"][0].start,
            seasons["northfield"][0].end,
            northfield,
        )
    )
    transfer.memberships.append(
        Membership(seasons["lakeside"][1], "Distance", seasons["lakeside"][1].start, None, lakeside)
    )

    for plan in plans.values():
        for m in plan.memberships:
            status = "inactive" if m.left and m.left < m.season.end else "active"
            joined = m.joined if m.joined != m.season.start else None
            left = m.left if status == "inactive" else None
            data.roster_entries.append(
                (
                    demo_id("roster", plan.id, m.season.id, m.group),
                    demo_id("program", m.program.key),
                    m.season.id,
                    plan.id,
                    demo_id("group", m.program.key, m.group),
                    status,
                    joined,
                    left,
                )
            )
        data.athlete_training_sessions.extend(_sessions_for(plan, today, coaches))
    return data


# Northfield's team practices in the planner: Tuesdays and Thursdays from three weeks back to next week.
PRACTICE_WEEKDAYS = (1, 3)
PRACTICE_WEEKS_BACK = 3


def practice_days(today: date) -> list[date]:
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=PRACTICE_WEEKS_BACK)
    return [first + timedelta(weeks=w, days=d) for w in range(PRACTICE_WEEKS_BACK + 2) for d in PRACTICE_WEEKDAYS]


def is_practice_day(program: ProgramSpec, day: date, today: date) -> bool:
    return program.key == "northfield" and day.weekday() in PRACTICE_WEEKDAYS and day in practice_days(today)


def _add_athlete(data: DemoData, plan: AthletePlan, program: ProgramSpec, first: str, *, has_login: bool) -> None:
    rng = random.Random(plan.id.int)
    user_id = demo_id("user", "athlete", plan.name) if has_login else None
    if user_id:
        data.users.append((user_id, email_for(plan.name, program.domain), plan.name))
    sex = "female" if first in FEMALE_FIRST_NAMES else "male"
    born = date(2026, 1, 1) - timedelta(days=rng.randint(18 * 365, 23 * 365))
    data.athletes.append((plan.id, plan.name, user_id, sex, born))


def _membership_on(plan: AthletePlan, day: date) -> Membership | None:
    for m in plan.memberships:  # the first group listed is the athlete's main one
        if m.season.start <= day <= m.season.end and m.joined <= day and (m.left is None or day <= m.left):
            return m
    return None


def _sessions_for(plan: AthletePlan, today: date, coaches: dict[tuple[str, str], uuid.UUID]) -> list[Row]:
    rng = random.Random(plan.id.int ^ today.toordinal())
    rows: list[Row] = []
    does_self_sessions = rng.random() < SELF_SESSION_SHARE
    first_day = today - timedelta(HISTORY_DAYS)
    for offset in range(HISTORY_DAYS + PLAN_AHEAD_DAYS + 1):
        day = first_day + timedelta(offset)
        membership = _membership_on(plan, day)
        if membership is None:
            continue
        if is_practice_day(membership.program, day, today):
            continue  # this day's team sessions come from the practice planner (demo/planning.py)
        week_factor = WEEK_VOLUME_FACTORS[(day - first_day).days // 7 % len(WEEK_VOLUME_FACTORS)]
        for index, slot in enumerate(WEEKLY_TEMPLATES[membership.group].get(day.weekday(), [])):
            if slot.assigned_by == "self" and (not does_self_sessions or day >= today):
                continue
            coach = _coach_for(slot, membership, coaches)
            rows.append(_session_row(plan, membership, day, index, slot, coach, week_factor, today, rng))
    return rows


def _coach_for(slot: Slot, m: Membership, coaches: dict[tuple[str, str], uuid.UUID]) -> uuid.UUID | None:
    if slot.assigned_by == "self":
        return None
    if slot.assigned_by == "strength" and (m.program.key, "strength") in coaches:
        return coaches[(m.program.key, "strength")]
    return coaches.get((m.program.key, m.group)) or coaches[(m.program.key, next(iter(m.program.event_groups)))]


def _session_row(
    plan: AthletePlan,
    m: Membership,
    day: date,
    index: int,
    slot: Slot,
    coach: uuid.UUID | None,
    week_factor: float,
    today: date,
    rng: random.Random,
) -> Row:
    planned_sec = round(slot.minutes * 60 * week_factor / 60) * 60
    planned_m = round(slot.distance_m * week_factor / 100) * 100 if slot.distance_m else None
    source = "self_assigned" if coach is None else "coach_assigned"
    season_id = m.season.id if coach is not None or rng.random() < 0.5 else None
    description = f"{slot.title}. Warm up 15 min, cool down 10 min." if slot.category == "run" else slot.title
    actual: tuple[Any, ...] = (None, None, None, None, None, None)
    if day < today and rng.random() >= MISSED_SHARE:
        actual = _actuals(slot, planned_m, planned_sec, day, m, rng)
    session_id = demo_id("session", plan.id, day.isoformat(), index)
    completed_at, actual_m, actual_sec, actual_rpe, actual_text, metrics = actual
    return (
        session_id,
        plan.id,
        source,
        coach,
        season_id,
        day,
        completed_at,
        slot.category,
        slot.title,
        description,
        planned_m,
        planned_sec,
        slot.rpe,
        actual_m,
        actual_sec,
        actual_rpe,
        actual_text,
        metrics,
    )


def _actuals(
    slot: Slot, planned_m: int | None, planned_sec: int, day: date, m: Membership, rng: random.Random
) -> tuple[Any, ...]:
    roll = rng.random()
    scale, rpe_shift, note = rng.gauss(1.0, 0.06), rng.choice((-1, 0, 0, 0, 1)), None
    if roll < CUT_SHORT_SHARE:
        scale, rpe_shift, note = rng.uniform(0.55, 0.8), rng.choice((0, 1)), "Cut short: legs felt heavy."
    elif roll < CUT_SHORT_SHARE + HARDER_SHARE:
        scale, rpe_shift, note = rng.uniform(1.05, 1.2), 2, "Felt strong, pushed the last reps."
    actual_sec = max(300, round(planned_sec * scale))
    actual_m = round(planned_m * scale) if planned_m else None
    actual_rpe = min(10, max(1, slot.rpe + rpe_shift))
    start_local = time(15, 30) if slot.assigned_by != "self" else time(9, 0)
    if slot.category == "gym" and slot.assigned_by == "strength":
        start_local = time(7, 0)
    start = datetime.combine(day, start_local, ZoneInfo(m.program.time_zone)) + timedelta(minutes=rng.randint(-20, 20))
    completed_at = (start + timedelta(seconds=actual_sec)).astimezone(ZoneInfo("UTC"))
    metrics = json.dumps(_run_metrics(actual_m, actual_sec, actual_rpe, rng)) if actual_m else None
    return completed_at, actual_m, actual_sec, actual_rpe, note, metrics


def _run_metrics(distance_m: int, duration_sec: int, rpe: int, rng: random.Random) -> dict[str, Any]:
    """Per-km splits and a heart-rate summary in the shape a device import produces (activity/1, docs/files.md)."""
    full_km = min(distance_m // 1000, 40)
    pace = duration_sec / (distance_m / 1000)
    avg_hr = round(118 + rpe * 6 + rng.uniform(-4, 4))
    splits = []
    for k in range(full_km):
        timer_s = round(pace * rng.uniform(0.96, 1.04), 1)
        splits.append(
            {
                "km": k + 1,
                "distance_m": 1000.0,
                "timer_s": timer_s,
                "elapsed_s": timer_s,
                "avg_hr": avg_hr + rng.randint(-5, 5),
            }
        )
    return {
        "schema": "activity/1",
        "source": {"format": "demo", "device": {"manufacturer": "demo", "product": "Demo watch"}},
        "splits_km": splits,
        "hr": {"avg": avg_hr, "max": min(205, avg_hr + rng.randint(12, 25))},
        "quality": [],
    }

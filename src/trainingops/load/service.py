"""Load, readiness and the feature table, computed from the session history the caller may see.

Each request runs a fixed number of statements whatever the roster size: one context lookup (the athlete's or
season's time zone and "today") and ONE set-based query that returns the roster and all of its sessions in the
window as packed columns (``frames``). The numbers then come from the pure models in ``trainingops.load.models``,
run on the whole roster matrix at once. Row-level security decides which sessions exist: an athlete's load is
computed from every session the caller may see, whatever program it belongs to.

History: the window starts ``HISTORY_DAYS`` before the first day shown, so every average is warmed up
(docs/load-model.md, "API and export").
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import numpy as np

from trainingops.db.pool import Connection
from trainingops.errors import InvalidInput, NotFound
from trainingops.load import bodies as views
from trainingops.load import memo, packing, sql
from trainingops.load import program_settings as load_settings
from trainingops.load.frames import Fetched, Frame, Queried, build
from trainingops.load.models import CATEGORY_CODES, FORECAST_DAYS, LoadSettings, team_load_metrics
from trainingops.load.models.as_of import AsOf, as_of
from trainingops.load.models.forecast import plan_effect
from trainingops.load.models.pmc import SEED_FROM_FIRST_WEEKS
from trainingops.load.models.rows import SessionRows
from trainingops.load.models.settings import MIN_HISTORY_DAYS, history_days
from trainingops.load.models.team import LoadReport
from trainingops.load.wellness_input import lay_checkins, read_checkins, with_wellness
from trainingops.sessions import trends as sessions_trends

# History read before the first day shown: ``load.settings.history_days`` — 400 days with the default settings
# (CTL keeps e^(−400/42) ≈ 7e-5 of the value at the cut), more for a program with a longer CTL time constant.
# Sessions older than this are not read.
HISTORY_DAYS = MIN_HISTORY_DAYS
DEFAULT_RANGE_DAYS = 56  # the athlete view: eight weeks, twice the chronic window
MAX_RANGE_DAYS = sessions_trends.MAX_RANGE_DAYS
DATE_FLOOR, DATE_CEILING = date(1900, 1, 1), date(2100, 12, 31)  # as athletes_date_of_birth_plausible

# The days before the first one shown (and before today) come from the daily loads the session triggers keep
# (athlete_load_blocks, migration 0020), instead of from every session of those days. False reads every day from its
# sessions: the computation before 0020, kept as the reference tests/load/test_daily_loads.py and
# bench/team_load.py compare with.
READ_DAILY_LOADS = True

# The team view's body per digest of everything it is computed from (``memo``): a coach's refresh, or a second
# staff member, with no session, check-in, roster or setting changed since, is answered without the models.
TEAM_VIEWS: memo.Memo[str] = memo.Memo(memo.ENTRIES)


def check_date(value: date | None, name: str) -> None:
    if value is not None and not DATE_FLOOR <= value <= DATE_CEILING:
        raise InvalidInput(
            f"{name} must lie between {DATE_FLOOR} and {DATE_CEILING}.", errors=[{"pointer": f"query:{name}"}]
        )


async def _query(
    conn: Connection,
    *,
    roster_sql: str,
    params: dict[str, Any],
    start: date,
    end: date,
    today: date,
    keep: date,
    extra: str = "",
) -> Queried:
    """Run the data query; ``keep`` is the earliest day the caller needs in the frame (never trimmed away)."""
    if (end - start).days >= packing.MAX_DAYS:
        raise InvalidInput(f"The load models read at most {packing.MAX_DAYS} days at once.")
    # Daily sums only for days whose sessions not completed are missed (before today) and that show no heart rate.
    split = max(start, min(keep, today)) if READ_DAILY_LOADS else start
    first_block, last_block = packing.block_range(start, split)
    cursor = await conn.execute(
        sql.data_query(roster_sql, extra),
        {
            **params,
            "start": start,
            "end": end,
            "shown": keep,
            "split": split,
            "first_block": first_block,
            "last_block": last_block,
        },
        binary=True,  # the packed columns arrive as raw bytes, not hex text
    )
    row = await cursor.fetchone()
    assert row is not None
    if len(row["roster"]) > packing.MAX_ATHLETES:
        raise RuntimeError(f"a roster of {len(row['roster'])} athletes does not fit the packed session record")
    return Queried(row=row, start=start, end=end, split=split, today=today, keep=keep)


def rule(f: Frame, today: date) -> AsOf:
    """The as-of rule (``load.as_of``) in this frame: every view counts sessions through it."""
    return as_of(f.index(today))


def _run(f: Frame, *, n_days: int, today: date, settings: LoadSettings) -> LoadReport:
    """Every metric and readiness over days 0 … n_days − 1 of the frame, as every view computes them: the as-of
    rule for ``today``, each athlete's history from their first completed session, CTL/ATL seeded from the
    athlete's first weeks (``load.pmc``)."""
    counted = rule(f, today)
    return team_load_metrics(
        f.rows,
        n_athletes=f.n_athletes,
        n_days=n_days,
        profiles=f.profiles,
        settings=settings,
        first_day=f.first_day(n_days),
        today=counted.today,
        project_planned=counted.project_planned,
        initial_ctl=SEED_FROM_FIRST_WEEKS,
        initial_atl=SEED_FROM_FIRST_WEEKS,
        base=f.base,
    )


async def _over_range(
    conn: Connection,
    *,
    roster_sql: str,
    params: dict[str, Any],
    date_from: date,
    date_to: date,
    today: date,
    settings: LoadSettings,
) -> tuple[Fetched, LoadReport]:
    """The roster's sessions over [from, to] with the history the models need before it, and every metric."""
    fetched = build(
        await _query(
            conn,
            roster_sql=roster_sql,
            params=params,
            start=date_from - timedelta(history_days(settings)),
            end=date_to,
            today=today,
            keep=date_from,
        )
    )
    n_days = fetched.frame.index(date_to) + 1
    return fetched, _run(fetched.frame, n_days=n_days, today=today, settings=settings)


async def athlete_context(conn: Connection, *, athlete_id: UUID) -> dict[str, Any]:
    """``time_zone``, ``today``, ``program_id`` (the athlete's home program) and its load-settings columns; 404
    when the athlete is hidden or missing."""
    cursor = await conn.execute(sql.ATHLETE_CONTEXT, [athlete_id])
    row: dict[str, Any] | None = await cursor.fetchone()
    if row is None:
        raise NotFound.of("athlete", pronoun="them")
    return row


async def athlete_load(conn: Connection, *, athlete_id: UUID, date_from: date | None, date_to: date | None) -> str:
    """Daily series, every metric and readiness for one athlete over [from, to], as JSON text.

    Days from today on include the planned, not-yet-completed sessions (``projected``; the as-of rule)."""
    check_date(date_from, "from")
    check_date(date_to, "to")
    context = await athlete_context(conn, athlete_id=athlete_id)
    time_zone, today, settings = context["time_zone"], context["today"], load_settings.from_row(context)
    date_to = date_to or (today if date_from is None else date_from + timedelta(DEFAULT_RANGE_DAYS - 1))
    date_from = date_from or date_to - timedelta(DEFAULT_RANGE_DAYS - 1)
    sessions_trends.check_range(date_from, date_to)
    history = history_days(settings)
    fetched, report = await _over_range(
        conn,
        roster_sql=sql.ONE_ATHLETE,
        params={"athlete": athlete_id},
        date_from=date_from,
        date_to=date_to,
        today=today,
        settings=settings,
    )
    report, _ = await with_wellness(conn, fetched, report, first=date_from, last=date_to)
    return views.athlete_load_json(
        fetched,
        report,
        athlete_id=athlete_id,
        date_from=date_from,
        date_to=date_to,
        today=today,
        time_zone=time_zone,
        settings=settings,
        history_days=history,
    )


async def athlete_readiness(conn: Connection, *, athlete_id: UUID, day: date | None) -> str:
    """Readiness on ``day`` (default today, not later) under the as-of rule, as JSON text."""
    check_date(day, "date")
    context = await athlete_context(conn, athlete_id=athlete_id)
    time_zone, today, settings = context["time_zone"], context["today"], load_settings.from_row(context)
    day = day or today
    if day > today:
        raise InvalidInput(
            f"Readiness describes the past and today ({today}); for the days ahead see the team load forecast.",
            errors=[{"pointer": "query:date"}],
        )
    start = day - timedelta(history_days(settings))
    fetched = build(
        await _query(
            conn,
            roster_sql=sql.ONE_ATHLETE,
            params={"athlete": athlete_id},
            start=start,
            end=day,
            today=today,
            keep=day,
        )
    )
    f = fetched.frame
    report = _run(f, n_days=f.index(day) + 1, today=today, settings=settings)
    report, wellness = await with_wellness(conn, fetched, report, first=day, last=day)
    return views.readiness_json(
        fetched, report, wellness, athlete_id=athlete_id, day=day, today=today, time_zone=time_zone
    )


async def _season(conn: Connection, *, team_season_id: UUID) -> dict[str, Any]:
    cursor = await conn.execute(sql.SEASON_CONTEXT, [team_season_id])
    season = await cursor.fetchone()
    if season is None:
        raise NotFound.of("team season")
    return season


def _roster_sql(event_group_id: UUID | None) -> str:
    return sql.SEASON_ROSTER.format(group_filter="and r.event_group_id = %(group)s" if event_group_id else "")


async def team_load(conn: Connection, *, team_season_id: UUID, day: date | None, event_group_id: UUID | None) -> str:
    """Every rostered athlete's metrics on ``day`` (default today) with descriptive flags, and the forecast of
    the next ``FORECAST_DAYS`` days (from ``day`` on) from the planned, not-yet-completed sessions."""
    check_date(day, "date")
    season = await _season(conn, team_season_id=team_season_id)
    today: date = season["today"]
    day = day or today
    if day > today:
        raise InvalidInput(
            f"date must not be after today ({today}): the forecast already covers the next {FORECAST_DAYS} days.",
            errors=[{"pointer": "query:date"}],
        )
    settings = load_settings.from_row(season)
    history = history_days(settings)
    start = day - timedelta(history)
    end = day + timedelta(FORECAST_DAYS - 1)
    queried = await _query(
        conn,
        roster_sql=_roster_sql(event_group_id),
        params={"season": team_season_id, "group": event_group_id},
        start=start,
        end=end,
        today=today,
        keep=day,
    )
    checkins = await read_checkins(conn, queried.roster, first=day, last=day)
    key = memo.key(
        "team_load",
        *queried.digest_parts(),
        checkins,
        team_season_id,
        event_group_id,
        day,
        season["time_zone"],
        settings,
    )
    if (cached := TEAM_VIEWS.get(key)) is not None:
        return cached
    fetched = build(queried)
    f = fetched.frame
    # One pass over history and plan: the metrics are causal, so the numbers on ``day`` are those of every other
    # view (the as-of rule), and the days after it are the forecast (sessions not completed before today are
    # missed, the plan counts from today on). Off the event loop: other requests keep being served meanwhile.
    report = await asyncio.to_thread(_run, f, n_days=f.index(day) + FORECAST_DAYS, today=today, settings=settings)
    report, wellness = lay_checkins(fetched, report, checkins)
    body = views.team_load_json(
        fetched,
        report,
        wellness,
        team_season_id=team_season_id,
        event_group_id=event_group_id,
        day=day,
        today=today,
        time_zone=season["time_zone"],
        settings=settings,
        history_days=history,
    )
    TEAM_VIEWS.put(key, body)
    return body


# The athletes a practice would give a session, once each, in a stable order.
PRACTICE_ATHLETES = """
select a.id as athlete_id, a.name, a.sex, a.date_of_birth, (row_number() over (order by a.id) - 1)::int as idx
from athletes a where a.id = any (%(athletes)s::uuid[])
"""
# The practice's own uncompleted sessions are what publishing replaces: left out of the history.
NOT_THIS_PRACTICE = "and (s.completed_at is not null or s.practice_session_id is distinct from %(practice)s::uuid)"


@dataclass(frozen=True)
class PlannedLoad:
    athlete_id: UUID
    workout_category: str
    planned_rpe: int | None
    planned_duration_sec: int | None
    planned_distance_m: int | None


async def practice_effect(
    conn: Connection, *, practice_id: UUID, day: date, today: date, sessions: list[PlannedLoad]
) -> list[dict[str, Any]] | None:
    """Each affected athlete's acute:chronic ratio (EWMA) and fitness on the practice day and form the morning
    after, without and with the practice's planned sessions (the rest of the published plan projected too).
    None for a practice in the past (nothing to project)."""
    if day < today or not sessions:
        return None
    athletes = sorted({s.athlete_id for s in sessions}, key=str)
    settings = await load_settings.for_practice(conn, practice_id=practice_id)
    fetched = build(
        await _query(
            conn,
            roster_sql=PRACTICE_ATHLETES,
            params={"athletes": athletes, "practice": practice_id},
            start=today - timedelta(history_days(settings)),
            end=day + timedelta(1),
            today=today,
            keep=today,
            extra=NOT_THIS_PRACTICE,
        )
    )
    f = fetched.frame
    index = {UUID(str(r["athlete_id"])): int(r["idx"]) for r in fetched.roster}
    extra = SessionRows.of(
        day=[f.index(day)] * len(sessions),
        athlete=[index[s.athlete_id] for s in sessions],
        category=[CATEGORY_CODES.get(s.workout_category, CATEGORY_CODES["other"]) for s in sessions],
        completed=[False] * len(sessions),
        planned_rpe=[s.planned_rpe if s.planned_rpe is not None else float("nan") for s in sessions],
        planned_duration_sec=[
            s.planned_duration_sec if s.planned_duration_sec is not None else float("nan") for s in sessions
        ],
        planned_distance_m=[
            s.planned_distance_m if s.planned_distance_m is not None else float("nan") for s in sessions
        ],
    )
    d, counted = f.index(day), rule(f, today)
    assert counted.project_planned, "the preview projects the plan from today on, as the as-of rule counts it"
    effect = await asyncio.to_thread(
        plan_effect,
        f.rows,
        extra,
        n_athletes=f.n_athletes,
        today=counted.today,
        day=d,
        profiles=f.profiles,
        settings=settings,
        first_day=np.minimum(f.first_day(d + 2), d),
        initial_ctl=SEED_FROM_FIRST_WEEKS,
        initial_atl=SEED_FROM_FIRST_WEEKS,
        base=f.base,
    )
    return views.practice_effect_json(fetched.roster, effect)

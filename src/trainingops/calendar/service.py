"""Calendar feeds: create, list, revoke (as the caller), and build a feed for its token."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from trainingops.db.identity import Identity
from trainingops.db.pool import Connection, Database
from trainingops.errors import InvalidInput, NotFound
from trainingops.roster import access

# What a feed shows: recent history for context and the plan ahead, not a whole career.
PAST_DAYS, FUTURE_DAYS = 60, 180
# Practices have a start time but no end; two hours is a typical track practice and what clients show.
PRACTICE_DURATION = timedelta(hours=2)
PRODUCT_ID = "-//TrainingOps//Training calendar//EN"


class FeedNotFound(NotFound):
    code = "calendar_feed_not_found"

    def __init__(self) -> None:
        super().__init__("No live calendar feed has this address (it may have been revoked).")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create(
    conn: Connection, *, athlete_id: UUID | None, team_season_id: UUID | None
) -> tuple[dict[str, Any], str]:
    if (athlete_id is None) == (team_season_id is None):
        raise InvalidInput("A feed is for one athlete (athlete_id) or one season's practices (team_season_id).")
    subject = athlete_id or team_season_id
    assert subject is not None
    await access.require_visible(conn, table="athletes" if athlete_id else "team_seasons", row_id=subject)
    token = secrets.token_urlsafe(32)  # 256 bits
    cursor = await conn.execute(
        "insert into calendar_feeds (user_id, token_sha256, athlete_id, team_season_id) "
        "values (app_private.current_user_id(), %s, %s, %s) returning id, athlete_id, team_season_id, created_at",
        [token_hash(token), athlete_id, team_season_id],
    )
    row = await cursor.fetchone()
    assert row is not None
    return dict(row), token


async def listing(conn: Connection) -> list[dict[str, Any]]:
    cursor = await conn.execute(
        "select id, athlete_id, team_season_id, created_at, revoked_at from calendar_feeds order by created_at"
    )
    return [dict(r) for r in await cursor.fetchall()]


async def revoke(conn: Connection, *, feed_id: UUID) -> None:
    cursor = await conn.execute(
        "update calendar_feeds set revoked_at = coalesce(revoked_at, now()) where id = %s returning id", [feed_id]
    )
    if await cursor.fetchone() is None:
        raise NotFound("No calendar feed with this id exists, or it is not yours.")


async def _session_events(conn: Connection, athlete_id: UUID, today: date) -> list[Event]:
    cursor = await conn.execute(
        "select s.id, s.session_date, s.title, s.workout_category, s.planned_description, s.planned_distance_m, "
        "s.planned_duration_sec, s.planned_rpe, s.completed_at, s.actual_distance_m, s.actual_duration_sec, "
        "s.actual_rpe, s.updated_at, s.version from athlete_training_sessions s "
        "where s.athlete_id = %s and s.session_date between %s and %s order by s.session_date, s.id",
        [athlete_id, today - timedelta(days=PAST_DAYS), today + timedelta(days=FUTURE_DAYS)],
    )
    events = []
    for s in await cursor.fetchall():
        event = Event()
        done = s["completed_at"] is not None
        title = s["title"] or s["workout_category"].replace("_", " ").capitalize()
        event.add("uid", f"session-{s['id']}@trainingops")
        event.add("summary", f"✓ {title}" if done else title)
        event.add("dtstart", s["session_date"])  # all-day: a date, no time zone to get wrong
        event.add("dtend", s["session_date"] + timedelta(days=1))
        event.add("dtstamp", s["updated_at"])
        event.add("last-modified", s["updated_at"])
        event.add("sequence", s["version"])
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["Training", "Completed" if done else "Planned"])
        event.add("description", _describe(s))
        events.append(event)
    return events


def _describe(s: dict[str, Any]) -> str:
    planned = [
        f"{s['planned_distance_m'] / 1000:g} km" if s["planned_distance_m"] else "",
        f"{round(s['planned_duration_sec'] / 60)} min" if s["planned_duration_sec"] else "",
        f"RPE {s['planned_rpe']}" if s["planned_rpe"] else "",
    ]
    lines = ["Plan: " + ", ".join(p for p in planned if p)] if any(planned) else []
    if s["completed_at"] is not None:
        actual = [
            f"{s['actual_distance_m'] / 1000:g} km" if s["actual_distance_m"] else "",
            f"{round(s['actual_duration_sec'] / 60)} min" if s["actual_duration_sec"] else "",
            f"RPE {s['actual_rpe']}" if s["actual_rpe"] else "",
        ]
        lines.append("Done: " + (", ".join(a for a in actual if a) or "completed"))
    if s["planned_description"]:
        lines += ["", s["planned_description"]]
    return "\n".join(lines)


async def _practice_events(conn: Connection, season_id: UUID) -> list[Event]:
    cursor = await conn.execute(
        "select p.id, p.practice_date, p.start_time, p.title, p.location, p.notes, p.status, p.updated_at, "
        "p.version, pr.time_zone from practice_sessions p join programs pr on pr.id = p.program_id "
        "where p.team_season_id = %s order by p.practice_date, p.start_time",
        [season_id],
    )
    events = []
    for p in await cursor.fetchall():
        event = Event()
        event.add("uid", f"practice-{p['id']}@trainingops")
        event.add("summary", p["title"] + (" (draft)" if p["status"] == "draft" else ""))
        if p["start_time"] is not None:
            start = datetime.combine(p["practice_date"], p["start_time"], ZoneInfo(p["time_zone"]))
            event.add("dtstart", start)
            event.add("dtend", start + PRACTICE_DURATION)
        else:
            event.add("dtstart", p["practice_date"])
            event.add("dtend", p["practice_date"] + timedelta(days=1))
        event.add("dtstamp", p["updated_at"])
        event.add("sequence", p["version"])
        event.add("status", {"cancelled": "CANCELLED", "draft": "TENTATIVE"}.get(p["status"], "CONFIRMED"))
        if p["location"]:
            event.add("location", p["location"])
        if p["notes"]:
            event.add("description", p["notes"])
        events.append(event)
    return events


async def feed(database: Database, *, token: str) -> bytes:
    """The iCalendar document for a feed token, built as the feed's owner; FeedNotFound when dead or unknown."""
    async with database.transaction(None) as conn:
        cursor = await conn.execute("select * from app_private.calendar_feed(%s)", [token_hash(token)])
        found = await cursor.fetchone()
    if found is None:
        raise FeedNotFound()
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    async with database.transaction(Identity(found["user_id"])) as conn:
        if found["athlete_id"] is not None:
            cursor = await conn.execute(
                "select name, (now() at time zone 'UTC')::date as today from athletes where id = %s",
                [found["athlete_id"]],
            )
            who = await cursor.fetchone()
            if who is None:  # the owner lost access: an empty calendar, not an error
                events: list[Event] = []
                name = "Training"
            else:
                events = await _session_events(conn, found["athlete_id"], who["today"])
                name = f"Training — {who['name']}"
        else:
            events = await _practice_events(conn, found["team_season_id"])
            name = "Practices"
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    document: bytes = calendar.to_ical()
    return document

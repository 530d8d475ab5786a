"""The program clock: a program's local calendar day, written once. Dates of sessions, "today", weeks and
seasons are local dates of the program's IANA time zone (programs.time_zone)."""

from __future__ import annotations


def local_today(time_zone: str) -> str:
    """SQL for the local date now in ``time_zone`` (an SQL expression naming a time zone)."""
    return f"(now() at time zone {time_zone})::date"


# The athlete's program for their own views: their home program now among the roster entries the caller can see,
# chosen by season dates (app_private.athlete_home_program, migration 0014: the season containing today first,
# then a non-inactive entry, then the latest season; deterministic). Gives the time zone and "today". Callers
# join what they need to it (the load domain joins its settings, see load/sql.py).
ATHLETE_HOME = f"""
select a.id, coalesce(home.time_zone, 'UTC') as time_zone, {local_today("coalesce(home.time_zone, 'UTC')")} as today,
       home.program_id
from athletes a
left join lateral (select p.id as program_id, p.time_zone from programs p
                   where p.id = app_private.athlete_home_program(a.id, now())) home on true
"""

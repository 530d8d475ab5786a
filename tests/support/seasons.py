"""A small world dated relative to today, for imports of history: seasons that are over, one that runs now.

Program P has three seasons — two years ago ("older"), last year ("last") and now ("current") — and program Q
one running now. Coach CP is P's head coach, CQ Q's. Athletes: Leah was on P's last-season roster and has left;
Quinn was on P's older season only; Ana is on the current rosters of P and Q; Bea is on Q's only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import psycopg

from tests.support import factories


@dataclass
class Seasons:
    today: date
    users: dict[str, uuid.UUID] = field(default_factory=dict)
    ids: dict[str, uuid.UUID] = field(default_factory=dict)
    spans: dict[str, tuple[date, date]] = field(default_factory=dict)

    def inside(self, season: str, offset: int = 10) -> date:
        """A day inside the season, ``offset`` days after it starts."""
        return self.spans[season][0] + timedelta(days=offset)


def build(conn: psycopg.Connection[Any]) -> Seasons:
    today = date.today()
    w = Seasons(today)
    p, q = factories.program(conn, "P History Track"), factories.program(conn, "Q Fresh Track", "America/Denver")
    w.ids.update(p=p, q=q)
    w.spans = {
        "p_older": (today - timedelta(days=760), today - timedelta(days=560)),
        "p_last": (today - timedelta(days=400), today - timedelta(days=200)),
        "p_current": (today - timedelta(days=100), today + timedelta(days=200)),
        "q_current": (today - timedelta(days=100), today + timedelta(days=200)),
    }
    for name, (start, end) in w.spans.items():
        w.ids[name] = factories.season(conn, p if name.startswith("p_") else q, start, end)
    for actor in ("CP", "CQ", "Leah", "Quinn", "Ana", "Bea"):
        w.users[actor] = factories.user(conn, f"User {actor}")
    w.ids["cp"] = factories.member(conn, p, w.users["CP"], "head_coach")
    w.ids["cq"] = factories.member(conn, q, w.users["CQ"], "head_coach")
    rosters = {"Leah": ["p_last"], "Quinn": ["p_older"], "Ana": ["p_current", "q_current"], "Bea": ["q_current"]}
    for actor, seasons in rosters.items():
        athlete = w.ids[actor.lower()] = factories.athlete(conn, f"Athlete {actor}", user_id=w.users[actor])
        for season in seasons:
            program = p if season.startswith("p_") else q
            factories.roster(
                conn, program, w.ids[season], athlete, status="active" if season != "p_last" else "inactive"
            )
    conn.commit()
    return w

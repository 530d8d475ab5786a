"""The access-control fixture world, shared by the database-level and the API-level tests.

Programs P1 and P2 (overlapping seasons S1, S2); head coaches C1 (P1) and C2 (P2); athletes A1, A2 (P1 roster),
B1 (P2 roster) and D (on both rosters, with sessions in each); a user U with no role; a coach X removed from
P1 (inactive membership); and the anonymous caller (no identity). P1 also has a member of every other role
(docs/security.md, "Staff roles"): PA (program_admin), AC (assistant_coach), SC (strength_coach) and AT
(athletic_trainer); their memberships are ``ids["pa"]``, ``ids["ac"]``, ``ids["sc"]``, ``ids["at"]``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any

import psycopg

from tests.support import factories
from tests.support.factories import SEASON_END, SEASON_START, TODAY

# The day of the world's sessions: a Monday eight weeks back, so it is in the past (sessions on it can be
# completed, and planned ones on it are missed), inside both seasons, and starts an ISO week.
IN_SEASON = TODAY - timedelta(days=TODAY.weekday() + 56)


# P1's staff of the other roles (C1 is its head coach), by actor.
ROLE_STAFF = {
    "PA": "program_admin",
    "AC": "assistant_coach",
    "SC": "strength_coach",
    "AT": "athletic_trainer",
}
# Every role of P1, by the actor who holds it (the role table is tested over these).
P1_ROLES = {"head_coach": "C1", **{role: actor for actor, role in ROLE_STAFF.items()}}


@dataclass
class World:
    users: dict[str, uuid.UUID] = field(default_factory=dict)  # actor -> user id ("anon" absent)
    ids: dict[str, uuid.UUID] = field(default_factory=dict)  # everything else by name
    sessions: dict[str, uuid.UUID] = field(default_factory=dict)

    def user(self, actor: str) -> uuid.UUID | None:
        return self.users.get(actor)


def build(conn: psycopg.Connection[Any]) -> World:
    w = World()
    p1, p2 = factories.program(conn, "P1 Track"), factories.program(conn, "P2 Cross Country", "America/Denver")
    s1, s2 = factories.season(conn, p1, SEASON_START, SEASON_END), factories.season(conn, p2, SEASON_START, SEASON_END)
    g1, g2 = factories.event_group(conn, p1, "Distance"), factories.event_group(conn, p2, "Distance")
    w.ids.update(p1=p1, p2=p2, s1=s1, s2=s2, g1=g1, g2=g2)
    for actor in ("C1", "C2", "X", "U", "A1", "A2", "B1", "D", *ROLE_STAFF):
        w.users[actor] = factories.user(conn, f"User {actor}")
    w.ids["c1"] = factories.member(conn, p1, w.users["C1"], "head_coach")
    w.ids["c2"] = factories.member(conn, p2, w.users["C2"], "head_coach")
    w.ids["x"] = factories.member(conn, p1, w.users["X"], "assistant_coach", active=False)
    for actor, role in ROLE_STAFF.items():
        w.ids[actor.lower()] = factories.member(conn, p1, w.users[actor], role)
    for actor, rosters in (
        ("A1", [(p1, s1, g1)]),
        ("A2", [(p1, s1, g1)]),
        ("B1", [(p2, s2, g2)]),
        ("D", [(p1, s1, g1), (p2, s2, g2)]),
    ):
        athlete_id = factories.athlete(conn, f"Athlete {actor}", user_id=w.users[actor])
        w.ids[actor.lower()] = athlete_id
        for program_id, season_id, group_id in rosters:
            w.ids[f"r_{actor.lower()}_{program_id}"] = factories.roster(
                conn, program_id, season_id, athlete_id, group_id
            )

    def coach_session(name: str, athlete: str, coach: str, season: str | None, **extra: Any) -> None:
        w.sessions[name] = factories.session(
            conn,
            w.ids[athlete],
            source="coach_assigned",
            coach_member_id=w.ids[coach],
            team_season_id=w.ids[season] if season else None,
            scheduled_date=IN_SEASON,
            planned_rpe=5,
            **extra,
        )

    def self_session(name: str, athlete: str, season: str | None = None) -> None:
        w.sessions[name] = factories.session(
            conn, w.ids[athlete], team_season_id=w.ids[season] if season else None, scheduled_date=IN_SEASON
        )

    coach_session("a1_coach", "a1", "c1", "s1")
    coach_session(
        "a1_completed", "a1", "c1", "s1", completed_at=datetime.combine(IN_SEASON, time(17), UTC), actual_rpe=6
    )
    coach_session("a1_by_x", "a1", "x", None)
    self_session("a1_self", "a1")
    self_session("a1_self_season", "a1", "s1")
    coach_session("a2_coach", "a2", "c1", "s1")
    coach_session("b1_coach", "b1", "c2", "s2")
    coach_session("d_p1", "d", "c1", "s1")
    coach_session("d_p2", "d", "c2", "s2")
    self_session("d_self", "d")
    conn.commit()
    return w


# Which sessions each actor may read: the heart of the access model. Every active member of P1 reads the same,
# whatever their role.
VISIBLE_TO_P1_STAFF = {"a1_coach", "a1_completed", "a1_by_x", "a1_self", "a1_self_season", "a2_coach", "d_p1", "d_self"}
VISIBLE_SESSIONS: dict[str, set[str]] = {
    "C1": VISIBLE_TO_P1_STAFF,
    "C2": {"b1_coach", "d_p2", "d_self"},
    "A1": {"a1_coach", "a1_completed", "a1_by_x", "a1_self", "a1_self_season"},
    "A2": {"a2_coach"},
    "B1": {"b1_coach"},
    "D": {"d_p1", "d_p2", "d_self"},
    **{actor: VISIBLE_TO_P1_STAFF for actor in ROLE_STAFF},
    "U": set(),
    "X": set(),
    "anon": set(),
}
ACTORS = list(VISIBLE_SESSIONS)


def add_role_library(conn: psycopg.Connection[Any], w: World) -> None:
    """What the role table's cells act on (tests/support/roles.py), written administratively into a built world:
    a gym exercise, a run and a gym workout, a practice of each in S1 for an event group with nobody in it (so
    publishing creates no session), a gym session of A1's, a spare assistant coach Y, and for every actor a
    spare athlete created by P1 (``spare_<actor>``) that only that actor's cell puts on a roster."""
    p1, s1 = w.ids["p1"], w.ids["s1"]

    def one(query: str, params: list[Any]) -> uuid.UUID:
        row = conn.execute(query, params).fetchone()
        assert row is not None
        return uuid.UUID(str(row[0]))

    w.ids["event_gym"] = one(
        "insert into training_events (program_id, name, workout_category, measure) "
        "values (%s, 'Back squat', 'gym', 'load') returning id",
        [p1],
    )
    for category in ("run", "gym"):
        w.ids[f"workout_{category}"] = one(
            "insert into workouts (program_id, name, workout_category) values (%s, %s, %s) returning id",
            [p1, f"Plan {category}", category],
        )
    w.ids["g_empty"] = factories.event_group(conn, p1, "Nobody")
    for category in ("run", "gym"):
        practice = one(
            "insert into practice_sessions (program_id, team_season_id, practice_date, title) "
            "values (%s, %s, %s, %s) returning id",
            [p1, s1, TODAY + timedelta(days=3), f"{category} practice"],
        )
        conn.execute(
            "insert into practice_session_workouts (program_id, practice_session_id, workout_id, event_group_id, "
            "position) values (%s, %s, %s, %s, 1)",
            [p1, practice, w.ids[f"workout_{category}"], w.ids["g_empty"]],
        )
        w.ids[f"practice_{category}"] = practice
    w.sessions["a1_gym"] = factories.session(
        conn,
        w.ids["a1"],
        source="coach_assigned",
        coach_member_id=w.ids["c1"],
        team_season_id=s1,
        scheduled_date=IN_SEASON,
        workout_category="gym",
        planned_rpe=5,
    )
    w.users["Y"] = factories.user(conn, "User Y")
    w.ids["y"] = factories.member(conn, p1, w.users["Y"], "assistant_coach")
    for actor in ("C1", "C2", "A1", "A2", "U", "X", *ROLE_STAFF):
        w.ids[f"spare_{actor.lower()}"] = one(
            "insert into athletes (name, created_in_program_id) values (%s, %s) returning id", [f"Spare {actor}", p1]
        )
    conn.commit()

"""Every rule of the schema: one accepted case and one rejected case, asserting the sentence a user sees."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg
import pytest

from tests.support import factories
from trainingops.db import errors as db_errors
from trainingops.errors import DomainError


@pytest.fixture
def messages(admin_conn: psycopg.Connection[Any]) -> dict[str, str]:
    return db_errors.load_messages(admin_conn)


@pytest.fixture
def world(admin_conn: psycopg.Connection[Any]) -> dict[str, uuid.UUID]:
    p1, p2 = factories.program(admin_conn, "P1"), factories.program(admin_conn, "P2")
    coach_user = factories.user(admin_conn, "Coach One")
    other_user = factories.user(admin_conn, "Coach Two")
    return {
        "p1": p1,
        "p2": p2,
        "s1": factories.season(admin_conn, p1),
        "s2": factories.season(admin_conn, p2),
        "c1": factories.member(admin_conn, p1, coach_user),
        "c2": factories.member(admin_conn, p2, other_user),
        "g1": factories.event_group(admin_conn, p1, "Sprints"),
        "g2": factories.event_group(admin_conn, p2, "Sprints"),
        "a1": factories.athlete(admin_conn, "Ada Runner"),
    }


def violation(conn: psycopg.Connection[Any], messages: dict[str, str], statement: str, params: Any) -> DomainError:
    """Run ``statement`` in a savepoint, expect it to fail, and return the domain error a user would get."""
    with pytest.raises(psycopg.Error) as caught, conn.transaction():
        conn.execute(statement, params)
    translated = db_errors.translate(caught.value, messages)
    assert translated is not None, f"untranslated database error: {caught.value!r}"
    return translated


def accepted(conn: psycopg.Connection[Any], statement: str, params: Any) -> None:
    with conn.transaction():
        conn.execute(statement, params)


UPDATE_SESSION = "update athlete_training_sessions set {} where id = %s"

# (column assignment, accepted value, rejected value, constraint, sentence the user sees)
SESSION_RULES = [
    (
        "source = %s, coach_member_id = null",
        "self_assigned",
        "coach",
        "sessions_source_valid",
        "Source must be coach_assigned or self_assigned.",
    ),
    (
        "workout_category = %s",
        "gym",
        "swim",
        "sessions_category_valid",
        "Workout category must be one of run, gym, cross_training, other.",
    ),
    ("planned_rpe = %s", 10, 11, "sessions_planned_rpe_range", "Planned RPE must be between 1 and 10."),
    ("planned_rpe = %s", 1, 0, "sessions_planned_rpe_range", "Planned RPE must be between 1 and 10."),
    ("actual_rpe = %s", 7, 0, "sessions_actual_rpe_range", "Actual RPE must be between 1 and 10."),
    (
        "planned_distance_m = %s",
        1_000_000,
        1_000_001,
        "sessions_planned_distance_range",
        "Planned distance must be between 0 and 1,000,000 m (1,000 km).",
    ),
    (
        "actual_distance_m = %s",
        0,
        -1,
        "sessions_actual_distance_range",
        "Actual distance must be between 0 and 1,000,000 m (1,000 km).",
    ),
    (
        "planned_duration_sec = %s",
        172_800,
        172_801,
        "sessions_planned_duration_range",
        "Planned duration must be between 0 and 172,800 s (48 hours).",
    ),
    (
        "actual_duration_sec = %s",
        3600,
        -5,
        "sessions_actual_duration_range",
        "Actual duration must be between 0 and 172,800 s (48 hours).",
    ),
    (
        "metrics_json = %s::jsonb",
        '{"hr": {"avg_bpm": 150}}',
        "[1, 2]",
        "sessions_metrics_is_object",
        "metrics_json must be a JSON object.",
    ),
    (
        "metrics_json = %s::jsonb",
        json.dumps({"x": "a" * 60_000}),
        json.dumps({"x": "a" * 70_000}),
        "sessions_metrics_size",
        "metrics_json is too large: at most 64 KiB (summaries such as splits and heart-rate zones, not raw streams).",
    ),
    ("title = %s", "t" * 200, "t" * 201, "sessions_title_length", "Title can be at most 200 characters."),
    (
        "scheduled_date = %s",
        factories.TODAY,
        date(1989, 12, 31),
        "sessions_scheduled_date_plausible",
        "Scheduled date must be between 1990 and 2100.",
    ),  # the rule's own bound, a fixed date
    (
        "scheduled_date = %s",
        factories.TODAY,
        None,
        "sessions_has_date",
        "A session needs a scheduled date or a completion time.",
    ),
]


@pytest.mark.parametrize(("assignment", "good", "bad", "constraint", "message"), SESSION_RULES)
def test_each_session_rule_accepts_the_good_value_and_explains_the_bad_one(
    admin_conn: psycopg.Connection[Any],
    world: dict[str, uuid.UUID],
    messages: dict[str, str],
    assignment: str,
    good: Any,
    bad: Any,
    constraint: str,
    message: str,
) -> None:
    session_id = factories.session(admin_conn, world["a1"])
    statement = UPDATE_SESSION.format(assignment)
    accepted(admin_conn, statement, [good, session_id])
    error = violation(admin_conn, messages, statement, [bad, session_id])
    assert error.detail == message
    assert error.extra.get("constraint") == constraint
    assert error.status == 422


def test_a_coach_assigned_session_needs_a_coach_and_a_self_assigned_one_has_none(
    admin_conn: psycopg.Connection[Any], world: dict[str, uuid.UUID], messages: dict[str, str]
) -> None:
    session_id = factories.session(admin_conn, world["a1"], source="coach_assigned", coach_member_id=world["c1"])
    expected = "A coach-assigned session needs a coach, and a self-assigned session cannot have one."
    error = violation(admin_conn, messages, UPDATE_SESSION.format("coach_member_id = null"), [session_id])
    assert error.detail == expected
    error = violation(admin_conn, messages, UPDATE_SESSION.format("source = 'self_assigned'"), [session_id])
    assert error.detail == expected


def test_the_coach_of_a_season_session_must_be_staff_of_that_seasons_program(
    admin_conn: psycopg.Connection[Any], world: dict[str, uuid.UUID], messages: dict[str, str]
) -> None:
    factories.session(
        admin_conn, world["a1"], source="coach_assigned", coach_member_id=world["c1"], team_season_id=world["s1"]
    )
    error = violation(
        admin_conn,
        messages,
        "insert into athlete_training_sessions (athlete_id, source, coach_member_id, team_season_id, "
        "workout_category, scheduled_date) values (%s, 'coach_assigned', %s, %s, 'run', %s)",
        [world["a1"], world["c2"], world["s1"], factories.PAST_DAY],
    )
    assert error.detail == "The coach must be a staff member of the program that the season belongs to."
    assert error.extra["constraint"] == "sessions_coach_in_season_program"


def test_completion_may_not_lie_in_the_future_beyond_clock_skew(
    admin_conn: psycopg.Connection[Any], world: dict[str, uuid.UUID], messages: dict[str, str]
) -> None:
    session_id = factories.session(admin_conn, world["a1"])
    statement = UPDATE_SESSION.format("completed_at = %s")
    accepted(admin_conn, statement, [datetime.now(UTC) + timedelta(minutes=2), session_id])
    error = violation(admin_conn, messages, statement, [datetime.now(UTC) + timedelta(hours=1), session_id])
    assert error.detail == "A session cannot be completed in the future."


def test_a_session_for_an_unknown_athlete_is_refused(
    admin_conn: psycopg.Connection[Any], messages: dict[str, str]
) -> None:
    error = violation(
        admin_conn,
        messages,
        "insert into athlete_training_sessions (athlete_id, source, workout_category, scheduled_date) "
        "values (%s, 'self_assigned', 'run', %s)",
        [uuid.uuid4(), factories.PAST_DAY],
    )
    assert isinstance(error, db_errors.ReferenceNotFound)
    assert "DETAIL" not in error.detail and "Key (" not in error.detail


def test_updates_bump_version_and_keep_updated_at_whatever_the_client_sends(
    admin_conn: psycopg.Connection[Any], world: dict[str, uuid.UUID]
) -> None:
    session_id = factories.session(admin_conn, world["a1"])
    row = admin_conn.execute(
        "update athlete_training_sessions set title = 'Tempo', version = 99, updated_at = '2000-01-01' "
        "where id = %s returning version, updated_at = now()",
        [session_id],
    ).fetchone()
    assert row == (2, True)


# Context tables: (statement with a bad value, params builder, sentence)
def test_program_time_zone_must_be_an_iana_name(admin_conn: psycopg.Connection[Any], messages: dict[str, str]) -> None:
    factories.program(admin_conn, "Ok", time_zone="Europe/Berlin")
    error = violation(
        admin_conn, messages, "insert into programs (name, sport, time_zone) values ('X', 'xc', %s)", ["Mars/Base"]
    )
    assert error.detail == "Time zone 'Mars/Base' is not an IANA time zone name (for example America/Chicago)."


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("insert into users (email, name) values ('not-an-email', 'X')", "Email must look like name@domain."),
        ("insert into users (email, name) values ('x@example.org', ' ')", "Name must be 1 to 200 characters."),
        ("insert into programs (name, sport) values ('', 'xc')", "Program name must be 1 to 200 characters."),
        ("insert into athletes (name, sex) values ('A', 'x')", "Sex must be female or male, or left empty."),
        (
            "insert into athletes (name, date_of_birth) values ('A', '1850-01-01')",
            "Date of birth must be between 1900 and 2100.",
        ),
    ],
)
def test_context_rules_explain_themselves(
    admin_conn: psycopg.Connection[Any], messages: dict[str, str], statement: str, message: str
) -> None:
    assert violation(admin_conn, messages, statement, None).detail == message


def test_member_roles_and_one_membership_per_user(
    admin_conn: psycopg.Connection[Any], world: dict[str, uuid.UUID], messages: dict[str, str]
) -> None:
    someone = factories.user(admin_conn, "S C")
    factories.member(admin_conn, world["p1"], someone, role="strength_coach")
    error = violation(
        admin_conn,
        messages,
        "insert into program_members (program_id, user_id, role) values (%s, %s, 'head_coach')",
        [world["p1"], someone],
    )
    assert error.detail == "This user is already a member of the program."
    assert error.status == 409
    error = violation(
        admin_conn,
        messages,
        "insert into program_members (program_id, user_id, role) values (%s, %s, 'mascot')",
        [world["p2"], someone],
    )
    assert error.detail == (
        "Role must be one of head_coach, assistant_coach, strength_coach, athletic_trainer, program_admin."
    )


def test_emails_are_unique_regardless_of_case(admin_conn: psycopg.Connection[Any], messages: dict[str, str]) -> None:
    factories.user(admin_conn, "A", "Coach@Example.org")
    error = violation(admin_conn, messages, "insert into users (email, name) values ('coach@example.org', 'B')", None)
    assert error.detail == "A user with this email already exists."


def test_season_dates_must_be_ordered(
    admin_conn: psycopg.Connection[Any], world: dict[str, uuid.UUID], messages: dict[str, str]
) -> None:
    one_day = factories.SEASON_END
    factories.season(admin_conn, world["p1"], one_day, one_day)
    error = violation(
        admin_conn,
        messages,
        "insert into team_seasons (program_id, name, sport, start_date, end_date) values (%s, 'S', 'tf', %s, %s)",
        [world["p1"], one_day + timedelta(days=31), one_day],
    )
    assert error.detail == "A season must end on or after the day it starts."


def test_roster_season_and_event_group_must_share_the_program(
    admin_conn: psycopg.Connection[Any], world: dict[str, uuid.UUID], messages: dict[str, str]
) -> None:
    factories.roster(admin_conn, world["p1"], world["s1"], world["a1"], world["g1"])
    statement = (
        "insert into roster_entries (program_id, team_season_id, athlete_id, event_group_id) values (%s, %s, %s, %s)"
    )
    error = violation(admin_conn, messages, statement, [world["p1"], world["s1"], world["a1"], world["g2"]])
    assert error.detail == "The event group does not exist or belongs to a different program than the season."
    error = violation(admin_conn, messages, statement, [world["p1"], world["s2"], world["a1"], None])
    assert error.detail == "The season does not exist or belongs to a different program."
    error = violation(admin_conn, messages, statement, [world["p1"], world["s1"], world["a1"], world["g1"]])
    assert error.detail == "The athlete is already on this season's roster in this event group."


def test_event_group_names_are_unique_per_program(
    admin_conn: psycopg.Connection[Any], world: dict[str, uuid.UUID], messages: dict[str, str]
) -> None:
    error = violation(
        admin_conn, messages, "insert into event_groups (program_id, name) values (%s, 'SPRINTS')", [world["p1"]]
    )
    assert error.detail == "The program already has an event group with this name."


def test_session_rules_hold_for_every_row_of_a_many_row_statement(
    admin_conn: psycopg.Connection[Any], world: dict[str, uuid.UUID], messages: dict[str, str]
) -> None:
    """The rules run once per statement (migration 0009): one bad row among many refuses them all."""
    insert = (
        "insert into athlete_training_sessions (athlete_id, source, coach_member_id, team_season_id, "
        "workout_category, scheduled_date) select %s, 'coach_assigned', c, %s, 'run', %s::date + n "
        "from generate_series(1, 50) n cross join lateral (select case when n = 37 then %s::uuid else %s::uuid end) x(c)"
    )
    count = "select count(*) from athlete_training_sessions"
    before = admin_conn.execute(count).fetchone()
    error = violation(
        admin_conn, messages, insert, [world["a1"], world["s1"], factories.PAST_DAY, world["c2"], world["c1"]]
    )
    assert error.extra["constraint"] == "sessions_coach_in_season_program"
    assert admin_conn.execute(count).fetchone() == before
    accepted(admin_conn, insert, [world["a1"], world["s1"], factories.PAST_DAY, world["c1"], world["c1"]])
    many = "update athlete_training_sessions set completed_at = %s where athlete_id = %s"
    error = violation(admin_conn, messages, many, [datetime.now(UTC) + timedelta(days=1), world["a1"]])
    assert error.extra["constraint"] == "sessions_completed_at_not_future"


def test_session_rules_on_update_look_only_at_what_changed(
    admin_conn: psycopg.Connection[Any], world: dict[str, uuid.UUID], messages: dict[str, str]
) -> None:
    session_id = factories.session(
        admin_conn, world["a1"], source="coach_assigned", coach_member_id=world["c1"], team_season_id=world["s1"]
    )
    error = violation(admin_conn, messages, UPDATE_SESSION.format("coach_member_id = %s"), [world["c2"], session_id])
    assert error.detail == "The coach must be a staff member of the program that the season belongs to."
    error = violation(admin_conn, messages, UPDATE_SESSION.format("team_season_id = %s"), [world["s2"], session_id])
    assert error.extra["constraint"] == "sessions_coach_in_season_program"
    # A completion time already stored is not re-judged when something else changes (the clock moved on).
    with admin_conn.transaction():
        admin_conn.execute("alter table athlete_training_sessions disable trigger sessions_rules_update")
        admin_conn.execute(
            UPDATE_SESSION.format("completed_at = %s"), [datetime.now(UTC) + timedelta(hours=2), session_id]
        )
        admin_conn.execute("alter table athlete_training_sessions enable trigger sessions_rules_update")
    accepted(admin_conn, UPDATE_SESSION.format("title = %s"), ["Renamed", session_id])

"""Database errors as domain errors: the sentence a user can act on, never PostgreSQL's DETAIL text.

Every constraint (and unique index) carries a ``COMMENT`` with its user-facing sentence (see the migrations);
``load_messages`` reads them once, ``translate`` turns a psycopg error into the matching ``DomainError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import psycopg
from psycopg import errors as pg
from psycopg.rows import tuple_row

from trainingops.errors import DomainError, RoleRequired

MESSAGES_QUERY = """
select c.conname, d.description
from pg_catalog.pg_constraint c
join pg_catalog.pg_description d on d.objoid = c.oid and d.classoid = 'pg_catalog.pg_constraint'::regclass
where c.connamespace = 'public'::regnamespace
union all
select i.relname, d.description
from pg_catalog.pg_index x
join pg_catalog.pg_class i on i.oid = x.indexrelid
join pg_catalog.pg_description d on d.objoid = i.oid and d.classoid = 'pg_catalog.pg_class'::regclass
where x.indisunique and i.relnamespace = 'public'::regnamespace
"""


class RuleViolated(DomainError):
    code = "rule_violated"
    status = 422
    title = "A data rule was violated"


class PlannedFieldsLocked(RuleViolated):
    code = "planned_fields_locked"
    status = 403
    title = "The plan of a coach-assigned session is the coach's"


class IdentityLocked(RuleViolated):
    code = "session_identity_locked"
    title = "A session's id, athlete and source cannot change"


class ProgramLocked(RuleViolated):
    code = "session_program_locked"
    title = "A session cannot move to another program"


class OverrideNotApplicable(RuleViolated):
    code = "override_not_applicable"
    title = "The practice does not give the athlete that workout"


class OwnMembershipLocked(RuleViolated):
    code = "own_membership_locked"
    status = 403
    title = "Nobody changes their own membership"


class LastAdministrator(RuleViolated):
    code = "last_administrator"
    status = 409
    title = "A program keeps an administrator"


class SeasonClosed(RuleViolated):
    code = "season_closed"
    status = 409
    title = "The season is closed"


class EventGroupArchived(RuleViolated):
    code = "event_group_archived"
    title = "The event group is archived"


class AlreadyMember(RuleViolated):
    code = "already_member"
    status = 409
    title = "Already on the program's staff"


class InvitationForAnotherEmail(RuleViolated):
    code = "invitation_for_another_email"
    status = 403
    title = "The invitation was sent to another email"


class AthleteAlreadyClaimed(RuleViolated):
    code = "athlete_already_claimed"
    status = 409
    title = "Another account has claimed this athlete profile"


class AthleteRecordInUse(RuleViolated):
    code = "athlete_record_in_use"
    status = 409
    title = "The invitation's athlete record holds training already"


class PasswordChangedMeanwhile(RuleViolated):
    """An invitation accepted with a password that was right a moment ago: the account's password changed since."""

    code = "invalid_credentials"
    status = 401
    title = "Sign-in failed"

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        super().__init__("The email or the password is not right.")
        self.headers = {"WWW-Authenticate": 'Bearer realm="trainingops"'}


# Rules (trigger-raised, by constraint name) that deserve their own stable code rather than rule_violated.
RULE_ERRORS: dict[str, type[DomainError]] = {
    "sessions_planned_fields_locked": PlannedFieldsLocked,
    "sessions_identity_locked": IdentityLocked,
    "sessions_program_locked": ProgramLocked,
    "practice_assignments_athlete_gets_workout": OverrideNotApplicable,
    "program_members_not_your_own": OwnMembershipLocked,
    "program_members_keep_an_administrator": LastAdministrator,
    "roster_entries_season_open": SeasonClosed,
    "practice_sessions_season_open": SeasonClosed,
    "roster_entries_group_active": EventGroupArchived,
    "practice_workouts_group_active": EventGroupArchived,
    "roster_entries_status_only": RoleRequired,
    "invitations_not_a_member_yet": AlreadyMember,
    "invitations_for_another_email": InvitationForAnotherEmail,
    "invitations_athlete_claimed": AthleteAlreadyClaimed,
    "invitations_athlete_in_use": AthleteRecordInUse,
    "invitations_password_changed": PasswordChangedMeanwhile,
    "invitations_new_account_details": RuleViolated,
}


class AlreadyExists(DomainError):
    code = "already_exists"
    status = 409
    title = "Already exists"


class ReferenceNotFound(DomainError):
    code = "reference_not_found"
    status = 422
    title = "A referenced record does not exist"


class InUse(DomainError):
    code = "in_use"
    status = 409
    title = "Still referenced by other records"


class MissingValue(DomainError):
    code = "missing_value"
    status = 422
    title = "A required value is missing"


class InvalidValue(DomainError):
    code = "invalid_value"
    status = 422
    title = "A value is not valid"


class NotPermitted(DomainError):
    code = "not_permitted"
    status = 403
    title = "Not permitted"


class ConcurrentChange(DomainError):
    code = "concurrent_change"
    status = 409
    title = "A concurrent change got there first; retry"


class TooSlow(DomainError):
    code = "statement_timeout"
    status = 503
    title = "The request took too long"


# Seconds a client should wait before retrying when the database is away or every connection is busy.
RETRY_AFTER_SECONDS = "2"


class DatabaseUnavailable(DomainError):
    """The connection broke or could not be made (the server restarting, a network fault): nothing was committed."""

    code = "database_unavailable"
    status = 503
    title = "The database cannot be reached right now"
    headers: ClassVar[Mapping[str, str]] = {"Retry-After": RETRY_AFTER_SECONDS}


class DatabaseBusy(DomainError):
    """Every connection of the pool stayed busy for the whole wait (``pool_timeout_seconds``)."""

    code = "database_busy"
    status = 503
    title = "The service is too busy right now"
    headers: ClassVar[Mapping[str, str]] = {"Retry-After": RETRY_AFTER_SECONDS}


# SQLSTATEs of a lost or refused connection: class 08 (connection exception) and the server shutting down or
# starting (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now; PostgreSQL appendix A).
_SERVER_AWAY = ("57P01", "57P02", "57P03")


def connection_lost(exc: psycopg.Error) -> bool:
    """A client-side connection failure (no SQLSTATE) or one of the server's going-away states."""
    if not isinstance(exc, psycopg.OperationalError) or isinstance(exc, pg.QueryCanceled):
        return False
    state = exc.sqlstate
    return state is None or state.startswith("08") or state in _SERVER_AWAY


def load_messages(conn: psycopg.Connection[Any]) -> dict[str, str]:
    with conn.cursor(row_factory=tuple_row) as cursor:
        return {name: text for name, text in cursor.execute(MESSAGES_QUERY).fetchall()}


async def load_messages_async(conn: psycopg.AsyncConnection[Any]) -> dict[str, str]:
    async with conn.cursor(row_factory=tuple_row) as cursor:
        await cursor.execute(MESSAGES_QUERY)
        return {name: text for name, text in await cursor.fetchall()}


def translate(exc: psycopg.Error, messages: Mapping[str, str]) -> DomainError | None:
    """The domain error for a database error, or None when it is a server fault (a 500)."""
    diag = exc.diag
    constraint = diag.constraint_name
    known = messages.get(constraint or "")
    extra: dict[str, Any] = {"constraint": constraint} if constraint else {}
    if isinstance(exc, pg.CheckViolation):
        # Triggers raise check_violation with their own sentence; plain CHECKs have a comment.
        error_type: type[DomainError] = RULE_ERRORS.get(constraint or "", RuleViolated)
        return error_type(known or diag.message_primary or error_type.title, **extra)
    if isinstance(exc, pg.UniqueViolation | pg.ExclusionViolation):
        return AlreadyExists(known or "A record with these values already exists.", **extra)
    if isinstance(exc, pg.ForeignKeyViolation):
        if diag.message_primary and "still referenced" in diag.message_primary:
            return InUse("Other records still refer to this one.", **extra)
        return ReferenceNotFound(known or "A referenced record does not exist.", **extra)
    if isinstance(exc, pg.NotNullViolation):
        column = diag.column_name
        return MissingValue(f"{column} is required." if column else MissingValue.title, column=column)
    if isinstance(exc, pg.InsufficientPrivilege):
        return NotPermitted("You are not permitted to make this change.")
    if isinstance(exc, pg.SerializationFailure | pg.DeadlockDetected | pg.LockNotAvailable):
        return ConcurrentChange()
    if connection_lost(exc):
        return DatabaseUnavailable("The database connection was lost; nothing was saved. Retry in a moment.")
    if isinstance(exc, pg.QueryCanceled):
        return TooSlow("The database took too long to answer; narrow the request or retry later.")
    if isinstance(exc, pg.DataError):
        # Out-of-range numbers, bad dates, invalid text representation: the primary message has no values.
        return InvalidValue(diag.message_primary or InvalidValue.title)
    if isinstance(exc, pg.RaiseException) and diag.sqlstate == "P0001":
        return RuleViolated(diag.message_primary or RuleViolated.title)
    return None

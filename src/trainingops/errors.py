"""Domain errors: one type per failure, each with a stable ``code`` that clients can switch on.

The HTTP layer maps every ``DomainError`` to one RFC 9457 problem+json shape (see ``trainingops.api.problems``);
domain code raises these and never builds HTTP responses itself.
"""

from __future__ import annotations

from typing import Any, ClassVar


class DomainError(Exception):
    """Base for every failure the API reports as a 4xx.

    Subclasses set ``code`` (stable, snake_case), ``status`` (HTTP status) and ``title`` (short, constant);
    ``detail`` is the human sentence for this occurrence and ``extra`` adds problem+json members.
    """

    code: ClassVar[str] = "domain_error"
    status: ClassVar[int] = 400
    title: ClassVar[str] = "Request cannot be processed"

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        self.detail = detail or self.title
        self.extra = extra
        super().__init__(self.detail)


class NotFound(DomainError):
    """A row that does not exist and a row the caller may not see look the same."""

    code = "not_found"
    status = 404
    title = "Not found"

    @classmethod
    def of(cls, what: str, *, pronoun: str = "it") -> NotFound:
        """The one sentence for a missing or hidden row: the same bytes whichever it is."""
        return cls(f"No {what} with this id exists, or you may not see {pronoun}.")


class InvalidInput(DomainError):
    code = "invalid_input"
    status = 422
    title = "Invalid input"


class Conflict(DomainError):
    code = "conflict"
    status = 409
    title = "Conflict"


class Unauthenticated(DomainError):
    """No usable credential: no token, a malformed, expired or wrongly signed one, or one whose sign-in ended."""

    code = "unauthenticated"
    status = 401
    title = "Authentication required"

    def __init__(self, detail: str, *, error: str = "invalid_token") -> None:
        super().__init__(detail)
        # RFC 6750 §3: tell the client which scheme and what went wrong.
        description = detail.replace('"', "'")
        self.headers = {
            "WWW-Authenticate": f'Bearer realm="trainingops", error="{error}", error_description="{description}"'
        }


class RoleRequired(DomainError):
    """Staff of the program whose role does not hold the capability the action needs (docs/security.md, "Staff roles")."""

    code = "role_required"
    status = 403
    title = "Your role in the program does not allow this"

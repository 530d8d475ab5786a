"""The caller as the database sees it: a user id, set transaction-locally as ``app.user_id``, and what the
transaction checks about the token it came from (its sign-in session and token generation, or, for an identity
provider's token, how to find the user)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class Identity:
    """``user_id``: who the transaction acts as (for an identity provider's token: its ``sub`` when that is a
    uuid). A token the service issued names its sign-in ``session_id`` and the user's token ``generation``; every
    transaction refuses it once either is no longer current. An identity provider's token has neither: its
    ``subject`` (and verified ``email``) find the user (``app_private.token_user_id``)."""

    user_id: UUID | None
    session_id: UUID | None = None
    generation: int | None = None
    subject: str | None = None
    email: str | None = None

    @property
    def issued_here(self) -> bool:
        return self.generation is not None

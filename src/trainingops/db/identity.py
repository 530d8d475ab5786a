"""The caller as the database sees it: a user id, set transaction-locally as ``app.user_id``."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class Identity:
    user_id: UUID

"""Acting as a user at the database, as the API does it: one transaction as ``trainingops_app`` with
``app.user_id`` set transaction-locally, always rolled back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from tests.support.world import World

Conn = psycopg.Connection[Any]


@contextmanager
def acting_as(conn: Conn, world: World, actor: str) -> Iterator[Conn]:
    """One transaction as ``actor`` of the world ("anon": no identity), rolled back whatever happens."""
    user_id = world.user(actor)
    try:
        conn.execute("select set_config('app.user_id', %s, true)", [str(user_id) if user_id else ""])
        yield conn
    finally:
        conn.rollback()

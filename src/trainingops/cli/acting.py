"""Command-line work done as a named user: the same transaction, identity and row-level security as an API
request. Every CLI command that reads or changes training data goes through ``run_as``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar
from uuid import UUID

import typer
from rich.console import Console

from trainingops.config import get_settings
from trainingops.db import embedded
from trainingops.db import target as db_target
from trainingops.db.identity import Identity
from trainingops.db.pool import Connection, Database
from trainingops.roster.directory import user_id_for_email

T = TypeVar("T")


async def run_as(
    app_url: str, user_id: UUID, work: Callable[[Connection], Awaitable[T]], *, statement_timeout_ms: int = 600_000
) -> T:
    """Run ``work`` in one transaction as ``user_id`` (committed when it returns, rolled back when it raises)."""
    database = Database(app_url, min_size=1, max_size=1, statement_timeout_ms=statement_timeout_ms)
    await database.open()
    try:
        async with database.transaction(Identity(user_id)) as conn:
            return await work(conn)
    finally:
        await database.close()


def acting_user(email: str, *, console: Console) -> tuple[db_target.DatabaseTarget, UUID]:
    """The database (the embedded server started if needed) and the user a command acts as; exits with a clear
    message when no user has that email."""
    try:
        target = db_target.resolve(get_settings())
    except embedded.DataDirError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    user_id = user_id_for_email(target.admin_url, email)
    if user_id is None:
        console.print(f"[red]error:[/] no user with email {email!r} (see `trainingops users`).")
        raise typer.Exit(1)
    return target, user_id

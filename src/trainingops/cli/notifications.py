"""`trainingops notifications send-email`: send what the notification email outbox holds (the server sends after
each commit on its own; this is for retries, and for a server that runs without SMTP settings)."""

from __future__ import annotations

import asyncio

import typer

from trainingops import mail
from trainingops.cli.console import console
from trainingops.config import get_settings
from trainingops.db import embedded
from trainingops.db import target as db_target
from trainingops.db.pool import Database
from trainingops.notifications import sender

notifications_app = typer.Typer(help="Notification emails.", no_args_is_help=True)


@notifications_app.command("send-email")
def send_email() -> None:
    """Send every queued notification email now (as the server's sender: no user identity)."""
    settings = get_settings()
    if not mail.configured(settings):
        console.print("[red]error:[/] outgoing mail is not configured (TRAININGOPS_SMTP_HOST).")
        raise typer.Exit(2)
    try:
        target = db_target.resolve(settings)
    except embedded.DataDirError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc

    async def work() -> sender.Drained:
        database = Database(target.app_url, min_size=1, max_size=1)
        await database.open()
        try:
            return await sender.drain(database, settings)
        finally:
            await database.close()

    with console.status("Sending notification emails…"):
        done = asyncio.run(work())
    console.print(f"sent {done.sent}, failed {done.failed} (failed ones are retried, at most five attempts)")
    if done.failed:
        raise typer.Exit(1)

"""The email outbox's sender: notifications are queued in the transaction that caused them (migration 0019) and
mailed after it commits.

The server LISTENs on ``notification_emails``: the database's notify functions ``pg_notify`` it, which PostgreSQL
delivers at commit (never for a rolled-back transaction), and the sender drains the outbox; it also drains every
``RETRY_SECONDS`` for messages whose send failed (at most five attempts; a claim lapses after five minutes, so
a sender that died leaves nothing stuck). ``trainingops notifications send-email`` drains it from the command
line. The sender acts without a user identity (``app_private.claim_notification_emails`` refuses a signed-in
user's transaction): no request can read the outbox.
"""

from __future__ import annotations

import asyncio
import logging
import smtplib
from dataclasses import dataclass
from typing import Any

import psycopg

from trainingops import mail
from trainingops.config import Settings
from trainingops.db.pool import Database

log = logging.getLogger("trainingops.notifications")
BATCH = 50
RETRY_SECONDS = 60.0
RECONNECT_SECONDS = 5.0
CHANNEL = "notification_emails"
CLAIM = "select * from app_private.claim_notification_emails(%s)"
FINISH = "select app_private.finish_notification_email(%s, %s)"


@dataclass
class Drained:
    sent: int = 0
    failed: int = 0


def text_of(settings: Settings, row: dict[str, Any]) -> str:
    """The message: the notification's sentence, its link on this server, and how to stop these emails."""
    base = settings.public_url.rstrip("/")
    link = f"\n\n{base}{row['link']}" if row.get("link") else ""
    return (
        f"{row['body']}{link}\n\n"
        f"You get this email because email notifications are on for your TrainingOps account; turn them off in "
        f"your preferences: {base}/settings"
    )


async def drain(database: Database, settings: Settings, *, batch: int = BATCH) -> Drained:
    """Send what the outbox holds, a batch at a time; stop after a batch with a failure (retried later)."""
    done = Drained()
    while True:
        async with database.transaction(None) as conn:
            cursor = await conn.execute(CLAIM, [batch])
            rows = await cursor.fetchall()
        if not rows:
            return done
        results: list[tuple[Any, str | None]] = []
        for row in rows:
            try:
                await mail.send(settings, to=row["to_address"], subject=row["subject"], text=text_of(settings, row))
                results.append((row["id"], None))
            except (OSError, smtplib.SMTPException, mail.MailNotConfigured) as exc:
                results.append((row["id"], type(exc).__name__))  # the kind only: no address in the log or the row
        async with database.transaction(None) as conn:
            for row_id, error in results:
                await conn.execute(FINISH, [row_id, error])
        failed = sum(1 for _, error in results if error)
        done.sent += len(results) - failed
        done.failed += failed
        if failed:
            log.warning("%d notification email(s) could not be sent; retried later", failed)
        if failed or len(rows) < batch:
            return done


async def run(database: Database, settings: Settings, *, app_url: str) -> None:
    """Drain at start, on every commit that queued mail (LISTEN), and every RETRY_SECONDS; until cancelled."""
    while True:
        try:
            async with await psycopg.AsyncConnection.connect(app_url, autocommit=True) as listener:
                await listener.execute(f"listen {CHANNEL}")
                while True:
                    await drain(database, settings)
                    async for _ in listener.notifies(timeout=RETRY_SECONDS, stop_after=1):
                        pass
        except (psycopg.Error, OSError) as exc:
            log.warning("notification sender: %s; reconnecting", type(exc).__name__)
            await asyncio.sleep(RECONNECT_SECONDS)

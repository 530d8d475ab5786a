"""Outgoing mail (password-reset and invitation links) through the SMTP server of the settings.

``TRAININGOPS_SMTP_HOST`` unset means no mail: in demo mode a link goes to the server log instead (the only place
a link is ever logged), elsewhere the feature answers ``503 mail_not_configured``. ``smtp_tls``: ``starttls``
upgrades a plain connection (port 587), ``ssl`` is TLS from the first byte (SMTPS, port 465), ``none`` talks plain
SMTP (a relay on the same machine, the tests' in-process server).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

import anyio.to_thread

from trainingops.config import Settings
from trainingops.errors import DomainError

log = logging.getLogger("trainingops.mail")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
TIMEOUT_S = 20.0


class MailNotConfigured(DomainError):
    code = "mail_not_configured"
    status = 503
    title = "Mail is not configured"


def configured(settings: Settings) -> bool:
    return settings.smtp_host is not None


def sender(settings: Settings) -> str:
    return settings.smtp_from or settings.smtp_user or "trainingops@localhost"


def message(settings: Settings, *, to: str, subject: str, text: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender(settings)
    mail["To"] = to
    mail["Subject"] = subject
    mail["Message-ID"] = make_msgid(domain=sender(settings).rpartition("@")[2].strip(">") or None)
    mail.set_content(text)
    return mail


def send_now(settings: Settings, *, to: str, subject: str, text: str) -> None:
    """Send one plain-text message, blocking (call ``send`` from async code)."""
    if settings.smtp_host is None:
        raise MailNotConfigured("Outgoing mail is not configured (TRAININGOPS_SMTP_HOST).")
    port = settings.smtp_port or DEFAULT_PORTS[settings.smtp_tls]
    mail = message(settings, to=to, subject=subject, text=text)
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if settings.smtp_tls == "ssl":
        smtp = smtplib.SMTP_SSL(settings.smtp_host, port, timeout=TIMEOUT_S, context=context)
    else:
        smtp = smtplib.SMTP(settings.smtp_host, port, timeout=TIMEOUT_S)
    with smtp:
        if settings.smtp_tls == "starttls":
            smtp.starttls(context=context)
        if settings.smtp_user and settings.smtp_password:
            smtp.login(settings.smtp_user, settings.smtp_password.get_secret_value())
        smtp.send_message(mail)


async def send(settings: Settings, *, to: str, subject: str, text: str) -> None:
    """Send one plain-text message on a worker thread (smtplib blocks)."""
    await anyio.to_thread.run_sync(lambda: send_now(settings, to=to, subject=subject, text=text))


def require_delivery(settings: Settings) -> None:
    """Raise ``MailNotConfigured`` when a link could not reach anyone: no SMTP server, and not the demo."""
    if not configured(settings) and not settings.demo_mode:
        raise MailNotConfigured(
            "This server cannot send email (TRAININGOPS_SMTP_HOST is not set), so it cannot send this link; "
            "ask an administrator (`trainingops users set-password`)."
        )


async def deliver_link(settings: Settings, *, to: str, subject: str, text: str, link: str, what: str) -> None:
    """Mail ``text`` (which holds ``link``) to ``to``; without SMTP in demo mode, write the link to the server
    log instead. Failures are logged (without the link) and not raised: the caller has already answered."""
    if not configured(settings):
        if settings.demo_mode:
            log.info("%s link for %s: %s", what, to, link, extra={"demo_link": link})
        return
    try:
        await send(settings, to=to, subject=subject, text=text)
    except (OSError, smtplib.SMTPException) as exc:
        log.error("could not send the %s email: %s", what, type(exc).__name__)

"""Structured logs: one JSON object per line on stderr; one line per HTTP request. No line carries a credential:
paths are logged as their route templates, and every line is redacted as it is written (``redact``), whichever
logger wrote it (ours, uvicorn's, psycopg's) and whatever an exception's text holds."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Protocol

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from trainingops.db.pool import RequestFacts, request_facts

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
REDACTED = "[redacted]"

# Credentials that can reach a log line inside other text (an exception's message, a URL, a header): each pattern
# keeps what says what it was and replaces only the secret.
_CREDENTIALS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Authorization: Bearer <token> (RFC 6750 token68 characters)
    (re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9\-._~+/]+=*"), rf"\1{REDACTED}"),
    # a JWT anywhere: three base64url parts, the first a JSON object ("eyJ" = '{"')
    (re.compile(r"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"), REDACTED),
    # scheme://user:password@host (DATABASE_URL and friends)
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^\s:/@?#'\"]*:)[^\s@/'\"]+@"), rf"\1{REDACTED}@"),
    # password=... in a libpq key/value string or a query string
    (re.compile(r"(?i)\b(passw(?:or)?d\s*=\s*)(?:'(?:[^'\\]|\\.)*'|[^\s'\"&]+)"), rf"\1{REDACTED}"),
    # a calendar feed's address: the token in it is the credential
    (re.compile(r"(/calendar/)[A-Za-z0-9_-]{16,}(\.ics)"), rf"\1{REDACTED}\2"),
    # ?token=... / &access_token=... / &secret=...
    (re.compile(r"(?i)([?&](?:access_token|token|secret|api_key)=)[^&\s'\"]+"), rf"\1{REDACTED}"),
)


# Each pattern above needs one of these (lowercased) substrings to match: text holding none of them (most of every
# log line: a route, a status, ids) skips the six searches. Profile under bench/load_mixed.py: the request log line
# was ≈ 6 % of a worker's time, half of it these searches.
_MARKERS = ("bearer", "eyj", "://", "passw", "/calendar/", "token=", "secret=", "api_key=")


# The configured secrets themselves (passwords, signing keys): some messages quote them where no pattern can tell
# (libpq: 'invalid percent-encoded token: "<password>"').
_KNOWN_SECRETS: set[str] = set()
_SHORTEST_SECRET = 4  # shorter values would blank out ordinary words


def keep_out(secrets: Iterable[str]) -> None:
    """Redact these values, wherever they appear, from every line written from now on."""
    _KNOWN_SECRETS.update(s for s in secrets if len(s) >= _SHORTEST_SECRET)


def redact(text: str) -> str:
    """``text`` without the credentials it may hold (bearer tokens, JWTs, URL and key/value passwords, calendar
    feed tokens, token query parameters, and the configured secrets given to ``keep_out``)."""
    lowered = text.lower()
    if any(marker in lowered for marker in _MARKERS):
        for pattern, replacement in _CREDENTIALS:
            text = pattern.sub(replacement, text)
    for secret in sorted(_KNOWN_SECRETS, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def _scrubbed(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, dict):
        return {str(k): _scrubbed(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_scrubbed(v) for v in value]
    return redact(str(value))


_LINK_PLACEHOLDER = "\x00demo-link\x00"


class JsonFormatter(logging.Formatter):
    """``show_demo_links``: a record's ``demo_link`` (a password-reset or invitation link, which carries its token)
    is written as it is. Only demo mode sets it, where the server log is how links reach people; elsewhere such a
    link is redacted like any other credential."""

    def __init__(self, *, show_demo_links: bool = False) -> None:
        super().__init__()
        self.show_demo_links = show_demo_links

    def format(self, record: logging.LogRecord) -> str:
        link = getattr(record, "demo_link", None) if self.show_demo_links else None
        message = record.getMessage()
        if isinstance(link, str) and link:
            message = message.replace(link, _LINK_PLACEHOLDER)
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": message,
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD and k != "demo_link"})
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        scrubbed = _scrubbed(entry)
        if isinstance(link, str) and link:
            scrubbed["msg"] = scrubbed["msg"].replace(_LINK_PLACEHOLDER, link)
        return json.dumps(scrubbed)


def configure(level: str = "INFO", *, secrets: Iterable[str] = (), show_demo_links: bool = False) -> None:
    """JSON lines on stderr for every logger (uvicorn's included), with ``secrets`` redacted like credentials
    (and, in demo mode only, ``show_demo_links``: emailed links written out, see ``JsonFormatter``)."""
    keep_out(secrets)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(show_demo_links=show_demo_links))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # uvicorn's own access log would duplicate ours; its error log goes through the root handler.
    logging.getLogger("uvicorn.access").disabled = True
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True


request_log = logging.getLogger("trainingops.request")


# A path segment this long may be a credential (a calendar feed's token is 43 characters); ids are 36.
_SECRET_LOOKING_SEGMENT = re.compile(r"[^/]{40,}")


def loggable_path(scope: Scope) -> str:
    """The path to write to a log: the matched route's template (``/calendar/{token}.ics``), never the values in
    it, because some paths carry a credential; an unmatched path with long segments blanked out."""
    template = route_template(scope)
    if template is not None:
        return template
    return _SECRET_LOOKING_SEGMENT.sub("{redacted}", str(scope.get("path", "")))


def route_template(scope: Scope) -> str | None:
    """The template of the route that answered (``/api/v1/sessions/{session_id}``), None when none did."""
    template = getattr(scope.get("route"), "path", None)
    return template if isinstance(template, str) else None


class Observer(Protocol):
    def __call__(self, *, method: str, route: str | None, status: int, seconds: float, facts: RequestFacts) -> None: ...


class RequestLogMiddleware:
    """Gives every request an id (``X-Request-ID`` if the client sent a sane one), echoes it in the response,
    and logs method, route template, status, duration, id and the user id it acted as (never the email) once the
    response is sent; ``observe`` (the metrics) sees the same facts. Plain ASGI: no body buffering.

    Credentials never reach the log: the path is logged as its route template (see ``loggable_path``), and
    neither headers nor query strings are logged."""

    def __init__(self, app: ASGIApp, observe: Observer | None = None) -> None:
        self.app = app
        self.observe = observe

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming_request_id(scope) or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        facts = RequestFacts()
        token = request_facts.set(facts)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_facts.reset(token)
            seconds = time.perf_counter() - started
            route = route_template(scope)
            request_log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": loggable_path(scope),
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                    "request_id": request_id,
                    "user_id": facts.user_id,
                    "db_round_trips": facts.round_trips,
                },
            )
            if self.observe is not None:
                self.observe(method=scope["method"], route=route, status=status, seconds=seconds, facts=facts)


def _incoming_request_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            text: str = value.decode("latin-1")
            if 0 < len(text) <= 128 and text.isascii() and text.replace("-", "").isalnum():
                return text
    return None

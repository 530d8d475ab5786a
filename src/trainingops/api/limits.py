"""Request body size cap. Starlette sets none: a declared Content-Length over the cap is refused at once,
and a chunked body is counted as it streams and cut off at the cap.

One cap for JSON (``TRAININGOPS_MAX_BODY_BYTES``); routes that take files have their own, larger cap
(``LARGE_BODY_ROUTES``): device files and CSV imports are legitimately bigger than any JSON body.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MIB = 1024 * 1024
# (path pattern, cap in bytes). A one-hour FIT file is ~80 KB, a 10-hour ride with every sensor a few MB; a
# 100,000-row session CSV is ~15 MB.
LARGE_BODY_ROUTES: tuple[tuple[str, int], ...] = (
    (r"^/api/v1/sessions/[^/]+/activity-file$", 16 * MIB),
    (r"^/api/v1/athletes/[^/]+/activity-files$", 16 * MIB),
    (r"^/api/v1/sessions:import$", 64 * MIB),
)


class BodyTooLarge(Exception):
    pass


class BodySizeLimitMiddleware:
    def __init__(
        self, app: ASGIApp, *, max_bytes: int, overrides: Sequence[tuple[str, int]] = LARGE_BODY_ROUTES
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.overrides = [(re.compile(pattern), cap) for pattern, cap in overrides]

    def cap_for(self, path: str) -> int:
        return next((cap for pattern, cap in self.overrides if pattern.match(path)), self.max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = self.cap_for(scope["path"])
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > cap:
                await self._refuse(scope, send, cap)
                return
        received = 0
        response_started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not response_started:
                await self._refuse(scope, send, cap)

    async def _refuse(self, scope: Scope, send: Send, cap: int) -> None:
        body = json.dumps(
            {
                "type": "urn:trainingops:problem:payload_too_large",
                "title": "Payload Too Large",
                "status": 413,
                "detail": f"The request body is larger than {cap} bytes.",
                "code": "payload_too_large",
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

"""A minimal HTTP/1.1 client over one keep-alive connection, for the load generator (``bench/load_mixed.py``).

Why not httpx: the generator shares the two cores with the API and PostgreSQL, and httpx's asyncio client cost
3–13 ms of CPU per request at 50–200 users (its connection pool and header models), as much as the API itself,
so the generator, not the service, set the ceiling. This client writes a request in one ``write`` and reads the
response by ``Content-Length`` (or ``Transfer-Encoding: chunked``): tens of microseconds per request. It speaks to
our own server on the loopback interface only; it is not a general HTTP client (no TLS, redirects or proxies).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass
from typing import Any


class TransportError(Exception):
    """The connection failed or closed before a whole response arrived."""


@dataclass(frozen=True)
class Response:
    status_code: int
    body: bytes


class Connection:
    """One keep-alive connection to ``host:port``, opened on first use and again after a failure."""

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self._host, self._port, self._timeout = host, port, timeout
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._answered = False

    async def request(
        self, method: str, path: str, headers: dict[str, str], *, json_body: Any = None, content: bytes | None = None
    ) -> Response:
        body = json.dumps(json_body).encode() if json_body is not None else (content or b"")
        head = [f"{method} {path} HTTP/1.1", f"Host: {self._host}:{self._port}", f"Content-Length: {len(body)}"]
        if json_body is not None:
            head.append("Content-Type: application/json")
        head += [f"{name}: {value}" for name, value in headers.items()]
        payload = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body
        reused = self._writer is not None
        try:
            return await asyncio.wait_for(self._exchange(payload), self._timeout)
        except (ConnectionResetError, asyncio.IncompleteReadError) as exc:
            await self.close()
            # The server closes a keep-alive connection idle past its timeout (uvicorn: 5 s); a request written
            # on it meets the close before any answer. Sent again once on a new connection, as HTTP clients do
            # (RFC 9112 §9.3.1: the server had not started on it).
            if not reused or self._answered:
                raise TransportError(f"{type(exc).__name__}: {exc}"[:80]) from exc
        except (OSError, TimeoutError, ValueError) as exc:
            await self.close()
            raise TransportError(f"{type(exc).__name__}: {exc}"[:80]) from exc
        try:
            return await asyncio.wait_for(self._exchange(payload), self._timeout)
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as exc:
            await self.close()
            raise TransportError(f"{type(exc).__name__}: {exc}"[:80]) from exc

    async def _exchange(self, payload: bytes) -> Response:
        if self._writer is None or self._writer.is_closing():
            self._reader, self._writer = await asyncio.open_connection(self._host, self._port)
        assert self._reader is not None
        self._answered = False
        self._writer.write(payload)
        status_line = await self._reader.readuntil(b"\r\n")
        self._answered = True  # from here on a failure is not a closed idle connection: never sent again
        status = int(status_line.split(b" ", 2)[1])
        length, chunked, close = 0, False, False
        while (line := await self._reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
            elif name == b"connection" and b"close" in value.lower():
                close = True
        body = await self._chunked() if chunked else await self._reader.readexactly(length)
        if close:
            await self.close()
        return Response(status, body)

    async def _chunked(self) -> bytes:
        assert self._reader is not None
        parts = []
        while size := int((await self._reader.readuntil(b"\r\n")).split(b";")[0], 16):
            parts.append(await self._reader.readexactly(size))
            await self._reader.readexactly(2)
        while await self._reader.readuntil(b"\r\n") != b"\r\n":  # trailers, then the blank line
            pass
        return b"".join(parts)

    async def close(self) -> None:
        writer, self._reader, self._writer = self._writer, None, None
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

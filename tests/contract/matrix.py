"""The every-route access matrix's notation and caller (the entries are in ``test_access_matrix.py``).

Each route is called as each actor of ``COLUMNS`` against the fixture world, and the answer is written in the
matrix's notation: status, code, and whether the bytes equal those of the same request naming a random id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from tests.support.api import Api

RANDOM = "00000000-0000-4000-8000-000000000000"

# The columns of the matrix: no token, the athlete themselves (A1; on routes that are not about one athlete, an
# athlete of the program), a teammate (A2), staff of another program (C2) and a user with no role (U).
COLUMNS = ("anon", "A1", "A2", "C2", "U")
STALE = {"If-Match": '"v999"'}  # sent with every write: an actor who may write stops at 412, and nothing changes


@dataclass(frozen=True)
class Raw:
    """A body sent as bytes, not JSON."""

    content: bytes
    content_type: str = "application/octet-stream"


@dataclass(frozen=True)
class Case:
    """One route as the matrix calls it. ``answers`` has one token per column of ``COLUMNS``:

    ``200``/``201``/``204`` allowed; ``412`` allowed, stopped by the stale If-Match; ``401`` unauthenticated;
    ``404`` (or ``404:code``) hidden, the same bytes as for a random id; ``403:code``/``422:code`` refused with
    that code; a leading ``=`` asks for the same bytes as the request naming a random id (filters, bodies).
    """

    path: str  # "{name}" stands for an id of the world or of the matrix's planning library (see ``library``)
    answers: str
    body: dict[str, Any] | Raw | None = None
    target: str | None = None  # the name a random id replaces; default: the path's last "{name}"
    hidden: str = "not_found"  # the code of this route's 404
    demo: bool = False  # exists only in demo mode
    today: str | None = None  # what the app answers while a reported bug stands, where it differs from ``answers``


@dataclass(frozen=True)
class Answer:
    status: int
    code: str | None
    like_random: bool

    def __str__(self) -> str:
        text = f"{self.status}:{self.code}" if self.code else str(self.status)
        if self.status == 404:
            return text if self.like_random else f"{text} (unlike a random id)"
        return f"={text}" if self.like_random else text


def expected(case: Case, answers: str) -> dict[str, str]:
    """``answers`` (a ``Case``'s notation) per column, written out in full: status, code, like a random id."""
    written = {}
    for column, token in zip(COLUMNS, answers.split(), strict=True):
        like_random = token.startswith("=") or token.startswith("404")
        status, _, code = token.lstrip("=").partition(":")
        implied = {"401": "unauthenticated", "404": case.hidden, "412": "precondition_failed"}.get(status)
        written[column] = str(Answer(int(status), code or implied, like_random))
    return written


def resolve(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format_map(names)
    if isinstance(value, list):
        return [resolve(v, names) for v in value]
    if isinstance(value, dict):
        return {k: resolve(v, names) for k, v in value.items()}
    return value


def call(api: Api, client: TestClient, case: Case, method: str, actor: str, names: dict[str, str]) -> Any:
    headers = api.headers(actor, **(STALE if method != "GET" else {}))
    kwargs: dict[str, Any] = {}
    if isinstance(case.body, Raw):
        kwargs["content"] = resolve(case.body.content.decode(), names).encode()
        headers["Content-Type"] = case.body.content_type
    elif case.body is not None:
        kwargs["json"] = resolve(case.body, names)
    return client.request(method, case.path.format_map(names), headers=headers, **kwargs)


def observed(api: Api, client: TestClient, case: Case, method: str, actor: str, names: dict[str, str]) -> str:
    """What the app answers ``actor``, in the notation of ``Answer``."""
    response = call(api, client, case, method, actor, names)
    code = response.json().get("code") if response.status_code >= 400 else None
    if response.status_code == 401:
        assert response.headers["www-authenticate"].startswith("Bearer"), response.headers
    target = case.target or case.path.rpartition("{")[2].partition("}")[0]
    like_random = False
    if target in names and response.status_code != 401:
        random = call(api, client, case, method, actor, {**names, target: RANDOM})
        like_random = random.status_code == response.status_code and random.content == response.content
    elif "{" not in case.path and response.status_code == 404:
        # No id to vary (/metrics to a caller who may not read it): the 404 must be that of a path that does not exist.
        missing = client.request(method, "/api/v1/no-such-route", headers=api.headers(actor))
        like_random = missing.status_code == 404 and missing.content == response.content
    return str(Answer(response.status_code, code, like_random))


def app_routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every API route of ``app`` and each of its methods (the framework's documentation pages left out)."""
    return {
        (method, str(route.path))
        for route in iter_route_contexts(app.routes)
        if isinstance(route.original_route, APIRoute)
        for method in route.methods or ()
    }

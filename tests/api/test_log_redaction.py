"""No log line carries a credential (issue 12 #5): bearer tokens, JWTs, calendar feed tokens and passwords in
connection strings are redacted from every line the service writes — the request log, the error log, uvicorn's
own lines and psycopg's — and the CLI prints database errors redacted."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.api import Api, api_settings
from tests.support.logging_state import logging_put_back
from trainingops.api import logs
from trainingops.api.logs import JsonFormatter, redact
from trainingops.app import create_app
from trainingops.config import Settings

JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
FEED_TOKEN = "q0Yk2m1Jx8cTQ2f3yB7n0rP5vW9sLzHdA4eUiKoMpNg"
PASSWORD = "Tr4ining-0ps"


@pytest.mark.parametrize(
    ("text", "secret", "kept"),
    [
        (f"Authorization: Bearer {JWT}", JWT, "Authorization: Bearer [redacted]"),
        ("authorization: bearer opaque.Token-42~x", "opaque.Token-42~x", "bearer [redacted]"),
        (f"token {JWT} in a sentence", JWT, "token [redacted] in a sentence"),
        (f"postgresql://admin:{PASSWORD}@db:5432/trainingops", PASSWORD, "postgresql://admin:[redacted]@db:5432"),
        (f"host=db user=admin password={PASSWORD} dbname=x", PASSWORD, "password=[redacted] dbname=x"),
        (f"host=db password='{PASSWORD} 2' dbname=x", PASSWORD, "password=[redacted] dbname=x"),
        (f"GET /calendar/{FEED_TOKEN}.ics", FEED_TOKEN, "GET /calendar/[redacted].ics"),
        (f"https://api.example/x?access_token={FEED_TOKEN}&b=1", FEED_TOKEN, "?access_token=[redacted]&b=1"),
    ],
    ids=[
        "bearer-jwt",
        "bearer-opaque",
        "jwt",
        "url-password",
        "conninfo-password",
        "quoted-password",
        "calendar-feed",
        "token-parameter",
    ],
)
def test_a_credential_in_text_is_redacted_and_its_context_kept(text: str, secret: str, kept: str) -> None:
    assert secret not in redact(text)
    assert kept in redact(text)


@pytest.mark.parametrize(
    "text",
    [
        "/calendar/{token}.ics",
        "/api/v1/sessions/8d0e0a5e-0000-4000-8000-000000000001",
        "postgresql://postgres@/trainingops?host=/tmp/pg",
        "If-Match does not name a version of this session; GET it again.",
    ],
)
def test_text_without_credentials_is_left_as_it_is(text: str) -> None:
    assert redact(text) == text


@pytest.fixture
def logging_as_served() -> Iterator[None]:
    """Logging configured as `trainingops serve` does, put back afterwards."""
    with logging_put_back():
        yield


def _lines(err: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in err.splitlines() if line.startswith("{")]


def test_uvicorns_and_psycopgs_own_lines_are_redacted(
    logging_as_served: None, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(database_url=f"postgresql://admin:{PASSWORD}@db/x", jwt_secret="s" * 40)
    logs.configure("INFO", secrets=settings.credentials())
    try:
        raise RuntimeError(f"could not use postgresql://admin:{PASSWORD}@db/x for Bearer {JWT}")
    except RuntimeError:
        # What uvicorn writes when the application raises (uvicorn/protocols/http/*: "Exception in ASGI application").
        logging.getLogger("uvicorn.error").exception("Exception in ASGI application\n")
    logging.getLogger("psycopg.pool").warning("error connecting in 'pool-1': password=%s rejected", PASSWORD)
    logging.getLogger("psycopg").warning("libpq said: invalid percent-encoded token: %r", PASSWORD)
    err = capsys.readouterr().err
    lines = _lines(err)
    assert [line["logger"] for line in lines] == ["uvicorn.error", "psycopg.pool", "psycopg"]
    assert "RuntimeError" in str(lines[0]["exc"])
    assert PASSWORD not in err
    assert JWT not in err
    assert "s" * 40 not in err


def test_a_server_fault_is_logged_without_the_credentials_its_message_holds(
    api_ro: Api, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(api_settings(api_ro.target), target=api_ro.target)

    @app.get("/api/v1/fault/{token}.ics")
    async def fault(token: str) -> None:
        raise RuntimeError(
            f"cannot reach postgresql://admin:{PASSWORD}@db/x with Bearer {JWT} for /calendar/{token}.ics"
        )

    bearer = api_ro.tokens.issue(api_ro.world.users["A1"], ttl=timedelta(minutes=5))
    with TestClient(app, raise_server_exceptions=False) as client, caplog.at_level(logging.INFO):
        response = client.get(f"/api/v1/fault/{FEED_TOKEN}.ics", headers={"Authorization": f"Bearer {bearer}"})
    assert (response.status_code, response.json()["code"]) == (500, "internal_error")
    # The service's own lines (the test client's httpx logs the URL it called, on the client's side).
    written = [JsonFormatter().format(record) for record in caplog.records if record.name != "httpx"]
    assert {json.loads(line)["logger"] for line in written} == {"trainingops.errors", "trainingops.request"}
    text = "\n".join(written)
    assert "cannot reach postgresql://admin:[redacted]@db/x with Bearer [redacted]" in text
    for secret in (PASSWORD, JWT, FEED_TOKEN, bearer):
        assert secret not in text


def test_a_requests_bearer_token_and_feed_token_never_reach_the_request_log(
    api_ro: Api, caplog: pytest.LogCaptureFixture
) -> None:
    bearer = api_ro.tokens.issue(api_ro.world.users["A1"], ttl=timedelta(minutes=5))
    with caplog.at_level(logging.INFO):
        api_ro.client.get("/api/v1/me", headers={"Authorization": f"Bearer {bearer}"})
        api_ro.client.get(f"/calendar/{FEED_TOKEN}.ics?token={FEED_TOKEN}")
    written = "\n".join(JsonFormatter().format(record) for record in caplog.records if record.name != "httpx")
    assert '"path": "/calendar/{token}.ics"' in written
    assert bearer not in written
    assert FEED_TOKEN not in written


def test_the_cli_prints_a_database_error_without_the_password_in_the_url(tmp_path: object) -> None:
    # libpq quotes the part of a URL it cannot parse: here the password itself.
    env = {
        **os.environ,
        "DATABASE_URL": f"postgresql://admin:{PASSWORD}%zz@127.0.0.1:1/x",
        "TRAININGOPS_JWT_SECRET": "s" * 40,
    }
    cli = [sys.executable, "-c", "from trainingops.cli.main import main; main()"]
    result = subprocess.run([*cli, "db", "migrate"], env=env, capture_output=True, text=True, timeout=60)
    assert (result.returncode, "database error:" in result.stderr) == (1, True), result.stderr
    assert "[redacted]" in result.stderr
    assert PASSWORD not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Bearer ",
                "bearer\t",
                "eyJ",
                "a.b",
                ".",
                "://",
                "u:p@",
                "PassWord=",
                "passwd =",
                "/calendar/",
                "x" * 20,
                ".ics",
                "?token=",
                "&Secret=",
                "api_key=",
                "ACCESS_TOKEN=",
                " ",
                "/",
                "'",
                "é",
                "0",
                "-_",
            ]
        ),
        max_size=12,
    ).map("".join)
)
def test_the_quick_check_before_the_patterns_changes_no_answer(text: str) -> None:
    """``redact`` skips the patterns when none of their markers is in the text: the answer is the same as running
    every pattern on every text."""
    slow = text
    for pattern, replacement in logs._CREDENTIALS:
        slow = pattern.sub(replacement, slow)
    assert redact(text) == slow

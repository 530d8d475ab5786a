"""`trainingops notifications send-email`: the outbox sent from the command line (retries, a server without SMTP)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.auth.conftest import Mailbox, mailbox  # noqa: F401  (the in-process SMTP server fixture)
from tests.support.api import Api
from trainingops.cli import main as cli
from trainingops.config import get_settings


@pytest.fixture
def run(api: Api, mailbox: tuple[Mailbox, int]) -> Iterator[Any]:  # noqa: F811
    patch = pytest.MonkeyPatch()
    patch.setenv("DATABASE_URL", api.target.admin_url)
    patch.setenv("TRAININGOPS_SMTP_HOST", "127.0.0.1")
    patch.setenv("TRAININGOPS_SMTP_PORT", str(mailbox[1]))
    patch.setenv("TRAININGOPS_SMTP_TLS", "none")
    get_settings.cache_clear()
    yield lambda *args: CliRunner().invoke(cli.app, list(args))
    patch.undo()
    get_settings.cache_clear()


def test_send_email_drains_the_outbox_once(api: Api, run: Any, mailbox: tuple[Mailbox, int]) -> None:  # noqa: F811
    session = api.world.sessions["a1_completed"]
    for text in ("One", "Two"):
        response = api.request("C1", "POST", f"/api/v1/sessions/{session}/comments", json={"body": text})
        assert response.status_code == 201, response.text
    result = run("notifications", "send-email")
    assert result.exit_code == 0, result.output
    assert "sent 2, failed 0" in result.output
    assert sorted(m.get_content().splitlines()[0] for m in mailbox[0].messages) == ["One", "Two"]
    again = run("notifications", "send-email")
    assert (again.exit_code, "sent 0, failed 0" in again.output) == (0, True)

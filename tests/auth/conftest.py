"""Accounts behind the API: the fixture world with passwords for some of its users, and a real SMTP server in this
process (aiosmtpd) whose messages the tests read."""

from __future__ import annotations

import email
import email.policy
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from functools import cache
from typing import Any

import psycopg
import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient

from tests.conftest import Server
from tests.support.api import Api, api_settings
from tests.support.world import build
from trainingops.app import create_app
from trainingops.auth import passwords
from trainingops.auth.tokens import TokenService

PASSWORD = "correct horse battery staple"
SIGN_IN = "/api/v1/auth/sign-in"


@cache
def password_hash() -> str:
    """One Argon2 hash of PASSWORD for every user a test gives it (hashing costs a fifth of a second)."""
    return passwords.hash_password(PASSWORD)


@dataclass
class Mailbox:
    """What the in-process SMTP server received."""

    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 Message accepted for delivery"

    def link(self, index: int = -1) -> str:
        body = self.messages[index].get_content()
        found = re.search(r"https?://\S+", body)
        assert found, body
        return found.group(0)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


@dataclass
class Accounts:
    api: Api
    mail: Mailbox

    @property
    def client(self) -> TestClient:
        return self.api.client

    def email(self, actor: str) -> str:
        with self.api.admin() as conn:
            row = conn.execute("select email from users where id = %s", [self.api.world.users[actor]]).fetchone()
        assert row is not None
        return str(row[0])

    def give_password(self, actor: str, hashed: str | None = None) -> str:
        """Give ``actor`` a password (PASSWORD unless another hash is given); return their email."""
        with self.api.admin() as conn:
            conn.execute(
                "select app_private.set_password(%s, %s)", [self.api.world.users[actor], hashed or password_hash()]
            )
        return self.email(actor)

    def sign_in(self, email: str, password: str = PASSWORD, **kwargs: Any) -> Any:
        return self.client.post(SIGN_IN, json={"email": email, "password": password}, **kwargs)

    def browser(self, method: str, path: str, jar: dict[str, str], **kwargs: Any) -> Any:
        """A request carrying exactly the cookies of ``jar`` (none the client kept from earlier answers)."""
        self.client.cookies.clear()
        for name, value in jar.items():
            self.client.cookies.set(name, value)
        try:
            return self.client.request(method, path, **kwargs)
        finally:
            self.client.cookies.clear()

    def admin(self) -> psycopg.Connection[Any]:
        return self.api.admin()


@pytest.fixture
def accounts(pg_server: Server, template_db: str, mailbox: tuple[Mailbox, int]) -> Iterator[Accounts]:
    """A world of its own behind an app that sends mail to the in-process SMTP server; A1 and C1 have PASSWORD."""
    box, port = mailbox
    name = pg_server.create(template=template_db)
    target = pg_server.target(name)
    with psycopg.connect(target.admin_url) as conn:
        world = build(conn)
    settings = api_settings(target, smtp_host="127.0.0.1", smtp_port=port, smtp_tls="none", smtp_from="ops@example.org")
    with TestClient(create_app(settings, target=target)) as client:
        found = Accounts(Api(client, world, target, TokenService.from_settings(settings)), box)
        found.give_password("A1")
        found.give_password("C1")
        yield found
    pg_server.drop(name)

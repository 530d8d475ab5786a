"""Password reset by an emailed, single-use, expiring link: the message arrives at a real SMTP server (aiosmtpd, in
this process) and its link works once, within the hour; the answer never tells whether the email has an account."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.auth.conftest import PASSWORD, Accounts
from tests.support.api import Api, answer, api_settings
from trainingops.api.logs import JsonFormatter
from trainingops.app import create_app

RESET = "/api/v1/auth/password-reset"
CONFIRM = "/api/v1/auth/password-reset:confirm"
NEW_PASSWORD = "a brand new passphrase"


def token_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["token"][0]


def test_a_reset_link_arrives_by_mail_sets_a_new_password_and_works_once(accounts: Accounts) -> None:
    email = accounts.email("A1")
    before = accounts.sign_in(email).json()["access_token"]
    accounts.client.cookies.clear()
    asked = accounts.client.post(RESET, json={"email": email})
    assert asked.status_code == 202
    [message] = accounts.mail.messages
    assert (message["To"], message["From"], message["Subject"]) == (
        email,
        "ops@example.org",
        "Set a new TrainingOps password",
    )
    link = accounts.mail.link()
    assert link.startswith("http://127.0.0.1:8000/reset-password?token=")

    confirmed = accounts.client.post(CONFIRM, json={"token": token_of(link), "password": NEW_PASSWORD})
    assert confirmed.status_code == 200, confirmed.text
    assert set(confirmed.json()) == {"access_token", "token_type", "expires_in"}
    assert "trainingops_session" in confirmed.cookies
    accounts.client.cookies.clear()
    me = accounts.client.get("/api/v1/me", headers={"Authorization": f"Bearer {confirmed.json()['access_token']}"})
    assert me.status_code == 200
    # Every earlier session ended; the old password no longer works, the new one does.
    stale = accounts.client.get("/api/v1/me", headers={"Authorization": f"Bearer {before}"})
    assert answer(stale) == (401, "unauthenticated")
    assert answer(accounts.sign_in(email)) == (401, "invalid_credentials")
    assert accounts.sign_in(email, NEW_PASSWORD).status_code == 200

    replayed = accounts.client.post(CONFIRM, json={"token": token_of(link), "password": "yet another passphrase"})
    assert answer(replayed) == (400, "link_invalid")
    never = accounts.client.post(CONFIRM, json={"token": "x" * 43, "password": "yet another passphrase"})
    assert replayed.content == never.content  # used and never issued: one answer


def test_an_unknown_email_gets_the_same_answer_and_no_mail(accounts: Accounts) -> None:
    known = accounts.client.post(RESET, json={"email": accounts.email("A1")})
    unknown = accounts.client.post(RESET, json={"email": "nobody@example.org"})
    assert (known.status_code, known.content) == (unknown.status_code, unknown.content) == (202, known.content)
    assert len(accounts.mail.messages) == 1


def test_an_expired_link_is_refused_like_a_used_one(accounts: Accounts) -> None:
    accounts.client.post(RESET, json={"email": accounts.email("A1")})
    token = token_of(accounts.mail.link())
    with accounts.admin() as conn:  # issued two hours ago, so expired an hour ago
        conn.execute(
            "update app_private.one_time_tokens set created_at = now() - interval '2 hours', "
            "expires_at = now() - interval '1 hour'"
        )
    expired = accounts.client.post(CONFIRM, json={"token": token, "password": NEW_PASSWORD})
    assert answer(expired) == (400, "link_invalid")
    never = accounts.client.post(CONFIRM, json={"token": "y" * 43, "password": NEW_PASSWORD})
    assert expired.content == never.content
    assert accounts.sign_in(accounts.email("A1")).status_code == 200  # the password is as it was


def test_a_new_link_replaces_the_earlier_one(accounts: Accounts) -> None:
    email = accounts.email("A1")
    accounts.client.post(RESET, json={"email": email})
    accounts.client.post(RESET, json={"email": email})
    first, second = token_of(accounts.mail.link(0)), token_of(accounts.mail.link(1))
    assert answer(accounts.client.post(CONFIRM, json={"token": first, "password": NEW_PASSWORD})) == (
        400,
        "link_invalid",
    )
    assert accounts.client.post(CONFIRM, json={"token": second, "password": NEW_PASSWORD}).status_code == 200


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short one", "at least 12 characters"),
        ("password1234", "most common"),
        ("user.a1 is my password", "your name or your email"),
    ],
)
def test_a_weak_password_is_refused_and_leaves_the_link_usable(accounts: Accounts, password: str, reason: str) -> None:
    accounts.client.post(RESET, json={"email": accounts.email("A1")})
    token = token_of(accounts.mail.link())
    weak = accounts.client.post(CONFIRM, json={"token": token, "password": password})
    assert answer(weak) == (422, "password_too_weak")
    assert reason in weak.json()["detail"]
    assert accounts.client.post(CONFIRM, json={"token": token, "password": NEW_PASSWORD}).status_code == 200


def test_too_many_reset_requests_for_one_email_are_429(accounts: Accounts) -> None:
    for _ in range(3):
        assert accounts.client.post(RESET, json={"email": "nobody@example.org"}).status_code == 202
    refused = accounts.client.post(RESET, json={"email": "Nobody@Example.org"})
    assert answer(refused) == (429, "too_many_attempts")
    assert int(refused.headers["retry-after"]) > 0


def test_without_smtp_outside_demo_mode_the_reset_is_not_configured(api_ro: Api) -> None:
    response = api_ro.client.post(RESET, json={"email": "anyone@example.org"})
    assert answer(response) == (503, "mail_not_configured")


def test_in_demo_mode_without_smtp_the_link_goes_to_the_server_log_only(
    accounts: Accounts, caplog: pytest.LogCaptureFixture
) -> None:
    settings = api_settings(accounts.api.target, demo_mode=True)
    with TestClient(create_app(settings, target=accounts.api.target)) as client:
        with caplog.at_level(logging.INFO, logger="trainingops.mail"):
            assert client.post(RESET, json={"email": accounts.email("A1")}).status_code == 202
        [record] = [r for r in caplog.records if r.name == "trainingops.mail"]
        link = record.demo_link  # type: ignore[attr-defined]
        demo_line = JsonFormatter(show_demo_links=True).format(record)
        assert f"password reset link for {accounts.email('A1')}: {link}" in demo_line
        assert token_of(link) not in JsonFormatter().format(record)  # outside demo mode: redacted
        confirmed = client.post(CONFIRM, json={"token": token_of(link), "password": PASSWORD + "!"})
        assert confirmed.status_code == 200
    assert accounts.mail.messages == []

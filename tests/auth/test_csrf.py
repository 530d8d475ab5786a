"""CSRF on a cookie session: an unsafe request carried by the session cookie needs the X-CSRF-Token header with the
csrf cookie's value; safe requests and bearer requests need nothing."""

from __future__ import annotations

from tests.auth.conftest import Accounts
from tests.support.api import answer
from trainingops.auth.cookies import CSRF_COOKIE, SESSION_COOKIE

FEEDS = "/api/v1/calendar-feeds"


def _session(accounts: Accounts) -> tuple[dict[str, str], str]:
    response = accounts.sign_in(accounts.email("A1"))
    jar = {name: response.cookies[name] for name in (SESSION_COOKIE, CSRF_COOKIE)}
    return jar, jar[CSRF_COOKIE]


def test_a_change_with_the_session_cookie_needs_the_csrf_header(accounts: Accounts) -> None:
    jar, csrf = _session(accounts)
    body = {"athlete_id": str(accounts.api.world.ids["a1"])}
    missing = accounts.browser("POST", FEEDS, jar, json=body)
    assert answer(missing) == (403, "csrf_failed")
    wrong = accounts.browser("POST", FEEDS, jar, json=body, headers={"X-CSRF-Token": csrf[:-1] + "x"})
    assert answer(wrong) == (403, "csrf_failed")
    only_header = accounts.browser(
        "POST", FEEDS, {SESSION_COOKIE: jar[SESSION_COOKIE]}, json=body, headers={"X-CSRF-Token": csrf}
    )
    assert answer(only_header) == (403, "csrf_failed")  # a header alone proves nothing: it must match the cookie
    with accounts.admin() as conn:
        assert conn.execute("select count(*) from calendar_feeds").fetchone() == (0,)
    right = accounts.browser("POST", FEEDS, jar, json=body, headers={"X-CSRF-Token": csrf})
    assert right.status_code == 201, right.text


def test_reading_with_the_session_cookie_needs_no_csrf_header(accounts: Accounts) -> None:
    jar, _ = _session(accounts)
    assert accounts.browser("GET", FEEDS, jar).status_code == 200


def test_a_bearer_request_needs_no_csrf_header_even_with_cookies_present(accounts: Accounts) -> None:
    jar, _ = _session(accounts)
    token = jar[SESSION_COOKIE]
    body = {"athlete_id": str(accounts.api.world.ids["a1"])}
    alone = accounts.browser("POST", FEEDS, {}, json=body, headers={"Authorization": f"Bearer {token}"})
    assert alone.status_code == 201, alone.text
    with_cookies = accounts.browser("POST", FEEDS, jar, json=body, headers={"Authorization": f"Bearer {token}"})
    assert with_cookies.status_code == 201, with_cookies.text


def test_signing_out_with_the_cookie_needs_the_csrf_header_too(accounts: Accounts) -> None:
    """Otherwise another site could sign a user out."""
    jar, csrf = _session(accounts)
    assert answer(accounts.browser("POST", "/api/v1/auth/sign-out", jar)) == (403, "csrf_failed")
    assert accounts.browser("GET", "/api/v1/me", jar).status_code == 200
    assert accounts.browser("POST", "/api/v1/auth/sign-out", jar, headers={"X-CSRF-Token": csrf}).status_code == 204
    assert answer(accounts.browser("GET", "/api/v1/me", jar)) == (401, "unauthenticated")


def test_a_cross_site_form_cannot_sign_in_or_use_a_reset_link(accounts: Accounts) -> None:
    """An HTML form posts text/plain or form encoding, never JSON: signing a browser in as someone else (login CSRF)
    or spending their link that way is refused before anything runs."""
    body = f'{{"email": "{accounts.email("A1")}", "password": "correct horse battery staple"}}'
    as_text = accounts.client.post("/api/v1/auth/sign-in", content=body, headers={"Content-Type": "text/plain"})
    assert answer(as_text) == (422, "validation_failed")
    as_form = accounts.client.post("/api/v1/auth/password-reset:confirm", data={"token": "x", "password": "y" * 12})
    assert answer(as_form) == (422, "validation_failed")
    assert "set-cookie" not in as_text.headers

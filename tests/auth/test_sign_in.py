"""Sign-in with email and password: the token and the cookie, one answer for a wrong password and an unknown email,
the brute-force limits, rehashing, and every way a sign-in ends (sign-out, password change, deactivation)."""

from __future__ import annotations

import statistics
import time
from datetime import timedelta
from typing import Any

import jwt
from argon2 import PasswordHasher

from tests.auth.conftest import PASSWORD, SIGN_IN, Accounts
from tests.support.api import answer
from trainingops.auth import accounts as account_store
from trainingops.auth.cookies import CSRF_COOKIE, SESSION_COOKIE

ME = "/api/v1/me"


def bearer(response: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def set_cookies(response: Any) -> dict[str, str]:
    """Each Set-Cookie header of a response, by cookie name."""
    return {h.split("=", 1)[0]: h for h in response.headers.get_list("set-cookie")}


def test_sign_in_answers_a_bearer_token_and_sets_the_session_cookie(accounts: Accounts) -> None:
    email = accounts.email("A1")
    response = accounts.sign_in(email.upper())  # emails match whatever their case
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert (body["token_type"], body["expires_in"]) == ("bearer", 480 * 60)
    assert response.headers["cache-control"] == "no-store"
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["sub"] == str(accounts.api.world.users["A1"])
    assert isinstance(claims["gen"], int) and claims["sid"]
    cookies = set_cookies(response)
    session, csrf = cookies[SESSION_COOKIE], cookies[CSRF_COOKIE]
    assert f"{SESSION_COOKIE}={body['access_token']};" in session
    for flag in ("HttpOnly", "Path=/", "SameSite=lax", "Max-Age=28800"):
        assert flag in session, session
    assert "Secure" not in session  # plain http here
    assert "HttpOnly" not in csrf and "SameSite=lax" in csrf
    accounts.client.cookies.clear()
    me = accounts.client.get(ME, headers=bearer(response))
    assert (me.status_code, me.json()["user"]["id"]) == (200, str(accounts.api.world.users["A1"]))
    with_cookie = accounts.browser("GET", ME, {SESSION_COOKIE: body["access_token"]})
    assert (with_cookie.status_code, with_cookie.json()["user"]["id"]) == (200, str(accounts.api.world.users["A1"]))


def test_the_cookie_is_secure_over_https(accounts: Accounts) -> None:
    response = accounts.client.post(
        f"https://testserver{SIGN_IN}", json={"email": accounts.email("A1"), "password": PASSWORD}
    )
    assert response.status_code == 200
    assert all("Secure" in header for header in set_cookies(response).values())


def test_a_wrong_password_an_unknown_email_and_an_account_without_password_get_the_same_answer(
    accounts: Accounts,
) -> None:
    timings: dict[str, list[float]] = {}
    answers = {}
    for case, email in (
        ("wrong password", accounts.email("A1")),
        ("unknown email", "nobody@example.org"),
        ("no password", accounts.email("A2")),
    ):
        for _ in range(3):
            started = time.perf_counter()
            response = accounts.sign_in(email, "not the password at all")
            timings.setdefault(case, []).append(time.perf_counter() - started)
        answers[case] = (response.status_code, response.headers["www-authenticate"], response.content)
    assert answers["wrong password"] == answers["unknown email"] == answers["no password"]
    assert answer(response) == (401, "invalid_credentials")
    # One Argon2 verification each way: the same timing class (a generous factor; the machine is shared).
    medians = [statistics.median(t) for t in timings.values()]
    assert max(medians) < 3 * min(medians), timings


def test_failed_sign_ins_lock_the_account_with_429_and_retry_after(accounts: Accounts) -> None:
    for email in (accounts.email("A1"), "nobody@example.org"):  # an unknown email locks the same way
        for _ in range(5):
            assert answer(accounts.sign_in(email, "wrong password!")) == (401, "invalid_credentials")
        locked = accounts.sign_in(email)  # even the right password waits
        assert answer(locked) == (429, "too_many_attempts")
        assert 0 < int(locked.headers["retry-after"]) <= 15 * 60
    assert accounts.sign_in(accounts.email("C1")).status_code == 200  # another account from the same address


def test_a_successful_sign_in_clears_the_accounts_failures(accounts: Accounts) -> None:
    email = accounts.email("A1")
    for _ in range(4):
        accounts.sign_in(email, "wrong password!")
    assert accounts.sign_in(email).status_code == 200
    for _ in range(4):
        assert answer(accounts.sign_in(email, "wrong password!")) == (401, "invalid_credentials")


def test_a_hash_with_older_parameters_is_upgraded_at_sign_in(accounts: Accounts) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    email = accounts.give_password("A1", weak)
    assert accounts.sign_in(email).status_code == 200
    with accounts.admin() as conn:
        row = conn.execute(
            "select password_hash from app_private.user_credentials where user_id = %s",
            [accounts.api.world.users["A1"]],
        ).fetchone()
    assert row is not None
    assert row[0].startswith("$argon2id$v=19$m=65536,t=3,p=4$") and row[0] != weak
    accounts.client.cookies.clear()
    assert accounts.sign_in(email).status_code == 200  # the new hash verifies the same password


def test_sign_out_refuses_that_token_and_cookie_but_not_another_session(accounts: Accounts) -> None:
    email = accounts.email("A1")
    first, second = accounts.sign_in(email), accounts.sign_in(email)
    accounts.client.cookies.clear()
    assert accounts.client.post("/api/v1/auth/sign-out", headers=bearer(first)).status_code == 204
    refused = accounts.client.get(ME, headers=bearer(first))
    assert answer(refused) == (401, "unauthenticated")
    assert "signed out" in refused.json()["detail"]
    assert refused.headers["www-authenticate"].startswith("Bearer")
    assert accounts.client.get(ME, headers=bearer(second)).status_code == 200

    cookie = second.json()["access_token"]
    jar = {SESSION_COOKIE: cookie, CSRF_COOKIE: "k" * 43}
    out = accounts.browser("POST", "/api/v1/auth/sign-out", jar, headers={"X-CSRF-Token": "k" * 43})
    assert out.status_code == 204
    cleared = set_cookies(out)
    assert 'trainingops_session="";' in cleared[SESSION_COOKIE] and "Max-Age=0" in cleared[SESSION_COOKIE]
    assert answer(accounts.browser("GET", ME, {SESSION_COOKIE: cookie})) == (401, "unauthenticated")
    assert answer(accounts.client.get(ME, headers=bearer(second))) == (401, "unauthenticated")


def _cli_token(accounts: Accounts, actor: str) -> dict[str, str]:
    """A token as `trainingops token` makes it: a session started on the administrative connection."""
    import asyncio

    user_id = accounts.api.world.users[actor]
    session = asyncio.run(
        account_store.administrative_session(
            accounts.api.target.admin_url, user_id=user_id, ttl=timedelta(hours=1), user_agent="test"
        )
    )
    token = accounts.api.tokens.issue(user_id, session_id=session.session_id, generation=session.generation)
    return {"Authorization": f"Bearer {token}"}


def test_a_password_change_ends_every_session_and_cli_token(accounts: Accounts) -> None:
    signed_in, cli = bearer(accounts.sign_in(accounts.email("A1"))), _cli_token(accounts, "A1")
    other = _cli_token(accounts, "C1")
    accounts.client.cookies.clear()
    assert accounts.client.get(ME, headers=signed_in).status_code == accounts.client.get(ME, headers=cli).status_code
    accounts.give_password("A1")  # what `trainingops users set-password` does
    assert answer(accounts.client.get(ME, headers=signed_in)) == (401, "unauthenticated")
    assert answer(accounts.client.get(ME, headers=cli)) == (401, "unauthenticated")
    assert accounts.client.get(ME, headers=other).status_code == 200


def test_sign_out_everywhere_ends_every_session_of_the_caller_only(accounts: Accounts) -> None:
    first, cli, other = (
        bearer(accounts.sign_in(accounts.email("A1"))),
        _cli_token(accounts, "A1"),
        _cli_token(accounts, "C1"),
    )
    accounts.client.cookies.clear()
    assert accounts.client.post("/api/v1/auth/sign-out-everywhere", headers=cli).status_code == 204
    assert answer(accounts.client.get(ME, headers=first)) == (401, "unauthenticated")
    assert answer(accounts.client.get(ME, headers=cli)) == (401, "unauthenticated")
    assert accounts.client.get(ME, headers=other).status_code == 200
    assert accounts.sign_in(accounts.email("A1")).status_code == 200  # signing in again works


def test_a_deactivated_member_is_signed_out_of_every_session(accounts: Accounts) -> None:
    coach = bearer(accounts.sign_in(accounts.email("C1")))
    cookie = {SESSION_COOKIE: coach["Authorization"].removeprefix("Bearer ")}
    athlete = bearer(accounts.sign_in(accounts.email("A1")))
    accounts.client.cookies.clear()
    assert accounts.client.get(ME, headers=coach).status_code == 200
    with accounts.admin() as conn:  # what the staff administration routes do
        conn.execute(
            "update program_members set is_active = false where user_id = %s", [accounts.api.world.users["C1"]]
        )
    assert answer(accounts.client.get(ME, headers=coach)) == (401, "unauthenticated")
    assert answer(accounts.browser("GET", ME, cookie)) == (401, "unauthenticated")
    assert accounts.client.get(ME, headers=athlete).status_code == 200
    with accounts.admin() as conn:  # changing anything else of a membership signs nobody out
        conn.execute("update program_members set role = role")
    assert accounts.client.get(ME, headers=athlete).status_code == 200


def test_a_removed_membership_signs_the_member_out_and_a_removed_user_takes_their_accounts_rows(
    accounts: Accounts,
) -> None:
    user = accounts.api.world.users["U"]
    with accounts.admin() as conn:  # U becomes an athletic trainer of P1 (nothing assigned by them yet)
        conn.execute(
            "insert into program_members (program_id, user_id, role) values (%s, %s, 'athletic_trainer')",
            [accounts.api.world.ids["p1"], user],
        )
    trainer = bearer(accounts.sign_in(accounts.give_password("U")))
    accounts.client.cookies.clear()
    assert accounts.client.get(ME, headers=trainer).status_code == 200
    with accounts.admin() as conn:
        conn.execute("delete from program_members where user_id = %s", [user])
    assert answer(accounts.client.get(ME, headers=trainer)) == (401, "unauthenticated")
    with accounts.admin() as conn:
        conn.execute("delete from users where id = %s", [user])
        left = conn.execute(
            "select (select count(*) from app_private.user_credentials where user_id = %(u)s) "
            "+ (select count(*) from app_private.sign_in_sessions where user_id = %(u)s)",
            {"u": user},
        ).fetchone()
    assert left == (0,)


def test_no_log_line_carries_the_password_or_the_token(accounts: Accounts, caplog: Any) -> None:
    import logging

    from trainingops.api.logs import JsonFormatter

    with caplog.at_level(logging.DEBUG):
        signed_in = accounts.sign_in(accounts.email("A1"))
        accounts.sign_in(accounts.email("A1"), "a wrong password, logged nowhere")
    token = signed_in.json()["access_token"]
    lines = [JsonFormatter().format(record) for record in caplog.records]
    assert lines  # the request log wrote its lines
    assert not [line for line in lines if PASSWORD in line or "logged nowhere" in line or token in line]

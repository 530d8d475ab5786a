"""`trainingops admin create`, `users set-password`, `users link-subject`, `users` and `token`: in-process through
the real commands, against a test database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.support.api import TEST_SECRET, Api, answer
from tests.support.logging_state import logging_put_back
from trainingops.cli import accounts as account_commands
from trainingops.cli import main as cli
from trainingops.config import get_settings

PASSWORD = "a long enough passphrase"


@pytest.fixture
def run(api: Api) -> Iterator[Any]:
    """The CLI in this process; the logging it configures (onto the runner's captured stderr) is put back after."""
    patch = pytest.MonkeyPatch()
    patch.setenv("DATABASE_URL", api.target.admin_url)
    patch.setenv("TRAININGOPS_JWT_SECRET", TEST_SECRET)
    get_settings.cache_clear()
    account_commands._target.cache_clear()

    def invoke(*args: str, stdin: str | None = None) -> Any:
        return CliRunner().invoke(cli.app, list(args), input=stdin)

    with logging_put_back():
        yield invoke
    patch.undo()
    get_settings.cache_clear()
    account_commands._target.cache_clear()


def _sign_in(api: Api, email: str, password: str) -> Any:
    api.client.cookies.clear()
    response = api.client.post("/api/v1/auth/sign-in", json={"email": email, "password": password})
    api.client.cookies.clear()
    return response


def test_admin_create_makes_a_user_who_signs_in_with_the_password(api: Api, run: Any) -> None:
    created = run(
        "admin",
        "create",
        "--email",
        "Head@Example.org",
        "--name",
        "Pat Head",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert created.exit_code == 0, created.output
    assert "Created Head@Example.org. Sign in: POST /api/v1/auth/sign-in" in created.output
    assert _sign_in(api, "head@example.org", PASSWORD).status_code == 200
    again = run(
        "admin", "create", "--email", "head@example.org", "--name", "Pat", "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert (again.exit_code, again.output.strip()) == (1, "error: A user with this email already exists.")


def test_admin_create_prompts_twice_without_echo_and_refuses_a_weak_password(api: Api, run: Any) -> None:
    prompted = run("admin", "create", "--email", "a@example.org", "--name", "Al", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert prompted.exit_code == 0, prompted.output
    assert PASSWORD not in prompted.output
    weak = run("admin", "create", "--email", "b@example.org", "--name", "Bo", "--password-stdin", stdin="short\n")
    assert weak.exit_code == 1
    assert "at least 12 characters" in weak.output
    with api.admin() as conn:
        assert conn.execute("select count(*) from users where email = 'b@example.org'").fetchone() == (0,)


def test_set_password_replaces_the_password_and_signs_out_every_token(api: Api, run: Any) -> None:
    email = _email(api, "A1")
    token = run("token", "--email", email)
    assert token.exit_code == 0, token.output
    headers = {"Authorization": f"Bearer {token.output.strip()}"}
    assert api.client.get("/api/v1/me", headers=headers).status_code == 200
    changed = run("users", "set-password", "--email", email.upper(), "--password-stdin", stdin=PASSWORD + "\n")
    assert changed.exit_code == 0, changed.output
    assert "their earlier sessions and tokens are signed out" in changed.output
    assert answer(api.client.get("/api/v1/me", headers=headers)) == (401, "unauthenticated")
    assert _sign_in(api, email, PASSWORD).status_code == 200
    unknown = run("users", "set-password", "--email", "nobody@example.org", "--password-stdin", stdin=PASSWORD + "\n")
    assert unknown.exit_code == 1 and "no user with email" in unknown.output


def test_users_still_lists_everyone_and_link_subject_links(api: Api, run: Any) -> None:
    listed = run("users", "--json")
    assert listed.exit_code == 0, listed.output
    assert {p["id"] for p in json.loads(listed.output)} == {str(u) for u in api.world.users.values()}
    plain = run("users")
    assert plain.exit_code == 0 and plain.output.startswith("id\temail\tname\tstaff\tathlete\n")
    email = _email(api, "C1")
    linked = run("users", "link-subject", "--email", email, "--subject", "idp|c1")
    assert linked.exit_code == 0, linked.output
    with api.admin() as conn:
        assert conn.execute("select external_subject from users where email = %s", [email]).fetchone() == ("idp|c1",)
    assert run("users", "link-subject", "--email", email).exit_code == 0
    with api.admin() as conn:
        assert conn.execute("select external_subject from users where email = %s", [email]).fetchone() == (None,)


def _email(api: Api, actor: str) -> str:
    with api.admin() as conn:
        row = conn.execute("select email from users where id = %s", [api.world.users[actor]]).fetchone()
    assert row is not None
    return str(row[0])

"""How people arrive, in a real browser: a signed-in user with no program creates one and lands in its
administration; the head coach invites a coach (the mail read from an in-process SMTP server), resends and revokes;
the invitee opens the emailed link, gives a name and a password, and is signed in on the program; an old link is
refused in words."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import psycopg
import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import expect

from tests.auth.conftest import PASSWORD, Mailbox, password_hash
from tests.conftest import Server
from tests.support import factories
from tests.support.browser import (
    LiveServer,
    axe_violations,
    describe,
    free_port,
    serve_demo,
    signed_in_page,
    watch_console,
)

pytestmark = pytest.mark.slow  # a browser, a server on a thread and an SMTP server

HEAD_COACH = "maria.alvarez@northfield.edu"
NEW_PASSWORD = "a long walk to the finish line"


@pytest.fixture(scope="module")
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box, port = Mailbox(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


@pytest.fixture(scope="module")
def live(pg_server: Server, template_db: str, mailbox: tuple[Mailbox, int]) -> Iterator[LiveServer]:
    yield from serve_demo(
        pg_server,
        template_db,
        smtp_host="127.0.0.1",
        smtp_port=mailbox[1],
        smtp_tls="none",
        smtp_from="ops@example.org",
    )


def _no_serious_axe(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def _token(link: str) -> str:
    return parse_qs(urlparse(link).query)["token"][0]


def _mail_to(box: Mailbox, email: str, count: int, page: Any) -> list[int]:
    """Indexes of the messages to ``email``, once ``count`` of them arrived. Only the address's own: the demo's
    notification emails (queued while it loaded) go out through the same SMTP server meanwhile."""
    for _ in range(100):
        found = [i for i, m in enumerate(box.messages) if str(m["To"]) == email]
        if len(found) >= count:
            return found
        page.wait_for_timeout(100)
    raise AssertionError(f"{count} messages to {email} expected, {len(found)} arrived")


def test_a_user_without_a_program_creates_one_and_lands_in_its_administration(browser: Any, live: LiveServer) -> None:
    with psycopg.connect(live.target.admin_url) as conn:
        user_id = factories.user(conn, "Casey Founder", "casey.founder@example.org")
        conn.execute("select app_private.set_password(%s, %s)", [user_id, password_hash()])
    page, problems = signed_in_page(browser, live, "casey.founder@example.org", PASSWORD)
    page.get_by_role("heading", name="Create a program").wait_for()
    _no_serious_axe(page)
    page.get_by_label("Program name").fill("Riverside Running Club")
    page.get_by_label("Sport").fill("Cross country")
    page.get_by_label("Time zone").select_option("Europe/Berlin")
    page.get_by_role("button", name="Create program").click()
    page.get_by_role("heading", name="Seasons").wait_for()
    assert "/admin/seasons" in page.url
    page.get_by_text("No seasons yet").wait_for()
    with psycopg.connect(live.target.admin_url) as conn:
        row = conn.execute(
            "select p.name, p.time_zone, m.role::text from programs p join program_members m on m.program_id = p.id"
            " where m.user_id = %s",
            [user_id],
        ).fetchone()
    assert row == ("Riverside Running Club", "Europe/Berlin", "head_coach")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Team Ops")).to_be_visible()
    assert problems == []
    page.close()


def test_the_head_coach_invites_resends_and_revokes_and_the_invitee_joins_by_the_link(
    browser: Any, live: LiveServer, mailbox: tuple[Mailbox, int]
) -> None:
    box = mailbox[0]
    page, problems = signed_in_page(browser, live, HEAD_COACH)
    with psycopg.connect(live.target.admin_url) as conn:
        program = conn.execute("select id from programs where name like 'Northfield%'").fetchone()
    assert program is not None
    page.goto(f"{live.url}/programs/{program[0]}/admin/invitations")

    for email in ("sam.lee@example.edu", "wrong.address@example.edu"):
        page.get_by_label("Email").fill(email)
        page.get_by_label("Role", exact=True).select_option(label="Athletic trainer")
        page.get_by_role("button", name="Send invitation").click()
        page.get_by_role("status").filter(has_text=f"Invitation sent to {email}.").wait_for()
    page.get_by_role("row", name="sam.lee@example.edu").wait_for()
    _no_serious_axe(page)
    page.get_by_role("button", name="Revoke invitation of wrong.address@example.edu").click()
    page.get_by_role("status").filter(has_text="The invitation to wrong.address@example.edu is revoked.").wait_for()
    expect(page.get_by_role("row", name="wrong.address@example.edu")).to_have_count(0)
    first_link = box.link(_mail_to(box, "sam.lee@example.edu", 1, page)[0])
    page.get_by_role("button", name="Resend to sam.lee@example.edu").click()
    page.get_by_role("status").filter(has_text="A new link went to sam.lee@example.edu.").wait_for()
    new_link = box.link(_mail_to(box, "sam.lee@example.edu", 2, page)[1])
    assert new_link != first_link
    assert problems == []
    page.close()

    invitee = browser.new_context().new_page()
    problems = watch_console(invitee)
    invitee.goto(f"{live.url}/accept-invitation?token={_token(first_link)}")
    invitee.get_by_label("Name").fill("Sam Lee")
    invitee.get_by_label("Password").fill(NEW_PASSWORD)
    invitee.get_by_role("button", name="Accept invitation").click()
    alert = invitee.get_by_role("alert")
    alert.wait_for()
    assert "used already, has expired or was revoked" in alert.inner_text()
    _no_serious_axe(invitee)

    invitee.goto(f"{live.url}/invite?token={_token(new_link)}")
    invitee.get_by_label("Name").fill("Sam Lee")
    invitee.get_by_label("Password").fill(NEW_PASSWORD)
    invitee.get_by_role("button", name="Accept invitation").click()
    invitee.get_by_role("heading", name="Team Ops", exact=True).wait_for()
    assert invitee.get_by_text("Sam Lee").count() >= 1
    with psycopg.connect(live.target.admin_url) as conn:
        role = conn.execute(
            "select m.role::text from program_members m join users u on u.id = m.user_id where u.email = 'sam.lee@example.edu'"
        ).fetchone()
    assert role == ("athletic_trainer",)
    assert [p for p in problems if "status of 400" not in p] == []
    invitee.close()

"""Signing in and out in a real browser, against the demo: wrong passwords are said plainly, staff land on Team Ops
of their program, athletes on their own training, the program switcher keeps the screen, sign-out ends it all."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from tests.support.browser import LiveServer, axe_violations, describe, sign_in, watch_console

pytestmark = pytest.mark.slow  # a browser and a server on a thread

HEAD_COACH = "maria.alvarez@northfield.edu"


def _an_athlete_email(live: LiveServer) -> str:
    with psycopg.connect(live.target.admin_url) as conn:
        row = conn.execute(
            "select u.email from athletes a join users u on u.id = a.user_id order by u.email limit 1"
        ).fetchone()
    assert row is not None
    return str(row[0])


def test_a_wrong_password_is_said_plainly_and_the_form_stays(browser: Any, live_demo: LiveServer) -> None:
    page = browser.new_page()
    problems = watch_console(page)
    page.goto(live_demo.url + "/programs/x/team-ops")
    page.wait_for_url("**/sign-in?next=*")
    page.get_by_label("Email").fill(HEAD_COACH)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "password" in alert.inner_text().lower()
    assert "/sign-in" in page.url
    assert axe_violations(page) == [], describe(axe_violations(page))
    assert [p for p in problems if "Content Security Policy" in p] == []
    page.close()


def test_staff_land_on_team_ops_and_sign_out_ends_the_session(browser: Any, live_demo: LiveServer) -> None:
    page = browser.new_page()
    sign_in(page, live_demo, HEAD_COACH)
    page.get_by_role("heading", name="Team Ops", exact=True).wait_for()
    assert "/programs/" in page.url and page.url.endswith("/team-ops")
    assert axe_violations(page) == [], describe(axe_violations(page))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Planner").click()
    page.get_by_role("heading", name="Practice planner").wait_for()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in")
    page.goto(live_demo.url + "/")
    page.wait_for_url("**/sign-in?next=*")
    page.close()


def test_the_sign_in_page_returns_to_where_the_user_was_going(browser: Any, live_demo: LiveServer) -> None:
    page = browser.new_page()
    sign_in(page, live_demo, HEAD_COACH, path="/notifications")
    page.get_by_role("heading", name="Notifications").wait_for()
    assert page.url.endswith("/notifications")
    page.close()


def test_an_athlete_lands_on_today(browser: Any, live_demo: LiveServer) -> None:
    page = browser.new_page()
    sign_in(page, live_demo, _an_athlete_email(live_demo))
    page.wait_for_url("**/today")
    page.get_by_role("heading", name="Today", exact=True).wait_for()
    assert page.get_by_role("link", name="Team Ops").count() == 0
    page.close()

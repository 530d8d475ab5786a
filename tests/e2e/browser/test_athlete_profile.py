"""The athlete profile's Training tab in a real browser, on the demo: a coach opens an athlete, reads the month's
sessions as a calendar (moved through with the keyboard) and as a list, and the trends with their text
alternatives; axe finds nothing serious and the page logs no error."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser.staff_data import HEAD_COACH, athlete_email, coachs_busiest_athlete
from tests.support.browser import LiveServer, axe_violations, describe, sign_in, watch_console

pytestmark = pytest.mark.slow  # a browser and a server on a thread


def test_a_coach_reads_an_athletes_training(browser: Any, live_demo: LiveServer) -> None:
    athlete_id, name = coachs_busiest_athlete(live_demo)
    page = browser.new_page()
    sign_in(page, live_demo, HEAD_COACH)
    problems = watch_console(page)
    page.goto(f"{live_demo.url}/athletes/{athlete_id}")
    page.get_by_role("heading", name=name, level=1).wait_for()
    page.wait_for_url("**/training")
    page.get_by_role("heading", name="Readiness today").wait_for()
    # The staff see readiness's wellness component too, worded for them.
    wellness = page.get_by_role("region", name="Wellness in this readiness")
    expect(wellness).to_contain_text(re.compile(r"(Withheld|Included): .*McLean et al\. 2010"))
    calendar = page.get_by_role("table", name="Sessions by day")
    calendar.wait_for()
    assert calendar.get_by_role("link").count() > 0
    # Keyboard: the roving day cell moves with the arrow keys.
    focused = calendar.locator("td[tabindex='0']")
    start = focused.get_attribute("data-day")
    focused.focus()
    page.keyboard.press("ArrowRight")
    moved = page.evaluate("document.activeElement.dataset.day")
    assert moved is not None and moved > str(start)
    for chart in ("Weekly volume", "Daily load with acute:chronic ratio", "Fitness, fatigue and form"):
        figure = page.get_by_role("figure", name=chart)
        figure.wait_for()
        figure.locator("canvas").first.wait_for()
    figure = page.get_by_role("figure", name="Daily load with acute:chronic ratio")
    figure.get_by_role("button", name="Show data table").click()
    assert figure.get_by_role("table").get_by_role("row").count() > 50
    assert axe_violations(page) == [], describe(axe_violations(page))
    page.get_by_label("List").check()
    page.get_by_role("columnheader", name="Planned").wait_for()
    assert axe_violations(page) == [], describe(axe_violations(page))
    assert problems == []
    page.close()


def test_an_athlete_reads_their_own_training(browser: Any, live_demo: LiveServer) -> None:
    athlete_id, name = coachs_busiest_athlete(live_demo)
    page = browser.new_page()
    sign_in(page, live_demo, athlete_email(live_demo, athlete_id))
    problems = watch_console(page)
    page.wait_for_url("**/today")  # an athlete's home (issue 16); their profile stays theirs to read
    page.goto(f"{live_demo.url}/athletes/{athlete_id}")
    page.wait_for_url(f"**/athletes/{athlete_id}/training")
    page.get_by_role("heading", name=name, level=1).wait_for()
    page.get_by_role("figure", name="Weekly volume").locator("canvas").first.wait_for()
    assert page.get_by_role("link", name="Team Ops").count() == 0
    assert axe_violations(page) == [], describe(axe_violations(page))
    assert problems == []
    page.close()

"""A session's page in a real browser: planned vs actual with bands, the change history, and — for a session
filled from a device file — the download link, the splits and heart rate and pace over time; axe finds nothing
serious and the page logs no error."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fit_tool.profile.profile_type import Sport, SubSport
from playwright.sync_api import expect

from tests.conftest import Server
from tests.e2e.browser.staff_data import HEAD_COACH, athlete_email, coachs_busiest_athlete, completed_session_of
from tests.support.api import api_settings
from tests.support.browser import LiveServer, axe_violations, describe, require_browser, serve, sign_in, watch_console
from tests.support.fit_factory import SessionSpec, build_activity_fit

pytestmark = pytest.mark.slow  # a browser and a server on a thread


@pytest.fixture(scope="module")
def live_writable(pg_server: Server, template_db: str) -> Iterator[LiveServer]:
    """The demo for today behind its own server: these tests write (an upload, comments, reviews)."""
    require_browser()
    from concurrent.futures import ThreadPoolExecutor
    from datetime import date

    from trainingops.demo.generate import generate
    from trainingops.demo.load import load

    name = pg_server.create(template=template_db)
    target = pg_server.target(name)
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(load, target.admin_url, generate(date.today())).result()
    yield from serve(target, api_settings(target))
    pg_server.drop(name)


def csrf_headers(page: Any) -> dict[str, str]:
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "trainingops_csrf")
    return {"X-CSRF-Token": token}


def test_a_completed_session_shows_plan_against_actual_and_its_history(browser: Any, live_demo: LiveServer) -> None:
    athlete_id, _ = coachs_busiest_athlete(live_demo)
    session_id, _ = completed_session_of(live_demo, athlete_id)
    page = browser.new_page()
    sign_in(page, live_demo, HEAD_COACH)
    problems = watch_console(page)
    page.goto(f"{live_demo.url}/sessions/{session_id}")
    page.get_by_role("heading", name="Planned and actual").wait_for()
    table = page.get_by_role("table", name="Planned and actual")
    assert table.get_by_role("rowheader", name="Duration").count() == 1
    page.get_by_role("heading", name="Change history").wait_for()
    page.get_by_text("No device file was imported").wait_for()
    assert axe_violations(page) == [], describe(axe_violations(page))
    assert problems == []
    page.close()


def test_a_session_filled_from_a_device_file_shows_splits_and_streams(browser: Any, live_writable: LiveServer) -> None:
    athlete_id, _ = coachs_busiest_athlete(live_writable)
    page = browser.new_page()
    sign_in(page, live_writable, HEAD_COACH)
    problems = watch_console(page)
    start = datetime.now(UTC).replace(hour=6, minute=0, second=0, microsecond=0) - timedelta(days=1)
    data = build_activity_fit(SessionSpec(start, 1800, Sport.RUNNING, SubSport.GENERIC, 3.4, 152))
    uploaded = page.request.post(
        f"{live_writable.url}/api/v1/athletes/{athlete_id}/activity-files",
        data=data,
        headers={**csrf_headers(page), "Content-Type": "application/octet-stream", "X-Filename": "tempo.fit"},
    )
    assert uploaded.status == 201, uploaded.text()
    session_id = uploaded.json()["segments"][0]["session"]["id"]
    page.goto(f"{live_writable.url}/sessions/{session_id}")
    page.get_by_role("link", name="Download tempo.fit").wait_for()
    page.get_by_role("table", name="Kilometre splits").wait_for()
    for chart in ("Heart rate over time", "Pace over time"):
        page.get_by_role("figure", name=chart).locator("canvas").first.wait_for()
    assert axe_violations(page) == [], describe(axe_violations(page))
    assert problems == []
    page.close()


def test_a_coach_comments_and_marks_reviewed_and_the_athlete_is_notified(
    browser: Any, live_writable: LiveServer
) -> None:
    athlete_id, _ = coachs_busiest_athlete(live_writable)
    session_id, _ = completed_session_of(live_writable, athlete_id)
    coach = browser.new_context().new_page()
    sign_in(coach, live_writable, HEAD_COACH)
    problems = watch_console(coach)
    coach.goto(f"{live_writable.url}/sessions/{session_id}")
    coach.get_by_role("heading", name="Comments").wait_for()
    coach.get_by_label("Comment", exact=True).fill("Strong finish. How did the last rep feel?")
    coach.get_by_role("button", name="Post comment").click()
    coach.get_by_text("Strong finish. How did the last rep feel?").wait_for()
    expect(coach.get_by_label("Comment", exact=True)).to_have_value("")
    coach.get_by_role("button", name="Mark reviewed").click()
    coach.get_by_text("Reviewed by you").wait_for()
    coach.get_by_role("button", name="Undo review").wait_for()
    assert axe_violations(coach) == [], describe(axe_violations(coach))
    assert problems == []
    coach.context.close()

    athlete = browser.new_context().new_page()
    sign_in(athlete, live_writable, athlete_email(live_writable, athlete_id))
    nav = athlete.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Notifications")).to_contain_text("unread")
    nav.get_by_role("link", name="Notifications").click()
    athlete.get_by_role("heading", name="Notifications", level=1).wait_for()
    notice = athlete.get_by_role("listitem").filter(has_text="Maria Alvarez")
    notice.first.wait_for()
    assert axe_violations(athlete) == [], describe(axe_violations(athlete))
    athlete.get_by_role("button", name="Mark all read").click()
    athlete.get_by_text("Nothing unread.").wait_for()
    athlete.context.close()

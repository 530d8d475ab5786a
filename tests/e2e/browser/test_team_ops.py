"""Team Ops in a real browser, on the demo: one row per rostered athlete showing the name, bands in words, the
"needs attention" filter, week navigation and a row that opens the athlete; axe finds nothing serious."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from playwright.sync_api import expect

from tests.e2e.browser.staff_data import HEAD_COACH, coachs_program
from tests.support.browser import LiveServer, axe_violations, describe, sign_in, watch_console

pytestmark = pytest.mark.slow  # a browser and a server on a thread


def rostered_names(live: LiveServer, program_id: str) -> list[str]:
    """Athletes on the program's current season roster, not inactive (the rows Team Ops must show)."""
    with psycopg.connect(live.target.admin_url) as conn:
        rows = conn.execute(
            "select distinct a.id, a.name from roster_entries r join athletes a on a.id = r.athlete_id"
            " join team_seasons s on s.id = r.team_season_id"
            " where r.program_id = %s and r.status <> 'inactive' and current_date between s.start_date and s.end_date",
            (program_id,),
        ).fetchall()
    return sorted(str(r[1]) for r in rows)


def test_team_ops_shows_every_rostered_athlete_and_filters_who_needs_attention(
    browser: Any, live_demo: LiveServer
) -> None:
    program_id = coachs_program(live_demo)
    page = browser.new_page()
    sign_in(page, live_demo, HEAD_COACH)
    problems = watch_console(page)
    page.goto(f"{live_demo.url}/programs/{program_id}/team-ops")
    page.get_by_role("heading", name="Team Ops", exact=True).wait_for()
    rows = page.locator("table.team-ops tbody tr")
    rows.first.wait_for()
    names = sorted(rows.locator("th[scope=row] a").all_inner_texts())
    expected = rostered_names(live_demo, program_id)
    assert names == expected
    assert axe_violations(page) == [], describe(axe_violations(page))

    filter_box = page.get_by_label("Needs attention only")
    filter_box.focus()
    page.keyboard.press("Space")
    expect(filter_box).to_be_checked()
    page.wait_for_url("**attention=1*")
    attention = page.locator("table.team-ops tbody tr")
    assert attention.count() <= len(names)
    assert attention.count() == attention.locator(".attention-mark").count()

    page.get_by_label("Sort by").select_option(label="Readiness, lowest first")
    page.wait_for_url("**sort=readiness*")
    readiness = page.locator("table.team-ops").first.locator("tbody tr td:nth-child(6) summary").all_inner_texts()
    scores = [int(text.split()[0]) for text in readiness]
    assert scores == sorted(scores)
    page.get_by_role("button", name="Previous week").click()
    page.wait_for_url("**week=*")
    page.get_by_role("button", name="This week").wait_for()
    page.get_by_role("button", name="This week").click()
    filter_box.uncheck()

    first = page.locator("table.team-ops tbody tr th[scope=row] a").first
    name = first.inner_text()
    first.click()
    page.get_by_role("heading", name=name, level=1).wait_for()
    assert problems == []
    page.close()

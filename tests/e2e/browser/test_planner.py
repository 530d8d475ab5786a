"""The practice planner in a real browser against the demo: the head coach builds next Tuesday's practice —
intervals for Distance, a 5 × 5 squat at 75 % for Throws, one injured athlete on the bike — previews the load
effect, publishes, and the athletes' sessions exist afterwards (read back over the API). axe on every planner
view; the builder walked with the keyboard alone."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from tests.support.browser import LiveServer, axe_violations, describe, serve, sign_in, watch_console

pytestmark = pytest.mark.slow  # a browser and a server on a thread

HEAD_COACH = "maria.alvarez@northfield.edu"


@pytest.fixture(scope="module")
def live_planner(pg_server: Any, template_db: str) -> Iterator[LiveServer]:
    """The demo for today behind a live server, of this module alone: these tests publish."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.support.api import api_settings
    from tests.support.browser import require_browser
    from trainingops.demo.generate import generate
    from trainingops.demo.load import load

    require_browser()
    name = pg_server.create(template=template_db)
    target = pg_server.target(name)
    with ThreadPoolExecutor(max_workers=1) as pool:  # Playwright's event loop owns this thread
        pool.submit(load, target.admin_url, generate(date.today())).result()
    yield from serve(target, api_settings(target))
    pg_server.drop(name)


def next_tuesday(today: date) -> date:
    return today + timedelta(days=(1 - today.weekday()) % 7 or 7)


def long_day(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def no_axe_problems(page: Any, where: str) -> None:
    """axe finds no serious or critical problem; with TRAININGOPS_PLANNER_SCREENSHOTS=dir the view is saved there
    too (a name of its own: TRAININGOPS_SCREENSHOTS is the README's screenshots, test_coach_story.py)."""
    found = axe_violations(page)
    assert found == [], f"{where}: {describe(found)}"
    if folder := os.environ.get("TRAININGOPS_PLANNER_SCREENSHOTS"):
        page.screenshot(path=f"{folder}/planner-{re.sub(r'[^a-z]+', '-', where.lower())}.png", full_page=True)


def open_planner(page: Any, live: LiveServer) -> None:
    sign_in(page, live, HEAD_COACH)
    page.get_by_role("heading", name="Team Ops", exact=True).wait_for()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Planner").click()
    page.get_by_role("heading", name="Practice planner").wait_for()


def show_day(page: Any, day: date) -> Any:
    """The day's button in the calendar, moving a week on until it is shown."""
    button = page.get_by_role("button", name=re.compile("^" + long_day(day)))
    for _ in range(3):
        if button.count() > 0:
            break
        page.get_by_role("button", name="Next week").click()
    assert button.count() > 0, page.locator("[data-day]").all_text_contents()
    return button


def choose(page: Any, label: str, option: str | re.Pattern[str], scope: Any = None) -> None:
    """Selects the option whose text matches, in the select labelled ``label``."""
    select = (scope or page).get_by_label(label, exact=True)
    texts = select.locator("option").all_inner_texts()
    wanted = next(t for t in texts if (option.search(t) if isinstance(option, re.Pattern) else t == option))
    select.select_option(label=wanted)


def step(page: Any, name: str) -> Any:
    return page.get_by_role("group", name=re.compile(f"^{re.escape(name)}"))


def build_intervals(page: Any) -> None:
    page.get_by_role("heading", name="Workout builder").wait_for()
    no_axe_problems(page, "workout builder")
    page.get_by_label("Name", exact=True).fill("6 × 1 km intervals")
    page.get_by_role("button", name="Add step").click()
    warm_up = step(page, "Step 1")
    choose(page, "Training event", "Easy running", warm_up)
    warm_up.get_by_label("Distance (m)").fill("2000")
    warm_up.get_by_label("Duration").fill("11:00")
    warm_up.get_by_label("RPE").fill("3")
    page.get_by_role("button", name="Add repeat block").click()
    block = step(page, "Repeat block 2")
    block.get_by_label("Repeat (times)").fill("6")
    rep = step(page, "Step 2.1")
    choose(page, "Training event", "Interval rep", rep)
    rep.get_by_label("Distance (m)").fill("1000")
    rep.get_by_label("Pace from (/km)").fill("3:20")
    rep.get_by_label("Pace to (/km)").fill("3:30")
    rep.get_by_label("RPE").fill("8")
    block.get_by_role("button", name="Add step to block 2").click()
    jog = step(page, "Step 2.2")
    choose(page, "Training event", "Recovery jog", jog)
    jog.get_by_label("Duration").fill("2:00")
    jog.get_by_label("RPE").fill("3")
    page.get_by_label("Session RPE (coach)").fill("7")
    totals = page.get_by_role("region", name="Totals")
    # 2 km + 6 × 1 km; 11:00 + 6 × (3:25 at the middle of the pace range + 2:00); 7 × 43.5 min
    assert "8.00 km" in totals.inner_text()
    assert "43:30" in totals.inner_text()
    assert "305 AU" in totals.inner_text()
    no_axe_problems(page, "workout builder with steps")
    page.get_by_role("button", name="Save workout").click()


def build_squats(page: Any) -> None:
    page.get_by_role("heading", name="S&C builder").wait_for()
    page.get_by_label("Name", exact=True).fill("Squat 5 × 5 at 75 %")
    page.get_by_role("button", name="Add exercise").click()
    squat = step(page, "Step 1")
    choose(page, "Exercise", "Back squat", squat)
    squat.get_by_label("Sets").fill("5")
    squat.get_by_label("Reps").fill("5")
    squat.get_by_label("% of 1RM").fill("75")
    squat.get_by_label("Time per set").fill("0:40")
    squat.get_by_label("Rest").fill("3:00")
    squat.get_by_label("RPE").fill("8")
    no_axe_problems(page, "S&C builder")
    page.get_by_role("button", name="Save workout").click()


def build_bike(page: Any) -> None:
    page.get_by_role("heading", name="Workout builder").wait_for()
    page.get_by_label("Name", exact=True).fill("Bike 40 min")
    page.get_by_label("Duration (no steps)").fill("40:00")
    page.get_by_label("Session RPE (coach)").fill("4")
    page.get_by_role("button", name="Save workout").click()


def add_for_group(page: Any, group: str, button: str) -> None:
    choose(page, "Event group", group)
    page.get_by_role("button", name=button).click()


def test_the_head_coach_builds_previews_and_publishes_next_tuesdays_practice(
    browser: Any, live_planner: LiveServer
) -> None:
    page = browser.new_page()
    problems = watch_console(page)
    open_planner(page, live_planner)
    page.locator("[aria-current=date]").wait_for()  # today is marked
    no_axe_problems(page, "calendar, week")
    page.get_by_role("button", name="Month", exact=True).click()
    page.get_by_role("heading", name=re.compile(f"{date.today():%B %Y}")).wait_for()
    no_axe_problems(page, "calendar, month")
    page.get_by_role("button", name="Week", exact=True).click()

    tuesday = next_tuesday(date.today())
    show_day(page, tuesday).click()
    dialog = page.get_by_role("dialog", name="New practice")
    no_axe_problems(page, "new practice dialog")
    dialog.get_by_label("Title").fill("Intervals and lifts")
    dialog.get_by_role("button", name="Create practice").click()
    page.get_by_role("heading", name=f"Intervals and lifts: {long_day(tuesday)}").wait_for()
    practice_id = page.url.rsplit("/", 1)[1]
    no_axe_problems(page, "practice, empty")

    add_for_group(page, "Distance", "Build a new workout")
    build_intervals(page)
    page.get_by_role("cell", name="6 × 1 km intervals", exact=True).wait_for()
    add_for_group(page, "Throws", "Build a new S&C workout")
    build_squats(page)
    loads = page.get_by_role("region", name=re.compile("Squat 5 × 5 at 75 % — Throws"))
    loads.wait_for()
    loads.get_by_role("cell", name=re.compile(r" kg$")).first.wait_for()  # each athlete's maxes load one by one
    cells = loads.get_by_role("cell").all_inner_texts()
    assert any(c.endswith(" kg") for c in cells), cells  # the athletes' own kilograms from their maxes

    page.get_by_role("button", name="Build a workout for the library").click()
    build_bike(page)
    page.get_by_role("heading", name=re.compile("^Intervals and lifts")).wait_for()
    choose(page, "Athlete", re.compile(r"\(Distance\)"))
    injured = page.get_by_label("Athlete", exact=True).evaluate("s => s.selectedOptions[0].text").split(" (")[0]
    choose(page, "Change", "Replace a workout with another")
    choose(page, "Practice workout", "6 × 1 km intervals (Distance)")
    choose(page, "Instead", "Bike 40 min")
    page.get_by_label("Note", exact=True).fill("Injured: on the bike")
    page.get_by_role("button", name="Add override").click()
    page.get_by_text(f"{injured}: 6 × 1 km intervals (Distance) replaced by Bike 40 min").wait_for()
    no_axe_problems(page, "practice with workouts and an override")
    page.emulate_media(media="print")  # on paper: a page per event group
    sheets = page.locator(".print-sheet")
    sheets.filter(has_text="Interval rep: 1 km, pace 3:20–3:30/km, RPE 8").wait_for()
    assert sheets.count() == 2
    assert "Back squat: 5 × 5, 0:40, @ 75 % 1RM, RPE 8, rest 3:00" in sheets.nth(1).inner_text()
    assert not page.get_by_role("button", name="Preview publish").is_visible()
    page.emulate_media(media="screen")

    page.get_by_role("button", name="Preview publish").click()
    preview = page.get_by_role("region", name="Publish preview")
    preview.wait_for()
    summary = preview.get_by_role("status").inner_text()
    created = int(re.search(r"Created: (\d+)", summary).group(1))  # type: ignore[union-attr]
    assert created > 10, summary  # the Distance and Throws groups of the demo roster
    row = preview.get_by_role("row", name=re.compile(re.escape(injured)))
    assert "→" in row.inner_text()  # acute:chronic, fitness and form before → after
    no_axe_problems(page, "publish preview")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_role("status").filter(has_text=f"Published: {created} sessions created").wait_for()

    mine = [s for s in sessions_on(page, live_planner, tuesday) if s["practice_session_id"] == practice_id]
    assert len(mine) == created
    by_title: dict[str, int] = {}
    for s in mine:
        by_title[s["title"]] = by_title.get(s["title"], 0) + 1
    assert set(by_title) == {"6 × 1 km intervals", "Squat 5 × 5 at 75 %", "Bike 40 min"}, by_title
    assert by_title["Bike 40 min"] == 1  # the injured athlete, instead of the intervals
    assert by_title["Squat 5 × 5 at 75 %"] >= 5
    assert [p for p in problems if "Content Security Policy" in p] == []
    page.close()


def sessions_on(page: Any, live: LiveServer, day: date) -> list[dict[str, Any]]:
    """Every session of the day the signed-in coach may see, over the API (page by page)."""
    found: list[dict[str, Any]] = []
    cursor = ""
    while True:
        answer = page.request.get(f"{live.url}/api/v1/sessions?from={day}&to={day}&limit=200{cursor}")
        assert answer.ok, answer.text()
        body = answer.json()
        found += body["items"]
        if not body.get("next_cursor"):
            return found
        cursor = f"&cursor={body['next_cursor']}"


def focused_name(page: Any) -> str:
    return str(
        page.evaluate(
            "() => { const e = document.activeElement; if (!e) return '';"
            " const l = e.id ? document.querySelector(`label[for='${e.id}']`) : null;"
            " return (l ? l.textContent : e.getAttribute('aria-label') || e.textContent || '').trim(); }"
        )
    )


def tab_to(page: Any, name: str, *, back: bool = False, limit: int = 80) -> None:
    """Presses Tab (Shift+Tab with ``back``) until the focused control is called ``name`` (its label or text)."""
    for _ in range(limit):
        if focused_name(page) == name:
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"Tab never reached {name!r} (last: {focused_name(page)!r})")


def test_the_workout_builder_works_from_the_keyboard_alone(browser: Any, live_planner: LiveServer) -> None:
    page = browser.new_page()
    open_planner(page, live_planner)
    page.goto(page.url.split("?")[0] + "/workouts/new?category=run")
    page.get_by_role("heading", name="Workout builder").wait_for()
    tab_to(page, "Name")
    page.keyboard.type("Keyboard tempo")
    tab_to(page, "Add step")
    page.keyboard.press("Enter")
    tab_to(page, "Training event", back=True)
    page.keyboard.type("Tempo")  # a select's type-ahead
    tab_to(page, "Distance (m)")
    page.keyboard.type("6000")
    tab_to(page, "Duration")
    page.keyboard.type("24:00")
    # work is never lost: leaving with unsaved changes asks first
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Planner").click()
    leave = page.get_by_role("alertdialog", name="Leave without saving?")
    leave.get_by_role("button", name="Stay and keep editing").click()
    leave.wait_for(state="detached")
    assert "/workouts/new" in page.url
    page.get_by_label("Duration", exact=True).focus()
    # a shortcut from outside a field: R adds a repeat block
    tab_to(page, "Add repeat block")
    page.keyboard.press("r")
    step(page, "Repeat block 2").wait_for()
    tab_to(page, "Remove block 2", back=True)
    page.keyboard.press("Enter")
    assert step(page, "Repeat block 2").count() == 0
    totals = page.get_by_role("region", name="Totals").inner_text()
    assert "6.00 km" in totals and "24:00" in totals, totals
    tab_to(page, "Save workout")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/workouts/[0-9a-f-]{36}$"))
    page.get_by_role("heading", name="Workout builder").wait_for()
    assert page.get_by_label("Name", exact=True).input_value() == "Keyboard tempo"
    page.close()


def test_days_are_reached_with_the_arrow_keys(browser: Any, live_planner: LiveServer) -> None:
    page = browser.new_page()
    open_planner(page, live_planner)
    today = page.locator("[aria-current=date]")
    today.focus()
    page.keyboard.press("ArrowRight")
    tomorrow = date.today() + timedelta(days=1)
    page.wait_for_function("label => document.activeElement?.textContent?.startsWith(label)", arg=long_day(tomorrow))
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="New practice")
    dialog.wait_for()
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    page.close()


def test_a_practice_and_a_week_are_copied_as_drafts(browser: Any, live_planner: LiveServer) -> None:
    page = browser.new_page()
    open_planner(page, live_planner)
    page.get_by_role("button", name="Copy this week…").click()
    dialog = page.get_by_role("dialog", name=re.compile("^Copy the week of"))
    no_axe_problems(page, "copy week dialog")
    dialog.get_by_role("button", name="Add date").click()  # the same week a week later, as offered
    dialog.get_by_role("button", name="Copy week").click()
    copied = dialog.get_by_role("status")
    copied.wait_for()
    made = int(re.search(r"Copied: (\d+) practices", copied.inner_text()).group(1))  # type: ignore[union-attr]
    assert made >= 2, copied.inner_text()  # the demo's Tuesday and Thursday practices
    dialog.get_by_role("button", name="Close").click()
    page.get_by_role("button", name="Next week").click()
    page.get_by_role("link", name=re.compile("Tuesday workout")).first.click()
    page.get_by_text("Draft — not published").wait_for()
    page.get_by_role("heading", name=re.compile("^Tuesday workout")).click()  # focus outside a field
    page.keyboard.press("t")  # the shortcut: copy to tomorrow
    page.get_by_role("status").filter(has_text="as a draft").wait_for()
    page.get_by_role("button", name="Cancel practice").click()
    confirm = page.get_by_role("alertdialog", name="Cancel this practice?")
    no_axe_problems(page, "cancel practice dialog")
    confirm.get_by_role("button", name="Cancel the practice").click()
    page.get_by_text("Cancelled", exact=True).wait_for()
    assert page.get_by_role("button", name="Cancel practice").count() == 0
    page.close()


def test_a_refused_change_says_why_with_the_problems_detail(browser: Any, live_planner: LiveServer) -> None:
    page = browser.new_page()
    open_planner(page, live_planner)
    page.get_by_role("button", name="Next week").click()
    page.get_by_role("link", name=re.compile("Tuesday workout")).first.click()
    page.get_by_role("heading", name=re.compile("^Tuesday workout")).wait_for()
    # a Throws athlete cannot have the Distance group's workout replaced: it is not theirs
    choose(page, "Athlete", re.compile(r"\(Throws\)"))
    choose(page, "Change", "Replace a workout with another")
    choose(page, "Practice workout", re.compile(r"\(Distance\)$"))
    choose(page, "Instead", "Tempo 6 km")
    page.get_by_role("button", name="Add override").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert alert.inner_text().startswith("The override was not added: "), alert.inner_text()
    assert "event group" in alert.inner_text() or "workout" in alert.inner_text(), alert.inner_text()
    no_axe_problems(page, "a refused override")
    page.close()

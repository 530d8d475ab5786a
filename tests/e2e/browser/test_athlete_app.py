"""The athlete's phone screens (issue 16) in a real browser at 390 × 844: Today lists the week's plan with the
workout's steps and paces in the athlete's unit; Log session saves through the outbox and the row has the actuals;
a bad duration is refused with its message and nothing is sent; the athlete edits their own actuals, logs other
training, uploads a real device file and sees where it went; My training explains readiness with its wellness
component. axe finds nothing serious on any screen, and the pages log no error."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest
from playwright.sync_api import expect

from tests.conftest import Server
from tests.support.browser import (
    LiveServer,
    axe_violations,
    describe,
    offline_request_failed,
    serve_demo,
    sign_in,
    watch_console,
)
from tests.support.uploads import CORPUS, needs_corpus

pytestmark = [pytest.mark.slow, needs_corpus]  # a browser and a server on a thread

PHONE = {"width": 390, "height": 844}
METRES_PER_MILE = 1609.344
# The Duration field's message for what is not h:mm:ss (web/src/lib/actuals.ts, DURATION_MESSAGE).
DURATION_MESSAGE = "Enter the duration as h:mm:ss, for example 0:45:30 (or m:ss such as 45:30)."
# A real recording (Garmin Forerunner 410, 2012: no plan that day, so it is filed as new training).
DEVICE_FILE = CORPUS / "run_fr410_hr.tcx"


@pytest.fixture(scope="module")
def live(pg_server: Server, template_db: str) -> Iterator[LiveServer]:
    """The demo for today behind its own server: these tests write (logs, an upload, a check-in)."""
    yield from serve_demo(pg_server, template_db)


def rows(live: LiveServer, query: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(live.target.admin_url) as conn:
        return conn.execute(query, params).fetchall()


def athlete_with_a_workout_this_week(live: LiveServer) -> tuple[str, str, str]:
    """Email, id and session id of an athlete (with a sign-in) who has a run this week, in the program's time
    zone, whose workout repeats a block of steps with a distance and a time (a pace to show)."""
    found = rows(
        live,
        """
        select u.email, a.id::text, s.id::text
        from athletes a join users u on u.id = a.user_id
        join athlete_training_sessions s on s.athlete_id = a.id
        join team_seasons ts on ts.id = s.team_season_id join programs p on p.id = ts.program_id
        join workouts w on w.id = s.workout_id
        where s.workout_category = 'run'
          and date_trunc('week', s.session_date) = date_trunc('week', (now() at time zone p.time_zone)::date)
          and exists (select 1 from workout_steps ws where ws.workout_id = w.id and ws.repeat_count is not null)
        order by u.email, s.session_date limit 1
        """,
    )
    assert found, "the demo has a run workout with a repeat block this week"
    return found[0][0], found[0][1], found[0][2]


def csrf(page: Any) -> dict[str, str]:
    return {"X-CSRF-Token": next(c["value"] for c in page.context.cookies() if c["name"] == "trainingops_csrf")}


def screenshot(page: Any, name: str) -> None:
    """The phone's viewport, saved as docs/screenshots/phone-<name>.jpg's source when TRAININGOPS_SCREENSHOTS names
    a folder."""
    folder = os.environ.get("TRAININGOPS_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=f"{folder}/phone-{name}.jpg", type="jpeg", quality=70)


def assert_accessible(page: Any) -> None:
    found = axe_violations(page)
    assert found == [], describe(found)


def test_an_athlete_plans_logs_edits_uploads_and_reads_their_training(browser: Any, live: LiveServer) -> None:
    email, athlete_id, run_id = athlete_with_a_workout_this_week(live)
    # No service worker here: the test routes the window's request itself (page.route does not see requests a
    # service worker answers); tests/e2e/browser/test_offline.py covers the worker.
    context = browser.new_context(viewport=PHONE, has_touch=True, service_workers="block")
    page = context.new_page()
    sign_in(page, live, email)
    problems = watch_console(page)
    sent: list[str] = []
    page.on("request", lambda r: sent.append(f"{r.method} {r.url}") if r.method != "GET" else None)
    # Miles, so paces and the Distance field are converted (the API speaks metres and seconds per km).
    assert page.request.patch(f"{live.url}/api/v1/me/preferences", data={"distance_unit": "mi"}, headers=csrf(page)).ok

    # Home leads an athlete to Today: the week with each workout's steps, paces per mile.
    page.goto(live.url + "/")
    page.wait_for_url(re.compile(r"/today$"))
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="My training")).to_be_visible()
    run = page.get_by_role("article").filter(has=page.locator(f'a[href$="session={run_id}"]'))
    run.get_by_text("Steps", exact=True).click()
    steps = run.locator("ol.today-steps")
    expect(steps.locator("ol.today-steps").first).to_be_visible()  # a repeat block's own steps
    expect(steps.first).to_contain_text(re.compile(r"\d+ ×"))
    expect(steps.first).to_contain_text(re.compile(r"pace \d+:\d\d /mi"))
    assert_accessible(page)
    screenshot(page, "today")

    # Log session: a bare number is not a duration — the message says how, and nothing is sent.
    page.get_by_role("button", name="Log session").first.press("Enter")  # the keyboard works as a tap
    page.wait_for_url(re.compile(r"/today/log/"))
    session_id = page.url.rsplit("/", 1)[1]
    expect(page.get_by_role("heading", name="Log session")).to_be_visible()
    page.get_by_label("Duration").fill("45")
    page.get_by_label("Duration").press("Enter")
    expect(page.get_by_text(DURATION_MESSAGE, exact=True)).to_be_visible()
    expect(page.get_by_label("Duration")).to_have_attribute("aria-invalid", "true")
    assert [s for s in sent if "/sessions" in s] == []
    assert_accessible(page)

    page.get_by_label("Duration").fill("0:45:30")
    page.get_by_label("Distance").fill("5")
    page.get_by_label("RPE").select_option("7")
    page.get_by_label("Notes").fill("Felt strong")
    page.get_by_label("I had pain").check()
    page.get_by_label("How bad (1–10)").select_option("3")
    page.get_by_label("Where").fill("left Achilles")
    screenshot(page, "log-session")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/today$"))
    expect(page.locator(".sync-state")).to_contain_text("All synced")  # the outbox sent it (and it landed)
    expect(page.get_by_text("Waiting to sync")).to_have_count(0)
    done = (
        page.locator("article")
        .filter(has=page.get_by_role("button", name="Edit my log"))
        .filter(has_text="Felt strong")
    )
    expect(done.get_by_text("Done", exact=True)).to_be_visible()
    [(completed, seconds, metres, rpe, notes, pain, version)] = rows(
        live,
        "select completed_at is not null, actual_duration_sec, actual_distance_m, actual_rpe, actual_description,"
        " metrics_json -> 'pain', version from athlete_training_sessions where id = %s",
        (session_id,),
    )
    assert (completed, seconds, metres, rpe, notes) == (True, 2730, round(5 * METRES_PER_MILE), 7, "Felt strong")
    assert pain == {"score": 3, "note": "left Achilles"}

    # Edit own actuals: the form holds what was logged; only the changed field is sent (If-Match: its version).
    done.get_by_role("button", name="Edit my log").click()
    expect(page.get_by_role("heading", name="Edit my log")).to_be_visible()
    expect(page.get_by_label("Duration")).to_have_value("0:45:30")
    expect(page.get_by_label("Distance")).to_have_value("5")
    assert_accessible(page)
    page.get_by_label("Notes").fill("Felt strong, windy")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/today$"))
    expect(page.get_by_text("Felt strong, windy")).to_be_visible()
    expect(page.locator(".sync-state")).to_contain_text("All synced")  # the outbox sent it (and it landed)
    expect(page.get_by_text("Waiting to sync")).to_have_count(0)
    assert rows(
        live,
        "select actual_description, actual_duration_sec, version from athlete_training_sessions where id = %s",
        (session_id,),
    ) == [("Felt strong, windy", 2730, version + 1)]

    # Other training: a self-assigned session, logged as done today.
    page.get_by_role("link", name="Log other training").click()
    page.get_by_label("What you did").fill("Bike commute")
    page.get_by_label("Kind of training").select_option("cross_training")
    page.get_by_label("Duration").fill("0:30:00")
    page.get_by_label("RPE").select_option("3")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/today$"))
    expect(page.get_by_role("article", name="Bike commute")).to_be_visible()
    expect(page.locator(".sync-state")).to_contain_text("All synced")  # the outbox sent it (and it landed)
    expect(page.get_by_text("Waiting to sync")).to_have_count(0)
    assert rows(
        live,
        "select source, workout_category, actual_duration_sec, actual_rpe, completed_at is not null"
        " from athlete_training_sessions where athlete_id = %s and title = 'Bike commute'",
        (athlete_id,),
    ) == [("self_assigned", "cross_training", 1800, 3, True)]

    # A device file from the phone: read from the shared corpus, filed as new training (no plan on its day).
    page.get_by_role("link", name="Upload a device file").click()
    context.set_offline(True)  # a file is not queued: offline, the screen says so and cannot send
    expect(page.get_by_role("alert")).to_contain_text("You are offline. Uploading a file needs a connection")
    expect(page.get_by_role("button", name="Upload")).to_be_disabled()
    context.set_offline(False)
    page.get_by_label("Device file (FIT, GPX or TCX)").set_input_files(str(DEVICE_FILE))
    page.get_by_role("button", name="Upload").click()
    result = page.get_by_role("region", name=f"Uploaded {DEVICE_FILE.name}")
    expect(result).to_contain_text("Filed as a new session")
    expect(result).to_contain_text(re.compile(r"Wed,? 26 Dec 2012"))
    assert_accessible(page)

    # My training: readiness in words with its wellness component — withheld, then with today's check-in.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My training").click()
    wellness = page.get_by_role("region", name="Wellness in your readiness")
    expect(wellness).to_contain_text("Withheld: No wellness check-in today or yesterday")
    today = page.request.get(f"{live.url}/api/v1/athletes/{athlete_id}/readiness").json()["today"]
    checkin = {"sleep_quality": 4, "fatigue": 4, "muscle_soreness": 3, "stress": 4, "mood": 3, "sleep_hours": 7.5}
    put = page.request.put(
        f"{live.url}/api/v1/athletes/{athlete_id}/wellness/{today}", data=checkin, headers=csrf(page)
    )
    assert put.status == 201, put.text()
    page.reload()
    day = date.fromisoformat(today)
    expect(wellness).to_contain_text(re.compile(rf"Included: your check-in of {day:%a},? {day.day} {day:%b %Y}"))
    expect(wellness).to_contain_text("scored 18 of 25")
    expect(wellness).to_contain_text("carries 20 of the 100 points")
    expect(page.get_by_role("heading", name="Readiness today")).to_be_visible()
    expect(page.get_by_role("heading", name="Trends")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "my-training")

    # No answer at all for today's window (the network is gone): Today falls back on the window of the day before,
    # the address the service worker would still hold from yesterday.
    windows: list[str] = []

    def drop_the_first(route: Any) -> None:
        windows.append(route.request.url)
        if len(windows) == 1:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(re.compile(r"/api/v1/athletes/[^/]+/training\?from="), drop_the_first)
    page.goto(live.url + "/today")
    expect(page.get_by_role("heading", name="This week")).to_be_visible()
    first, second = (date.fromisoformat(url.split("from=")[1][:10]) for url in windows[:2])
    assert (first - second).days == 1
    problems[:] = [p for p in problems if not offline_request_failed(p)]  # the dropped request, logged

    assert problems == []
    context.close()


def test_gym_work_reads_in_the_athletes_own_kilograms(browser: Any, live: LiveServer) -> None:
    """A %-of-1RM step reads as published for this athlete: their kilograms from their latest tested max."""
    [(email, session_id, kilograms)] = rows(
        live,
        """
        select u.email, s.id::text, substring(s.planned_description from '@ ([0-9.]+ kg \\([0-9.]+ %% of 1RM)')
        from athlete_training_sessions s join athletes a on a.id = s.athlete_id join users u on u.id = a.user_id
        join team_seasons ts on ts.id = s.team_season_id join programs p on p.id = ts.program_id
        where s.workout_id is not null and s.planned_description ~ '@ [0-9.]+ kg \\([0-9.]+ %% of 1RM'
          and date_trunc('week', s.session_date) = date_trunc('week', (now() at time zone p.time_zone)::date)
        order by s.session_date, u.email limit 1
        """,
    )
    context = browser.new_context(viewport=PHONE, has_touch=True)
    page = context.new_page()
    sign_in(page, live, email)
    problems = watch_console(page)
    gym = page.get_by_role("article").filter(has=page.locator(f'a[href$="session={session_id}"]'))
    gym.get_by_text("Steps", exact=True).click()
    expect(gym.locator("ol.today-steps").first).to_contain_text(f"@ {kilograms}")
    assert problems == []
    context.close()

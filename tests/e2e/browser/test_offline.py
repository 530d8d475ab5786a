"""The installable, offline athlete app (issue 16) on a phone, against a real server and database: the manifest and
the service worker, a reload with no network, writes queued offline landing exactly once (also when the sync is
cut half-way), the 412 merge and the same-field conflict, and a sign-in that ended while offline."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.e2e.browser.test_coach_story import screenshot
from tests.support.browser import LiveServer, axe_violations, describe, serve_demo, sign_in, sql, watch_console

pytestmark = pytest.mark.slow  # a browser and a server on a thread

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
SYNCED = re.compile(r"All synced")


@dataclass
class Athlete:
    email: str
    athlete_id: str
    user_id: str


@pytest.fixture(scope="module")
def live(pg_server: Any, template_db: str) -> Iterator[LiveServer]:
    """The demo for today behind a server of this module alone (the tests log sessions)."""
    yield from serve_demo(pg_server, template_db)


def athletes(live: LiveServer) -> list[Athlete]:
    """Athletes (not staff) with at least three coach-assigned sessions still to log in the two weeks around today
    (inside the app's window: the last 28 days and the next 14)."""
    rows = sql(
        live,
        """select u.email, a.id::text, u.id::text from athletes a join users u on u.id = a.user_id
           where not exists (select 1 from program_members m where m.user_id = u.id)
             and (select count(*) from athlete_training_sessions s where s.athlete_id = a.id
                  and s.completed_at is null and s.source = 'coach_assigned' and s.workout_category = 'run'
                  and s.scheduled_date between current_date - 7 and current_date + 7) >= 3
           order by u.email""",
    )
    return [Athlete(*row) for row in rows]


def open_sessions(live: LiveServer, athlete: Athlete) -> list[str]:
    rows = sql(
        live,
        """select id::text from athlete_training_sessions where athlete_id = %s and completed_at is null
           and source = 'coach_assigned' and workout_category = 'run' and scheduled_date between current_date - 7 and current_date + 7
           order by scheduled_date, id""",
        athlete.athlete_id,
    )
    return [str(row[0]) for row in rows]


def phone_page(browser: Any, live: LiveServer, athlete: Athlete) -> tuple[Any, Any, list[str]]:
    """A phone signed in as the athlete, with the service worker in control and the athlete's reads cached."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    problems = watch_console(page)
    sign_in(page, live, athlete.email)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()  # every read of the landing screen now goes through the worker, which keeps a copy
    sync_status(page).wait_for()
    return context, page, problems


def sync_status(page: Any) -> Any:
    """The app frame's sync state (role=status; other status lines may say "pending" too)."""
    return page.get_by_role("status").and_(page.locator(".sync-state"))


def log_offline(page: Any, live: LiveServer, session_id: str, *, km: str, duration: str = "0:40:00") -> None:
    """The athlete's Log session form (or Edit my log), filled and saved; the write is queued (maybe offline)."""
    page.goto(f"{live.url}/today/log/{session_id}")
    page.get_by_label("Duration").fill(duration)
    page.get_by_label("Distance").fill(km)
    page.get_by_label("RPE").select_option("6")
    page.get_by_label("Notes").fill("felt good")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/today$"))


def landed_once(live: LiveServer, athlete: Athlete, session_id: str) -> tuple[int, int, int]:
    """(the session's actual distance, the athlete's own updates of it in its history, its idempotency records)."""
    distance = sql(live, "select actual_distance_m from athlete_training_sessions where id = %s", session_id)[0][0]
    updates = sql(
        live,
        """select count(*) from athlete_training_session_history
           where session_id = %s and operation = 'update' and changed_by = %s""",
        session_id,
        athlete.user_id,
    )[0][0]
    keys = sql(
        live,
        "select count(*) from idempotency_records where user_id = %s and response_body::jsonb ->> 'id' = %s",
        athlete.user_id,
        session_id,
    )[0][0]
    return int(distance), int(updates), int(keys)


def test_the_app_installs_and_opens_offline(browser: Any, live: LiveServer) -> None:
    athlete = athletes(live)[0]
    context, page, problems = phone_page(browser, live, athlete)

    answer = page.request.get(live.url + "/manifest.webmanifest")
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("application/manifest+json")
    manifest = json.loads(answer.text())
    assert (manifest["name"], manifest["short_name"], manifest["start_url"], manifest["display"]) == (
        "TrainingOps",
        "TrainingOps",
        "/",
        "standalone",
    )
    assert manifest["theme_color"]
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        fetched = page.request.get(live.url + icon["src"])
        assert (fetched.status, fetched.headers["content-type"]) == (200, "image/png")
    worker = page.request.get(live.url + "/sw.js")
    assert worker.headers["cache-control"] == "no-cache"
    assert "worker-src 'self'" in worker.headers["content-security-policy"]

    assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == live.url + "/sw.js"
    page.get_by_role("heading", name="Today", exact=True).wait_for()
    plan = page.get_by_role("article").first
    plan.wait_for()
    first_session = plan.inner_text()
    assert SYNCED.search(sync_status(page).inner_text())

    context.set_offline(True)
    page.reload()
    page.get_by_text("Offline — showing saved data").wait_for()
    page.get_by_role("heading", name="Today", exact=True).wait_for()
    assert page.get_by_role("article").first.inner_text() == first_session
    assert page.get_by_role("button", name="Log session").first.is_enabled()
    assert SYNCED.search(sync_status(page).inner_text())
    page.wait_for_function("() => document.querySelectorAll('.skeleton').length === 0")  # every read answered offline
    assert axe_violations(page) == [], describe(axe_violations(page))
    context.set_offline(False)
    assert [p for p in problems if "Content Security Policy" in p] == []
    context.close()


def test_a_log_made_offline_lands_once_and_a_cut_sync_resumes_with_no_duplicate(browser: Any, live: LiveServer) -> None:
    athlete = athletes(live)[1]
    first, second, third = open_sessions(live, athlete)[:3]
    context, page, _ = phone_page(browser, live, athlete)

    context.set_offline(True)
    log_offline(page, live, first, km="8")
    sync_status(page).filter(has_text="1 pending").wait_for()
    context.set_offline(False)
    sync_status(page).filter(has_text=SYNCED).wait_for()
    assert landed_once(live, athlete, first) == (8000, 1, 1)

    # Two more offline; back online, the answer to the first is lost on its way back (the server did write it).
    context.set_offline(True)
    log_offline(page, live, second, km="5")
    log_offline(page, live, third, km="6")
    sync_status(page).filter(has_text="2 pending").wait_for()
    cut: list[str] = []

    def lose_the_answer(route: Any) -> None:
        if route.request.method == "POST" and not cut:
            route.fetch()  # reaches the server, which writes it
            cut.append(route.request.url)
            route.abort("connectionreset")
        else:
            route.fallback()

    page.route("**/api/v1/sessions/*/complete", lose_the_answer)
    context.set_offline(False)
    sync_status(page).filter(has_text=SYNCED).wait_for(timeout=20_000)
    assert cut == [f"{live.url}/api/v1/sessions/{second}/complete"]
    assert landed_once(live, athlete, second) == (5000, 1, 1)
    assert landed_once(live, athlete, third) == (6000, 1, 1)
    context.close()


def staff_email_of(live: LiveServer, session_id: str) -> str:
    """The coach who assigned the session (staff of the athlete's program)."""
    rows = sql(
        live,
        """select u.email from athlete_training_sessions s join program_members m on m.id = s.coach_member_id
           join users u on u.id = m.user_id where s.id = %s""",
        session_id,
    )
    return str(rows[0][0])


def api_patch(browser: Any, live: LiveServer, email: str, session_id: str, body: dict[str, Any]) -> None:
    """Another device (its own sign-in) changes the session through the API, as the app would: If-Match, CSRF."""
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, live, email)
    path = f"{live.url}/api/v1/sessions/{session_id}"
    etag = page.request.get(path).headers["etag"]
    csrf = next(c["value"] for c in context.cookies() if c["name"] == "trainingops_csrf")
    answer = page.request.patch(
        path, data=body, headers={"If-Match": etag, "X-CSRF-Token": csrf, "Idempotency-Key": f"other-{etag}"}
    )
    assert answer.status == 200, answer.text()
    context.close()


def test_the_coachs_plan_change_and_the_athletes_offline_log_both_survive_and_a_real_conflict_is_chosen(
    browser: Any, live: LiveServer
) -> None:
    athlete = athletes(live)[2]
    session_id = open_sessions(live, athlete)[0]
    context, page, problems = phone_page(browser, live, athlete)

    # The coach moves the planned distance while the athlete, offline, logs what was done.
    context.set_offline(True)
    api_patch(browser, live, staff_email_of(live, session_id), session_id, {"planned_distance_m": 12_345})
    log_offline(page, live, session_id, km="7")
    context.set_offline(False)
    sync_status(page).filter(has_text=SYNCED).wait_for()
    planned, actual = sql(
        live, "select planned_distance_m, actual_distance_m from athlete_training_sessions where id = %s", session_id
    )[0]
    assert (planned, actual) == (12_345, 7000)

    # The same actual field changed on another device meanwhile: the athlete sees both values and keeps theirs.
    page.reload()  # Today read again online: the log as it landed (Edit my log starts from it)
    page.get_by_role("heading", name="Today", exact=True).wait_for()
    context.set_offline(True)
    api_patch(browser, live, athlete.email, session_id, {"actual_distance_m": 9000})
    log_offline(page, live, session_id, km="10")
    context.set_offline(False)
    page.get_by_role("link", name="1 need you").click()
    page.get_by_role("heading", name="Sync").wait_for()
    row = page.get_by_role("row", name=re.compile("^Distance"))
    assert row.get_by_role("cell").all_inner_texts() == ["10000", "9000"]
    assert axe_violations(page) == [], describe(axe_violations(page))
    screenshot(page, "phone-sync-conflict")
    page.get_by_role("button", name="Keep mine").click()
    sync_status(page).filter(has_text=SYNCED).wait_for()
    assert (
        sql(live, "select actual_distance_m from athlete_training_sessions where id = %s", session_id)[0][0] == 10_000
    )
    assert [p for p in problems if "Content Security Policy" in p] == []
    context.close()


def test_a_sign_in_that_ended_while_offline_keeps_the_outbox_until_the_athlete_signs_in_again(
    browser: Any, live: LiveServer
) -> None:
    athlete = athletes(live)[3]
    session_id = open_sessions(live, athlete)[0]
    context, page, _ = phone_page(browser, live, athlete)

    context.set_offline(True)
    log_offline(page, live, session_id, km="4")
    context.clear_cookies()  # the sign-in ends (expired, or signed out elsewhere)
    sync_status(page).filter(has_text="1 pending").wait_for()
    context.set_offline(False)
    page.wait_for_url("**/sign-in?next=*")  # the write was refused with 401: the app asks to sign in again
    assert sql(live, "select actual_distance_m from athlete_training_sessions where id = %s", session_id)[0][0] is None
    page.get_by_label("Email").fill(athlete.email)
    page.get_by_label("Password").fill("demo-password-2026")
    page.get_by_role("button", name="Sign in").click()
    sync_status(page).filter(has_text=SYNCED).wait_for()
    assert landed_once(live, athlete, session_id) == (4000, 1, 1)
    context.close()

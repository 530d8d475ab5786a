"""Issue 16's gym and check-in screens in a real browser, on the demo: an athlete on a phone logs a gym session
set by set (one done as prescribed, one changed, one skipped, one added) and the set log is in the session's
metrics_json exactly; the athlete checks in and comments; the S&C coach on a desktop sees the check-in on Team Ops,
prescribed vs done for the practice, saves a max from a tested set (Epley 1985), and reads the comment. axe on
every screen; no console error on either side. Phone screenshots when TRAININGOPS_SCREENSHOTS names a folder."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from playwright.sync_api import expect

from tests.e2e.browser.test_coach_story import no_axe_problems, screenshot
from tests.support.browser import LiveServer, serve_demo, sign_in, watch_console
from trainingops.planning.strength_log import epley_1rm

pytestmark = pytest.mark.slow  # a browser and a server on a thread

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
COMMENT = "Squats felt heavy on the second set."


@pytest.fixture(scope="module")
def live_gym(pg_server: Any, template_db: str) -> Iterator[LiveServer]:
    """The demo for today behind a server of this module alone: the test logs sets, checks in, saves a max."""
    yield from serve_demo(pg_server, template_db)


def _rows(live: LiveServer, query: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(live.target.admin_url) as conn:
        return conn.execute(query, params).fetchall()


def gym_story_people(live: LiveServer) -> dict[str, str]:
    """The latest squat & clean session (a practice's, up to today) of an athlete with a tested back squat, the
    athlete, and the strength coach of that program."""
    [(session, athlete, name, email, practice, program, day)] = _rows(
        live,
        "select s.id, a.id, a.name, u.email, s.practice_session_id, p.program_id, s.session_date"
        " from athlete_training_sessions s join workouts w on w.id = s.workout_id"
        " join practice_sessions p on p.id = s.practice_session_id"
        " join athletes a on a.id = s.athlete_id join users u on u.id = a.user_id"
        " where w.name = 'Squat & clean (80 %% 1RM)' and s.session_date <= current_date"
        "   and exists (select 1 from strength_maxes m join training_events te on te.id = m.training_event_id"
        "               where m.athlete_id = a.id and te.name = 'Back squat')"
        " order by s.session_date desc, a.name limit 1",
    )
    [(coach,)] = _rows(
        live,
        "select u.email from program_members m join users u on u.id = m.user_id"
        " where m.program_id = %s and m.role = 'strength_coach' and m.is_active",
        (program,),
    )
    return {
        "session": str(session),
        "athlete": str(athlete),
        "name": name,
        "email": email,
        "practice": str(practice),
        "program": str(program),
        "day": str(day),
        "coach": coach,
    }


def log_sets(page: Any, live: LiveServer, people: dict[str, str]) -> list[dict[str, Any]]:
    """On the phone: done, changed (+2.5 kg), skipped, added; returns the set log the server must hold."""
    prescribed = page.request.get(f"{live.url}/api/v1/sessions/{people['session']}/sets").json()["sets"]
    squat = [r for r in prescribed if r["event_name"] == "Back squat"]
    clean = next(r for r in prescribed if r["event_name"] == "Power clean")
    page.goto(f"{live.url}/today/gym/{people['session']}")
    page.get_by_role("heading", name="Squat & clean (80 % 1RM)", level=1).wait_for()
    first = page.get_by_role("group", name="Back squat, set 1")
    first.get_by_role("button", name="Done").click()
    expect(first).to_contain_text("Done:")
    second = page.get_by_role("group", name="Back squat, set 2")
    second.get_by_role("button", name="Change").click()
    second.get_by_role("button", name="Kilograms: 2.5 more").click()
    page.get_by_role("group", name="Power clean, set 1").get_by_role("button", name="Skip").click()
    page.get_by_role("button", name="Add a set").click()
    added = page.get_by_role("form", name="Add a set")
    added.get_by_label("Exercise").fill("Walking lunge")
    added.get_by_label("Kilograms (empty for bodyweight)").fill("20")
    added.get_by_label("Reps").fill("8")
    added.get_by_role("button", name="Add set").click()
    page.get_by_role("group", name="Walking lunge, set 1").wait_for()
    no_axe_problems(page, "gym sets")
    screenshot(page, "phone-gym-sets")
    with page.expect_response(lambda r: r.url.endswith("/sets") and r.request.method == "PUT") as saved:
        page.get_by_role("button", name="Save sets").click()
    assert saved.value.status == 200, saved.value.text()
    page.get_by_text("Saved. Your sets sync").wait_for()
    kg = squat[0]["prescribed_load_kg"]
    assert kg is not None
    return [
        {"step_id": squat[0]["step_id"], "training_event_id": squat[0]["training_event_id"], "exercise": None,
         "set_number": 1, "status": "done", "load_kg": kg, "reps": squat[0]["prescribed_reps"]},
        {"step_id": squat[1]["step_id"], "training_event_id": squat[1]["training_event_id"], "exercise": None,
         "set_number": 2, "status": "done", "load_kg": kg + 2.5, "reps": squat[1]["prescribed_reps"]},
        {"step_id": clean["step_id"], "training_event_id": clean["training_event_id"], "exercise": None,
         "set_number": 1, "status": "skipped", "load_kg": None, "reps": None},
        {"step_id": None, "training_event_id": None, "exercise": "Walking lunge", "set_number": 1,
         "status": "added", "load_kg": 20.0, "reps": 8},
    ]  # fmt: skip


def check_in(page: Any, live: LiveServer) -> None:
    page.goto(f"{live.url}/check-in")
    page.get_by_role("heading", name="Check-in", level=1).wait_for()
    for item, score in (("Sleep quality", "4"), ("Fatigue", "3"), ("Muscle soreness", "2"), ("Stress", "4")):
        page.get_by_role("group", name=item).get_by_role("radio", name=score, exact=True).check()
    page.get_by_role("group", name="Mood").get_by_role("radio", name="5 (Very positive mood)").check()
    page.get_by_label("Sleep hours").fill("7.5")
    page.get_by_label("Note (optional)").fill("Slept well after the gym.")
    no_axe_problems(page, "check-in")
    screenshot(page, "phone-check-in")
    with page.expect_response(lambda r: "/wellness/" in r.url and r.request.method == "PUT") as saved:
        page.get_by_role("button", name="Save", exact=True).click()
    assert saved.value.status == 201, saved.value.text()
    page.get_by_text("You checked in today: 18 of 25").wait_for()


def comment(page: Any, live: LiveServer, session: str, author: str) -> None:
    page.goto(f"{live.url}/sessions/{session}")
    page.get_by_role("heading", name="Comments").wait_for()
    page.get_by_label("Comment", exact=True).fill(COMMENT)
    with page.expect_response(lambda r: r.url.endswith("/comments") and r.request.method == "POST") as posted:
        page.get_by_role("button", name="Post comment").click()
    assert posted.value.status == 201, posted.value.text()
    landed = page.get_by_role("listitem").filter(has_text=COMMENT)
    expect(landed).to_contain_text(author)  # the server's comment, no longer the queued one
    expect(landed).not_to_contain_text("Waiting to sync")
    no_axe_problems(page, "session comments")


def team_ops_row(page: Any, live: LiveServer, people: dict[str, str]) -> Any:
    page.goto(f"{live.url}/programs/{people['program']}/team-ops")
    page.get_by_role("heading", name="Team Ops", exact=True).wait_for()
    row = page.locator("table.team-ops tbody tr").filter(has=page.get_by_role("link", name=people["name"], exact=True))
    row.wait_for()
    return row


def test_an_athlete_logs_sets_and_checks_in_and_the_strength_coach_follows(browser: Any, live_gym: LiveServer) -> None:
    people = gym_story_people(live_gym)
    coach = browser.new_context(**DESKTOP).new_page()
    sign_in(coach, live_gym, people["coach"])
    coach_problems = watch_console(coach)
    expect(team_ops_row(coach, live_gym, people)).to_contain_text("not checked in")
    coach.get_by_label("Not checked in only").check()
    coach.wait_for_url("**checkin=missing*")
    expect(coach.get_by_role("link", name=people["name"], exact=True)).to_have_count(1)
    no_axe_problems(coach, "team ops")

    athlete = browser.new_context(**PHONE).new_page()
    sign_in(athlete, live_gym, people["email"])
    athlete_problems = watch_console(athlete)
    expected = log_sets(athlete, live_gym, people)
    [(strength,)] = _rows(
        live_gym, "select metrics_json -> 'strength' from athlete_training_sessions where id = %s", (people["session"],)
    )
    assert strength == {"schema": "strength/1", "sets": expected}
    check_in(athlete, live_gym)
    assert _rows(
        live_gym,
        "select sleep_quality, fatigue, muscle_soreness, stress, mood, sleep_hours, note from wellness_checkins"
        " where athlete_id = %s",
        (people["athlete"],),
    ) == [(4, 3, 2, 4, 5, Decimal("7.5"), "Slept well after the gym.")]
    comment(athlete, live_gym, people["session"], people["name"])
    assert athlete_problems == []

    row = team_ops_row(coach, live_gym, people)
    expect(row).to_contain_text("checked in · 18 of 25")
    expect(row).not_to_contain_text("not checked in")
    coach.get_by_label("Not checked in only").check()
    expect(coach.get_by_role("link", name=people["name"], exact=True)).to_have_count(0)

    coach.goto(f"{live_gym.url}/programs/{people['program']}/planner/practices/{people['practice']}")
    coach.get_by_role("link", name="Gym sets: prescribed vs done").click()
    athlete_sets = coach.get_by_role("region", name=people["name"], exact=False)
    table = coach.get_by_role("table", name=f"{people['name']}: prescribed and done per set")
    table.wait_for()
    squat_kg = expected[0]["load_kg"]
    first = table.get_by_role("row").filter(has=coach.get_by_role("rowheader", name="Back squat")).first
    expect(first).to_contain_text(f"{squat_kg:g} kg × 5")
    expect(athlete_sets.first).to_contain_text("4 of")
    expect(table).to_contain_text("skipped")
    expect(table).to_contain_text("added: 20 kg × 8")
    coach.get_by_role("button", name="Estimate 1RM: Back squat, set 1").click()
    one_rm = float(epley_1rm(Decimal(str(squat_kg)), 5))
    expect(first).to_contain_text(f"≈ {one_rm:g} kg")
    no_axe_problems(coach, "gym sets of the practice")
    coach.get_by_role("button", name="Save as max: Back squat, set 1").click()
    coach.get_by_text(f"Saved as max: {one_rm:g} kg").wait_for()
    assert _rows(
        live_gym,
        "select m.one_rm_kg, m.tested_on::text from strength_maxes m join training_events te on te.id = m.training_event_id"
        " where m.athlete_id = %s and te.name = 'Back squat' and m.tested_on = %s",
        (people["athlete"], people["day"]),
    ) == [(Decimal(str(one_rm)), people["day"])]

    coach.goto(f"{live_gym.url}/sessions/{people['session']}")
    coach.get_by_role("listitem").filter(has_text=COMMENT).wait_for()
    assert coach_problems == []

"""The coach's group stopwatch at the track (issue 16), on a phone: the head coach times the Jumps group's 6 × 800 m
(8 athletes × 6 reps) with taps on a clock Playwright drives (so every split is exact), undoes a wrong tap, marks a
DNF, gives a late starter their own start, reloads mid-workout without losing a tap, corrects a split in the
review and saves. In the database: each athlete's session completed with `stopwatch/1` metrics, 6 laps, the
corrected split, the DNF, the duration the sum of the splits. Saving again is refused in words and writes nothing;
the first save's request replayed with its Idempotency-Key is answered as the first time and writes nothing.

Today's practice is made over the API as the coach (a workout "6 × 800 m" in the program's library, a practice
today with it for Jumps — the demo's eight jumpers — published), because the demo's practices fall on Tuesdays
and Thursdays."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest
from playwright.sync_api import expect

from tests.e2e.browser.staff_data import HEAD_COACH, coachs_program
from tests.e2e.browser.test_coach_story import screenshot
from tests.support.browser import (
    LiveServer,
    axe_violations,
    describe,
    offline_request_failed,
    serve_demo,
    sign_in,
    watch_console,
)

pytestmark = pytest.mark.slow  # a browser and a server on a thread

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1180, "height": 820}
REPS, ATHLETES = 6, 8
CORRECTED = 139_900  # the split typed in the review (2:19.9) for the first athlete's first rep
DNF = (6, 3)  # the seventh athlete does not finish the fourth rep
LATE = (7, 1, 3_000)  # the last athlete starts the second rep 3.0 s after the clock


@pytest.fixture(scope="module")
def live_track(pg_server: Any, template_db: str) -> Iterator[LiveServer]:
    """The demo for today behind a server of this module alone: the test files splits."""
    yield from serve_demo(pg_server, template_db)


def split_ms(athlete: int, rep: int) -> int:
    """The split each athlete runs: 2:20.0 for the first, a second slower per athlete, 0.3 s slower per rep."""
    return 140_000 + athlete * 1_000 + rep * 300


def csrf(page: Any) -> dict[str, str]:
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "trainingops_csrf")
    return {"X-CSRF-Token": token}


def api(page: Any, live: LiveServer, method: str, path: str, body: Any = None, **headers: str) -> Any:
    answer = page.request.fetch(
        f"{live.url}/api/v1{path}",
        method=method,
        headers={**csrf(page), **headers},
        data=body,
    )
    assert answer.ok, f"{method} {path}: {answer.status} {answer.text()}"
    return answer.json()


def todays_practice(page: Any, live: LiveServer, title: str = "Track session", start: str = "16:00") -> str:
    """Today's practice with 6 × 800 m for Jumps (a workout of its own), published; returns its id."""
    program = coachs_program(live)
    today = datetime.now(ZoneInfo(api(page, live, "GET", f"/programs/{program}")["time_zone"])).date().isoformat()
    season = next(
        s
        for s in api(page, live, "GET", f"/programs/{program}/team-seasons")["items"]
        if s["start_date"] <= today <= s["end_date"]
    )
    jumps = next(
        g for g in api(page, live, "GET", f"/programs/{program}/event-groups")["items"] if g["name"] == "Jumps"
    )
    events = {e["name"]: e["id"] for e in api(page, live, "GET", f"/programs/{program}/training-events")["items"]}
    workout = api(
        page,
        live,
        "POST",
        f"/programs/{program}/workouts",
        {
            "name": "6 × 800 m" if start == "16:00" else f"6 × 800 m at {start}",
            "workout_category": "run",
            "steps": [
                {"training_event_id": events["Easy running"], "target_distance_m": 2000, "target_duration_sec": 660},
                {
                    "repeat": REPS,
                    "steps": [
                        {
                            "training_event_id": events["Interval rep"],
                            "target_distance_m": 800,
                            "target_duration_sec": 140,
                        },
                        {"training_event_id": events["Recovery jog"], "target_duration_sec": 120},
                    ],
                },
            ],
        },
    )
    practice = api(
        page,
        live,
        "POST",
        f"/team-seasons/{season['id']}/practice-sessions",
        {"practice_date": today, "title": title, "start_time": start},
    )
    api(
        page,
        live,
        "POST",
        f"/practice-sessions/{practice['id']}/workouts",
        {"workout_id": workout["id"], "event_group_id": jumps["id"]},
    )
    version = api(page, live, "GET", f"/practice-sessions/{practice['id']}")["version"]
    api(page, live, "POST", f"/practice-sessions/{practice['id']}/publish", **{"If-Match": f'"v{version}"'})
    return str(practice["id"])


def filed(live: LiveServer, practice_id: str) -> dict[str, dict[str, Any]]:
    """Each athlete's run session of the practice, by athlete name: what the stopwatch filed."""
    with psycopg.connect(live.target.admin_url) as conn:
        rows = conn.execute(
            "select a.name, s.completed_at is not null, s.metrics_json, s.actual_duration_sec, s.actual_distance_m,"
            " s.version from athlete_training_sessions s join athletes a on a.id = s.athlete_id"
            " where s.practice_session_id = %s and s.workout_category = 'run'",
            (practice_id,),
        ).fetchall()
    return {
        r[0]: {"completed": r[1], "metrics": r[2], "duration": r[3], "distance": r[4], "version": r[5]} for r in rows
    }


def no_axe_problems(page: Any, where: str) -> None:
    found = axe_violations(page)
    assert found == [], f"{where}: {describe(found)}"


def finish_button(page: Any, name: str) -> Any:
    return page.get_by_role("button", name=re.compile(f"^{re.escape(name)}"))


def time_rep(page: Any, names: list[str], rep: int) -> None:
    """One rep: start the clock, then each athlete at their split (the clock jumps exactly there), by tap or key."""
    page.get_by_role("button", name=f"Start rep {rep + 1}").click()
    elapsed = 0
    if rep == LATE[1]:
        page.clock.fast_forward(LATE[2])
        elapsed = LATE[2]
        page.get_by_role("button", name=f"Late start, {names[LATE[0]]}").click()
        expect(finish_button(page, names[LATE[0]])).to_contain_text("late start +0:03.0")
    for athlete, name in enumerate(names):
        if (athlete, rep) == DNF:
            page.get_by_role("button", name=f"DNF, {name}").click()
            continue
        target = split_ms(athlete, rep) + (LATE[2] if (athlete, rep) == LATE[:2] else 0)
        if rep == 0 and athlete == 2:  # a wrong tap (the fourth athlete for the third), undone
            page.clock.fast_forward(target - elapsed)
            elapsed = target
            finish_button(page, names[3]).click()
            page.get_by_role("button", name=re.compile("^Undo")).click()
            expect(finish_button(page, names[3])).to_contain_text("running")
        page.clock.fast_forward(target - elapsed)
        elapsed = target
        if rep == REPS - 1:  # the last rep from the keyboard: 1–8 are the athletes in order
            page.keyboard.press(str(athlete + 1))
        else:
            finish_button(page, name).click()
        expect(finish_button(page, name)).to_contain_text(format_split(split_ms(athlete, rep)))


def format_split(ms: int) -> str:
    return f"{ms // 60_000}:{ms // 1000 % 60:02d}.{ms // 100 % 10}"


def test_the_coach_times_eight_athletes_over_six_reps_and_files_them_once(browser: Any, live_track: LiveServer) -> None:
    context = browser.new_context(viewport=PHONE, has_touch=True)
    page = context.new_page()
    sign_in(page, live_track, HEAD_COACH)
    problems = watch_console(page)  # from here: before sign-in "who is signed in?" answers 401 by design
    practice_id = todays_practice(page, live_track)
    program = coachs_program(live_track)
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Stopwatch")).to_have_count(1)

    # The clock is Playwright's from here; paused while the reps are timed, it moves only when the test says, so each
    # split is exact (it runs between, as TanStack Query delivers answers on a timer).
    page.clock.install()
    page.goto(f"{live_track.url}/programs/{program}/stopwatch")
    page.get_by_role("heading", name="Stopwatch", exact=True).wait_for()
    expect(page.get_by_label("Workout")).to_contain_text("6 × 800 m, Jumps")
    expect(page.get_by_label("Reps")).to_have_value(str(REPS))
    expect(page.get_by_label("Rep distance (m)")).to_have_value("800")
    roster = page.get_by_role("group", name=re.compile("^Athletes")).get_by_role("checkbox")
    expect(roster.first).to_be_visible()
    everyone = roster.count()
    assert everyone >= ATHLETES
    for extra in range(ATHLETES, everyone):  # not at the track today: left out, their session stays planned
        roster.nth(extra).uncheck()
    absent = [roster.nth(i).get_attribute("id") for i in range(ATHLETES, everyone)]
    expect(page.get_by_text(f"Athletes ({ATHLETES} of {everyone} timed)")).to_be_visible()
    no_axe_problems(page, "stopwatch setup")
    page.get_by_role("button", name="Start timing").click()
    pauses = iter(datetime.now() + timedelta(hours=n) for n in range(1, 5))
    page.clock.pause_at(next(pauses))

    page.get_by_role("button", name="Start rep 1").wait_for()
    names = page.locator(".stopwatch-finish .stopwatch-name").all_inner_texts()
    assert len(names) == ATHLETES
    for rep in range(REPS):
        time_rep(page, names, rep)
        if rep == 0:  # axe works on timers: the clock runs while it looks
            page.clock.resume()
            no_axe_problems(page, "stopwatch timing")
            screenshot(page, "phone-stopwatch")
            page.set_viewport_size(TABLET)  # a tablet in landscape at the track: the same board, three columns
            no_axe_problems(page, "stopwatch timing, tablet")
            page.set_viewport_size(PHONE)
            page.clock.pause_at(next(pauses))
        if rep == 2:  # a reload mid-workout: the taps are in localStorage
            page.clock.resume()
            page.reload()
            expect(finish_button(page, names[0])).to_contain_text(format_split(split_ms(0, 2)))
            page.clock.pause_at(next(pauses))
        if rep < REPS - 1:
            page.get_by_role("button", name="Next rep").click()
    expect(finish_button(page, names[DNF[0]])).to_contain_text(format_split(split_ms(DNF[0], REPS - 1)))
    page.clock.resume()
    page.get_by_role("button", name="Review splits").click()

    page.get_by_role("heading", name="Review splits").wait_for()
    first = page.get_by_label(f"Split, rep 1, {names[0]}", exact=True)
    expect(first).to_have_value(format_split(split_ms(0, 0)))
    expect(page.get_by_label(f"DNF, rep {DNF[1] + 1}, {names[DNF[0]]}", exact=True)).to_be_checked()
    first.fill("2:75")
    expect(page.get_by_text("Write the time as m:ss.t, e.g. 2:21.4")).to_be_visible()
    expect(page.get_by_role("button", name="Save")).to_be_disabled()
    first.fill(format_split(CORRECTED))
    no_axe_problems(page, "stopwatch review")
    with page.expect_request(lambda r: r.url.endswith(f"/practice-sessions/{practice_id}/splits")) as sent:
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Filed")).to_be_visible()

    rows = filed(live_track, practice_id)
    assert len(rows) == everyone and len(absent) == everyone - ATHLETES
    assert [n for n, row in rows.items() if not row["completed"]] == [n for n in rows if n not in names]
    by_name = {n: rows[n] for n in names}
    for athlete, name in enumerate(names):
        row = by_name[name]
        laps = row["metrics"]["laps"]
        expected = [
            None if (athlete, rep) == DNF else CORRECTED if (athlete, rep) == (0, 0) else split_ms(athlete, rep)
            for rep in range(REPS)
        ]
        assert row["completed"] and row["metrics"]["schema"] == "stopwatch/1", name
        assert [lap["split_ms"] for lap in laps] == expected, name
        assert [lap["dnf"] for lap in laps] == [s is None for s in expected], name
        assert row["duration"] == round(sum(s or 0 for s in expected) / 1000), name
        assert row["distance"] == 800 * sum(s is not None for s in expected), name

    # Saving again: refused in words, nothing written.
    page.get_by_role("button", name="Save").click()
    refused = page.get_by_role("alert").filter(has_text="Not filed")
    expect(refused).to_contain_text(f"{names[0]} already logged this session: their log stays")
    no_axe_problems(page, "stopwatch refused")
    page.get_by_role("button", name="Discard this save").click()  # the refused write leaves the outbox
    expect(page.get_by_role("status").filter(has_text="All synced")).to_be_visible()
    # The first save retried with its Idempotency-Key: the first answer again, nothing written.
    first_save = sent.value
    replay = page.request.post(
        first_save.url,
        headers={
            **csrf(page),
            "Content-Type": "application/json",
            "Idempotency-Key": first_save.headers["idempotency-key"],
        },
        data=first_save.post_data,
    )
    assert replay.status == 200 and replay.headers.get("idempotent-replayed") == "true"
    assert filed(live_track, practice_id) == rows
    # The browser logs the refused second save's answer itself; nothing else may be logged.
    assert [p for p in problems if "status of 409 (Conflict)" not in p] == []
    assert len(problems) == 1
    context.close()


def test_a_workout_timed_offline_is_saved_on_the_tablet_and_filed_once_when_back_online(
    browser: Any, live_track: LiveServer
) -> None:
    context = browser.new_context(viewport=TABLET, has_touch=True)
    page = context.new_page()
    sign_in(page, live_track, HEAD_COACH)
    problems = watch_console(page)
    practice_id = todays_practice(page, live_track, "Evening track", "18:00")
    page.clock.install()
    page.goto(f"{live_track.url}/programs/{coachs_program(live_track)}/stopwatch?practice={practice_id}")
    expect(page.get_by_label("Practice")).to_contain_text("Evening track")
    roster = page.get_by_role("group", name=re.compile("^Athletes")).get_by_role("checkbox")
    expect(roster.first).to_be_visible()
    for extra in range(ATHLETES, roster.count()):
        roster.nth(extra).uncheck()
    page.get_by_role("button", name="Start timing").click()
    names = page.locator(".stopwatch-finish .stopwatch-name").all_inner_texts()

    context.set_offline(True)  # the track has no signal: timing, review and save need none
    for rep in range(REPS):
        page.get_by_role("button", name=f"Start rep {rep + 1}").click()
        page.clock.fast_forward(120_000)
        for name in names:
            finish_button(page, name).click()
            page.clock.fast_forward(500)
        page.get_by_role("button", name="Review splits" if rep == REPS - 1 else "Next rep").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Saved on this device")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="1 pending")).to_have_count(2)  # the app's and the screen's
    assert [r for r in filed(live_track, practice_id).values() if r["completed"]] == []

    context.set_offline(False)
    expect(page.get_by_role("status").filter(has_text="Filed")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="All synced")).to_be_visible()
    rows = filed(live_track, practice_id)
    assert sorted(n for n, r in rows.items() if r["completed"]) == sorted(names)
    assert all(
        len(rows[n]["metrics"]["laps"]) == REPS and rows[n]["version"] == rows[names[0]]["version"] for n in names
    )
    with psycopg.connect(live_track.target.admin_url) as conn:
        records = conn.execute(
            "select count(*) from idempotency_records where response_body::jsonb ->> 'practice_session_id' = %s",
            (practice_id,),
        ).fetchone()
    assert records == (1,)
    # Chromium logs each request it could not send while offline; nothing else may be logged.
    assert [p for p in problems if not offline_request_failed(p)] == []
    context.close()

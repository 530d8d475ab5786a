"""Issue 16's offline story in one test, on the demo behind a real server: with no network, two athletes on their
phones log 10 sessions between them (one a gym session, set by set), write 3 comments and a check-in, and a coach
on a tablet times 8 athletes × 6 reps with the group stopwatch; back online, every write is on the server exactly
once — 0 duplicates, 0 lost — checked in the database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.browser import LiveServer, serve_demo, sign_in, sql, watch_console

pytestmark = pytest.mark.slow  # a browser and a server on a thread

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
TABLET = {"viewport": {"width": 820, "height": 1180}, "has_touch": True}
REPS = 6
TIMED = 8
COMMENT = "Offline comment {n}: legs fine, wind strong."


@dataclass
class Person:
    email: str
    user_id: str
    athlete_id: str | None = None


@dataclass
class Stopwatch:
    program_id: str
    practice_id: str
    entry_id: str
    coach: Person
    athletes: list[str]  # every athlete with a session of the workout to time


@pytest.fixture(scope="module")
def live(pg_server: Any, template_db: str) -> Iterator[LiveServer]:
    yield from serve_demo(pg_server, template_db)


def the_stopwatch(live: LiveServer) -> Stopwatch:
    """The next published practice's run workout with at least 8 sessions to time, its head coach, 8 athletes."""
    [(program, practice, entry)] = sql(
        live,
        """select p.program_id::text, p.id::text, psw.id::text from practice_sessions p
           join practice_session_workouts psw on psw.practice_session_id = p.id
           join workouts w on w.id = psw.workout_id
           join athlete_training_sessions s on s.practice_session_workout_id = psw.id
           where w.workout_category = 'run' and p.status = 'published' and s.completed_at is null
             and p.practice_date >= current_date
           group by p.program_id, p.id, psw.id, p.practice_date having count(*) >= %s
           order by p.practice_date, psw.id limit 1""",
        TIMED,
    )
    [(email, user_id)] = sql(
        live,
        """select u.email, u.id::text from program_members m join users u on u.id = m.user_id
           where m.program_id = %s and m.role = 'head_coach' and m.is_active order by u.email limit 1""",
        program,
    )
    athletes = sql(
        live,
        """select s.athlete_id::text from athlete_training_sessions s join athletes a on a.id = s.athlete_id
           where s.practice_session_workout_id = %s and s.completed_at is null order by a.name""",
        entry,
    )
    return Stopwatch(program, practice, entry, Person(email, user_id), [a for (a,) in athletes])


def story_athletes(live: LiveServer, stopwatch: Stopwatch) -> list[tuple[Person, str, list[str]]]:
    """Two athletes (not timed, not staff) with a gym session set by set to log and the most other open sessions
    in the app's window (the last 28 days and the next 14) outside the timed workout: (athlete, gym session,
    the other sessions, oldest first)."""
    rows = sql(
        live,
        """select u.email, u.id::text, a.id::text,
             (array_agg(s.id::text order by s.session_date, s.id) filter (where w.name like 'Squat%%'))[1],
             array_agg(s.id::text order by s.session_date, s.id) filter (where s.workout_category <> 'gym')
           from athletes a join users u on u.id = a.user_id
           join athlete_training_sessions s on s.athlete_id = a.id and s.completed_at is null
           left join workouts w on w.id = s.workout_id
           where s.session_date between current_date - 28 and current_date + 14
             and s.practice_session_workout_id is distinct from %s::uuid
             and not (a.id = any(%s::uuid[]))  -- nobody the coach may time
             and not exists (select 1 from program_members m where m.user_id = u.id)
           group by u.email, u.id, a.id
           having count(*) filter (where w.name like 'Squat%%') > 0
           order by count(*) filter (where s.workout_category <> 'gym') desc, u.email limit 2""",
        stopwatch.entry_id,
        stopwatch.athletes,
    )
    return [(Person(email, user, athlete), gym, others) for email, user, athlete, gym, others in rows]


def device(browser: Any, live: LiveServer, person: Person, viewport: dict[str, Any]) -> tuple[Any, Any, list[str]]:
    """A signed-in device whose service worker controls the page (reads from now on are kept for offline)."""
    context = browser.new_context(**viewport)
    page = context.new_page()
    problems = watch_console(page)
    sign_in(page, live, person.email)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    return context, page, problems


def sync_status(page: Any) -> Any:
    """The app frame's sync state (role=status; other status lines may say "pending" too)."""
    return page.get_by_role("status").and_(page.locator(".sync-state"))


def visit(page: Any, url: str, heading: str | re.Pattern[str]) -> None:
    page.goto(url)
    page.get_by_role("heading", name=heading, level=1).first.wait_for()


def log_session(page: Any, live: LiveServer, session_id: str, km: int) -> None:
    page.goto(f"{live.url}/today/log/{session_id}")
    page.get_by_label("Duration").fill("0:42:00")
    page.get_by_label("Distance").fill(str(km))
    page.get_by_label("RPE").select_option("5")
    page.get_by_label("Notes").fill(f"offline log {km}")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/today$"))


def log_gym_sets(page: Any, live: LiveServer, session_id: str) -> None:
    page.goto(f"{live.url}/today/gym/{session_id}")
    page.get_by_role("group", name=re.compile(r", set 1$")).first.get_by_role("button", name="Done").click()
    page.get_by_role("button", name="Save sets").click()
    page.get_by_text("Saved. Your sets sync").wait_for()


def post_comment(page: Any, live: LiveServer, session_id: str, text: str) -> None:
    page.goto(f"{live.url}/sessions/{session_id}")
    page.get_by_label("Comment", exact=True).fill(text)
    page.get_by_role("button", name="Post comment").click()
    page.get_by_role("listitem").filter(has_text=text).wait_for()


def check_in(page: Any, live: LiveServer) -> None:
    page.goto(f"{live.url}/check-in")
    for item, score in (("Sleep quality", "4"), ("Fatigue", "3"), ("Muscle soreness", "2"), ("Stress", "4")):
        page.get_by_role("group", name=item).get_by_role("radio", name=score, exact=True).check()
    page.get_by_role("group", name="Mood").get_by_role("radio", name="5 (Very positive mood)").check()
    page.get_by_label("Sleep hours").fill("7.5")
    page.get_by_role("button", name="Save", exact=True).click()


def time_the_group(page: Any, live: LiveServer, stopwatch: Stopwatch) -> list[str]:
    """Setup read online; the timing and the save happen with no network. Returns the athlete ids timed."""
    visit(
        page, f"{live.url}/programs/{stopwatch.program_id}/stopwatch?practice={stopwatch.practice_id}", re.compile("")
    )
    page.get_by_label("Practice").select_option(stopwatch.practice_id)
    page.get_by_label("Workout").select_option(stopwatch.entry_id)
    page.get_by_label("Reps").fill(str(REPS))
    page.get_by_label("Rep distance (m)").fill("1000")
    boxes = page.locator(".stopwatch-roster input[type=checkbox]")
    boxes.first.wait_for()
    for index in range(TIMED, boxes.count()):
        boxes.nth(index).uncheck()
    timed = [box.get_attribute("id").removeprefix("stopwatch-athlete-") for box in boxes.all() if box.is_checked()]
    page.context.set_offline(True)
    page.get_by_role("button", name="Start timing").click()
    for rep in range(1, REPS + 1):
        page.get_by_role("button", name=f"Start rep {rep}").click()
        finish = page.locator(".stopwatch-finish")
        for index in range(TIMED):
            finish.nth(index).click()
        page.get_by_text(f"{TIMED} of {TIMED} in").wait_for()
        page.get_by_role("button", name="Review splits" if rep == REPS else "Next rep").click()
    page.get_by_role("heading", name="Review splits").wait_for()
    page.get_by_role("button", name="Save", exact=True).click()
    sync_status(page).filter(has_text="1 pending").wait_for()
    return timed


def test_the_offline_story_lands_every_write_exactly_once(browser: Any, live: LiveServer) -> None:
    stopwatch = the_stopwatch(live)
    (first, first_gym, first_runs), (second, _, second_runs) = story_athletes(live, stopwatch)
    logs = {first.user_id: first_runs[:4], second.user_id: second_runs[:5]}
    assert [len(v) for v in logs.values()] == [4, 5]
    comments = [(first, first_runs[0]), (first, first_gym), (second, second_runs[0])]

    # Every device opens the app online once (the screens' reads are kept), then loses the network.
    phones = {}
    for athlete in (first, second):
        context, page, problems = device(browser, live, athlete, PHONE)
        visit(page, live.url + "/today", "Today")
        for session_id in {s for who, s in comments if who is athlete}:
            visit(page, f"{live.url}/sessions/{session_id}", re.compile(""))
            page.get_by_role("heading", name="Comments").wait_for()
        phones[athlete.user_id] = (context, page, problems)
    first_page = phones[first.user_id][1]
    visit(first_page, f"{live.url}/today/gym/{first_gym}", re.compile(""))
    first_page.get_by_role("button", name="Save sets").wait_for()
    visit(first_page, f"{live.url}/check-in", "Check-in")
    coach_context, coach_page, coach_problems = device(browser, live, stopwatch.coach, TABLET)

    for context, _, _ in phones.values():
        context.set_offline(True)
    for athlete in (first, second):
        page = phones[athlete.user_id][1]
        for number, session_id in enumerate(logs[athlete.user_id], start=1):
            log_session(page, live, session_id, km=number + 3)
    log_gym_sets(first_page, live, first_gym)
    for number, (athlete, session_id) in enumerate(comments, start=1):
        post_comment(phones[athlete.user_id][1], live, session_id, COMMENT.format(n=number))
    check_in(first_page, live)
    timed_athletes = time_the_group(coach_page, live, stopwatch)  # goes offline before the first rep
    assert len(timed_athletes) == TIMED
    sync_status(first_page).filter(has_text="8 pending").wait_for()
    sync_status(phones[second.user_id][1]).filter(has_text="6 pending").wait_for()
    before = dict(sql(live, "select user_id::text, count(*) from idempotency_records group by user_id"))

    # Back online: each device syncs on its own.
    for context, _, _ in [*phones.values(), (coach_context, coach_page, None)]:
        context.set_offline(False)
    for _, page, _ in [*phones.values(), (coach_context, coach_page, None)]:
        sync_status(page).filter(has_text="All synced").wait_for(timeout=30_000)

    # Exactly once, in the database: one idempotency record per write and per user, no key twice ...
    after = dict(sql(live, "select user_id::text, count(*) from idempotency_records group by user_id"))
    added = {user: after.get(user, 0) - before.get(user, 0) for user in (first.user_id, second.user_id)}
    assert added == {first.user_id: 4 + 1 + 2 + 1, second.user_id: 5 + 1}
    assert sql(live, "select count(*) - count(distinct (user_id, idempotency_key)) from idempotency_records") == [(0,)]
    # ... each log once (one update by its athlete, the values sent), the gym sets with the session ...
    for athlete in (first, second):
        for number, session_id in enumerate(logs[athlete.user_id], start=1):
            assert sql(
                live,
                """select s.actual_distance_m, s.completed_at is not null,
                     (select count(*) from athlete_training_session_history h where h.session_id = s.id
                       and h.operation = 'update' and h.changed_by = %s)
                   from athlete_training_sessions s where s.id = %s""",
                athlete.user_id,
                session_id,
            ) == [((number + 3) * 1000, True, 1)]
    assert sql(
        live,
        """select metrics_json -> 'strength' ->> 'schema', (select count(*) from athlete_training_session_history h
             where h.session_id = s.id and h.operation = 'update' and h.changed_by = %s)
           from athlete_training_sessions s where s.id = %s""",
        first.user_id,
        first_gym,
    ) == [("strength/1", 1)]
    # ... the 3 comments and the check-in once each ...
    for number, (athlete, session_id) in enumerate(comments, start=1):
        assert sql(
            live,
            "select count(*) from session_comments where session_id = %s and author_user_id = %s and body = %s",
            session_id,
            athlete.user_id,
            COMMENT.format(n=number),
        ) == [(1,)]
    assert sql(
        live, "select count(*) from wellness_checkins where athlete_id = %s and note is null", first.athlete_id
    ) == [(1,)]
    for _, _, problems in phones.values():
        assert [p for p in problems if "Content Security Policy" in p] == []
    # ... and the stopwatch's 8 × 6 splits filed into the 8 sessions, once.
    assert after.get(stopwatch.coach.user_id, 0) - before.get(stopwatch.coach.user_id, 0) == 1
    timed = sql(
        live,
        """select count(*), min(jsonb_array_length(metrics_json -> 'laps')), max(jsonb_array_length(metrics_json -> 'laps')),
             bool_and(metrics_json ->> 'schema' = 'stopwatch/1'),
             max((select count(*) from athlete_training_session_history h where h.session_id = s.id
                   and h.operation = 'update'))
           from athlete_training_sessions s where s.practice_session_workout_id = %s and s.completed_at is not null
             and s.athlete_id = any(%s::uuid[])""",
        stopwatch.entry_id,
        timed_athletes,
    )
    assert timed == [(TIMED, REPS, REPS, True, 1)]
    assert [p for p in coach_problems if "Content Security Policy" in p] == []

"""Program administration in a real browser, against the demo (a database of this module's own, since it writes):
the head coach creates a season and an event group, moves an athlete and changes a status, imports a roster CSV
whose bad row is shown and nothing written, then the fixed file; a conflicting change is said and reloaded; an
assistant coach and an athletic trainer see what their role lets them change; axe finds nothing serious on any page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import psycopg
import pytest
from playwright.sync_api import expect

from tests.conftest import Server
from tests.support.browser import (
    LiveServer,
    axe_violations,
    describe,
    serve_demo,
    sign_in,
    signed_in_page,
)

pytestmark = pytest.mark.slow  # a browser and a server on a thread

HEAD_COACH = "maria.alvarez@northfield.edu"
ASSISTANT_COACH = "dev.patel@northfield.edu"
ATHLETIC_TRAINER = "priya.nair@northfield.edu"
SUB_PAGES = (
    "Settings",
    "Members",
    "Seasons",
    "Event groups",
    "Roster",
    "Athletes",
    "Imports",
    "Load settings",
    "Calendar feeds",
)


@pytest.fixture(scope="module")
def live(pg_server: Server, template_db: str) -> Iterator[LiveServer]:
    yield from serve_demo(pg_server, template_db)


def _one(live: LiveServer, sql: str, params: tuple[Any, ...] | None = None) -> Any:
    with psycopg.connect(live.target.admin_url) as conn:
        row = conn.execute(sql, params).fetchone()
    assert row is not None, sql
    return row[0] if len(row) == 1 else row


def _northfield(live: LiveServer) -> str:
    return str(_one(live, "select id from programs where name like 'Northfield%'"))


def _current_entry(live: LiveServer, group: str) -> tuple[str, str]:
    """The first athlete (by name) in ``group`` on Northfield's current season: (roster entry id, name)."""
    row = _one(
        live,
        "select r.id, a.name from roster_entries r join athletes a on a.id = r.athlete_id"
        " join team_seasons s on s.id = r.team_season_id join event_groups g on g.id = r.event_group_id"
        " join programs p on p.id = s.program_id"
        " where p.name like 'Northfield%%' and current_date between s.start_date and s.end_date"
        " and g.name = %s and r.status = 'active' order by a.name limit 1",
        (group,),
    )
    return str(row[0]), str(row[1])


def _admin(page: Any, live: LiveServer, sub_page: str) -> None:
    page.goto(f"{live.url}/programs/{_northfield(live)}/admin/{sub_page}")


def _no_serious_axe(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def _unexpected(problems: list[str], *statuses: int) -> list[str]:
    """Console errors, less Chromium's own line for an answer the test asked for (a 412, a 422)."""
    expected = tuple(f"the server responded with a status of {s} " for s in statuses)
    return [p for p in problems if not any(e in p for e in expected)]


def test_every_admin_page_has_no_serious_axe_finding_and_no_console_error(browser: Any, live: LiveServer) -> None:
    page, problems = signed_in_page(browser, live, HEAD_COACH)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Administration").click()
    page.get_by_role("heading", name="Program settings").wait_for()
    for name in SUB_PAGES:
        link = page.get_by_role("navigation", name="Administration").get_by_role("link", name=name, exact=True)
        link.click()
        expect(link).to_have_attribute("aria-current", "page")
        page.wait_for_load_state("networkidle")
        expect(page.get_by_text("Loading")).to_have_count(0)
        assert page.get_by_role("alert").count() == 0, (name, page.get_by_role("alert").all_inner_texts())
        _no_serious_axe(page)
    assert problems == []
    page.close()


def test_the_head_coach_creates_a_season_and_a_group_moves_an_athlete_and_changes_a_status(
    browser: Any, live: LiveServer
) -> None:
    page, problems = signed_in_page(browser, live, HEAD_COACH)
    start, end = date.today() + timedelta(150), date.today() + timedelta(300)

    _admin(page, live, "seasons")
    page.get_by_label("Season name").fill("Indoor 2027")
    page.get_by_label("Starts on").fill(start.isoformat())
    page.get_by_label("Ends on").fill(end.isoformat())
    page.get_by_role("button", name="Create season").click()
    page.get_by_role("status").filter(has_text="Season Indoor 2027 created.").wait_for()
    page.get_by_role("row", name="Indoor 2027").wait_for()
    assert _one(live, "select count(*) from team_seasons where name = 'Indoor 2027' and start_date = %s", (start,)) == 1

    page.get_by_role("navigation", name="Administration").get_by_role("link", name="Event groups").click()
    page.get_by_label("Group name").fill("Hurdles")
    page.get_by_role("button", name="Create event group").click()
    page.get_by_role("status").filter(has_text="Event group Hurdles created.").wait_for()

    entry_id, name = _current_entry(live, "Sprints")
    page.get_by_role("navigation", name="Administration").get_by_role("link", name="Roster").click()
    page.get_by_label(f"Event group of {name}").select_option(label="Hurdles")
    page.get_by_role("button", name=f"Save {name}").click()
    page.get_by_role("status").filter(has_text=f"Moved {name} to Hurdles.").wait_for()
    expect(page.get_by_role("button", name=f"Save {name}")).to_have_count(0)
    page.get_by_label(f"Status of {name}").select_option(label="Injured")
    page.get_by_role("button", name=f"Save {name}").click()
    page.get_by_role("status").filter(has_text=f"{name} is now injured.").wait_for()
    moved = _one(
        live,
        "select g.name, r.status::text from roster_entries r join event_groups g on g.id = r.event_group_id where r.id = %s",
        (entry_id,),
    )
    assert tuple(moved) == ("Hurdles", "injured")
    assert page.get_by_label(f"Event group of {name}").input_value() != ""
    _no_serious_axe(page)
    assert problems == []
    page.close()


def test_the_head_coach_changes_a_role_and_deactivates_a_member_after_confirming(
    browser: Any, live: LiveServer
) -> None:
    page, problems = signed_in_page(browser, live, HEAD_COACH)
    _admin(page, live, "members")
    page.get_by_role("row", name="Maria Alvarez").get_by_text("You cannot change your own membership.").wait_for()
    page.get_by_label("Role of Tom Brennan").select_option(label="Strength coach")
    page.get_by_role("button", name="Save role of Tom Brennan").click()
    page.get_by_role("status").filter(has_text="Tom Brennan is now strength coach.").wait_for()
    page.get_by_role("button", name="Deactivate Lena Fischer").click()
    page.get_by_role("group", name="Deactivate Lena Fischer?").wait_for()
    _no_serious_axe(page)
    page.get_by_role("button", name="Confirm: deactivate Lena Fischer").click()
    page.get_by_role("status").filter(has_text="Lena Fischer is deactivated").wait_for()
    page.get_by_role("button", name="Restore Lena Fischer").wait_for()
    staff = "select m.role::text, m.is_active from program_members m join users u on u.id = m.user_id where u.name = %s"
    assert tuple(_one(live, staff, ("Tom Brennan",))) == ("strength_coach", True)
    assert tuple(_one(live, staff, ("Lena Fischer",))) == ("assistant_coach", False)
    assert problems == []
    page.close()


def test_a_roster_import_shows_every_bad_row_imports_nothing_then_imports_the_fixed_file(
    browser: Any, live: LiveServer
) -> None:
    program_id = _northfield(live)
    season_id = str(
        _one(
            live,
            "insert into team_seasons (program_id, name, sport, start_date, end_date) values (%s, 'Summer camp',"
            " 'Track and field', current_date + 400, current_date + 430) returning id",
            (program_id,),
        )
    )
    bad = (
        "name,email,event_group,status\n"
        "Nia Example,nia.example@example.edu,Sprints,active\n"
        "Omar Example,,Hurdling,active\n"
        "Pia Example,,Sprints,sleeping\n"
        "Quin Example,,Throws,redshirt\n"
    )
    page, problems = signed_in_page(browser, live, HEAD_COACH)
    page.goto(f"{live.url}/programs/{program_id}/admin/imports?season={season_id}")
    page.get_by_role("heading", name="CSV imports").wait_for()
    assert page.get_by_label("Season to import into").input_value() == season_id

    upload = page.get_by_label("Roster CSV file")
    upload.set_input_files(files=[{"name": "roster.csv", "mimeType": "text/csv", "buffer": bad.encode()}])
    page.get_by_role("button", name="Check roster file").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "2 problems in 2 rows" in alert.inner_text() and "nothing was imported" in alert.inner_text()
    table = page.get_by_role("table", name="Rows with problems")
    rows = [r.split("\t") for r in table.locator("tbody tr").all_inner_texts()]
    assert [(r[0], r[1]) for r in rows] == [("3", "event_group"), ("4", "status")], rows
    assert all(r[2].strip() for r in rows)
    assert page.get_by_role("button", name="Import roster").is_disabled()
    _no_serious_axe(page)
    assert _one(live, "select count(*) from roster_entries where team_season_id = %s", (season_id,)) == 0

    fixed = bad.replace("Hurdling", "Jumps").replace("sleeping", "injured")
    upload.set_input_files(files=[{"name": "roster-fixed.csv", "mimeType": "text/csv", "buffer": fixed.encode()}])
    page.get_by_role("button", name="Check roster file").click()
    page.get_by_text("The file is valid: nothing is written yet").wait_for()
    checked = page.get_by_role("status").filter(has_text="4 rows").inner_text()
    assert "4 would join the roster" in checked and "1 athlete would be invited to claim their profile." in checked
    assert _one(live, "select count(*) from roster_entries where team_season_id = %s", (season_id,)) == 0
    page.get_by_role("button", name="Import roster").click()
    page.get_by_role("heading", name="Imported").wait_for()
    imported = page.get_by_role("status").filter(has_text="4 rows").inner_text()
    assert (
        "4 joined the roster" in imported and "1 athlete invited to claim their profile: no mail went out" in imported
    )
    assert _one(live, "select count(*) from roster_entries where team_season_id = %s", (season_id,)) == 4

    page.get_by_role("navigation", name="Administration").get_by_role("link", name="Roster").click()
    page.get_by_label("Season", exact=True).select_option(season_id)
    page.get_by_label("Status of Pia Example").wait_for()
    assert page.get_by_label("Status of Pia Example").input_value() == "injured"
    assert _unexpected(problems, 422) == []
    page.close()


def test_a_change_someone_else_made_first_is_said_and_the_roster_reloads(browser: Any, live: LiveServer) -> None:
    entry_id, name = _current_entry(live, "Distance")
    page, problems = signed_in_page(browser, live, HEAD_COACH)
    _admin(page, live, "roster")
    status = page.get_by_label(f"Status of {name}")
    assert status.input_value() == "active"
    with psycopg.connect(live.target.admin_url) as conn:
        conn.execute("update roster_entries set status = 'redshirt' where id = %s", (entry_id,))
    status.select_option(label="Injured")
    page.get_by_role("button", name=f"Save {name}").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Someone else changed this" in alert.inner_text()
    page.wait_for_function(
        "label => document.querySelector(`select[aria-label='${label}']`).value === 'redshirt'", arg=f"Status of {name}"
    )
    assert _one(live, "select status::text from roster_entries where id = %s", (entry_id,)) == "redshirt"
    assert _unexpected(problems, 412) == []
    page.close()


def test_an_assistant_coach_manages_the_roster_but_reads_staff_seasons_and_settings_only(
    browser: Any, live: LiveServer
) -> None:
    with psycopg.connect(live.target.admin_url) as conn:  # a profile nobody has claimed yet, to invite its athlete
        conn.execute(
            "insert into athletes (name, created_in_program_id) values ('Una Unclaimed', %s)", (_northfield(live),)
        )
    page, problems = signed_in_page(browser, live, ASSISTANT_COACH)
    _admin(page, live, "members")
    note = page.get_by_role("note")
    note.wait_for()
    assert "Your role (assistant coach) may read this page but not change" in note.inner_text()
    assert "program admins and head coaches do" in note.inner_text()
    page.get_by_role("row", name="Maria Alvarez").wait_for()
    assert page.get_by_role("combobox").count() == 0
    assert page.get_by_role("button", name="Deactivate").count() == 0
    _no_serious_axe(page)

    for sub_page, heading in (
        ("settings", "Program settings"),
        ("seasons", "Seasons"),
        ("load-settings", "Load settings"),
    ):
        _admin(page, live, sub_page)
        page.get_by_role("heading", name=heading, exact=True).wait_for()
        page.get_by_role("note").wait_for()
        assert page.get_by_role("button", name="Save settings").count() == 0
        assert page.get_by_role("button", name="Create season").count() == 0
        assert page.get_by_role("button", name="Save load settings").count() == 0
        _no_serious_axe(page)
    assert page.get_by_label("Acute window (days)").is_disabled()

    _admin(page, live, "invitations")
    page.get_by_role("note").filter(has_text="You may invite athletes to claim their profiles.").wait_for()
    assert page.get_by_label("Role", exact=True).locator("option").all_inner_texts() == ["Athlete"]
    page.get_by_label("Athlete profile to claim").get_by_role("option", name="Una Unclaimed").wait_for(state="attached")
    _no_serious_axe(page)

    _admin(page, live, "event-groups")
    page.get_by_role("button", name="Create event group").wait_for()
    assert page.get_by_role("note").count() == 0
    _admin(page, live, "roster")
    _, name = _current_entry(live, "Throws")
    assert page.get_by_label(f"Event group of {name}").is_enabled()
    assert page.get_by_label(f"Status of {name}").is_enabled()
    assert problems == []
    page.close()


def test_an_athletic_trainer_changes_a_status_only(browser: Any, live: LiveServer) -> None:
    entry_id, name = _current_entry(live, "Jumps")
    page, problems = signed_in_page(browser, live, ATHLETIC_TRAINER)
    _admin(page, live, "roster")
    page.get_by_role("note").filter(has_text="You may change a status.").wait_for()
    assert page.get_by_label(f"Event group of {name}").is_disabled()
    page.get_by_label(f"Status of {name}").select_option(label="Injured")
    page.get_by_role("button", name=f"Save {name}").click()
    page.get_by_role("status").filter(has_text=f"{name} is now injured.").wait_for()
    assert _one(live, "select status::text from roster_entries where id = %s", (entry_id,)) == "injured"
    _no_serious_axe(page)
    assert problems == []
    page.close()


def test_a_sessions_import_lists_its_bad_row_then_imports_and_is_undone(browser: Any, live: LiveServer) -> None:
    athlete_id, season_id = _one(
        live,
        "select r.athlete_id, r.team_season_id from roster_entries r join team_seasons s on s.id = r.team_season_id"
        " join programs p on p.id = s.program_id where p.name like 'Northfield%%'"
        " and current_date between s.start_date and s.end_date and r.status = 'active' order by r.athlete_id limit 1",
    )
    day = date.today() + timedelta(3)
    header = "athlete_id,team_season_id,workout_category,scheduled_date,title\n"
    rows = [f"{athlete_id},{season_id},run,{day},Imported tempo {n}\n" for n in range(3)]
    bad = header + rows[0] + rows[1].replace(",run,", ",flying,") + rows[2]
    page, problems = signed_in_page(browser, live, HEAD_COACH)
    _admin(page, live, "imports")
    upload = page.get_by_label("Sessions CSV file")
    upload.set_input_files(files=[{"name": "sessions.csv", "mimeType": "text/csv", "buffer": bad.encode()}])
    page.get_by_role("button", name="Check sessions file").click()
    table = page.get_by_role("table", name="Rows with problems")
    table.wait_for()
    cells = [r.split("\t") for r in table.locator("tbody tr").all_inner_texts()]
    assert [(c[0], c[1]) for c in cells] == [("3", "workout_category")], cells

    upload.set_input_files(
        files=[{"name": "sessions.csv", "mimeType": "text/csv", "buffer": (header + "".join(rows)).encode()}]
    )
    page.get_by_role("button", name="Check sessions file").click()
    page.get_by_text("3 rows: 3 would be created, 0 already there.").wait_for()
    page.get_by_role("button", name="Import sessions").click()
    page.get_by_text("3 rows, 3 sessions created, 0 already there.").wait_for()
    assert "batch=" in page.url
    titles = "select count(*) from athlete_training_sessions where title like 'Imported tempo %%'"
    assert _one(live, titles) == 3
    _no_serious_axe(page)
    page.get_by_role("button", name="Undo this import").click()
    page.get_by_text("Undone: 3 sessions deleted.").wait_for()
    assert _one(live, titles) == 0
    expect(page.get_by_role("button", name="Undo this import")).to_have_count(0)
    assert _unexpected(problems, 422) == []
    page.close()


def test_a_large_file_shows_how_much_of_it_is_sent(browser: Any, live: LiveServer) -> None:
    program_id = _northfield(live)
    season_id = _one(
        live, "select id from team_seasons where program_id = %s order by start_date limit 1", (program_id,)
    )
    big = "name,status\n" + "".join(f"Runner Number {n:05d},active\n" for n in range(4000))
    page = browser.new_page()
    sign_in(page, live, HEAD_COACH)
    page.goto(f"{live.url}/programs/{program_id}/admin/imports?season={season_id}")
    page.get_by_label("Roster CSV file").set_input_files(
        files=[{"name": "big.csv", "mimeType": "text/csv", "buffer": big.encode()}]
    )
    # About 100 kB at 40 kB/s: the upload takes a couple of seconds, long enough to watch.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 20, "downloadThroughput": -1, "uploadThroughput": 40_000},
    )
    page.get_by_role("button", name="Check roster file").click()
    bar = page.get_by_role("progressbar", name="Sending the roster file…")
    bar.wait_for()
    page.wait_for_function(
        "() => { const p = document.querySelector('progress'); return p !== null && p.value > 0 && p.value < p.max; }"
    )
    assert int(bar.get_attribute("max") or 0) == len(big.encode())
    page.get_by_text("The file is valid: nothing is written yet").wait_for(timeout=60_000)
    expect(page.get_by_role("progressbar")).to_have_count(0)
    page.close()

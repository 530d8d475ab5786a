"""Private calendar feeds: parse with the icalendar package, stable UIDs, all-day dates, revocation."""

from __future__ import annotations

from datetime import date, timedelta

import icalendar

from tests.support.api import Api, answer


def test_an_athletes_feed_lists_their_sessions_and_dies_when_revoked(api: Api) -> None:
    a1 = api.world.ids["a1"]
    with api.admin() as conn:  # a session inside the feed's window, one completed
        conn.execute(
            "update athlete_training_sessions set scheduled_date = %s where athlete_id = %s",
            [date.today() + timedelta(days=2), a1],
        )
        conn.commit()
    created = api.request("A1", "POST", "/api/v1/calendar-feeds", json={"athlete_id": str(a1)})
    assert created.status_code == 201, created.text
    url = created.json()["url"]
    path = url[url.index("/calendar/") :]
    response = api.client.get(path)  # no bearer token: the address is the credential
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 5
    assert all(str(e["uid"]).startswith("session-") for e in events)
    assert all(isinstance(e.decoded("dtstart"), date) for e in events)  # all-day, no time zone
    assert any(str(e["summary"]).startswith("✓") for e in events)  # the completed one is marked
    again = icalendar.Calendar.from_ical(api.client.get(path).content)
    assert [str(e["uid"]) for e in again.walk("VEVENT")] == [str(e["uid"]) for e in events]  # stable UIDs
    feeds = api.request("A1", "GET", "/api/v1/calendar-feeds").json()["items"]
    assert [f["id"] for f in feeds] == [created.json()["id"]]
    assert "token" not in feeds[0] and "url" not in feeds[0]  # the secret is shown once
    assert answer(api.request("A2", "DELETE", f"/api/v1/calendar-feeds/{feeds[0]['id']}")) == (404, "not_found")
    assert api.request("A1", "DELETE", f"/api/v1/calendar-feeds/{feeds[0]['id']}").status_code == 204
    assert answer(api.client.get(path)) == (404, "calendar_feed_not_found")
    with api.admin() as conn:
        stored = conn.execute("select token_sha256 from calendar_feeds").fetchone()
    assert stored is not None and path.split("/")[-1].removesuffix(".ics") not in stored[0]


def test_a_seasons_practice_feed_carries_its_time_zone(api: Api) -> None:
    with api.admin() as conn:
        conn.execute(
            "insert into practice_sessions (program_id, team_season_id, practice_date, start_time, title, location) "
            "values (%s, %s, %s, '15:30', 'Track session', 'Stadium')",
            [api.world.ids["p1"], api.world.ids["s1"], date.today() + timedelta(days=1)],
        )
        conn.commit()
    created = api.request("C1", "POST", "/api/v1/calendar-feeds", json={"team_season_id": str(api.world.ids["s1"])})
    assert created.status_code == 201
    url = created.json()["url"]
    calendar = icalendar.Calendar.from_ical(api.client.get(url[url.index("/calendar/") :]).content)
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert str(start.tzinfo) == "America/Chicago"
    assert (start.hour, start.minute) == (15, 30)
    assert calendar.walk("VTIMEZONE")  # clients get the zone definition with the feed
    assert str(event["status"]) == "TENTATIVE"  # a draft


def test_nobody_makes_a_feed_of_what_they_cannot_see(api: Api) -> None:
    random = "00000000-0000-4000-8000-000000000000"
    for actor, body in (
        ("C2", {"athlete_id": str(api.world.ids["a1"])}),
        ("A1", {"athlete_id": str(api.world.ids["a2"])}),
        ("A1", {"team_season_id": str(api.world.ids["s2"])}),
    ):
        response = api.request(actor, "POST", "/api/v1/calendar-feeds", json=body)
        missing = api.request(actor, "POST", "/api/v1/calendar-feeds", json=dict.fromkeys(body, random))
        assert (response.status_code, response.json()["code"]) == (404, "not_found"), (actor, body, response.text)
        assert response.content == missing.content, (actor, body)
    assert answer(api.client.get("/calendar/not-a-real-token.ics")) == (404, "calendar_feed_not_found")

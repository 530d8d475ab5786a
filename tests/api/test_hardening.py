"""Issue 11, the low ones at the API: a calendar feed's secret in the request log, and JSON nested deep enough to
crash the reader."""

from __future__ import annotations

import json
import logging

import pytest

from tests.support.api import Api, answer
from trainingops.api.http import MAX_JSON_DEPTH, json_depth, parse_json_text

DEEP = "[" * 100_000


def _nest(levels: int) -> object:
    value: object = {}
    for _ in range(levels):
        value = {"a": value}
    return value


def _request_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "trainingops.request"]


def test_a_calendar_feeds_token_never_reaches_the_log(api_ro: Api, caplog: pytest.LogCaptureFixture) -> None:
    created = api_ro.request("A1", "POST", "/api/v1/calendar-feeds", json={"athlete_id": str(api_ro.world.ids["a1"])})
    url = created.json()["url"]
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    with caplog.at_level(logging.INFO, logger="trainingops.request"):
        assert api_ro.client.get(f"/calendar/{token}.ics").status_code == 200
        assert answer(api_ro.client.get(f"/calendar/{token[:-1]}x.ics")) == (404, "calendar_feed_not_found")
        assert answer(api_ro.client.get(f"/api/v1/not/a/route/{token}")) == (404, "not_found")
    lines = _request_lines(caplog)
    assert [getattr(r, "path", None) for r in lines] == [
        "/calendar/{token}.ics",
        "/calendar/{token}.ics",
        "/api/v1/not/a/route/{redacted}",
    ]
    for record in caplog.records:
        assert token not in record.getMessage()
        assert token not in json.dumps(vars(record), default=str)


def test_an_id_in_a_path_is_logged_as_its_template(api_ro: Api, caplog: pytest.LogCaptureFixture) -> None:
    session = api_ro.world.sessions["a1_coach"]
    with caplog.at_level(logging.INFO, logger="trainingops.request"):
        api_ro.request("A1", "GET", f"/api/v1/sessions/{session}")
    [line] = _request_lines(caplog)
    assert (getattr(line, "path", None), getattr(line, "status", None)) == ("/api/v1/sessions/{session_id}", 200)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/v1/sessions", DEEP),
        ("PATCH", "/api/v1/sessions/{a1_self}", DEEP),
        ("PATCH", "/api/v1/sessions/{a1_self}", json.dumps({"metrics_json": _nest(MAX_JSON_DEPTH)})),
        ("POST", "/api/v1/programs/{p1}/workouts", DEEP),
    ],
    ids=["create-session", "patch-session", "deep-but-parseable-metrics", "typed-body"],
)
def test_deeply_nested_json_is_a_400_malformed_json_not_a_500(api_ro: Api, method: str, path: str, body: str) -> None:
    names = {**api_ro.world.ids, **{k: v for k, v in api_ro.world.sessions.items()}}
    response = api_ro.request(
        "A1" if "sessions" in path else "C1",
        method,
        path.format(**names),
        content=body,
        headers={"Content-Type": "application/json", "If-Match": "*"},
    )
    assert (response.status_code, response.json()["code"]) == (400, "malformed_json")


def test_json_depth_counts_levels_without_recursion() -> None:
    assert [json_depth(v) for v in (1, [], {}, [[]], {"a": [1, {"b": 2}]})] == [0, 1, 1, 2, 3]
    assert json_depth(json.loads("[" * 900 + "]" * 900)) == 900
    assert parse_json_text(json.dumps(_nest(MAX_JSON_DEPTH - 1))) == _nest(MAX_JSON_DEPTH - 1)

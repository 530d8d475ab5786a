"""The web app's foundation in a real browser: served at "/", client routes fall back to the app, hashed assets are
cached for good, a strict Content-Security-Policy holds with no violation, and axe finds nothing serious."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import Server
from tests.support.api import api_settings
from tests.support.browser import LiveServer, axe_violations, describe, require_browser, serve

pytestmark = pytest.mark.slow  # a browser and a server on a thread


@pytest.fixture(scope="module")
def live(pg_server: Server, template_db: str) -> Iterator[LiveServer]:
    require_browser()
    name = pg_server.create(template=template_db)
    target = pg_server.target(name)
    yield from serve(target, api_settings(target))
    pg_server.drop(name)


def test_the_app_is_served_at_the_root_and_at_every_client_route(live: LiveServer) -> None:
    for path in ("/", "/team", "/athletes/123/training"):
        response = httpx.get(live.url + path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["cache-control"] == "no-cache"
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-frame-options"] == "DENY"
        assert '<div id="root">' in response.text


def test_hashed_assets_are_cached_for_good_and_api_paths_stay_the_apis(live: LiveServer) -> None:
    index = httpx.get(live.url + "/").text
    script = index.split('src="')[1].split('"')[0]
    assert script.startswith("/assets/")
    asset = httpx.get(live.url + script)
    assert asset.status_code == 200
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    missing = httpx.get(live.url + "/api/v1/no-such-route")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
    assert httpx.get(live.url + "/docs").status_code == 200


def test_the_page_renders_with_no_csp_violation_and_no_serious_axe_finding(browser: Any, live: LiveServer) -> None:
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(live.url + "/")
    page.get_by_role("heading", name="Sign in to TrainingOps").wait_for()
    assert [p for p in problems if "Content Security Policy" in p] == []
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.close()

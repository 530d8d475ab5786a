"""The web app in a real browser: the app served by uvicorn on a free port (in this process, on a thread, against a
database of the test server), and Debian's Chromium driven by Playwright. Without /usr/bin/chromium the browser
tests skip and say why (`./run test` installs it when it runs as root)."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
import uvicorn

from trainingops.api.webapp import WEB_DIST
from trainingops.app import create_app
from trainingops.config import Settings
from trainingops.db.target import DatabaseTarget

CHROMIUM = Path("/usr/bin/chromium")
# As root Chromium needs --no-sandbox; the rest keeps it from calling home on a machine with no internet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
AXE = Path(__file__).resolve().parents[2] / "web" / "node_modules" / "axe-core" / "axe.min.js"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class LiveServer:
    url: str
    target: DatabaseTarget
    settings: Settings


def serve(target: DatabaseTarget, settings: Settings) -> Iterator[LiveServer]:
    """uvicorn on a thread with its own event loop; stopped (and the pool closed) when the block ends."""
    port = free_port()
    config = uvicorn.Config(create_app(settings, target=target), host="127.0.0.1", port=port, log_config=None)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", target, settings)
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def require_browser() -> None:
    if not CHROMIUM.exists():
        pytest.skip(
            "Chromium is not installed at /usr/bin/chromium (apt-get install chromium; ./run test does it as root)"
        )
    if not (WEB_DIST / "index.html").is_file():
        pytest.skip("the web app is not built (./run setup builds it)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for one test module. Not for the session: Playwright's sync API keeps an event loop running in the
    thread while it is open, and a later test in the same worker that calls ``asyncio.run`` (the CLI, the loaders)
    would fail with "cannot be called from a running event loop"."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def axe_violations(page: Any, *, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    """axe-core's violations of the page as it is now, of the given impacts (WCAG 2 A/AA rules)."""
    # Evaluated through the DevTools protocol, so the page's strict CSP (no inline script) does not stop it.
    page.evaluate(AXE.read_text())
    found: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target)}))"
    )
    return [v for v in found if v["impact"] in impacts]


def describe(violations: list[dict[str, Any]]) -> str:
    return json.dumps(violations, indent=1)


@pytest.fixture(scope="session")
def live_demo(pg_server: Any, template_db: str) -> Iterator[LiveServer]:
    """The demo data set for today behind a live server, shared by the browser tests that only read."""
    yield from serve_demo(pg_server, template_db)


def sql(live: LiveServer, query: str, *params: Any) -> list[tuple[Any, ...]]:
    """The rows of one statement on the live server's database, as its owner (to check what the app wrote)."""
    with psycopg.connect(live.target.admin_url) as conn:
        return conn.execute(query, params).fetchall()  # type: ignore[arg-type]


def serve_demo(pg_server: Any, template_db: str, **settings: Any) -> Iterator[LiveServer]:
    """A database of its own with the demo for today, behind a live server (for a module's fixture that writes);
    ``settings`` override the test settings (SMTP, for example)."""
    require_browser()
    from concurrent.futures import ThreadPoolExecutor
    from datetime import date

    from tests.support.api import api_settings
    from trainingops.demo.generate import generate
    from trainingops.demo.load import load

    name = pg_server.create(template=template_db)
    target = pg_server.target(name)
    # Playwright's sync API keeps an event loop running in this thread; the loader runs its own in another.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(load, target.admin_url, generate(date.today())).result()
    yield from serve(target, api_settings(target, **settings))
    pg_server.drop(name)


def sign_in(page: Any, live: LiveServer, email: str, password: str = "demo-password-2026", *, path: str = "/") -> None:
    """Signs in through the sign-in form, as a person would, and waits until the app has left the form."""
    page.goto(live.url + path)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in" not in url)


def signed_in_page(
    browser: Any, live: LiveServer, email: str, password: str = "demo-password-2026"
) -> tuple[Any, list[str]]:
    """A new page signed in as ``email``, and the console errors it logs from then on (before sign-in, the app's
    "who is signed in?" answers 401 by design)."""
    page = browser.new_page()
    sign_in(page, live, email, password)
    return page, watch_console(page)


def offline_request_failed(message: str) -> bool:
    """Chromium's own log of a request it could not send while the context was offline: without a service worker
    ``net::ERR_INTERNET_DISCONNECTED``, through one (the worker's fetch failed) ``net::ERR_FAILED``."""
    return message.startswith("Failed to load resource: net::") and (
        "ERR_INTERNET_DISCONNECTED" in message or "ERR_FAILED" in message
    )


def watch_console(page: Any) -> list[str]:
    """Errors the page logs (CSP violations, uncaught exceptions), collected for an assertion at the end."""
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems

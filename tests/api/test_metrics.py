"""``GET /metrics`` (Prometheus text format): who may read it, what it counts; and the request log's user id and
route template."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.support.api import Api, api_settings
from trainingops.api import metrics
from trainingops.api.logs import JsonFormatter
from trainingops.app import create_app

LOCAL = ("127.0.0.1", 50_000)
REMOTE = ("203.0.113.7", 50_000)  # TEST-NET-3 (RFC 5737): never this machine


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one series in an exposition, 0 when it is absent."""
    for line in text.splitlines():
        match = re.match(r"^([a-z_]+)(?:\{(.*)\})? (\S+)$", line)
        if not match or match.group(1) != name:
            continue
        found = dict(re.findall(r'([a-z_]+)="([^"]*)"', match.group(2) or ""))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(match.group(3))
    return 0.0


@pytest.fixture
def local(api_ro: Api) -> Iterator[TestClient]:
    """The world's app as a caller on the loopback interface sees it."""
    app = create_app(api_settings(api_ro.target), target=api_ro.target)
    with TestClient(app, client=LOCAL) as client:
        yield client


def test_a_loopback_caller_reads_request_counts_latency_round_trips_and_the_pool(
    api_ro: Api, local: TestClient
) -> None:
    headers = api_ro.headers("C1")
    for _ in range(3):
        assert local.get("/api/v1/sessions", headers=headers).status_code == 200
    assert local.get(f"/api/v1/sessions/{api_ro.world.ids['p1']}", headers=headers).status_code == 404
    response = local.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    text = response.text
    route = "/api/v1/sessions"
    assert sample(text, "trainingops_http_requests_total", method="GET", route=route, status="200") == 3
    assert sample(text, "trainingops_http_requests_total", route="/api/v1/sessions/{session_id}", status="404") == 1
    assert sample(text, "trainingops_http_request_duration_seconds_count", route=route, status="200") == 3
    assert sample(text, "trainingops_http_request_duration_seconds_bucket", route=route, status="200", le="+Inf") == 3
    # Each list request: BEGIN, the identity statement, the page, COMMIT (at least).
    assert sample(text, "trainingops_db_round_trips_per_request_count", route=route) == 3
    assert sample(text, "trainingops_db_round_trips_per_request_sum", route=route) >= 12
    assert sample(text, "trainingops_db_pool_connections") >= 1
    assert sample(text, "trainingops_db_pool_in_use") == 0
    assert sample(text, "trainingops_db_pool_waiting") == 0


def test_imports_and_publishes_are_counted_by_outcome(api_ro: Api, local: TestClient) -> None:
    headers = api_ro.headers("C1")
    csv = "athlete_id,scheduled_date\n"
    files = {"file": ("sessions.csv", csv.encode(), "text/csv")}
    refused = local.post("/api/v1/sessions:import", headers=headers, files=files)
    assert 400 <= refused.status_code < 500, refused.text
    text = local.get("/metrics").text
    assert sample(text, "trainingops_imports_total", kind="sessions_csv", outcome="refused") == 1
    assert sample(text, "trainingops_imports_total", kind="sessions_csv", outcome="ok") == 0


@pytest.mark.parametrize("client_address", [REMOTE, ("testclient", 50_000)])
def test_any_other_caller_gets_the_404_of_a_missing_path(api_ro: Api, client_address: tuple[str, int]) -> None:
    app = create_app(api_settings(api_ro.target), target=api_ro.target)
    with TestClient(app, client=client_address) as client:
        response = client.get("/metrics")
        missing = client.get("/api/v1/no-such-thing")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert response.json() == missing.json()


def test_with_a_token_configured_only_the_token_reads_it_from_anywhere(api_ro: Api) -> None:
    token = "metrics-" + "k" * 32
    app = create_app(api_settings(api_ro.target, metrics_token=token), target=api_ro.target)
    with TestClient(app, client=REMOTE) as remote, TestClient(app, client=LOCAL) as local:
        assert remote.get("/metrics", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert local.get("/metrics").status_code == 404
        assert local.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404


def test_each_request_line_carries_the_user_id_and_the_route_template_never_the_email(
    api_ro: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="trainingops.request")
    session_id = api_ro.world.sessions["a1_coach"]
    assert api_ro.request("A1", "GET", f"/api/v1/sessions/{session_id}").status_code == 200
    assert api_ro.request("anon", "GET", "/healthz").status_code == 200
    signed_in, anonymous = (
        json.loads(JsonFormatter().format(r)) for r in caplog.records if r.name == "trainingops.request"
    )
    assert signed_in["user_id"] == str(api_ro.world.user("A1"))
    assert signed_in["route"] == "/api/v1/sessions/{session_id}"
    assert signed_in["request_id"] and signed_in["db_round_trips"] >= 3
    assert "@" not in json.dumps(signed_in)
    assert anonymous["user_id"] is None and anonymous["route"] == "/healthz"


def test_the_pool_gauges_of_a_dead_worker_are_dropped_when_a_worker_starts(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / f"gauge_livesum_{dead.pid}.db").write_bytes(b"")
    (tmp_path / f"gauge_livesum_{os.getpid()}.db").write_bytes(b"")
    (tmp_path / f"counter_{dead.pid}.db").write_bytes(b"")
    metrics._forget_dead_workers(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"counter_{dead.pid}.db", f"gauge_livesum_{os.getpid()}.db"]
    )

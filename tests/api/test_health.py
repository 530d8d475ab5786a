"""Health and readiness probes, the problem+json shape, and the request log line."""

from __future__ import annotations

import json
import logging

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.support.api import api_settings
from trainingops.app import create_app
from trainingops.db.target import DatabaseTarget


def client_for(target: DatabaseTarget) -> TestClient:
    return TestClient(create_app(api_settings(target), target=target))


def test_healthz_and_readyz_answer_when_the_database_is_current(migrated_db: DatabaseTarget) -> None:
    with client_for(migrated_db) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["status"] == "ready"


def test_readyz_reports_pending_migrations_as_not_ready(migrated_db: DatabaseTarget) -> None:
    with psycopg.connect(migrated_db.admin_url, autocommit=True) as conn:
        conn.execute("delete from trainingops_meta.schema_migrations where version = '0001'")
    with client_for(migrated_db) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "migrations_pending"
    assert response.json()["pending"] == ["0001"]


def test_unknown_routes_are_problem_json_with_a_stable_code(migrated_db: DatabaseTarget) -> None:
    """Under /api/ (any other path is a route of the web app: tests/e2e/browser)."""
    with client_for(migrated_db) as client:
        response = client.get("/api/v1/no/such/thing")
    assert response.status_code == 404
    body = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert body["code"] == "not_found"
    assert body["status"] == 404
    assert body["type"] == "urn:trainingops:problem:not_found"


def test_openapi_docs_are_served(migrated_db: DatabaseTarget) -> None:
    with client_for(migrated_db) as client:
        assert client.get("/docs").status_code == 200
        schema = client.get("/openapi.json").json()
    assert schema["info"]["title"] == "TrainingOps API"
    assert {"healthz", "readyz"} <= {op["operationId"] for path in schema["paths"].values() for op in path.values()}


def test_each_request_logs_one_structured_line_and_echoes_its_id(
    migrated_db: DatabaseTarget, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="trainingops.request")
    with client_for(migrated_db) as client:
        response = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"
    records = [r for r in caplog.records if r.name == "trainingops.request"]
    assert len(records) == 1
    fields = {k: getattr(records[0], k) for k in ("method", "path", "status", "duration_ms", "request_id")}
    assert fields["method"] == "GET" and fields["path"] == "/healthz" and fields["status"] == 200
    assert fields["request_id"] == "abc-123" and fields["duration_ms"] >= 0
    from trainingops.api.logs import JsonFormatter

    line = json.loads(JsonFormatter().format(records[0]))
    assert line["status"] == 200 and line["request_id"] == "abc-123"

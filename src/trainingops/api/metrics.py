"""``GET /metrics`` in the Prometheus text format (prometheus-client): requests and their latency by route template
and status, database round trips per request, the connection pool, imports and publishes.

Who may read it: callers on the loopback interface only, unless ``metrics_token`` is set, then anyone presenting it
as a bearer token (and no one else). Anyone else gets the same 404 as a path that does not exist. Behind a reverse
proxy on the same machine every caller looks local: set the token there, or do not forward /metrics.

With ``serve --workers N`` every worker counts in its own process; the workers share a directory of memory-mapped
files (prometheus-client's multiprocess mode, ``PROMETHEUS_MULTIPROC_DIR``, set by ``serve``), and whichever
worker answers a scrape reports the sum over all of them.
"""

from __future__ import annotations

import hmac
import os
from pathlib import Path
from typing import Any

import psutil
from fastapi import APIRouter, Request
from fastapi.responses import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.exceptions import HTTPException

from trainingops.db.pool import RequestFacts

LOOPBACK = {"127.0.0.1", "::1"}
UNMATCHED = "unmatched"  # paths no route serves: one label value, so scanners cannot grow the series without bound

# Seconds; the API's targets are 20-200 ms (docs/performance.md), so the buckets are finest there.
LATENCY_BUCKETS = (0.005, 0.01, 0.02, 0.035, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1.0, 2.5, 5.0, 15.0)
ROUND_TRIP_BUCKETS = (1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 100)

# The routes that import or publish, by (method, route template): their successes and refusals are counted.
IMPORTS = {
    ("POST", "/api/v1/sessions:import"): "sessions_csv",
    ("POST", "/api/v1/team-seasons/{team_season_id}/roster:import"): "roster_csv",
    ("POST", "/api/v1/athletes/{athlete_id}/activity-files"): "activity_file",
    ("POST", "/api/v1/sessions/{session_id}/activity-file"): "activity_file",
}
PUBLISHES = {("POST", "/api/v1/practice-sessions/{practice_id}/publish")}


def _forget_dead_workers(directory: Path) -> None:
    """Drop the pool gauges of workers that died (a worker replaced by uvicorn's supervisor): live-sum gauges would
    otherwise go on adding a dead process's last values. Counters and histograms keep theirs, as they should."""
    for path in directory.glob("gauge_live*_*.db"):
        pid = path.stem.rpartition("_")[2]
        if pid.isdigit() and not psutil.pid_exists(int(pid)):
            multiprocess.mark_process_dead(int(pid), str(directory))  # type: ignore[no-untyped-call]


def _outcome(status: int) -> str:
    return "ok" if status < 400 else "refused" if status < 500 else "failed"


class Metrics:
    """One app's metrics, in a registry of its own (several apps in one process — tests — do not collide)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.multiprocess = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
        if self.multiprocess:
            _forget_dead_workers(Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]))
        labels = ("method", "route", "status")
        r = self.registry
        self.requests = Counter("trainingops_http_requests", "HTTP requests answered.", labels, registry=r)
        self.latency = Histogram(
            "trainingops_http_request_duration_seconds",
            "Time from the request's arrival to the end of its response.",
            labels,
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.round_trips = Histogram(
            "trainingops_db_round_trips_per_request",
            "Database round trips (statements, BEGIN, COMMIT) one request made.",
            ("route",),
            buckets=ROUND_TRIP_BUCKETS,
            registry=r,
        )
        gauge: dict[str, Any] = {"registry": r, "multiprocess_mode": "livesum"}
        self.pool_size = Gauge("trainingops_db_pool_connections", "Connections open in the API pool(s).", **gauge)
        self.pool_in_use = Gauge("trainingops_db_pool_in_use", "Pool connections lent to a request now.", **gauge)
        self.pool_waiting = Gauge("trainingops_db_pool_waiting", "Requests waiting for a pool connection.", **gauge)
        self.imports = Counter(
            "trainingops_imports",
            "Import requests (CSV sessions, rosters, activity files).",
            ("kind", "outcome"),
            registry=r,
        )
        self.publishes = Counter("trainingops_publishes", "Publish requests of practices.", ("outcome",), registry=r)
        self.pool: Any = None

    def watch_pool(self, pool: Any) -> None:
        """The pool whose gauges every request refreshes (after it gave its connection back)."""
        self.pool = pool

    def observe(self, *, method: str, route: str | None, status: int, seconds: float, facts: RequestFacts) -> None:
        template = route or UNMATCHED
        code = str(status)
        self.requests.labels(method, template, code).inc()
        self.latency.labels(method, template, code).observe(seconds)
        if facts.round_trips:
            self.round_trips.labels(template).observe(facts.round_trips)
        kind = IMPORTS.get((method, template))
        if kind is not None:
            self.imports.labels(kind, _outcome(status)).inc()
        elif (method, template) in PUBLISHES:
            self.publishes.labels(_outcome(status)).inc()
        if self.pool is not None:
            self.observe_pool(self.pool.get_stats())

    def observe_pool(self, stats: dict[str, int]) -> None:
        size = stats.get("pool_size", 0)
        self.pool_size.set(size)
        self.pool_in_use.set(size - stats.get("pool_available", 0))
        self.pool_waiting.set(stats.get("requests_waiting", 0))

    def exposition(self) -> bytes:
        if not self.multiprocess:
            return generate_latest(self.registry)
        combined = CollectorRegistry()
        multiprocess.MultiProcessCollector(combined)  # type: ignore[no-untyped-call]
        return generate_latest(combined)


def may_read(request: Request, token: str | None) -> bool:
    """The loopback rule, or the bearer token when one is configured (compared in constant time)."""
    if token:
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())
    client = request.client
    return client is not None and client.host in LOOPBACK


router = APIRouter()


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    settings = request.app.state.settings
    token = settings.metrics_token.get_secret_value() if settings.metrics_token else None
    if not may_read(request, token):
        raise HTTPException(404)  # the answer of a path that does not exist
    collected: Metrics = request.app.state.metrics
    return Response(collected.exposition(), media_type=CONTENT_TYPE_LATEST)

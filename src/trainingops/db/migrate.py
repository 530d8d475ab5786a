"""A small migration runner: ordered plain-SQL files, each applied once, in its own transaction, under an
advisory lock, recorded with a checksum in ``trainingops_meta.schema_migrations``.

Objects are created as the owner role (``SET LOCAL ROLE trainingops_owner``), so the owner owns everything and
the API's login role owns nothing. Roles are cluster-wide and are created (idempotently) before any file runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import psycopg
from psycopg import sql

from trainingops.db.target import APP_ROLE, OWNER_ROLE

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
META_SCHEMA = "trainingops_meta"
_FILE_PATTERN = re.compile(r"^(?P<version>\d{4})_(?P<name>[a-z0-9_]+)\.sql$")
# Any constant works; it only has to be the same for every process that migrates this database.
_LOCK_KEY = 0x7472_6F70  # "trop"


class MigrationError(RuntimeError):
    """The database and the migration files disagree (a file changed after it ran, or one is missing)."""


@dataclass(frozen=True)
class Migration:
    version: str
    name: str
    sql_text: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql_text.encode()).hexdigest()

    @property
    def filename(self) -> str:
        return f"{self.version}_{self.name}.sql"


@dataclass(frozen=True)
class MigrationState:
    migration: Migration
    applied_at: datetime | None


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    migrations = []
    for path in sorted(directory.glob("*.sql")):
        match = _FILE_PATTERN.match(path.name)
        if not match:
            raise MigrationError(f"{path.name}: migration files are named NNNN_lowercase_name.sql")
        migrations.append(Migration(match["version"], match["name"], path.read_text(encoding="utf-8")))
    versions = [m.version for m in migrations]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"two migration files share a version number: {versions}")
    return migrations


_BOOTSTRAP_ROLES = """
do $$
begin
  if not exists (select from pg_roles where rolname = 'trainingops_owner') then
    -- Owns every object. NOLOGIN: only the administrative connection can become it. BYPASSRLS because
    -- tables FORCE row-level security and the SECURITY DEFINER helpers that policies call run as the owner.
    create role trainingops_owner nologin bypassrls;
  end if;
  if not exists (select from pg_roles where rolname = 'trainingops_app') then
    -- The API's login role: owns nothing, no SUPERUSER, no BYPASSRLS, inherits nothing.
    create role trainingops_app login nosuperuser nobypassrls nocreatedb nocreaterole noinherit;
  end if;
end
$$;
"""


def _ensure_roles(conn: psycopg.Connection) -> None:
    # Another database on the same server may create the roles at the same moment; then they exist now.
    with contextlib.suppress(psycopg.errors.UniqueViolation), conn.transaction():
        conn.execute(_BOOTSTRAP_ROLES)


def ensure_roles(admin_url: str) -> None:
    """Create the owner and app roles if the server lacks them (a restore into a new server needs them first)."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        _ensure_roles(conn)


def _bootstrap(conn: psycopg.Connection, app_password: str | None) -> None:
    """Roles, the owner's rights in this database and the record table. Idempotent; runs under the lock."""
    _ensure_roles(conn)
    with conn.transaction():
        dbname = sql.Identifier(conn.info.dbname)
        conn.execute(sql.SQL("grant create, connect on database {} to {}").format(dbname, sql.Identifier(OWNER_ROLE)))
        conn.execute(sql.SQL("grant connect on database {} to {}").format(dbname, sql.Identifier(APP_ROLE)))
        conn.execute(sql.SQL("grant usage, create on schema public to {}").format(sql.Identifier(OWNER_ROLE)))
        if app_password:
            conn.execute(
                sql.SQL("alter role {} password {}").format(sql.Identifier(APP_ROLE), sql.Literal(app_password))
            )
        conn.execute(
            sql.SQL("create schema if not exists {} authorization {}").format(
                sql.Identifier(META_SCHEMA), sql.Identifier(OWNER_ROLE)
            )
        )
        conn.execute(sql.SQL("set local role {}").format(sql.Identifier(OWNER_ROLE)))
        conn.execute(
            f"""
            create table if not exists {META_SCHEMA}.schema_migrations (
              version    text primary key,
              name       text not null,
              checksum   text not null,
              applied_at timestamptz not null default now(),
              applied_by text not null default session_user
            );
            comment on table {META_SCHEMA}.schema_migrations is
              'One row per migration file applied to this database (see trainingops.db.migrate).';
            grant usage on schema {META_SCHEMA} to {APP_ROLE};
            grant select on {META_SCHEMA}.schema_migrations to {APP_ROLE};
            """
        )


def _applied(conn: psycopg.Connection) -> dict[str, tuple[str, datetime]]:
    exists = conn.execute("select to_regclass(%s)", [f"{META_SCHEMA}.schema_migrations"]).fetchone()
    if not exists or exists[0] is None:
        return {}
    rows = conn.execute(f"select version, checksum, applied_at from {META_SCHEMA}.schema_migrations").fetchall()
    return {version: (checksum, applied_at) for version, checksum, applied_at in rows}


def _check_consistent(migrations: list[Migration], applied: dict[str, tuple[str, datetime]]) -> None:
    known = {m.version: m for m in migrations}
    for version, (checksum, _) in applied.items():
        if version not in known:
            raise MigrationError(f"migration {version} ran on this database but its file is missing")
        if known[version].checksum != checksum:
            raise MigrationError(
                f"{known[version].filename} changed after it was applied; add a new migration instead of "
                "editing one that ran"
            )


def status(admin_url: str, directory: Path = MIGRATIONS_DIR) -> list[MigrationState]:
    migrations = discover(directory)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        applied = _applied(conn)
    _check_consistent(migrations, applied)
    return [MigrationState(m, applied.get(m.version, (None, None))[1]) for m in migrations]


def migrate(
    admin_url: str,
    *,
    app_password: str | None = None,
    directory: Path = MIGRATIONS_DIR,
    on_apply: Callable[[Migration], None] | None = None,
) -> list[Migration]:
    """Apply every pending migration; return those applied (empty when the database is current)."""
    migrations = discover(directory)
    done: list[Migration] = []
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("select pg_advisory_lock(%s)", [_LOCK_KEY])
        try:
            _bootstrap(conn, app_password)
            applied = _applied(conn)
            _check_consistent(migrations, applied)
            for migration in migrations:
                if migration.version in applied:
                    continue
                if on_apply:
                    on_apply(migration)
                with conn.transaction():
                    conn.execute(sql.SQL("set local role {}").format(sql.Identifier(OWNER_ROLE)))
                    conn.execute(migration.sql_text.encode())
                    conn.execute(
                        f"insert into {META_SCHEMA}.schema_migrations (version, name, checksum) values (%s, %s, %s)",
                        [migration.version, migration.name, migration.checksum],
                    )
                done.append(migration)
        finally:
            conn.execute("select pg_advisory_unlock(%s)", [_LOCK_KEY])
    return done

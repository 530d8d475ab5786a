"""``trainingops db …``: migrations, status, reset, connection URL, stop, schema snapshot."""

from __future__ import annotations

from typing import Annotated

import typer

from trainingops.cli.console import console
from trainingops.cli.runtime import database, migrate_now
from trainingops.config import get_settings
from trainingops.db import embedded, migrate
from trainingops.db import target as db_target

db_app = typer.Typer(help="Database: migrations, status, reset, connection URL.", no_args_is_help=True)


@db_app.command("migrate")
def dbmigrate_now() -> None:
    """Apply pending migrations (each once, in order, under a lock)."""
    settings = get_settings()
    migrate_now(settings, database(settings))


@db_app.command("status")
def db_status() -> None:
    """Show which migrations are applied and which are pending."""
    target = database(get_settings())
    try:
        states = migrate.status(target.admin_url)
    except migrate.MigrationError as exc:
        console.print(f"[red]migration error:[/] {exc}")
        raise typer.Exit(1) from exc
    for state in states:
        when = state.applied_at.isoformat(timespec="seconds") if state.applied_at else "pending"
        typer.echo(f"{state.migration.filename:<48} {when}")
    pending = sum(1 for s in states if s.applied_at is None)
    typer.echo(f"{len(states) - pending} applied, {pending} pending")


@db_app.command("reset")
def db_reset(
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: every TrainingOps row is deleted.")] = False,
) -> None:
    """Drop every TrainingOps object and data, then migrate an empty database."""
    if not yes:
        console.print("[red]Refusing to reset without --yes:[/] this deletes every TrainingOps table and row.")
        raise typer.Exit(2)
    import psycopg

    settings = get_settings()
    target = database(settings)
    with psycopg.connect(target.admin_url, autocommit=True) as conn:
        conn.execute(f"drop owned by {db_target.OWNER_ROLE} cascade")
    console.print("All TrainingOps objects dropped.")
    migrate_now(settings, target)


@db_app.command("url")
def db_url() -> None:
    """Print a connection URL for the administrative connection (psql, pg_dump, other tools)."""
    settings = get_settings()
    target = database(settings, stop_on_exit=False)
    if target.embedded:
        console.print(
            f"Embedded server (superuser 'postgres') is running on {target.embedded.socket_dir}; "
            "it stays up until `trainingops db stop` or the next service exit."
        )
    typer.echo(target.admin_url)


@db_app.command("stop")
def db_stop() -> None:
    """Stop the embedded server if one is running on the data directory."""
    settings = get_settings()
    stopped = embedded.stop(settings.data_dir)
    console.print("Embedded server stopped." if stopped else "No embedded server was running.")


@db_app.command("snapshot")
def db_snapshot(
    check: Annotated[
        bool, typer.Option("--check", help="Only compare; exit 1 when the files are out of date.")
    ] = False,
) -> None:
    """Regenerate src/trainingops/db/schema.sql and the generated part of docs/schema.md from a freshly migrated
    scratch database (created and dropped on the configured server)."""
    import uuid

    import psycopg
    from psycopg import sql as pgsql

    from trainingops.db import snapshot

    settings = get_settings()
    target = database(settings)
    scratch = f"trainingops_snapshot_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(target.admin_url, autocommit=True) as conn:
        conn.execute(pgsql.SQL("create database {}").format(pgsql.Identifier(scratch)))
    scratch_url = psycopg.conninfo.make_conninfo(target.admin_url, dbname=scratch)
    try:
        migrate.migrate(scratch_url)
        schema_sql = snapshot.dump_schema(scratch_url)
        described = snapshot.describe_schema(scratch_url)
    finally:
        with psycopg.connect(target.admin_url, autocommit=True) as conn:
            conn.execute(pgsql.SQL("drop database if exists {} with (force)").format(pgsql.Identifier(scratch)))
    docs_path = snapshot.SNAPSHOT_PATH.parents[3] / "docs" / "schema.md"
    docs = snapshot.docs_with_generated_part(docs_path.read_text(), described) if docs_path.is_file() else None
    stale = [
        p
        for p, text in ((snapshot.SNAPSHOT_PATH, schema_sql), (docs_path, docs))
        if text is not None and (not p.is_file() or p.read_text() != text)
    ]
    if check:
        for path in stale:
            console.print(f"[red]out of date:[/] {path} (run `trainingops db snapshot`)")
        raise typer.Exit(1 if stale else 0)
    snapshot.SNAPSHOT_PATH.write_text(schema_sql)
    if docs is not None:
        docs_path.write_text(docs)
    console.print(f"Wrote {snapshot.SNAPSHOT_PATH}" + (f" and {docs_path}" if docs is not None else ""))

"""``trainingops db …``: migrations, status, reset, connection URL, stop, schema snapshot, backup and restore, prune."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from trainingops.api import logs
from trainingops.cli.console import console
from trainingops.cli.runtime import database, migrate_now
from trainingops.config import get_settings
from trainingops.db import embedded, migrate
from trainingops.db import target as db_target
from trainingops.db.prune import DEFAULT_KEEP_DAYS

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


def _progress_bar() -> Progress:
    return Progress(
        TextColumn("{task.description:<40}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
    )


BackupFile = Annotated[Path, typer.Argument(help="The backup file (pg_dump custom format).", dir_okay=False)]


@db_app.command("backup")
def db_backup(file: BackupFile) -> None:
    """Back up the whole database to FILE (pg_dump custom format; restore with `trainingops db restore`)."""
    from trainingops.db import backup

    target = database(get_settings())
    with _progress_bar() as progress:
        task = progress.add_task("Backing up", total=None)

        def advance(done: int, total: int, what: str) -> None:
            progress.update(task, completed=done, total=total, description=f"Backing up {what}"[:40])

        try:
            result = backup.backup(target.admin_url, file, on_progress=advance)
        except backup.BackupError as exc:
            console.print(f"[red]backup failed:[/] {escape(logs.redact(str(exc)))}")
            raise typer.Exit(1) from exc
    console.print(f"Backed up {result.tables} tables to {result.path} ({result.size_bytes / 1e6:.1f} MB).")


@db_app.command("restore")
def db_restore(file: BackupFile) -> None:
    """Restore FILE into the configured database, which must be empty (a new data directory, or a new database
    on an external server); all or nothing, then migrations bring it to this version."""
    from trainingops.db import backup

    if not file.is_file():
        console.print(f"[red]error:[/] {file} does not exist.")
        raise typer.Exit(2)
    settings = get_settings()
    target = database(settings)
    password = settings.app_password.get_secret_value() if settings.app_password else None
    with _progress_bar() as progress:
        task = progress.add_task("Restoring", total=None)

        def advance(done: int, total: int, what: str) -> None:
            progress.update(task, completed=done, total=total, description=f"Restoring {what}"[:40])

        try:
            entries = backup.restore(target.admin_url, file, app_password=password, on_progress=advance)
        except backup.BackupError as exc:
            console.print(f"[red]restore failed, nothing was restored:[/] {escape(logs.redact(str(exc)))}")
            raise typer.Exit(1) from exc
    console.print(f"Restored {entries} entries from {file}.")


@db_app.command("prune")
def db_prune(
    keep_days: Annotated[
        int, typer.Option("--keep-days", min=1, help="Keep what is younger than this many days.")
    ] = DEFAULT_KEEP_DAYS,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only count what would be deleted.")] = False,
) -> None:
    """Delete what only grows and no longer matters: idempotency records, used or expired email links and ended
    sign-ins older than --keep-days (default: 90, far longer than any offline outbox waits). Safe to run from cron."""
    import psycopg

    from trainingops.db import prune

    target = database(get_settings())
    try:
        pruned = prune.prune(target.admin_url, keep_days=keep_days, dry_run=dry_run)
    except psycopg.Error as exc:
        console.print(f"[red]prune failed, nothing was deleted:[/] {escape(logs.redact(str(exc)))}")
        raise typer.Exit(1) from exc
    verb = "would delete" if dry_run else "deleted"
    for entry in pruned:
        typer.echo(f"{entry.kind}: {entry.rows} {verb}")
    if not any(entry.rows for entry in pruned):
        typer.echo(f"Nothing older than {keep_days} days to delete.")

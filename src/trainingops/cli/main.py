"""The ``trainingops`` command line: serve the API, load the demo, manage the database, list users."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from trainingops.api import logs
from trainingops.cli import activities as activity_commands
from trainingops.cli import roster as roster_commands
from trainingops.cli import sessions as sessions_commands
from trainingops.cli.accounts import admin_app, users_app
from trainingops.cli.acting import acting_user
from trainingops.cli.console import console
from trainingops.cli.db import db_app
from trainingops.cli.features import export_features
from trainingops.cli.notifications import notifications_app
from trainingops.cli.runtime import check_auth, database, migrate_now, settings_with
from trainingops.config import Settings, get_settings
from trainingops.db import target as db_target

app = typer.Typer(help="TrainingOps: training plans, logs and load for athletic programs.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(admin_app, name="admin")
app.add_typer(users_app, name="users")
app.add_typer(notifications_app, name="notifications")

HostOption = Annotated[str | None, typer.Option(help="Address to listen on (default 127.0.0.1).")]
PortOption = Annotated[int | None, typer.Option(help="Port to listen on (default 8000).")]


WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=1,
        help="API worker processes sharing one database server (default: the machine's cores).",
    ),
]


def _serve(settings: Settings, target: db_target.DatabaseTarget, workers: int | None = None) -> None:
    import os

    import uvicorn

    from trainingops.app import create_app
    from trainingops.cli import process
    from trainingops.cli import workers as worker_processes
    from trainingops.demo.load import DEMO_PASSWORD

    count = workers or os.cpu_count() or 1
    try:
        plan = worker_processes.plan_pools(target.admin_url, workers=count, wanted=settings.pool_max_size)
    except worker_processes.PoolTooSmall as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    base = f"http://{settings.host}:{settings.port}"
    demo_sign_in = f"  (sign in as maria.alvarez@northfield.edu / {DEMO_PASSWORD})" if settings.demo_mode else ""
    console.print(
        f"\n[bold green]TrainingOps is running:[/] {base}\n"
        f"  Web app: {base}/{demo_sign_in}\n"
        f"  {count} worker process(es), a pool of up to {plan.per_worker} connections each "
        f"(server max_connections {plan.max_connections})\n"
        f"  API docs (OpenAPI): {base}/docs\n"
        f"  health: /healthz   readiness: /readyz   metrics (this machine only): /metrics   stop: Ctrl+C\n"
    )
    if count > 1:
        worker_processes.run(settings, target.admin_url, target.app_url, workers=count, plan=plan)
        return
    # The API process's own tuning (docs/performance.md): large NumPy buffers stay in the heap, and what is alive
    # after start-up leaves the garbage collector's view.
    process.keep_large_buffers()
    uvicorn.run(
        create_app(
            settings.model_copy(update={"pool_max_size": plan.per_worker}),
            target=target,
            on_started=process.settle_startup_objects,
        ),
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
    workers: WorkersOption = None,
    run_migrations: Annotated[
        bool, typer.Option("--migrate/--no-migrate", help="Apply pending migrations first.")
    ] = True,
) -> None:
    """Serve the API (starting the embedded PostgreSQL unless DATABASE_URL is set)."""
    settings = settings_with(host, port)
    check_auth(settings)
    target = database(settings)
    if run_migrations:
        migrate_now(settings, target)
    _serve(settings, target, workers)


@app.command()
def demo(
    host: HostOption = None,
    port: PortOption = None,
    workers: WorkersOption = None,
    serve_api: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve the API after loading.")] = True,
) -> None:
    """Migrate, load the demo data (two programs, ~6 months of training) and serve the API."""
    from datetime import date

    import psycopg

    from trainingops.demo import generate, load
    from trainingops.errors import DomainError

    settings = settings_with(host, port).model_copy(update={"demo_mode": True})
    check_auth(settings)
    target = database(settings)
    migrate_now(settings, target)
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
        _serve(settings, target, workers)


def _print_demo_users(target: db_target.DatabaseTarget) -> None:
    from trainingops.demo.load import DEMO_PASSWORD
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
        f"Every demo user signs in with the password [bold]{DEMO_PASSWORD}[/] (POST /api/v1/auth/sign-in). "
        "Or: `trainingops token --email maria.alvarez@northfield.edu` prints a bearer token "
        '(use it in /docs → Authorize), or POST /api/v1/demo/sign-in {"email": ...} in demo mode.'
    )


@app.command()
def token(
    email: Annotated[str, typer.Option(help="The user to act as.")],
    ttl: Annotated[
        int | None, typer.Option(help="Lifetime in minutes (default TRAININGOPS_TOKEN_TTL_MINUTES).")
    ] = None,
) -> None:
    """Print a bearer token for a user (for scripts, tests and /docs)."""
    import asyncio
    from datetime import timedelta

    from trainingops.auth import accounts
    from trainingops.auth.tokens import AuthConfigError, TokenService

    settings = get_settings()
    try:
        tokens = TokenService.from_settings(settings, for_signing=True)
    except AuthConfigError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    logs.configure(settings.log_level, secrets=settings.credentials())
    target, user_id = acting_user(email, console=console)
    lifetime = timedelta(minutes=ttl) if ttl else tokens.ttl
    # A sign-in session of its own: sign-out everywhere, a password change or a deactivated membership end it.
    session = asyncio.run(
        accounts.administrative_session(target.admin_url, user_id=user_id, ttl=lifetime, user_agent="trainingops token")
    )
    typer.echo(tokens.issue(user_id, ttl=lifetime, session_id=session.session_id, generation=session.generation))


# ------------------------------------------------------------------------------------------------ export

export_app = typer.Typer(help="Export data for analysis: sessions, model-training features.", no_args_is_help=True)
app.add_typer(export_app, name="export")
import_app = typer.Typer(
    help="Import data: sessions from CSV (and undo such an import), device activity files, a season's roster.",
    no_args_is_help=True,
)
app.add_typer(import_app, name="import")
import_app.command("sessions")(sessions_commands.import_sessions)
import_app.command("activity")(activity_commands.import_activity)
import_app.command("undo")(sessions_commands.undo_import)
import_app.command("roster")(roster_commands.import_roster)
app.add_typer(roster_commands.roster_app, name="roster")
export_app.command("sessions")(sessions_commands.export_sessions)
export_app.command("features")(export_features)


@app.command()
def openapi(
    output: Annotated[
        Path | None, typer.Option("--output", help="File to write (default: stdout).", dir_okay=False)
    ] = None,
) -> None:
    """Print the API's OpenAPI document (what the web app's typed client is generated from: ./run web-types)."""
    from trainingops.app import create_app

    settings = Settings(jwt_secret="x" * 48)  # the document does not depend on the secret; no database is opened
    document = json.dumps(create_app(settings).openapi(), indent=2, sort_keys=False) + "\n"
    if output is None:
        typer.echo(document, nl=False)
    else:
        output.write_text(document)


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

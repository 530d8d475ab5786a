"""`trainingops import sessions` and `trainingops export sessions`: the bulk API's work from the command line,
as a named user (the same access rules as the API)."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from pathlib import Path
from typing import Annotated
from uuid import UUID

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from trainingops.auth.acting import acting_user, run_as
from trainingops.errors import DomainError
from trainingops.sessions import bulk

console = Console(stderr=True)
AsEmail = Annotated[str, typer.Option("--as", help="Email of the user to act as (their access applies).")]


def _fail(exc: DomainError) -> None:
    console.print(f"[red]error:[/] {exc.detail}")
    for problem in exc.extra.get("errors", [])[:50]:
        console.print(f"  row {problem.get('row')}: {problem.get('column') or ''} {problem.get('detail')}")
    raise typer.Exit(1) from exc


def import_sessions(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV with the spec's columns")],
    as_email: AsEmail,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate every row; write nothing.")] = False,
    idempotency_key: Annotated[
        str | None, typer.Option(help="Default: the file's SHA-256, so importing the same file twice adds nothing.")
    ] = None,
) -> None:
    """Import sessions from CSV: every row validated first, all rows or none (docs/api.md, "Sessions in bulk")."""
    data = file.read_bytes()
    target, user_id = acting_user(as_email, console=console)
    key = None if dry_run else (idempotency_key or f"file-sha256:{bulk.body_hash(data)}")
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console) as bar:
        bar.add_task(f"Importing {file.name} as {as_email}", total=None)
        try:
            report, replayed = asyncio.run(run_as(
                target.app_url, user_id, lambda conn: bulk.import_csv(conn, data=data, dry_run=dry_run,
                                                                       idempotency_key=key)))  # fmt: skip
        except DomainError as exc:
            bar.stop()
            _fail(exc)
            return
    if replayed:
        console.print(f"Already imported (same file): {report['created']} sessions, nothing added.")
    elif dry_run:
        console.print(f"Dry run: all {report['rows']} rows are valid; nothing was written.")
    else:
        console.print(f"Imported {report['created']} sessions from {report['rows']} rows.")
    typer.echo(json.dumps(report))


def export_sessions(
    output: Annotated[Path, typer.Option("--output", dir_okay=False, help="File to write.")],
    as_email: AsEmail,
    athlete: Annotated[UUID | None, typer.Option("--athlete", help="One athlete's sessions.")] = None,
    team_season: Annotated[UUID | None, typer.Option("--team-season", help="One season's sessions.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv or parquet.")] = "csv",
    date_from: Annotated[datetime | None, typer.Option("--from", formats=["%Y-%m-%d"])] = None,
    date_to: Annotated[datetime | None, typer.Option("--to", formats=["%Y-%m-%d"])] = None,
) -> None:
    """Export the sessions you may see, for one athlete or one season, as CSV or Parquet."""
    if fmt not in ("csv", "parquet"):
        console.print(f"[red]error:[/] --format must be csv or parquet, not {fmt!r}.")
        raise typer.Exit(2)
    target, user_id = acting_user(as_email, console=console)
    try:
        rows = asyncio.run(run_as(target.app_url, user_id, lambda conn: bulk.export_rows(
            conn, athlete_id=athlete, team_season_id=team_season,
            date_from=date_from.date() if date_from else None, date_to=date_to.date() if date_to else None)))  # fmt: skip
    except DomainError as exc:
        _fail(exc)
        return
    output.write_bytes(bulk.to_parquet(rows) if fmt == "parquet" else bulk.to_csv(rows))
    console.print(f"Wrote {len(rows)} sessions to {output} ({fmt}).")

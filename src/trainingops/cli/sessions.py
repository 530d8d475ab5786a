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
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from trainingops.cli.acting import acting_user, run_as
from trainingops.errors import DomainError
from trainingops.sessions import bulk, export, import_batches

console = Console(stderr=True)
AsEmail = Annotated[str, typer.Option("--as", help="Email of the user to act as (their access applies).")]


def _fail(exc: DomainError) -> None:
    console.print(f"[red]error:[/] {exc.detail}")
    for problem in exc.extra.get("errors", [])[:50]:
        console.print(f"  row {problem.get('row')}: {problem.get('column') or ''} {problem.get('detail')}")
    for session in exc.extra.get("kept", [])[:50]:
        console.print(f"  kept {session.get('id')} (changed since the import)")
    raise typer.Exit(1) from exc


_STAGE_LABELS = {"check": "Checking access for every row", "write": "Writing the sessions"}


class _ImportStages:
    """The import's stages as progress bars: rows validated and staged (counted), then the access check and
    the write (the database works on all rows at once: a spinner each, with the time taken)."""

    def __init__(self, bar: Progress, what: str) -> None:
        self.bar, self.what = bar, what
        self.current: TaskID | None = None
        self.stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.finish()
            self.stage = stage
            label = f"Validating {self.what}" if stage == "validate" else _STAGE_LABELS.get(stage, stage)
            self.current = self.bar.add_task(label, total=total or None)
        assert self.current is not None
        self.bar.update(self.current, completed=done)

    def finish(self) -> None:
        """Mark the running stage done (a spinner stage gets a full bar)."""
        if self.current is not None:
            task = self.bar.tasks[self.current]
            self.bar.update(self.current, total=task.total or 1, completed=task.total or 1)


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
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console) as bar:
        stages = _ImportStages(bar, f"{file.name} as {as_email}")
        try:
            report, replayed = asyncio.run(
                run_as(
                    target.app_url,
                    user_id,
                    lambda conn: bulk.import_csv(
                        conn, data=data, dry_run=dry_run, idempotency_key=key, progress=stages
                    ),
                )
            )
        except DomainError as exc:
            bar.stop()
            _fail(exc)
            return
        stages.finish()
    if replayed:
        console.print(f"Already imported (same file): {report['created']} sessions, nothing added.")
    elif dry_run:
        console.print(
            f"Dry run: all {report['rows']} rows are valid; {report['duplicates']} match existing "
            "sessions; nothing was written."
        )
    else:
        console.print(
            f"Imported {report['created']} sessions from {report['rows']} rows; {report['duplicates']} "
            f"matched existing sessions. Batch {report['batch_id']} (undo: trainingops import undo "
            f"{report['batch_id']} --as EMAIL)."
        )
    typer.echo(json.dumps(report))


def undo_import(
    batch: Annotated[UUID, typer.Argument(help="The batch_id an import printed.")],
    as_email: AsEmail,
) -> None:
    """Undo a sessions import (staff): delete its sessions still as imported; keep and list those logged or
    edited since."""
    target, user_id = acting_user(as_email, console=console)
    try:
        report = asyncio.run(
            run_as(target.app_url, user_id, lambda conn: import_batches.undo_import(conn, batch_id=batch))
        )
    except DomainError as exc:
        _fail(exc)
        return
    console.print(
        f"Deleted {len(report['deleted_ids'])} sessions; kept {len(report['kept'])} changed since the "
        f"import; {report['already_deleted']} were deleted before."
    )
    typer.echo(json.dumps(report))


def export_sessions(
    output: Annotated[Path, typer.Option("--output", dir_okay=False, help="File to write.")],
    as_email: AsEmail,
    athlete: Annotated[UUID | None, typer.Option("--athlete", help="One athlete's sessions.")] = None,
    team_season: Annotated[UUID | None, typer.Option("--team-season", help="One season's sessions.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv or parquet.")] = "csv",
    date_from: Annotated[datetime | None, typer.Option("--from", formats=["%Y-%m-%d"])] = None,
    date_to: Annotated[datetime | None, typer.Option("--to", formats=["%Y-%m-%d"])] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="coach_assigned or self_assigned only (what you may import back).")
    ] = None,
) -> None:
    """Export the sessions you may see, for one athlete or one season, as CSV or Parquet."""
    if fmt not in ("csv", "parquet"):
        console.print(f"[red]error:[/] --format must be csv or parquet, not {fmt!r}.")
        raise typer.Exit(2)
    if source not in (None, "coach_assigned", "self_assigned"):
        console.print(f"[red]error:[/] --source must be coach_assigned or self_assigned, not {source!r}.")
        raise typer.Exit(2)
    target, user_id = acting_user(as_email, console=console)
    try:
        rows = asyncio.run(
            run_as(
                target.app_url,
                user_id,
                lambda conn: export.export_rows(
                    conn,
                    athlete_id=athlete,
                    team_season_id=team_season,
                    date_from=date_from.date() if date_from else None,
                    date_to=date_to.date() if date_to else None,
                    source=source,
                ),
            )
        )
    except DomainError as exc:
        _fail(exc)
        return
    output.write_bytes(export.to_parquet(rows) if fmt == "parquet" else export.to_csv(rows))
    console.print(f"Wrote {len(rows)} sessions to {output} ({fmt}).")

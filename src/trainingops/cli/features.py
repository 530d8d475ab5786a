"""``trainingops export features``: one row per athlete-day with every load metric, for model training."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Annotated
from uuid import UUID

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from trainingops.cli.acting import acting_user
from trainingops.cli.console import console
from trainingops.config import get_settings


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
    with Progress(
        TextColumn("{task.description:<34}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
    ) as progress:
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

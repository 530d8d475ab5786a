"""``trainingops import activity FILE... --athlete ID --as EMAIL``: device files into sessions, as a named user.

The same code path as the API (``service.parse_upload`` then ``service.import_for_athlete`` in one transaction
per file as the user), so the same access rules, matching and idempotency apply. One result line per file;
the exit code is 1 when any file failed.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from trainingops.cli.console import console
from trainingops.db.identity import Identity
from trainingops.db.pool import Database
from trainingops.errors import DomainError


@dataclass(frozen=True)
class FileOutcome:
    path: Path
    status: str  # matched, created, attached (joined with "+" for several segments), unchanged, error
    message: str


def _summary(body: str, replayed: bool) -> tuple[str, str]:
    result: dict[str, Any] = json.loads(body)
    actions, parts = [], []
    for segment in result["segments"]:
        session = segment["session"]
        actions.append(segment["action"])
        distance = session["actual_distance_m"]
        km = f"{distance / 1000:.2f} km, " if distance else ""
        minutes, seconds = divmod(int(session["actual_duration_sec"] or 0), 60)
        flags = "".join(f" [flag: {flag['code']}]" for flag in segment["quality"])
        parts.append(
            f"{segment['action']} session {session['id']} ({session['workout_category']} {session['session_date']}, "
            f"{km}{minutes}:{seconds:02d}){flags}"
        )
    status = "unchanged" if replayed else "+".join(dict.fromkeys(actions))
    prefix = "already imported: " if replayed else ""
    return status, prefix + "; ".join(parts)


async def _import_one(database: Database, identity: Identity, athlete_id: UUID, path: Path) -> FileOutcome:
    from trainingops.activities import service  # the readers (fitdecode, gpxpy, NumPy): loaded only when used

    try:
        async with database.transaction(identity) as conn:
            await service.athlete_target(conn, athlete_id=athlete_id)  # a hidden athlete: refused before reading
        content = await asyncio.to_thread(path.read_bytes)
        upload = await asyncio.to_thread(service.parse_upload, content, path.name)
        async with database.transaction(identity) as conn:
            result = await service.import_for_athlete(conn, athlete_id=athlete_id, upload=upload)
    except DomainError as exc:
        return FileOutcome(path, "error", f"{exc.code}: {exc.detail}")
    except OSError as exc:
        return FileOutcome(path, "error", f"cannot read the file: {exc.strerror or exc}")
    status, message = _summary(result.body, result.replayed)
    return FileOutcome(path, status, message)


async def import_files(
    app_url: str,
    *,
    user_id: UUID,
    athlete_id: UUID,
    paths: list[Path],
    statement_timeout_ms: int,
    on_done: Any = None,
) -> list[FileOutcome]:
    """Import each file in its own transaction as ``user_id``; a failed file changes nothing and stops nothing."""
    database = Database(app_url, min_size=1, max_size=1, statement_timeout_ms=statement_timeout_ms)
    await database.open()
    outcomes = []
    try:
        for path in paths:
            outcome = await _import_one(database, Identity(user_id), athlete_id, path)
            outcomes.append(outcome)
            if on_done is not None:
                on_done(outcome)
    finally:
        await database.close()
    return outcomes


STYLE = {"error": "red", "unchanged": "yellow"}


def import_activity(
    files: Annotated[list[Path], typer.Argument(help="FIT, GPX or TCX files (optionally .gz).", dir_okay=False)],
    athlete: Annotated[UUID, typer.Option("--athlete", help="The athlete whose sessions the files fill.")],
    as_email: Annotated[str, typer.Option("--as", help="Email of the user to act as (their access applies).")],
) -> None:
    """Import device files: each fills the athlete's planned session of its day, else creates a completed one."""
    from trainingops.cli.acting import acting_user
    from trainingops.config import get_settings

    settings = get_settings()
    target, user_id = acting_user(as_email, console=console)
    with Progress(
        TextColumn("{task.description:<34}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
    ) as progress:
        task = progress.add_task(f"Importing as {as_email}", total=len(files))

        def done(outcome: FileOutcome) -> None:
            style = STYLE.get(outcome.status, "green")
            progress.console.print(f"[{style}]{outcome.status:<9}[/] {outcome.path.name}: {outcome.message}")
            progress.update(task, advance=1)

        outcomes = asyncio.run(
            import_files(
                target.app_url,
                user_id=user_id,
                athlete_id=athlete,
                paths=files,
                statement_timeout_ms=settings.statement_timeout_ms,
                on_done=done,
            )
        )
    failed = sum(outcome.status == "error" for outcome in outcomes)
    console.print(f"{len(outcomes) - failed} of {len(outcomes)} file(s) imported, {failed} failed.")
    if failed:
        raise typer.Exit(1)

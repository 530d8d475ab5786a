"""Rosters from the command line: ``trainingops import roster`` (the roster CSV import, as a named user: the same
rules as the API) and ``trainingops roster add`` (an operator puts an athlete on a season's roster, for a
transfer without the athlete's acceptance; the API's way is an invitation they accept)."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Annotated
from uuid import UUID

import psycopg
import typer

from trainingops import mail
from trainingops.cli.acting import acting_user, run_as
from trainingops.cli.console import console
from trainingops.cli.runtime import database
from trainingops.config import get_settings
from trainingops.db import errors as db_errors
from trainingops.errors import DomainError
from trainingops.roster import roster_import

roster_app = typer.Typer(help="Rosters: an operator's changes the API leaves to invitations.", no_args_is_help=True)
AsEmail = Annotated[str, typer.Option("--as", help="Email of the user to act as (their access applies).")]


def import_roster(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="The roster CSV.")],
    team_season: Annotated[UUID, typer.Option("--team-season", help="The season whose roster the file fills.")],
    as_email: AsEmail,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and report; write nothing.")] = False,
) -> None:
    """Import a season's roster from CSV (name, email, event_group, status, sex, date_of_birth), all rows or none."""
    target, user_id = acting_user(as_email, console=console)
    data = file.read_bytes()
    settings = get_settings()
    try:
        imported = asyncio.run(
            run_as(
                target.app_url,
                user_id,
                lambda conn: roster_import.import_roster(
                    conn, settings=settings, team_season_id=team_season, data=data, dry_run=dry_run
                ),
            )
        )
    except DomainError as exc:
        console.print(f"[red]error:[/] {exc.detail}")
        for problem in exc.extra.get("errors", [])[:50]:
            console.print(f"  row {problem.get('row')}: {problem.get('column') or ''} {problem.get('detail')}")
        raise typer.Exit(1) from exc
    report = imported.body
    for link in imported.links:  # committed: the invitations' emails (or, in demo mode without SMTP, the log)
        asyncio.run(
            mail.deliver_link(
                settings, to=link.to, subject=link.subject, text=link.text, link=link.url, what="invitation"
            )
        )
    verb = "would add" if dry_run else "added"
    console.print(
        f"{report['rows']} row(s): {verb} {report['entries_created']} roster entr(ies), "
        f"{report['entries_existing']} already there; athletes created {report['athletes_created']}, "
        f"matched {report['athletes_matched']}; invitations {report['invitations_created']} "
        f"(mail: {report['invitation_mail']})."
    )


@roster_app.command("add")
def add(
    athlete: Annotated[UUID, typer.Option("--athlete", help="The athlete's id.")],
    team_season: Annotated[UUID, typer.Option("--team-season", help="The season to put them on.")],
    event_group: Annotated[UUID | None, typer.Option("--event-group", help="Their event group there.")] = None,
    status: Annotated[str, typer.Option(help="active, injured, redshirt or inactive.")] = "active",
    joined_on: Annotated[
        str | None, typer.Option("--joined-on", help="First day on this roster (YYYY-MM-DD; a transfer: its day).")
    ] = None,
) -> None:
    """Put any athlete on a season's roster, administratively: how an athlete moves to another program until
    invitations exist (the program they leave sets their entry's left_on). The database's data rules apply (a
    closed season, an archived group); its access rules are the operator's to keep."""
    target = database(get_settings())
    joined = date.fromisoformat(joined_on) if joined_on else None
    with psycopg.connect(target.admin_url) as conn:
        messages = db_errors.load_messages(conn)
        try:
            row = conn.execute(
                "insert into roster_entries (program_id, team_season_id, athlete_id, event_group_id, status, joined_on) "
                "select ts.program_id, ts.id, %s, %s, %s, %s from team_seasons ts where ts.id = %s returning id",
                [athlete, event_group, status, joined, team_season],
            ).fetchone()
        except psycopg.Error as exc:
            problem = db_errors.translate(exc, messages)
            console.print(f"[red]error:[/] {problem.detail if problem else exc}")
            raise typer.Exit(1) from exc
    if row is None:
        console.print(f"[red]error:[/] no team season {team_season}.")
        raise typer.Exit(1)
    console.print(f"roster entry {row[0]}")

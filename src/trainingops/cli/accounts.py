"""Accounts from the command line, on the administrative connection: the first user of a fresh install
(``trainingops admin create``), passwords (``trainingops users set-password``), an identity provider's subject
(``trainingops users link-subject``), and the list of users (``trainingops users``)."""

from __future__ import annotations

import asyncio
import functools
import json
import sys
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import psycopg
import typer
from psycopg.rows import dict_row
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from trainingops.auth import accounts, passwords
from trainingops.cli.console import console
from trainingops.cli.runtime import database
from trainingops.config import get_settings
from trainingops.db import errors as db_errors
from trainingops.db.pool import Connection
from trainingops.db.target import DatabaseTarget
from trainingops.errors import DomainError

T = TypeVar("T")

admin_app = typer.Typer(help="Administer a deployment: its first user.", no_args_is_help=True)
users_app = typer.Typer(
    help="Users: list them (no subcommand), set a password, link an identity provider's subject.",
    invoke_without_command=True,
)

EmailOption = Annotated[str, typer.Option("--email", help="The user's email.")]
PasswordStdinOption = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from the first line of standard input (scripts)."),
]


def _fail(message: str, code: int = 1) -> typer.Exit:
    console.print(f"[red]error:[/] {escape(message)}")
    return typer.Exit(code)


@functools.cache
def _target() -> DatabaseTarget:
    return database(get_settings())


def _admin(work: Callable[[Connection], Awaitable[T]]) -> T:
    """Run ``work`` in one transaction on the administrative connection; database rules become clear errors."""
    target = _target()

    async def run() -> T:
        async with await psycopg.AsyncConnection.connect(target.admin_url, row_factory=dict_row) as conn:
            messages = await db_errors.load_messages_async(conn)
            try:
                async with conn.transaction():
                    return await work(conn)
            except psycopg.Error as exc:
                error = db_errors.translate(exc, messages)
                if error is None:
                    raise
                raise error from exc

    try:
        return asyncio.run(run())
    except DomainError as exc:
        raise _fail(exc.detail) from exc


def _password(from_stdin: bool, *, email: str, name: str) -> str:
    """The new password: one line of standard input, or typed twice without echo; checked against the rules."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        passwords.check_policy(password, email=email, name=name)
    except passwords.PasswordTooWeak as exc:
        raise _fail(exc.detail) from exc
    return password


@admin_app.command("create")
def create_admin(
    email: EmailOption,
    name: Annotated[str, typer.Option("--name", help="The user's name, as others will see it.")],
    password_stdin: PasswordStdinOption = False,
) -> None:
    """Create a user who signs in with a password: the first user of a fresh install."""
    password = _password(password_stdin, email=email, name=name)
    password_hash = passwords.hash_password(password)

    async def work(conn: Connection) -> None:
        user_id = await accounts.create_user(conn, email=email, name=name)
        await accounts.set_password(conn, user_id=user_id, password_hash=password_hash)

    _admin(work)
    console.print(
        f"Created {escape(email)}. Sign in: POST /api/v1/auth/sign-in with this email and password "
        "(or `trainingops token --email …` for a bearer token). A user who belongs to no program sees nothing yet."
    )


@users_app.callback()
def list_users(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List every user with their staff memberships, athlete profile and roster entries."""
    if ctx.invoked_subcommand is not None:
        return
    from trainingops.roster.directory import list_users as directory

    people = directory(_target().admin_url)
    if as_json:
        sys.stdout.write(json.dumps(people, indent=2, default=str) + "\n")
        return
    _print_users(people)


def _print_users(people: list[dict[str, Any]]) -> None:
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


@users_app.command("set-password")
def set_password(email: EmailOption, password_stdin: PasswordStdinOption = False) -> None:
    """Set a user's password; every session and token they had is signed out."""
    found = _admin(lambda conn: accounts.user_by_email(conn, email=email))
    if found is None:
        raise _fail(f"no user with email {email!r} (see `trainingops users`).")
    user_id, stored_email, name = found
    password_hash = passwords.hash_password(_password(password_stdin, email=stored_email, name=name))
    _admin(lambda conn: accounts.set_password(conn, user_id=user_id, password_hash=password_hash))
    console.print(f"Password set for {escape(stored_email)}; their earlier sessions and tokens are signed out.")


@users_app.command("link-subject")
def link_subject(
    email: EmailOption,
    subject: Annotated[
        str | None, typer.Option("--subject", help="The identity provider's sub claim; leave out to unlink.")
    ] = None,
) -> None:
    """Link a user to an identity provider's subject (when its tokens' sub is not the user id, nor its email ours)."""
    found = _admin(lambda conn: accounts.user_by_email(conn, email=email))
    if found is None:
        raise _fail(f"no user with email {email!r} (see `trainingops users`).")
    _admin(lambda conn: accounts.link_subject(conn, user_id=found[0], subject=subject))
    console.print(f"{escape(found[1])} is {'linked to ' + escape(repr(subject)) if subject else 'not linked'}.")

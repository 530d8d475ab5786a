"""Where the service connects: the administrative URL (migrations, demo load, `db url`) and the URL of the
login role ``trainingops_app`` that every API request uses."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from trainingops.config import Settings
from trainingops.db import embedded

APP_ROLE = "trainingops_app"
OWNER_ROLE = "trainingops_owner"


@dataclass(frozen=True)
class DatabaseTarget:
    admin_url: str
    app_url: str
    embedded: embedded.EmbeddedServer | None = None

    @property
    def database(self) -> str:
        return str(conninfo_to_dict(self.admin_url).get("dbname") or "")


def app_url_for(admin_url: str, settings: Settings) -> str:
    if settings.app_database_url:
        return settings.app_database_url
    # Never inherit the administrative password: the app role has its own (or none, with trust/peer auth).
    params = {k: v for k, v in conninfo_to_dict(admin_url).items() if k != "password"}
    if settings.app_password:
        params["password"] = settings.app_password.get_secret_value()
    params["user"] = APP_ROLE
    return make_conninfo("", **params)


def ensure_database(server: embedded.EmbeddedServer, name: str) -> None:
    with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone()
        if not exists:
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):  # another process was first
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))


def resolve(settings: Settings, *, stop_on_exit: bool = True) -> DatabaseTarget:
    """Start the embedded server if no DATABASE_URL is set; return both connection URLs."""
    if settings.database_url:
        return DatabaseTarget(settings.database_url, app_url_for(settings.database_url, settings))
    server = embedded.start(settings.data_dir, stop_on_exit=stop_on_exit)
    ensure_database(server, settings.database_name)
    admin_url = server.url(settings.database_name)
    return DatabaseTarget(admin_url, server.url(settings.database_name, user=APP_ROLE), server)

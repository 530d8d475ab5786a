"""Token issuing and verification: algorithms, required claims, configuration errors, the demo secret."""

from __future__ import annotations

import stat
import uuid
from datetime import timedelta
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from trainingops.auth.tokens import AuthConfigError, TokenService
from trainingops.config import Settings
from trainingops.errors import Unauthenticated

SECRET = "s" * 40


def test_hs256_round_trip_carries_the_user_id() -> None:
    tokens = TokenService.from_settings(Settings(jwt_secret=SECRET))
    user = uuid.uuid4()
    assert tokens.verify(tokens.issue(user)).user_id == user


@pytest.mark.parametrize("algorithm", ["RS256", "ES256"])
def test_an_identity_providers_public_key_verifies_its_tokens(algorithm: str, tmp_path: Path) -> None:
    key = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if algorithm == "RS256"
        else (ec.generate_private_key(ec.SECP256R1()))
    )
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public_path = tmp_path / "idp.pem"
    public_path.write_bytes(
        key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    settings = Settings(jwt_algorithm=algorithm, jwt_public_key=str(public_path))
    verifier = TokenService.from_settings(settings)
    user = uuid.uuid4()
    claims = {"sub": str(user), "iss": "trainingops", "aud": "trainingops-api", "exp": 2_000_000_000}
    assert verifier.verify(jwt.encode(claims, private_pem, algorithm=algorithm)).user_id == user
    # Algorithm confusion: an HS256 token "signed" with the public key text must not verify.
    forged = jwt.encode(claims, "x" * 64, algorithm="HS256")
    with pytest.raises(Unauthenticated):
        verifier.verify(forged)
    with pytest.raises(AuthConfigError, match="PRIVATE_KEY"):
        TokenService.from_settings(settings, for_signing=True)


def test_without_a_secret_outside_demo_mode_the_service_refuses(tmp_path: Path) -> None:
    with pytest.raises(AuthConfigError, match="TRAININGOPS_JWT_SECRET"):
        TokenService.from_settings(Settings(data_dir=tmp_path))
    with pytest.raises(AuthConfigError, match="at least 32 bytes"):
        TokenService.from_settings(Settings(jwt_secret="short"))
    with pytest.raises(AuthConfigError, match="PUBLIC_KEY"):
        TokenService.from_settings(Settings(jwt_algorithm="ES256"))


def test_demo_mode_keeps_one_private_secret_in_the_data_directory(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, demo_mode=True)
    first = TokenService.from_settings(settings)
    secret_file = tmp_path / "jwt-secret"
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    token = first.issue(uuid.uuid4(), ttl=timedelta(minutes=1))
    again = TokenService.from_settings(settings)  # a restart reuses the secret: old tokens stay valid
    assert again.verify(token)
    # `trainingops token` outside demo mode signs with the demo secret when one exists.
    assert TokenService.from_settings(Settings(data_dir=tmp_path), for_signing=True).verify(token)


def test_a_token_the_service_issues_names_its_session_and_generation() -> None:
    tokens = TokenService.from_settings(Settings(jwt_secret=SECRET))
    user, session = uuid.uuid4(), uuid.uuid4()
    identity = tokens.verify(tokens.issue(user, session_id=session, generation=3))
    assert (identity.user_id, identity.session_id, identity.generation, identity.subject) == (user, session, 3, None)
    assert identity.issued_here


@pytest.mark.parametrize(
    "extra",
    [{"gen": "3"}, {"gen": 1.5}, {"gen": True}, {"gen": 1, "sid": "not-a-uuid"}, {"sid": str(uuid.uuid4())}],
    ids=["gen-text", "gen-float", "gen-bool", "sid-not-uuid", "sid-without-gen"],
)
def test_a_token_with_a_malformed_session_or_generation_is_refused(extra: dict[str, object]) -> None:
    tokens = TokenService.from_settings(Settings(jwt_secret=SECRET))
    claims = {"sub": str(uuid.uuid4()), "iss": "trainingops", "aud": "trainingops-api", "exp": 2_000_000_000, **extra}
    with pytest.raises(Unauthenticated):
        tokens.verify(jwt.encode(claims, SECRET, algorithm="HS256"))


def test_an_identity_providers_token_carries_its_subject_and_only_a_verified_email() -> None:
    tokens = TokenService.from_settings(Settings(jwt_secret=SECRET))
    base = {"iss": "trainingops", "aud": "trainingops-api", "exp": 2_000_000_000}
    found = tokens.verify(jwt.encode({**base, "sub": "idp|42", "email": "a@x.org"}, SECRET, algorithm="HS256"))
    assert (found.user_id, found.subject, found.email, found.issued_here) == (None, "idp|42", "a@x.org", False)
    unverified = {**base, "sub": "idp|42", "email": "a@x.org", "email_verified": False}
    assert tokens.verify(jwt.encode(unverified, SECRET, algorithm="HS256")).email is None
    with pytest.raises(Unauthenticated):
        tokens.verify(jwt.encode({**base, "sub": "x" * 256}, SECRET, algorithm="HS256"))

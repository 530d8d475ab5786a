"""Passwords: Argon2id hashing (argon2-cffi) and the password rules (NIST SP 800-63B §5.1.1.2).

Hashing uses ``argon2.PasswordHasher()``'s defaults, the RFC 9106 "second recommended option" (low-memory
profile): Argon2id, t=3 iterations, m=64 MiB, p=4 lanes, a 16-byte salt and a 32-byte tag. The parameters live
inside each stored PHC string, so raising them later only needs ``needs_rehash`` at the next sign-in.

Rules: at least 12 characters, at most 256, not the user's email name or name, not a very common password; no
composition rules (SP 800-63B: they make passwords worse, not stronger). Text is NFKC-normalised before it is
checked or hashed (SP 800-63B §5.1.1.2), so the same password typed on two keyboards verifies.
"""

from __future__ import annotations

import unicodedata

import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from trainingops.errors import DomainError

MIN_LENGTH = 12
MAX_LENGTH = 256  # a cap keeps a hash request from being a denial of service
# Parts of a name or email shorter than this are too common to refuse ("li", "ann").
MIN_PERSONAL_PART = 4

HASHER = PasswordHasher()  # RFC 9106 low-memory profile: t=3, m=65536 KiB, p=4 (argon2-cffi's defaults)

# Very common passwords of 12 characters or more (from public breach corpora's top lists), and words of this
# service: SP 800-63B asks for a check against both. A small list: the length rule does most of the work.
COMMON = frozenset(
    {
        "123456789012",
        "1234567890123",
        "12345678901234",
        "123456789abc",
        "1q2w3e4r5t6y",
        "1qaz2wsx3edc",
        "password1234",
        "password12345",
        "passwordpassword",
        "password123456",
        "qwertyuiop12",
        "qwertyuiop123",
        "qwertyuiopasdf",
        "qwerty123456",
        "iloveyou1234",
        "abcdefghijkl",
        "abcd12345678",
        "abc123456789",
        "letmeinletmein",
        "welcome12345",
        "welcome123456",
        "administrator",
        "changeme1234",
        "trustno1trustno1",
        "football1234",
        "baseball1234",
        "trainingops",
        "trainingops1",
        "trainingops123",
        "trainingops2026",
    }
)


class PasswordTooWeak(DomainError):
    code = "password_too_weak"
    status = 422
    title = "Choose another password"


def normalised(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


def _personal_parts(email: str, name: str) -> set[str]:
    local = email.split("@", 1)[0].lower()
    parts = {local, *local.replace("_", ".").replace("-", ".").replace("+", ".").split(".")}
    words = name.lower().split()
    parts |= {*words, "".join(words)}
    return {part for part in parts if len(part) >= MIN_PERSONAL_PART}


def check_policy(password: str, *, email: str, name: str) -> None:
    """Raise ``PasswordTooWeak`` with the reason when ``password`` breaks a rule."""
    text = normalised(password)
    if len(text) < MIN_LENGTH:
        raise PasswordTooWeak(f"Use at least {MIN_LENGTH} characters; a few words together make a good password.")
    if len(text) > MAX_LENGTH:
        raise PasswordTooWeak(f"Use at most {MAX_LENGTH} characters.")
    lowered = text.lower()
    if lowered in COMMON or len(set(lowered)) == 1:
        raise PasswordTooWeak("This password is one of the most common ones; choose another.")
    if any(part in lowered for part in _personal_parts(email, name)):
        raise PasswordTooWeak("The password must not contain your name or your email address.")


def hash_password(password: str) -> str:
    return HASHER.hash(normalised(password))


def verify(stored_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash``; a malformed hash never matches."""
    try:
        return HASHER.verify(stored_hash, normalised(password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return HASHER.check_needs_rehash(stored_hash)


_DUMMY_HASH: list[str] = []


def dummy_hash() -> str:
    """A hash with the current parameters, to verify against when the email is unknown: the answer then takes as
    long as for a wrong password (one Argon2 computation either way)."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(hash_password("no account has this password; it only costs the same time"))
    return _DUMMY_HASH[0]


# Argon2 takes tens of milliseconds of CPU: never on the event loop.
async def hash_in_thread(password: str) -> str:
    return await anyio.to_thread.run_sync(hash_password, password)


async def verify_in_thread(stored_hash: str | None, password: str) -> bool:
    """Verify against ``stored_hash``, or against the dummy hash when there is none (same cost, always False)."""
    if stored_hash is None:
        await anyio.to_thread.run_sync(lambda: verify(dummy_hash(), password))
        return False
    return await anyio.to_thread.run_sync(verify, stored_hash, password)

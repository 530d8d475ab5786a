"""Password rules (NIST SP 800-63B) and Argon2id hashing: length, personal and common passwords, no composition
rules, NFKC normalisation, the parameters in force, and the dummy hash an unknown email is verified against."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from trainingops.auth import passwords
from trainingops.auth.passwords import PasswordTooWeak, check_policy

EMAIL, NAME = "maria.alvarez@northfield.edu", "Maria Alvarez"


@pytest.mark.parametrize(
    "password",
    [
        "twelve chars",  # 12, spaces allowed
        "alllowercaseletters",  # no composition rules
        "ünïcödé passphrase ☃",
        "x" * 11 + "y",
        "a" * 255 + "b",
    ],
)
def test_long_enough_passwords_pass_without_composition_rules(password: str) -> None:
    check_policy(password, email=EMAIL, name=NAME)


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("eleven char", "at least 12 characters"),
        ("a" * 256 + "b", "at most 256 characters"),
        ("Password1234", "most common"),
        ("aaaaaaaaaaaaaaaa", "most common"),
        ("TrainingOps2026", "most common"),
        ("maria.alvarez-2026!", "your name or your email"),
        ("I am ALVAREZ and proud", "your name or your email"),
        ("mariaalvarez rocks", "your name or your email"),
    ],
)
def test_short_common_and_personal_passwords_are_refused_with_the_reason(password: str, reason: str) -> None:
    with pytest.raises(PasswordTooWeak) as refused:
        check_policy(password, email=EMAIL, name=NAME)
    assert reason in refused.value.detail
    assert (refused.value.code, refused.value.status) == ("password_too_weak", 422)


def test_short_name_parts_are_not_held_against_a_password() -> None:
    check_policy("lia and bo go running", email="li@x.org", name="Li Bo")


def test_hashes_are_argon2id_with_the_rfc_9106_low_memory_parameters() -> None:
    stored = passwords.hash_password("correct horse battery staple")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert passwords.verify(stored, "correct horse battery staple")
    assert not passwords.verify(stored, "correct horse battery stapler")
    assert not passwords.verify("not a hash", "anything at all")
    assert not passwords.needs_rehash(stored)
    assert passwords.needs_rehash(PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("x"))


def test_passwords_are_compared_after_nfkc_normalisation() -> None:
    composed, decomposed = "caf\u00e9 au lait please", "cafe\u0301 au lait please"
    assert passwords.verify(passwords.hash_password(composed), decomposed)


def test_the_dummy_hash_has_the_current_parameters() -> None:
    assert not passwords.needs_rehash(passwords.dummy_hash())
    assert passwords.dummy_hash() is passwords.dummy_hash()

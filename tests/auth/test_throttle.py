"""The sign-in throttle's arithmetic, with small windows: per account and per address, the longest wait of the
full windows as Retry-After, a success forgiving only the account."""

from __future__ import annotations

import pytest
from limits import parse_many

from trainingops.auth.throttle import SIGN_IN_PER_ACCOUNT, Throttle, TooManyAttempts


def small() -> Throttle:
    return Throttle("test", per_account=parse_many("2/minute; 3/hour"), per_address=parse_many("4/minute"))


def test_an_account_is_locked_after_its_failures_whatever_the_case_of_its_email() -> None:
    throttle = small()
    throttle.count("A@example.org", "10.0.0.1")
    assert throttle.retry_after("a@example.org", "10.0.0.1") is None
    throttle.count(" a@example.org ", "10.0.0.2")
    wait = throttle.retry_after("a@EXAMPLE.org", "10.0.0.3")
    assert wait is not None and 0 < wait <= 60
    with pytest.raises(TooManyAttempts) as refused:
        throttle.check("a@example.org", "10.0.0.3")
    assert refused.value.headers == {"Retry-After": str(wait)}
    assert (refused.value.code, refused.value.status) == ("too_many_attempts", 429)


def test_the_longest_full_window_decides_the_wait() -> None:
    throttle = small()
    for _ in range(2):
        throttle.count("a@example.org", "10.0.0.1")
    throttle.forgive("a@example.org")
    for _ in range(3):
        throttle.count("a@example.org", f"10.0.0.{_}")
    wait = throttle.retry_after("a@example.org", "10.0.0.9")
    assert wait is not None and wait > 60  # the hour's window is full: more than the minute's wait


def test_an_address_is_capped_across_accounts_and_a_success_forgives_only_the_account() -> None:
    throttle = small()
    for n in range(4):
        throttle.count(f"user{n}@example.org", "10.0.0.1")
    assert throttle.retry_after("someone.else@example.org", "10.0.0.1") is not None
    assert throttle.retry_after("someone.else@example.org", "10.0.0.2") is None
    throttle.forgive("user0@example.org")
    assert throttle.retry_after("user0@example.org", "10.0.0.1") is not None  # the address is still capped


def test_the_sign_in_windows_grow_four_times_each_step() -> None:
    windows = [item.get_expiry() for item in SIGN_IN_PER_ACCOUNT]
    assert windows == [15 * 60, 3600, 4 * 3600, 16 * 3600]
    assert [item.amount for item in SIGN_IN_PER_ACCOUNT] == [5, 10, 15, 20]

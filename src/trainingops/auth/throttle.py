"""Brute-force defence: failed sign-ins (and password-reset requests) counted per account and per client address
in moving windows (the ``limits`` package), with lockouts that grow as failures go on.

Per account (the normalised email, whether or not it has an account, so a lockout says nothing about existence):
5 failures in 15 minutes lock it until the oldest one is 15 minutes old; 10 in an hour, 15 in 4 hours and 20 in
16 hours lock it for up to an hour, 4 hours and 16 hours — each step four times the last. A successful sign-in
clears the account's count. Per client address the caps are higher (a campus network shares one address).

The counts live in this process's memory (``limits``' MemoryStorage): each API process counts on its own, and a
restart forgets them. Behind a load balancer with several processes, an attacker gets that many times the budget;
``limits`` can keep them in Redis or Memcached instead, when that matters.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from trainingops.errors import DomainError

SIGN_IN_PER_ACCOUNT = parse_many("5/15 minutes; 10/hour; 15/4 hours; 20/16 hours")
SIGN_IN_PER_ADDRESS = parse_many("30/15 minutes; 100/day")
# Password-reset emails: a few per account (each one replaces the last), more per address.
RESET_PER_ACCOUNT = parse_many("3/hour; 10/day")
RESET_PER_ADDRESS = parse_many("20/hour; 100/day")


class TooManyAttempts(DomainError):
    code = "too_many_attempts"
    status = 429
    title = "Too many attempts"

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(f"Too many attempts; try again in {minutes} minute{'s' if minutes > 1 else ''}.")
        self.headers = {"Retry-After": str(retry_after)}


def normalised_email(email: str) -> str:
    return email.strip().lower()


class Throttle:
    """Attempts counted per account and per address; ``check`` refuses once any window is full."""

    def __init__(
        self, name: str, *, per_account: Sequence[RateLimitItem], per_address: Sequence[RateLimitItem]
    ) -> None:
        self.name = name
        self.per_account = list(per_account)
        self.per_address = list(per_address)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    def _keys(self, account: str, address: str) -> list[tuple[RateLimitItem, str, str]]:
        return [(item, "account", normalised_email(account)) for item in self.per_account] + [
            (item, "address", address) for item in self.per_address
        ]

    def retry_after(self, account: str, address: str) -> int | None:
        """Seconds until every full window has room again; None when none is full."""
        now = time.time()
        waits = [
            self.limiter.get_window_stats(item, self.name, kind, key).reset_time - now
            for item, kind, key in self._keys(account, address)
            if not self.limiter.test(item, self.name, kind, key)
        ]
        return max(1, math.ceil(max(waits))) if waits else None

    def check(self, account: str, address: str) -> None:
        wait = self.retry_after(account, address)
        if wait is not None:
            raise TooManyAttempts(wait)

    def count(self, account: str, address: str) -> None:
        for item, kind, key in self._keys(account, address):
            self.limiter.hit(item, self.name, kind, key)

    def forgive(self, account: str) -> None:
        for item in self.per_account:
            self.limiter.clear(item, self.name, "account", normalised_email(account))


def sign_in_throttle() -> Throttle:
    return Throttle("sign-in", per_account=SIGN_IN_PER_ACCOUNT, per_address=SIGN_IN_PER_ADDRESS)


def reset_throttle() -> Throttle:
    return Throttle("password-reset", per_account=RESET_PER_ACCOUNT, per_address=RESET_PER_ADDRESS)

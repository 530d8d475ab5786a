"""A process-local memo of load results, keyed by a digest of everything they are computed from.

The load views are pure functions of what the data query returns under the caller's row-level security (the
roster and the packed daily loads and sessions), the check-in totals, the window (``start`` … ``end``, the day
shown, "today" — the as-of rule), the program's settings and the view's own parameters. Each request still runs
those queries; when their answers hash to a key seen before, the result computed then is the result now, so the
numbers are identical by construction and nothing needs invalidating: a session written, edited, deleted or
back-dated, a check-in, a roster or settings change, or a new day all change the key. Callers who see different
data get different keys; callers who see the same data would compute the same result.

A few entries per process: a key is a 32-byte BLAKE2b digest, a value a finished result (the team view's JSON
text, a Team Ops snapshot), not the model matrices.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Any, Generic, TypeVar

import orjson

# Enough for the rosters a handful of coaches keep open at once; a team view's body is ≈ 400 KiB at 150 athletes.
ENTRIES = 16
# False computes every time (tests compare both paths; benches measure the computation itself).
ENABLED = True


def _default(value: Any) -> str:
    return str(value)  # Decimal, and anything else without a JSON form: its exact text


def key(*parts: Any) -> bytes:
    """BLAKE2b-256 of the parts in order: bytes as they are, everything else as JSON (UUID, date, dataclasses and
    enums natively), each part tagged with its kind and length so no two sequences of parts share an encoding."""
    h = hashlib.blake2b(digest_size=32)
    for part in parts:
        if isinstance(part, (bytes, bytearray, memoryview)):
            tag, data = b"b", bytes(part)
        else:
            tag, data = b"j", orjson.dumps(part, default=_default)
        h.update(tag + len(data).to_bytes(8, "big"))
        h.update(data)
    return h.digest()


V = TypeVar("V")


class Memo(Generic[V]):
    """Least-recently-used results by key."""

    def __init__(self, entries: int) -> None:
        self._entries = entries
        self._values: OrderedDict[bytes, V] = OrderedDict()

    def get(self, k: bytes) -> V | None:
        if not ENABLED:
            return None
        value = self._values.get(k)
        if value is not None:
            self._values.move_to_end(k)
        return value

    def put(self, k: bytes, value: V) -> None:
        if not ENABLED:
            return
        self._values[k] = value
        self._values.move_to_end(k)
        while len(self._values) > self._entries:
            self._values.popitem(last=False)

    def clear(self) -> None:
        self._values.clear()

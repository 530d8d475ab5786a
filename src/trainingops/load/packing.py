"""How a session travels from PostgreSQL to NumPy: a fixed-width binary record, one per session.

Every session is two ``int8`` words assembled by integer arithmetic in SQL (shifts and ors are cheap; a
``float8send``/``int4send`` per column allocates a ``bytea`` each and cost half the query) and sent with one
``int8send(a) || int8send(b)`` under a single ``string_agg``. The sessions of the days shown carry heart rate
too (two ``float8`` from ``metrics_json``), so they go to a second aggregate with a wider record; reading JSON
is the dearest part of a row and the warm-up history does not need it — except the maximum heart rate of
athletes whose HRmax is observed (no date of birth), which goes to a third, small buffer (``READING``). The client reads each buffer with one
``np.frombuffer`` of a big-endian structured dtype and cuts the fields out with shifts and masks.

Every record is self-contained (it carries its own athlete and day), so the order rows arrive in does not
matter to any result: the models sum per athlete and day, and the rows of one athlete-day all fall on the same
side of the shown/history split, in the order the scan produced them.

The widths rest on the table's check constraints (``sessions_*_range``: RPE 1–10, durations 0–172,800 s,
distances 0–1,000,000 m); nullable fields are stored as value + 1 with 0 for NULL. A test inserts the largest
allowed values and checks they come back, and checks the database refuses anything wider.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Field:
    name: str
    bits: int
    nullable: bool  # stored as value + 1, 0 = NULL; decoded to float64 with NaN for NULL
    limit: int  # the largest value the field holds (after the + 1 of a nullable field: limit + 1 < 2**bits)


# The two words, most significant field first. 62 and 63 bits: both stay non-negative as int8.
WORD_A: tuple[Field, ...] = (
    Field("actual_distance_m", 20, True, 1_000_000),  # sessions_actual_distance_range
    Field("planned_distance_m", 20, True, 1_000_000),  # sessions_planned_distance_range
    Field("actual_duration_sec", 18, True, 172_800),  # sessions_actual_duration_range (48 h)
    Field("actual_rpe", 4, True, 10),  # sessions_actual_rpe_range (CR-10)
)
WORD_B: tuple[Field, ...] = (
    Field("planned_duration_sec", 18, True, 172_800),  # sessions_planned_duration_range
    Field("planned_rpe", 4, True, 10),  # sessions_planned_rpe_range
    Field("category", 2, False, 3),  # CATEGORY_CODES: four categories
    Field("completed", 1, False, 1),
    Field("day", 18, False, 2**18 - 1),  # days from the window's start: 717 years
    Field("athlete", 20, False, 2**20 - 1),  # roster position
)
WORDS = (WORD_A, WORD_B)
MAX_DAYS = WORD_B[4].limit + 1  # a window longer than this cannot be packed
MAX_ATHLETES = WORD_B[5].limit + 1

for _word in WORDS:
    assert sum(f.bits for f in _word) <= 63, "an int8 word must stay non-negative"
    for _f in _word:
        assert _f.limit + (1 if _f.nullable else 0) < 2**_f.bits, _f.name

HISTORY = np.dtype([("a", ">i8"), ("b", ">i8")])  # the days before the first one shown
# Heart-rate maxima of the warm-up history, only for athletes whose HRmax is observed (no date of birth; the rule
# looks back a year): roster index << 32 | day, and the reading. A separate buffer, so nobody else pays for it.
READING = np.dtype([("who", ">i8"), ("hr_max", ">f8")])
SHOWN = np.dtype([("a", ">i8"), ("b", ">i8"), ("hr_avg", ">f8"), ("hr_max", ">f8")])  # the days shown


def word_sql(word: tuple[Field, ...], expressions: dict[str, str]) -> str:
    """The SQL ``int8`` of one word from each field's SQL expression (an integer, NULL allowed if nullable)."""
    out = ""
    for f in word:
        value = f"coalesce(({expressions[f.name]}) + 1, 0)" if f.nullable else f"({expressions[f.name]})"
        out = f"{value}::int8" if not out else f"({out}) << {f.bits} | {value}"
    return out


def record_sql(expressions: dict[str, str]) -> str:
    """``int8send(a) || int8send(b)``: the 16-byte record of one session."""
    return " || ".join(f"int8send({word_sql(word, expressions)})" for word in WORDS)


def decode(history: bytes, shown: bytes) -> dict[str, NDArray[Any]]:
    """The sessions of both buffers as column arrays, history first: integers as intp (``completed`` as bool),
    nullable measures as float64 with NaN for NULL, heart rate (NaN in the history) as float64.

    Written to allocate little: every fresh array costs page faults that outweigh the arithmetic.
    """
    past, days_shown = np.frombuffer(history, dtype=HISTORY), np.frombuffer(shown, dtype=SHOWN)
    n_past = past.shape[0]
    n = n_past + days_shown.shape[0]
    out: dict[str, NDArray[Any]] = {}
    field = np.empty(n, dtype=np.int64)
    for key, word in zip(("a", "b"), WORDS, strict=True):
        values = np.empty(n, dtype=np.int64)
        values[:n_past] = past[key]
        values[n_past:] = days_shown[key]
        shift = sum(f.bits for f in word)
        for f in word:
            shift -= f.bits
            np.right_shift(values, shift, out=field)
            np.bitwise_and(field, (1 << f.bits) - 1, out=field)
            if f.nullable:
                column: NDArray[Any] = np.subtract(field, 1, dtype=np.float64)
                column[field == 0] = np.nan
            elif f.name == "completed":
                column = field.astype(bool)
            else:
                column = field.astype(np.intp)
            out[f.name] = column
    for name in ("hr_avg", "hr_max"):
        column = np.full(n, np.nan)
        column[n_past:] = days_shown[name]
        out[name] = column
    return out


def decode_readings(readings: bytes) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]:
    """Roster index, day and maximum heart rate of each ``READING`` record."""
    records = np.frombuffer(readings, dtype=READING)
    who = records["who"].astype(np.int64)
    return (who >> 32).astype(np.intp), (who & 0xFFFFFFFF).astype(np.intp), records["hr_max"].astype(np.float64)


# Daily loads (migration 0020) arrive as athlete_load_blocks: each block is a header record (``day`` = −1 − the
# roster index of the athlete, the rest zero) followed by the block's daily rows, 64 bytes each
# (``app_private.daily_load_record``): the day (days since 2000-01-01), the four sums, and the integer counts two to a
# word, the RPE drift sum offset by 2**31 (it may be negative).
EPOCH = date(2000, 1, 1)
BLOCK_DAYS = 32  # days per athlete_load_blocks row
HALF = 32
DRIFT_OFFSET = 2**31
DAILY = np.dtype(
    [
        ("day", ">i8"),
        ("load_rpe_seconds", ">i8"),
        ("estimated_rpe_seconds", ">i8"),
        ("duration_sec", ">i8"),
        ("distance_m", ">i8"),
        ("sessions", ">i8"),  # sessions << 32 | estimated_sessions
        ("missed", ">i8"),  # missed << 32 | cut_short
        ("drift", ">i8"),  # rpe_drift_sessions << 32 | rpe_drift_sum + 2**31
    ]
)
_PAIRS = (("sessions", "estimated_sessions"), ("missed", "cut_short"))
BLOCK_HEADER_SQL = f"int8send(-1 - {{index}}::int8) || '\\x{'00' * (DAILY.itemsize - 8)}'::bytea"


def block_range(start: date, split: date) -> tuple[int, int]:
    """The blocks that hold days in [start, split) (an empty range when split ≤ start)."""
    first = (start - EPOCH).days // BLOCK_DAYS
    return first, (first - 1 if split <= start else ((split - EPOCH).days - 1) // BLOCK_DAYS)


def decode_blocks(blocks: bytes, *, start: date, split: date) -> dict[str, NDArray[Any]]:
    """The daily rows of the blocks in [start, split) as columns: ``athlete`` (roster index) and ``day`` (from
    ``start``) as intp, every sum as float64 (exact: integers)."""
    records = np.frombuffer(blocks, dtype=DAILY)
    word = records["day"].astype(np.int64)
    header = word < 0
    last_header = np.maximum.accumulate(np.where(header, np.arange(word.shape[0]), 0))
    athlete = -1 - word[last_header]
    day = word - (start - EPOCH).days
    keep = ~header & (day >= 0) & (day < (split - start).days)
    low = (1 << HALF) - 1
    out: dict[str, NDArray[Any]] = {"athlete": athlete[keep].astype(np.intp), "day": day[keep].astype(np.intp)}
    kept = records[keep]
    for name in ("load_rpe_seconds", "estimated_rpe_seconds", "duration_sec", "distance_m"):
        out[name] = kept[name].astype(np.float64)
    for high, low_name in (*_PAIRS, ("drift", "rpe_drift_sum")):
        pair = kept[high].astype(np.int64)
        out["rpe_drift_sessions" if high == "drift" else high] = (pair >> HALF).astype(np.float64)
        out[low_name] = ((pair & low) - (DRIFT_OFFSET if high == "drift" else 0)).astype(np.float64)
    return out

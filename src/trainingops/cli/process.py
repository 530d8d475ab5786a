"""Keep large NumPy buffers in the heap instead of mmap/munmap round trips (glibc only).

The load routes build a few dozen athletes × days float matrices per request (≈ 0.5 MB each). glibc serves
blocks above its dynamic mmap threshold with fresh mmap()s and gives them back on free, so every request
pays ≈ 13,000 page faults (≈ 15–20 ms on the team load route, measured with bench/team_load.py). Raising the
mmap threshold and the trim threshold keeps those pages in the process: about 60 MB more resident memory for
the API process, ≈ 11 ms less per team-load request (docs/performance.md). mallopt(3): M_TRIM_THRESHOLD = -1,
M_MMAP_THRESHOLD = -3; the mmap threshold is capped by glibc at 32 MiB on 64-bit systems.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 32 * 1024 * 1024  # glibc's maximum (DEFAULT_MMAP_THRESHOLD_MAX on 64-bit)
TRIM_THRESHOLD_BYTES = 256 * 1024 * 1024

log = logging.getLogger(__name__)


def keep_large_buffers() -> bool:
    """Apply the thresholds; False (and nothing changed) where the C library is not glibc."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    applied = bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)) and bool(
        mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)
    )
    log.debug("malloc thresholds %s", "set" if applied else "refused")
    return applied


def settle_startup_objects() -> None:
    """Move everything alive after start-up (modules, routes, schemas: hundreds of thousands of objects) out of
    the garbage collector's view, so a full collection triggered by a request's temporary objects does not
    walk them all again. Measured: a full collection of the started app takes ≈ 47 ms before and ≈ 0 ms after
    (gc.freeze, Python docs: it moves all tracked objects to a permanent generation ignored by collections)."""
    gc.collect()
    gc.freeze()

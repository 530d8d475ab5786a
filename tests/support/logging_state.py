"""Logging as a test found it, put back afterwards: `trainingops` commands and `logs.configure` replace the root
handlers (onto whatever stderr is then, which pytest or the CLI runner closes) and remember secrets to redact."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from trainingops.api import logs


@contextmanager
def logging_put_back() -> Iterator[None]:
    root = logging.getLogger()
    saved = root.handlers[:], root.level, set(logs._KNOWN_SECRETS)
    uvicorn = {name: logging.getLogger(name) for name in ("uvicorn", "uvicorn.error", "uvicorn.access")}
    uvicorn_saved = {name: (lg.handlers[:], lg.propagate, lg.disabled) for name, lg in uvicorn.items()}
    try:
        yield
    finally:
        root.handlers[:], level, known = saved
        root.setLevel(level)
        logs._KNOWN_SECRETS.clear()
        logs._KNOWN_SECRETS.update(known)
        for name, (handlers, propagate, disabled) in uvicorn_saved.items():
            uvicorn[name].handlers[:], uvicorn[name].propagate, uvicorn[name].disabled = handlers, propagate, disabled

"""The CLI's one console. Status output goes to stderr so stdout stays clean for data (`users --json`,
`db url`); when stderr is not a terminal (CI logs, pipes) it is wide enough that emails and names do not wrap."""

from __future__ import annotations

import sys

from rich.console import Console

console = Console(stderr=True, width=None if sys.stderr.isatty() else 160)

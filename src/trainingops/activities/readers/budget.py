"""A time budget for reading one uploaded file.

Every loop that runs for as long as the input tells it to (inflating gzip members, decoding FIT frames, walking
XML track points) calls :meth:`ParseBudget.check` now and then, so a hostile or pathological file ends in a
422 ``activity_file_too_complex`` after at most a little more than ``seconds``, never in a worker thread that
spins for as long as the process lives. The byte caps (``MAX_ACTIVITY_FILE_BYTES`` and the upload cap) bound
what a single library call can be given; the budget bounds how long the whole read may take.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from trainingops.activities.readers.errors import ParseTooSlow

# A day-long 1 Hz TCX file (about 30 MB, 86,400 points) reads in about 7 s on a 2-core server
# (docs/performance.md, "Device files"); three times that is generous for real files and short for an attack.
DEFAULT_PARSE_SECONDS = 20.0


@dataclass
class ParseBudget:
    seconds: float = DEFAULT_PARSE_SECONDS
    started: float = field(default_factory=time.monotonic)

    def check(self) -> None:
        """Raise ``ParseTooSlow`` once the budget is spent."""
        if time.monotonic() - self.started > self.seconds:
            raise ParseTooSlow(
                f"Reading this file took longer than {self.seconds:g} s, so it was refused. Real device files "
                "read in well under that; if this is one, send it to us."
            )


# How often the long loops look at the clock: often enough to stop within a few milliseconds of the budget,
# rarely enough to cost nothing measurable (a clock read per 1,024 FIT frames or 4,096 track points).
BUDGET_CHECK_FRAMES = 1024
BUDGET_CHECK_POINTS = 4096

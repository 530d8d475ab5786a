"""The one entry point: bytes of a device file in, a list of :class:`Activity` out (or a domain error)."""

from __future__ import annotations

import hashlib

from trainingops.activities.readers.activity import DEFAULT_HR_ZONES, Activity, HeartRateZones, QualityFlag
from trainingops.activities.readers.budget import ParseBudget
from trainingops.activities.readers.errors import FileTooLarge
from trainingops.activities.readers.fit_reader import read_fit
from trainingops.activities.readers.gpx_reader import read_gpx
from trainingops.activities.readers.segment import Segment
from trainingops.activities.readers.sniff import extension_format, sniff_format
from trainingops.activities.readers.summary import build_activity
from trainingops.activities.readers.tcx_reader import read_tcx

# Largest decoded file the readers accept. A day-long 1 Hz TCX is ~30 MB; the XML readers build a whole tree
# in memory, so anything much bigger is refused before parsing rather than allowed to exhaust the worker.
MAX_ACTIVITY_FILE_BYTES = 64 * 1024 * 1024


def read_segments(data: bytes, budget: ParseBudget | None = None) -> list[Segment]:
    """The file's sport segments as read, with their record streams (the samples behind every summary); the
    same checks and errors as ``read_activity``."""
    budget = budget or ParseBudget()
    if len(data) > MAX_ACTIVITY_FILE_BYTES:
        raise FileTooLarge(
            f"The file is {len(data)} bytes; activity files are limited to {MAX_ACTIVITY_FILE_BYTES} bytes."
        )
    file_format = sniff_format(data)
    segments: list[Segment]
    if file_format == "fit":
        segments = read_fit(data, budget)
    elif file_format == "gpx":
        segments = read_gpx(data, budget)
    else:
        segments = read_tcx(data, budget)
    budget.check()
    return segments


def read_activity(
    data: bytes,
    filename: str | None = None,
    *,
    hr_zones: HeartRateZones = DEFAULT_HR_ZONES,
    budget: ParseBudget | None = None,
) -> list[Activity]:
    """Read a FIT, GPX or TCX file (format sniffed from the content) into activities.

    Returns one :class:`Activity` per sport segment: a single-sport file gives a list of one; a FIT multisport
    file gives one per session in order, with transition sessions left out. ``filename`` is only compared with
    the sniffed format (a mismatch is flagged, never trusted). Every failure raises a subclass of
    :class:`trainingops.activities.readers.errors.ActivityFileError` before anything is returned; ``budget`` bounds the
    time the read may take (``ParseTooSlow`` past it).
    """
    budget = budget or ParseBudget()
    segments = read_segments(data, budget)
    file_format = sniff_format(data)
    claimed = extension_format(filename)
    if claimed is not None and claimed != file_format:
        for segment in segments:
            segment.flags.append(
                QualityFlag(
                    "extension_mismatch",
                    f"the file is named .{claimed} but its content is {file_format.upper()}; read as "
                    f"{file_format.upper()}",
                )
            )
    sha256 = hashlib.sha256(data).hexdigest()
    count = len(segments)
    activities = []
    for index, segment in enumerate(segments):
        activities.append(build_activity(segment, sha256=sha256, zones=hr_zones, index=index, count=count))
        budget.check()
    return activities

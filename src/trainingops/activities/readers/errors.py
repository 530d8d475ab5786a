"""Why an activity file was refused: one error type per failure, each with a stable ``code``.

Every error subclasses :class:`trainingops.errors.InvalidInput`, so the HTTP layer's single mapping turns them
into problem+json without knowing about files. Each is raised before any result is returned, so a refused
file never yields a partial :class:`~trainingops.activities.readers.activity.Activity`.
"""

from __future__ import annotations

from trainingops.errors import InvalidInput


class ActivityFileError(InvalidInput):
    """Base for every refusal of an uploaded device file."""

    code = "activity_file_invalid"
    title = "Activity file cannot be read"


class EmptyFile(ActivityFileError):
    code = "activity_file_empty"
    title = "Activity file is empty"


class UnsupportedFormat(ActivityFileError):
    code = "activity_file_unsupported_format"
    title = "Not a FIT, GPX or TCX file"


class CorruptFile(ActivityFileError):
    """Bad CRC, truncated data, a corrupt header (also in a chained FIT part) or malformed XML."""

    code = "activity_file_corrupt"
    title = "Activity file is corrupt"


class NotAnActivity(ActivityFileError):
    """A well-formed file that is not a recording: a FIT workout, course or settings file, an empty track."""

    code = "activity_file_not_an_activity"
    title = "File is not a recorded activity"


class NoTimestamps(ActivityFileError):
    """Without times there is no start, duration or completion date to put on a session."""

    code = "activity_file_no_timestamps"
    title = "Activity file has no timestamps"


class FileTooLarge(ActivityFileError):
    code = "activity_file_too_large"
    status = 413
    title = "Activity file is too large"


class CompressedBomb(ActivityFileError):
    """A compressed upload whose content would exceed the decompressed-size cap."""

    code = "activity_file_compression_bomb"
    status = 413
    title = "Compressed activity file expands beyond the limit"


class ParseTooSlow(ActivityFileError):
    """The read ran past its time budget (``trainingops.activities.readers.budget``): refused, nothing kept."""

    code = "activity_file_too_complex"
    title = "Activity file takes too long to read"


ALL_ERRORS: tuple[type[ActivityFileError], ...] = (
    EmptyFile,
    UnsupportedFormat,
    CorruptFile,
    NotAnActivity,
    NoTimestamps,
    FileTooLarge,
    CompressedBomb,
    ParseTooSlow,
)

"""Device files (FIT, GPX, TCX) read into one normalised :class:`Activity`, and mapped onto session fields.

Pure functions: nothing here touches the database, HTTP or the file system. Typical use::

    data = check_upload(raw_bytes, max_bytes=MAX_UPLOAD_BYTES)  # size caps, gzip, bombs
    for activity in read_activity(data, filename):               # one per sport segment
        fields = activity_to_session_fields(activity)             # workout_category, actual_*, metrics_json

See docs/files.md for the Activity fields, the ``activity/1`` metrics schema and the error codes.
"""

from trainingops.activities.readers.activity import (
    DEFAULT_HR_ZONES,
    Activity,
    Device,
    FileFormat,
    HeartRate,
    HeartRateZones,
    Lap,
    QualityFlag,
    Split,
)
from trainingops.activities.readers.budget import ParseBudget
from trainingops.activities.readers.errors import (
    ActivityFileError,
    CompressedBomb,
    CorruptFile,
    EmptyFile,
    FileTooLarge,
    NotAnActivity,
    NoTimestamps,
    ParseTooSlow,
    UnsupportedFormat,
)
from trainingops.activities.readers.mapping import (
    METRICS_JSON_MAX_BYTES,
    METRICS_SCHEMA,
    activity_to_session_fields,
    metrics_json,
    workout_category,
)
from trainingops.activities.readers.reader import MAX_ACTIVITY_FILE_BYTES, read_activity
from trainingops.activities.readers.sniff import sniff_format
from trainingops.activities.readers.upload import check_upload

__all__ = [
    "DEFAULT_HR_ZONES",
    "MAX_ACTIVITY_FILE_BYTES",
    "METRICS_JSON_MAX_BYTES",
    "METRICS_SCHEMA",
    "Activity",
    "ActivityFileError",
    "CompressedBomb",
    "CorruptFile",
    "Device",
    "EmptyFile",
    "FileFormat",
    "FileTooLarge",
    "HeartRate",
    "HeartRateZones",
    "Lap",
    "NoTimestamps",
    "NotAnActivity",
    "ParseBudget",
    "ParseTooSlow",
    "QualityFlag",
    "Split",
    "UnsupportedFormat",
    "activity_to_session_fields",
    "check_upload",
    "metrics_json",
    "read_activity",
    "sniff_format",
    "workout_category",
]

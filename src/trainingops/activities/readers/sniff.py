"""Which format a file is, decided from its bytes; the file name only ever adds a warning flag."""

from __future__ import annotations

import re
from pathlib import PurePath

from trainingops.activities.readers.activity import FileFormat
from trainingops.activities.readers.errors import EmptyFile, UnsupportedFormat

GZIP_MAGIC = b"\x1f\x8b"
# FIT file header: byte 0 is the header size (12, or 14 with a header CRC) and bytes 8-11 are ".FIT"
# (Garmin FIT SDK, "FIT File Types / File Header").
FIT_SIGNATURE = b".FIT"
FIT_HEADER_SIZES = (12, 14)
UTF8_BOM = b"\xef\xbb\xbf"
# The root element is the first tag that is not the XML declaration, a processing instruction or a comment.
_XML_PROLOGUE = re.compile(rb"\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*)*", re.DOTALL)
_ROOT_TAG = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_XML_ROOTS: dict[bytes, FileFormat] = {b"gpx": "gpx", b"TrainingCenterDatabase": "tcx"}
# Enough of the head of a file to find the root tag behind a long comment or stylesheet instruction.
SNIFF_BYTES = 4096


def sniff_format(data: bytes) -> FileFormat:
    """'fit', 'gpx' or 'tcx' from the content; raises for empty, compressed or unknown content."""
    if not data:
        raise EmptyFile("The file is empty (0 bytes).")
    if len(data) >= 12 and data[0] in FIT_HEADER_SIZES and data[8:12] == FIT_SIGNATURE:
        return "fit"
    if data.startswith(GZIP_MAGIC):
        raise UnsupportedFormat("The file is gzip-compressed; decompress it with check_upload first.")
    head = data[:SNIFF_BYTES].removeprefix(UTF8_BOM)
    if head.lstrip().startswith(b"<"):
        prologue = _XML_PROLOGUE.match(head)
        rest = head[prologue.end() if prologue else 0 :]
        if rest.startswith(b"<!"):
            # DOCTYPE/ENTITY declarations never occur in device exports and are how entity-expansion attacks
            # start, so they are refused before any XML parser sees them.
            raise UnsupportedFormat("XML files with a DOCTYPE or entity declarations are not accepted.")
        root = _ROOT_TAG.match(rest)
        if root and root.group(2) in _XML_ROOTS:
            return _XML_ROOTS[root.group(2)]
        name = root.group(2).decode("ascii", "replace") if root else "?"
        raise UnsupportedFormat(f"XML root element <{name}> is neither <gpx> nor <TrainingCenterDatabase>.")
    raise UnsupportedFormat("The content is not a FIT, GPX or TCX file.")


def extension_format(filename: str | None) -> str | None:
    """The format a file name claims ('fit', 'gpx', 'tcx'), ignoring a trailing '.gz'; None if it claims none."""
    if not filename:
        return None
    suffixes = [s.lower().lstrip(".") for s in PurePath(filename).suffixes]
    if suffixes and suffixes[-1] == "gz":
        suffixes.pop()
    return suffixes[-1] if suffixes and suffixes[-1] in ("fit", "gpx", "tcx") else None

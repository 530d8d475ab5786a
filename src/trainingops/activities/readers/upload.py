"""First gate for uploaded bytes: size caps, and gzip (.fit.gz, .gpx.gz, .tcx.gz) decompressed under a cap."""

from __future__ import annotations

import zlib

from trainingops.activities.readers.budget import ParseBudget
from trainingops.activities.readers.errors import (
    CompressedBomb,
    CorruptFile,
    EmptyFile,
    FileTooLarge,
    UnsupportedFormat,
)
from trainingops.activities.readers.reader import MAX_ACTIVITY_FILE_BYTES
from trainingops.activities.readers.sniff import GZIP_MAGIC

# Decompress in slices of this size so a bomb is stopped after at most one slice past the cap.
DECOMPRESS_CHUNK_BYTES = 1024 * 1024
# zlib wbits for gzip framing only (16 + 15-bit window), per the zlib module documentation.
GZIP_WBITS = 16 + zlib.MAX_WBITS
# More members than this is not a device export (gzip tools write one; concatenation makes a handful).
MAX_GZIP_MEMBERS = 64


def _inflate_member(data: bytes, out: bytearray, limit: int, budget: ParseBudget) -> bytes:
    """Inflate the gzip member at the start of ``data`` into ``out``; return the bytes after its end.

    The loop ends at the member's end of stream (``eof``), whatever is left in ``unconsumed_tail``: after the
    end, the rest of the input is in ``unused_data`` and ``decompress`` would only ever return ``b""`` again.
    """
    inflater = zlib.decompressobj(wbits=GZIP_WBITS)
    chunk = data
    while not inflater.eof:
        budget.check()
        try:
            piece = inflater.decompress(chunk, DECOMPRESS_CHUNK_BYTES)
        except zlib.error as exc:
            raise CorruptFile(f"The gzip data is corrupt: {exc}") from exc
        out += piece
        if len(out) > limit:
            raise CompressedBomb(f"The compressed file expands beyond {limit} bytes; it was not read further.")
        chunk = inflater.unconsumed_tail
        if not chunk and not piece and not inflater.eof:
            # All input consumed, nothing more comes out, and the member has not ended.
            raise CorruptFile("The gzip data is truncated.")
    return inflater.unused_data


def _gunzip(data: bytes, limit: int, budget: ParseBudget) -> bytes:
    out = bytearray()
    pending = data
    members = 0
    while pending:
        members += 1
        if members > MAX_GZIP_MEMBERS:
            raise CorruptFile(f"The gzip data has more than {MAX_GZIP_MEMBERS} members; it is not a device file.")
        pending = _inflate_member(pending, out, limit, budget)
        # Concatenated gzip members are legal (RFC 1952 §2.2); anything else after the end is not.
        if pending and not pending.startswith(GZIP_MAGIC):
            raise CorruptFile("Unexpected bytes after the end of the gzip data.")
    return bytes(out)


def check_upload(
    data: bytes,
    *,
    max_bytes: int,
    max_decompressed_bytes: int = MAX_ACTIVITY_FILE_BYTES,
    budget: ParseBudget | None = None,
) -> bytes:
    """The file to read: ``data`` itself, or its gzip content; raises before anything is parsed.

    ``max_bytes`` caps the upload as sent; ``max_decompressed_bytes`` caps what a compressed upload may expand
    to, checked while inflating so a compression bomb never reaches memory in full; ``budget`` caps the time.
    """
    if not data:
        raise EmptyFile("The upload is empty (0 bytes).")
    if len(data) > max_bytes:
        raise FileTooLarge(f"The upload is {len(data)} bytes; the limit is {max_bytes} bytes.")
    if not data.startswith(GZIP_MAGIC):
        return data
    content = _gunzip(data, max_decompressed_bytes, budget or ParseBudget())
    if not content:
        raise EmptyFile("The compressed upload contains an empty file.")
    if content.startswith(GZIP_MAGIC):
        raise UnsupportedFormat("The upload is compressed twice; send it compressed once.")
    return content

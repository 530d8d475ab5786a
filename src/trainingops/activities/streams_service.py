"""A session's streams for its charts: which stored file and segment they come from (under the download rule),
then the pure reading in ``streams``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from trainingops.activities.service import MAX_ACTIVITY_UPLOAD_BYTES, download, session_file
from trainingops.activities.streams import file_streams
from trainingops.db.pool import Connection


@dataclass(frozen=True)
class StreamsSource:
    """What a session's streams are read from: the newest file that filled it and the segment that did."""

    session_id: UUID
    file_id: UUID
    segment_index: int
    format: str
    content: bytes


async def streams_source(conn: Connection, *, session_id: UUID) -> StreamsSource:
    """The file behind a session and its segment, with the bytes under the download rule (403 for staff when the
    file also carries a segment they cannot see); the same 404s as ``session_file``."""
    found = json.loads(await session_file(conn, session_id=session_id))
    index = next((s["index"] for s in found["segments"] if s["session_id"] == str(session_id)), 0)
    original = await download(conn, file_id=UUID(found["id"]))
    return StreamsSource(session_id, UUID(found["id"]), int(index), original.format, original.content)


def streams_body(source: StreamsSource) -> dict[str, Any]:
    """The session's streams (CPU-bound: call it on a worker thread, outside the transaction)."""
    streams = file_streams(source.content, segment_index=source.segment_index, max_bytes=MAX_ACTIVITY_UPLOAD_BYTES)
    return {
        "session_id": str(source.session_id),
        "file_id": str(source.file_id),
        "segment_index": source.segment_index,
        "format": source.format,
        **streams,
    }

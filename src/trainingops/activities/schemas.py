"""Response shapes of the activity-file API (documentation: the bodies are built by PostgreSQL and passed
through). Requests are the file itself, not JSON: see the router."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from trainingops.sessions.schemas import Category, SessionRead

Action = Literal["matched", "attached", "created"]


class QualityFlagRead(BaseModel):
    code: str = Field(description="Stable code, e.g. hr_avg_implausible (docs/files.md, Quality flags).")
    detail: str


class ActivityFileRead(BaseModel):
    id: UUID
    athlete_id: UUID
    filename: str = Field(description="As uploaded; shown only, never trusted.")
    format: Literal["fit", "gpx", "tcx"] = Field(description="Read from the content.")
    size_bytes: int = Field(description="Bytes stored (as uploaded, possibly gzip).")
    sha256: str = Field(description="SHA-256 of the decoded content: the identity used for idempotent re-uploads.")
    uploaded_by: UUID | None
    created_at: datetime
    download: str = Field(description="Path of the original bytes.")


class SegmentResult(BaseModel):
    index: int = Field(description="Sport segment of the file, from 0 (multisport FIT files have several).")
    action: Action = Field(
        description="matched: filled the planned session of that day and category; attached: filled the session "
        "named in the path; created: a new completed session."
    )
    sport: str
    sub_sport: str | None
    workout_category: Category
    quality: list[QualityFlagRead] = Field(description="Values kept but flagged as implausible or estimated.")
    session: SessionRead = Field(description="The session as the sessions API returns it, after the import.")


class ImportResultRead(BaseModel):
    file: ActivityFileRead
    segments: list[SegmentResult]


class SegmentSummaryRead(BaseModel):
    index: int = Field(description="Sport segment of the file, from 0.")
    action: Action = Field(description="What the import did with this segment (see SegmentResult).")
    sport: str
    sub_sport: str | None
    workout_category: Category
    quality: list[QualityFlagRead]
    session_id: UUID = Field(description="The session this segment filled.")


class SessionActivityFileRead(ActivityFileRead):
    session_id: UUID = Field(description="The session asked about.")
    segments: list[SegmentSummaryRead] = Field(
        description="What the import did per segment, without the session snapshots (GET the sessions for them)."
    )
    older_file_ids: list[UUID] = Field(
        description="Older files that also filled this session, newest first (attaching re-fills a session; the "
        "newest file is the one returned, and the one its actuals came from)."
    )


class ActivityStreamsRead(BaseModel):
    """Record streams of the segment that filled a session, thinned to at most 1,000 points (each a run of
    consecutive samples: heart rate and altitude averaged, speed over moving time). Lists are aligned; null where
    the file has no value."""

    session_id: UUID
    file_id: UUID
    segment_index: int
    format: Literal["fit", "gpx", "tcx"]
    start: datetime = Field(description="UTC time of the segment's first sample.")
    samples: int = Field(description="Samples in the file's segment before thinning.")
    elapsed_s: list[float | None] = Field(description="Wall-clock seconds from the first sample.")
    moving_s: list[float | None] = Field(description="Timer (moving) seconds from the first sample.")
    distance_m: list[float | None]
    heart_rate_bpm: list[float | None]
    speed_m_s: list[float | None] = Field(description="Distance over moving time to the next point.")
    altitude_m: list[float | None]

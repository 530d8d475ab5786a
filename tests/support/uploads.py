"""Activity-file tests: the API harness of tests/api, FIT files written by the tests, and the shared corpus."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from fit_tool.profile.profile_type import Sport, SubSport

from tests.support.api import Api
from tests.support.fit_factory import SessionSpec, build_activity_fit

__all__ = ["CORPUS", "count_rows", "days_ago", "needs_corpus", "run_fit", "upload"]

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("TRAININGOPS_CORPUS", REPO.parent / "shared" / "data" / "activities"))
needs_corpus = pytest.mark.skipif(
    not (CORPUS / "MANIFEST.md").is_file(),
    reason=f"device-file corpus not found at {CORPUS} (set TRAININGOPS_CORPUS to its folder)",
)
COUNTED = ("athlete_training_sessions", "athlete_training_session_history", "activity_files")


def days_ago(days: int, hour: int = 0, minute: int = 0) -> datetime:
    """A moment ``days`` days before today, in UTC: recordings dated from today stay in the past and inside the
    fixture world's seasons whenever the suite runs."""
    return datetime.combine(date.today() - timedelta(days=days), time(hour, minute), UTC)


def run_fit(
    start: datetime, moving_s: int = 3000, speed_m_s: float = 3.2, hr: int | None = 150, sport: Sport = Sport.RUNNING
) -> bytes:
    """A recorded activity (records every 5 s) starting at ``start`` (UTC)."""
    sub_sport = SubSport.GENERIC
    return build_activity_fit(SessionSpec(start.astimezone(UTC), moving_s, sport, sub_sport, speed_m_s, hr))


def upload(api: Api, actor: str, path: str, data: bytes, filename: str | None = "activity.fit", **headers: str) -> Any:
    extra = {"Content-Type": "application/octet-stream", **headers}
    if filename is not None:
        extra["X-Filename"] = filename
    return api.request(actor, "POST", path, content=data, headers=extra)


def count_rows(api: Api) -> dict[str, int]:
    with api.admin() as conn:
        return {table: conn.execute(f"select count(*) from {table}").fetchone()[0] for table in COUNTED}  # type: ignore[index]


def athlete_path(api: Api, athlete: str) -> str:
    return f"/api/v1/athletes/{api.world.ids[athlete]}/activity-files"


def session_path(session_id: UUID | str) -> str:
    return f"/api/v1/sessions/{session_id}/activity-file"

"""Calendar feed routes: manage feeds with a bearer token; fetch a feed with its secret URL."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from trainingops.api.http import json_response
from trainingops.api.openapi import READ_ERRORS, errors
from trainingops.auth.dependencies import Tx
from trainingops.calendar import service

router = APIRouter(tags=["calendar"])
ICS = {"type": "string", "example": "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…\r\nEND:VCALENDAR\r\n"}


class FeedCreate(BaseModel):
    """One athlete's sessions (the athlete, or staff of their program) or one season's practices (staff)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"athlete_id": "8d0e0a5e-0000-4000-8000-000000000001"}]},
    )
    athlete_id: UUID | None = None
    team_season_id: UUID | None = None


class FeedRead(BaseModel):
    id: UUID
    athlete_id: UUID | None
    team_season_id: UUID | None
    created_at: datetime
    revoked_at: datetime | None = Field(description="Its URL answers 404 from then on.")


class FeedCreated(BaseModel):
    id: UUID
    athlete_id: UUID | None
    team_season_id: UUID | None
    created_at: datetime
    url: str = Field(description="The private feed address: shown once, keep it secret (it is the credential).")


class FeedList(BaseModel):
    items: list[FeedRead]


def _feed_json(row: dict[str, Any], request: Request, token: str | None = None) -> dict[str, Any]:
    body = {k: _text(v) for k, v in row.items()}
    if token:
        body["url"] = str(request.base_url).rstrip("/") + f"/calendar/{token}.ics"
    return body


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, datetime) else str(value)


@router.post(
    "/api/v1/calendar-feeds",
    operation_id="createCalendarFeed",
    status_code=201,
    response_model=FeedCreated,
    responses={**READ_ERRORS, **errors(400, 413)},
)
async def create_feed(body: FeedCreate, request: Request, tx: Tx) -> Response:
    """A private feed URL (shown once: keep it secret, revoke it if it leaks) of one athlete's sessions or of
    one season's practices, as you see them."""
    row, token = await service.create(tx, athlete_id=body.athlete_id, team_season_id=body.team_season_id)
    return json_response(json.dumps(_feed_json(row, request, token)), status=201)


@router.get(
    "/api/v1/calendar-feeds", operation_id="listCalendarFeeds", response_model=FeedList, responses=errors(401, "5XX")
)
async def list_feeds(request: Request, tx: Tx) -> Response:
    return json_response(json.dumps({"items": [_feed_json(r, request) for r in await service.listing(tx)]}))


@router.delete(
    "/api/v1/calendar-feeds/{feed_id}", operation_id="revokeCalendarFeed", status_code=204, responses=READ_ERRORS
)
async def revoke_feed(feed_id: UUID, tx: Tx) -> Response:
    await service.revoke(tx, feed_id=feed_id)
    return Response(status_code=204)


@router.get(
    "/calendar/{token}.ics",
    operation_id="getCalendarFeed",
    response_class=Response,
    responses={
        200: {"description": "An iCalendar (RFC 5545) document", "content": {"text/calendar": {"schema": ICS}}},
        **errors("5XX", notes={404: "calendar_feed_not_found: no live feed has this address (revoked, or never)"}),
    },
)
async def get_feed(token: str, request: Request) -> Response:
    """The feed itself, for calendar clients (no bearer token: the address is the secret)."""
    body = await service.feed(request.app.state.db, token=token)
    return Response(body, media_type="text/calendar; charset=utf-8", headers={"Cache-Control": "private, max-age=300"})

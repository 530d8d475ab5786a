"""Calendar feed routes: manage feeds with a bearer token; fetch a feed with its secret URL."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from trainingops.auth.dependencies import Tx
from trainingops.calendar import service
from trainingops.http import json_response
from trainingops.sessions.router import ERRORS

router = APIRouter(tags=["calendar"])


class FeedCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    athlete_id: UUID | None = None
    team_season_id: UUID | None = None


def _feed_json(row: dict[str, Any], request: Request, token: str | None = None) -> dict[str, Any]:
    body = {k: str(v) if v is not None else None for k, v in row.items()}
    if token:
        body["url"] = str(request.base_url).rstrip("/") + f"/calendar/{token}.ics"
    return body


@router.post("/api/v1/calendar-feeds", operation_id="createCalendarFeed", status_code=201, responses=ERRORS)
async def create_feed(body: FeedCreate, request: Request, tx: Tx) -> Response:
    """A private feed URL (shown once: keep it secret, revoke it if it leaks) of one athlete's sessions or of
    one season's practices, as you see them."""
    row, token = await service.create(tx, athlete_id=body.athlete_id, team_season_id=body.team_season_id)
    return json_response(json.dumps(_feed_json(row, request, token)), status=201)


@router.get("/api/v1/calendar-feeds", operation_id="listCalendarFeeds", responses=ERRORS)
async def list_feeds(request: Request, tx: Tx) -> Response:
    return json_response(json.dumps({"items": [_feed_json(r, request) for r in await service.listing(tx)]}))


@router.delete("/api/v1/calendar-feeds/{feed_id}", operation_id="revokeCalendarFeed", status_code=204,
               responses=ERRORS)  # fmt: skip
async def revoke_feed(feed_id: UUID, tx: Tx) -> Response:
    await service.revoke(tx, feed_id=feed_id)
    return Response(status_code=204)


@router.get("/calendar/{token}.ics", operation_id="getCalendarFeed", include_in_schema=True,
            responses={200: {"content": {"text/calendar": {}}}, 404: ERRORS[404]})  # fmt: skip
async def get_feed(token: str, request: Request) -> Response:
    """The feed itself, for calendar clients (no bearer token: the address is the secret)."""
    body = await service.feed(request.app.state.db, token=token)
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"Cache-Control": "private, max-age=300"})  # fmt: skip

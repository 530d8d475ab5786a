"""HTTP routes of the caller's own notifications and preferences: thin handlers over ``service``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from trainingops.api.http import json_response
from trainingops.api.openapi import READ_ERRORS, errors
from trainingops.auth.dependencies import Tx
from trainingops.notifications import schemas, service

router = APIRouter(prefix="/api/v1", tags=["notifications"])


@router.get(
    "/me/notifications",
    operation_id="listMyNotifications",
    response_model=schemas.NotificationPage,
    responses=READ_ERRORS,
    summary="Your notification feed, newest first, with your unread count",
)
async def list_notifications(
    tx: Tx,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=service.MAX_PAGE)] = 30,
    unread: Annotated[bool, Query(description="Only the unread ones")] = False,
) -> Response:
    return json_response(await service.feed(tx, cursor=cursor, limit=limit, unread_only=unread))


@router.post(
    "/me/notifications:read",
    operation_id="markMyNotificationsRead",
    response_model=schemas.MarkedRead,
    responses=errors(400, 401, 404, 413, 422, "5XX", notes={404: "an id that is not one of your notifications"}),
    summary="Mark notifications read: the ones named, or all",
)
async def mark_read(payload: schemas.MarkRead, tx: Tx) -> schemas.MarkedRead:
    marked = await service.mark_read(tx, ids=None if payload.all else payload.ids)
    return schemas.MarkedRead(**marked)


@router.get(
    "/me/preferences",
    operation_id="getMyPreferences",
    response_model=schemas.Preferences,
    responses=READ_ERRORS,
    summary="Your preferences: email notifications on or off, kilometres or miles",
)
async def get_preferences(tx: Tx) -> schemas.Preferences:
    return schemas.Preferences(**await service.preferences(tx))


@router.patch(
    "/me/preferences",
    operation_id="updateMyPreferences",
    response_model=schemas.Preferences,
    responses=errors(400, 401, 413, 422, "5XX"),
    summary="Change your preferences (send what changes)",
)
async def update_preferences(payload: schemas.PreferencesPatch, tx: Tx) -> schemas.Preferences:
    saved = await service.save_preferences(
        tx, email_notifications=payload.email_notifications, distance_unit=payload.distance_unit
    )
    return schemas.Preferences(**saved)

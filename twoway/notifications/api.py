"""Notifications over the API: your inbox, marking read, and your channel preferences.

Only your own notifications exist for you: another member's id answers 404, as if it never was.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.paginator import Paginator
from ninja import Field, Router, Schema

from twoway.accounts.models import User
from twoway.core.api import errors
from twoway.core.web import AuthedRequest
from twoway.notifications import services
from twoway.notifications.models import Channels, Kind, Notification, NotificationPreference

router = Router(tags=["notifications"])

PAGE_SIZE = 50


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="One of: " + ", ".join(Kind.values))
    title: str
    body: str
    url: str = Field(description="A path on this site; empty when there is nothing to open.")
    actor: str | None = Field(description="The display name of the member who caused this.")
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_actor(obj: Notification) -> str | None:
        return obj.actor.display_name if obj.actor else None


class NotificationPage(Schema):
    count: int
    unread: int = Field(description="How many of your notifications are unread, in all pages.")
    page: int
    pages: int
    items: list[NotificationOut]


class ReadAllOut(Schema):
    marked: int = Field(description="How many notifications changed from unread to read.")


class ChannelsSchema(Schema):
    in_app: bool
    email: bool


class PreferenceOut(ChannelsSchema):
    kind: str
    label: str


class PreferenceIn(ChannelsSchema):
    kind: Kind


def _preferences(user: User) -> list[dict[str, Any]]:
    table = NotificationPreference.objects.table_for(user=user)
    return [{"kind": k.value, "label": str(k.label), **table[k.value]._asdict()} for k in Kind]


@router.get("/notifications", response={200: NotificationPage, **errors()})
def notifications_list(
    request: AuthedRequest, unread: bool = False, page: int = 1
) -> dict[str, Any]:
    """Your notifications, newest first, 50 a page. `unread=true` keeps only the unread ones."""
    user = request.user
    notifications = Notification.objects.inbox(user).select_related("actor")
    if unread:
        notifications = notifications.unread()
    paginator = Paginator(notifications, PAGE_SIZE)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "unread": services.unread_count(user=user),
        "page": current.number,
        "pages": paginator.num_pages,
        "items": list(current),
    }


@router.post("/notifications/read-all", response={200: ReadAllOut, **errors()})
def notifications_read_all(request: AuthedRequest) -> dict[str, int]:
    """Mark all your unread notifications read."""
    return {"marked": services.notifications_mark_all_read(user=request.user)}


@router.post(
    "/notifications/{notification_id}/read", response={200: NotificationOut, **errors(404)}
)
def notification_read(request: AuthedRequest, notification_id: int) -> Notification:
    """Mark one of your notifications read (doing it again changes nothing)."""
    return services.notification_mark_read(user=request.user, notification_id=notification_id)


@router.get("/notifications/preferences", response={200: list[PreferenceOut], **errors()})
def preferences_get(request: AuthedRequest) -> list[dict[str, Any]]:
    """For every kind of notification: whether you get it in the app and by email."""
    return _preferences(request.user)


@router.put("/notifications/preferences", response={200: list[PreferenceOut], **errors()})
def preferences_put(request: AuthedRequest, payload: list[PreferenceIn]) -> list[dict[str, Any]]:
    """Set your channels for the kinds listed; kinds you leave out keep their setting."""
    user = request.user
    choices = {p.kind.value: Channels(in_app=p.in_app, email=p.email) for p in payload}
    services.preferences_save(user=user, choices=choices)
    return _preferences(user)

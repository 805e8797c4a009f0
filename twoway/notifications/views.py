"""Notification pages: the inbox, marking read, the nav bell and the preferences table."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from twoway.core.web import AuthedRequest, redirect_next
from twoway.notifications import services
from twoway.notifications.models import Channels, Kind, Notification, NotificationPreference

PAGE_SIZE = 20


def _back(request: AuthedRequest) -> HttpResponse:
    return redirect_next(request, "notifications:inbox")


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    user = request.user
    notifications = Notification.objects.inbox(user).select_related("actor")
    if request.GET.get("unread"):
        notifications = notifications.unread()
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "unread": services.unread_count(user=user)}
    return render(request, "notifications/inbox.html", context)


@login_required
def open_notification(request: AuthedRequest, notification_id: int) -> HttpResponse:
    """Follow a notification's link, marking it read on the way."""
    notification = services.notification_mark_read(
        user=request.user, notification_id=notification_id
    )
    return redirect(notification.get_absolute_url())


@login_required
@require_POST
def mark_read(request: AuthedRequest, notification_id: int) -> HttpResponse:
    services.notification_mark_read(user=request.user, notification_id=notification_id)
    return _back(request)


@login_required
@require_POST
def mark_all_read(request: AuthedRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    text = ngettext(
        "Marked %(count)s notification read.", "Marked %(count)s notifications read.", count
    )
    messages.success(request, text % {"count": count})
    return _back(request)


@never_cache
def bell(request: HttpRequest) -> HttpResponse:
    """The nav bell with the unread count, fetched by htmx when a page loads and every minute."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)  # htmx leaves the bell as it is
    count = services.unread_count(user=request.user)
    return render(request, "notifications/_bell.html", {"unread": count})


@login_required
def preferences(request: AuthedRequest) -> HttpResponse:
    """A table of kinds × channels, saved with one POST (an unticked box means "off")."""
    user = request.user
    if request.method == "POST":
        choices = {
            kind.value: Channels(
                in_app=f"in_app:{kind.value}" in request.POST,
                email=f"email:{kind.value}" in request.POST,
            )
            for kind in Kind
        }
        services.preferences_save(user=user, choices=choices)
        messages.success(request, gettext("Your notification settings are saved."))
        return redirect("notifications:settings")
    table = NotificationPreference.objects.table_for(user=user)
    rows = [(kind, table[kind.value]) for kind in Kind]
    return render(request, "notifications/settings.html", {"rows": rows})

"""django-allauth's own account pages, closed: each sends the visitor to Twoway's page for the
same thing, so every password check goes through our sign-in limits (docs/security.md)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _


def closed(target: str) -> Any:
    """A view that redirects to our page ``target`` (a URL name), keeping the query string (so
    ``?next=`` survives), whatever the method: a form posted here is never processed."""

    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        url = reverse(target)
        query = request.GET.urlencode()
        return HttpResponseRedirect(f"{url}?{query}" if query else url)

    view.__name__ = f"closed_to_{target.replace(':', '_')}"
    return view


def signup_closed(request: HttpRequest) -> HttpResponse:
    """allauth's "finish signing up" form for a provider's member: never needed here (a refusal
    page or a just-in-time account comes first), so a stale link starts again at sign-in."""
    request.session.pop("socialaccount_sociallogin", None)
    messages.info(request, _("Please sign in again."))
    return HttpResponseRedirect(reverse("accounts:login"))

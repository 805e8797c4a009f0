"""What every page and API endpoint of a signed-in member shares: the request type, running a
service with its refusals shown as messages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from twoway.accounts.models import User
from twoway.core.errors import Refused

T = TypeVar("T")


class AuthedRequest(HttpRequest):
    """A request from a signed-in member: ``login_required`` pages and authenticated API calls.

    Both authentication paths of the API (session, bearer token) set ``request.user``; ``auth`` is
    the same member.
    """

    user: User
    auth: User


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def attempt(request: HttpRequest, action: Callable[[], T]) -> T | None:
    """Run a service; a refusal becomes an error message on the next page and None."""
    try:
        return action()
    except (Refused, PermissionDenied) as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return None


def form_errors(form: BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: by field where it names one, else on top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def redirect_next(request: HttpRequest, default: str) -> HttpResponseRedirect:
    """Back to the posted ``next`` when it is a page of this site, else to ``default`` (a URL
    name or path): a link elsewhere must not turn a form into an open redirect."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(target if safe else default)

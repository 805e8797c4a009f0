"""Pages of a member's data: the data page (exports), downloading one, erasing the account."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from twoway.accounts.services import LoginLimited
from twoway.core.web import AuthedRequest, form_errors
from twoway.privacy import services
from twoway.privacy.erasure import account_erase_confirmed
from twoway.privacy.forms import EraseForm


@login_required
def data_page(request: AuthedRequest) -> HttpResponse:
    context = {
        "exports": services.data_exports_of(user=request.user),
        "export_ttl_hours": settings.DATA_EXPORT_TTL_HOURS,
    }
    return render(request, "privacy/data.html", context)


@login_required
@require_POST
def export_request(request: AuthedRequest) -> HttpResponse:
    services.data_export_request(user=request.user, request=request)
    messages.success(
        request, gettext("We are preparing your data. We'll tell you when it is ready to download.")
    )
    return redirect("privacy:data")


@login_required
def export_download(request: AuthedRequest, export_id: int) -> FileResponse:
    """The member's own export as a file; anyone else's (staff included) is not found."""
    export, file = services.data_export_open(user=request.user, export_id=export_id)
    return FileResponse(
        file, as_attachment=True, filename=export.download_name, content_type="application/zip"
    )


@login_required
def erase(request: AuthedRequest) -> HttpResponse:
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_erase_confirmed(
                user=request.user,
                password=form.cleaned_data["password"],
                request=request,
                delete_posts=form.delete_posts,
            )
        except ValidationError as exc:
            form_errors(form, exc)
        except LoginLimited as exc:
            form.add_error(None, str(exc))
        else:
            sign_out_erased(request)
            return redirect("privacy:erased")
    return render(request, "privacy/erase.html", {"form": form})


def erased(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/erased.html")


def sign_out_erased(request: HttpRequest) -> None:
    """End this browser's session after an erasure. Not ``logout()``: its audit entry would keep
    the former member's address and browser, which the erasure has just forgotten."""
    request.session.flush()
    request.user = AnonymousUser()

"""Your data over the API: ask for an export, list yours, download one, erase your account."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.http import FileResponse
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from twoway.accounts.auth import MemberSessionAuth
from twoway.accounts.services import LoginLimited
from twoway.core.api import Clean, errors
from twoway.core.web import AuthedRequest
from twoway.privacy import services
from twoway.privacy.erasure import account_erase_confirmed
from twoway.privacy.models import DataExport
from twoway.privacy.views import sign_out_erased

router = Router(tags=["your data"])


class DataExportOut(Schema):
    id: int
    status: str = Field(description="pending, ready or failed")
    requested_at: datetime
    ready_at: datetime | None
    expires_at: datetime | None = Field(description="After this the file is deleted.")
    size: int = Field(description="The zip file's size in bytes (0 until ready).")
    download_url: str = Field(description="The zip (JSON + HTML summary); empty until ready.")

    @staticmethod
    def resolve_download_url(obj: DataExport) -> str:
        if not obj.is_downloadable:
            return ""
        return reverse("api:export_download", args=[obj.pk])


class EraseIn(Schema):
    password: Annotated[str, Clean(200)] = Field(description="Your password, checked again.")
    delete_posts: bool = Field(
        default=False,
        description="true deletes your posts; false keeps the published ones, anonymised.",
    )


@router.get("/me/data-exports", response={200: list[DataExportOut], **errors()})
def exports_list(request: AuthedRequest) -> list[DataExport]:
    """Your data exports still being prepared or ready to download, newest first."""
    return services.data_exports_of(user=request.user)


@router.post("/me/data-exports", response={202: DataExportOut, **errors()})
def export_request(request: AuthedRequest) -> Status[DataExport]:
    """Ask for everything Twoway holds about you. It is prepared in the background; you are
    notified when it is ready. While one is being prepared, that one is returned."""
    return Status(202, services.data_export_request(user=request.user, request=request))


@router.get(
    "/me/data-exports/{export_id}/download",
    response={200: str, **errors(404)},
    url_name="export_download",
    summary="Download one of your data exports (application/zip)",
)
def export_download(request: AuthedRequest, export_id: int) -> FileResponse:
    export, file = services.data_export_open(user=request.user, export_id=export_id)
    return FileResponse(
        file, as_attachment=True, filename=export.download_name, content_type="application/zip"
    )


# Only a signed-in session may erase the account, so a leaked token cannot.
@router.post(
    "/me/erase",
    auth=MemberSessionAuth(csrf=True),
    response={204: None, **errors(429)},
    summary="Erase your account (signed-in session only)",
)
def erase(request: AuthedRequest, payload: EraseIn) -> Status[None]:
    """Erase your account after checking your password (docs/people.md, "Your data"). A wrong
    password answers 422 naming `password`; too many wrong tries answer 429."""
    try:
        account_erase_confirmed(
            user=request.user,
            password=payload.password,
            request=request,
            delete_posts=payload.delete_posts,
        )
    except LoginLimited as exc:
        raise HttpError(429, str(exc)) from None
    sign_out_erased(request)
    return Status(204, None)

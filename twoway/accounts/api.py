"""Personal API tokens over the API: list, create (the secret is returned once), revoke."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Router, Schema, Status
from pydantic import Field

from twoway.accounts import services
from twoway.accounts.auth import MemberSessionAuth
from twoway.accounts.models import ApiToken
from twoway.core.api import Clean, errors
from twoway.core.web import AuthedRequest

router = Router(tags=["accounts"])


class TokenIn(Schema):
    name: Annotated[str, Clean(80)] = Field(min_length=1, description="Where the token is used.")


class TokenOut(Schema):
    id: int
    name: str
    hint: str = Field(description="The secret's last four characters, to tell tokens apart.")
    created_at: datetime
    last_used_at: datetime | None


class TokenCreatedOut(TokenOut):
    secret: str = Field(description="Shown this once. Send it as 'Authorization: Bearer <secret>'.")


@router.get("/tokens", response={200: list[TokenOut], **errors()})
def list_tokens(request: AuthedRequest) -> list[ApiToken]:
    """Your active personal tokens, newest first. Secrets are never shown again."""
    return list(request.user.api_tokens.filter(revoked_at__isnull=True).order_by("-created_at"))


# Only a signed-in session may mint tokens, so a leaked token cannot create more of itself.
@router.post(
    "/tokens", auth=MemberSessionAuth(csrf=True), response={201: TokenCreatedOut, **errors(403)}
)
def create_token(request: AuthedRequest, payload: TokenIn) -> Status[TokenCreatedOut]:
    """Create a personal token (signed-in session only). The response holds the secret once."""
    token, secret = services.token_create(user=request.user, name=payload.name)
    return Status(
        201, TokenCreatedOut(**TokenOut.model_validate(token).model_dump(), secret=secret)
    )


@router.delete("/tokens/{token_id}", response={204: None, **errors(404)})
def revoke_token(request: AuthedRequest, token_id: int) -> Status[None]:
    """Revoke one of your tokens; it stops working at once. Others' tokens are not found."""
    services.token_revoke(user=request.user, token_id=token_id)
    return Status(204, None)

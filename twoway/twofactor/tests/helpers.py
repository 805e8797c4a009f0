"""Second factors for tests: RFC 6238 codes computed here (not by allauth), authenticators given
to a member as their own set-up would leave them, and the sign-in's two steps."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD

# Staff made by the root conftest's make_user get an authenticator app with this key (base32).
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
AUTHENTICATE = "/auth/2fa/authenticate/"


def totp_code(secret: str, *, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """The code an authenticator app shows for ``secret`` at ``at`` (now by default): RFC 6238,
    HMAC-SHA1 over the 30-second counter, dynamically truncated (RFC 4226)."""
    counter = int((time.time() if at is None else at) // step)
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def give_totp(user: Any, secret: str = STAFF_TOTP_SECRET) -> list[str]:
    """Give ``user`` an authenticator app with ``secret`` and ten recovery codes; returns the
    codes."""
    TOTP.activate(user, secret)
    return list(RecoveryCodes.activate(user).get_unused_codes())


def has_factor_of(user: Any, kind: str) -> bool:
    return bool(Authenticator.objects.filter(user=user, type=kind).exists())


def password_step(client: Client, user: Any, *, next_url: str = "", **extra: Any) -> Any:
    """The first step: email and password on our login page."""
    url = reverse("accounts:login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": user.email, "password": PASSWORD}, **extra)


def code_step(client: Client, code: str, **extra: Any) -> Any:
    """The second step: a code (from the app, or a recovery code) on allauth's page."""
    return client.post(AUTHENTICATE, {"code": code}, **extra)


def sign_in(client: Client, user: Any, secret: str = STAFF_TOTP_SECRET) -> Client:
    """Both steps, as the member would: the session is theirs after it."""
    assert password_step(client, user)["Location"] == AUTHENTICATE
    assert code_step(client, totp_code(secret)).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    return client

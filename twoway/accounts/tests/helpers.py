"""Small helpers shared by the account tests."""

from __future__ import annotations

import re

from django.core import mail

LINK = re.compile(r"https?://[^/\s]+(/\S+)")
# For tests where dozens of attempts each hash a password: MD5 first keeps them fast, and
# Argon2 still checks the passwords members were made with.
FAST_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]


def link_path_in_last_email() -> str:
    """The path of the (single) link in the newest email sent."""
    body = str(mail.outbox[-1].body)
    match = LINK.search(body)
    assert match, body
    return match.group(1)

"""The one refusal every app raises when the state forbids an action, and the input rules shared
by the services.

``Refused`` carries a stable ``code`` (``capacity``, ``duplicate_request`` …) that the API returns
unchanged with HTTP 409 (see :mod:`twoway.api`), and a sentence for people, in the reader's
language (the service that raises it translates it). The codes an API client can meet are listed
in docs/api.md (a test checks every code raised is there).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

TEXT_MAX = 2000


class Refused(Exception):
    """The action is not possible in the current state; the message says why and what to do."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def clean_text(value: str, field: str, *, required: bool = True, limit: int = TEXT_MAX) -> str:
    """Trimmed text; empty (when required) or too long is a ValidationError naming the field."""
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: gettext("Write a few words here.")})
    if len(value) > limit:
        raise ValidationError(
            {field: gettext("Keep this under %(limit)s characters.") % {"limit": limit}}
        )
    return value

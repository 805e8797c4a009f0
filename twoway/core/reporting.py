"""Error reports to Sentry, started by settings.py when SENTRY_DSN is set (off otherwise).

sentry-sdk's Django integration reports unhandled exceptions and error-level log records, each
tagged with the request id (core/request_id.py) so a report leads to the log lines around it.
No personal data is sent (``send_default_pii`` stays off: no member's email, address or cookies)
and no performance traces. sentry-sdk also reads SENTRY_RELEASE from the environment itself.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from twoway.core.request_id import NONE, current_request_id


def tag_request_id(event: Any, hint: Any) -> Any:
    """Sentry's ``before_send``: the request id as a tag, when there is one."""
    request_id = current_request_id()
    if request_id != NONE:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def start_error_reporting(dsn: str, *, environment: str) -> None:
    """Start sentry-sdk with our defaults; a malformed DSN stops start-up, naming SENTRY_DSN."""
    import sentry_sdk
    from sentry_sdk.utils import BadDsn

    try:
        sentry_sdk.init(
            dsn=dsn,
            environment=environment,
            send_default_pii=False,
            traces_sample_rate=0.0,
            before_send=tag_request_id,
        )
    except BadDsn as exc:
        raise ImproperlyConfigured(
            f"SENTRY_DSN is not a valid Sentry DSN ({exc}). It looks like "
            "https://<key>@<host>/<project>; leave it unset to send no error reports."
        ) from None

"""The audit log's entry points (docs/security.md, "Audit log").

``record(action, ...)`` writes one entry; ``purge_older_than(days)`` is the retention job's
delete; ``member_forget(user=...)`` blanks what names a member who is erased.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta
from typing import Any, NamedTuple

from django.db import models, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from twoway.audit.context import current_request
from twoway.audit.models import FORMER_MEMBER, Action, AuditEvent

# A detail key holding one of these words is refused: an audit entry never keeps a credential.
SECRET_WORDS = ("password", "secret")


class Target(NamedTuple):
    """A target named by hand, for one that is not (or no longer) a row: type, id, label."""

    type: str
    id: str
    label: str


# Rows deleted (or rewritten) per statement, so the table is never locked for long.
CHUNK = 2000


def record(
    action: str,
    *,
    actor: Any = None,
    target: Any = None,
    request: HttpRequest | None = None,
    **detail: Any,
) -> None:
    """Record one security-relevant or manager action (``action`` is a stable code).

    ``actor`` defaults to the request's signed-in member; ``request`` defaults to the one being
    served (``AuditRequestMiddleware``), which gives the client's address and user agent.
    ``target`` is the model instance acted on (or a ``Target``). ``detail`` is stored as JSON.
    Raises ValueError for an unknown code and for a detail key naming a password or a secret.
    """
    if action not in Action.values:
        raise ValueError(
            f"{action!r} is not an audit action: add it to twoway.audit.models.Action and to "
            "docs/security.md first."
        )
    secret = sorted(key for key in detail if any(word in key.lower() for word in SECRET_WORDS))
    if secret:
        raise ValueError(f"An audit entry never holds secrets: drop {', '.join(secret)}.")
    request = request if request is not None else current_request()
    member, label, active = _actor(actor if actor is not None else signed_in(request))
    AuditEvent.objects.create(
        action=action,
        actor=member,
        actor_label=label,
        **_target(target),
        **(_origin(request) if active else {}),
        detail=detail,
    )


def signed_in(request: HttpRequest | None) -> Any:
    """The request's signed-in member, or None (a visitor, or no request at all)."""
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _actor(actor: Any) -> tuple[Any, str, bool]:
    """The member to point at, the label to keep, and whether to keep the client's address.

    A member is read as stored now, not as the caller's copy has them: during an erasure the
    request's copy still holds the old address. A member whose account is no longer active (an
    erased member, during their erasure) keeps no IP or browser; one whose row is gone is
    "a former member"."""
    from twoway.accounts.models import User

    if not isinstance(actor, User) or actor.pk is None:
        return None, _label(actor, 254), True
    stored = User.objects.filter(pk=actor.pk).values_list("email", "is_active").first()
    if stored is None:
        return None, FORMER_MEMBER, False
    return actor, stored[0][:254], stored[1]


def _label(thing: Any, length: int) -> str:
    if thing is None:
        return ""
    return str(getattr(thing, "email", "") or thing)[:length]


def _target(target: Any) -> dict[str, str]:
    if target is None:
        return {}
    if isinstance(target, models.Model):
        meta, pk = target._meta, target.pk
        target = Target(f"{meta.app_label}.{meta.model_name}", "" if pk is None else str(pk),
                        _label(target, 200))  # fmt: skip
    if not isinstance(target, Target):
        raise TypeError(f"An audit target is a model instance or a Target, not {target!r}.")
    kind, pk, label = (str(part) for part in target)
    return {"target_type": kind[:100], "target_id": pk[:64], "target_label": label[:200]}


def _origin(request: HttpRequest | None) -> dict[str, Any]:
    if request is None:
        return {}
    # Imported here: accounts.services records sign-in failures through this module.
    from twoway.accounts.services import client_ip

    return {"ip": client_ip(request), "user_agent": request.headers.get("User-Agent", "")[:300]}


def purge_older_than(days: int) -> int:
    """Delete entries older than ``days`` days, a chunk per statement; returns how many.

    The retention job calls it with ``settings.AUDIT_LOG_RETENTION_DAYS``. Raises ValueError
    below one day, so a slip can't empty the log.
    """
    if days < 1:
        raise ValueError(f"Keep at least one day of audit log, not {days}.")
    old = AuditEvent.objects.filter(created_at__lt=timezone.now() - timedelta(days=days))
    deleted = 0
    while ids := list(old.values_list("pk", flat=True)[:CHUNK]):
        deleted += AuditEvent.objects.filter(pk__in=ids).delete()[0]
    return deleted


def member_forget(*, user: Any) -> int:
    """Blank everything that names ``user`` in the log, keeping the entries; returns how many.

    Entries they made keep what was done and when, by "a former member", without their address,
    IP or browser; entries about their account or tokens say "a former member" as the target;
    their address is replaced wherever it was typed (failed sign-ins) or noted. Runs before a
    member's row is deleted (a receiver), and may be called by an erasure that keeps the row.
    """
    email = user.email
    tokens = [str(pk) for pk in user.api_tokens.values_list("pk", flat=True)]
    about = (
        Q(actor=user)
        | Q(target_type="accounts.user", target_id=str(user.pk))
        | Q(target_type="accounts.apitoken", target_id__in=tokens)
        | Q(actor_label__iexact=email)
        | Q(target_label__icontains=email)
        | Q(detail__icontains=email)
    )
    ids = list(AuditEvent.objects.filter(about).order_by("pk").values_list("pk", flat=True))
    fields = ["actor", "actor_label", "target_id", "target_label", "ip", "user_agent", "detail"]
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            chunk = list(AuditEvent.objects.filter(pk__in=ids[start : start + CHUNK]))
            for event in chunk:
                _forget_in(event, user, email, tokens)
            AuditEvent.objects.bulk_update(chunk, fields)
    return len(ids)


def _forget_in(event: AuditEvent, user: Any, email: str, tokens: Iterable[str]) -> None:
    typed = event.action == Action.SIGN_IN_FAILED and email in str(event.detail).lower()
    if event.actor_id == user.pk or event.actor_label.lower() == email or typed:
        event.actor = None
        event.actor_label = FORMER_MEMBER if event.actor_label else ""
        event.ip, event.user_agent = None, ""
    mine = (event.target_type, event.target_id)
    if mine == ("accounts.user", str(user.pk)) or (
        event.target_type == "accounts.apitoken" and event.target_id in tokens
    ):
        event.target_id, event.target_label = "", FORMER_MEMBER
    event.target_label = _replaced(event.target_label, email)
    event.detail = _replaced(event.detail, email)


def _replaced(value: Any, email: str) -> Any:
    """``value`` with ``email`` replaced by "a former member" in every string inside it."""
    if isinstance(value, str):
        return re.sub(re.escape(email), FORMER_MEMBER, value, flags=re.IGNORECASE)
    if isinstance(value, dict):
        return {key: _replaced(item, email) for key, item in value.items()}
    if isinstance(value, list):
        return [_replaced(item, email) for item in value]
    return value

"""Partnership requests: asking, the message thread, accepting (race-safe), declining, withdrawing.

Web views and the API call these functions, so each rule holds however it is reached. Refusals
are those listed in :mod:`twoway.partnerships.services`: ``Http404`` for anyone outside the pair,
``PermissionDenied`` when it is the other member's move, ``Refused`` (409) when the request's state
or a member's capacity forbids it, ``ValidationError`` naming the field.

An accepted request becomes a :class:`~twoway.partnerships.models.Partnership`; what happens to
it next lives in :mod:`twoway.partnerships.services`.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from twoway.accounts.models import User
from twoway.core.errors import Refused, clean_text
from twoway.notifications.models import Kind
from twoway.partnerships.models import CAPACITY_REASON as CAPACITY_REASON
from twoway.partnerships.models import (
    Partnership,
    Request,
    RequestMessage,
    ordered,
)
from twoway.partnerships.services import active_count, skills_named, tell
from twoway.people.models import Profile, name_of
from twoway.people.services import profile_ensure

T = TypeVar("T")
THREAD_MAX = 20


def requests_expire(*, now: Any = None) -> int:
    """Store as expired the open requests past their expiry; returns how many. Idempotent.

    Run by the hourly job, and before a new request (the database holds one open request per
    pair). Reads need not run it: an overdue request already reads as expired
    (``Request.expire_if_overdue``), answered when it expired, as stored here.
    """
    now = now or timezone.now()
    return Request.objects.filter(status=Request.Status.OPEN, expires_at__lte=now).update(
        status=Request.Status.EXPIRED, answered_at=F("expires_at")
    )


def request_get(*, user: User, request_id: int) -> Request:
    """A request the member sent or received; 404 for anyone else."""
    found: Request | None = (
        Request.objects.involving(user)
        .select_related("sender__profile", "receiver__profile")
        .filter(pk=request_id)
        .first()
    )
    if found is None:
        raise Http404("No such request.")
    return found


def requests_for(*, user: User) -> dict[str, list[Request]]:
    """The member's requests: open ones received and sent, and the recent answered ones."""
    rows = list(
        Request.objects.involving(user)
        .select_related("sender__profile", "receiver__profile")
        .prefetch_related("learn_skills", "teach_skills")
        .order_by("-created_at", "-id")[:100]
    )
    is_open = [r for r in rows if r.status == Request.Status.OPEN]
    return {
        "received": [r for r in is_open if r.receiver_id == user.pk],
        "sent": [r for r in is_open if r.sender_id == user.pk],
        "closed": [r for r in rows if r.status != Request.Status.OPEN][:20],
    }


def _check_can_request(sender: User, receiver: User) -> None:
    if not sender.email_verified:
        raise PermissionDenied(
            gettext("Verify your email address before asking someone to partner.")
        )
    if sender.pk == receiver.pk:
        raise ValidationError(
            {"receiver": gettext("You can't partner with yourself. Pick someone else.")}
        )
    target = profile_ensure(user=receiver)
    name = {"name": target.display_name}
    if not receiver.is_active or not target.open_to_partners:
        raise Refused(gettext("%(name)s is not taking new partners right now.") % name, "not_open")
    pair = Partnership.objects.for_pair(sender, receiver)
    if pair.filter(status=Partnership.Status.ACTIVE).exists():
        raise Refused(gettext("You and %(name)s are already partners.") % name, "already_partners")
    if Request.objects.still_open().for_pair(sender, receiver).exists():
        raise Refused(
            gettext(
                "There is already an open request between you and %(name)s. "
                "Answer or withdraw it first."
            )
            % name,
            "duplicate_request",
        )


def request_create(
    *,
    sender: User,
    receiver: User,
    message: str,
    learn_skills: Sequence[str] = (),
    teach_skills: Sequence[str] = (),
) -> Request:
    """Ask ``receiver`` to partner, with a message and a proposed focus both ways."""
    requests_expire()
    message = clean_text(message, "message")
    learn, teach = (
        skills_named(learn_skills, "learn_skills"),
        skills_named(teach_skills, "teach_skills"),
    )
    _check_can_request(sender, receiver)
    try:
        with transaction.atomic():
            request = Request.objects.create(sender=sender, receiver=receiver, message=message)
            request.learn_skills.set(learn)
            request.teach_skills.set(teach)
            tell(
                receiver,
                Kind.REQUEST_RECEIVED,
                lambda: (
                    gettext("%(name)s would like to partner with you") % {"name": name_of(sender)}
                ),
                message,
                request.get_absolute_url(),
                sender,
                f"request:{request.pk}:received",
            )
    except IntegrityError:
        # Both asked each other at the same moment: the constraint kept one.
        raise Refused(
            gettext(
                "There is already an open request between you two. Answer or withdraw it first."
            ),
            "duplicate_request",
        ) from None
    return request


def _open_for(request: Request, user: User, *, role: str) -> Request:
    """Re-read the request locked, check the caller's role and that it is still open."""
    locked: Request = Request.objects.select_for_update().get(pk=request.pk)
    who = locked.receiver_id if role == "receiver" else locked.sender_id
    if user.pk != who:
        raise PermissionDenied(
            gettext("Only the member who received it can do this.")
            if role == "receiver"
            else gettext("Only the member who sent it can do this.")
        )
    # An overdue request reads as expired, whether or not the hourly job has stored it yet.
    if locked.status == Request.Status.EXPIRED:
        raise Refused(
            gettext("This request has expired. Send a new one if you still want to."), "expired"
        )
    if locked.status != Request.Status.OPEN:
        raise Refused(_answered_words(locked), "not_open")
    return locked


def _answered_words(request: Request) -> str:
    """Why an answered request can't be answered again, saying how it was answered."""
    if request.status == Request.Status.ACCEPTED:
        text = gettext("This request is already accepted; nothing changed.")
    elif request.status == Request.Status.WITHDRAWN:
        text = gettext("This request is already withdrawn; nothing changed.")
    elif request.decline_reason:
        return gettext("This request is already declined (%(reason)s); nothing changed.") % {
            "reason": request.reason_shown
        }
    else:
        text = gettext("This request is already declined; nothing changed.")
    return text


def request_accept(*, user: User, request_id: int) -> Partnership:
    """Accept a request: the receiver only, while open, with capacity on both sides.

    Race-safe: both members' profiles are locked (ordered by id, so two accepts never deadlock)
    before capacity is counted, and the database refuses a second active partnership for a pair.
    Other open requests of a member who is now full are declined with "capacity reached".
    """
    return retry_on_lock(lambda: _accept(user, request_id))


def _accept(user: User, request_id: int) -> Partnership:
    request = request_get(user=user, request_id=request_id)
    try:
        with transaction.atomic():
            low, high = ordered(request.sender_id, request.receiver_id)
            list(Profile.objects.select_for_update().filter(user_id__in=[low, high]).order_by("pk"))
            request = _open_for(request, user, role="receiver")
            _check_capacity(request)
            partnership = Partnership.objects.create(member_low_id=low, member_high_id=high)
            _close(request, Request.Status.ACCEPTED, partnership=partnership)
            _tell_answer(
                request,
                lambda: gettext("%(name)s accepted your request") % {"name": name_of(user)},
                "",
            )
            _decline_over_capacity([low, high])
    except IntegrityError:
        raise Refused(
            gettext("You two already have an active partnership."), "already_partners"
        ) from None
    return partnership


def retry_on_lock(action: Callable[[], T], attempts: int = 8) -> T:
    """Run a short transaction again when the database reports lock contention.

    PostgreSQL may pick a deadlock victim or fail a serialisable read; SQLite with a shared
    in-memory cache (the test database) reports a locked table at once instead of waiting. The
    retried transaction then sees the winner's commit and refuses cleanly.
    """
    for attempt in range(attempts):
        try:
            return action()
        except OperationalError as exc:
            retriable = "locked" in str(exc) or getattr(exc.__cause__, "sqlstate", "") in (
                "40001",
                "40P01",
            )
            if not retriable or attempt == attempts - 1:
                raise
            time.sleep(0.02 * (2**attempt) * (1 + random.random()))
    raise AssertionError("unreachable")


def _check_capacity(request: Request) -> None:
    for member, mine in ((request.receiver, True), (request.sender, False)):
        profile = profile_ensure(user=member)
        if active_count(member) >= profile.capacity:
            raise Refused(_capacity_words(profile, mine=mine), "capacity")


def _capacity_words(profile: Profile, *, mine: bool) -> str:
    values = {"count": profile.capacity, "name": profile.display_name}
    if mine:
        return (
            ngettext(
                "Your capacity is reached (%(count)s active partnership). Finish one, or raise "
                "the capacity in the profile, then accept again.",
                "Your capacity is reached (%(count)s active partnerships). Finish one, or raise "
                "the capacity in the profile, then accept again.",
                profile.capacity,
            )
            % values
        )
    return (
        ngettext(
            "%(name)s's capacity is reached (%(count)s active partnership). Finish one, or "
            "raise the capacity in the profile, then accept again.",
            "%(name)s's capacity is reached (%(count)s active partnerships). Finish one, or "
            "raise the capacity in the profile, then accept again.",
            profile.capacity,
        )
        % values
    )


def _decline_over_capacity(user_ids: list[int]) -> None:
    for user_id in user_ids:
        profile = Profile.objects.get(user_id=user_id)
        if active_count(user_id) < profile.capacity:
            continue
        others = Request.objects.still_open().filter(
            Q(member_low_id=user_id) | Q(member_high_id=user_id)
        )
        for other in others.select_related("sender__profile", "receiver__profile"):
            _close(other, Request.Status.DECLINED, reason=CAPACITY_REASON)
            full = other.sender if other.sender_id == user_id else other.receiver
            _tell_closed_for_capacity(other, full)


def _tell_closed_for_capacity(request: Request, full: User) -> None:
    """Tell the other member that ``full`` has no room left, so their request was closed."""
    name = {"name": name_of(full)}
    tell(
        request.partner_of(full),
        Kind.REQUEST_ANSWERED,
        lambda: gettext("Your request with %(name)s was closed") % name,
        lambda: (
            gettext("Reason: capacity reached. %(name)s has no room for another partner now.")
            % name
        ),
        request.get_absolute_url(),
        None,
        f"request:{request.pk}:capacity",
    )


def _close(request: Request, status: str, *, reason: str = "", partnership: Any = None) -> None:
    request.status = status
    request.decline_reason = reason
    request.answered_at = timezone.now()
    request.partnership = partnership
    request.save(update_fields=["status", "decline_reason", "answered_at", "partnership"])


def request_decline(*, user: User, request_id: int, reason: str = "") -> Request:
    """Decline a request (receiver only, while open), optionally saying why."""
    request = request_get(user=user, request_id=request_id)
    reason = clean_text(reason, "reason", required=False, limit=300)
    with transaction.atomic():
        request = _open_for(request, user, role="receiver")
        _close(request, Request.Status.DECLINED, reason=reason)
        _tell_answer(
            request,
            lambda: gettext("%(name)s declined your request") % {"name": name_of(user)},
            reason,
        )
    return request


def request_withdraw(*, user: User, request_id: int) -> Request:
    """Withdraw a request (sender only, while open)."""
    request = request_get(user=user, request_id=request_id)
    with transaction.atomic():
        request = _open_for(request, user, role="sender")
        _close(request, Request.Status.WITHDRAWN)
        tell(
            request.receiver,
            Kind.REQUEST_ANSWERED,
            lambda: (
                gettext("%(name)s withdrew the request to partner with you")
                % {"name": name_of(user)}
            ),
            "",
            request.get_absolute_url(),
            user,
            f"request:{request.pk}:withdrawn",
        )
    return request


def request_message_add(*, user: User, request_id: int, text: str) -> RequestMessage:
    """Ask for more information (receiver), or reply (either, once the receiver has asked).

    The request stays open, and its expiry restarts so a conversation in progress doesn't lapse.
    """
    request = request_get(user=user, request_id=request_id)
    text = clean_text(text, "text")
    with transaction.atomic():
        locked = Request.objects.select_for_update().get(pk=request.pk)
        if not locked.is_open:
            raise Refused(
                gettext("This request is no longer open, so the conversation is closed."),
                "not_open",
            )
        count = locked.thread.count()
        if count == 0 and user.pk != locked.receiver_id:
            raise PermissionDenied(
                gettext("Only the member who received the request can ask questions.")
            )
        if count >= THREAD_MAX:
            raise Refused(
                gettext("This conversation is long enough: accept or decline the request now."),
                "thread_full",
            )
        message = RequestMessage.objects.create(request=locked, author=user, text=text)
        locked.expires_at = timezone.now() + _expiry()
        locked.save(update_fields=["expires_at"])
        tell(
            request.partner_of(user),
            Kind.REQUEST_INFO_ASKED,
            lambda: _thread_title(locked, user, first=count == 0),
            text,
            request.get_absolute_url(),
            user,
            f"request-message:{message.pk}",
        )
    return message


def _thread_title(request: Request, author: User, *, first: bool) -> str:
    """What the other member reads: the sender hears about "your request", the receiver about
    "the request to partner with you" (no pronoun: profiles don't record one)."""
    name = {"name": name_of(author)}
    if author == request.sender:
        if first:
            return gettext("%(name)s asked about the request to partner with you") % name
        return gettext("%(name)s replied about the request to partner with you") % name
    if first:
        return gettext("%(name)s asked about your request") % name
    return gettext("%(name)s replied about your request") % name


def _expiry() -> timedelta:
    return timedelta(days=settings.REQUEST_EXPIRY_DAYS)


def _tell_answer(request: Request, title: Callable[[], str], reason: str) -> None:
    tell(
        request.sender,
        Kind.REQUEST_ANSWERED,
        title,
        (lambda: gettext("Reason: %(reason)s") % {"reason": reason}) if reason else "",
        request.get_absolute_url(),
        request.receiver,
        f"request:{request.pk}:{request.status}",
    )

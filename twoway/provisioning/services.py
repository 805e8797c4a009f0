"""Provisioning workflows: directories and their tokens, and the members a directory writes.

The SCIM adapters (adapters.py) call these with a checked :class:`~resources.UserInput`; the
admin calls :func:`directory_create` and :func:`directory_token_replace`. Groups are in
groups.py. Refusals are django-scim2's SCIM exceptions (400, 409), answered as SCIM errors.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from django_scim.exceptions import IntegrityError as Conflict

from twoway.accounts.models import User
from twoway.accounts.services import create_member_without_password
from twoway.audit.models import Action
from twoway.audit.services import record
from twoway.notifications.models import Kind
from twoway.partnerships.models import DEACTIVATED_REASON, Request
from twoway.partnerships.requests import requests_expire
from twoway.partnerships.services import tell
from twoway.people.models import name_of
from twoway.people.services import profile_ensure
from twoway.privacy.erasure import account_erase
from twoway.provisioning.models import Directory, DirectoryMember
from twoway.provisioning.resources import UserInput, shown_name

logger = logging.getLogger(__name__)

# What the other member of an open request reads when the directory deactivates a member.
TAKEN_HERE = "Another user of this directory already has the address {email}."
TAKEN_ELSEWHERE = "The address {email} belongs to a member managed by another directory."
TAKEN_BY_MEMBER = "Another member already has the address {email}."
USER_NAME_TAKEN = "Another user of this directory already has the userName {user_name!r}."


# ---------------------------------------------------------------------------------------------
# Directories


def directory_create(*, name: str, actor: User | None = None) -> tuple[Directory, str]:
    """A new directory and its bearer token (returned here once; only its digest is kept)."""
    directory = Directory(name=name.strip())
    return directory, directory_save_new(directory=directory, actor=actor)


@transaction.atomic
def directory_save_new(*, directory: Directory, actor: User | None = None) -> str:
    """Save a new directory (the admin's add form) with its first token; returns the token."""
    secret = directory.token_issue()
    directory.save()
    record(Action.SCIM_TOKEN_ISSUE, actor=actor, target=directory, first=True)
    return secret


@transaction.atomic
def directory_token_replace(*, directory: Directory, actor: User | None = None) -> str:
    """Give the directory a new token; the old one is refused from now on."""
    secret = directory.token_issue()
    directory.save(update_fields=["token_digest", "token_hint", "token_created_at"])
    record(Action.SCIM_TOKEN_ISSUE, actor=actor, target=directory, first=False)
    return secret


def directory_used(*, directory: Directory) -> None:
    """Note that the directory's token was just used (at most one write a minute)."""
    now = timezone.now()
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - timedelta(minutes=1))
    Directory.objects.filter(stale, pk=directory.pk).update(last_used_at=now)


# ---------------------------------------------------------------------------------------------
# Members


@transaction.atomic
def member_write(
    *,
    directory: Directory,
    member: DirectoryMember | None,
    data: UserInput,
    request: HttpRequest | None = None,
) -> DirectoryMember:
    """Create (``member`` None) or replace a provisioned member from a checked SCIM User.

    A new userName whose address already has an account that no directory manages links that
    account (a member who signed up before the directory was connected); see docs/security.md.
    Deactivation and reactivation take effect here (:func:`member_deactivate`).
    """
    _check_user_name(directory, member, data.user_name)
    created = member is None
    if member is None:
        member, linked = _member_new(directory, data)
        was_active, changed = member.user.is_active, []
    else:
        was_active = member.user.is_active
        changed = _member_update(member, data)
        linked = False
    member.user_name, member.external_id = data.user_name, data.external_id
    member.attributes, member.updated_at = data.attributes, timezone.now()
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:  # a concurrent write took the userName or the account
        raise Conflict(
            USER_NAME_TAKEN.format(user_name=data.user_name), scim_type="uniqueness"
        ) from None
    _audit_write(directory, member, changed, created=created, linked=linked, request=request)
    _activity_apply(directory, member, was_active, data.active, request)
    return member


def _check_user_name(directory: Directory, member: DirectoryMember | None, user_name: str) -> None:
    others = DirectoryMember.objects.filter(directory=directory, user_name__iexact=user_name)
    if member is not None:
        others = others.exclude(pk=member.pk)
    if others.exists():
        raise Conflict(USER_NAME_TAKEN.format(user_name=user_name), scim_type="uniqueness")


def _member_new(directory: Directory, data: UserInput) -> tuple[DirectoryMember, bool]:
    """The new link and whether it links an account that existed already."""
    user = _account_for(directory, data.email)
    linked = user is not None
    if user is None:
        try:
            user = create_member_without_password(data.email, data.display_name)
        except ValidationError:
            raise Conflict(
                TAKEN_ELSEWHERE.format(email=data.email), scim_type="uniqueness"
            ) from None
    else:
        _adopt(user)
    _name_set(user, data.display_name)
    return DirectoryMember(directory=directory, user=user), linked


def _account_for(directory: Directory, email: str, *, keep: User | None = None) -> User | None:
    """The account with this address that the directory may take, None when there is none;
    409 when another directory, or another of this directory's users, has it."""
    user = (
        User.objects.filter(email__iexact=email)
        .exclude(pk=keep.pk if keep is not None else 0)
        .first()
    )
    if user is None:
        return None
    owner = DirectoryMember.objects.filter(user=user).values_list("directory_id", flat=True)
    if owner:
        message = TAKEN_HERE if owner[0] == directory.pk else TAKEN_ELSEWHERE
        raise Conflict(message.format(email=email), scim_type="uniqueness")
    return user


def _email_move(directory: Directory, user: User, email: str) -> None:
    """The member's new address, unless another account has it (409: accounts never merge)."""
    if _account_for(directory, email, keep=user) is not None:
        raise Conflict(TAKEN_BY_MEMBER.format(email=email), scim_type="uniqueness")
    user.email, user.email_verified = email, True
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "email_verified"])
    except IntegrityError:  # taken in between
        raise Conflict(TAKEN_BY_MEMBER.format(email=email), scim_type="uniqueness") from None


def _adopt(user: User) -> None:
    """A self-made account becomes the directory's. If its address was never verified, whoever
    chose its password may not own the address: the password, sessions and tokens go (the
    member signs in through single sign-on from now on)."""
    user.address_vouched()


def _name_set(user: User, name: str) -> None:
    """The directory's name for the member, on the account and the profile they show."""
    user.first_name = name[:150]
    user.save(update_fields=["first_name"])
    profile = profile_ensure(user=user)
    if profile.display_name != name:
        profile.display_name = name
        profile.save(update_fields=["display_name", "updated_at"])


def _member_update(member: DirectoryMember, data: UserInput) -> list[str]:
    """Bring the account in line with the directory; returns what changed, for the audit."""
    user, before = member.user, member.attributes
    changed = [
        k for k in ("name", "displayName", "emails") if before.get(k) != data.attributes.get(k)
    ]
    if member.user_name != data.user_name:
        changed.append("userName")
    if member.external_id != data.external_id:
        changed.append("externalId")
    if user.email != data.email:
        _email_move(member.directory, user, data.email)
    # A member's own change of their display name stays until the directory's name changes.
    if shown_name(before, user.email) != data.display_name:
        _name_set(user, data.display_name)
    return changed


def _audit_write(
    directory: Directory,
    member: DirectoryMember,
    changed: list[str],
    *,
    created: bool,
    linked: bool,
    request: HttpRequest | None,
) -> None:
    if created:
        record(
            Action.SCIM_USER_CREATE,
            actor=directory,
            target=member.user,
            request=request,
            linked=linked,
        )
    elif changed:
        record(
            Action.SCIM_USER_UPDATE,
            actor=directory,
            target=member.user,
            request=request,
            changed=changed,
        )


def _activity_apply(
    directory: Directory,
    member: DirectoryMember,
    was_active: bool,
    active: bool,
    request: HttpRequest | None,
) -> None:
    if was_active and not active:
        member_deactivate(directory=directory, user=member.user, request=request)
    elif active and not was_active:
        member_reactivate(directory=directory, user=member.user, request=request)


@transaction.atomic
def member_deactivate(
    *, directory: Directory, user: User, request: HttpRequest | None = None
) -> int:
    """Deactivate at once: sign-in refused (an inactive account), every session ended and
    token revoked, open requests closed with a reason the other member reads. Returns how many
    requests were closed."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    user.credentials_revoke()
    closed = requests_close(user=user, reason=DEACTIVATED_REASON)
    record(
        Action.SCIM_USER_DEACTIVATE,
        actor=directory,
        target=user,
        request=request,
        requests_closed=closed,
    )
    logger.info("Directory %s deactivated member %s", directory.pk, user.pk)
    return closed


@transaction.atomic
def member_reactivate(
    *, directory: Directory, user: User, request: HttpRequest | None = None
) -> None:
    """The member may sign in again; what deactivation closed stays closed."""
    user.is_active = True
    user.save(update_fields=["is_active"])
    record(Action.SCIM_USER_REACTIVATE, actor=directory, target=user, request=request)


def requests_close(*, user: User, reason: str) -> int:
    """Close the member's open partnership requests, telling each other member why.

    A request they sent is withdrawn, one they received declined; either way the reason is
    kept on the request (its page shows it) and sent in the notification.
    """
    requests_expire()
    name = name_of(user)
    rows = Request.objects.filter(Q(sender=user) | Q(receiver=user), status=Request.Status.OPEN)
    closed = 0
    for request in rows.select_related("sender__profile", "receiver__profile"):
        mine = request.sender_id == user.pk
        request.status = Request.Status.WITHDRAWN if mine else Request.Status.DECLINED
        request.decline_reason = reason[:300]
        request.answered_at = timezone.now()
        request.save(update_fields=["status", "decline_reason", "answered_at"])
        other = request.receiver if mine else request.sender
        _tell_closed(other, request, name)
        closed += 1
    return closed


def _tell_closed(other: User, request: Request, name: str) -> None:
    """Tell the other member, in their language, that the request closed and why."""
    tell(
        other,
        Kind.REQUEST_ANSWERED,
        lambda: gettext("Your request with %(name)s was closed") % {"name": name},
        lambda: gettext("Reason: %(reason)s.") % {"reason": request.reason_shown},
        request.get_absolute_url(),
        None,
        f"request:{request.pk}:closed",
    )


def member_delete(
    *, directory: Directory, member: DirectoryMember, request: HttpRequest | None = None
) -> None:
    """The directory deletes a member: the account is erased (privacy.erasure), as a member
    erasing their own account would be; the shared record stays, anonymised."""
    user = member.user
    with transaction.atomic():
        member.delete()  # its group links go too; the erasure ends enrolments and the team
        account_erase(user=user, request=request)
        user.refresh_from_db()  # the tombstone: the entry must not keep the old address
        record(Action.SCIM_USER_DELETE, actor=directory, target=user, request=request)

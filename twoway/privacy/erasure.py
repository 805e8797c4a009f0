"""Erasing a member's account: what is theirs alone goes, what is shared stays, anonymised.

**How a former member is kept.** The ``User`` row stays as a *tombstone*: its email becomes
``former-<random>@erased.invalid``, its names "A former member", its password unusable, and it is
inactive; the profile keeps only a random handle and that name. Every row that pointed at the
member still points at the same row, so a partner's partnership, sessions, goals and log, a
circle's messages and a post's comments keep working, and every page that names the author shows
"A former member". We chose this over a NULL author (every app would need nullable columns and a
special case in each template, API schema and feed) and over one shared placeholder user (the
pair constraints of partnerships and requests, and one seat per circle, would clash, and two
former members in one thread would merge). ``Erasure`` records that the account was erased.

**Goes**: profile details, photo, skills, languages, availability, notifications and choices,
API tokens, sessions, data exports, network settings, saved or hidden suggestions, circle-queue
places, level history, program enrolments and manager roles, the member's own goals and
learning-log entries (in partnerships and circles), introductions they asked for and pending ones
through them, drafts, and, when the member chooses, their published posts; sign-in and comment
attempt logs and throttle keys under their email; programme invitations to their email.

**Stays, anonymised**: partnerships (ended now if active, the partner told), the partner's own
goals, log entries and feedback, sessions and agendas, messages in shared threads, requests
(open ones closed), feedback they gave, comments (name replaced, email, website and address
cleared), circles they were in (their seat marked left), match-round records. Generated texts
that named them (notifications of the people they dealt with, round and circle explanations,
the admin's log) have the name replaced. Words other members typed themselves are left alone.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twoway.accounts.models import LoginFailure, User
from twoway.accounts.services import user_authenticate
from twoway.audit.services import member_forget, record
from twoway.conversations.models import ReadMark
from twoway.core.i18n import speaking_to
from twoway.core.models import ThrottleHit, ThrottleLock
from twoway.network.models import (
    Circle,
    CircleLearning,
    CircleWait,
    Introduction,
    Membership,
    NetworkSettings,
)
from twoway.notifications.models import Notification, NotificationPreference
from twoway.partnerships.models import (
    Goal,
    LearningEntry,
    LevelChange,
    Partnership,
    Request,
    SuggestionMark,
)
from twoway.partnerships.services import partnership_end
from twoway.people.models import Profile
from twoway.people.photos import photo_delete
from twoway.posts.models import Comment, CommentAttempt, Post
from twoway.privacy.models import FORMER_MEMBER, DataExport, Erasure
from twoway.privacy.services import data_export_delete_files
from twoway.programs.models import (
    Enrolment,
    ImportBatch,
    Invitation,
    Program,
    RoundCircleMember,
    RoundPair,
)
from twoway.scheduling.models import Availability, Proposal

ERASED_DOMAIN = "erased.invalid"
WRONG_PASSWORD = _("That password isn't right. Type the password you sign in with.")
# Stored as the partnership's end reason, which only the partner still reads: in their language.
END_REASON = _("They closed their Twoway account.")


@dataclass(frozen=True)
class Traces:
    """What identified the member before erasure, to find it in texts that copied it."""

    email: str
    names: tuple[str, ...]

    @property
    def words(self) -> tuple[str, ...]:
        return (self.email, *self.names)


def is_erased(user: User) -> bool:
    return Erasure.objects.filter(user=user).exists()


def account_erase(
    *,
    user: User,
    actor: User | None = None,
    request: HttpRequest | None = None,
    delete_posts: bool = False,
) -> Erasure:
    """Erase ``user``'s account (see the module's docstring). ``actor`` is staff erasing on the
    member's behalf, None when the member does it. Erasing twice changes nothing."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        done = Erasure.objects.filter(user=user).first()
        if done is not None:
            return done
        traces = _traces(user)
        member_forget(user=user)  # the audit log's erasure, while the address is still known
        files = _remove_own(user, delete_posts=delete_posts)
        _scrub_identity(user)
        _close_shared(user)
        _scrub_mentions(user, traces)
        erasure = Erasure.objects.create(
            user=user, by_staff=actor is not None, posts_deleted=delete_posts
        )
        # Recorded as the tombstone: the audit log keeps no IP or browser of an inactive actor.
        record("account.erase", actor=actor or user, target=user, request=request)
        transaction.on_commit(lambda: _delete_files(*files))
    return erasure


def account_erase_confirmed(
    *, user: User, password: str, request: HttpRequest | None, delete_posts: bool = False
) -> Erasure:
    """The member erases their own account, once their password is checked again (through the
    sign-in limits: raises LoginLimited after too many wrong tries, ValidationError for one)."""
    try:
        user_authenticate(request=request, email=user.email, password=password)
    except ValidationError:
        raise ValidationError({"password": WRONG_PASSWORD}) from None
    return account_erase(user=user, request=request, delete_posts=delete_posts)


def _traces(user: User) -> Traces:
    profile = Profile.objects.filter(user=user).first()
    names = {user.first_name, user.last_name, user.get_full_name(), user.username}
    if profile is not None:
        names |= {profile.display_name, profile.handle}
    # Longest first, so "Bo Baker" is replaced before "Bo".
    kept = sorted((n.strip() for n in names if n and n.strip()), key=len, reverse=True)
    return Traces(email=user.email, names=tuple(kept))


def _remove_own(user: User, *, delete_posts: bool) -> tuple[str, list[DataExport]]:
    """Delete what is the member's alone; returns the photo key and exports whose files go."""
    profile = Profile.objects.filter(user=user).first()
    photo = profile.photo if profile else ""
    exports = list(DataExport.objects.filter(user=user))
    if profile is not None:
        profile.teaches.all().delete()
        profile.learns.all().delete()
    for rows in _own_rows(user):
        rows.delete()
    posts = Post.objects.filter(author=user)
    (posts if delete_posts else posts.filter(status=Post.Status.DRAFT)).delete()
    for program in Program.objects.filter(managers=user):
        program.managers.remove(user)
    return photo, exports


def _own_rows(user: User) -> list[QuerySet[Any]]:
    return [
        Availability.objects.filter(user=user),
        Notification.objects.filter(recipient=user),
        NotificationPreference.objects.filter(user=user),
        user.api_tokens.all(),
        NetworkSettings.objects.filter(user=user),
        SuggestionMark.objects.filter(Q(owner=user) | Q(other=user)),
        CircleWait.objects.filter(user=user),
        LevelChange.objects.filter(user=user),
        Enrolment.objects.filter(user=user),
        Goal.objects.filter(owner=user),
        LearningEntry.objects.filter(author=user),
        CircleLearning.objects.filter(author=user),
        ReadMark.objects.filter(user=user),
        Introduction.objects.filter(
            Q(requester=user) | (Q(via=user) | Q(target=user)) & Q(status="pending")
        ),
        DataExport.objects.filter(user=user),
        # Second factors (app secrets, passkeys, recovery codes), the links to identity
        # providers and the addresses allauth keeps: none is of use to an erased account.
        Authenticator.objects.filter(user=user),
        SocialAccount.objects.filter(user=user),
        EmailAddress.objects.filter(user=user),
    ]


def _scrub_identity(user: User) -> None:
    """Turn the account and its profile into the tombstone every shared row still points at."""
    tag = secrets.token_hex(8)
    Profile.objects.filter(user=user).update(
        display_name=FORMER_MEMBER,
        handle=f"former-{tag}",
        **dict.fromkeys(("headline", "bio", "role", "organisation", "team", "languages"), ""),
        years_experience=None,
        timezone="UTC",
        open_to_partners=False,
        photo="",
    )
    user.email = user.username = f"former-{tag}@{ERASED_DOMAIN}"
    user.first_name, user.last_name = FORMER_MEMBER, ""
    user.is_active = user.is_staff = user.is_superuser = user.email_verified = False
    user.last_login = user.verification_sent_at = None
    user.set_unusable_password()
    user.save()  # a new password ends every session and revokes every token (User.save)
    user.groups.clear()
    user.user_permissions.clear()
    if hasattr(user, "profile"):
        user.profile.refresh_from_db()


def _close_shared(user: User) -> None:
    """Close what was still open between the member and others; the records stay."""
    now = timezone.now()
    # Overdue ones are expired already (as every read shows them), not withdrawn or declined.
    sent = Request.objects.still_open().filter(sender=user)
    sent.update(status=Request.Status.WITHDRAWN, answered_at=now)
    received = Request.objects.still_open().filter(receiver=user)
    received.update(status=Request.Status.DECLINED, answered_at=now)
    active = Partnership.objects.involving(user).filter(status=Partnership.Status.ACTIVE)
    Proposal.objects.filter(partnership__in=active, status=Proposal.Status.OPEN).update(
        status=Proposal.Status.WITHDRAWN, answered_at=now
    )
    for partnership in active:
        # Told as "A former member ended your partnership early": the name is already gone.
        with speaking_to(partnership.partner_of(user)):
            reason = str(END_REASON)
        partnership_end(user=user, partnership=partnership, early=True, reason=reason)
    Membership.objects.filter(user=user, left_at__isnull=True).update(left_at=now)


def _scrub_mentions(user: User, traces: Traces) -> None:
    """Replace the member's name and email in texts the site wrote for others, and drop rows
    keyed by their email."""
    pattern = _pattern(traces.words)
    circles = Membership.objects.filter(user=user).values("circle_id")
    seats = RoundCircleMember.objects.filter(user=user).values("round_circle_id")
    for rows, fields in (
        (_notifications_about(user), ("title", "body")),
        (RoundPair.objects.involving(user), ("why", "warning")),
        (RoundCircleMember.objects.filter(round_circle__in=seats), ("why",)),
        (Circle.objects.filter(pk__in=circles), ("why",)),
        (LogEntry.objects.all(), ("object_repr",)),
    ):
        _replace(rows, fields, traces.words, pattern)
    _scrub_comments(user, traces.email)
    _forget_email(traces.email)
    for model in (User, Profile):
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=str(user.pk if model is User else getattr(user, "profile", user).pk),
        ).update(object_repr=FORMER_MEMBER)


def _pattern(words: Iterable[str]) -> re.Pattern[str]:
    # Case-sensitive on purpose: a member called "Will" must not change "you will meet".
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


def _replace(
    rows: QuerySet[Any], fields: Iterable[str], words: Iterable[str], pattern: re.Pattern[str]
) -> None:
    fields = tuple(fields)
    mentions = Q()
    for field in fields:
        for word in words:
            mentions |= Q(**{f"{field}__contains": word})
    for row in rows.filter(mentions):
        changes = {f: pattern.sub(FORMER_MEMBER, getattr(row, f)) for f in fields}
        type(row).objects.filter(pk=row.pk).update(**changes)


def _notifications_about(user: User) -> QuerySet[Notification]:
    """Notifications the member caused, and those of the people they dealt with."""
    people: set[int] = set()
    for pair in (Partnership, Request):
        for low, high in pair.objects.involving(user).values_list("member_low", "member_high"):
            people |= {low, high}
    circles = Membership.objects.filter(user=user).values("circle_id")
    people |= set(Membership.objects.filter(circle__in=circles).values_list("user_id", flat=True))
    return Notification.objects.filter(Q(actor=user) | Q(recipient__in=people - {user.pk}))


def _scrub_comments(user: User, email: str) -> None:
    Comment.objects.filter(Q(author=user) | Q(email=email)).update(
        name=FORMER_MEMBER, email="", website="", ip=None, notify_replies=False
    )


def _forget_email(email: str) -> None:
    LoginFailure.objects.filter(email=email).delete()
    CommentAttempt.objects.filter(email=email).delete()
    ThrottleHit.objects.filter(key__contains=email).delete()
    ThrottleLock.objects.filter(key__contains=email).delete()
    Invitation.objects.filter(email__iexact=email).delete()
    _forget_in_imports(email)


# What a participants file that listed an erased member becomes if it was not imported yet.
IMPORT_DROPPED = (
    "A person listed in this file has since erased their account, so the file was deleted; "
    "upload it again without them."
)


def _forget_in_imports(email: str) -> None:
    """Uploaded participants files that list the member: the file goes (an imported one no longer
    needs it; one waiting to be imported is stopped, saying why) and the check's report keeps
    the row without who it was."""
    needle = email.lower()
    rows = ImportBatch.objects.filter(report__icontains=email).only("report") | (
        ImportBatch.objects.filter(pk__in=_batches_listing(needle)).only("report")
    )
    for batch in rows.distinct():
        changes: dict[str, Any] = {"data": b"", "report": _scrubbed_report(batch.report, needle)}
        if batch.status in (ImportBatch.Status.CHECKED, ImportBatch.Status.QUEUED):
            changes.update(status=ImportBatch.Status.FAILED, error=IMPORT_DROPPED)
        ImportBatch.objects.filter(pk=batch.pk).update(**changes)


def _batches_listing(needle: str) -> list[int]:
    """Batches whose file holds the address (the file's bytes, compared in lower case)."""
    found = []
    for pk, data in ImportBatch.objects.exclude(data=b"").values_list("pk", "data").iterator():
        if needle.encode() in bytes(data).lower():
            found.append(pk)
    return found


def _scrubbed_report(report: dict[str, Any], needle: str) -> dict[str, Any]:
    rows = []
    for row in report.get("rows") or []:
        if str(row.get("email", "")).lower() == needle:
            row = {**row, "email": "", "name": FORMER_MEMBER, "team": "", "teaches": {},
                   "learns": {}, "teaches_text": "", "learns_text": ""}  # fmt: skip
        rows.append(row)
    pattern = re.compile(re.escape(needle), re.IGNORECASE)
    errors = [{**e, "message": pattern.sub(FORMER_MEMBER, str(e.get("message", "")))}
              for e in report.get("errors") or []]  # fmt: skip
    return {**report, "rows": rows, "errors": errors}


def _delete_files(photo: str, exports: list[DataExport]) -> None:
    photo_delete(photo)
    data_export_delete_files(exports)

"""Program workflows: creating and managing programs, enrolment, invitations.

Pages, the API and the demo call these functions, so each rule holds however it is reached.
Refusals follow the partnerships app:

- ``Http404`` when the caller can't see the program (neither a manager nor a participant): we
  never confirm that someone else's program exists.
- ``PermissionDenied`` when the caller sees the program but may not manage it.
- ``Refused`` (HTTP 409) when the state forbids the action (already enrolled, already published).
- ``ValidationError`` for bad input, naming the field.

Match rounds live in :mod:`twoway.programs.rounds`, imports in :mod:`twoway.programs.imports`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import connection, transaction
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from twoway.accounts import services as accounts
from twoway.accounts.models import User
from twoway.core.errors import Refused
from twoway.core.i18n import language_of, speaking_to
from twoway.notifications.models import Kind
from twoway.notifications.services import notify
from twoway.people.services import profile_ensure, profile_skills_add
from twoway.programs.models import MAX_QUESTIONS, Enrolment, Invitation, Program, Role

logger = logging.getLogger(__name__)
PROGRAM_MANAGERS_GROUP = "Program managers"
INVITE_SALT = "twoway.programs.invitation"
INVITE_MAX_AGE = 60 * 60 * 24 * 30  # an invitation link works for 30 days
ANSWER_MAX = 1000
INVITED_ACCOUNT_EXISTS = _("An account with this email exists. Log in, then open the link again.")
PROGRAM_FIELDS = (
    "name", "description", "starts_on", "ends_on", "mode", "objective", "mentor_weight",
    "reverse_weight", "timezone_weight", "exclude_same_team", "require_shared_language",
    "min_overlap_hours", "default_capacity", "open_enrolment", "requires_approval", "questions",
)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Who may do what


def can_create_programs(user: User) -> bool:
    """Staff and members of the "Program managers" group may create programs."""
    if not user.is_authenticated:
        return False
    return bool(user.is_staff) or user.groups.filter(name=PROGRAM_MANAGERS_GROUP).exists()


def shows_programs(user: User) -> bool:
    """Whether the top bar links to Programs: would-be managers (as ``can_create_programs``),
    managers and participants. One query in plain SQL: the top bar is on every page, and building
    its three subqueries through the ORM cost more than running them."""
    if user.is_staff:
        return True
    with connection.cursor() as cursor:
        cursor.execute(_shows_programs_sql(), [user.pk, PROGRAM_MANAGERS_GROUP, user.pk, user.pk])
        row = cursor.fetchone()
    return bool(row and row[0])


@cache
def _shows_programs_sql() -> str:
    member_groups = User.groups.through._meta
    managers = Program.managers.through._meta
    group, enrolment = Group._meta, Enrolment._meta

    def column(meta: Any, field: str) -> str:
        return str(meta.get_field(field).column)

    return (
        f"SELECT (EXISTS (SELECT 1 FROM {member_groups.db_table} mg "  # noqa: S608 (our tables)
        f"JOIN {group.db_table} g ON g.id = mg.{column(member_groups, 'group')} "
        f"WHERE mg.{column(member_groups, 'user')} = %s AND g.name = %s) "
        f"OR EXISTS (SELECT 1 FROM {managers.db_table} "
        f"WHERE {column(managers, 'user')} = %s) "
        f"OR EXISTS (SELECT 1 FROM {enrolment.db_table} "
        f"WHERE {column(enrolment, 'user')} = %s))"
    )


def program_get(*, user: User, program_id: int) -> Program:
    """A program the member manages or takes part in; 404 for everyone else."""
    program = Program.objects.visible_to(user).filter(pk=program_id).first()
    if program is None:
        raise Http404(gettext("No such program."))
    return program


def program_manage(*, user: User, program_id: int) -> Program:
    """A program the member manages: 404 when they can't see it, 403 when they only take part."""
    program = program_get(user=user, program_id=program_id)
    if not program.is_manager(user):
        raise PermissionDenied(gettext("Only this program's managers can do this."))
    return program


def programs_for(*, user: User) -> dict[str, list[Program]]:
    """The member's programs: those they manage, those they take part in, and open ones."""
    managed = list(Program.objects.managed_by(user).prefetch_related("managers"))
    joined = list(
        Program.objects.filter(enrolments__user=user).exclude(pk__in=[p.pk for p in managed])
    )
    seen = {p.pk for p in managed + joined}
    open_ = [p for p in Program.objects.filter(open_enrolment=True) if p.pk not in seen]
    return {"managed": managed, "joined": joined, "open": open_}


# ---------------------------------------------------------------------------------------------
# Programs


def clean_questions(value: Any) -> list[dict[str, Any]]:
    """Extra enrolment questions as a list of {"key", "label", "required"}.

    Accepts that list, or text with one question per line (a trailing * marks it required).
    """
    if isinstance(value, str):
        lines = [line.strip() for line in value.splitlines() if line.strip()]
        value = [{"label": line.rstrip("* "), "required": line.endswith("*")} for line in lines]
    if not isinstance(value, list) or len(value) > MAX_QUESTIONS:
        raise ValidationError(
            {
                "questions": ngettext(
                    "Ask at most %(count)s question.",
                    "Ask at most %(count)s questions.",
                    MAX_QUESTIONS,
                )
                % {"count": MAX_QUESTIONS}
            }
        )
    questions: list[dict[str, Any]] = []
    for item in value:
        label = str(item.get("label", "") if isinstance(item, dict) else item).strip()
        if not label or len(label) > 200:
            raise ValidationError({"questions": gettext("Each question needs 1–200 characters.")})
        key = slugify(str(item.get("key", "")) if isinstance(item, dict) else "") or slugify(label)
        key = key[:40] or f"q{len(questions) + 1}"
        while any(q["key"] == key for q in questions):
            key = f"{key}-{len(questions) + 1}"
        required = bool(item.get("required", False)) if isinstance(item, dict) else False
        questions.append({"key": key, "label": label, "required": required})
    return questions


def _apply(program: Program, fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(PROGRAM_FIELDS)
    if unknown:
        raise ValidationError({name: gettext("This is not a program setting.") for name in unknown})
    for name, value in fields.items():
        setattr(program, name, clean_questions(value) if name == "questions" else value)
    if program.starts_on and program.ends_on and program.ends_on < program.starts_on:
        raise ValidationError({"ends_on": gettext("The end date can't be before the start date.")})
    program.full_clean(exclude=["created_by"])


@transaction.atomic
def program_create(*, user: User, **fields: Any) -> Program:
    """Create a program; its creator becomes its first manager."""
    if not can_create_programs(user):
        raise PermissionDenied(
            gettext(
                "Only program managers can create programs. Ask an administrator to add you to "
                "the %(group)s group."
            )
            % {"group": f"“{PROGRAM_MANAGERS_GROUP}”"}
        )
    program = Program(created_by=user)
    _apply(program, fields)
    program.save()
    program.managers.add(user)
    return program


@transaction.atomic
def program_update(*, user: User, program: Program, **fields: Any) -> Program:
    """Change a program's details or matching rules (its managers only)."""
    program = program_manage(user=user, program_id=program.pk)
    _apply(program, fields)
    program.save()
    return program


@transaction.atomic
def program_manager_add(*, user: User, program: Program, email: str) -> User:
    """Make another member a manager of this program."""
    program = program_manage(user=user, program_id=program.pk)
    other = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if other is None:
        raise ValidationError(
            {"email": gettext("No member has this email. They need an account first.")}
        )
    program.managers.add(other)
    return other


# ---------------------------------------------------------------------------------------------
# Enrolment


def clean_answers(program: Program, answers: Mapping[str, Any]) -> dict[str, str]:
    """The answers to the program's extra questions, checked: required ones must be given."""
    clean: dict[str, str] = {}
    problems: dict[str, str] = {}
    for question in program.questions:
        text = str(answers.get(question["key"], "") or "").strip()
        if len(text) > ANSWER_MAX:
            problems[question["key"]] = gettext("Keep this under %(count)s characters.") % {
                "count": ANSWER_MAX
            }
        elif question.get("required") and not text:
            problems[question["key"]] = gettext("Please answer this question.")
        elif text:
            clean[question["key"]] = text
    if problems:
        raise ValidationError(problems)
    return clean


def _role(value: str) -> str:
    if value not in Role.values:
        raise ValidationError({"role": gettext("Choose mentor, mentee or either.")})
    return value


@transaction.atomic
def enrolment_join(
    *,
    user: User,
    program: Program,
    role: str = Role.EITHER,
    answers: Mapping[str, Any] | None = None,
    token: str = "",
) -> Enrolment:
    """Join a program from its open page or its invite link (``token``).

    Programs that require approval put the enrolment on hold until a manager approves it.
    """
    by_link = bool(token) and token == program.invite_token
    if not by_link and not program.open_enrolment:
        raise Http404(gettext("No such program."))
    clean = clean_answers(program, answers or {})
    status = Enrolment.Status.PENDING if program.requires_approval else Enrolment.Status.ACTIVE
    existing = Enrolment.objects.select_for_update().filter(program=program, user=user).first()
    if existing is not None and existing.status != Enrolment.Status.WITHDRAWN:
        raise Refused(gettext("You are already in this program."), "already_enrolled")
    enrolment = existing or Enrolment(program=program, user=user)
    enrolment.role, enrolment.answers, enrolment.status = _role(role), clean, status
    enrolment.source = Enrolment.Source.INVITE if by_link else Enrolment.Source.OPEN
    enrolment.save()
    return enrolment


PARTICIPANT_IS: dict[str, Promise] = {
    Enrolment.Status.PENDING: _("This participant is waiting for approval."),
    Enrolment.Status.ACTIVE: _("This participant is enrolled."),
    Enrolment.Status.WITHDRAWN: _("This participant is withdrawn."),
}
ENROLMENT_ACTIONS = {
    "approve": (Enrolment.Status.PENDING,),
    "withdraw": (Enrolment.Status.PENDING, Enrolment.Status.ACTIVE),
    "reenrol": (Enrolment.Status.WITHDRAWN,),
}


@transaction.atomic
def enrolment_set(
    *, user: User, program: Program, enrolment_id: int, action: str, role: str = ""
) -> Enrolment:
    """A manager approves, withdraws or re-enrols a participant, or changes their role."""
    program = program_manage(user=user, program_id=program.pk)
    enrolment = (
        Enrolment.objects.select_for_update().filter(program=program, pk=enrolment_id).first()
    )
    if enrolment is None:
        raise Http404(gettext("No such participant."))
    if role:
        enrolment.role = _role(role)
    if action:
        if action not in ENROLMENT_ACTIONS:
            raise ValidationError({"action": gettext("Choose approve, withdraw or reenrol.")})
        if enrolment.status not in ENROLMENT_ACTIONS[action]:
            raise Refused(
                str(PARTICIPANT_IS[enrolment.status]),
                "participant_status",
            )
        withdrawn = action == "withdraw"
        enrolment.status = Enrolment.Status.WITHDRAWN if withdrawn else Enrolment.Status.ACTIVE
    enrolment.save()
    return enrolment


def enrol_member(
    *, program: Program, user: User, role: str, team: str = "", capacity: int | None = None
) -> tuple[Enrolment, bool]:
    """Enrol a member who accepted an invitation; returns the enrolment and whether it's new.

    A withdrawn participant is enrolled again. Call inside a transaction.
    """
    enrolment, created = Enrolment.objects.get_or_create(
        program=program,
        user=user,
        defaults={
            "role": role,
            "team": team,
            "capacity": capacity,
            "source": Enrolment.Source.IMPORT,
            "status": Enrolment.Status.ACTIVE,
        },
    )
    if not created and enrolment.status != Enrolment.Status.ACTIVE:
        enrolment.status = Enrolment.Status.ACTIVE
        enrolment.save(update_fields=["status", "updated_at"])
    return enrolment, created


def enrolment_welcome(*, enrolment: Enrolment) -> None:
    """Tell a member they were enrolled by a manager, in the member's own language."""
    with speaking_to(enrolment.user):
        title = gettext("You're in the program %(program)s") % {"program": enrolment.program.name}
        body = gettext("Keep your profile complete so the next match round can find you a partner.")
    notify(
        recipient=enrolment.user,
        kind=Kind.OTHER,
        title=title,
        body=body,
        url=enrolment.program.get_absolute_url(),
        dedupe_key=f"program:{enrolment.program_id}:enrolled",
    )


# ---------------------------------------------------------------------------------------------
# Invitations


def invitation_token(invitation: Invitation) -> str:
    """A signed token naming the invitation and its address (expires after 30 days)."""
    return signing.dumps({"i": invitation.pk, "e": invitation.email}, salt=INVITE_SALT)


def invitation_url(invitation: Invitation) -> str:
    return reverse("programs:invitation", args=[invitation_token(invitation)])


def invitation_from_token(token: str) -> Invitation:
    """The invitation a token names, or ValidationError when the link is broken or too old."""
    broken = ValidationError(
        gettext(
            "This invitation link is broken or has expired. Ask the program's manager for a new "
            "one."
        )
    )
    try:
        data = signing.loads(token, salt=INVITE_SALT, max_age=INVITE_MAX_AGE)
    except signing.BadSignature:
        raise broken from None
    found = Invitation.objects.live().select_related("program").filter(pk=data.get("i"))
    invitation = found.first()
    if invitation is None or invitation.email != data.get("e"):
        raise broken
    return invitation


def invitation_send(*, invitation: Invitation) -> bool:
    """Email the invitation unless it was sent already; returns whether it was sent now."""
    claimed = Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
    if not claimed:
        return False
    link = settings.SITE_URL + invitation_url(invitation)
    with translation.override(invitation_language(invitation)):
        subject, body = _invitation_email(invitation, link)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    except OSError:
        logger.exception("Could not email invitation %s", invitation.pk)
        Invitation.objects.filter(pk=invitation.pk).update(sent_at=None)  # a re-run may retry
        return False
    return True


def invitation_language(invitation: Invitation) -> str:
    """The language an invitation is written in: a member's own; for someone without an account
    yet, whom Twoway knows nothing about, the language of the manager who invited them (the one
    their pages speak), else the site's."""
    member = User.objects.filter(email__iexact=invitation.email, is_active=True).first()
    return language_of(member if member is not None else invitation.invited_by)


def _invitation_email(invitation: Invitation, link: str) -> tuple[str, str]:
    values = {"name": invitation.name, "program": invitation.program.name, "link": link}
    subject = gettext("You're invited to %(program)s") % values
    hello = gettext("Hello %(name)s,") if invitation.name else gettext("Hello,")
    body = gettext(
        "You're invited to the mentoring program %(program)s on Twoway, where everyone teaches "
        "and learns."
    )
    join = gettext("Join here (the link works for 30 days):")
    return subject, f"{hello % values}\n\n{body % values}\n\n{join}\n{link}\n"


def invitations_send(*, batch_id: int) -> int:
    """Email the invitations a committed import made; safe to run twice (each one is claimed
    before it is sent). Runs as a background task. Returns how many were sent."""
    waiting = Invitation.objects.live().filter(batch_id=batch_id, sent_at__isnull=True)
    return sum(
        invitation_send(invitation=invitation)
        for invitation in waiting.select_related("program", "invited_by__profile").iterator()
    )


def import_announce(*, enrolment_ids: list[int], invitation_ids: list[int]) -> int:
    """After an import commits: welcome the enrolled members and email the invitations.

    Runs as a background task (one email at a time would keep the manager waiting); safe to run
    twice. Returns how many people were told.
    """
    told = 0
    for enrolment in Enrolment.objects.filter(pk__in=enrolment_ids).select_related(
        "program", "user__profile"
    ):
        enrolment_welcome(enrolment=enrolment)
        told += 1
    invitations = Invitation.objects.filter(pk__in=invitation_ids)
    for invitation in invitations.select_related("program", "invited_by__profile"):
        told += invitation_send(invitation=invitation)
    return told


def _sign_up(
    invitation: Invitation, password: str, display_name: str, request: HttpRequest | None
) -> User:
    """Sign the invited person up through the accounts service: the link reached the address, so
    it counts as verified (no verification email)."""
    try:
        return accounts.user_signup(
            email=invitation.email,
            password=password,
            display_name=display_name,
            request=request,
            email_verified=True,
        )
    except ValidationError as exc:
        if "email" in getattr(exc, "error_dict", {}):
            raise ValidationError({"email": INVITED_ACCOUNT_EXISTS}) from None
        raise


@transaction.atomic
def invitation_accept(
    *,
    token: str,
    user: User | None = None,
    password: str = "",
    display_name: str = "",
    request: HttpRequest | None = None,
) -> Enrolment:
    """Accept an invitation: a signed-in member with the invited address is enrolled; someone
    without an account signs up through :func:`twoway.accounts.services.user_signup` (email
    verified by the link), is logged in and enrolled."""
    invitation = invitation_from_token(token)
    if user is not None and user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            raise PermissionDenied(
                gettext(
                    "This invitation is for another address. Log out, then open the link again."
                )
            )
    else:
        user = _sign_up(invitation, password, display_name or invitation.name, request)
    enrolment, _ = enrol_member(
        program=invitation.program,
        user=user,
        role=invitation.role,
        team=invitation.team,
        capacity=invitation.capacity,
    )
    enrolment.source = Enrolment.Source.IMPORT
    enrolment.save(update_fields=["source"])
    profile_skills_add(
        profile=profile_ensure(user=user), teaches=invitation.teaches, learns=invitation.learns
    )
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return enrolment


def email_looks_valid(email: str) -> bool:
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True

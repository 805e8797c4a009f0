"""Programs: cohorts with their matching rules, who is in them, and their match rounds.

A program's participant is a member with an ``Enrolment``; the role (mentor, mentee or either)
lives on the enrolment, not on the person, because the same member may mentor in one program and
be mentored in another. Pairs are stored as (``member_low``, ``member_high``) ordered by user id,
like partnerships, so one pair has one spelling and the database can hold it unique.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twoway.partnerships.models import PairMixin, PairQuerySet, Partnership, ordered
from twoway.people.models import MAX_CAPACITY, MIN_CAPACITY

if TYPE_CHECKING:
    from twoway.accounts.models import User

USER_MODEL = settings.AUTH_USER_MODEL
MAX_QUESTIONS = 10
QUEUED, RUNNING = "queued", "running"


def new_token() -> str:
    return secrets.token_urlsafe(18)


class Role(models.TextChoices):
    EITHER = "either", _("Either")
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")


class ProgramQuerySet(models.QuerySet["Program"]):
    def managed_by(self, user: User) -> ProgramQuerySet:
        """Programs the member may manage: their own; every program for staff."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(managers=user)

    def visible_to(self, user: User) -> ProgramQuerySet:
        """Programs the member manages or takes part in (withdrawn participants included)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(Q(managers=user) | Q(enrolments__user=user)).distinct()


class Program(models.Model):
    class Mode(models.TextChoices):
        PEER = "peer", _("Peer: everyone teaches and learns")
        MENTOR_MENTEE = "mentor-mentee", _("Mentor–mentee, with reverse mentoring")
        CIRCLES = "circles", _("Circles: peer groups of 3–6 (see docs/programs.md)")

    class Objective(models.TextChoices):
        WELFARE = "welfare", _("Most learning overall")
        STABLE = "stable", _("Stable: nobody would rather swap")

    name = models.CharField(max_length=120)
    description = models.TextField(max_length=4000, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    mode = models.CharField(max_length=16, choices=Mode.choices, default=Mode.PEER)
    objective = models.CharField(max_length=10, choices=Objective.choices, default="welfare")
    # The engine's weights (twoway.engine.model.Weights).
    mentor_weight = models.FloatField(
        default=1.0, validators=[MinValueValidator(0.0), MaxValueValidator(10.0)]
    )
    reverse_weight = models.FloatField(
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(10.0)],
        help_text="Mentor–mentee mode: how much what the mentee teaches the mentor counts.",
    )
    timezone_weight = models.FloatField(
        default=0.5, validators=[MinValueValidator(0.0), MaxValueValidator(1.0)]
    )
    exclude_same_team = models.BooleanField("keep people of the same team apart", default=False)
    require_shared_language = models.BooleanField(default=True)
    min_overlap_hours = models.FloatField(
        "minimum working-hours overlap",
        default=4.0,
        validators=[MinValueValidator(0.0), MaxValueValidator(8.0)],
    )
    default_capacity = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(MIN_CAPACITY), MaxValueValidator(MAX_CAPACITY)]
    )
    open_enrolment = models.BooleanField(
        default=False, help_text="Any member can join from the programs page."
    )
    requires_approval = models.BooleanField(
        default=False, help_text="People who join by link wait for a manager's approval."
    )
    # The enrolment form's extra questions: [{"key": "goal", "label": "…", "required": true}].
    questions = models.JSONField(default=list, blank=True)
    # The secret invite link (/programs/join/<token>/); regenerate it to close the old link.
    invite_token = models.CharField(max_length=40, unique=True, default=new_token)
    managers: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        USER_MODEL, related_name="managed_programs"
    )
    created_by = models.ForeignKey(
        USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(default_capacity__gte=MIN_CAPACITY, default_capacity__lte=MAX_CAPACITY),
                name="programs_default_capacity_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:detail", args=[self.pk])

    def is_manager(self, user: User) -> bool:
        if not user.is_authenticated:
            return False
        return bool(user.is_staff) or self.managers.filter(pk=user.pk).exists()


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def active(self) -> EnrolmentQuerySet:
        return self.filter(status=Enrolment.Status.ACTIVE)


class Enrolment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACTIVE = "active", _("Enrolled")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Source(models.TextChoices):
        OPEN = "open", _("Joined from the programs page")
        INVITE = "invite", _("Invite link")
        IMPORT = "import", _("Imported")
        MANAGER = "manager", _("Added by a manager")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.EITHER)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANAGER)
    # Blank/None: the profile's team and the program's default capacity.
    team = models.CharField(max_length=80, blank=True)
    capacity = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_CAPACITY), MaxValueValidator(MAX_CAPACITY)],
    )
    answers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "user"], name="programs_enrol_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.program} ({self.status})"

    @property
    def effective_capacity(self) -> int:
        return self.capacity or self.program.default_capacity


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def live(self) -> InvitationQuerySet:
        """Invitations that exist for everyone: not rows an import is still writing."""
        return self.filter(staged=False)

    def waiting(self) -> InvitationQuerySet:
        """Live invitations nobody has accepted yet."""
        return self.live().filter(accepted_at__isnull=True)


class Invitation(models.Model):
    """An emailed invitation to join a program, for a member or someone without an account yet.

    Imports invite everyone, members included, so nobody is enrolled without saying yes and the
    report never tells the manager which addresses have accounts. Accepting signs up (if needed)
    and enrols.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    name = models.CharField(max_length=80, blank=True)
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.EITHER)
    team = models.CharField(max_length=80, blank=True)
    capacity = models.PositiveSmallIntegerField(null=True, blank=True)
    # Skills from the imported sheet, {name: level} and {name: priority}; added to the profile
    # made on accepting, since there is no profile to hold them before.
    teaches = models.JSONField(default=dict, blank=True)
    learns = models.JSONField(default=dict, blank=True)
    invited_by = models.ForeignKey(
        USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Claimed just before the email goes out, so a repeated task never sends it twice.
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # An import writes its invitations in chunks as staged rows, invisible to everyone, and
    # flips them all at the end in one statement: a failed or killed import shows nothing.
    batch = models.ForeignKey(
        "ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )
    staged = models.BooleanField(default=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "email"], name="programs_invite_once"),
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.program}"


def lost_before() -> datetime:
    """A running job whose last heartbeat is older than this has lost its worker."""
    return timezone.now() - timedelta(seconds=settings.WORKER_HEARTBEAT_SECONDS)


class BackgroundWork(models.Model):
    """Work done by the worker for one *attempt*, with a heartbeat while it runs.

    Each run bumps ``attempt``; a worker only writes for the attempt it was given, so a stale
    worker from before a crash or a re-run can never overwrite newer output. The worker writes
    ``heartbeat_at`` as it goes; a running job whose heartbeat is older than
    ``WORKER_HEARTBEAT_SECONDS`` lost its worker (killed, machine gone) and is queued again.
    """

    attempt = models.PositiveIntegerField(default=0)
    progress = models.FloatField(default=0.0)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def lost(cls) -> Q:
        """Running, with no heartbeat for too long (or none since it started, long ago)."""
        cut = lost_before()
        silent = Q(heartbeat_at__lt=cut) | Q(heartbeat_at__isnull=True, started_at__lt=cut)
        return Q(status=RUNNING) & silent

    @property
    def in_progress(self) -> bool:
        return getattr(self, "status", "") in (QUEUED, RUNNING)

    @property
    def looks_stuck(self) -> bool:
        """Running, but its worker stopped writing its heartbeat: it will be queued again."""
        last = self.heartbeat_at or self.started_at
        running = getattr(self, "status", "") == RUNNING
        return running and last is not None and last < lost_before()


class ImportBatch(BackgroundWork):
    """An uploaded participants file: checked (dry run), then imported by the worker, all or
    nothing (invitations written in chunks as staged rows, flipped live at the end)."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        COMMITTED = "committed", _("Imported")
        FAILED = "failed", _("Failed")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="imports")
    uploaded_by = models.ForeignKey(
        USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=200)
    data = models.BinaryField()
    mapping = models.JSONField(default=dict, blank=True)
    report = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)
    created_at = models.DateTimeField(default=timezone.now)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"


class PairRule(PairMixin):
    """A manager's lock or prohibition on a pair, kept across re-runs and later rounds."""

    class Kind(models.TextChoices):
        LOCK = "lock", _("Locked")
        FORBID = "forbid", _("Forbidden")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pair_rules")
    kind = models.CharField(max_length=6, choices=Kind.choices)
    created_by = models.ForeignKey(
        USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PairQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "member_low", "member_high"], name="programs_one_rule_per_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.member_low_id}–{self.member_high_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.member_low_id, self.member_high_id = ordered(self.member_low_id, self.member_high_id)
        super().save(*args, **kwargs)


class Round(BackgroundWork):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        PROPOSED = "proposed", _("Proposal ready")
        FAILED = "failed", _("Failed")
        PUBLISHED = "published", _("Published")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=20, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="programs_round_number"),
        ]

    def __str__(self) -> str:
        return f"{self.program} · round {self.number} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("programs:round", args=[self.program_id, self.pk])


class RoundPair(PairMixin):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="pairs")
    score = models.FloatField(default=0.0)
    percent = models.FloatField(default=0.0)
    balance = models.FloatField(default=0.0)
    gain_low_high = models.FloatField(default=0.0)
    gain_high_low = models.FloatField(default=0.0)
    # [[skill, teacher level, learner level, priority], ...] in each direction.
    low_teaches = models.JSONField(default=list)
    high_teaches = models.JSONField(default=list)
    why = models.TextField(blank=True)
    locked = models.BooleanField(default=False)
    manual = models.BooleanField(default=False)
    warning = models.CharField(max_length=300, blank=True)
    mentor = models.ForeignKey(
        USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when the round is published; unique, so one partnership is never claimed twice.
    partnership = models.OneToOneField(
        Partnership, null=True, blank=True, on_delete=models.SET_NULL, related_name="round_pair"
    )

    objects = PairQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "member_low", "member_high"], name="programs_pair_once_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_low_id} ⇄ {self.member_high_id} ({self.score:.2f})"


class RoundUnmatched(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="unmatched")
    user = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=40)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.reason}"


class RoundCircle(models.Model):
    """A circle proposed by a round of a program in circles mode (``programs.circle_rounds``);
    publishing writes it as a closed network circle (``circle``)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="circles")
    number = models.PositiveIntegerField()
    score = models.FloatField(default=0.0)
    percent = models.FloatField(default=0.0)
    balance = models.FloatField(default=0.0)
    # The skills learned inside it, the most shared first.
    skills = models.JSONField(default=list, blank=True)
    # Kept as it is by every re-run of the round.
    locked = models.BooleanField(default=False)
    circle = models.OneToOneField(
        "network.Circle",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="round_circle",
    )

    class Meta:
        ordering = ["number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="programs_circle_number"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · circle {self.number}"


class RoundCircleMember(models.Model):
    """A seat in a proposed circle; a person sits in at most one circle of a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    round_circle = models.ForeignKey(RoundCircle, on_delete=models.CASCADE, related_name="seats")
    user = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # "Ana learns Figma from Sam; teaches SQL to Lee."
    why = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="programs_one_circle_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.round_circle}"


def new_stamp_token() -> str:
    return secrets.token_hex(8)


class DashboardStamp(models.Model):
    """The key of a program's cached dashboard figures (programs/dashboard_cache.py): every event
    that may change them adds one to ``version``, in the same transaction. ``token`` is drawn
    when the row is made, so figures cached for a program that no longer exists (a database
    restored, a test rolled back) are never read for a new one with the same id."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    token = models.CharField(max_length=16, default=new_stamp_token)
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.program_id}: {self.token}.{self.version}"

"""Members' profiles and the skills they teach and learn.

Every member is a teacher and a learner at once, so a profile holds both lists side by side:
``Teaching`` (a level 1–5) and ``Learning`` (a priority 1–3). Skills come from one shared catalogue
with aliases; free text is resolved onto it (see ``SkillManager.lookup``) so that "k8s" and
"Kubernetes" meet.
"""

from __future__ import annotations

import difflib
import re
import zoneinfo
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from twoway.engine.skills import compact_key, key, tidy
from twoway.people import skill_names

MIN_LEVEL, MAX_LEVEL = 1, 5
MIN_PRIORITY, MAX_PRIORITY = 1, 3
MIN_CAPACITY, MAX_CAPACITY = 1, 5
BIO_MAX_LENGTH = 2000
SKILL_NAME_MAX_LENGTH = 80
MAX_LANGUAGES = 10

if TYPE_CHECKING:
    from twoway.accounts.models import User


def skill_slug(name: str) -> str:
    """A URL slug that keeps C, C++ and C# apart ("c", "c-plus-plus", "c-sharp")."""
    spelled = name.replace("+", " plus ").replace("#", " sharp ").replace("/", " ")
    spelled = re.sub(r"(^|\s)\.", r"\1dot", spelled)
    return slugify(spelled)[:90] or "skill"


def validate_timezone(value: str) -> None:
    """Accept IANA names only ("Europe/Paris"), so the matching engine can compute overlaps."""
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a known time zone. Pick one from the list, e.g. Europe/London."),
            params={"value": value},
            code="invalid_timezone",
        )


def validate_interface_language(value: str) -> None:
    if value and value not in dict(settings.LANGUAGES):
        raise ValidationError(
            _("Choose one of the languages Twoway speaks."), code="invalid_interface_language"
        )


def split_languages(text: str) -> list[str]:
    """Languages typed as "english, French;spanish" → ["English", "French", "Spanish"]."""
    seen: dict[str, str] = {}
    for part in re.split(r"[,;\n]+", text):
        name = " ".join(part.split())
        if name:
            seen.setdefault(name.casefold(), name[:1].upper() + name[1:])
    return list(seen.values())


def validate_languages(value: str) -> None:
    names = split_languages(value)
    if len(names) > MAX_LANGUAGES:
        raise ValidationError(
            _("List at most %(max)s languages."), params={"max": MAX_LANGUAGES}, code="too_many"
        )
    for name in names:
        if len(name) > 40 or not re.fullmatch(r"[^\W\d_][\w '()-]*", name):
            raise ValidationError(
                _("%(name)s does not look like a language name. Separate languages with commas."),
                params={"name": name},
                code="invalid_language",
            )


# ---------------------------------------------------------------------------------------------
# Skills


@dataclass(frozen=True)
class SkillMatch:
    """Free text looked up in the catalogue, without writing anything.

    ``skill`` is the existing skill it names (None when unknown); ``name`` is what it would be
    called; ``suggestion`` is a close catalogue spelling worth offering ("did you mean …?").
    """

    text: str
    skill: Skill | None
    name: str
    suggestion: Skill | None

    @property
    def known(self) -> bool:
        """True when the text names a skill that already exists (catalogue or member-added)."""
        return self.skill is not None


@dataclass(frozen=True)
class ResolvedSkill:
    """Free text resolved to a skill, creating the skill when it was unknown."""

    skill: Skill
    created: bool
    suggestion: Skill | None


class SkillQuerySet(models.QuerySet["Skill"]):
    def search(self, text: str) -> SkillQuerySet:
        """Skills whose name or an alias, in any language, contains the text (for autocomplete)."""
        words = key(text)
        if not words:
            return self.none()
        return self.filter(
            Q(name__icontains=words)
            | Q(key__contains=words)
            | Q(aliases__key__contains=words)
            | Q(names__key__contains=words)
            | Q(compact__startswith=compact_key(text) or words)
        ).distinct()


class SkillManager(models.Manager["Skill"]):
    def get_queryset(self) -> SkillQuerySet:
        return SkillQuerySet(self.model, using=self._db)

    def search(self, text: str) -> SkillQuerySet:
        return self.get_queryset().search(text)

    def lookup(self, text: str) -> SkillMatch:
        """Find the skill free text names: exact key, alias, compact key; else a close spelling.

        Mirrors :meth:`twoway.engine.skills.Catalogue.resolve`, against the database, and also
        matches the skills' names and aliases in every language (``skill_names.translated_match``),
        whatever the reader's own.
        """
        name = tidy(text)[:SKILL_NAME_MAX_LENGTH]
        spelling_key, spelling_compact = key(text), compact_key(text)
        if not spelling_key:
            return SkillMatch(text=text, skill=None, name="", suggestion=None)
        skill = self.filter(Q(key=spelling_key) | Q(aliases__key=spelling_key)).first()
        if skill is None:
            skill = skill_names.translated_match(self.all(), spelling_key, spelling_compact)
        suggestion = None
        if skill is None or skill.source == Skill.Source.MEMBER:
            suggestion = self._close_spelling(spelling_key, exclude=skill)
        return SkillMatch(
            text=text, skill=skill, name=skill.name if skill else name, suggestion=suggestion
        )

    def resolve(self, text: str) -> ResolvedSkill:
        """Resolve free text to a skill; an unknown skill is created, never refused.

        Raises ValidationError for empty or over-long text.
        """
        match = self.lookup(text)
        if not match.name:
            raise ValidationError(
                {"skill": gettext("Type the name of a skill, e.g. Python or Negotiation.")}
            )
        if len(tidy(text)) > SKILL_NAME_MAX_LENGTH:
            raise ValidationError(
                {
                    "skill": gettext("A skill name can be at most %(max)s characters.")
                    % {"max": SKILL_NAME_MAX_LENGTH}
                }
            )
        if match.skill is not None:
            return ResolvedSkill(skill=match.skill, created=False, suggestion=match.suggestion)
        try:
            with transaction.atomic():
                skill = self.create(name=match.name, source=Skill.Source.MEMBER)
        except IntegrityError:
            # Someone created the same spelling a moment ago: use theirs.
            skill = self.get(key=key(match.name))
        return ResolvedSkill(skill=skill, created=True, suggestion=match.suggestion)

    def _close_spelling(self, spelling_key: str, *, exclude: Skill | None) -> Skill | None:
        spellings: dict[str, int] = dict(self.values_list("key", "id"))
        others = (
            SkillAlias.objects.order_by()
            .values_list("key", "skill_id")
            .union(SkillName.objects.order_by().values_list("key", "skill_id"), all=True)
        )
        for spelling, skill_id in others:
            spellings.setdefault(spelling, skill_id)
        if exclude is not None:
            spellings = {k: v for k, v in spellings.items() if v != exclude.pk}
        close = difflib.get_close_matches(spelling_key, list(spellings), n=1, cutoff=0.8)
        return self.filter(pk=spellings[close[0]]).first() if close else None


class Skill(models.Model):
    class Source(models.TextChoices):
        CATALOGUE = "catalogue", "Catalogue"
        MEMBER = "member", "Added by a member"

    name = models.CharField(max_length=SKILL_NAME_MAX_LENGTH)
    slug = models.SlugField(max_length=100, unique=True)
    category = models.CharField(max_length=60, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MEMBER)
    # Normalised spellings (see twoway.engine.skills): `key` is unique, which makes the name
    # unique ignoring case, spacing and punctuation.
    key = models.CharField(max_length=SKILL_NAME_MAX_LENGTH, unique=True, editable=False)
    compact = models.CharField(max_length=SKILL_NAME_MAX_LENGTH, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[SkillManager] = SkillManager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="people_skill_name_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name = " ".join(self.name.split())
        self.key = key(self.name)
        self.compact = compact_key(self.name)
        if not self.slug:
            self.slug = self._free_slug()
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """The name in the active language, else the canonical name (no query per skill: see
        ``skill_names``). Matching always uses ``name``."""
        return skill_names.label_of(self)

    def _free_slug(self) -> str:
        base = skill_slug(self.name)
        slug, n = base, 1
        while Skill.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug


class SkillAlias(models.Model):
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=SKILL_NAME_MAX_LENGTH)
    key = models.CharField(max_length=SKILL_NAME_MAX_LENGTH, unique=True, editable=False)
    compact = models.CharField(max_length=SKILL_NAME_MAX_LENGTH, db_index=True, editable=False)

    class Meta:
        ordering = ["alias", "id"]
        verbose_name_plural = "skill aliases"

    def __str__(self) -> str:
        return f"{self.alias} → {self.skill.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.key = key(self.alias)
        self.compact = compact_key(self.alias)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # An alias that is also a skill's name would make lookups ambiguous.
        if Skill.objects.filter(key=key(self.alias)).exists():
            raise ValidationError(
                {"alias": f"“{self.alias}” is already a skill. Merge the two skills instead."}
            )


class SkillName(models.Model):
    """A skill's name in a language other than English: its display name there (one per skill
    and language) or an alias. Lookups match every language's; labels show the reader's."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="names")
    language = models.CharField(
        max_length=12, validators=[skill_names.validate_skill_name_language]
    )
    name = models.CharField(max_length=SKILL_NAME_MAX_LENGTH)
    is_alias = models.BooleanField(
        default=False, help_text="Another spelling that finds the skill, never shown."
    )
    key = models.CharField(max_length=SKILL_NAME_MAX_LENGTH, db_index=True, editable=False)
    compact = models.CharField(max_length=SKILL_NAME_MAX_LENGTH, db_index=True, editable=False)

    class Meta:
        ordering = ["language", "is_alias", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["skill", "language"],
                condition=Q(is_alias=False),
                name="people_skillname_one_display_name",
            ),
            models.UniqueConstraint(
                fields=["language", "key"], name="people_skillname_language_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language}) → {self.skill.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name = " ".join(self.name.split())
        self.key = key(self.name)
        self.compact = compact_key(self.name)
        super().save(*args, **kwargs)


# ---------------------------------------------------------------------------------------------
# Profiles


def skill_prefetches(path: str = "") -> list[models.Prefetch[Any]]:
    """Both skill lists of the profile at ``path`` (e.g. "author__profile__" from a post),
    strongest teaching and highest priority first, each with its skill: two queries in all."""
    return [
        models.Prefetch(
            f"{path}teaches",
            queryset=Teaching.objects.select_related("skill").order_by("-level", "skill__name"),
        ),
        models.Prefetch(
            f"{path}learns",
            queryset=Learning.objects.select_related("skill").order_by("-priority", "skill__name"),
        ),
    ]


class ProfileQuerySet(models.QuerySet["Profile"]):
    def complete(self) -> ProfileQuerySet:
        """Profiles that satisfy ``Profile.is_complete``, decided in the database."""
        return (
            self.filter(user__is_active=True)
            .exclude(display_name="")
            .exclude(languages="")
            .filter(
                Exists(Teaching.objects.filter(profile=OuterRef("pk"))),
                Exists(Learning.objects.filter(profile=OuterRef("pk"))),
            )
        )

    def with_skills(self) -> ProfileQuerySet:
        """Prefetch both skill lists, strongest teaching and highest priority first."""
        return self.prefetch_related(*skill_prefetches())

    def teaching(self, skill: Skill) -> ProfileQuerySet:
        return self.filter(Exists(Teaching.objects.filter(profile=OuterRef("pk"), skill=skill)))

    def learning(self, skill: Skill) -> ProfileQuerySet:
        return self.filter(Exists(Learning.objects.filter(profile=OuterRef("pk"), skill=skill)))


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(max_length=80)
    # The public address of a profile (/people/<handle>/); never derived from the email.
    handle = models.SlugField(max_length=40, unique=True)
    headline = models.CharField(max_length=140, blank=True)
    bio = models.TextField(
        max_length=BIO_MAX_LENGTH, blank=True, validators=[MaxLengthValidator(BIO_MAX_LENGTH)]
    )
    role = models.CharField("role or job title", max_length=100, blank=True)
    organisation = models.CharField(max_length=120, blank=True)
    team = models.CharField(max_length=80, blank=True, db_index=True)
    years_experience = models.PositiveSmallIntegerField(
        "years of experience", null=True, blank=True, validators=[MaxValueValidator(70)]
    )
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    # Comma-joined names ("English, French"): portable across SQLite and PostgreSQL.
    languages = models.CharField(max_length=300, blank=True, validators=[validate_languages])
    # The language Twoway speaks to this member (pages, emails, calendar files); blank: whatever
    # their browser asks for (docs/i18n.md).
    interface_language = models.CharField(
        max_length=12, blank=True, validators=[validate_interface_language]
    )
    open_to_partners = models.BooleanField(default=True)
    capacity = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(MIN_CAPACITY), MaxValueValidator(MAX_CAPACITY)],
        help_text=_("How many partners you can take on at once (1–5)."),
    )
    # The photo's unguessable key: its files are photos/<key>.webp and photos/<key>-64.webp in
    # the default storage (MEDIA_ROOT), served to signed-in members by people.views.photo.
    photo = models.CharField(max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        ordering = ["display_name", "id"]
        # The directory lists members in this order: with the index, a broad search reads
        # the first page in order instead of sorting every member.
        indexes = [models.Index(fields=["display_name", "id"], name="people_profile_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=MIN_CAPACITY, capacity__lte=MAX_CAPACITY),
                name="people_profile_capacity_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} (@{self.handle})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.languages = ", ".join(split_languages(self.languages))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("people:profile", args=[self.handle])

    @property
    def photo_url(self) -> str:
        """The 256 px photo's address ("" without a photo)."""
        return reverse("people:photo", args=[self.photo]) if self.photo else ""

    @property
    def photo_thumb_url(self) -> str:
        """The 64 px thumbnail's address ("" without a photo)."""
        return reverse("people:photo_thumb", args=[self.photo]) if self.photo else ""

    @property
    def language_list(self) -> list[str]:
        return split_languages(self.languages)

    @property
    def missing(self) -> list[str]:
        """What is still needed for a complete profile, in plain words in the language being
        written (empty when complete)."""
        return [str(NEEDS[need]) for need in self._needs()]

    def _needs(self) -> list[str]:
        """What is still needed, as codes (keys of ``NEEDS``)."""
        needs = []
        if not self.display_name.strip():
            needs.append("display_name")
        if not self.languages.strip():
            needs.append("language")
        teaches, learns = self._has_skills()
        if not teaches:
            needs.append("teach")
        if not learns:
            needs.append("learn")
        return needs

    def _has_skills(self) -> tuple[bool, bool]:
        """Whether the member teaches any skill, and learns any: from prefetched rows when the
        caller prefetched them, else in one query (not one per side: the home and the
        suggestions ask on every request)."""
        cached = getattr(self, "_prefetched_objects_cache", {})
        if "teaches" in cached or "learns" in cached:
            return self.teaches.exists(), self.learns.exists()
        return _skills_exist(self.pk)

    @property
    def onboarding_step(self) -> str:
        """The URL name of the first onboarding step still to do; "" once the profile is complete.

        The basics (name, languages) come first, then the teach list, then the learn list.
        """
        missing = self._needs()
        if "display_name" in missing or "language" in missing:
            return "people:onboarding"
        if "teach" in missing:
            return "people:onboarding_teach"
        return "people:onboarding_learn" if missing else ""

    @property
    def is_complete(self) -> bool:
        """Complete = display name, ≥1 language, ≥1 skill taught and ≥1 skill to learn.

        Only complete profiles appear in the directory and in suggestions. The timezone always has
        a value (UTC by default).
        """
        return not self._needs()


# What a profile still needs (``Profile.missing``), as words that fit "Add …".
NEEDS = {
    "display_name": _("a display name"),
    "language": _("a language you speak"),
    "teach": _("a skill you can teach"),
    "learn": _("a skill you want to learn"),
}


def level_message() -> str:
    return gettext("Level must be between %(low)s and %(high)s.") % {
        "low": MIN_LEVEL,
        "high": MAX_LEVEL,
    }


def priority_message() -> str:
    return gettext("Priority must be between %(low)s (low) and %(high)s (high).") % {
        "low": MIN_PRIORITY,
        "high": MAX_PRIORITY,
    }


# Translated when shown (in the reader's language), not at import.
LEVEL_MESSAGE = lazy(level_message, str)()
PRIORITY_MESSAGE = lazy(priority_message, str)()


def level_validators() -> list[Any]:
    return [
        MinValueValidator(MIN_LEVEL, LEVEL_MESSAGE),
        MaxValueValidator(MAX_LEVEL, LEVEL_MESSAGE),
    ]


def priority_validators() -> list[Any]:
    return [
        MinValueValidator(MIN_PRIORITY, PRIORITY_MESSAGE),
        MaxValueValidator(MAX_PRIORITY, PRIORITY_MESSAGE),
    ]


class Teaching(models.Model):
    class Level(models.IntegerChoices):
        BEGINNER = 1, _("1 · beginner")
        ADVANCED_BEGINNER = 2, _("2 · advanced beginner")
        COMPETENT = 3, _("3 · competent")
        PROFICIENT = 4, _("4 · proficient")
        EXPERT = 5, _("5 · expert")

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="teaches")
    # PROTECT: a skill in use is merged (skill_merge), never silently deleted.
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="teachings")
    level = models.PositiveSmallIntegerField(
        choices=Level.choices, default=Level.COMPETENT, validators=level_validators()
    )
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-level", "skill__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "skill"], name="people_teaching_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=MIN_LEVEL, level__lte=MAX_LEVEL),
                name="people_teaching_level_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile.display_name} teaches {self.skill.name} ({self.level}/5)"


class Learning(models.Model):
    class Priority(models.IntegerChoices):
        LOW = 1, pgettext_lazy("learning priority", "low")
        MEDIUM = 2, pgettext_lazy("learning priority", "medium")
        HIGH = 3, pgettext_lazy("learning priority", "high")

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="learns")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="learnings")
    priority = models.PositiveSmallIntegerField(
        choices=Priority.choices, default=Priority.MEDIUM, validators=priority_validators()
    )
    why = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-priority", "skill__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "skill"], name="people_learning_unique"),
            models.CheckConstraint(
                condition=Q(priority__gte=MIN_PRIORITY, priority__lte=MAX_PRIORITY),
                name="people_learning_priority_1_3",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile.display_name} wants to learn {self.skill.name} ({self.priority})"


def name_of(user: User) -> str:
    """The name members see for each other (never the email)."""
    profile = getattr(user, "profile", None)
    return profile.display_name if profile is not None else user.display_name


def level_word(level: int) -> str:
    """A teaching level in words, as members choose it: 5 → "expert", 2 → "advanced beginner"."""
    return str(Teaching.Level(level).label).split("·", 1)[-1].strip()


def _skills_exist(profile_id: int) -> tuple[bool, bool]:
    """Whether the profile has a skill to teach, and one to learn, in one query."""
    teaching, learning = (
        (model._meta.db_table, model._meta.get_field("profile").column)
        for model in (Teaching, Learning)
    )
    sql = (
        f"SELECT EXISTS (SELECT 1 FROM {teaching[0]} WHERE {teaching[1]} = %s), "
        f"EXISTS (SELECT 1 FROM {learning[0]} WHERE {learning[1]} = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [profile_id, profile_id])
        teaches, learns = cursor.fetchone()
    return bool(teaches), bool(learns)

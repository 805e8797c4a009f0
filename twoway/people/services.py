"""People workflows: creating profiles, editing the teach/learn lists, merging duplicate skills.

Web views, the API and the admin all call these functions, so a rule holds however it is reached.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext

from twoway.accounts.models import User
from twoway.engine.skills import key
from twoway.people import photos, skill_names
from twoway.people.models import (
    LEVEL_MESSAGE,
    MAX_LEVEL,
    MAX_PRIORITY,
    MIN_LEVEL,
    MIN_PRIORITY,
    Learning,
    Profile,
    ResolvedSkill,
    Skill,
    SkillAlias,
    SkillMatch,
    Teaching,
)

PROFILE_FIELDS = (
    "display_name",
    "handle",
    "headline",
    "bio",
    "role",
    "organisation",
    "team",
    "years_experience",
    "timezone",
    "languages",
    "interface_language",
    "open_to_partners",
    "capacity",
)


def handle_suggest(name: str) -> str:
    """A free handle built from a display name ("Ana María" → "ana-maria", then "ana-maria-2")."""
    base = slugify(name)[:30].strip("-") or f"member-{secrets.token_hex(3)}"
    handle, n = base, 1
    while Profile.objects.filter(handle=handle).exists():
        n += 1
        handle = f"{base}-{n}"
    return handle


def profile_ensure(*, user: User) -> Profile:
    """The member's profile, created on first need with their sign-up name as display name."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        pass
    name = (user.get_full_name() or user.first_name or "").strip() or gettext("New member")
    for _attempt in range(5):
        try:
            with transaction.atomic():
                profile, _ = Profile.objects.get_or_create(
                    user=user, defaults={"display_name": name, "handle": handle_suggest(name)}
                )
            user.profile = profile
            return profile
        except IntegrityError:
            continue  # two sign-ups raced for one handle; pick again
    raise RuntimeError("Could not find a free handle for a new profile.")


@transaction.atomic
def profile_update(*, profile: Profile, **changes: Any) -> Profile:
    """Change profile fields, validating them all first (raises ValidationError naming fields)."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        message = gettext("This field cannot be changed here.")
        raise ValidationError({name: message for name in unknown})
    for name, value in changes.items():
        setattr(profile, name, "" if value is None and name != "years_experience" else value)
    profile.full_clean(exclude=["user"])
    profile.save()
    return profile


def profile_photo_set(*, profile: Profile, photo: photos.PreparedPhoto) -> Profile:
    """Store a prepared photo (``photos.photo_prepare``) as the member's, replacing any old one.

    The new files get a new unguessable key, so no cache shows the old photo under the new
    address; the old files are deleted once the change is committed.
    """
    new_key = secrets.token_hex(16)
    photos.photo_store(new_key, photo)
    try:
        _photo_switch(profile, new_key)
    except BaseException:
        photos.photo_delete(new_key)
        raise
    return profile


def profile_photo_remove(*, profile: Profile) -> bool:
    """Remove the member's photo (initials show again); False when there was none."""
    return _photo_switch(profile, "") != ""


@transaction.atomic
def _photo_switch(profile: Profile, new_key: str) -> str:
    """Point the profile at ``new_key`` and delete the previous photo after commit; returns the
    previous key ("" when there was none)."""
    locked = Profile.objects.select_for_update().get(pk=profile.pk)
    old_key = locked.photo
    locked.photo = new_key
    locked.save(update_fields=["photo", "updated_at"])
    profile.photo = new_key
    if old_key:
        transaction.on_commit(lambda: photos.photo_delete(old_key))
    return old_key


def _check_range(field: str, value: int, low: int, high: int, message: str) -> None:
    if not isinstance(value, int) or not low <= value <= high:
        raise ValidationError({field: str(message)})


@transaction.atomic
def teaching_set(
    *, profile: Profile, skill_text: str, level: int, note: str = ""
) -> tuple[Teaching, ResolvedSkill]:
    """Add or update a skill the member can teach; free text goes through the catalogue.

    Every page and endpoint that sets a member's level calls it: the profile page (adding a skill
    or changing its level), the API, and the partnerships app. Imports add rows in bulk through
    :func:`profile_skills_add`, which never changes a level the member set.

    It records no ``LevelChange``: a level set here is the member describing themselves (often
    correcting a first guess), not growth. Growth is recorded only by the partnerships app's
    ``level_update`` (levels updated after a partnership), which calls this function and then
    records the change with its partnership. See docs/people.md, "Levels and growth".
    """
    _check_range("level", level, MIN_LEVEL, MAX_LEVEL, LEVEL_MESSAGE)
    if len(note) > 200:
        raise ValidationError({"note": gettext("Keep the note under 200 characters.")})
    resolved = Skill.objects.resolve(skill_text)
    teaching, _ = Teaching.objects.update_or_create(
        profile=profile, skill=resolved.skill, defaults={"level": level, "note": note}
    )
    return teaching, resolved


@transaction.atomic
def learning_set(
    *, profile: Profile, skill_text: str, priority: int, why: str = ""
) -> tuple[Learning, ResolvedSkill]:
    """Add or update a skill the member wants to learn; free text goes through the catalogue.

    Every page and endpoint that sets a member's priority calls it (profile page, API).
    """
    message = gettext("Priority must be between %(low)s and %(high)s.")
    bounds = {"low": MIN_PRIORITY, "high": MAX_PRIORITY}
    _check_range("priority", priority, MIN_PRIORITY, MAX_PRIORITY, message % bounds)
    if len(why) > 300:
        raise ValidationError({"why": gettext("Keep the reason under 300 characters.")})
    resolved = Skill.objects.resolve(skill_text)
    learning, _ = Learning.objects.update_or_create(
        profile=profile, skill=resolved.skill, defaults={"priority": priority, "why": why}
    )
    return learning, resolved


def skills_resolve(names: Iterable[str]) -> dict[str, Skill]:
    """Each distinct skill name resolved through the catalogue (an unknown one is created)."""
    return {name: Skill.objects.resolve(name).skill for name in set(names)}


@transaction.atomic
def profile_skills_add(
    *,
    profile: Profile,
    teaches: Mapping[str, int],
    learns: Mapping[str, int],
    skills: Mapping[str, Skill] | None = None,
) -> None:
    """Add skills someone else recorded (a program's import): {name: level} to teach and
    {name: priority} to learn, already checked to be in range.

    A skill the member already lists keeps the member's own level or priority: what members say
    about themselves wins over a sheet. Two names that meet on one skill keep the higher number.
    ``skills`` (from :func:`skills_resolve`) saves resolving the same names for every profile.
    """
    found = skills if skills is not None else skills_resolve([*teaches, *learns])
    Teaching.objects.bulk_create(
        [Teaching(profile=profile, skill_id=s, level=n) for s, n in _by_skill(teaches, found)],
        ignore_conflicts=True,
    )
    Learning.objects.bulk_create(
        [Learning(profile=profile, skill_id=s, priority=n) for s, n in _by_skill(learns, found)],
        ignore_conflicts=True,
    )
    # bulk_create sends no signals: saving the profile tells whoever follows its changes (the
    # suggestion pools, partnerships/suggestion_index.py).
    profile.save(update_fields=["updated_at"])


def _by_skill(numbers: Mapping[str, int], skills: Mapping[str, Skill]) -> list[tuple[int, int]]:
    merged: dict[int, int] = {}
    for name, number in numbers.items():
        skill_id = skills[name].pk
        merged[skill_id] = max(number, merged.get(skill_id, number))
    return list(merged.items())


def skill_find(text: str) -> Skill | None:
    """The existing skill a slug, name or alias names, without creating anything."""
    return Skill.objects.filter(slug=text).first() or Skill.objects.lookup(text).skill


@transaction.atomic
def teaching_remove(*, profile: Profile, skill: Skill) -> bool:
    """Remove a skill from the member's teach list; False when it was not there."""
    deleted, _ = Teaching.objects.filter(profile=profile, skill=skill).delete()
    return bool(deleted)


@transaction.atomic
def learning_remove(*, profile: Profile, skill: Skill) -> bool:
    """Remove a skill from the member's learn list; False when it was not there."""
    deleted, _ = Learning.objects.filter(profile=profile, skill=skill).delete()
    return bool(deleted)


def skill_discard_if_unused(*, skill: Skill) -> bool:
    """Delete a member-added skill nobody lists any more (e.g. a typo just replaced)."""
    if skill.source != Skill.Source.MEMBER:
        return False
    if skill.teachings.exists() or skill.learnings.exists():
        return False
    skill.delete()
    return True


@transaction.atomic
def skill_merge(*, source: Skill, target: Skill) -> Skill:
    """Fold a duplicate skill into another and delete it.

    Teach and learn rows move to ``target``; where a member already has ``target``, the higher
    level (or priority) wins and an empty note is filled from the source. The source's name and
    aliases become aliases of the target, so old spellings keep resolving. Rows of other apps
    that point at the source (goals, growth history, many-to-many links) move to the target too.
    """
    if source.pk == target.pk:
        raise ValidationError(gettext("Pick two different skills to merge."))
    _merge_rows(Teaching, source, target, rank="level", text="note")
    _merge_rows(Learning, source, target, rank="priority", text="why")
    SkillAlias.objects.filter(skill=source).update(skill=target)
    skill_names.names_merge(source=source, target=target)
    _repoint_other_references(source, target)
    name_key = key(source.name)
    source.delete()
    if name_key != target.key and not SkillAlias.objects.filter(key=name_key).exists():
        SkillAlias.objects.create(skill=target, alias=source.name)
    return target


def _merge_rows(model: Any, source: Skill, target: Skill, *, rank: str, text: str) -> None:
    kept = {row.profile_id: row for row in model.objects.filter(skill=target)}
    for row in model.objects.filter(skill=source):
        other = kept.get(row.profile_id)
        if other is None:
            row.skill = target
            row.save(update_fields=["skill", "updated_at"])
            continue
        setattr(other, rank, max(getattr(other, rank), getattr(row, rank)))
        setattr(other, text, getattr(other, text) or getattr(row, text))
        other.save(update_fields=[rank, text, "updated_at"])
        row.delete()


@dataclass(frozen=True)
class DirectorySearch:
    """Complete profiles matching the filters, with how each skill filter was understood."""

    profiles: QuerySet[Profile]
    teaches: SkillMatch | None
    learns: SkillMatch | None


def directory_search(
    *,
    teaches: str = "",
    learns: str = "",
    team: str = "",
    timezone: str = "",
    open_only: bool = False,
) -> DirectorySearch:
    """Search members: only complete, active profiles; skill text goes through the catalogue.

    A skill nobody has ever named matches no one (and never creates a skill).
    """
    profiles = Profile.objects.complete()
    teach_match = Skill.objects.lookup(teaches) if teaches.strip() else None
    learn_match = Skill.objects.lookup(learns) if learns.strip() else None
    if teach_match is not None:
        profiles = profiles.teaching(teach_match.skill) if teach_match.skill else profiles.none()
    if learn_match is not None:
        profiles = profiles.learning(learn_match.skill) if learn_match.skill else profiles.none()
    if team.strip():
        profiles = profiles.filter(team__iexact=team.strip())
    if timezone.strip():
        profiles = profiles.filter(timezone=timezone.strip())
    if open_only:
        profiles = profiles.filter(open_to_partners=True)
    return DirectorySearch(
        profiles=profiles.with_skills().order_by("display_name", "id"),
        teaches=teach_match,
        learns=learn_match,
    )


def _repoint_other_references(source: Skill, target: Skill) -> None:
    """Move every other app's row from source to target, so deleting source loses nothing.

    A row that would then duplicate one already pointing at target (a unique constraint fires)
    is the same fact twice, and is dropped.
    """
    handled = {Teaching, Learning, SkillAlias}
    for rel in Skill._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        model: Any = rel.related_model
        if model in handled:
            continue
        name = rel.field.name  # type: ignore[union-attr]
        for pk in model._base_manager.filter(**{name: source}).values_list("pk", flat=True):
            try:
                with transaction.atomic():
                    model._base_manager.filter(pk=pk).update(**{name: target})
            except IntegrityError:
                model._base_manager.filter(pk=pk).delete()

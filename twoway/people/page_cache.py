"""What members' profiles look like to others, kept rendered (twoway/core/page_cache.py).

Two kinds of stamp (twoway/core/stamps.py), given a new version by the receivers below in the
transaction of the change:

- ``profile:<user id>``: one member's profile as others see it (the profile page's body and the
  profile API): their profile, the skills they teach and want to learn, their account (name,
  active or not) and their level changes (the growth chart).
- ``members``: every member at once: any of the above for anyone, and any skill or alias (a
  renamed skill shows on every profile listing it, and changes what a search finds). The member
  search, the post pages' author cards and every cached profile read it.

A page's key holds the versions of the stamps it shows, so after a change every process renders
it afresh at its next request.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from twoway.core.stamps import stamps_bump, stamps_read

MEMBERS = "members"
# Saving only these on an account changes nothing another member sees (signing in saves
# last_login; a new password shows nowhere).
_UNSEEN_USER_FIELDS = frozenset({"last_login", "password"})


def profile_stamp(user_id: int) -> str:
    return f"profile:{user_id}"


def profile_versions(user_id: int) -> str:
    """The versions a cached view of ``user_id``'s profile depends on, for its key (one query)."""
    own, everyone = stamps_read(profile_stamp(user_id), MEMBERS)
    return f"{own}.{everyone}"


def members_version() -> int:
    (version,) = stamps_read(MEMBERS)
    return version


def _bump(user_id: int | None) -> None:
    stamps_bump(MEMBERS, *([profile_stamp(user_id)] if user_id is not None else []))


def _profile(sender: Any, instance: Any, **kwargs: Any) -> None:
    _bump(instance.user_id)


def _skill_row(sender: Any, instance: Any, **kwargs: Any) -> None:
    from twoway.people.models import Profile

    owner = Profile.objects.filter(pk=instance.profile_id).values_list("user_id", flat=True)
    _bump(owner.first())


def _user(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if update_fields is None or not set(update_fields) <= _UNSEEN_USER_FIELDS:
        _bump(instance.pk)


def _level_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    _bump(instance.user_id)


def _catalogue(sender: Any, **kwargs: Any) -> None:
    stamps_bump(MEMBERS)


def connect() -> None:
    """Connect the receivers (once, from ``PeopleConfig.ready``)."""
    from django.conf import settings

    both = (post_save, post_delete)
    for receiver, sender in (
        (_profile, "people.Profile"),
        (_skill_row, "people.Teaching"),
        (_skill_row, "people.Learning"),
        (_level_change, "partnerships.LevelChange"),
        (_catalogue, "people.Skill"),
        (_catalogue, "people.SkillAlias"),
        (_user, settings.AUTH_USER_MODEL),
    ):
        for signal in both:
            uid = f"people_page_cache_{receiver.__name__}_{sender}_{signal is post_save}"
            signal.connect(receiver, sender=sender, dispatch_uid=uid)

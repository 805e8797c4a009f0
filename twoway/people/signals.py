"""Every member has a profile from the moment they exist, and the catalogue follows its file."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig


def create_profile(sender: Any, instance: Any, created: bool, raw: bool = False, **kw: Any) -> None:
    # Fixtures (raw) load profiles themselves.
    if created and not raw:
        from twoway.people.services import profile_ensure

        profile_ensure(user=instance)


def sync_catalogue(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    # Runs after every migrate and after test-database flushes, so live-server tests still have
    # the catalogue; cheap (two queries) when nothing is missing.
    if sender.label != "people" or using != "default":
        return
    from twoway.people import skill_names
    from twoway.people.catalogue import sync_skills

    sync_skills()
    # A flush sends no ``apps``: the models are then the current ones.
    skill_names.sync_after_migrate(kwargs.get("apps") or sender.apps)


def delete_photo(sender: Any, instance: Any, **kwargs: Any) -> None:
    # A deleted profile (its account deleted) takes its photo files with it, once committed.
    if instance.photo:
        from django.db import transaction

        from twoway.people.photos import photo_delete

        transaction.on_commit(lambda: photo_delete(instance.photo))

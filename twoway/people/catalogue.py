"""Seeding the Skill table from the engine's catalogue file (twoway/engine/data/skills.csv).

``sync_skills`` is idempotent and takes the model classes as arguments, so the data migration can
pass its historical models and everything else passes the real ones. It adds what is missing and
never deletes: members' own skills and staff merges stay.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from twoway.engine.skills import Catalogue, compact_key, key


def _slug(name: str, taken: set[str]) -> str:
    from twoway.people.models import skill_slug

    base = skill_slug(name)
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def sync_skills(skill_model: Any = None, alias_model: Any = None) -> int:
    """Create catalogue skills and aliases that the database lacks; return how many rows it added.

    A catalogue name that already exists as a member-added skill is adopted into the catalogue
    (its category is filled in and its source becomes "catalogue").
    """
    if skill_model is None or alias_model is None:
        from twoway.people.models import Skill, SkillAlias

        skill_model, alias_model = Skill, SkillAlias
    catalogue = Catalogue.from_csv()
    with transaction.atomic():
        _refresh_keys(skill_model, "name")
        _refresh_keys(alias_model, "alias")
        added = _sync_names(skill_model, catalogue)
        added += _sync_aliases(skill_model, alias_model, catalogue)
    return added


def _refresh_keys(model: Any, field: str) -> None:
    """Recompute stored keys if the normaliser changed since they were written."""
    rows = list(model.objects.values_list("id", field, "key", "compact"))
    taken = {row[2] for row in rows}
    for row_id, text, stored_key, stored_compact in rows:
        new_key, new_compact = key(text), compact_key(text)
        if (new_key, new_compact) == (stored_key, stored_compact):
            continue
        if new_key != stored_key and new_key in taken:
            continue  # two rows now meet; staff merge them rather than us guessing
        model.objects.filter(id=row_id).update(key=new_key, compact=new_compact)
        taken.add(new_key)


def _sync_names(skill_model: Any, catalogue: Catalogue) -> int:
    existing = dict(skill_model.objects.values_list("key", "id"))
    alias_keys = set(skill_model.objects.values_list("aliases__key", flat=True))
    taken = set(skill_model.objects.values_list("slug", flat=True))
    new = []
    for item in catalogue.skills:
        name_key = key(item.name)
        if name_key in existing:
            skill_model.objects.filter(id=existing[name_key], source="member").update(
                source="catalogue", category=item.category
            )
        elif name_key not in alias_keys:  # merged away by staff: stays an alias
            new.append(
                skill_model(
                    name=item.name,
                    slug=_slug(item.name, taken),
                    category=item.category,
                    source="catalogue",
                    key=name_key,
                    compact=compact_key(item.name),
                )
            )
    skill_model.objects.bulk_create(new)
    return len(new)


def _sync_aliases(skill_model: Any, alias_model: Any, catalogue: Catalogue) -> int:
    by_key = dict(skill_model.objects.values_list("key", "id"))
    taken = set(alias_model.objects.values_list("key", flat=True)) | set(by_key)
    new = []
    for item in catalogue.skills:
        skill_id = by_key.get(key(item.name))
        for alias in item.aliases:
            alias_key = key(alias)
            if skill_id is None or not alias_key or alias_key in taken:
                continue
            taken.add(alias_key)
            new.append(
                alias_model(
                    skill_id=skill_id, alias=alias, key=alias_key, compact=compact_key(alias)
                )
            )
    alias_model.objects.bulk_create(new)
    return len(new)

"""Skill names in every language Twoway speaks.

A skill has one canonical (English) name: the engine, the database's keys and every comparison use
it. Each other language may add a display name and any number of aliases (``SkillName`` rows,
loaded from ``data/skill_names.csv``), so a German member typing "Datenbanken" finds the skill an
English member calls "Databases". Lookups match the names of *every* language, whatever the
reader's own (a Spanish member may type a German word: all that matters is the skill), and only
the label shown changes with the reader's language.

Labels come from a per-process map ``{(skill id, language): name}``, loaded in one query. A change
to a name clears this process's map at once and bumps the ``skill-names`` stamp
(twoway/core/stamps.py) in the change's transaction; other processes read that stamp at most once
every ``CHECK_EVERY`` seconds and reload the map when it moved. A page therefore costs at most two
queries for all its labels, however many skills it shows.
"""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Q, QuerySet, Value, When
from django.utils import translation

from twoway.core.stamps import stamps_bump, stamps_read
from twoway.engine.skills import compact_key, key

if TYPE_CHECKING:
    from twoway.people.models import Skill

SOURCE_LANGUAGE = "en"  # the language of the canonical names
STAMP = "skill-names"
CHECK_EVERY = 5.0  # seconds between two reads of the stamp in one process
DATA_PATH = Path(__file__).with_name("data") / "skill_names.csv"


def translated_languages() -> list[str]:
    """The languages a skill can have names in: every language of the site but English."""
    return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def validate_skill_name_language(value: str) -> None:
    if value not in translated_languages():
        raise ValidationError(
            "Pick one of %(languages)s: English names are the skills' own.",
            params={"languages": ", ".join(translated_languages())},
            code="invalid_skill_name_language",
        )


# ---------------------------------------------------------------------------------------------
# Labels


@dataclass
class _Labels:
    by_id: dict[tuple[int, str], str]
    by_key: dict[tuple[str, str], str]
    version: int
    checked_at: float


_labels: _Labels | None = None


def label_of(skill: Skill | str | None) -> str:
    """A skill's name in the active language, else its canonical name.

    Takes a Skill, or a canonical name as the engine hands them back (suggestions, rounds).
    """
    if skill is None:
        return ""
    fallback = skill if isinstance(skill, str) else skill.name
    language = reader_language()
    if language is None:
        return fallback
    labels = _current_labels()
    if isinstance(skill, str):
        return labels.by_key.get((key(skill), language), fallback)
    return labels.by_id.get((skill.pk, language), fallback)


def reader_language() -> str | None:
    """The active language if skills have names in it ("de-at" counts as "de"), else None."""
    code = (translation.get_language() or "").lower()
    languages = translated_languages()
    for candidate in (code, code.split("-")[0]):
        if candidate in languages:
            return candidate
    return None


def _current_labels() -> _Labels:
    global _labels
    labels, now = _labels, time.monotonic()
    if labels is not None and now - labels.checked_at < CHECK_EVERY:
        return labels
    (version,) = stamps_read(STAMP)
    if labels is None or labels.version != version:
        labels = _load_labels(version)
    labels.checked_at = now
    _labels = labels
    return labels


def _load_labels(version: int) -> _Labels:
    from twoway.people.models import SkillName

    rows = SkillName.objects.filter(is_alias=False).values_list(
        "skill_id", "skill__key", "language", "name"
    )
    by_id: dict[tuple[int, str], str] = {}
    by_key: dict[tuple[str, str], str] = {}
    for skill_id, skill_key, language, name in rows:
        by_id[(skill_id, language)] = name
        by_key[(skill_key, language)] = name
    return _Labels(by_id=by_id, by_key=by_key, version=version, checked_at=0.0)


def labels_forget() -> None:
    """Drop this process's map, so the next label reloads it."""
    global _labels
    _labels = None


def names_changed(sender: Any = None, **kwargs: Any) -> None:
    """Receiver: a name (or a skill holding names) changed; every process reloads its labels."""
    from twoway.people.page_cache import MEMBERS

    labels_forget()
    # MEMBERS too: kept profile pages and searches show the labels.
    stamps_bump(STAMP, MEMBERS)


# ---------------------------------------------------------------------------------------------
# Lookups


def translated_match(
    skills: QuerySet[Skill], spelling_key: str, spelling_compact: str
) -> Skill | None:
    """The second step of ``SkillManager.lookup`` (after the canonical names and English aliases),
    in one query: a name or alias in any language with the same key, else any spelling (canonical,
    alias, translated) with the same compact key. Ties go to the alphabetically first skill, so the
    answer never depends on the reader's language.
    """
    from twoway.people.models import SkillAlias, SkillName

    # Uncorrelated subqueries: each runs once, on its index.
    exact = Q(pk__in=SkillName.objects.filter(key=spelling_key).values("skill_id"))
    wanted = exact
    if spelling_compact:
        wanted |= (
            Q(compact=spelling_compact)
            | Q(pk__in=SkillAlias.objects.filter(compact=spelling_compact).values("skill_id"))
            | Q(pk__in=SkillName.objects.filter(compact=spelling_compact).values("skill_id"))
        )
    first = Case(When(exact, then=Value(0)), default=Value(1))
    return skills.filter(wanted).order_by(first, "name", "id").first()


def names_merge(*, source: Skill, target: Skill) -> None:
    """Before ``source`` is merged into ``target``: its names move to ``target``, as display names
    where ``target`` has none in that language, else as aliases, so every spelling keeps working.
    """
    shown = set(target.names.filter(is_alias=False).values_list("language", flat=True))
    for row in source.names.order_by("is_alias", "id"):
        row.skill = target
        row.is_alias = row.is_alias or row.language in shown
        if not row.is_alias:
            shown.add(row.language)
        row.save()


# ---------------------------------------------------------------------------------------------
# Loading the data file


@dataclass(frozen=True)
class NameRow:
    skill: str
    language: str
    name: str
    aliases: tuple[str, ...]


def read_rows(path: Path = DATA_PATH) -> list[NameRow]:
    """The rows of ``data/skill_names.csv``: skill (canonical name), language, name, aliases
    separated by ``|``."""
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            NameRow(
                skill=row["skill"].strip(),
                language=row["language"].strip(),
                name=" ".join(row["name"].split()),
                aliases=tuple(
                    " ".join(a.split()) for a in (row["aliases"] or "").split("|") if a.strip()
                ),
            )
            for row in csv.DictReader(handle)
        ]


def sync_skill_names(
    skill_model: Any = None,
    alias_model: Any = None,
    name_model: Any = None,
    *,
    path: Path = DATA_PATH,
) -> int:
    """Add the names and aliases of the data file that the database lacks; return how many.

    Idempotent, and like ``catalogue.sync_skills`` it never deletes or overwrites: a display name
    staff changed in the admin stays. Takes the model classes so a data migration can pass its
    historical ones. A row for a skill that staff merged away follows it to the skill it became an
    alias of; a row for a skill the database doesn't have is skipped.
    """
    if skill_model is None or alias_model is None or name_model is None:
        from twoway.people.models import Skill, SkillAlias, SkillName

        skill_model, alias_model, name_model = Skill, SkillAlias, SkillName
    with transaction.atomic():
        new = _missing_names(read_rows(path), skill_model, alias_model, name_model)
        name_model.objects.bulk_create(new)
        if new:
            names_changed()
    return len(new)


def _missing_names(
    rows: list[NameRow], skill_model: Any, alias_model: Any, name_model: Any
) -> list[Any]:
    skill_ids: dict[str, int] = dict(skill_model.objects.values_list("key", "id"))
    for alias_key, skill_id in alias_model.objects.values_list("key", "skill_id"):
        skill_ids.setdefault(alias_key, skill_id)
    taken = set(name_model.objects.values_list("language", "key"))
    shown = set(name_model.objects.filter(is_alias=False).values_list("skill_id", "language"))
    languages = set(translated_languages())
    new = []
    for row in rows:
        skill_id = skill_ids.get(key(row.skill))
        if skill_id is None or row.language not in languages:
            continue
        spellings = [(row.name, False)] + [(alias, True) for alias in row.aliases]
        for text, is_alias in spellings:
            spelling = key(text)
            if not spelling or (row.language, spelling) in taken:
                continue
            if is_alias and spelling in skill_ids:
                continue  # already a canonical name or an English alias
            if not is_alias and (skill_id, row.language) in shown:
                continue
            taken.add((row.language, spelling))
            shown.update([(skill_id, row.language)] if not is_alias else [])
            new.append(
                name_model(
                    skill_id=skill_id,
                    language=row.language,
                    name=text,
                    is_alias=is_alias,
                    key=spelling,
                    compact=compact_key(text),
                )
            )
    return new


def sync_after_migrate(apps: Any) -> None:
    """After every migrate and test-database flush, once the skills follow their file (see
    ``people.signals.sync_catalogue``): the names follow theirs."""
    try:
        apps.get_model("people", "SkillName")
    except LookupError:
        return  # migrated back to before skill names existed
    sync_skill_names()
    labels_forget()  # a flushed database gave the skills new ids: no map may outlive it


def connect() -> None:
    """Connect the receivers (once, from PeopleConfig.ready)."""
    from django.db.models.signals import post_delete, post_save

    for signal, sender in (
        (post_save, "people.SkillName"),
        (post_delete, "people.SkillName"),
        # A merge moves names to the kept skill with a bulk update, then deletes the other one.
        (post_delete, "people.Skill"),
    ):
        uid = f"people_skill_names_{sender}_{signal is post_save}"
        signal.connect(names_changed, sender=sender, dispatch_uid=uid)

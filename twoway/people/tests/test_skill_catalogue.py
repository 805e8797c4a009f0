import csv
from collections import defaultdict
from pathlib import Path

import pytest

from twoway.engine.skills import CATALOGUE_PATH, Catalogue, compact_key, key
from twoway.people.catalogue import sync_skills
from twoway.people.models import Skill, SkillAlias

# Every skill spelling in the Stack Overflow Developer Survey 2023 sample (files/README.md).
SURVEY_SPELLINGS = Path(__file__).with_name("files") / "devsurvey2023_skills.txt"


def _owners(normalise) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    owners: dict[str, set[str]] = defaultdict(set)
    for skill in Catalogue.from_csv().skills:
        for spelling in (skill.name, *skill.aliases):
            owners[normalise(spelling)].add(skill.name)
    return owners


def test_the_catalogue_holds_about_three_hundred_skills_with_categories() -> None:
    skills = Catalogue.from_csv().skills
    assert len(skills) >= 300
    assert all(skill.category for skill in skills)


def test_skill_names_are_unique_ignoring_case() -> None:
    names = [skill.name.casefold() for skill in Catalogue.from_csv().skills]
    assert len(names) == len(set(names))


def test_no_alias_collides_with_another_skills_name_or_alias() -> None:
    clashes = {k: v for k, v in _owners(key).items() if len(v) > 1}
    assert clashes == {}


def test_no_two_skills_meet_on_the_looser_compact_key() -> None:
    clashes = {k: v for k, v in _owners(compact_key).items() if len(v) > 1}
    assert clashes == {}


def test_the_csv_has_the_three_expected_columns() -> None:
    with CATALOGUE_PATH.open(newline="", encoding="utf-8") as handle:
        assert csv.DictReader(handle).fieldnames == ["name", "category", "aliases"]


def test_every_stack_overflow_survey_spelling_resolves_to_a_known_skill() -> None:
    catalogue = Catalogue.from_csv()
    spellings = SURVEY_SPELLINGS.read_text(encoding="utf-8").splitlines()
    assert len(spellings) == 188
    unknown = {s for s in spellings if not catalogue.resolve(s).known}
    assert unknown == set()


@pytest.mark.django_db
def test_a_fresh_database_holds_the_whole_catalogue() -> None:
    catalogue = Catalogue.from_csv()
    assert Skill.objects.filter(source=Skill.Source.CATALOGUE).count() == len(catalogue.skills)
    # Aliases that only differ from their name in case or punctuation need no row.
    names = {key(skill.name) for skill in catalogue.skills}
    aliases = {key(a) for skill in catalogue.skills for a in skill.aliases} - names
    assert set(SkillAlias.objects.values_list("key", flat=True)) == aliases


@pytest.mark.django_db
def test_syncing_again_adds_nothing_and_adopts_a_member_skill() -> None:
    Skill.objects.filter(name="Figma").delete()
    Skill.objects.create(name="figma", source=Skill.Source.MEMBER)
    assert sync_skills() == 0
    figma = Skill.objects.get(key="figma")
    assert figma.source == Skill.Source.CATALOGUE
    assert figma.category == "Design"
    assert sync_skills() == 0


@pytest.mark.django_db
def test_every_catalogue_spelling_finds_its_own_skill_in_the_database() -> None:
    wrong = []
    for item in Catalogue.from_csv().skills:
        for spelling in (item.name, *item.aliases):
            variant = f"  {spelling.upper()} "
            found = Skill.objects.lookup(variant).skill
            if found is None or found.name != item.name:
                wrong.append((variant, found))
    assert wrong == []


@pytest.mark.django_db
def test_an_alias_may_not_repeat_another_skills_name() -> None:
    from django.core.exceptions import ValidationError

    alias = SkillAlias(skill=Skill.objects.get(name="Go"), alias="python")
    with pytest.raises(ValidationError, match="already a skill"):
        alias.full_clean()


@pytest.mark.django_db
def test_syncing_repairs_keys_written_by_an_older_normaliser() -> None:
    Skill.objects.filter(name="Visual Basic .NET").update(key="stale", compact="stale")
    SkillAlias.objects.filter(alias="Visual Basic (.Net)").update(key="old", compact="old")
    sync_skills()
    assert Skill.objects.lookup("Visual Basic (.Net)").skill == Skill.objects.get(
        key=key("Visual Basic .NET")
    )

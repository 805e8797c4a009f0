"""The skills catalogue's German, Spanish and French names (twoway/people/data/skill_names.csv)."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import translation

from twoway.engine.skills import Catalogue, key
from twoway.people.catalogue import sync_skills
from twoway.people.models import Skill, SkillName
from twoway.people.skill_names import labels_forget, read_rows, sync_skill_names

pytestmark = pytest.mark.django_db

ROWS = read_rows()


def test_every_row_names_a_catalogue_skill_in_a_language_of_the_site() -> None:
    catalogue = {key(s.name) for s in Catalogue.from_csv().skills}
    assert [r.skill for r in ROWS if key(r.skill) not in catalogue] == []
    assert {r.language for r in ROWS} == {"de", "es", "fr"}
    assert all(r.name for r in ROWS)


def test_a_skill_has_at_most_one_row_per_language_and_no_spelling_twice() -> None:
    per_skill = Counter((key(r.skill), r.language) for r in ROWS)
    assert [pair for pair, n in per_skill.items() if n > 1] == []
    spellings = Counter((r.language, key(t)) for r in ROWS for t in (r.name, *r.aliases))
    assert [pair for pair, n in spellings.items() if n > 1] == []


def test_product_names_keep_their_name() -> None:
    shown = {r.skill: r.name for r in ROWS}
    for product in ("Python", "Kubernetes", "Figma", "PostgreSQL", "React", "Excel", "Git"):
        assert shown.get(product, product) == product


def test_skills_named_in_words_have_names_in_every_language() -> None:
    languages: dict[str, set[str]] = {}
    for r in ROWS:
        languages.setdefault(r.skill, set()).add(r.language)
    for skill in ("Machine learning", "Public speaking", "Project management", "Unit testing"):
        assert languages[skill] == {"de", "es", "fr"}


def test_the_migration_loaded_the_file_and_loading_again_adds_nothing() -> None:
    assert SkillName.objects.filter(is_alias=False).count() == len(ROWS)
    assert sync_skill_names() == 0
    assert sync_skills() == 0


def test_loading_adds_back_what_is_missing_and_keeps_a_staff_edit() -> None:
    machine_learning = Skill.objects.get(name="Machine learning")
    SkillName.objects.filter(skill=machine_learning, language="es").delete()
    SkillName.objects.filter(skill=machine_learning, language="de").update(name="ML (Lernen)")
    assert sync_skill_names() == 1
    labels_forget()
    with translation.override("es"):
        assert machine_learning.label == "Aprendizaje automático"
    with translation.override("de"):
        assert machine_learning.label == "ML (Lernen)"


def test_every_name_and_alias_in_the_file_finds_its_own_skill() -> None:
    wrong = []
    for row in ROWS:
        for text in (row.name, *row.aliases):
            found = Skill.objects.lookup(text).skill
            if found is None or found.key != key(row.skill):
                wrong.append((row.language, text, found and found.name))
    assert wrong == []


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_gets_the_names_back() -> None:
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    assert SkillName.objects.filter(is_alias=False).count() == len(ROWS)

"""One skill, named in every language: lookups match any language's names, labels show the
reader's (twoway/people/skill_names.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from twoway.core.stamps import stamps_bump
from twoway.people import skill_names
from twoway.people.models import Skill, SkillName
from twoway.people.services import skill_merge

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_labels() -> Iterator[None]:
    # A test's rows are rolled back without a signal: no map may outlive its test.
    skill_names.labels_forget()
    yield
    skill_names.labels_forget()


@pytest.fixture
def databases() -> Skill:
    skill = Skill.objects.create(name="Databases", category="Databases", source="catalogue")
    for language, name in (
        ("de", "Datenbanken"),
        ("es", "Bases de datos"),
        ("fr", "Bases de données"),
    ):
        SkillName.objects.create(skill=skill, language=language, name=name)
    SkillName.objects.create(skill=skill, language="de", name="DB-Systeme", is_alias=True)
    return skill


SPELLINGS = ["Datenbanken", "bases de données", "bases de datos", "databases", "db systeme"]


@pytest.mark.parametrize("text", SPELLINGS)
def test_every_languages_name_of_a_skill_resolves_to_it(databases: Skill, text: str) -> None:
    assert Skill.objects.lookup(text).skill == databases
    resolved = Skill.objects.resolve(text)
    assert resolved.skill == databases and not resolved.created


@pytest.mark.parametrize("language", ["en", "de", "es", "fr"])
def test_what_a_spelling_finds_does_not_depend_on_the_readers_language(
    databases: Skill, language: str
) -> None:
    with translation.override(language):
        found = {text: Skill.objects.lookup(text).skill for text in SPELLINGS}
        found["Maschinelles Lernen"] = Skill.objects.lookup("Maschinelles Lernen").skill
    assert found.pop("Maschinelles Lernen") == Skill.objects.get(name="Machine learning")
    assert set(found.values()) == {databases}


def test_a_name_that_only_looks_like_one_still_meets_it_by_its_compact_key(
    databases: Skill,
) -> None:
    assert Skill.objects.lookup("Daten-Banken").skill == databases
    assert Skill.objects.lookup("Bases-de-Données").skill == databases


def test_a_canonical_name_wins_over_another_skills_translated_name(databases: Skill) -> None:
    python = Skill.objects.get(name="Python")
    SkillName.objects.create(skill=databases, language="fr", name="Python", is_alias=True)
    assert Skill.objects.lookup("python").skill == python


def test_the_label_is_the_name_in_the_active_language(databases: Skill) -> None:
    expected = {"de": "Datenbanken", "es": "Bases de datos", "fr": "Bases de données"}
    for language, label in {**expected, "en": "Databases", "de-at": "Datenbanken"}.items():
        with translation.override(language):
            assert databases.label == label
    assert databases.name == "Databases"


def test_a_skill_without_a_german_name_shows_its_canonical_name(databases: Skill) -> None:
    with translation.override("de"):
        assert Skill.objects.get(name="Python").label == "Python"
        assert Skill.objects.get(name="Machine learning").label == "Maschinelles Lernen"


def test_an_alias_is_found_but_never_shown(databases: Skill) -> None:
    SkillName.objects.filter(skill=databases, language="de", is_alias=False).delete()
    with translation.override("de"):
        assert databases.label == "Databases"
    assert Skill.objects.lookup("DB-Systeme").skill == databases


def test_the_template_filter_takes_a_skill_or_a_canonical_name(databases: Skill) -> None:
    template = Template("{% load skill_names %}{{ skill|skill_label }}/{{ name|skill_label }}")
    with translation.override("fr"):
        html = template.render(Context({"skill": databases, "name": "Machine learning"}))
    assert html == "Bases de données/Apprentissage automatique"


def test_labels_cost_the_same_queries_for_five_skills_or_a_hundred(databases: Skill) -> None:
    template = Template(
        "{% load skill_names %}{% for s in skills %}{{ s|skill_label }} {{ s.label }},{% endfor %}"
    )
    counts = []
    for n in (5, 100):
        skills = list(Skill.objects.all()[:n])
        skill_names.labels_forget()
        with translation.override("de"), CaptureQueriesContext(connection) as queries:
            html = template.render(Context({"skills": skills}))
        counts.append(len(queries))
        assert html.count(",") == n
    assert counts[0] == counts[1] <= 3


def test_english_labels_need_no_query(databases: Skill, django_assert_num_queries: Any) -> None:
    with translation.override("en"), django_assert_num_queries(0):
        assert databases.label == "Databases"


def test_a_changed_name_shows_at_once_in_this_process(databases: Skill) -> None:
    with translation.override("de"):
        assert databases.label == "Datenbanken"
        SkillName.objects.filter(skill=databases, language="de", is_alias=False).update(
            name="Datenbanksysteme"
        )
        assert databases.label == "Datenbanken"  # a bulk update sends no signal…
        row = SkillName.objects.get(skill=databases, language="de", is_alias=False)
        row.save()  # …a save does
        assert databases.label == "Datenbanksysteme"


def test_another_process_sees_a_change_once_the_stamp_moves(
    databases: Skill, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(skill_names, "CHECK_EVERY", 0.0)
    with translation.override("de"):
        assert databases.label == "Datenbanken"
        # Another process renames it: its row and its stamp change, this process's map doesn't.
        SkillName.objects.filter(skill=databases, language="de", is_alias=False).update(
            name="Datenbanksysteme"
        )
        assert databases.label == "Datenbanken"
        stamps_bump(skill_names.STAMP)
        assert databases.label == "Datenbanksysteme"


def test_search_finds_skills_by_their_names_in_any_language(databases: Skill) -> None:
    assert databases in Skill.objects.search("datenb")
    assert databases in Skill.objects.search("données")
    found = [s.name for s in Skill.objects.search("apprentissage automatique")]
    assert found == ["Machine learning"]


def test_a_close_spelling_of_a_translated_name_is_suggested(databases: Skill) -> None:
    match = Skill.objects.lookup("Datenbankn")
    assert match.skill is None and match.suggestion == databases


def test_a_merge_keeps_the_merged_skills_names_as_aliases(databases: Skill) -> None:
    design = Skill.objects.get(name="Database design")
    skill_names.names_merge(source=databases, target=design)
    skill_merge(source=databases, target=design)
    assert Skill.objects.lookup("Datenbanken").skill == design
    with translation.override("de"):
        assert design.label == "Datenbankdesign"


def test_a_merge_gives_the_kept_skill_a_name_it_lacked() -> None:
    member_skill = Skill.objects.create(name="Rhetorik-Kurs", source="member")
    SkillName.objects.create(skill=member_skill, language="es", name="Curso de retórica")
    target = Skill.objects.create(name="Rhetoric", source="member")
    skill_names.names_merge(source=member_skill, target=target)
    skill_merge(source=member_skill, target=target)
    with translation.override("es"):
        assert target.label == "Curso de retórica"


def test_a_name_in_english_is_refused(databases: Skill) -> None:
    from django.core.exceptions import ValidationError

    row = SkillName(skill=databases, language="en", name="DBs")
    with pytest.raises(ValidationError):
        row.full_clean()


def test_the_admins_name_form_offers_the_languages_other_than_english(databases: Skill) -> None:
    from twoway.people.admin import SkillNameForm

    form = SkillNameForm(data={"language": "en", "name": "DBs", "is_alias": ""})
    assert [code for code, _ in form.fields["language"].choices] == ["de", "es", "fr"]  # type: ignore[attr-defined]
    assert "language" in form.errors

import pytest
from django.core.exceptions import ValidationError

from twoway.people.models import Skill

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("javascript", "JavaScript"),
        ("  JAVASCRIPT  ", "JavaScript"),
        ("js", "JavaScript"),
        ("k8s", "Kubernetes"),
        ("K8S", "Kubernetes"),
        ("public-speaking", "Public speaking"),
        ("Public   Speaking!", "Public speaking"),
        ("public_speaking", "Public speaking"),
        ("postgres", "PostgreSQL"),
        ("golang", "Go"),
        ("node js", "Node.js"),
        ("NodeJS", "Node.js"),
        ("c#", "C#"),
        ("c++", "C++"),
        ("C", "C"),
        ("Bash/Shell (all shells)", "Bash"),
        ("Amazon Web Services (AWS)", "Amazon Web Services (AWS)"),
        ("aws", "Amazon Web Services (AWS)"),
        ("vue", "Vue.js"),
    ],
)
def test_it_resolves_spellings_onto_the_catalogue(text: str, expected: str) -> None:
    resolved = Skill.objects.resolve(text)
    assert resolved.skill.name == expected
    assert not resolved.created


def test_c_cplusplus_and_csharp_stay_three_different_skills() -> None:
    names = {Skill.objects.resolve(t).skill.pk for t in ("C", "C++", "C#")}
    assert len(names) == 3


def test_it_suggests_the_catalogue_spelling_for_a_misspelling() -> None:
    match = Skill.objects.lookup("Kubernets")
    assert match.skill is None
    assert not match.known
    assert match.suggestion is not None and match.suggestion.name == "Kubernetes"


def test_an_unknown_skill_is_created_not_refused() -> None:
    before = Skill.objects.count()
    resolved = Skill.objects.resolve("  underwater basket weaving ")
    assert resolved.created
    assert resolved.skill.name == "Underwater basket weaving"
    assert resolved.skill.source == Skill.Source.MEMBER
    assert Skill.objects.count() == before + 1


def test_a_misspelling_is_created_with_a_suggestion_and_then_found_again() -> None:
    first = Skill.objects.resolve("Kubernets")
    again = Skill.objects.resolve("kubernets")
    assert first.created and first.suggestion is not None
    assert first.suggestion.name == "Kubernetes"
    assert not again.created and again.skill == first.skill
    # A member-added spelling keeps offering the catalogue's.
    assert again.suggestion == first.suggestion


def test_looking_up_never_creates_a_skill() -> None:
    before = Skill.objects.count()
    match = Skill.objects.lookup("Quantum knitting")
    assert match.skill is None and match.name == "Quantum knitting"
    assert Skill.objects.count() == before


def test_it_refuses_an_empty_or_overlong_skill_name() -> None:
    with pytest.raises(ValidationError, match="Type the name of a skill"):
        Skill.objects.resolve(" ... ")
    with pytest.raises(ValidationError, match="at most 80 characters"):
        Skill.objects.resolve("x" * 81)


def test_skill_names_are_unique_ignoring_case_and_spacing() -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Skill.objects.create(name="  kubernetes ")


def test_slugs_keep_c_cplusplus_and_csharp_apart() -> None:
    slugs = {Skill.objects.get(name=n).slug for n in ("C", "C++", "C#")}
    assert slugs == {"c", "c-plus-plus", "c-sharp"}

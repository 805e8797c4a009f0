"""The reader's fast spelling resolver gives the catalogue's answers, suggestions included."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from twoway.engine.io import read_people
from twoway.engine.io.spelling import Speller
from twoway.engine.skills import Catalogue, CatalogueSkill, default_catalogue

spellings = st.sampled_from(
    [s for skill in default_catalogue().skills for s in (skill.name, *skill.aliases)]
)


@st.composite
def typos(draw: st.DrawFn) -> str:
    """A catalogue spelling with a letter or two dropped, doubled, swapped or replaced."""
    text = draw(spellings)
    for _ in range(draw(st.integers(1, 2))):
        at = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["drop", "double", "swap", "replace"]))
        letter = draw(st.sampled_from("aeiourstnx .+#"))
        if edit == "drop":
            text = text[:at] + text[at + 1 :]
        elif edit == "double":
            text = text[:at] + text[at : at + 1] * 2 + text[at + 1 :]
        elif edit == "swap":
            text = text[:at] + text[at + 1 : at + 2] + text[at : at + 1] + text[at + 2 :]
        else:
            text = text[:at] + letter + text[at + 1 :]
    return text


@given(st.one_of(typos(), spellings, st.text(max_size=25)))
def test_it_resolves_every_text_as_the_catalogue_does(text: str) -> None:
    assert Speller().resolve(text) == default_catalogue().resolve(text)


def test_a_typo_gets_the_catalogues_suggestion_in_a_small_catalogue_too() -> None:
    catalogue = Catalogue([CatalogueSkill("Kubernetes", "Infrastructure", ("k8s",))])
    speller = Speller(catalogue)
    assert speller.canonical("K8S") == "Kubernetes"
    assert speller.resolve("Kubernets") == catalogue.resolve("Kubernets")
    assert speller.resolve("Kubernets").suggestion == "Kubernetes"
    assert speller.resolve("") == catalogue.resolve("")


def test_a_file_full_of_new_names_still_gets_its_misspellings_noted(tmp_path: Path) -> None:
    new_names = ";".join(f"Tool{n}" for n in range(300))
    path = tmp_path / "people.csv"
    path.write_text(
        f'id,teaches,learns\na,"{new_names};Kubernets",Javascrpt\nb,JavaScript,Kubernetes\n',
        encoding="utf-8",
    )
    warnings = read_people(path).warnings
    assert warnings[0].startswith("302 skills aren't in the catalogue")
    assert warnings[1] == (
        "Possible misspellings: Javascrpt (did you mean JavaScript?), "
        "Kubernets (did you mean Kubernetes?)"
    )

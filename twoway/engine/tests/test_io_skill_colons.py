"""Colons in skill names: only a number after the last colon is a level or priority."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twoway.engine.io import LEVELS, PRIORITIES, Scale, parse_skills, read_people
from twoway.engine.io.cells import NUMBER_WORDS
from twoway.engine.skills import default_catalogue

# Text after a colon that isn't a number, nor a word that reads as a level ("expert").
words = st.from_regex(r"[A-Za-z][A-Za-z +#.]{0,15}", fullmatch=True).filter(
    lambda word: word.strip().casefold() not in NUMBER_WORDS
)
scales = st.sampled_from([LEVELS, PRIORITIES])


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        ("lang:Python", {"lang:Python": 3}),
        ("C++:x", {"C++:x": 3}),
        ("Python:4", {"Python": 4}),
        ("lang:Python:4", {"lang:Python": 4}),
        (" lang : Python : 5 ; Go:2", {"lang : Python": 5, "Go": 2}),
        ("Python:4.0", {"Python": 4}),
    ],
)
def test_only_a_number_after_the_last_colon_is_a_level(text: str, skills: dict[str, int]) -> None:
    assert parse_skills(text) == (skills, [])


def test_learns_follows_the_same_rule_with_priorities() -> None:
    assert parse_skills("lang:Python;lang:Go:3", PRIORITIES) == (
        {"lang:Python": 2, "lang:Go": 3},
        [],
    )


@pytest.mark.parametrize(
    ("text", "scale", "message"),
    [
        ("Python:9", LEVELS, "level must be 1–5, got 9 in 'Python:9'"),
        ("Python:0", LEVELS, "level must be 1–5, got 0 in 'Python:0'"),
        ("Python:3.5", LEVELS, "level must be a whole number 1–5, got '3.5' in 'Python:3.5'"),
        ("Django:expert", LEVELS, "level must be a whole number 1–5, got 'expert'"),
        ("lang:Python:4", PRIORITIES, "priority must be 1–3, got 4 in 'lang:Python:4'"),
        ("Rust:High", PRIORITIES, "priority must be a whole number 1–3, got 'High'"),
        (":4", LEVELS, "':4' has a level but no skill name"),
    ],
)
def test_a_number_out_of_range_or_a_level_word_is_still_refused(
    text: str, scale: Scale, message: str
) -> None:
    skills, problems = parse_skills(text, scale)
    assert skills == {}
    assert len(problems) == 1 and problems[0].startswith(message)


@given(words, words, scales, st.integers(1, 3))
def test_a_name_with_colons_reads_back_whole_with_or_without_a_number(
    prefix: str, word: str, scale: Scale, number: int
) -> None:
    name = f"{prefix}:{word}"
    canonical = default_catalogue().canonical(name.strip())
    assert parse_skills(name, scale) == ({canonical: scale.default}, [])
    assert parse_skills(f"{name}:{number}", scale) == ({canonical: number}, [])


def test_a_file_with_prefixed_skills_is_read_and_a_likely_level_is_noted(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "id,teaches,learns\na,lang:Python:4;C++:x,lang:Go\nb,lang:Go:5,lang:Python:3;Python:4/5\n",
        encoding="utf-8",
    )
    people = read_people(path)
    a, b = people.people
    assert (a.teaches, a.learns) == ({"lang:Python": 4, "C++:x": 3}, {"lang:Go": 2})
    assert (b.teaches, b.learns) == ({"lang:Go": 5}, {"lang:Python": 3, "Python:4/5": 2})
    (note,) = [w for w in people.warnings if w.startswith("Read as skill names")]
    assert "C++:x, Python:4/5." in note  # a known skill before the colon: a level was meant
    assert "lang:" not in note

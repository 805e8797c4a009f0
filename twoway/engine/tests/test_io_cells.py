"""Parsing single cells: skill lists round-trip, timezones, languages, capacity and role."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twoway.engine.io import (
    PRIORITIES,
    parse_capacity,
    parse_languages,
    parse_role,
    parse_skills,
    parse_timezone,
)
from twoway.engine.skills import default_catalogue

# Free-text skill names: anything but the separators ';', ':' and line breaks, that leaves a name.
names = st.text(
    alphabet=st.characters(blacklist_characters=";:\n\r", blacklist_categories=("Cs", "Cc")),
    min_size=1,
    max_size=30,
).filter(lambda text: text.strip() and default_catalogue().canonical(text.strip()))
catalogue_names = st.sampled_from([skill.name for skill in default_catalogue().skills])


@given(st.dictionaries(st.one_of(catalogue_names, names), st.integers(1, 5), max_size=8))
def test_a_written_skill_list_reads_back_as_the_same_skills(levels: dict[str, int]) -> None:
    text = " ; ".join(f"{name}:{level}" for name, level in levels.items())
    parsed, problems = parse_skills(text)
    assert problems == []
    expected: dict[str, int] = {}
    for name, level in levels.items():
        canonical = default_catalogue().canonical(name)
        expected[canonical] = max(level, expected.get(canonical, level))
    assert parsed == expected


@given(st.lists(catalogue_names, max_size=8))
def test_skills_without_a_level_get_the_default(skills: list[str]) -> None:
    parsed, _ = parse_skills(";".join(skills))
    assert set(parsed.values()) <= {3}
    assert set(parsed) == {default_catalogue().canonical(s) for s in skills}


@given(st.integers().filter(lambda n: not 1 <= n <= 3))
def test_any_priority_outside_one_to_three_is_refused(priority: int) -> None:
    _, problems = parse_skills(f"Python:{priority}", PRIORITIES)
    assert problems and "priority must be" in problems[0]


def test_empty_entries_and_a_trailing_colon_are_tolerated() -> None:
    assert parse_skills(";; Python: ;SQL;") == ({"Python": 3, "SQL": 3}, [])


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("Europe/Paris", 60),
        ("europe/paris", 60),
        ("America/New_York", -300),
        ("Asia/Kolkata", 330),
        ("Australia/Sydney", 600),
        ("UTC+5:30", 330),
        ("+05:30", 330),
        ("GMT-3", -180),
        ("-3", -180),
        ("+0530", 330),
        ("UTC", 0),
        ("", None),
    ],
)
def test_timezones_become_standard_offsets_in_minutes(text: str, minutes: int | None) -> None:
    assert parse_timezone(text) == (minutes, "")


@given(st.integers(-12, 14), st.sampled_from([0, 15, 30, 45]))
def test_any_written_offset_reads_back(hours: int, minutes: int) -> None:
    sign = "-" if hours < 0 else "+"
    text = f"UTC{sign}{abs(hours)}:{minutes:02d}"
    expected = (1 if hours >= 0 else -1) * (abs(hours) * 60 + minutes)
    assert parse_timezone(text) == (expected, "")


def test_languages_are_split_folded_and_codes_spelled_out() -> None:
    assert parse_languages("English; fr, Português ;") == frozenset(
        {"english", "french", "português"}
    )


def test_capacity_and_role_accept_spreadsheet_forms() -> None:
    assert parse_capacity("2.0", 1) == (2, "")
    assert parse_capacity("", 3) == (3, "")
    assert parse_role(" Mentor ") == ("mentor", "")
    assert parse_role("") == ("either", "")

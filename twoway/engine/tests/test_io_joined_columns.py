"""Skill lists spread over several columns (a survey's HaveWorkedLanguage, HaveWorkedFramework…)
read as one list, with every problem naming the column its text came from."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twoway.engine.io import LEVELS, CellError, InputError, SkillListParser, read_people
from twoway.engine.skills import default_catalogue

SURVEY = (
    "Respondent,HaveWorkedLanguage,HaveWorkedFramework,WantWorkLanguage,WantWorkFramework,Spoken\n"
    "ana,Python:2;SQL,Django;python:4,Rust,React,en\n"
    "ben,Rust:4,,Python,,fr\n"
)
JOINED = {
    "id": "Respondent",
    "teaches": "HaveWorkedLanguage, HaveWorkedFramework",
    "learns": "WantWorkLanguage,WantWorkFramework",
}


def write(tmp_path: Path, text: str = SURVEY) -> Path:
    path = tmp_path / "survey.csv"
    path.write_text(text, encoding="utf-8")
    return path


def errors_for(tmp_path: Path, text: str, columns: dict[str, str]) -> list[CellError]:
    with pytest.raises(InputError) as caught:
        read_people(write(tmp_path, text), columns=columns)
    return caught.value.errors


def test_ana_teaches_the_skills_of_both_columns(tmp_path: Path) -> None:
    ana, ben = read_people(write(tmp_path), columns=JOINED).people
    assert ana.teaches == {"Python": 4, "SQL": 3, "Django": 3}
    assert ana.learns == {"Rust": 2, "React": 2}
    assert (ben.teaches, ben.learns) == ({"Rust": 4}, {"Python": 2})  # empty cells add nothing


def test_a_skill_in_two_columns_keeps_its_highest_level_as_in_one_cell(tmp_path: Path) -> None:
    one_cell = "id,teaches,learns\nana,Python:2;SQL;Django;python:4,Rust;React\n"
    joined = read_people(write(tmp_path), columns=JOINED).people[0]
    single = read_people(write(tmp_path, one_cell)).people[0]
    assert joined.teaches == single.teaches == {"Python": 4, "SQL": 3, "Django": 3}


def test_the_joined_columns_are_not_listed_as_ignored(tmp_path: Path) -> None:
    warnings = read_people(write(tmp_path), columns=JOINED).warnings
    assert any(w.endswith("not part of the input): Spoken") for w in warnings), warnings


def test_languages_can_join_columns_too(tmp_path: Path) -> None:
    text = "id,teaches,learns,First,Second\ncai,Go,SQL,en,German; fr\n"
    (cai,) = read_people(write(tmp_path, text), columns={"languages": "First,Second"}).people
    assert cai.languages == frozenset({"english", "german", "french"})


def test_a_bad_level_names_the_column_it_was_written_in(tmp_path: Path) -> None:
    text = SURVEY.replace("Django;python:4", "Django:9;python:4")
    (error,) = errors_for(tmp_path, text, JOINED)
    assert (error.row, error.column) == (2, "HaveWorkedFramework")
    assert "level must be 1–5, got 9 in 'Django:9'" in error.message


def test_every_missing_column_of_a_joined_mapping_is_named(tmp_path: Path) -> None:
    columns = {**JOINED, "teaches": "HaveWorkedLanguage,HaveWorkedFramework,HaveWorkedDatabase"}
    columns["learns"] = "WantWorkLanguage,WantWorkPlatform"
    errors = errors_for(tmp_path, SURVEY, columns)
    assert [(e.row, e.column) for e in errors] == [
        (1, "HaveWorkedDatabase"),
        (1, "WantWorkPlatform"),
    ]
    assert str(errors[0]).startswith(
        "row 1, column 'HaveWorkedDatabase': there is no column 'HaveWorkedDatabase' "
        "(mapped to teaches); the file has 'Respondent', 'HaveWorkedLanguage'"
    )


@pytest.mark.parametrize("contract", ["id", "capacity", "timezone"])
def test_a_single_value_column_refuses_a_list_of_columns(tmp_path: Path, contract: str) -> None:
    (error,) = errors_for(tmp_path, SURVEY, {**JOINED, contract: "Respondent,Spoken"})
    assert f"{contract} is read from one column" in error.message
    assert "only teaches, learns and languages can join several columns" in error.message


# --- The join itself, as a property ------------------------------------------------------------

entries = st.tuples(
    st.sampled_from([skill.name for skill in default_catalogue().skills[:40]]),
    st.one_of(st.none(), st.integers(1, 5), st.integers(6, 9)),
).map(lambda e: e[0] if e[1] is None else f"{e[0]}:{e[1]}")
cells = st.lists(st.lists(entries, max_size=4).map(";".join), min_size=1, max_size=4)


@given(cells)
def test_joining_cells_reads_like_one_cell_holding_them_all(texts: list[str]) -> None:
    parse = SkillListParser(LEVELS)
    sources = [(f"column {i}", text) for i, text in enumerate(texts)]

    skills, problems = parse.join(sources)

    one_cell, all_problems = parse(";".join(texts))
    assert skills == one_cell
    assert [message for _, message in problems] == all_problems
    for column, message in problems:
        text = dict(sources)[column]
        assert any(entry.strip() in message for entry in text.split(";") if entry), message

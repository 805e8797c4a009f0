"""Bad people files: every problem is reported with its row and the sheet's own column name."""

from __future__ import annotations

from pathlib import Path

import pytest

from twoway.engine.io import MAX_ERRORS, CellError, InputError, read_people


def errors_for(tmp_path: Path, text: str, columns: dict[str, str] | None = None) -> list[CellError]:
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_people(path, columns=columns)
    return caught.value.errors


def test_a_bad_level_names_its_row_and_column(tmp_path: Path) -> None:
    (error,) = errors_for(tmp_path, "id,teaches,learns\na,Python,SQL\nb,Python:7,SQL\n")
    assert (error.row, error.column) == (3, "teaches")
    assert "level must be 1–5, got 7" in error.message
    assert str(error).startswith("row 3, column 'teaches': ")


def test_a_bad_level_names_the_sheets_own_column_when_mapped(tmp_path: Path) -> None:
    (error,) = errors_for(
        tmp_path,
        "who,have,want\na,Python:expert,SQL\n",
        columns={"id": "who", "teaches": "have", "learns": "want"},
    )
    assert (error.row, error.column) == (2, "have")
    assert "whole number 1–5, got 'expert'" in error.message


def test_a_bad_priority_says_the_range(tmp_path: Path) -> None:
    (error,) = errors_for(tmp_path, "id,teaches,learns\na,Python,SQL:4\n")
    assert (error.row, error.column) == (2, "learns")
    assert "priority must be 1–3, got 4" in error.message


def test_a_duplicate_id_names_the_earlier_row(tmp_path: Path) -> None:
    (error,) = errors_for(tmp_path, "id,teaches,learns\nx,Python,SQL\ny,SQL,Python\nx,Go,SQL\n")
    assert (error.row, error.column) == (4, "id")
    assert "already used on row 2" in error.message


def test_an_empty_id_is_refused(tmp_path: Path) -> None:
    (error,) = errors_for(tmp_path, "id,teaches,learns\n,Python,SQL\n")
    assert (error.row, error.column) == (2, "id")


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("capacity", "0", "capacity must be a whole number from 1"),
        ("capacity", "two", "capacity must be a whole number from 1"),
        ("role", "boss", "role must be either, mentor or mentee, got 'boss'"),
        ("timezone", "Mars/Olympus", "unknown timezone 'Mars/Olympus'"),
        ("timezone", "UTC+25", "unknown timezone"),
    ],
)
def test_bad_optional_cells_are_explained(
    tmp_path: Path, column: str, value: str, expected: str
) -> None:
    (error,) = errors_for(tmp_path, f"id,teaches,learns,{column}\na,Python,SQL,{value}\n")
    assert (error.row, error.column) == (2, column)
    assert expected in error.message


def test_it_collects_every_error_rather_than_stopping_at_the_first(tmp_path: Path) -> None:
    errors = errors_for(
        tmp_path,
        "id,teaches,learns,role\na,Python:9,SQL,x\nb,Python,SQL:0,mentor\na,Go,SQL,either\n",
    )
    assert [(e.row, e.column) for e in errors] == [
        (2, "teaches"),
        (2, "role"),
        (3, "learns"),
        (4, "id"),
    ]


def test_it_stops_collecting_at_the_cap(tmp_path: Path) -> None:
    rows = "".join(f"p{i},Python:9,SQL\n" for i in range(MAX_ERRORS + 20))
    path = tmp_path / "people.csv"
    path.write_text("id,teaches,learns\n" + rows, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_people(path)
    assert len(caught.value.errors) == MAX_ERRORS
    assert caught.value.capped


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    (error,) = errors_for(tmp_path, "")
    assert error.row == 0
    assert "the file is empty" in error.message


def test_a_file_with_only_a_header_is_refused(tmp_path: Path) -> None:
    (error,) = errors_for(tmp_path, "id,teaches,learns\n\n")
    assert "header but no people" in error.message


def test_a_missing_required_column_is_named_with_the_columns_that_exist(tmp_path: Path) -> None:
    (error,) = errors_for(tmp_path, "id,have,learns\na,Python,SQL\n")
    assert error.column == "teaches"
    assert "required column 'teaches' is missing" in error.message
    assert "'id', 'have', 'learns'" in error.message
    assert "--column teaches=" in error.message


def test_a_mapping_to_a_column_that_isnt_there_is_named(tmp_path: Path) -> None:
    errors = errors_for(
        tmp_path, "id,have,want\na,Python,SQL\n", columns={"teaches": "has", "learns": "want"}
    )
    assert [(e.row, e.column) for e in errors] == [(1, "has")]
    assert "mapped to teaches" in errors[0].message


def test_a_mapping_of_an_unknown_contract_name_is_refused(tmp_path: Path) -> None:
    errors = errors_for(tmp_path, "id,teaches,learns\na,Python,SQL\n", columns={"skills": "x"})
    assert any("'skills' isn't an input column" in e.message for e in errors)


def test_an_unquoted_separator_inside_a_cell_is_caught(tmp_path: Path) -> None:
    (error,) = errors_for(tmp_path, "id;teaches;learns\na;Python;SQL;Go\n")
    assert (error.row, error.column) == (2, "")
    assert "put quotes around cells" in error.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "id;teaches;learns\na;Python;SQL;Go\n",
            "the row has 4 cells but the header has 3 columns: cell 4 ('Go') is beyond the last "
            "column, 'learns'; put quotes around cells that contain a ';' (e.g. \"Python;SQL\")",
        ),
        (
            "id,teaches,learns,group\na,Linode, now Akamai,SQL,red,,\n",
            "the row has 5 cells but the header has 4 columns: cell 5 ('red') is beyond the last "
            "column, 'group'; put quotes around cells that contain a ',' "
            '(e.g. "Linode, now Akamai")',
        ),
        (
            "id\tteaches\tlearns\na\tPython\tSQL\t\tGo\n",
            "the row has 5 cells but the header has 3 columns: cell 5 ('Go') is beyond the last "
            "column, 'learns'; put quotes around cells that contain a tab",
        ),
    ],
)
def test_a_cell_beyond_the_header_is_named_by_its_place_and_the_last_column(
    tmp_path: Path, text: str, message: str
) -> None:
    (error,) = errors_for(tmp_path, text)
    assert (error.row, error.message) == (2, message)
    assert str(error).startswith("row 2: the row has")

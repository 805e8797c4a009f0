"""Reading people from an Excel workbook: the first sheet, numbers as ids, blank rows kept out."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from twoway.engine.io import InputError, read_people


def workbook(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "People"
    for row in rows:
        sheet.append(row)
    book.create_sheet("Notes").append(["not", "people"])
    book.save(path)
    return path


def test_it_reads_the_first_sheet_of_a_workbook(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "people.xlsx",
        [
            ["Respondent", "Have", "Want", "capacity", "timezone"],
            [101, "Python:4;SQL", "Rust", 2.0, "UTC+5:30"],
            [None, None, None, None, None],
            [102.0, "Rust", "Python:3", None, None],
        ],
    )
    mapping = {"id": "Respondent", "teaches": "Have", "learns": "Want"}
    first, second = read_people(path, columns=mapping).people
    assert (first.id, second.id) == ("101", "102")
    assert first.teaches == {"Python": 4, "SQL": 3}
    assert first.capacity == 2
    assert first.utc_offset_minutes == 330
    assert second.learns == {"Python": 3}


def test_errors_in_a_workbook_carry_the_sheets_row_numbers(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "people.xlsx",
        [["id", "teaches", "learns"], ["a", "Python", "SQL"], [], ["b", "Python:8", "SQL"]],
    )
    with pytest.raises(InputError) as caught:
        read_people(path)
    (error,) = caught.value.errors
    assert (error.row, error.column) == (4, "teaches")


def test_a_broken_workbook_is_refused_plainly(tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(InputError) as caught:
        read_people(path)
    assert "can't be read as an Excel workbook" in caught.value.errors[0].message


def test_an_old_xls_file_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "people.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError) as caught:
        read_people(path)
    assert "save it as .xlsx or CSV" in caught.value.errors[0].message

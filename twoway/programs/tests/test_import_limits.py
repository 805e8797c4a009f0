"""Files too big for one import are refused before they are parsed, with the limit named.

Alice manages a program. A prober uploads, in her name, a small workbook whose sheet inflates to
millions of rows (a zip bomb), a workbook that unzips past the size limit, and sheets with more
rows than an import takes. Each is refused quickly, without the engine's reader ever seeing it.
"""

from __future__ import annotations

import io
import random
import time
import zipfile
from collections.abc import Iterator
from typing import Any
from unittest import mock

import openpyxl
import pytest

from twoway.engine.io.read import read_table
from twoway.programs.imports import ImportFailed, import_check, import_commit
from twoway.programs.tests.helpers import program_for

SHEET = "xl/worksheets/sheet1.xml"
HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
HEADER = b'<row><c t="inlineStr"><is><t>email</t></is></c></row>'
TAIL = b"</sheetData></worksheet>"


def workbook(rows: int) -> bytes:
    """A real workbook: an email header and ``rows`` participants."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["email"])
    for n in range(rows):
        sheet.append([f"person{n}@example.com"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_sheet(parts: Iterator[bytes]) -> bytes:
    """A real workbook whose first sheet's XML is replaced by ``parts``, streamed into the zip."""
    source = zipfile.ZipFile(io.BytesIO(workbook(1)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename != SHEET:
                target.writestr(member, source.read(member))
        with target.open(SHEET, "w", force_zip64=True) as stream:
            for part in parts:
                stream.write(part)
    return out.getvalue()


def bomb_rows(count: int) -> Iterator[bytes]:
    yield HEAD + HEADER
    row = b'<row><c t="inlineStr"><is><t>someone@example.com</t></is></c></row>'
    for _ in range(count // 10_000):
        yield row * 10_000
    yield TAIL


def check(alice: Any, data: bytes, name: str = "people.xlsx") -> Any:
    program = program_for(alice)
    return import_check(user=alice, program=program, filename=name, data=data, mapping={})


@pytest.fixture
def reader() -> Iterator[mock.MagicMock]:
    """The engine's reader, watched: a refused file must never reach it."""
    with mock.patch("twoway.programs.imports.read_table", wraps=read_table) as watched:
        yield watched


def test_a_zip_bomb_is_refused_quickly_without_being_parsed(alice: Any, reader: Any) -> None:
    bomb = with_sheet(bomb_rows(2_000_000))  # ~140 MB of rows, squeezed into a few hundred KB
    assert len(bomb) < 1_000_000

    began = time.perf_counter()
    batch = check(alice, bomb)
    seconds = time.perf_counter() - began

    (error,) = batch.report["errors"]
    assert error["message"].startswith("the workbook unzips to 128 MB, over the limit of 50 MB")
    assert seconds < 2
    reader.assert_not_called()
    with pytest.raises(ImportFailed):
        import_commit(user=alice, program=batch.program, batch_id=batch.pk)


def test_a_sheet_compressed_like_a_zip_bomb_is_refused_for_its_ratio(
    alice: Any, reader: Any
) -> None:
    bomb = with_sheet(bomb_rows(200_000))  # 14 MB, under the size limit, in a few dozen KB

    (error,) = check(alice, bomb).report["errors"]

    assert error["message"].startswith(f"the workbook's part {SHEET} is compressed ")
    assert "over the limit of 100 to 1" in error["message"] and "zip bomb" in error["message"]
    reader.assert_not_called()


def test_a_workbook_that_unzips_past_the_size_limit_is_refused(
    alice: Any, reader: Any, settings: Any
) -> None:
    settings.IMPORT_MAX_UNCOMPRESSED_MB = 1
    rng = random.Random(3)
    rows = (
        f'<row><c t="inlineStr"><is><t>{rng.getrandbits(128):x}@example.com</t></is></c></row>'
        for _ in range(30_000)
    )  # random addresses barely compress: it is the size that is refused, not the ratio
    data = with_sheet(iter([HEAD, HEADER, *(r.encode() for r in rows), TAIL]))

    (error,) = check(alice, data).report["errors"]

    assert error["message"].startswith("the workbook unzips to 3 MB, over the limit of 1 MB")
    reader.assert_not_called()


def test_a_workbook_with_more_rows_than_the_limit_is_refused_before_parsing(
    alice: Any, reader: Any, settings: Any
) -> None:
    settings.IMPORT_MAX_ROWS = 50

    (error,) = check(alice, workbook(51)).report["errors"]
    at_the_limit = check(alice, workbook(50)).report

    assert error["message"] == (
        "the file has more than 50 participant rows, the limit for one import; split it into "
        "smaller files"
    )
    assert at_the_limit["errors"] == [] and at_the_limit["counts"]["invite"] == 50
    assert reader.call_count == 1  # only the workbook within the limit was parsed


def test_a_csv_with_more_rows_than_the_limit_is_refused(alice: Any, settings: Any) -> None:
    settings.IMPORT_MAX_ROWS = 3
    rows = "".join(f"p{n}@example.com\n" for n in range(4))

    (error,) = check(alice, f"email\n{rows}".encode(), "people.csv").report["errors"]

    assert "more than 3 participant rows" in error["message"]

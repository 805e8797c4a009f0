"""A file that isn't a sheet (compressed, archived, binary) is named for what it is, not shown."""

from __future__ import annotations

import bz2
import gzip
import lzma
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from twoway.engine.io import InputError, read_people

SHEET = "id,teaches,learns\na,Python:4,SQL\nb,SQL:5,Python\n"


def refusal_for(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_people(path)
    (error,) = caught.value.errors
    assert error.row == 0 and error.column == ""
    return error.message


def looks_like_plain_text(message: str) -> bool:
    return message.isprintable() and "\ufffd" not in message


@pytest.mark.parametrize(
    ("compress", "kind", "command"),
    [
        (gzip.compress, "gzip", "gunzip"),
        (bz2.compress, "bzip2", "bunzip2"),
        (lzma.compress, "xz", "unxz"),
    ],
)
def test_a_compressed_sheet_is_called_compressed_and_its_bytes_are_not_shown(
    tmp_path: Path, compress: Callable[[bytes], bytes], kind: str, command: str
) -> None:
    path = tmp_path / "people.csv.gz"
    path.write_bytes(compress(SHEET.encode()))
    message = refusal_for(path)
    assert message.startswith(f"this looks like a compressed ({kind}) file; decompress it first")
    assert f"(e.g. {command} people.csv.gz)" in message
    assert looks_like_plain_text(message)


def test_a_gzip_named_like_a_csv_is_recognised_by_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(gzip.compress(SHEET.encode()))
    assert "compressed (gzip)" in refusal_for(path)


def test_a_zip_archive_that_isnt_a_workbook_is_called_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "people.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("people.csv", SHEET)
    message = refusal_for(path)
    assert message.startswith("this looks like a zip archive, not an Excel workbook; unzip it")
    assert looks_like_plain_text(message)


def test_a_binary_file_is_called_binary(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(b"id,teaches,learns\x00\x01\x02\xff\xfe\x00" * 40)
    message = refusal_for(path)
    assert message.startswith("this looks like a binary file, not a CSV or XLSX sheet")
    assert looks_like_plain_text(message)


def test_an_old_office_file_is_called_an_old_workbook_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    assert "old Excel .xls workbook" in refusal_for(path)


def test_utf16_text_with_a_byte_order_mark_is_read_not_called_binary(tmp_path: Path) -> None:
    path = tmp_path / "people.txt"  # Excel's "Unicode Text": UTF-16, tab separated
    path.write_bytes(SHEET.replace(",", "\t").encode("utf-16"))
    people = read_people(path).people
    assert [(p.id, p.teaches) for p in people] == [("a", {"Python": 4}), ("b", {"SQL": 5})]

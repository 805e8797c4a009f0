"""Recognising files that aren't a sheet at all (compressed, archived or binary), so the error says
what the file is and how to get the sheet out of it, instead of showing its bytes as text."""

from __future__ import annotations

import re
import shlex
import zipfile
from pathlib import Path

from twoway.engine.i18n import gettext

# Enough of the start of a file to tell what it is.
HEAD_BYTES = 8192
ZIP_MAGIC = b"PK\x03\x04"
# (the first bytes, the compression, the command that undoes it)
_COMPRESSED = (
    (re.compile(rb"\x1f\x8b"), "gzip", "gunzip"),
    (re.compile(rb"BZh[1-9]1AY&SY"), "bzip2", "bunzip2"),
    (re.compile(rb"\xfd7zXZ\x00"), "xz", "unxz"),
    (re.compile(rb"\x28\xb5\x2f\xfd"), "zstd", "unzstd"),
)
_SEVEN_ZIP = b"7z\xbc\xaf\x27\x1c"
_OLD_OFFICE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def refusal(path: Path, head: bytes) -> str:
    """Why the file starting with ``head`` can't be a people sheet, or "" when it may be one."""
    for magic, compression, command in _COMPRESSED:
        if magic.match(head):
            how = f"{command} {shlex.quote(path.name)}"
            return gettext(
                "this looks like a compressed (%(kind)s) file; decompress it first (e.g. %(how)s) "
                "and give the CSV or .xlsx file inside"
            ) % {"kind": compression, "how": how}
    if head.startswith(_SEVEN_ZIP):
        return gettext(
            "this looks like a 7-Zip archive; extract it first and give the CSV or .xlsx file "
            "inside"
        )
    if head.startswith(_OLD_OFFICE):
        return gettext(
            "this looks like an old Excel .xls workbook (or another old Office file); save it "
            "as .xlsx or CSV (UTF-8)"
        )
    if head.startswith(ZIP_MAGIC):
        return _zip_refusal(path)
    if b"\x00" in head and not head.startswith(UTF16_BOMS):
        return gettext(
            "this looks like a binary file, not a CSV or XLSX sheet; save it as .xlsx or CSV "
            "(UTF-8)"
        )
    return ""


def _zip_refusal(path: Path) -> str:
    """An .xlsx is a zip holding xl/workbook.xml; say what any other zip is."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError):
        return ""  # a damaged workbook: openpyxl's own message says more
    if "xl/workbook.xml" in names:
        return ""
    if "xl/workbook.bin" in names:
        return gettext("this is an Excel binary workbook (.xlsb); save it as .xlsx or CSV (UTF-8)")
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return gettext("this is an OpenDocument file (.ods); save it as .xlsx or CSV (UTF-8)")
    return gettext(
        "this looks like a zip archive, not an Excel workbook; unzip it first and give the CSV "
        "or .xlsx file inside"
    )

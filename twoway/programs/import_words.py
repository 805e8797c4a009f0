"""An import report's problems, warnings and notes in the reader's language.

A report is stored as it was found (``ImportBatch.report``, in English): the dry run happens in
the manager's request, but the worker checks the file again and rewrites it, and the engine's
readers (Django-free, their command line speaks English) word many of the problems. So the
report is said again when it is shown, on the page and in the API: each stored sentence is
recognised by its shape and rebuilt as one whole translatable sentence, its data (the sheet's
own column names, cell values, row numbers) kept as they were. A sentence not recognised is
shown as stored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Our own column names (the sheet's are data): as the mapping form and the messages say them.
COLUMN_NAMES: dict[str, Promise] = {
    "email": pgettext_lazy("import column", "email"),
    "name": pgettext_lazy("import column", "name"),
    "role": pgettext_lazy("import column", "role"),
    "team": pgettext_lazy("import column", "team"),
    "capacity": pgettext_lazy("import column", "capacity"),
    "teaches": pgettext_lazy("import column", "teaches"),
    "learns": pgettext_lazy("import column", "learns"),
}

_VALUE = r"(?P<value>.+)"
_HOW_LEVEL = r"write it as skill:level, e\.g\. Python:(?P<default>\d+)"
_HOW_PRIORITY = r"write it as skill:priority, e\.g\. Python:(?P<default>\d+)"
_SAVE_AS = r"save it as \.xlsx or CSV \(UTF-8\)"
_TAKE_OUT = r"and give the CSV or \.xlsx file inside"

# (the English sentence's shape, the sentence in the reader's language). The named groups are
# data, passed into the translation as they were.
SENTENCES: list[tuple[str, Promise]] = [
    (
        r"there is no column (?P<title>.+) for (?P<name>\w+); the file has (?P<shown>.*)\. "
        r"Pick the right column in the mapping\.",
        _(
            "there is no column %(title)s for %(name)s; the file has %(shown)s. Pick the right "
            "column in the mapping."
        ),
    ),
    (
        r"(?P<name>\w+) is read from one column, so it can't join (?P<text>.+); only teaches "
        r"and learns can join several columns",
        _(
            "%(name)s is read from one column, so it can't join %(text)s; only teaches and "
            "learns can join several columns"
        ),
    ),
    (r"name the column to read (?P<name>\w+) from", _("name the column to read %(name)s from")),
    (
        r"the email is empty; every participant needs one",
        _("the email is empty; every participant needs one"),
    ),
    (rf"{_VALUE} is not an email address", _("%(value)s is not an email address")),
    (
        r"(?P<value>.+) is already on row (?P<row>\d+); remove one",
        _("%(value)s is already on row %(row)s; remove one"),
    ),
    (
        r"the name is longer than 80 characters; shorten it",
        _("the name is longer than 80 characters; shorten it"),
    ),
    (
        r"the team is longer than 80 characters; shorten it",
        _("the team is longer than 80 characters; shorten it"),
    ),
    (
        r"capacity must be a whole number (?:from )?1(?:–| to )(?P<high>\d+), got " + _VALUE,
        _("capacity must be a whole number from 1 to %(high)s, got %(value)s"),
    ),
    (
        rf"role must be either, mentor or mentee, got {_VALUE}",
        _("role must be either, mentor or mentee, got %(value)s"),
    ),
    (
        r"the skill (?P<skill>.+)… is over (?P<high>\d+) characters; shorten it",
        _("the skill %(skill)s… is over %(high)s characters; shorten it"),
    ),
    (
        rf"(?P<shown>.+) has a level but no skill name; {_HOW_LEVEL}",
        _(
            "%(shown)s has a level but no skill name; write it as skill:level, e.g. "
            "Python:%(default)s"
        ),
    ),
    (
        rf"(?P<shown>.+) has a priority but no skill name; {_HOW_PRIORITY}",
        _(
            "%(shown)s has a priority but no skill name; write it as skill:priority, e.g. "
            "Python:%(default)s"
        ),
    ),
    (
        r"level must be a whole number (?P<low>\d+)–(?P<high>\d+), got (?P<value>.+) in "
        rf"(?P<shown>.+); {_HOW_LEVEL}",
        _(
            "level must be a whole number %(low)s–%(high)s, got %(value)s in %(shown)s; write it "
            "as skill:level, e.g. Python:%(default)s"
        ),
    ),
    (
        r"priority must be a whole number (?P<low>\d+)–(?P<high>\d+), got (?P<value>.+) in "
        rf"(?P<shown>.+); {_HOW_PRIORITY}",
        _(
            "priority must be a whole number %(low)s–%(high)s, got %(value)s in %(shown)s; write "
            "it as skill:priority, e.g. Python:%(default)s"
        ),
    ),
    (
        r"level must be (?P<low>\d+)–(?P<high>\d+), got (?P<value>-?\d+) in (?P<shown>.+); "
        rf"{_HOW_LEVEL}",
        _(
            "level must be %(low)s–%(high)s, got %(value)s in %(shown)s; write it as "
            "skill:level, e.g. Python:%(default)s"
        ),
    ),
    (
        r"priority must be (?P<low>\d+)–(?P<high>\d+), got (?P<value>-?\d+) in (?P<shown>.+); "
        rf"{_HOW_PRIORITY}",
        _(
            "priority must be %(low)s–%(high)s, got %(value)s in %(shown)s; write it as "
            "skill:priority, e.g. Python:%(default)s"
        ),
    ),
    (
        r"the file has more than (?P<cap>[\d,]+) participant rows, the limit for one import; "
        r"split it into smaller files",
        _(
            "the file has more than %(cap)s participant rows, the limit for one import; split it "
            "into smaller files"
        ),
    ),
    (
        r"the workbook unzips to (?P<size>[\d,]+) MB, over the limit of (?P<cap>\d+) MB for one "
        r"import; save the sheet as CSV or split it",
        _(
            "the workbook unzips to %(size)s MB, over the limit of %(cap)s MB for one import; "
            "save the sheet as CSV or split it"
        ),
    ),
    (
        r"the workbook's part (?P<part>.+) is compressed (?P<ratio>[\d,]+) to 1, over the limit "
        r"of (?P<cap>\d+) to 1 \(a spreadsheet never is: this looks like a zip bomb\); save the "
        r"sheet again as \.xlsx or CSV",
        _(
            "the workbook's part %(part)s is compressed %(ratio)s to 1, over the limit of "
            "%(cap)s to 1 (a spreadsheet never is: this looks like a zip bomb); save the sheet "
            "again as .xlsx or CSV"
        ),
    ),
    (r"the file is over 5 MB; split it", _("the file is over 5 MB; split it")),
    (r"the file has no participants", _("the file has no participants")),
    (
        r"the file has a header but no people; add one row per person below the header",
        _("the file has a header but no people; add one row per person below the header"),
    ),
    (
        r"the file is empty; it needs a header row \(id, teaches, learns\) and a row per person",
        _("the file is empty; it needs a header row and a row per person"),
    ),
    (
        rf"this is an old Excel \.xls file; {_SAVE_AS}",
        _("this is an old Excel .xls file; save it as .xlsx or CSV (UTF-8)"),
    ),
    (
        rf"this looks like an old Excel \.xls workbook \(or another old Office file\); {_SAVE_AS}",
        _(
            "this looks like an old Excel .xls workbook (or another old Office file); save it as "
            ".xlsx or CSV (UTF-8)"
        ),
    ),
    (
        rf"this is an Excel binary workbook \(\.xlsb\); {_SAVE_AS}",
        _("this is an Excel binary workbook (.xlsb); save it as .xlsx or CSV (UTF-8)"),
    ),
    (
        rf"this is an OpenDocument file \(\.ods\); {_SAVE_AS}",
        _("this is an OpenDocument file (.ods); save it as .xlsx or CSV (UTF-8)"),
    ),
    (
        rf"this looks like a binary file, not a CSV or XLSX sheet; {_SAVE_AS}",
        _(
            "this looks like a binary file, not a CSV or XLSX sheet; save it as .xlsx or CSV "
            "(UTF-8)"
        ),
    ),
    (
        rf"this looks like a zip archive, not an Excel workbook; unzip it first {_TAKE_OUT}",
        _(
            "this looks like a zip archive, not an Excel workbook; unzip it first and give the "
            "CSV or .xlsx file inside"
        ),
    ),
    (
        rf"this looks like a 7-Zip archive; extract it first {_TAKE_OUT}",
        _(
            "this looks like a 7-Zip archive; extract it first and give the CSV or .xlsx file "
            "inside"
        ),
    ),
    (
        rf"this looks like a compressed \((?P<kind>\w+)\) file; decompress it first "
        rf"\(e\.g\. (?P<how>.+)\) {_TAKE_OUT}",
        _(
            "this looks like a compressed (%(kind)s) file; decompress it first (e.g. %(how)s) and "
            "give the CSV or .xlsx file inside"
        ),
    ),
    (r"this CSV can't be read \((?P<why>.*)\)", _("this CSV can't be read (%(why)s)")),
    (
        r"this file can't be read as an Excel workbook \((?P<why>.*)\); save it as \.xlsx or CSV",
        _("this file can't be read as an Excel workbook (%(why)s); save it as .xlsx or CSV"),
    ),
    # Warnings
    (r"Ignored columns: (?P<columns>.*)", _("Ignored columns: %(columns)s")),
    (
        r"The file isn't UTF-8, so it was read as Windows-1252\. If names look wrong, save it "
        r"as 'CSV UTF-8' and run again\.",
        _(
            "The file isn't UTF-8, so it was read as Windows-1252. If names look wrong, save it "
            "as “CSV UTF-8” and upload it again."
        ),
    ),
    # What happens to a row
    (r"already in this program", _("already in this program")),
    (r"already invited", _("already invited")),
    (r"invited by email: joins by accepting", _("invited by email: joins by accepting")),
    # Why an import stopped (ImportBatch.error)
    (
        r"The import stopped \((?P<why>.*)\); nothing was imported\. Try again\.",
        _("The import stopped (%(why)s); nothing was imported. Try again."),
    ),
    (
        r"The file has problems now; nothing was imported\.",
        _("The file has problems now; nothing was imported."),
    ),
]
_COMPILED = [(re.compile(shape, re.DOTALL), said) for shape, said in SENTENCES]


def column_name(name: str) -> str:
    """One of our columns (``email``, ``teaches``…) in the reader's language."""
    return str(COLUMN_NAMES.get(name, name))


def said(text: str) -> str:
    """A stored report sentence in the reader's language (as stored when not recognised)."""
    if not text:
        return text
    body, end = (text[:-1], ".") if text.endswith(".") else (text, "")
    for candidate, tail in ((text, ""), (body, end)):
        for shape, sentence in _COMPILED:
            found = shape.fullmatch(candidate)
            if found:
                values = found.groupdict()
                if "name" in values:
                    values["name"] = column_name(values["name"])
                return str(sentence) % values + tail
    return text


def as_sentence(text: str) -> str:
    """A report problem said as a sentence of its own (a form error): capital and full stop."""
    words = said(text)
    return capfirst(words) + ("" if words.endswith(".") else ".")


def report_said(report: Mapping[str, Any]) -> dict[str, Any]:
    """A stored report with its problems, warnings and row notes in the reader's language."""
    if not report:
        return dict(report)
    shown = dict(report)
    # A report holds up to IMPORT_MAX_ROWS rows whose notes repeat a few sentences: each is
    # matched against the shapes once.
    known: dict[str, str] = {}

    def words(text: str) -> str:
        if text not in known:
            known[text] = said(text)
        return known[text]

    shown["errors"] = [
        {**e, "message": words(e.get("message", ""))} for e in report.get("errors") or []
    ]
    shown["warnings"] = [words(w) for w in report.get("warnings") or []]
    shown["rows"] = [{**r, "note": words(r.get("note", ""))} for r in report.get("rows") or []]
    return shown

"""Reading people from a CSV or XLSX file into :class:`~twoway.engine.model.Person` records."""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from twoway.engine.i18n import gettext, gettext_noop, ngettext
from twoway.engine.io import sniff
from twoway.engine.io.cells import (
    LEVELS,
    PRIORITIES,
    SkillListParser,
    fold,
    parse_capacity,
    parse_languages,
    parse_role,
    parse_timezone,
)
from twoway.engine.io.spelling import Speller
from twoway.engine.model import MAX_LEVEL, Person
from twoway.engine.skills import Catalogue, Resolution, default_catalogue

CONTRACT_COLUMNS = (
    "id", "name", "email", "teaches", "learns", "capacity", "role", "group", "timezone", "languages"
)  # fmt: skip
REQUIRED_COLUMNS = ("id", "teaches", "learns")
# Columns holding a list, which a mapping may read from several of the sheet's columns.
LIST_COLUMNS = ("teaches", "learns", "languages")
MAX_ERRORS = 50
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class CellError:
    """One problem in the input. ``row`` 0 means the whole file; the header is row 1."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row and self.column:
            where = gettext("row %(row)s, column %(column)r: %(problem)s")
        elif self.row:
            where = gettext("row %(row)s: %(problem)s")
        elif self.column:
            where = gettext("column %(column)r: %(problem)s")
        else:
            return self.message
        return where % {"row": self.row, "column": self.column, "problem": self.message}


class InputError(Exception):
    """The input can't be used as it is; ``errors`` lists every problem found (up to a cap)."""

    def __init__(self, errors: Sequence[CellError], *, capped: bool = False) -> None:
        self.errors = list(errors)
        self.capped = capped
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass(slots=True)
class PeopleFile:
    """What a people file held: the people, their emails (not part of :class:`Person`) and any
    warnings worth showing (ignored columns, unknown skills with a close catalogue spelling)."""

    people: list[Person]
    emails: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Table:
    header: list[str]
    header_row: int
    # (spreadsheet row number, cells); blank rows are already left out.
    rows: list[tuple[int, list[str]]]
    warnings: list[str] = field(default_factory=list)
    # The CSV's separator; "" for a workbook.
    delimiter: str = ""


class _Errors:
    """Collects cell errors and stops the parse once there are too many to be useful."""

    def __init__(self, cap: int = MAX_ERRORS) -> None:
        self.items: list[CellError] = []
        self.cap = cap

    def add(self, row: int, column: str, message: str) -> None:
        self.items.append(CellError(row, column, message))

    @property
    def full(self) -> bool:
        return len(self.items) >= self.cap

    def raise_if_any(self) -> None:
        if self.items:
            raise InputError(self.items[: self.cap], capped=len(self.items) >= self.cap)


# --- Reading tables ------------------------------------------------------------------------------


def read_table(path: Path) -> _Table:
    """Read the first sheet of an XLSX file, or a CSV file, into a header and non-blank rows."""
    with path.open("rb") as handle:
        start = handle.read(sniff.HEAD_BYTES)
    if path.suffix.lower() == ".xls":
        raise InputError(
            [
                CellError(
                    0,
                    "",
                    gettext("this is an old Excel .xls file; save it as .xlsx or CSV (UTF-8)"),
                )
            ]
        )
    refusal = sniff.refusal(path, start)
    if refusal:
        raise InputError([CellError(0, "", refusal)])
    if start.startswith(sniff.ZIP_MAGIC) or path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _read_xlsx(path)
    return _read_csv(path.read_bytes())


def _decode(data: bytes) -> tuple[str, list[str]]:
    if data.startswith(sniff.UTF16_BOMS):  # Excel's "Unicode Text"
        return data.decode("utf-16", errors="replace"), []
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        note = gettext(
            "The file isn't UTF-8, so it was read as Windows-1252. If names look wrong, "
            "save it as 'CSV UTF-8' and run again."
        )
        return data.decode("cp1252", errors="replace"), [note]


def _sniff_delimiter(text: str) -> tuple[str, str]:
    """Pick the delimiter from the header line, which (unlike skill cells) rarely holds one."""
    first, _, rest = text.partition("\n")
    first = first.rstrip("\r")
    if first.casefold().startswith("sep=") and len(first) == 5:
        return first[4], rest  # Excel's "sep=;" hint line, which Excel itself hides
    counts = {d: _count_outside_quotes(first, d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return (best if counts[best] else ","), text


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for c in line:
        if c == '"':
            quoted = not quoted
        elif c == char and not quoted:
            count += 1
    return count


def _read_csv(data: bytes) -> _Table:
    text, warnings = _decode(data)
    delimiter, body = _sniff_delimiter(text)
    records = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    try:
        return _table(([c.strip() for c in r] for r in records), warnings, delimiter)
    except csv.Error as exc:
        message = gettext("this CSV can't be read (%(problem)s)") % {"problem": exc}
        raise InputError([CellError(0, "", message)]) from exc


def _read_xlsx(path: Path) -> _Table:
    import openpyxl  # imported here: CSV runs shouldn't pay for it

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        message = gettext(
            "this file can't be read as an Excel workbook (%(problem)s); save it as .xlsx or CSV"
        ) % {"problem": exc}
        raise InputError([CellError(0, "", message)]) from exc
    try:
        sheet = workbook.worksheets[0]
        cells = sheet.iter_rows(values_only=True)
        return _table(([_cell_text(v) for v in row] for row in cells), [])
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(records: Iterable[list[str]], warnings: list[str], delimiter: str = "") -> _Table:
    header: list[str] | None = None
    header_row = 0
    rows: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(records, start=1):
        if not any(cells):
            continue
        if header is None:
            header, header_row = cells, number
        else:
            rows.append((number, cells))
    if header is None:
        message = gettext(
            "the file is empty; it needs a header row (id, teaches, learns) and a row per person"
        )
        raise InputError([CellError(0, "", message)])
    return _Table(header, header_row, rows, warnings, delimiter)


# --- Columns ----------------------------------------------------------------------------------


def split_columns(contract: str, text: str, lists: Collection[str] = LIST_COLUMNS) -> list[str]:
    """The sheet columns one mapping names: ``"A, B"`` → ``["A", "B"]``.

    Only a list column (``lists``: teaches, learns, languages) may name several, whose cells are
    then read as one list; for any other a comma list raises ValueError saying so.
    """
    names = [part.strip() for part in text.split(",") if part.strip()]
    if len(names) > 1 and contract not in lists:
        raise ValueError(
            gettext(
                "%(contract)s is read from one column, so it can't join %(columns)r; only "
                "%(lists)s can join several columns"
            )
            % {"contract": contract, "columns": text.strip(), "lists": _spoken(lists)}
        )
    if not names:
        raise ValueError(
            gettext("name the column to read %(contract)s from") % {"contract": contract}
        )
    return names


def header_positions(header: Sequence[str]) -> dict[str, int]:
    """Each folded column title's first index, for finding columns ignoring case and spaces."""
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        positions.setdefault(fold(title), index)
    return positions


def resolve_columns(
    header: Sequence[str], mapping: Mapping[str, str], errors: _Errors, header_row: int = 1
) -> tuple[dict[str, tuple[int, ...]], list[str]]:
    """Find each contract column in the header: {contract name: indexes}, plus ignored columns.

    A list column (teaches, learns, languages) may be mapped to several of the sheet's columns
    (``{"teaches": "HaveWorkedLanguage,HaveWorkedFramework"}``); every missing one is named.
    """
    for name in mapping:
        if name not in CONTRACT_COLUMNS:
            choices = ", ".join(CONTRACT_COLUMNS)
            message = gettext("%(name)r isn't an input column; map one of %(choices)s")
            errors.add(0, "", message % {"name": name, "choices": choices})
    positions = header_positions(header)
    shown = ", ".join(repr(h) for h in header if h)
    found: dict[str, tuple[int, ...]] = {}
    for name in CONTRACT_COLUMNS:
        wanted = _wanted(name, mapping, errors)
        if not wanted:
            continue
        missing = [w for w in wanted if fold(w) not in positions]
        if not missing:
            found[name] = tuple(dict.fromkeys(positions[fold(w)] for w in wanted))
        elif name in mapping:
            for title in missing:
                message = gettext(
                    "there is no column %(title)r (mapped to %(name)s); the file has %(shown)s"
                ) % {"title": title, "name": name, "shown": shown}
                errors.add(header_row, title, message)
        elif name in REQUIRED_COLUMNS:
            message = gettext(
                "the required column %(name)r is missing; the file has %(shown)s. "
                "Rename a column to %(name)r or map one to it (--column %(name)s=COLUMN)"
            ) % {"name": name, "shown": shown}
            errors.add(header_row, name, message)
    used = {index for indexes in found.values() for index in indexes}
    ignored = [h for i, h in enumerate(header) if h and i not in used]
    return found, ignored


def column_texts(
    header: Sequence[str], indexes: Iterable[int], cells: Sequence[str]
) -> list[tuple[str, str]]:
    """(sheet column, text) of a row's cells in the columns at ``indexes``, empty ones left out:
    what :meth:`SkillListParser.join` reads as one list."""
    texts = []
    for index in indexes:  # a plain loop: on Python 3.11 a comprehension costs a call per row
        if index < len(cells) and cells[index]:
            texts.append((header[index], cells[index]))
    return texts


def _wanted(name: str, mapping: Mapping[str, str], errors: _Errors) -> list[str]:
    if name not in mapping:
        return [name]
    try:
        return split_columns(name, mapping[name])
    except ValueError as exc:
        errors.add(0, "", str(exc))
        return []


def _spoken(names: Collection[str]) -> str:
    """``["a", "b", "c"]`` → ``"a, b and c"``."""
    *rest, last = names
    if not rest:
        return last
    return gettext("%(first)s and %(last)s") % {"first": ", ".join(rest), "last": last}


# --- People -----------------------------------------------------------------------------------


def read_people(
    path: Path,
    *,
    columns: Mapping[str, str] | None = None,
    default_capacity: int = 1,
    catalogue: Catalogue | None = None,
) -> PeopleFile:
    """Read people from a CSV or XLSX file, raising :class:`InputError` listing every problem.

    ``columns`` maps contract names to the sheet's own (``{"teaches": "have"}``).
    """
    table = read_table(path)
    return people_from_table(
        table,
        columns=columns or {},
        default_capacity=default_capacity,
        catalogue=catalogue or default_catalogue(),
    )


def people_from_table(
    table: _Table, *, columns: Mapping[str, str], default_capacity: int, catalogue: Catalogue
) -> PeopleFile:
    """Turn a read table into people; see :func:`read_people`."""
    errors = _Errors()
    found, ignored = resolve_columns(table.header, columns, errors, table.header_row)
    errors.raise_if_any()
    if not table.rows:
        message = gettext(
            "the file has a header but no people; add one row per person below the header"
        )
        raise InputError([CellError(0, "", message)])
    reader = _RowReader(table, found, errors, default_capacity, catalogue)
    result = PeopleFile(people=[], warnings=list(table.warnings))
    for number, cells in table.rows:
        person, email = reader.person(number, cells)
        if person is not None:
            result.people.append(person)
            if email:
                result.emails[person.id] = email
        if errors.full:
            break
    errors.raise_if_any()
    if ignored:
        result.warnings.append(
            gettext("Ignored columns (not part of the input): %(columns)s")
            % {"columns": ", ".join(ignored)}
        )
    result.warnings.extend(_skill_warnings(reader.speller.resolved.values()))
    result.warnings.extend(_colon_warning(reader.speller))
    result.warnings.extend(_overlap_warning(result.people))
    return result


class _RowReader:
    """Reads one row at a time, remembering ids seen so a duplicate can name the earlier row."""

    def __init__(
        self,
        table: _Table,
        found: dict[str, tuple[int, ...]],
        errors: _Errors,
        default_capacity: int,
        catalogue: Catalogue,
    ) -> None:
        self.header, self.delimiter = table.header, table.delimiter
        self.found, self.errors = found, errors
        self.default_capacity = default_capacity
        self.seen: dict[str, int] = {}
        self.speller = Speller(catalogue)
        self.levels = SkillListParser(LEVELS, self.speller.canonical)
        self.priorities = SkillListParser(PRIORITIES, self.speller.canonical)

    def cell(self, cells: list[str], name: str) -> str:
        """The cell of a single-value column ("" when the column or the cell is absent)."""
        indexes = self.found.get(name)
        if not indexes:
            return ""
        return cells[indexes[0]] if indexes[0] < len(cells) else ""

    def joined(self, cells: list[str], name: str) -> str:
        """A list column's cells joined by ``;`` (with one column, its cell as it is)."""
        indexes = self.found.get(name, ())
        if len(indexes) == 1:
            return self.cell(cells, name)
        return ";".join(text for _, text in column_texts(self.header, indexes, cells))

    def check(self, row: int, name: str, parsed: tuple[_T, str]) -> _T:
        value, message = parsed
        if message:
            self.errors.add(row, self.header[self.found[name][0]], message)
        return value

    def person(self, row: int, cells: list[str]) -> tuple[Person | None, str]:
        """The row's person, or None when the row has errors (recorded); and the row's email."""
        before = len(self.errors.items)
        self._check_width(row, cells)
        person_id = self._id(row, cells)
        teaches = self._skills(row, cells, "teaches", self.levels)
        learns = self._skills(row, cells, "learns", self.priorities)
        capacity = self.check(
            row, "capacity", parse_capacity(self.cell(cells, "capacity"), self.default_capacity)
        )
        role = self.check(row, "role", parse_role(self.cell(cells, "role")))
        offset = self.check(row, "timezone", parse_timezone(self.cell(cells, "timezone")))
        if len(self.errors.items) > before:
            return None, ""
        person = Person(
            id=person_id,
            teaches=teaches,
            learns=_drop_unlearnable(teaches, learns),
            name=" ".join(self.cell(cells, "name").split()),
            capacity=capacity,
            role=role,
            group=self.cell(cells, "group"),
            utc_offset_minutes=offset,
            languages=parse_languages(self.joined(cells, "languages")),
        )
        return person, self.cell(cells, "email")

    def _check_width(self, row: int, cells: list[str]) -> None:
        # More cells than the header means an unquoted separator inside a cell, which shifts every
        # later cell; guessing would silently scramble the row.
        if len(cells) > len(self.header) and any(cells[len(self.header) :]):
            self.errors.add(row, "", _beyond_header(self.header, cells, self.delimiter))

    def _id(self, row: int, cells: list[str]) -> str:
        person_id = self.cell(cells, "id")
        message = ""
        if not person_id:
            message = gettext("the id is empty; give every person a unique id")
        elif person_id in self.seen:
            earlier = self.seen[person_id]
            message = gettext("id %(id)r is already used on row %(row)s; ids must be unique") % {
                "id": person_id,
                "row": earlier,
            }
        else:
            self.seen[person_id] = row
        return self.check(row, "id", (person_id, message))

    def _skills(
        self, row: int, cells: list[str], name: str, parse: SkillListParser
    ) -> dict[str, int]:
        skills, problems = parse.join(column_texts(self.header, self.found.get(name, ()), cells))
        for column, message in problems:
            self.errors.add(row, column, message)
        return skills


_SEPARATORS = {
    ";": gettext_noop("a ';' (e.g. \"Python;SQL\")"),
    ",": gettext_noop("a ',' (e.g. \"Linode, now Akamai\")"),
    "\t": gettext_noop("a tab"),
}


def _beyond_header(header: Sequence[str], cells: Sequence[str], delimiter: str) -> str:
    """Which cell lies beyond the header's last column, and how to fix the row."""
    width = len(header)
    first = next(i for i in range(width, len(cells)) if cells[i])
    used = max(i for i in range(width, len(cells)) if cells[i]) + 1
    text = cells[first] if len(cells[first]) <= 40 else cells[first][:40] + "…"
    last = repr(header[-1]) if header[-1] else gettext("number %(n)s") % {"n": width}
    figures = {"used": used, "width": width, "cell": first + 1, "text": text, "last": last}
    if not delimiter:
        return (
            gettext(
                "the row has %(used)s cells but the header has %(width)s columns: cell %(cell)s "
                "(%(text)r) is beyond the last column, %(last)s; give that column a title in the "
                "header row, or clear the cell"
            )
            % figures
        )
    known = _SEPARATORS.get(delimiter)
    separator = gettext(known) if known else repr(delimiter)
    return gettext(
        "the row has %(used)s cells but the header has %(width)s columns: cell %(cell)s "
        "(%(text)r) is beyond the last column, %(last)s; put quotes around cells that contain "
        "%(separator)s"
    ) % {**figures, "separator": separator}


def _drop_unlearnable(teaches: Mapping[str, int], learns: dict[str, int]) -> dict[str, int]:
    # Nobody teaches above the top level, so wanting a skill one already has at the top is
    # "keep using", not learning. Lower levels stay: a stronger partner can still teach them.
    return {s: p for s, p in learns.items() if teaches.get(s, 0) < MAX_LEVEL}


def _overlap_warning(people: Sequence[Person]) -> list[str]:
    overlapping = sum(1 for p in people if any(s in p.teaches for s in p.learns))
    if not overlapping:
        return []
    message = ngettext(
        "%(count)s of %(people)s people want skills they already teach; those count as "
        "learning only from a partner with a higher level in them.",
        "%(count)s of %(people)s people want skills they already teach; those count as "
        "learning only from a partner with a higher level in them.",
        overlapping,
    )
    return [message % {"count": overlapping, "people": len(people)}]


def _skill_warnings(resolutions: Collection[Resolution], shown: int = 12) -> list[str]:
    unknown = sorted({r.name for r in resolutions if not r.known}, key=str.casefold)
    close = sorted({(r.name, r.suggestion) for r in resolutions if not r.known and r.suggestion})
    warnings = []
    if unknown:
        message = ngettext(
            "%(count)s skill isn't in the catalogue, so it meets only the same spelling: %(names)s",
            "%(count)s skills aren't in the catalogue, so they meet only the same spelling: "
            "%(names)s",
            len(unknown),
        )
        warnings.append(message % {"count": len(unknown), "names": _listed(unknown, shown)})
    if close:
        guess = gettext("%(name)s (did you mean %(hint)s?)")
        listed = ", ".join(guess % {"name": name, "hint": hint} for name, hint in close[:shown])
        warnings.append(gettext("Possible misspellings: %(names)s") % {"names": listed})
    return warnings


def _colon_warning(speller: Speller, shown: int = 12) -> list[str]:
    # "C++:x" or "Python:4/5" is read whole, as the colon rule says, but a known skill before the
    # colon suggests a level was meant; "lang:Python" (a prefix) needs no note.
    unknown = {r.name for r in speller.resolved.values() if not r.known and ":" in r.name}
    known_before = (n for n in unknown if speller.index.resolve(n.rpartition(":")[0]).known)
    names = sorted(known_before, key=str.casefold)
    if not names:
        return []
    message = gettext(
        "Read as skill names, colon and all, since only a number after the last colon is a "
        "level: %(names)s. To give a level, write a whole number (e.g. Python:4)."
    )
    return [message % {"names": _listed(names, shown)}]


def _listed(names: Sequence[str], shown: int) -> str:
    return ", ".join(names[:shown]) + (", …" if len(names) > shown else "")

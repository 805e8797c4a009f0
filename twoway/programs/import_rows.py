"""Checking an imported sheet's columns and rows: which column holds what, and each row's
problems (named by spreadsheet row and the sheet's own column name) or clean values.

Skill lists are parsed and joined by the engine's parser: teaches and learns may each be mapped to
several columns (``"HaveWorkedLanguage, HaveWorkedFramework"``), whose cells are read as one list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from twoway.engine.io.cells import (
    LEVELS,
    PRIORITIES,
    SkillListParser,
    fold,
    parse_capacity,
    parse_role,
)
from twoway.engine.io.read import column_texts, header_positions, split_columns
from twoway.engine.skills import key
from twoway.people.models import MAX_CAPACITY, SKILL_NAME_MAX_LENGTH
from twoway.programs.models import Program
from twoway.programs.services import email_looks_valid

COLUMNS = ("email", "name", "role", "team", "capacity", "teaches", "learns")
# Columns holding a skill list: each may be mapped to several of the sheet's columns.
SKILL_COLUMNS = ("teaches", "learns")
# Column titles real sheets use, tried when the manager maps nothing.
ALIASES: dict[str, tuple[str, ...]] = {
    "email": ("email", "e-mail", "email address", "work email", "mail"),
    "name": ("name", "full name", "display name", "participant"),
    "role": ("role", "programme role", "program role"),
    "team": ("team", "group", "department", "dept"),
    "capacity": ("capacity", "partners", "max partners"),
    "teaches": ("teaches", "can teach", "skills to teach"),
    "learns": ("learns", "wants to learn", "skills to learn"),
}


@dataclass
class Report:
    """A dry run's findings. ``rows`` say what would happen to each good row."""

    errors: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row["action"] == action)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["counts"] = {a: self.count(a) for a in ("invite", "already")}
        data["counts"]["errors"] = len(self.errors)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        return cls(
            errors=list(data.get("errors") or []),
            rows=list(data.get("rows") or []),
            warnings=list(data.get("warnings") or []),
            columns=dict(data.get("columns") or {}),
        )

    def refuse(self, message: str) -> Report:
        self.errors.append({"row": 0, "column": "", "message": message})
        return self


def find_columns(
    header: list[str], mapping: Mapping[str, str], report: Report
) -> dict[str, tuple[int, ...]]:
    positions = header_positions(header)
    found: dict[str, tuple[int, ...]] = {}
    for name in COLUMNS:
        wanted = (mapping.get(name) or "").strip()
        if wanted:
            indexes = _mapped(name, wanted, header, positions, report)
        else:
            indexes = _usual(name, header, positions, report)
        if indexes:
            found[name] = indexes
            report.columns[name] = ", ".join(header[i] for i in indexes)
    used = {index for indexes in found.values() for index in indexes}
    ignored = [h for i, h in enumerate(header) if h and i not in used]
    if ignored:
        report.warnings.append(f"Ignored columns: {', '.join(ignored)}")
    return found


def _mapped(
    name: str, wanted: str, header: list[str], positions: dict[str, int], report: Report
) -> tuple[int, ...]:
    """The columns a manager mapped to ``name``; each one missing from the file is an error."""
    try:
        titles = split_columns(name, wanted, SKILL_COLUMNS)
    except ValueError as exc:
        report.errors.append({"row": 0, "column": "", "message": f"{exc}."})
        return ()
    missing = [t for t in titles if fold(t) not in positions]
    for title in missing:
        _no_column(header, name, title, report)
    return () if missing else tuple(dict.fromkeys(positions[fold(t)] for t in titles))


def _usual(
    name: str, header: list[str], positions: dict[str, int], report: Report
) -> tuple[int, ...]:
    """The column with one of the usual titles for ``name``; only email can't be left out."""
    at = next((positions[fold(t)] for t in ALIASES[name] if fold(t) in positions), None)
    if at is None and name == "email":
        _no_column(header, name, name, report)
    return () if at is None else (at,)


def _no_column(header: list[str], name: str, title: str, report: Report) -> None:
    shown = ", ".join(repr(h) for h in header if h)
    message = (
        f"there is no column {title!r} for {name}; the file has {shown}. "
        "Pick the right column in the mapping."
    )
    report.errors.append({"row": 1, "column": title, "message": message})


class RowChecker:
    """Checks one row at a time, remembering emails seen so a duplicate names the earlier row."""

    def __init__(
        self,
        header: list[str],
        found: dict[str, tuple[int, ...]],
        program: Program,
        report: Report,
    ) -> None:
        self.header, self.found, self.program, self.report = header, found, program, report
        self.seen: dict[str, int] = {}
        self.levels, self.priorities = SkillListParser(LEVELS), SkillListParser(PRIORITIES)

    def cell(self, cells: list[str], name: str) -> str:
        index = self.found[name][0] if name in self.found else None
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def error(self, row: int, name: str, message: str) -> None:
        column = self.header[self.found[name][0]] if name in self.found else name
        self.report.errors.append({"row": row, "column": column, "message": message})

    def check(self, row: int, cells: list[str]) -> dict[str, Any] | None:
        before = len(self.report.errors)
        email = self._email(row, self.cell(cells, "email"))
        name = " ".join(self.cell(cells, "name").split())
        if len(name) > 80:
            self.error(row, "name", "the name is longer than 80 characters; shorten it")
        role, message = parse_role(self.cell(cells, "role"))
        if message:
            self.error(row, "role", message)
        team = self.cell(cells, "team")
        if len(team) > 80:
            self.error(row, "team", "the team is longer than 80 characters; shorten it")
        capacity = self._capacity(row, self.cell(cells, "capacity"))
        teaches = self._skills(row, cells, "teaches", self.levels)
        learns = self._skills(row, cells, "learns", self.priorities)
        if len(self.report.errors) > before:
            return None
        # The report keeps the skills as written too: a dict's key order does not survive
        # PostgreSQL's jsonb (it sorts keys), and managers read them in their sheet's order.
        return {"row": row, "email": email, "name": name, "role": role, "team": team,
                "capacity": capacity, "teaches": teaches, "learns": learns,
                "teaches_text": ", ".join(teaches), "learns_text": ", ".join(learns)}  # fmt: skip

    def _skills(
        self, row: int, cells: list[str], name: str, parse: SkillListParser
    ) -> dict[str, int]:
        """The row's skill list for ``name``, joined over every column mapped to it."""
        sources = column_texts(self.header, self.found.get(name, ()), cells)
        skills, problems = parse.join(sources)
        for skill in [s for s in skills if len(s) > SKILL_NAME_MAX_LENGTH]:
            column = next(c for c, text in sources if skill in parse(text)[0])
            too_long = f"the skill {skill[:30]}… is over {SKILL_NAME_MAX_LENGTH} characters"
            problems.append((column, f"{too_long}; shorten it"))
        for column, message in problems:
            self.report.errors.append({"row": row, "column": column, "message": message})
        # Text without a letter or digit ("-", "?") names no skill, so nothing is added for it.
        return {s: n for s, n in skills.items() if key(s)}

    def _email(self, row: int, email: str) -> str:
        email = email.lower()
        if not email:
            self.error(row, "email", "the email is empty; every participant needs one")
        elif not email_looks_valid(email):
            self.error(row, "email", f"{email!r} is not an email address")
        elif email in self.seen:
            self.error(row, "email", f"{email} is already on row {self.seen[email]}; remove one")
        else:
            self.seen[email] = row
        return email

    def _capacity(self, row: int, text: str) -> int | None:
        if not text:
            return None
        value, message = parse_capacity(text, self.program.default_capacity)
        if message or value > MAX_CAPACITY:
            self.error(row, "capacity", f"capacity must be a whole number 1–{MAX_CAPACITY}, "
                       f"got {text!r}")  # fmt: skip
            return None
        return value

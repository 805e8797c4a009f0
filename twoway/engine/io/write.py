"""Writing match results: a pairs CSV and an unmatched CSV, or one JSON document. Atomic.

Every CSV cell goes through :func:`spreadsheet_safe`, so a name like ``=HYPERLINK(…)`` from the
input file can't run as a formula when an organiser opens the output in a spreadsheet.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any

from twoway.engine.io.read import PeopleFile
from twoway.engine.model import MatchResult, Pair, Person, SkillFlow

PAIR_COLUMNS = (
    "a_id", "a_name", "b_id", "b_name", "score", "percent", "balance", "gain_ab", "gain_ba",
    "a_teaches_b", "b_teaches_a", "locked", "mentor", "why", "a_email", "b_email",
)  # fmt: skip
UNMATCHED_COLUMNS = ("id", "reason", "detail", "name", "email")
# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(…), +cmd|…).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: object) -> str:
    """The cell as text a spreadsheet shows and never runs: a leading formula character gets a
    ``'`` in front (OWASP's advice for CSV injection). Plain numbers, negative ones too, stay."""
    text = str(cell)
    if not text.startswith(FORMULA_STARTS):
        return text
    try:
        float(text)
    except ValueError:
        return "'" + text
    return text


class SafeWriter:
    """``csv.writer`` whose every cell goes through :func:`spreadsheet_safe`."""

    def __init__(self, handle: IO[str]) -> None:
        self._writer = csv.writer(handle)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([spreadsheet_safe(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


@contextmanager
def atomic_writers(*paths: Path) -> Iterator[list[IO[str]]]:
    """Open a temporary file beside each path; they replace the paths only if the block succeeds.

    On any error the temporary files are removed and existing files at ``paths`` stay untouched.
    """
    temps: list[Path] = []
    handles: list[IO[str]] = []
    try:
        for path in paths:
            descriptor, name = tempfile.mkstemp(
                dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
            )
            temps.append(Path(name))
            handles.append(open(descriptor, "w", encoding="utf-8", newline=""))  # noqa: SIM115
        yield handles
        for handle in handles:
            handle.close()
        for temp, path in zip(temps, paths, strict=True):
            os.chmod(temp, _file_mode(path))
            os.replace(temp, path)
    finally:
        for handle in handles:
            handle.close()
        for temp in temps:
            temp.unlink(missing_ok=True)


def _file_mode(path: Path) -> int:
    # mkstemp makes private files; give the result the mode a plain open() would have.
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _flows_text(flows: Sequence[SkillFlow]) -> str:
    return "; ".join(flow.skill for flow in flows)


def pair_row(pair: Pair, people: Mapping[str, Person], emails: Mapping[str, str]) -> list[str]:
    """One pairs-CSV row, in :data:`PAIR_COLUMNS` order."""
    return [
        pair.a,
        _name(people, pair.a),
        pair.b,
        _name(people, pair.b),
        f"{pair.score:.4f}",
        f"{pair.percent:.1f}",
        f"{pair.balance:.3f}",
        f"{pair.gain_ab:.4f}",
        f"{pair.gain_ba:.4f}",
        _flows_text(pair.a_teaches_b),
        _flows_text(pair.b_teaches_a),
        "yes" if pair.locked else "no",
        pair.mentor,
        pair.why,
        emails.get(pair.a, ""),
        emails.get(pair.b, ""),
    ]


def _name(people: Mapping[str, Person], person_id: str) -> str:
    person = people.get(person_id)
    return person.name if person else ""


def write_csv(
    result: MatchResult, source: PeopleFile, pairs_path: Path, unmatched_path: Path
) -> None:
    """Write the pairs CSV and the unmatched CSV; neither appears unless both are written."""
    people = {p.id: p for p in source.people}
    with atomic_writers(pairs_path, unmatched_path) as (pairs_file, unmatched_file):
        writer = SafeWriter(pairs_file)
        writer.writerow(PAIR_COLUMNS)
        writer.writerows(pair_row(pair, people, source.emails) for pair in result.pairs)
        writer = SafeWriter(unmatched_file)
        writer.writerow(UNMATCHED_COLUMNS)
        for item in result.unmatched:
            row = [item.id, item.reason, item.detail, _name(people, item.id)]
            writer.writerow([*row, source.emails.get(item.id, "")])


def result_document(result: MatchResult, source: PeopleFile) -> dict[str, Any]:
    """The whole result as plain JSON-ready data: pairs, unmatched, summary and warnings."""
    people = {p.id: p for p in source.people}
    pairs = []
    for pair in result.pairs:
        row: dict[str, Any] = dict(
            zip(PAIR_COLUMNS, pair_row(pair, people, source.emails), strict=True)
        )
        row.update(
            score=pair.score,
            balance=pair.balance,
            gain_ab=pair.gain_ab,
            gain_ba=pair.gain_ba,
            percent=pair.percent,
            locked=pair.locked,
            a_teaches_b=[asdict(flow) for flow in pair.a_teaches_b],
            b_teaches_a=[asdict(flow) for flow in pair.b_teaches_a],
        )
        pairs.append(row)
    unmatched = [
        {**asdict(item), "name": _name(people, item.id), "email": source.emails.get(item.id, "")}
        for item in result.unmatched
    ]
    summary = asdict(result.summary)
    return {"pairs": pairs, "unmatched": unmatched, "summary": summary, "warnings": source.warnings}


def write_json(result: MatchResult, source: PeopleFile, path: Path) -> None:
    """Write one JSON document holding pairs, unmatched people, the summary and warnings."""
    with atomic_writers(path) as (handle,):
        json.dump(result_document(result, source), handle, ensure_ascii=False, indent=1)
        handle.write("\n")

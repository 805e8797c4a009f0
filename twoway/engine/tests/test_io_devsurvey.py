"""The Stack Overflow Developer Survey 2023 sample reads with a column mapping."""

from __future__ import annotations

import csv
from pathlib import Path

from twoway.engine.io import read_people
from twoway.engine.skills import default_catalogue

FILES = Path(__file__).with_name("files")
# CI keeps a copy of shared/ beside the clone; a plain checkout may not have it.
MAPPING = {"id": "respondent", "teaches": "have", "learns": "want"}


def raw_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def check_sample(path: Path) -> None:
    result = read_people(path, columns=MAPPING)
    rows = raw_rows(path)
    assert [p.id for p in result.people] == [row["respondent"] for row in rows]
    catalogue = default_catalogue()
    for person, row in zip(result.people, rows, strict=True):
        had = {catalogue.canonical(s) for s in row["have"].split(";") if s.strip()}
        wanted = {catalogue.canonical(s) for s in row["want"].split(";") if s.strip()}
        assert set(person.teaches) == had
        assert set(person.learns) == wanted
        # Without levels, a want that is also a have sits at the default level both ways, so
        # nobody in the file can raise it: scoring gives it zero gain.
        assert all(person.teaches[s] == 3 for s in had & wanted)
    assert any("Ignored columns" in w for w in result.warnings)


def test_the_committed_sample_reads() -> None:
    check_sample(FILES / "devsurvey2023_60.csv")

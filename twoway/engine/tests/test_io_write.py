"""Writing results: the pairs and unmatched CSVs, the JSON document, and atomic replacement."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from twoway.engine.io import (
    PAIR_COLUMNS,
    UNMATCHED_COLUMNS,
    PeopleFile,
    atomic_writers,
    write_csv,
    write_json,
)
from twoway.engine.model import MatchResult, Pair, Person, SkillFlow, Summary, Unmatched

ALICE = Person(id="a", name="Alice", teaches={"Python": 4}, learns={"SQL": 3})
BOB = Person(id="b", name="Bob", teaches={"SQL": 5}, learns={"Python": 2})
CHARLIE = Person(id="c", name="Charlie", teaches={}, learns={"Rust": 2})
SOURCE = PeopleFile(people=[ALICE, BOB, CHARLIE], emails={"a": "alice@example.com"})
RESULT = MatchResult(
    pairs=[
        Pair(
            a="a",
            b="b",
            score=9.6,
            gain_ab=8.0,
            gain_ba=15.0,
            balance=8 / 15,
            a_teaches_b=(SkillFlow("Python", 4, 0, 2),),
            b_teaches_a=(SkillFlow("SQL", 5, 0, 3),),
            why="Alice teaches Bob Python; Bob teaches Alice SQL.",
            percent=85.3,
        )
    ],
    unmatched=[Unmatched("c", "nobody_teaches_their_wants", "Nobody here teaches Rust.")],
    summary=Summary(people=3, matched_people=2, pairs=1),
)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_it_writes_the_pairs_and_the_unmatched_people(tmp_path: Path) -> None:
    pairs, unmatched = tmp_path / "pairs.csv", tmp_path / "pairs.unmatched.csv"
    write_csv(RESULT, SOURCE, pairs, unmatched)
    (row,) = read_rows(pairs)
    assert tuple(row) == PAIR_COLUMNS
    assert (row["a_id"], row["b_id"], row["a_name"], row["b_name"]) == ("a", "b", "Alice", "Bob")
    assert (row["a_teaches_b"], row["b_teaches_a"]) == ("Python", "SQL")
    assert (row["balance"], row["percent"], row["mentor"]) == ("0.533", "85.3", "")
    assert row["a_email"] == "alice@example.com"
    assert row["why"].startswith("Alice teaches Bob")
    (left,) = read_rows(unmatched)
    assert tuple(left) == UNMATCHED_COLUMNS
    assert (left["id"], left["reason"], left["name"]) == (
        "c",
        "nobody_teaches_their_wants",
        "Charlie",
    )


def test_it_writes_one_json_document(tmp_path: Path) -> None:
    path = tmp_path / "pairs.json"
    write_json(RESULT, SOURCE, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert set(document) == {"pairs", "unmatched", "summary", "warnings"}
    assert document["pairs"][0]["a_teaches_b"] == [
        {"skill": "Python", "teacher_level": 4, "learner_level": 0, "priority": 2}
    ]
    assert document["pairs"][0]["score"] == 9.6
    assert document["unmatched"][0]["reason"] == "nobody_teaches_their_wants"
    assert document["summary"]["people"] == 3


def test_a_failed_write_leaves_an_existing_file_untouched_and_no_temporary_files(
    tmp_path: Path,
) -> None:
    target = tmp_path / "pairs.csv"
    target.write_text("earlier run\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_writers(target) as (handle,):
        handle.write("half a file")
        raise RuntimeError("the disk filled up")
    assert target.read_text(encoding="utf-8") == "earlier run\n"
    assert [p.name for p in tmp_path.iterdir()] == ["pairs.csv"]


def test_a_failed_write_creates_no_file(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), atomic_writers(tmp_path / "a.csv", tmp_path / "b.csv"):
        raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []


def test_written_files_get_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "pairs.csv"
    with atomic_writers(target) as (handle,):
        handle.write("x\n")
    umask = os.umask(0)
    os.umask(umask)
    # The mode a plain open() would give, not the private mode of a temporary file.
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask

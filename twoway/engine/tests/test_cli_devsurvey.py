"""``twoway match`` on the Stack Overflow Developer Survey 2023 sample, with a column mapping.

In that survey "want" includes skills the respondent already has; those must never show up as
something a partner teaches them.
"""

from __future__ import annotations

import json
from pathlib import Path

from twoway.engine.io import read_people
from twoway.engine.tests.cli_helpers import (
    DEVSURVEY_COLUMNS,
    FILES,
    twoway_match,
)

MAPPING = {"id": "respondent", "teaches": "have", "learns": "want"}


def check_run(sample: Path, tmp_path: Path) -> None:
    done = twoway_match(sample, *DEVSURVEY_COLUMNS, "-o", "pairs.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Matched " in done.stderr
    document = json.loads((tmp_path / "pairs.json").read_text(encoding="utf-8"))
    people = {p.id: p for p in read_people(sample, columns=MAPPING).people}
    assert document["pairs"], "the sample has two-way pairs"
    for pair in document["pairs"]:
        for teacher, learner, flows in (
            (pair["a_id"], pair["b_id"], pair["a_teaches_b"]),
            (pair["b_id"], pair["a_id"], pair["b_teaches_a"]),
        ):
            assert flows, "peer pairs learn both ways"
            for flow in flows:
                own = people[learner].teaches.get(flow["skill"], 0)
                assert flow["skill"] in people[learner].learns
                assert people[teacher].teaches[flow["skill"]] > own, (teacher, learner, flow)
    matched = {pair[side] for pair in document["pairs"] for side in ("a_id", "b_id")}
    assert matched | {u["id"] for u in document["unmatched"]} == set(people)


def test_the_committed_sample_matches(tmp_path: Path) -> None:
    check_run(FILES / "devsurvey2023_60.csv", tmp_path)


def test_the_committed_sample_matches_into_csv_with_an_unmatched_file(tmp_path: Path) -> None:
    sample = FILES / "devsurvey2023_60.csv"
    done = twoway_match(sample, *DEVSURVEY_COLUMNS, "-o", "pairs.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "pairs.csv").read_text(encoding="utf-8").count("\n") > 1
    assert (tmp_path / "pairs.unmatched.csv").exists()

"""``twoway match`` end to end: a real process writes the pairs, the unmatched and a summary."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from twoway.engine.io import PAIR_COLUMNS, UNMATCHED_COLUMNS
from twoway.engine.tests.cli_helpers import people_file, twoway_match


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_it_writes_pairs_and_unmatched_files_and_a_summary(tmp_path: Path) -> None:
    people = people_file(tmp_path)
    done = twoway_match(people, "-o", "pairs.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    pairs = read_rows(tmp_path / "pairs.csv")
    unmatched = read_rows(tmp_path / "pairs.unmatched.csv")
    assert pairs and set(PAIR_COLUMNS) <= set(pairs[0])
    for column in ("a_id", "b_id", "score", "balance", "a_teaches_b", "b_teaches_a", "why"):
        assert all(row[column] for row in pairs), column
    assert all(float(row["balance"]) > 0 for row in pairs)
    assert list(unmatched[0]) == list(UNMATCHED_COLUMNS)
    everyone = {row[side] for row in pairs for side in ("a_id", "b_id")}
    everyone |= {row["id"] for row in unmatched}
    assert everyone == {"p1", "p2", "p3", "p4", "p5"}
    assert "p5" in {row["id"] for row in unmatched}
    assert "Matched " in done.stderr and "Total weight" in done.stderr
    assert "Time: parse" in done.stderr
    assert done.stdout == ""


def test_json_output_is_one_document(tmp_path: Path) -> None:
    people = people_file(tmp_path)
    done = twoway_match(people, "-o", "result.json", "--quiet", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    document = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert document["pairs"] and document["unmatched"]
    assert document["summary"]["people"] == 5
    assert {"parse", "load"} <= set(document["summary"]["stage_seconds"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv", "result.json"]


def test_the_unmatched_file_can_go_elsewhere(tmp_path: Path) -> None:
    people = people_file(tmp_path)
    (tmp_path / "out").mkdir()
    done = twoway_match(
        people, "-o", "out/pairs.csv", "--unmatched", "left.csv", "--seed", "3", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "left.csv").exists()
    assert not (tmp_path / "out/pairs.unmatched.csv").exists()


def test_the_same_input_and_seed_give_the_same_files(tmp_path: Path) -> None:
    people = people_file(tmp_path)
    for name in ("one.csv", "two.csv"):
        done = twoway_match(people, "-o", name, "--seed", "7", "--quiet", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()


def test_excluding_the_same_group_keeps_groups_apart(tmp_path: Path) -> None:
    people = people_file(tmp_path)
    done = twoway_match(people, "-o", "pairs.csv", "--exclude-same", "group", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    groups = {"p1": "red", "p2": "blue", "p3": "red", "p4": "blue", "p5": "green"}
    for row in read_rows(tmp_path / "pairs.csv"):
        assert groups[row["a_id"]] != groups[row["b_id"]]


def test_help_explains_the_command(tmp_path: Path) -> None:
    done = twoway_match("--help", cwd=tmp_path)
    assert done.returncode == 0
    for words in ("--column", "teaches", "exit codes", "--objective"):
        assert words in done.stdout


def test_mentor_mentee_mode_pairs_mentors_with_mentees(tmp_path: Path) -> None:
    people = people_file(
        tmp_path,
        "id,teaches,learns,role\n"
        "m1,Python:5;SQL:5,Figma,mentor\n"
        "m2,Go:5;Kubernetes:5,Rust,mentor\n"
        "e1,Figma:3,Python:3;SQL,mentee\n"
        "e2,Rust:2,Go:3;Kubernetes,mentee\n",
    )
    done = twoway_match(people, "-o", "pairs.csv", "--mode", "mentor-mentee", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    pairs = read_rows(tmp_path / "pairs.csv")
    assert {frozenset((row["a_id"], row["b_id"])) for row in pairs} == {
        frozenset(("m1", "e1")),
        frozenset(("m2", "e2")),
    }
    assert {row["mentor"] for row in pairs} == {"m1", "m2"}


def test_a_stable_run_can_ask_for_the_proof_over_all_pairs(tmp_path: Path) -> None:
    people = people_file(tmp_path)
    done = twoway_match(
        people, "-o", "pairs.csv", "--objective", "stable", "--prove-stable", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "Blocking pairs: 0 over all compatible pairs" in done.stderr
    assert read_rows(tmp_path / "pairs.csv")


def test_a_survey_spreading_skills_over_several_columns_is_joined(tmp_path: Path) -> None:
    # Ana and Ben can only teach each other if the framework columns are read: Django and React.
    people = people_file(
        tmp_path,
        "Respondent,HaveWorkedLanguage,HaveWorkedFramework,WantWorkLanguage,WantWorkFramework\n"
        "ana,,Django:5,,React\n"
        "ben,Go,React:4,Python,Django\n",
        name="survey.csv",
    )
    columns = ["--column", "id=Respondent"]
    columns += ["--column", "teaches=HaveWorkedLanguage,HaveWorkedFramework"]
    columns += ["--column", "learns=WantWorkLanguage, WantWorkFramework"]
    done = twoway_match(people, *columns, "-o", "pairs.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (pair,) = read_rows(tmp_path / "pairs.csv")
    taught = {pair["a_id"]: pair["a_teaches_b"], pair["b_id"]: pair["b_teaches_a"]}
    assert taught == {"ana": "Django", "ben": "React"}
    assert "Ignored columns" not in done.stderr

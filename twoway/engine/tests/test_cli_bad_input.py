"""``twoway match`` on bad input: every problem on stderr with row and column, exit 2, no file."""

from __future__ import annotations

import gzip
from pathlib import Path

from twoway.engine.tests.cli_helpers import PEOPLE, people_file, twoway_match


def test_bad_cells_are_listed_with_row_and_column_and_nothing_is_written(tmp_path: Path) -> None:
    people = people_file(
        tmp_path,
        "id,teaches,learns,timezone\na,Python:7,SQL,\nb,SQL,Python:9,Mars/Base\na,Go,SQL,\n",
    )
    done = twoway_match(people, "-o", "pairs.csv", cwd=tmp_path)
    assert done.returncode == 2
    assert "row 2, column 'teaches': level must be 1–5, got 7" in done.stderr
    assert "row 3, column 'learns': priority must be 1–3, got 9" in done.stderr
    assert "row 3, column 'timezone': unknown timezone 'Mars/Base'" in done.stderr
    assert "row 4, column 'id': id 'a' is already used on row 2" in done.stderr
    assert "Nothing was written" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv"]


def test_an_earlier_result_is_left_untouched(tmp_path: Path) -> None:
    people = people_file(tmp_path, "id,teaches,learns\na,Python:7,SQL\n")
    earlier = tmp_path / "pairs.csv"
    earlier.write_text("from yesterday\n", encoding="utf-8")
    done = twoway_match(people, "-o", earlier, cwd=tmp_path)
    assert done.returncode == 2
    assert earlier.read_text(encoding="utf-8") == "from yesterday\n"


def test_a_missing_column_names_the_columns_that_exist(tmp_path: Path) -> None:
    people = people_file(tmp_path, "respondent,have,want\n1,Python,SQL\n")
    done = twoway_match(people, "-o", "pairs.csv", "--column", "id=respondent", cwd=tmp_path)
    assert done.returncode == 2
    assert "required column 'teaches' is missing" in done.stderr
    assert "'respondent', 'have', 'want'" in done.stderr
    assert not (tmp_path / "pairs.csv").exists()


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    people = people_file(tmp_path, "")
    done = twoway_match(people, "-o", "pairs.csv", cwd=tmp_path)
    assert done.returncode == 2
    assert "the file is empty" in done.stderr


def test_a_malformed_column_mapping_is_refused(tmp_path: Path) -> None:
    people = people_file(tmp_path, "id,teaches,learns\na,Python,SQL\n")
    done = twoway_match(people, "-o", "pairs.csv", "--column", "skills:have", cwd=tmp_path)
    assert done.returncode == 2
    assert "--column takes CONTRACT=COLUMN" in done.stderr


def test_a_missing_people_file_or_output_folder_is_refused(tmp_path: Path) -> None:
    done = twoway_match("nobody.csv", "-o", "pairs.csv", cwd=tmp_path)
    assert done.returncode == 2
    assert "can't find the people file 'nobody.csv'" in done.stderr
    people = people_file(tmp_path, "id,teaches,learns\na,Python,SQL\n")
    done = twoway_match(people, "-o", "missing/pairs.csv", cwd=tmp_path)
    assert done.returncode == 2
    assert "doesn't exist" in done.stderr


def test_it_refuses_to_overwrite_the_people_file(tmp_path: Path) -> None:
    people = people_file(tmp_path, "id,teaches,learns\na,Python,SQL\n")
    done = twoway_match(people, "-o", people, cwd=tmp_path)
    assert done.returncode == 2
    assert people.read_text(encoding="utf-8") == "id,teaches,learns\na,Python,SQL\n"


def test_an_unknown_option_value_is_a_usage_error(tmp_path: Path) -> None:
    people = people_file(tmp_path, "id,teaches,learns\na,Python,SQL\n")
    done = twoway_match(people, "-o", "pairs.csv", "--mode", "speed-dating", cwd=tmp_path)
    assert done.returncode == 2
    assert "invalid choice" in done.stderr


def test_asking_to_prove_stability_of_a_welfare_run_is_a_usage_error(tmp_path: Path) -> None:
    people = people_file(tmp_path, "id,teaches,learns\na,Python,SQL\n")
    done = twoway_match(people, "-o", "pairs.csv", "--prove-stable", cwd=tmp_path)
    assert done.returncode == 2
    assert "--prove-stable is for --objective stable" in done.stderr
    assert not (tmp_path / "pairs.csv").exists()


def test_each_missing_column_of_a_joined_mapping_is_named(tmp_path: Path) -> None:
    people = people_file(tmp_path, "id,HaveWorkedLanguage,learns\na,Python,SQL\n")
    joined = "teaches=HaveWorkedLanguage,HaveWorkedFramework,HaveWorkedDatabase"
    done = twoway_match(people, "-o", "pairs.csv", "--column", joined, cwd=tmp_path)
    assert done.returncode == 2
    assert "has 2 problems" in done.stderr
    for missing in ("HaveWorkedFramework", "HaveWorkedDatabase"):
        assert (
            f"row 1, column '{missing}': there is no column '{missing}' (mapped to teaches); "
            "the file has 'id', 'HaveWorkedLanguage', 'learns'"
        ) in done.stderr
    assert not (tmp_path / "pairs.csv").exists()


def test_a_list_of_columns_for_the_id_is_a_usage_error(tmp_path: Path) -> None:
    people = people_file(tmp_path, "Respondent,Email,teaches,learns\n1,a@example.com,Python,SQL\n")
    done = twoway_match(people, "-o", "pairs.csv", "--column", "id=Respondent,Email", cwd=tmp_path)
    assert done.returncode == 2
    assert (
        "twoway match: --column 'id=Respondent,Email': id is read from one column, so it can't "
        "join 'Respondent,Email'; only teaches, learns and languages can join several columns"
    ) in done.stderr
    assert not (tmp_path / "pairs.csv").exists()


def test_a_gzipped_people_file_is_called_compressed_and_nothing_is_written(tmp_path: Path) -> None:
    people = tmp_path / "people.csv.gz"
    people.write_bytes(gzip.compress(PEOPLE.encode()))
    done = twoway_match(people, "-o", "pairs.csv", cwd=tmp_path)
    assert done.returncode == 2
    assert (
        "  this looks like a compressed (gzip) file; decompress it first (e.g. gunzip "
        "people.csv.gz) and give the CSV or .xlsx file inside\n"
    ) in done.stderr
    assert "Nothing was written" in done.stderr
    assert all(line.isprintable() for line in done.stderr.splitlines())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv.gz"]

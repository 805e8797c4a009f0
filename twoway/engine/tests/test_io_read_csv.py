"""Reading people from the CSV files real spreadsheets produce."""

from __future__ import annotations

from pathlib import Path

import pytest

from twoway.engine.io import read_people
from twoway.engine.skills import default_catalogue


def write(tmp_path: Path, text: str, *, name: str = "people.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_it_reads_the_contract_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "id,name,email,teaches,learns,capacity,role,group,timezone,languages\n"
        "a1,Alice  Smith,alice@example.com,python:4;SQL,js:3,2,mentor,Data,Europe/Paris,"
        "en;French\n",
    )
    (alice,) = read_people(path).people
    assert alice.id == "a1"
    assert alice.name == "Alice Smith"
    assert alice.teaches == {"Python": 4, "SQL": 3}
    assert alice.learns == {"JavaScript": 3}
    assert (alice.capacity, alice.role, alice.group) == (2, "mentor", "Data")
    assert alice.utc_offset_minutes == 60
    assert alice.languages == frozenset({"english", "french"})


def test_it_reads_a_file_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = write(tmp_path, "id,teaches,learns\nb1,Python,SQL\n", bom=True)
    (person,) = read_people(path).people
    assert person.id == "b1"
    assert person.teaches == {"Python": 3}


def test_it_reads_semicolon_separated_files_with_quoted_skill_lists(tmp_path: Path) -> None:
    path = write(tmp_path, 'id;teaches;learns\nc1;"Python:5;SQL:2";Figma\nc2;Figma;"Python:3"\n')
    first, second = read_people(path).people
    assert first.teaches == {"Python": 5, "SQL": 2}
    assert first.learns == {"Figma": 2}
    assert second.learns == {"Python": 3}


def test_it_reads_quoted_line_breaks_and_windows_line_endings(tmp_path: Path) -> None:
    text = (
        'id,name,teaches,learns\r\nd1,"Dee\r\nJones","Python\r\nSQL:4",Figma\r\n'
        "d2,Eve,Figma,SQL\r\n"
    )
    path = write(tmp_path, text)
    first, second = read_people(path).people
    assert first.name == "Dee Jones"
    assert first.teaches == {"Python": 3, "SQL": 4}
    assert second.id == "d2"


def test_it_keeps_skill_names_with_slashes_commas_and_brackets_whole(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'id,teaches,learns\ne1,"Bash/Shell (all shells);Linode, now Akamai",'
        '"Amazon Web Services (AWS);Maven (build tool)"\n',
    )
    (person,) = read_people(path).people
    catalogue = default_catalogue()
    assert set(person.teaches) == {
        catalogue.canonical("Bash/Shell (all shells)"),
        catalogue.canonical("Linode, now Akamai"),
    }
    assert set(person.learns) == {
        catalogue.canonical("Amazon Web Services (AWS)"),
        catalogue.canonical("Maven (build tool)"),
    }


def test_it_ignores_unknown_columns_and_says_which(tmp_path: Path) -> None:
    path = write(tmp_path, "id,teaches,learns,shoe size,team colour\nf1,Python,SQL,42,red\n")
    result = read_people(path)
    assert result.people[0].id == "f1"
    assert any("shoe size, team colour" in w for w in result.warnings)


def test_it_maps_the_sheets_own_column_names(tmp_path: Path) -> None:
    path = write(tmp_path, "Respondent,Have,Want,Partners\n7,Python,SQL:3,2\n")
    mapping = {"id": "respondent", "teaches": "have", "learns": "want", "capacity": "Partners"}
    (person,) = read_people(path, columns=mapping).people
    assert person.id == "7"
    assert person.teaches == {"Python": 3}
    assert person.learns == {"SQL": 3}
    assert person.capacity == 2


def test_it_uses_the_default_capacity_when_the_cell_is_empty(tmp_path: Path) -> None:
    path = write(tmp_path, "id,teaches,learns,capacity\ng1,Python,SQL,\ng2,Python,SQL,3\n")
    first, second = read_people(path, default_capacity=2).people
    assert (first.capacity, second.capacity) == (2, 3)


def test_it_skips_blank_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "id,teaches,learns\n\nh1,Python,SQL\n,,\nh2,SQL,Python\n")
    assert [p.id for p in read_people(path).people] == ["h1", "h2"]


def test_it_keeps_a_skills_highest_level_when_listed_twice(tmp_path: Path) -> None:
    path = write(tmp_path, "id,teaches,learns\ni1,Python:2;python:4;PY,SQL\n")
    assert read_people(path).people[0].teaches == {"Python": 4}


@pytest.mark.parametrize(
    ("level", "expected"),
    [(5, {"SQL": 1}), (4, {"Python": 3, "SQL": 1})],
)
def test_wanting_a_skill_one_teaches_at_the_top_level_is_not_learning(
    tmp_path: Path, level: int, expected: dict[str, int]
) -> None:
    path = write(tmp_path, f'id,teaches,learns\nj1,Python:{level},"Python:3;SQL:1"\n')
    assert read_people(path).people[0].learns == expected


def test_it_warns_that_wants_overlapping_haves_count_only_from_stronger_partners(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "id,teaches,learns\nk1,Python;SQL,Python;Rust\nk2,Rust,SQL\n")
    result = read_people(path)
    assert result.people[0].learns == {"Python": 2, "Rust": 2}
    assert any("1 of 2 people want skills they already teach" in w for w in result.warnings)


def test_it_reads_a_windows_1252_file_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes("id,name,teaches,learns\nl1,José,Python,SQL\n".encode("cp1252"))
    result = read_people(path)
    assert result.people[0].name == "José"
    assert any("UTF-8" in w for w in result.warnings)

"""``twoway match`` speaks the terminal's language (engine/i18n.py): the summary and the people
file's problems are translated; the files written are not."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from twoway.engine.io import read_people
from twoway.engine.io.read import InputError
from twoway.engine.tests.cli_helpers import people_file, twoway_match


def test_the_summary_is_german_in_a_german_terminal_and_the_pairs_file_is_not(
    tmp_path: Path,
) -> None:
    people = people_file(tmp_path)
    done = twoway_match(people, "-o", "pairs.csv", cwd=tmp_path, language="de")
    assert done.returncode == 0, done.stderr
    assert "Personen" in done.stderr and "geschrieben." in done.stderr
    assert "Matched" not in done.stderr
    english = twoway_match(people, "-o", "english.csv", cwd=tmp_path)
    german_rows = list(csv.reader((tmp_path / "pairs.csv").open(encoding="utf-8")))
    english_rows = list(csv.reader((tmp_path / "english.csv").open(encoding="utf-8")))
    assert english.returncode == 0 and german_rows == english_rows


def test_a_bad_cell_is_explained_in_french_with_its_row_and_column(tmp_path: Path) -> None:
    people = people_file(tmp_path, "id,teaches,learns\na,Python:7,SQL\n")
    done = twoway_match(people, "-o", "pairs.csv", cwd=tmp_path, language="fr_FR.UTF-8")
    assert done.returncode == 2
    assert "ligne 2, colonne 'teaches' : niveau doit être entre 1 et 5" in done.stderr
    assert "Rien n'a été écrit." in done.stderr


def test_an_unknown_language_falls_back_to_english(tmp_path: Path) -> None:
    people = people_file(tmp_path, "id,teaches,learns\na,Python:7,SQL\n")
    done = twoway_match(people, "-o", "pairs.csv", cwd=tmp_path, language="tlh")
    assert "row 2, column 'teaches': level must be 1–5, got 7" in done.stderr


def test_in_the_web_app_the_problems_follow_the_pages_language(tmp_path: Path) -> None:
    from django.utils import translation

    people = people_file(tmp_path, "id,teaches,learns\na,Python,SQL\na,Go,SQL\n")
    with translation.override("es"), pytest.raises(InputError) as refused:
        read_people(people)
    assert "fila 3, columna 'id': el id 'a' ya se usa en la fila 2" in str(refused.value)


def test_the_help_is_spanish_in_a_spanish_terminal(tmp_path: Path) -> None:
    done = twoway_match("--help", cwd=tmp_path, language="es_ES.UTF-8")
    assert done.returncode == 0
    assert "Empareja a las personas" in done.stdout
    assert "no emparejar nunca a dos personas del mismo grupo" in done.stdout

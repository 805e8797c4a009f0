"""An organiser opens ``twoway match``'s CSVs in a spreadsheet: no cell from the input may run."""

from __future__ import annotations

import csv
from pathlib import Path

from twoway.engine.io.write import spreadsheet_safe
from twoway.engine.tests.cli_helpers import people_file, twoway_match

# Mallory's and Trent's rows are crafted: ids and names a spreadsheet would run as formulas.
CRAFTED = """\
id,name,email,teaches,learns
=HYPERLINK("http://evil.example"),Mallory,,Python:5,SQL:3
+cmd|' /C calc'!A0,@SUM(A1:A9),,SQL:5,Python:3
-2+3,Trent,,Haskell:4,Cobol:3
"""


def _cells(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


def test_formula_cells_from_the_input_are_written_as_text(tmp_path: Path) -> None:
    done = twoway_match(people_file(tmp_path, CRAFTED), "-o", "pairs.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    cells = _cells(tmp_path / "pairs.csv") + _cells(tmp_path / "pairs.unmatched.csv")
    assert '\'=HYPERLINK("http://evil.example")' in cells
    assert "'+cmd|' /C calc'!A0" in cells and "'@SUM(A1:A9)" in cells
    assert "'-2+3" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_plain_numbers_and_words_stay_as_they_are() -> None:
    assert [spreadsheet_safe(c) for c in ("-1.5", "+3", "0.25", "Ana", "")] == [
        "-1.5",
        "+3",
        "0.25",
        "Ana",
        "",
    ]
    assert spreadsheet_safe("\tx") == "'\tx" and spreadsheet_safe("\r=1") == "'\r=1"

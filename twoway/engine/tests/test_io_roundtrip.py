"""Any people written as a CSV, in any of the dialects spreadsheets produce, read back the same."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from twoway.engine.io import read_people
from twoway.engine.model import Person
from twoway.engine.skills import default_catalogue

SKILLS = [skill.name for skill in default_catalogue().skills[:60]]
ids = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=8)
names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(";,\"'\n"),
    max_size=20,
)


@st.composite
def people(draw: st.DrawFn) -> list[Person]:
    chosen = draw(st.lists(ids, min_size=1, max_size=8, unique=True))
    return [
        Person(
            id=person_id,
            name=" ".join(draw(names).split()),
            teaches=draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 4), max_size=5)),
            learns=draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 3), max_size=5)),
            capacity=draw(st.integers(1, 5)),
            role=draw(st.sampled_from(["either", "mentor", "mentee"])),
        )
        for person_id in chosen
    ]


def as_csv(population: list[Person], delimiter: str, line_end: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end)
    writer.writerow(["id", "name", "teaches", "learns", "capacity", "role"])
    for p in population:
        teaches = ";".join(f"{skill}:{level}" for skill, level in p.teaches.items())
        learns = ";".join(f"{skill}:{priority}" for skill, priority in p.learns.items())
        writer.writerow([p.id, p.name, teaches, learns, p.capacity, p.role])
    return buffer.getvalue()


@settings(max_examples=60, deadline=None)
@given(people(), st.sampled_from([",", ";", "\t"]), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_people_written_in_any_dialect_read_back_the_same(
    population: list[Person], delimiter: str, line_end: str, bom: bool
) -> None:
    text = as_csv(population, delimiter, line_end)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.csv"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
        read = read_people(path).people
    assert read == population

"""Coverage: the share of the people who could be matched at all that a matching matched.

Somebody is *able* when they teach something and want something they could still learn: a
skill they don't teach, or teach below the highest level anyone in the population teaches
(``top``). Without levels (a survey: everybody at level 3) that is simply a wanted skill they
don't teach; a want of a skill they already have brings no gain from anybody. Nobody else can
be in a pair with gain both ways, so the able bound every matching from above.

``python -m benchmarks.able`` runs the naive greedy peer
(:func:`benchmarks.contenders.naive_greedy`) on the real survey and on generated survey-shaped
populations and prints its coverage and time. On 2026-12-02 (2 cores, others' jobs running):

| population | people | able | able matched | coverage | seconds |
|---|---|---|---|---|---|
| devsurvey2017.csv | 19,102 | 10,995 | 10,312 | 93.8% | 0.52 |
| survey mode, n = 20,000, seed 0 | 20,000 | 11,611 | 10,868 | 93.6% | 0.36 |
| survey mode, n = 100,000, seed 0 | 100,000 | 57,593 | 54,564 | 94.7% | 4.25 |
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from pathlib import Path

from twoway.engine.model import MAX_LEVEL, Person

SURVEY = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "devsurvey2017.csv"
SURVEY_COLUMNS = {"id": "respondent", "teaches": "have", "learns": "want"}


def top_level(people: Sequence[Person]) -> int:
    """The highest level anybody teaches at (``MAX_LEVEL`` when nobody teaches)."""
    return max((level for p in people for level in p.teaches.values()), default=MAX_LEVEL)


def able(person: Person, top: int = MAX_LEVEL) -> bool:
    """Teaches something and wants a skill they know below ``top`` (0 when they don't teach it)."""
    return bool(person.teaches) and any(person.teaches.get(s, 0) < top for s in person.learns)


def able_rows(people: Sequence[Person]) -> set[int]:
    """Row indices of the able, judged against the population's own top level."""
    top = top_level(people)
    return {i for i, person in enumerate(people) if able(person, top)}


def coverage(pairs: Iterable[tuple[int, int]], people: Sequence[Person]) -> float:
    """The matched share of the able (pairs of row indices); NaN when nobody is able."""
    rows = able_rows(people)
    matched = {x for pair in pairs for x in pair}
    return len(matched & rows) / len(rows) if rows else float("nan")


def main() -> None:
    from benchmarks.contenders import naive_greedy
    from benchmarks.generator import generate_population
    from benchmarks.harness import machine_line, stopwatch, table
    from twoway.engine.io.read import read_people

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--survey", type=Path, default=SURVEY, help="the real survey CSV")
    parser.add_argument("--sizes", type=int, nargs="*", default=[20_000, 100_000])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(machine_line())
    populations: list[tuple[str, list[Person]]] = []
    if args.survey.exists():
        populations.append(
            (args.survey.name, read_people(args.survey, columns=SURVEY_COLUMNS).people)
        )
    for n in args.sizes:
        people = generate_population(n, args.seed, survey=True).people()
        populations.append((f"survey mode, n = {n:,}, seed {args.seed}", people))
    rows = []
    for name, people in populations:
        with stopwatch() as elapsed:
            pairs = naive_greedy(people)
        seconds = elapsed()
        able_count = len(able_rows(people))
        share = coverage(pairs, people)
        matched = round(share * able_count)
        rows.append(
            [name, f"{len(people):,}", f"{able_count:,}", f"{matched:,}", f"{share:.1%}"]
            + [f"{seconds:.2f}"]
        )
    headers = ["population", "people", "able", "able matched", "coverage", "seconds"]
    print(table(headers, rows))


if __name__ == "__main__":
    main()

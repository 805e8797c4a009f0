"""The shape of a skills survey, real and generated: ``python -m benchmarks.survey_shape``.

Calibrates the survey mode of benchmarks/generator.py against the Stack Overflow Developer
Survey 2017 (``--survey``, default ``../shared/data/devsurvey2017.csv``, read with ``have`` as
teaches and ``want`` as learns, as ``twoway match`` reads it) and a generated population of the
same size (``--seed``). Shares are of everybody unless said otherwise; "new" wants are wants of a
skill the person doesn't teach; the rank correlation is Spearman's, between how many people
teach a skill and how many of those who don't teach it want it.

Figures (generated with seed 0, 2026-12-02):

| figure | devsurvey2017 | generated |
|---|---|---|
| people | 19,102 | 19,102 |
| skills | 67 | 67 |
| empty have | 28.8% | 28.1% |
| empty want | 31.5% | 30.9% |
| both empty | 28.5% | 27.8% |
| mean have count | 5.64 | 5.66 |
| mean want count | 5.78 | 5.89 |
| mean have count (non-empty) | 7.92 | 7.87 |
| mean want count (non-empty) | 8.43 | 8.52 |
| largest have / want count | 67 / 67 | 45 / 44 |
| wants overlapping a have | 53.3% | 53.5% |
| new wants per person | 2.70 | 2.74 |
| able (teach, want something new) | 57.6% | 58.3% |
| teach share, skill #1 | 43.9% | 45.3% |
| teach share, skill #2 | 35.4% | 39.0% |
| teach share, skill #3 | 29.7% | 34.8% |
| teach share, skill #4 | 26.5% | 31.3% |
| teach share, skill #5 | 24.4% | 28.0% |
| teach share, skill #6 | 22.0% | 25.5% |
| teach share, skill #7 | 22.0% | 23.8% |
| teach share, skill #8 | 21.9% | 22.0% |
| teach share, skill #9 | 18.0% | 20.1% |
| teach share, skill #10 | 17.8% | 18.7% |
| new-want share, #1 / #5 / #10 | 11.7% / 10.0% / 8.3% | 12.6% / 8.7% / 7.2% |
| teach share, rarest skill | 0.2% | 0.6% |
| rank corr. teach vs new want | 0.58 | 0.49 |

The generated head is a little steeper than the survey's (skills #2–#6 taught by 3–5 points
more) and its tail a little flatter: the best fit of a Zipf with an exponential cut-off (see
benchmarks/generator.py). Figures about wants move with the seed, which draws the trends.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from benchmarks.able import SURVEY, SURVEY_COLUMNS, able_rows
from benchmarks.generator import generate_population
from benchmarks.harness import table
from twoway.engine.model import Person

TOP = 10


def shape(people: Sequence[Person]) -> dict[str, str]:
    """The figures the survey mode is calibrated on, formatted."""
    n = len(people)
    have = np.array([len(p.teaches) for p in people])
    want = np.array([len(p.learns) for p in people])
    overlap = sum(len(p.learns.keys() & p.teaches.keys()) for p in people)
    taught = Counter(s for p in people for s in p.teaches)
    new = Counter(s for p in people for s in p.learns if s not in p.teaches)
    skills = sorted(taught | new, key=lambda s: -taught[s])
    teach_share = np.array([taught[s] for s in skills]) / n
    new_share = np.array([new[s] / max(1, n - taught[s]) for s in skills])
    figures = {
        "people": f"{n:,}",
        "skills": f"{len(skills)}",
        "empty have": _pct(np.mean(have == 0)),
        "empty want": _pct(np.mean(want == 0)),
        "both empty": _pct(np.mean((have == 0) & (want == 0))),
        "mean have count": f"{have.mean():.2f}",
        "mean want count": f"{want.mean():.2f}",
        "mean have count (non-empty)": f"{have[have > 0].mean():.2f}",
        "mean want count (non-empty)": f"{want[want > 0].mean():.2f}",
        "largest have / want count": f"{have.max()} / {want.max()}",
        "wants overlapping a have": _pct(overlap / max(1, want.sum())),
        "new wants per person": f"{sum(new.values()) / n:.2f}",
        "able (teach, want something new)": _pct(len(able_rows(people)) / n),
    }
    for rank, share in enumerate(teach_share[:TOP], start=1):
        figures[f"teach share, skill #{rank}"] = _pct(share)
    top_new = sorted(new.values(), reverse=True)
    figures["new-want share, #1 / #5 / #10"] = " / ".join(_pct(top_new[k] / n) for k in (0, 4, 9))
    figures["teach share, rarest skill"] = _pct(teach_share.min())
    figures["rank corr. teach vs new want"] = f"{_spearman(teach_share, new_share):.2f}"
    return figures


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    rx = np.argsort(np.argsort(x)).astype(float)
    ry = np.argsort(np.argsort(y)).astype(float)
    return float(np.corrcoef(rx, ry)[0, 1])


def main() -> None:
    from twoway.engine.io.read import read_people

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--survey", type=Path, default=SURVEY)
    parser.add_argument("--n", type=int, default=0, help="generated size (default: the survey's)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    real = read_people(args.survey, columns=SURVEY_COLUMNS).people
    generated = generate_population(args.n or len(real), args.seed, survey=True).people()
    ours, theirs = shape(real), shape(generated)
    rows = [[name, value, theirs[name]] for name, value in ours.items()]
    print(table(["figure", args.survey.stem, f"generated (seed {args.seed})"], rows))


if __name__ == "__main__":
    main()

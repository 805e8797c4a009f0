"""Candidate-generation recall: how much of the exact top-k score mass the engine keeps.

    .venv/bin/python -m benchmarks.recall                  # n = 20,000 and 100,000
    .venv/bin/python -m benchmarks.recall --quick          # n = 20,000
    .venv/bin/python -m benchmarks.recall --sizes 1000000 --sample 200

For a random sample of people (200 by default), the exact top-k partners are found by brute
force over everyone: sparse matrix products give gain(a→b) and gain(b→a) for every b at once,
independent of the engine's kernels (and checked against ``pair_score`` and the engine's own
exact search). Kept mass of person a = the sum of the k best scores among a's neighbours in the
engine's candidate graph (what its solver sees) ÷ the sum of a's exact top-k scores. Scores tie
often, so mass is the measure; "ids" is the share of the exact top-k people found, for contrast.

Naive sampling, for contrast: for each skill a wants, 32 random people who teach it, and for each
skill a teaches, 32 random people who want it; the k best of those.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from benchmarks.generator import VOCABULARY, Population, generate_population
from benchmarks.harness import machine_line, peak_rss_mb, stopwatch, table
from twoway.engine.candidates import candidate_graph, exact_top_k
from twoway.engine.model import MAX_LEVEL, MatchConfig, Person
from twoway.engine.population import build_population
from twoway.engine.scoring import pair_score

Matrix = NDArray[np.float64]
NAIVE_PER_SKILL = 32
BATCH = 25


@dataclass(slots=True)
class Recall:
    people: int  # sampled people with at least one two-way partner
    no_partner: int
    mass: float  # Σ kept / Σ exact, over the sample
    mean: float  # mean of per-person shares
    p05: float  # 5th percentile of per-person shares
    ids: float


class BruteForce:
    """Everyone's gains to and from a batch of people, by sparse matrix products."""

    def __init__(self, population: Population, priority: tuple[float, float, float]) -> None:
        n, mult = population.size, np.asarray((0.0, *priority))
        self.population = population
        t_rows, t_skill, level = _cells(population.teach_skill, population.teach_level)
        w_rows, w_skill, want = _cells(population.learn_skill, population.learn_priority)
        own = _own_levels(population)[population.learn_skill >= 0]
        shape = (n, VOCABULARY)
        # gain(a→b) = Σ_t Σ_s [level_a(s) ≥ t] · mult_b(s)·[own_b(s) < t]   (one product per t)
        self.learners = [
            sparse.csr_matrix((mult[want] * (own < t), (w_rows, w_skill)), shape=shape)
            for t in range(1, MAX_LEVEL + 1)
        ]
        self.teachers = [
            sparse.csr_matrix(((level >= t).astype(np.float64), (t_rows, t_skill)), shape=shape)
            for t in range(1, MAX_LEVEL + 1)
        ]
        self.level = sparse.csr_matrix((level.astype(np.float64), (t_rows, t_skill)), shape=shape)
        self.want = sparse.csr_matrix((mult[want], (w_rows, w_skill)), shape=shape)
        self.own = sparse.csr_matrix((own.astype(np.float64), (w_rows, w_skill)), shape=shape)

    def scores(self, rows: NDArray[np.int64]) -> Matrix:
        """Peer pair scores (harmonic mean of the gains), n × len(rows); 0 on the diagonal."""
        level = self.level[rows].toarray().T  # V × m
        want, own = self.want[rows].toarray().T, self.own[rows].toarray().T
        out = np.zeros((self.population.size, rows.size))
        back = np.zeros_like(out)
        for t, (learners, teachers) in enumerate(zip(self.learners, self.teachers, strict=True)):
            out += learners @ (level >= t + 1).astype(np.float64)  # gain(row → b)
            back += teachers @ (want * (own < t + 1))  # gain(b → row)
        total = out + back
        score = np.where((out > 0) & (back > 0), 2 * out * back / np.where(total, total, 1), 0.0)
        score[rows, np.arange(rows.size)] = 0.0
        return score


def _cells(skills: NDArray[np.int64], values: NDArray[np.int64]) -> tuple[NDArray[np.int64], ...]:
    rows, cols = np.nonzero(skills >= 0)
    return rows, skills[rows, cols], values[rows, cols]


def _own_levels(population: Population) -> NDArray[np.int64]:
    """Each want's own teaching level in that skill (0 when the person doesn't teach it)."""
    same = population.learn_skill[:, :, None] == population.teach_skill[:, None, :]
    own: NDArray[np.int64] = (same * population.teach_level[:, None, :]).sum(axis=2)
    return own


def top_mass(values: Matrix, k: int) -> Matrix:
    """Sum of the k largest of each column."""
    k = min(k, values.shape[0])
    mass: Matrix = np.partition(values, -k, axis=0)[-k:].sum(axis=0)
    return mass


def candidate_lists(
    u: NDArray[np.int32], v: NDArray[np.int32], rows: NDArray[np.int64]
) -> dict[int, set[int]]:
    """The given people's neighbours in the candidate graph."""
    ends = np.concatenate([u, v]).astype(np.int64)
    other = np.concatenate([v, u]).astype(np.int64)
    wanted = np.isin(ends, rows)
    lists: dict[int, set[int]] = {int(a): set() for a in rows}
    for a, b in zip(ends[wanted].tolist(), other[wanted].tolist(), strict=True):
        lists[a].add(b)
    return lists


class Postings:
    """Who teaches and who wants each skill, for naive sampling."""

    def __init__(self, population: Population) -> None:
        self.population = population
        self.teach = self._csr(population.teach_skill)
        self.learn = self._csr(population.learn_skill)

    @staticmethod
    def _csr(skills: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        rows, cols = np.nonzero(skills >= 0)
        keys = skills[rows, cols]
        order = np.argsort(keys, kind="stable")
        return np.searchsorted(keys[order], np.arange(VOCABULARY + 1)), rows[order]

    def naive(self, row: int, rng: np.random.Generator) -> set[int]:
        """32 random teachers of each skill the person wants, 32 random learners of each taught."""
        found: set[int] = set()
        pop = self.population
        for skills, (ptr, holders) in (
            (pop.learn_skill[row], self.teach),
            (pop.teach_skill[row], self.learn),
        ):
            for skill in skills[skills >= 0].tolist():
                group = holders[ptr[skill] : ptr[skill + 1]]
                found.update(
                    rng.choice(group, min(NAIVE_PER_SKILL, group.size), replace=False).tolist()
                )
        found.discard(row)
        return found


def summarise(kept: list[float], exact: list[float], ids: list[float], empty: int) -> Recall:
    kept_a, exact_a = np.asarray(kept), np.asarray(exact)
    shares = kept_a / exact_a
    return Recall(
        people=int(exact_a.size),
        no_partner=empty,
        mass=float(kept_a.sum() / exact_a.sum()),
        mean=float(shares.mean()),
        p05=float(np.percentile(shares, 5)),
        ids=float(np.mean(ids)),
    )


def measure(n: int, args: argparse.Namespace) -> tuple[list[str], list[str], str]:
    """Recall of the engine and of naive sampling at size n; table rows and notes."""
    population = generate_population(n, args.seed)
    people = population.people()
    config = MatchConfig(top_k=args.k, seed=args.seed)
    with stopwatch() as building:
        engine_population = build_population(people, config)
    with stopwatch() as generating:
        graph = candidate_graph(engine_population, config)
    rng = np.random.default_rng(args.seed + 1)
    sample = np.sort(rng.choice(n, min(args.sample, n), replace=False))
    lists = candidate_lists(graph.u, graph.v, sample)
    brute = BruteForce(population, config.weights.priority)
    engine, naive, exact_all, checks = _collect(brute, sample, lists, args, rng)
    engine_exact = exact_top_k(engine_population, config, sample.astype(np.int32), args.k)[1]
    engine_mass = np.where(engine_exact > 0, engine_exact, 0).sum(axis=1)
    checks.append(float(np.abs(engine_mass - np.asarray(exact_all)).max()))
    rows = [_row(n, "engine: " + graph.method, engine, graph.edges, generating())]
    rows.append(_row(n, f"naive: {NAIVE_PER_SKILL} random per skill", naive, None, None))
    note = (
        f"- n = {n:,}: engine population built in {building():.1f} s; brute force checked "
        f"against pair_score (max diff {checks[0]:.2e}) and the engine's exact top-k "
        f"(max diff of mass {checks[-1]:.2e}); peak RSS so far {peak_rss_mb():.0f} MB"
    )
    return rows[0], rows[1], note


def _collect(
    brute: BruteForce,
    sample: NDArray[np.int64],
    lists: dict[int, set[int]],
    args: argparse.Namespace,
    rng: np.random.Generator,
) -> tuple[Recall, Recall, list[float], list[float]]:
    kept: dict[str, list[float]] = {"engine": [], "naive": []}
    ids: dict[str, list[float]] = {"engine": [], "naive": []}
    exact_all: list[float] = []
    worst, empty = 0.0, 0
    people = brute.population.people() if brute.population.size <= 200_000 else None
    postings = Postings(brute.population)
    for start in range(0, sample.size, BATCH):
        rows = sample[start : start + BATCH]
        scores = brute.scores(rows)
        exact = top_mass(scores, args.k)
        exact_all += exact.tolist()
        for col, a in enumerate(rows.tolist()):
            column = scores[:, col]
            if people is not None and col == 0:
                worst = max(worst, _recheck(column, a, people, rng))
            if exact[col] <= 0:
                empty += 1
                continue
            best = set(np.argpartition(column, -args.k)[-args.k :].tolist())
            for name, found in (("engine", lists[a]), ("naive", postings.naive(a, rng))):
                kept[name].append(_kept(column, found, args.k))
                ids[name].append(len(best & found) / args.k)
    exact_pos = [e for e in exact_all if e > 0]
    results = [summarise(kept[x], exact_pos, ids[x], empty) for x in ("engine", "naive")]
    return results[0], results[1], exact_all, [worst]


def _kept(column: Matrix, found: set[int], k: int) -> float:
    if not found:
        return 0.0
    chosen = np.fromiter(found, dtype=np.int64)
    return float(top_mass(column[chosen, None], k)[0])


def _recheck(column: Matrix, a: int, people: list[Person], rng: np.random.Generator) -> float:
    """Largest difference between the brute-force column and pair_score on 20 partners."""
    config = MatchConfig()
    partners = np.concatenate([np.flatnonzero(column > 0)[:10], rng.integers(0, column.size, 10)])
    diffs = [abs(pair_score(people[a], people[b], config) - column[b]) for b in partners.tolist()]
    return float(max(diffs))


def _row(
    n: int, method: str, recall: Recall, edges: int | None, seconds: float | None
) -> list[str]:
    return [
        f"{n:,}",
        method,
        f"{100 * recall.mass:.2f}%",
        f"{100 * recall.mean:.2f}%",
        f"{100 * recall.p05:.1f}%",
        f"{100 * recall.ids:.1f}%",
        f"{recall.people} (+{recall.no_partner} without partner)",
        "—" if edges is None else f"{edges:,}",
        "—" if seconds is None else f"{seconds:.1f}",
    ]


HEADERS = ["n", "candidates", "kept mass", "mean share", "p5 share", "ids", "sampled people"]
HEADERS += ["candidate edges", "generation s"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="n = 20,000 only")
    parser.add_argument("--sizes", type=int, nargs="*")
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--k", type=int, default=20, help="top-k (the engine's top_k)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    sizes = args.sizes or ([20_000] if args.quick else [20_000, 100_000])
    print(machine_line(), flush=True)
    rows, notes = [], []
    for n in sizes:
        print(f"recall, n = {n}", flush=True)
        engine, naive, note = measure(n, args)
        rows += [engine, naive]
        notes.append(note)
    print(f"\n### Candidate recall (top-{args.k}, seed {args.seed})\n\n{table(HEADERS, rows)}\n")
    print("\n".join(notes))


if __name__ == "__main__":
    main()

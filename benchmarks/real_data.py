"""Our engine on the shape of real data, side by side with its peers, in one run.

    .venv/bin/python -m benchmarks.real_data                       # the default sizes below
    .venv/bin/python -m benchmarks.real_data --survey-sizes 20000 100000 1000000   # adds 1M
    .venv/bin/python -m benchmarks.real_data --sizes 2000 --survey-sizes --json out.json

Populations:

- the Stack Overflow Developer Survey 2017 (``--survey``, default
  ``../shared/data/devsurvey2017.csv``: 19,102 real respondents, "have" read as teaches and
  "want" as learns, as ``twoway match --column`` reads them; data © Stack Overflow, released
  under the Open Database License (ODbL) 1.0): its first 2,000 and 5,000 rows and all of it
  (``--sizes``; 0, or anything past the end, means all);
- the survey mode of benchmarks/generator.py (``--survey-sizes``, default 20,000 and 100,000;
  1,000,000 when asked), seed ``--seed``.

Contenders on each population, in one run:

- ours, ``match(people, MatchConfig())`` (welfare, the default), in a fresh process: through
  ``harness.run_contender("ours")`` for generated people (as benchmarks/scale.py runs it), and
  through this module's own child mode (``--child ours``, same record, same timing) for the
  survey's rows, which that contender can't regenerate. Time: ``perf_counter`` around the call;
  peak RSS: the child's own (GNU time, see benchmarks/harness.py).
- ours end to end: ``twoway match`` on a CSV of the same people (the survey's own rows with
  ``--column id=respondent --column teaches=have --column learns=want``; generated people as
  ``Population.write_csv`` writes them), timed from process start to exit with its peak RSS
  (benchmarks/end_to_end.py's ``twoway_match``).
- the naive greedy peer (:func:`benchmarks.contenders.naive_greedy`) in a fresh process the same
  way (``run_contender("naive-greedy")``, or ``--child greedy``), timed on the call alone.
- the exact optimum over ALL pairs, up to ``--exact-max`` people (default 5,000): rustworkx
  ``max_weight_matching`` (``run_contender("rustworkx")``, fresh process) on the full two-way
  graph with integer weights (scores ×1000 rounded). The full graph is built here (not by
  benchmarks/graph.py, which needs a generated population) from the people themselves: dense
  per-skill level and want-multiplier matrices, gains for every ordered pair by
  ``(x − y)⁺ = Σ_t [x ≥ t]·[y < t]`` (one matrix product per level t, by blocks of rows), the
  harmonic mean where both gains are positive; a sample of 3,000 pairs (half edges, half any
  pair) is re-scored with ``twoway.engine.scoring.pair_score`` and the run stops if any differs.
  Its matching is judged by the true scores, like everybody's.

Every contender's pairs are judged here by one yardstick: the engine's compiled pair weight
(``kernels.pair_weights``, the weight the bound below uses; a sample is re-scored with
``pair_score``), with validity (score > 0, no repeats, capacities). Per run: people; able
(:func:`benchmarks.able.able_rows`: teaches something, wants something they could still
learn); "could be matched" (people with at least one partner with gain both ways, over all pairs:
counted exactly, without the n² pairs, from per-(skill taught, level, skill wanted, own level)
counts when no hard constraint applies); matched (people in a pair); coverage (the matched share
of the able, :func:`benchmarks.able.coverage`) and the matched share of those who could be;
total weight; seconds; peak RSS; ratios ours/greedy, ours/exact and ours/bound.

The bound over ALL pairs (up to ``--bound-max`` people, default 20,000): the LP relaxation of
the b-matching on the full graph (max Σ w_e x_e, Σ_{e∋v} x_e ≤ cap_v, 0 ≤ x ≤ 1), by column
generation. The first edge set is the engine's solved pairs plus the greedy's; the LP is solved
by HiGHS (``scipy.optimize.linprog(method="highs")``), giving duals y ≥ 0 of the capacity rows.
Then every pair of people is searched for positive reduced cost w − y_u − y_v by the engine's
compiled ``twoway.engine.outside.search_outside``, called as ``pricing.solve_welfare_priced``
calls it: rows = people whose score bound ``stable.row_bounds`` exceeds y (nobody else can be
in a pair with positive reduced cost, as y ≥ 0), ``t = y``, the graph's pair codes as
``known``, additive, ``PER_ROW`` (8) best finds kept per row, the kernel arrays, config
parameters, forbidden codes and ``pop.postings()``. The pairs found with reduced cost above
``TOLERANCE`` (1e-9) join the graph and the LP is solved again, until none is found (converged)
or ``--rounds`` (30) rounds. At every round weak duality gives

    bound = Σ cap_v·y_v + Σ_{graph e} (w_e − y_u − y_v)⁺ + Σ_{other e} (w_e − y_u − y_v)⁺,

where the last sum is ``search_outside``'s fourth output summed over rows: it adds up the
excess of EVERY pair a row finds, not only the ``PER_ROW`` kept, and each pair is found once
(by its lower index when both ends are searched). The lowest bound over the rounds is reported,
and the LP optimum of the last graph (the full graph's LP when converged; then the two agree).
Two refinements, neither of which weakens the bound: (1) the LP solved each round has its
capacities perturbed by ``PERTURB`` (1e-5) × U(0, 1) per person: the LP is highly degenerate
and HiGHS, solving from scratch, jumps between its optimal duals, so searching at them added a
few pairs a round and devsurvey2017 had not converged after 30 rounds (6 minutes); with unique
duals it converges in about 8. The bound is computed with the true capacities at the y found
(any y ≥ 0 gives a valid bound) and the LP optimum reported is the unperturbed one. (2) After
the first round a row is searched again only if its y dropped since the last search or it found
pairs the graph didn't take: a pair outside the graph whose two ends kept or raised their y
had reduced cost ≤ 0 at the last search and still has. Where the full graph is built (up to
``--exact-max``), the bound is recomputed at every round's y over every edge of the full graph,
and the difference printed. Before the populations, the bound is checked at 300 people
(``--check-n``; the survey's first rows and a generated population), where the engine solves
the full graph exactly (``candidates.FULL_GRAPH_LIMIT``): it must agree with the engine's own
bound, and with HiGHS on the whole full graph, within 1e-6 relative.

Targets judged at the end: the survey (all rows): ≥ 97% of the able matched; total weight ≥ 99% of
the bound over all pairs (each population with a bound); ``twoway match`` end to end (its whole
process) faster than the greedy's call in the same run (the greedy's whole process is shown
beside it where it reads the same CSV); survey-like 100k: ≥ 97% matched, ≥ 99% of the bound
(when ``--bound-max`` reaches it), end to end within 15 s; survey-like 1M (only when run):
≥ 97% matched, end to end within 5 minutes and 8 GB.

The numba kernels are compiled first (``python -m twoway.engine.warm``, timed apart), so no
contender pays for compiling. In-process work here (able counts, the full graph, the bound) is
timed with ``perf_counter`` and carries no memory figure.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.optimize import linprog

from benchmarks.able import SURVEY, SURVEY_COLUMNS, able_rows, coverage
from benchmarks.contenders import naive_greedy
from benchmarks.end_to_end import own_timing, twoway_match
from benchmarks.generator import generate_population
from benchmarks.harness import (
    Outcome,
    current_rss_mb,
    machine_line,
    run_command,
    run_contender,
    stopwatch,
    table,
)
from twoway.engine import kernels
from twoway.engine.candidates import forbidden_codes
from twoway.engine.io.read import read_people
from twoway.engine.match import match
from twoway.engine.model import MAX_LEVEL, MatchConfig, Person
from twoway.engine.outside import search_outside
from twoway.engine.population import Population, build_population, config_params
from twoway.engine.scoring import pair_score, priority_multiplier
from twoway.engine.stable import row_bounds

Pairs = list[tuple[int, int]]
F64 = NDArray[np.float64]
I64 = NDArray[np.int64]

# Column generation: finds kept per searched row per round, the reduced cost that counts as
# positive, and the agreement wanted with the engine's own bound at FULL_GRAPH_LIMIT people.
PER_ROW = 8
TOLERANCE = 1e-9
PERTURB = 1e-5
CHECK_RELATIVE = 1e-6
# Cells of the full graph's gain matrices computed at once (rows per block × people).
BLOCK_CELLS = 20_000_000
# Cross products of cells handled at once by the "could be matched" count.
CROSS_CHUNK = 20_000_000

TARGET_COVERAGE = 0.97
TARGET_BOUND_SHARE = 0.99
TARGET_SECONDS = {100_000: 15.0, 1_000_000: 300.0}
TARGET_RSS_MB = {1_000_000: 8 * 1024}
CLI_COLUMNS = ["--column", "id=respondent", "--column", "teaches=have", "--column", "learns=want"]


# ---------------------------------------------------------------------------------------------
# Populations


@dataclass(slots=True)
class Subject:
    """One population: its people, the CSV ``twoway match`` reads, how contenders get it."""

    label: str
    people: list[Person]
    csv_path: Path
    cli_extra: list[str]
    generated: int | None  # n for the survey-mode generator; None for the survey's own rows
    index: dict[str, int] = field(default_factory=dict)


def survey_rows(source: Path, rows: int, target: Path) -> Path:
    """The survey's header and first ``rows`` data rows, written to ``target`` (CSV-aware)."""
    with source.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        kept = [row for _, row in zip(range(rows), reader, strict=False)]
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(kept)
    return target


def survey_length(source: Path) -> int:
    with source.open(newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def load_survey(path: Path) -> list[Person]:
    return read_people(path, columns=SURVEY_COLUMNS).people


# ---------------------------------------------------------------------------------------------
# Child mode: ours or the greedy on the survey's rows, in a fresh process


def child(args: argparse.Namespace) -> None:
    """``--child ours|greedy --people-csv FILE --out FILE``: one timed call, as contenders.py."""
    people = load_survey(Path(args.people_csv))
    index = {p.id: i for i, p in enumerate(people)}
    baseline = current_rss_mb()
    extra: dict[str, Any] = {}
    if args.child == "ours":
        with stopwatch() as elapsed:
            result = match(people, MatchConfig())
        pairs = [(index[p.a], index[p.b]) for p in result.pairs]
        fields = getattr(result.summary, "__slots__", ())
        extra["summary"] = {name: getattr(result.summary, name) for name in fields}
    else:
        with stopwatch() as elapsed:
            pairs = naive_greedy(people)
    record = {"seconds": elapsed(), "baseline_rss_mb": baseline, "pairs": pairs, "extra": extra}
    Path(args.out).write_text(json.dumps(record, default=str))


def run_child(kind: str, csv_path: Path, timeout: float) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="twoway-real-") as scratch:
        out = Path(scratch) / "result.json"
        command = [sys.executable, "-m", "benchmarks.real_data", "--child", kind]
        command += ["--people-csv", str(csv_path), "--out", str(out)]
        run = run_command(command, timeout)
        if run.status != "ok" or not out.exists():
            return Outcome(
                kind, run.status, seconds=run.seconds, peak_rss_mb=run.peak_rss_mb, error=run.stderr
            )
        data = json.loads(out.read_text())
    return Outcome(
        kind,
        "ok",
        seconds=float(data["seconds"]),
        peak_rss_mb=run.peak_rss_mb,
        baseline_rss_mb=float(data["baseline_rss_mb"]),
        pairs=[(int(a), int(b)) for a, b in data["pairs"]],
        extra={**data.get("extra", {}), "process_seconds": run.seconds},
    )


def run_ours(subject: Subject, args: argparse.Namespace) -> Outcome:
    if subject.generated is None:
        return run_child("ours", subject.csv_path, args.timeout)
    extra = ["--n", str(subject.generated), "--seed", str(args.seed)]
    extra += ["--population", json.dumps({"survey": True}), "--mode", "peer"]
    extra += ["--objective", "welfare", "--top-k", str(MatchConfig().top_k)]
    return run_contender("ours", extra, args.timeout)


def run_greedy(subject: Subject, args: argparse.Namespace) -> Outcome:
    if subject.generated is None:
        return run_child("greedy", subject.csv_path, args.timeout)
    extra = ["--n", str(subject.generated), "--seed", str(args.seed)]
    extra += ["--population", json.dumps({"survey": True})]
    return run_contender("naive-greedy", extra, args.timeout)


def run_cli(subject: Subject, scratch: Path, args: argparse.Namespace) -> Outcome:
    """``twoway match`` end to end: wall clock from process start to exit, peak RSS."""
    out = scratch / "pairs.csv"
    run = twoway_match(subject.csv_path, out, args.timeout, *subject.cli_extra)
    outcome = Outcome("cli", run.status, seconds=run.seconds, peak_rss_mb=run.peak_rss_mb)
    outcome.extra["own_timing"] = own_timing(run)
    if run.status != "ok":
        outcome.error = run.stderr
        return outcome
    with out.open(newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(handle)
        outcome.pairs = [(subject.index[r["a_id"]], subject.index[r["b_id"]]) for r in rows]
    return outcome


# ---------------------------------------------------------------------------------------------
# Judging pairs


@dataclass(slots=True)
class Judged:
    pairs: int
    matched: int
    able_matched: int
    coverage: float
    could_matched: int
    weight: float
    invalid: int  # pairs with no positive weight
    repeated: int
    over_capacity: int
    score_mismatch: float  # largest |kernel weight − pair_score| over a sample


def pair_arrays(pairs: Pairs) -> tuple[I64, I64]:
    ends = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    return np.minimum(ends[:, 0], ends[:, 1]), np.maximum(ends[:, 0], ends[:, 1])


class Yardstick:
    """Everything a population's pairs are judged by (computed once per population)."""

    def __init__(self, people: list[Person], config: MatchConfig) -> None:
        self.people, self.config = people, config
        self.pop = build_population(people, config)
        self.kargs = (
            self.pop.kernel_arrays(),
            config_params(config),
            forbidden_codes(self.pop, config),
        )
        self.able = able_rows(people)
        self.could = could_be_matched(self.pop, config)

    def weights(self, u: I64, v: I64) -> F64:
        return np.asarray(kernels.pair_weights(u, v, *self.kargs), dtype=np.float64)

    def judge(self, pairs: Pairs) -> Judged:
        n = self.pop.size
        u, v = pair_arrays(pairs)
        w = self.weights(u, v)
        degree = np.bincount(np.concatenate([u, v]), minlength=n)
        matched = set(np.flatnonzero(degree).tolist())
        rng = np.random.default_rng(0)
        sample = rng.choice(u.shape[0], min(500, u.shape[0]), replace=False)
        mismatch = max(
            (
                abs(pair_score(self.people[u[k]], self.people[v[k]], self.config) - w[k])
                for k in sample.tolist()
            ),
            default=0.0,
        )
        could = int(np.count_nonzero(self.could & (degree > 0))) if self.could is not None else -1
        return Judged(
            pairs=len(pairs),
            matched=len(matched),
            able_matched=len(matched & self.able),
            coverage=coverage(pairs, self.people),
            could_matched=could,
            weight=float(w[w > 0].sum()),
            invalid=int(np.count_nonzero(w <= 0)),
            repeated=int(u.shape[0] - np.unique(u * n + v).shape[0]),
            over_capacity=int(np.count_nonzero(degree > self.pop.capacity)),
            score_mismatch=float(mismatch),
        )


def _cross(owner1: I64, owner2: I64, n: int) -> Iterator[tuple[I64, I64]]:
    """Every (cell of list 1, cell of list 2) of the same owner, in chunks; owners sorted."""
    count2 = np.bincount(owner2, minlength=n)
    start2 = np.concatenate([[0], np.cumsum(count2)[:-1]])
    reps = count2[owner1]
    ends = np.cumsum(reps)
    first = 0
    while first < owner1.shape[0]:
        base = ends[first] - reps[first]
        last = max(first + 1, int(np.searchsorted(ends, base + CROSS_CHUNK, side="right")))
        block = np.arange(first, last)
        r = reps[block]
        i1 = np.repeat(block, r)
        offsets = np.arange(i1.shape[0]) - np.repeat(np.cumsum(r) - r, r)
        yield i1, start2[owner1[i1]] + offsets
        first = last


def could_be_matched(pop: Population, config: MatchConfig) -> NDArray[np.bool_] | None:
    """Who has at least one partner with gain both ways, over all pairs; None when a hard
    constraint (mentor–mentee roles, groups, languages, forbidden pairs) could part them.

    gain(b→a) > 0 iff b teaches some s that a wants above a's own level there; gain(a→b) > 0
    iff a teaches some r that b wants with b's own level below a's. So count, for every
    (s, level l, r, own o), the people who teach s at l and want r at own level o; a has a
    partner iff some (s a wants, r a teaches) has somebody teaching s above a's own level and
    wanting r below a's level (a never counts: a's level in s is its own level). Linear in the
    cells' cross products per person, exact.
    """
    multi_language = config.require_shared_language and np.count_nonzero(pop.has_languages) > 1
    grouped = config.exclude_same_group and np.any(pop.group >= 0)
    if config.mode != "peer" or multi_language or grouped or config.forbidden:
        return None
    n, skills, levels = pop.size, len(pop.skills), MAX_LEVEL + 1
    present = pop.capacity > 0
    t_owner, t_col = np.nonzero((pop.teach_skill >= 0) & present[:, None])
    t_skill = pop.teach_skill[t_owner, t_col].astype(np.int64)
    t_level = pop.teach_level[t_owner, t_col].astype(np.int64)
    w_owner, w_col = np.nonzero((pop.want_skill >= 0) & (pop.want_mult > 0) & present[:, None])
    w_skill = pop.want_skill[w_owner, w_col].astype(np.int64)
    w_own = pop.want_own[w_owner, w_col].astype(np.int64)
    t_owner, w_owner = t_owner.astype(np.int64), w_owner.astype(np.int64)
    size = skills * levels * skills * levels
    counts = np.zeros(size, dtype=np.int64)
    for i, j in _cross(t_owner, w_owner, n):
        key = ((t_skill[i] * levels + t_level[i]) * skills + w_skill[j]) * levels + w_own[j]
        counts += np.bincount(key, minlength=size)
    grid = counts.reshape(skills, levels, skills, levels)
    # At least level l in s (suffix sums over l), own level at most o in r (prefix sums over o).
    flat = np.cumsum(np.cumsum(grid[:, ::-1], axis=1)[:, ::-1], axis=3).reshape(-1)
    has = np.zeros(n, dtype=np.bool_)
    useful = w_own < MAX_LEVEL
    wo, ws, wl = w_owner[useful], w_skill[useful], w_own[useful]
    for j, i in _cross(wo, t_owner, n):
        key = ((ws[j] * levels + wl[j] + 1) * skills + t_skill[i]) * levels + t_level[i] - 1
        has[wo[j][flat[key] > 0]] = True
    return has


# ---------------------------------------------------------------------------------------------
# The full graph (up to --exact-max people)


def full_edges(people: Sequence[Person], config: MatchConfig) -> tuple[I64, I64, F64]:
    """Every pair (i < j) with gain both ways and its peer score, by dense products."""
    if config.mode != "peer" or any(
        p.languages or p.group or p.utc_offset_minutes is not None for p in people
    ):
        raise ValueError("the full graph here is for peer mode without languages/groups/timezones")
    n = len(people)
    ids: dict[str, int] = {}
    cells = [
        (i, ids.setdefault(s, len(ids)), lvl)
        for i, p in enumerate(people)
        for s, lvl in p.teaches.items()
    ]
    wants = [
        (i, ids.setdefault(s, len(ids)), priority_multiplier(q, config.weights))
        for i, p in enumerate(people)
        for s, q in p.learns.items()
    ]
    level, mult = np.zeros((n, len(ids))), np.zeros((n, len(ids)))
    for i, s, lvl in cells:
        level[i, s] = lvl
    for i, s, m in wants:
        mult[i, s] = m
    steps = [t for t in range(1, MAX_LEVEL + 1) if np.any(level >= t)]
    teach = [(level >= t).astype(np.float64) for t in steps]
    learn = [mult * (level < t) for t in steps]
    block = max(1, BLOCK_CELLS // max(n, 1))
    out_i, out_j, out_w = [], [], []
    for start in range(0, n, block):
        rows = slice(start, min(n, start + block))
        forward, backward = np.zeros((rows.stop - start, n)), np.zeros((rows.stop - start, n))
        for a, b in zip(teach, learn, strict=True):
            forward += a[rows] @ b.T
            backward += b[rows] @ a.T
        r, c = np.nonzero((forward > 0) & (backward > 0))
        keep = c > r + start
        r, c = r[keep], c[keep]
        g1, g2 = forward[r, c], backward[r, c]
        out_i.append(r + start)
        out_j.append(c)
        out_w.append(2 * g1 * g2 / (g1 + g2))
    low = np.concatenate([np.zeros(0, dtype=np.int64), *out_i]).astype(np.int64)
    high = np.concatenate([np.zeros(0, dtype=np.int64), *out_j]).astype(np.int64)
    return low, high, np.concatenate([np.zeros(0), *out_w]).astype(np.float64)


def check_edges(
    edges: tuple[I64, I64, F64], people: Sequence[Person], config: MatchConfig
) -> float:
    """The largest difference from ``pair_score`` over 1,500 edges and 1,500 random pairs."""
    i, j, w = edges
    n = len(people)
    rng = np.random.default_rng(1)
    dense = {(a, b): s for a, b, s in zip(i.tolist(), j.tolist(), w.tolist(), strict=True)}
    picked = rng.integers(0, max(i.size, 1), 1500) if i.size else np.zeros(0, dtype=np.int64)
    pairs = [(int(i[k]), int(j[k])) for k in picked]
    pairs += [tuple(sorted(p)) for p in rng.integers(0, n, (1500, 2)).tolist() if p[0] != p[1]]
    return max(
        (abs(pair_score(people[a], people[b], config) - dense.get((a, b), 0.0)) for a, b in pairs),
        default=0.0,
    )


def run_exact(edges: tuple[I64, I64, F64], n: int, scratch: Path, timeout: float) -> Outcome:
    path = scratch / "graph.npz"
    i, j, w = edges
    np.savez(path, n=n, i=i, j=j, w=w)
    outcome = run_contender("rustworkx", ["--graph", str(path)], timeout)
    path.unlink()
    return outcome


# ---------------------------------------------------------------------------------------------
# The bound over all pairs


@dataclass(slots=True)
class Bound:
    best: float = math.inf  # the lowest bound over the rounds
    lp: float = math.nan  # the LP optimum of the last graph (the full graph's when converged)
    converged: bool = False
    rounds: int = 0
    edges: int = 0
    seconds: float = 0.0
    search_seconds: float = 0.0
    lp_seconds: float = 0.0
    # Largest |graph + outside sums − the same sum over every edge of the full graph| (when built).
    full_check: float = math.nan
    history: list[dict[str, float]] = field(default_factory=list)


def _lp(n: int, u: I64, v: I64, w: F64, cap: F64) -> tuple[float, F64]:
    m = u.shape[0]
    incidence = sp.csr_matrix(
        (np.ones(2 * m), (np.concatenate([u, v]), np.concatenate([np.arange(m)] * 2))),
        shape=(n, m),
    )
    res = linprog(-w, A_ub=incidence, b_ub=cap, bounds=(0.0, 1.0), method="highs")
    if res.status != 0:
        raise RuntimeError(f"HiGHS: {res.message}")
    return float(-res.fun), np.maximum(-np.asarray(res.ineqlin.marginals), 0.0)


class _Pricer:
    """The LP's graph, and searches of every pair outside it at a dual point y ≥ 0."""

    def __init__(self, yard: Yardstick, seeds: Pairs) -> None:
        self.yard, self.pop = yard, yard.pop
        self.n = self.pop.size
        self.cap = self.pop.capacity.astype(np.float64)
        self.ub = row_bounds(self.pop, yard.config)
        u, v = pair_arrays(seeds)
        codes = np.unique(u * self.n + v)
        u, v = codes // self.n, codes % self.n
        w = yard.weights(u, v)
        self.u, self.v, self.w = u[w > 0], v[w > 0], w[w > 0]
        self.seconds = 0.0

    def graph_part(self, y: F64) -> float:
        excess = np.maximum(self.w - y[self.u] - y[self.v], 0.0)
        return float(self.cap @ y + excess.sum())

    def search(self, y: F64, only: NDArray[np.bool_] | None) -> tuple[float, I64, I64, I64, I64]:
        """The bound at y, and the pairs found with reduced cost above TOLERANCE (each row's
        PER_ROW best); also the rows searched, how many pairs each found and how many it gave.

        ``only`` limits the rows searched (see :func:`all_pairs_bound` for when that is safe).
        """
        n = self.n
        t = y.copy()
        t[self.cap <= 0] = np.inf
        mask = self.ub > t if only is None else (self.ub > t) & only
        rows = np.flatnonzero(mask).astype(np.int32)
        searched = np.zeros(n, dtype=np.bool_)
        searched[rows] = True
        known = np.sort(self.u * n + self.v)
        with stopwatch() as elapsed:
            idx, key, found, excess = search_outside(
                rows,
                searched,
                t,
                self.ub,
                known,
                PER_ROW,
                True,
                *self.yard.kargs,
                self.pop.postings(),
            )
        self.seconds += elapsed()
        bound = self.graph_part(y) + float(np.asarray(excess).sum())
        hit = (np.asarray(idx) >= 0) & (np.asarray(key) > TOLERANCE)
        starts = np.repeat(rows.astype(np.int64), PER_ROW).reshape(-1, PER_ROW)[hit]
        ends = np.asarray(idx, dtype=np.int64)[hit]
        left = np.asarray(found, dtype=np.int64) - hit.sum(axis=1)
        low, high = np.minimum(starts, ends), np.maximum(starts, ends)
        return bound, low, high, rows.astype(np.int64), left

    def add(self, nu: I64, nv: I64) -> int:
        fresh = np.unique(nu * self.n + nv)
        nu, nv = fresh // self.n, fresh % self.n
        self.u, self.v = np.concatenate([self.u, nu]), np.concatenate([self.v, nv])
        self.w = np.concatenate([self.w, self.yard.weights(nu, nv)])
        return int(fresh.shape[0])


def all_pairs_bound(
    yard: Yardstick,
    seeds: Pairs,
    rounds: int,
    full: tuple[I64, I64, F64] | None = None,
) -> Bound:
    """Column generation of the b-matching LP over all pairs (see the module docstring).

    The LP solved each round has its capacities perturbed by ``PERTURB``·U(0, 1) per person (a
    seeded draw): this LP is highly degenerate, and HiGHS, solving from scratch each round,
    jumps between its many optimal duals, so a search at them finds a few new pairs a round
    for dozens of rounds (devsurvey2017: not converged in 30). With the perturbation the duals
    are unique and the loop ends in a handful of rounds. The bound is computed with the true
    capacities at whatever y the LP gave (any y ≥ 0 is a valid bound), and the LP optimum
    reported is the unperturbed LP of the last graph.

    Rows are searched again only where they could hold a pair with positive reduced cost: one
    end's y dropped since the last search, or the row found pairs the graph didn't take. A pair
    outside the graph whose ends both kept or raised their y, and that was not left over, had
    reduced cost ≤ 0 at the last search and still has.
    """
    pricer = _Pricer(yard, seeds)
    n = pricer.n
    out = Bound()
    jitter = PERTURB * np.random.default_rng(0).random(n)
    previous = np.full(n, np.inf)  # y at the last search: every row is searched first
    pending = np.zeros(n, dtype=np.bool_)
    with stopwatch() as total:
        while out.rounds < rounds:
            out.rounds += 1
            with stopwatch() as solving:
                _, y = _lp(n, pricer.u, pricer.v, pricer.w, pricer.cap + jitter)
            out.lp_seconds += solving()
            bound, nu, nv, rows, left = pricer.search(y, (y < previous) | pending)
            out.best = min(out.best, bound)
            if full is not None:
                fi, fj, fw = full
                every = float(pricer.cap @ y + np.maximum(fw - y[fi] - y[fj], 0.0).sum())
                out.full_check = max(abs(bound - every), np.nan_to_num(out.full_check))
            previous = y
            pending = np.zeros(n, dtype=np.bool_)
            pending[rows[left > 0]] = True
            out.history.append(
                {
                    "round": out.rounds,
                    "edges": int(pricer.u.shape[0]),
                    "bound": bound,
                    "rows searched": int(rows.shape[0]),
                    "added": int(nu.shape[0]),
                }
            )
            if nu.shape[0] == 0:
                out.converged = True
                break
            pricer.add(nu, nv)
        with stopwatch() as solving:
            out.lp, _ = _lp(n, pricer.u, pricer.v, pricer.w, pricer.cap)
        out.lp_seconds += solving()
    out.seconds = total()
    out.search_seconds = pricer.seconds
    out.edges = int(pricer.u.shape[0])
    return out


def check_bound(label: str, people: list[Person], args: argparse.Namespace) -> list[str]:
    """At FULL_GRAPH_LIMIT people the engine solves the full graph: our bound must agree."""
    config = MatchConfig()
    result = match(people, config)
    summary = result.summary
    index = {p.id: i for i, p in enumerate(people)}
    ours = [(index[p.a], index[p.b]) for p in result.pairs]
    yard = Yardstick(people, config)
    edges = full_edges(people, config)
    bound = all_pairs_bound(yard, ours + naive_greedy(people), args.rounds, edges)
    lp_full, _ = _lp(
        len(people), edges[0], edges[1], edges[2], yard.pop.capacity.astype(np.float64)
    )
    engine = summary.upper_bound
    worst = max(abs(bound.best - engine), abs(bound.lp - lp_full), abs(bound.best - lp_full))
    relative = worst / max(abs(engine), 1e-12)
    ok = relative <= CHECK_RELATIVE and summary.bound_graph == "full" and bound.converged
    return [
        f"- bound check, {label} ({len(people)} people, {edges[0].size:,} edges): ours "
        f"{bound.best:.6f} (LP {bound.lp:.6f}, {bound.rounds} rounds, "
        f"{'converged' if bound.converged else 'NOT converged'}), HiGHS on the full graph "
        f"{lp_full:.6f}, the engine's own bound {engine:.6f} (over "
        f"{summary.bound_graph or '?'}; its weight {summary.total_weight:.6f}): largest "
        f"relative difference {relative:.1e} — {'agree' if ok else 'DISAGREE'} "
        f"(≤ {CHECK_RELATIVE:g}); outside sum vs every edge: {bound.full_check:.1e}"
    ]


# ---------------------------------------------------------------------------------------------
# One population


@dataclass(slots=True)
class Report:
    label: str
    people: int
    able: int
    could: int
    generated: int | None
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    judged: dict[str, Judged] = field(default_factory=dict)
    bound: Bound | None = None
    exact_edges: int = -1
    edge_check: float = math.nan
    could_check: int = -1  # people whose "could be matched" differs from the full graph's
    notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def weight(self, name: str) -> float:
        judged = self.judged.get(name)
        return judged.weight if judged else math.nan


CONTENDERS = {
    "ours": "ours: match()",
    "cli": "ours: `twoway match` end to end",
    "greedy": "naive greedy",
    "exact": "exact optimum (rustworkx)",
}


def run_subject(subject: Subject, scratch: Path, args: argparse.Namespace) -> Report:
    n = len(subject.people)
    print(f"{subject.label}: {n:,} people", flush=True)
    config = MatchConfig()
    with stopwatch() as preparing:
        yard = Yardstick(subject.people, config)
    could = int(yard.could.sum()) if yard.could is not None else -1
    report = Report(subject.label, n, len(yard.able), could, subject.generated)
    report.seconds["able and could-be-matched counts"] = preparing()
    report.outcomes["ours"] = run_ours(subject, args)
    print(f"  ours: {_status(report.outcomes['ours'])}", flush=True)
    report.outcomes["cli"] = run_cli(subject, scratch, args)
    print(f"  twoway match: {_status(report.outcomes['cli'])}", flush=True)
    report.outcomes["greedy"] = run_greedy(subject, args)
    print(f"  naive greedy: {_status(report.outcomes['greedy'])}", flush=True)
    edges = None
    if n <= args.exact_max:
        with stopwatch() as building:
            edges = full_edges(subject.people, config)
            report.edge_check = check_edges(edges, subject.people, config)
        report.seconds["full graph built and checked"] = building()
        report.exact_edges = int(edges[0].size)
        if report.edge_check > 1e-9:
            raise SystemExit(f"the full graph differs from pair_score by {report.edge_check}")
        if yard.could is not None:
            degree = np.bincount(np.concatenate(edges[:2]), minlength=n)
            report.could_check = int(np.count_nonzero((degree > 0) != yard.could))
        report.outcomes["exact"] = run_exact(edges, n, scratch, args.exact_timeout)
        print(f"  exact ({edges[0].size:,} edges): {_status(report.outcomes['exact'])}", flush=True)
    for name, outcome in report.outcomes.items():
        if outcome.ok:
            report.judged[name] = yard.judge(outcome.pairs)
    if n <= args.bound_max:
        seeds = report.outcomes["ours"].pairs + report.outcomes["greedy"].pairs
        report.bound = all_pairs_bound(yard, seeds, args.rounds, edges)
        b = report.bound
        print(f"  bound: {b.best:,.3f} in {b.rounds} rounds, {b.seconds:.1f} s", flush=True)
    _notes(report)
    return report


def _status(outcome: Outcome) -> str:
    if not outcome.ok:
        return f"{outcome.status} after {outcome.seconds:.1f} s {outcome.error[-300:]!r}"
    return f"{outcome.seconds:.2f} s, {len(outcome.pairs):,} pairs"


def _notes(report: Report) -> None:
    ours, cli = report.outcomes["ours"], report.outcomes["cli"]
    summary = ours.extra.get("summary", {})
    if summary:
        stages = ", ".join(f"{k} {v:.2f}" for k, v in summary.get("stage_seconds", {}).items())
        report.notes.append(
            f"engine says: weight {summary['total_weight']:,.3f}, bound "
            f"{summary['upper_bound']:,.3f} over {summary.get('bound_graph', '?')}, candidates "
            f"{summary.get('candidate_method', '?')} ({summary['candidate_edges']:,} edges, "
            f"{summary.get('repair_edges', 0):,} added); stages (s): {stages}"
        )
    if "check" in ours.extra:
        report.notes.append(f"ours, the contender's checks: {ours.extra['check']}")
    if ours.ok and cli.ok:
        same = {tuple(sorted(p)) for p in ours.pairs} == {tuple(sorted(p)) for p in cli.pairs}
        report.notes.append(
            f"`twoway match`: {cli.extra.get('own_timing', '')}; its pairs "
            f"{'are the same as' if same else 'DIFFER from'} match()'s"
        )
    for name, judged in report.judged.items():
        if (
            judged.invalid
            or judged.repeated
            or judged.over_capacity
            or judged.score_mismatch > 1e-9
        ):
            report.notes.append(f"{CONTENDERS[name]}: INVALID {asdict(judged)}")
    if report.exact_edges >= 0:
        exact = report.outcomes.get("exact")
        build = exact.extra.get("build_seconds", math.nan) if exact else math.nan
        report.notes.append(
            f"full graph: {report.exact_edges:,} edges, max |score − pair_score| on 3,000 "
            f"pairs {report.edge_check:.1e}; rustworkx built its graph in {build:.1f} s (untimed)"
        )
        if report.could_check >= 0:
            report.notes.append(
                f"could be matched, counted against the full graph's degrees: "
                f"{report.could_check} people differ"
            )
    b = report.bound
    if b is not None:
        state = "converged" if b.converged else f"NOT converged after {b.rounds} rounds"
        lp = f"LP optimum {b.lp:,.6f}" if b.converged else f"last LP {b.lp:,.6f} (a lower figure)"
        check = (
            "" if math.isnan(b.full_check) else f"; outside sum vs every edge {b.full_check:.1e}"
        )
        report.notes.append(
            f"bound: {state}; best bound {b.best:,.6f}, {lp}; {b.edges:,} edges at the end; "
            f"{b.seconds:.1f} s ({b.lp_seconds:.1f} LP, {b.search_seconds:.1f} search){check}"
        )
        optimum = report.judged.get("exact")
        if optimum and optimum.weight > b.best * (1 + 1e-9):
            report.notes.append("bound BELOW the exact optimum: something is wrong")
    for name, seconds in report.seconds.items():
        report.notes.append(f"{name}: {seconds:.1f} s (in process, untimed for contenders)")


# ---------------------------------------------------------------------------------------------
# Output


def _share(part: float, whole: float) -> str:
    return (
        f"{part / whole:.2%}" if whole and not math.isnan(part) and not math.isnan(whole) else "—"
    )


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.4f}" if b and not math.isnan(a) and not math.isnan(b) else "—"


def run_rows(report: Report) -> list[list[str]]:
    rows = []
    for name, label in CONTENDERS.items():
        outcome = report.outcomes.get(name)
        if outcome is None:
            continue
        judged = report.judged.get(name)
        cells = [report.label, label, outcome.status]
        if judged is None:
            cells += ["—"] * 6
        else:
            could = "—" if judged.could_matched < 0 else _share(judged.could_matched, report.could)
            cells += [f"{judged.matched:,}", _share(judged.able_matched, report.able), could]
            cells += [f"{judged.pairs:,}", f"{judged.weight:,.1f}"]
            cells.append(_share(judged.weight, report.bound.best) if report.bound else "—")
        rss = "—" if math.isnan(outcome.peak_rss_mb) else f"{outcome.peak_rss_mb:,.0f}"
        rows.append([*cells, f"{outcome.seconds:.2f}", rss])
    if report.bound is not None:
        b = report.bound
        label = "LP bound over all pairs" + ("" if b.converged else " (not converged)")
        rows.append(
            [report.label, label, "ok" if b.converged else "capped"]
            + ["—"] * 4
            + [f"{b.best:,.1f}", "100.00%", f"{b.seconds:.2f}", "—"]
        )
    return rows


RUN_HEADERS = ["population", "contender", "status", "matched", "coverage (of able)"]
RUN_HEADERS += ["of could be matched", "pairs", "weight", "of bound", "seconds", "peak RSS MB"]


def summary_row(report: Report) -> list[str]:
    ours, greedy, exact = (report.weight(k) for k in ("ours", "greedy", "exact"))
    bound = report.bound.best if report.bound else math.nan
    cli, greedy_run = report.outcomes["cli"], report.outcomes["greedy"]
    faster = "—"
    if cli.ok and greedy_run.ok:
        faster = "yes" if cli.seconds < greedy_run.seconds else "no"
    could = "—" if report.could < 0 else f"{report.could:,}"
    return [
        report.label,
        f"{report.people:,}",
        f"{report.able:,}",
        could,
        _ratio(ours, greedy),
        _ratio(ours, exact),
        _ratio(ours, bound),
        _ratio(greedy, bound),
        f"{cli.seconds:.2f}" if cli.ok else cli.status,
        f"{greedy_run.seconds:.2f}" if greedy_run.ok else greedy_run.status,
        faster,
    ]


SUMMARY_HEADERS = ["population", "people", "able", "could be matched", "weight ours/greedy"]
SUMMARY_HEADERS += ["ours/exact", "ours/bound", "greedy/bound", "end to end s", "greedy s"]
SUMMARY_HEADERS += ["end to end faster"]


def verdicts(reports: list[Report], full_survey: str | None) -> list[str]:
    lines = []

    def mark(ok: bool | None) -> str:
        return "not measured" if ok is None else ("MET" if ok else "MISSED")

    for report in reports:
        ours = report.judged.get("ours")
        if report.label == full_survey and ours:
            share = ours.able_matched / report.able
            lines.append(
                f"- {report.label}: ≥ 97% of the able matched: {mark(share >= TARGET_COVERAGE)} "
                f"({share:.2%}; `twoway match`: {_cov(report, 'cli')})"
            )
    for report in reports:
        ours = report.judged.get("ours")
        if report.bound is not None and ours:
            share = ours.weight / report.bound.best
            lines.append(
                f"- {report.label}: weight ≥ 99% of the all-pairs bound: "
                f"{mark(share >= TARGET_BOUND_SHARE)} ({share:.2%})"
            )
    for report in reports:
        cli, greedy = report.outcomes["cli"], report.outcomes["greedy"]
        ok = cli.seconds < greedy.seconds if cli.ok and greedy.ok else None
        process = greedy.extra.get("process_seconds")
        whole = "" if process is None else f"; its whole process, reading the CSV: {process:.2f} s"
        lines.append(
            f"- {report.label}: end to end faster than the greedy: {mark(ok)} "
            f"({cli.seconds:.2f} s against the greedy's call, {greedy.seconds:.2f} s{whole})"
        )
    for report in reports:
        n = report.generated
        if n not in TARGET_SECONDS:
            continue
        ours, cli = report.judged.get("ours"), report.outcomes["cli"]
        seconds, rss = TARGET_SECONDS[n], TARGET_RSS_MB.get(n)
        share = ours.able_matched / report.able if ours else math.nan
        parts = [f"≥ 97% matched: {mark(share >= TARGET_COVERAGE if ours else None)} ({share:.2%})"]
        if rss is None:
            share, detail = _bound_share(report)
            ok = share >= TARGET_BOUND_SHARE if share is not None else None
            parts.append(f"≥ 99% of the bound: {mark(ok)} ({detail})")
        time_ok = cli.ok and cli.seconds <= seconds
        parts.append(
            f"end to end ≤ {seconds:.0f} s: {mark(time_ok)} ({cli.seconds:.1f} s; "
            f"match() {report.outcomes['ours'].seconds:.1f} s)"
        )
        if rss is not None:
            ok = cli.ok and cli.peak_rss_mb <= rss
            parts.append(
                f"≤ {rss / 1024:.0f} GB: {mark(ok)} ({cli.peak_rss_mb:,.0f} MB end to end, "
                f"{report.outcomes['ours'].peak_rss_mb:,.0f} MB match() process)"
            )
        lines.append(f"- {report.label}: " + "; ".join(parts))
    return lines


def _bound_share(report: Report) -> tuple[float | None, str]:
    """Our weight's share of the benchmark's bound over all pairs; above ``--bound-max``, of the
    run's own bound when it covers every pair (``bound_graph`` "full": a bound too, checked
    against this benchmark's at ``--check-n`` people, so the true share is at least this)."""
    ours = report.judged.get("ours")
    if ours is None:
        return None, "no result"
    if report.bound is not None:
        return ours.weight / report.bound.best, f"{ours.weight / report.bound.best:.2%}"
    summary = report.outcomes["ours"].extra.get("summary", {})
    if summary.get("bound_graph") == "full" and summary.get("upper_bound", 0) > 0:
        share = ours.weight / summary["upper_bound"]
        return share, f"{share:.2%} of the run's own bound over all pairs; not computed here"
    return None, "bound not computed"


def _cov(report: Report, name: str) -> str:
    judged = report.judged.get(name)
    return _share(judged.able_matched, report.able) if judged else "—"


# ---------------------------------------------------------------------------------------------
# Main


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--survey", type=Path, default=SURVEY, help="the real survey CSV")
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=[2_000, 5_000, 0],
        help="the survey's first rows (0: all of it)",
    )
    parser.add_argument(
        "--survey-sizes",
        type=int,
        nargs="*",
        default=[20_000, 100_000],
        help="survey-mode generated populations",
    )
    parser.add_argument("--bound-max", type=int, default=20_000)
    parser.add_argument("--exact-max", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=30, help="column generation rounds")
    parser.add_argument("--check-n", type=int, default=300, help="0 skips the bound check")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=1200.0, help="seconds per contender")
    parser.add_argument("--exact-timeout", type=float, default=1800.0)
    parser.add_argument("--json", type=Path, help="keep every figure here")
    parser.add_argument("--child", choices=["ours", "greedy"], help=argparse.SUPPRESS)
    parser.add_argument("--people-csv", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def subjects(args: argparse.Namespace, scratch: Path) -> Iterator[Subject]:
    total = survey_length(args.survey) if args.survey.exists() else 0
    for rows in dict.fromkeys(total if r <= 0 or r >= total else r for r in args.sizes):
        if not total:
            break
        path = (
            args.survey
            if rows == total
            else survey_rows(args.survey, rows, scratch / f"s{rows}.csv")
        )
        label = f"devsurvey2017, {'all' if rows == total else 'first'} {rows:,} rows"
        people = load_survey(path)
        yield Subject(
            label, people, path, CLI_COLUMNS, None, {p.id: i for i, p in enumerate(people)}
        )
    for n in args.survey_sizes:
        population = generate_population(n, args.seed, survey=True)
        path = scratch / f"survey-{n}.csv"
        population.write_csv(path)
        people = population.people()
        del population
        label = f"survey mode, n = {n:,}, seed {args.seed}"
        yield Subject(
            label,
            people,
            path,
            ["--seed", str(args.seed)],
            n,
            {p.id: i for i, p in enumerate(people)},
        )


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    if args.child:
        child(args)
        return
    with stopwatch() as whole:
        print(machine_line(), flush=True)
        warm = run_command([sys.executable, "-m", "twoway.engine.warm"], args.timeout)
        print(
            f"kernels compiled/cached (python -m twoway.engine.warm): {warm.status}, "
            f"{warm.seconds:.1f} s",
            flush=True,
        )
        checks: list[str] = []
        if args.check_n > 0:
            if args.survey.exists():
                with tempfile.TemporaryDirectory(prefix="twoway-real-") as scratch:
                    path = survey_rows(args.survey, args.check_n, Path(scratch) / "check.csv")
                    checks += check_bound("devsurvey2017 first rows", load_survey(path), args)
            people = generate_population(args.check_n, args.seed, survey=True).people()
            checks += check_bound(f"survey mode, seed {args.seed}", people, args)
            print("\n".join(checks), flush=True)
        reports = []
        with tempfile.TemporaryDirectory(prefix="twoway-real-") as scratch:
            for subject in subjects(args, Path(scratch)):
                reports.append(run_subject(subject, Path(scratch), args))
                if subject.generated is not None:
                    subject.csv_path.unlink()
        full_survey = next((r.label for r in reports if "all" in r.label), None)
        print()
        print(f"### Runs\n\n{table(RUN_HEADERS, [row for r in reports for row in run_rows(r)])}\n")
        print(f"### Side by side\n\n{table(SUMMARY_HEADERS, [summary_row(r) for r in reports])}\n")
        print("### Per run\n")
        for report in reports:
            print(
                f"- {report.label}: {report.people:,} people, {report.able:,} able, "
                f"{'—' if report.could < 0 else f'{report.could:,}'} could be matched"
            )
            for note in report.notes:
                print(f"  - {note}")
        if checks:
            print("\n### Bound check at the engine's full-graph size\n")
            print("\n".join(checks))
        print("\n### Verdicts\n")
        print("\n".join(verdicts(reports, full_survey)))
    print(f"\nwhole run: {whole():.0f} s")
    if args.json:
        records = [
            {
                "label": r.label,
                "people": r.people,
                "able": r.able,
                "could": r.could,
                "judged": {k: asdict(v) for k, v in r.judged.items()},
                "outcomes": {
                    k: {
                        "status": o.status,
                        "seconds": o.seconds,
                        "peak_rss_mb": o.peak_rss_mb,
                        "extra": o.extra,
                    }
                    for k, o in r.outcomes.items()
                },
                "bound": asdict(r.bound) if r.bound else None,
                "exact_edges": r.exact_edges,
                "notes": r.notes,
            }
            for r in reports
        ]
        args.json.write_text(json.dumps({"checks": checks, "runs": records}, indent=1, default=str))


if __name__ == "__main__":
    main()

"""What skipping the stable objective's proof costs: blocking pairs over ALL pairs.

    .venv/bin/python -m benchmarks.stable_gap --n 100000      # about 3 minutes on 2 cores

Runs the stable objective without its full-graph proof (as above ``stable.PROOF_LIMIT``:
greedy on the candidates plus the leftovers' search), then searches every pair of people for
blocking pairs against that result with the engine's own full-graph search (the proof's first
round: thresholds from the result, every row walked). Quadratic, like the proof.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from benchmarks.generator import generate_population
from benchmarks.harness import machine_line
from twoway.engine import match as match_module
from twoway.engine import stable
from twoway.engine.candidates import forbidden_codes
from twoway.engine.model import MatchConfig, MatchResult
from twoway.engine.population import Population, build_population, config_params


def blocking_over_all_pairs(result: MatchResult, pop: Population, config: MatchConfig) -> int:
    """Unmatched pairs, anywhere in the full graph, that both people prefer to their weakest
    partner (or who have room)."""
    n = pop.size
    index = {pid: i for i, pid in enumerate(pop.ids)}
    a = np.array([index[p.a] for p in result.pairs], dtype=np.int64)
    b = np.array([index[p.b] for p in result.pairs], dtype=np.int64)
    u, v = np.minimum(a, b), np.maximum(a, b)
    weight = np.array([p.score for p in result.pairs], dtype=np.float64)
    residual = pop.capacity.astype(np.int64) - np.bincount(u, minlength=n)
    residual -= np.bincount(v, minlength=n)
    t, _ = stable.thresholds(pop, (u, v, weight), residual)
    t[pop.capacity <= 0] = np.inf
    ub = stable.row_bounds(pop, config)
    rows = np.flatnonzero(ub > t).astype(np.int32)
    args = (pop.kernel_arrays(), config_params(config), forbidden_codes(pop, config))
    found = stable.search_blocking(rows, t, ub, np.sort(u * n + v), (*args, pop.postings()))[2]
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(machine_line(), flush=True)
    people = generate_population(args.n, args.seed).people()
    config = MatchConfig(objective="stable", seed=args.seed)
    match_module.PROOF_LIMIT = 0  # type: ignore[attr-defined]  # as above the limit: no proof
    start = time.perf_counter()
    result = match_module.match(people, config)
    matched = time.perf_counter() - start
    pop = build_population(people, config)
    start = time.perf_counter()
    found = blocking_over_all_pairs(result, pop, config)
    print(
        f"n = {args.n:,}, stable without the proof: {matched:.1f} s, weight "
        f"{result.summary.total_weight:,.0f}, blocking pairs over its own graph "
        f"{result.summary.blocking_pairs}, over all pairs {found:,} "
        f"(search {time.perf_counter() - start:.1f} s)"
    )


if __name__ == "__main__":
    main()

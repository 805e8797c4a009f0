"""Our engine at scale: 10k, 100k and 1M people, and ``twoway match`` end to end at 100k.

    .venv/bin/python -m benchmarks.scale                       # 10k, 100k, 1M; CLI at 100k
    .venv/bin/python -m benchmarks.scale --quick               # 10k only; CLI at 10k
    .venv/bin/python -m benchmarks.scale --sizes 100000 --cli-sizes 0 --objectives welfare stable

Each size runs ``match()`` in a fresh process on a population drawn by benchmarks/generator.py
(generation is not timed). The process's peak RSS (``ru_maxrss``) includes the input list of
people; ``input RSS`` is the resident set just before ``match()``. After the timed call the child
checks every pair (no self-pairs, no repeats, capacities) and re-scores 2,000 sampled pairs with
the reference ``pair_score``.

Targets (docs/benchmarks.md): 100k in ≤ 30 s end to end; 1M in ≤ 5 minutes within 8 GB.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.end_to_end import own_timing, twoway_match
from benchmarks.generator import generate_population
from benchmarks.harness import Outcome, machine_line, run_contender, stopwatch, table

TARGET_SECONDS = {100_000: 30.0, 1_000_000: 300.0}
TARGET_RSS_MB = {1_000_000: 8 * 1024}


def run_engine(n: int, objective: str, args: argparse.Namespace) -> Outcome:
    options = json.dumps(args.options)
    extra = ["--n", str(n), "--seed", str(args.seed), "--population", options]
    extra += ["--mode", "peer", "--objective", objective, "--top-k", str(args.top_k)]
    return run_contender("ours", extra, args.timeout)


def engine_row(n: int, objective: str, outcome: Outcome) -> list[str]:
    summary: dict[str, Any] = outcome.extra.get("summary", {})
    if not outcome.ok:
        return [f"{n:,}", objective, outcome.status, f"{outcome.peak_rss_mb:.0f}"] + ["—"] * 10
    return [
        f"{n:,}",
        objective,
        f"{outcome.seconds:.1f}",
        f"{outcome.peak_rss_mb:.0f}",
        f"{outcome.baseline_rss_mb:.0f}",
        f"{summary['matched_share']:.3f}",
        f"{summary['mean_score']:.2f}",
        f"{summary['mean_balance']:.3f}",
        f"{summary['total_weight']:.0f}",
        f"{summary['upper_bound']:.0f}",
        f"{summary['gap']:.4f}",
        str(summary["blocking_pairs"]),
        f"{summary['candidate_edges']:,}",
        # The speed targets are for the default (welfare) objective; the stable objective
        # proves stability over all pairs up to stable.PROOF_LIMIT, in quadratic time.
        _verdict(n, outcome) if objective == "welfare" else "— (speed targets: welfare)",
    ]


ENGINE_HEADERS = ["n", "objective", "match() s", "peak RSS MB", "input RSS MB", "matched"]
ENGINE_HEADERS += ["mean score", "mean balance", "weight", "upper bound", "gap", "blocking"]
ENGINE_HEADERS += ["candidate edges", "target"]


def _verdict(n: int, outcome: Outcome) -> str:
    seconds, rss = TARGET_SECONDS.get(n), TARGET_RSS_MB.get(n)
    if seconds is None:
        return "—"
    met = outcome.seconds <= seconds and (rss is None or outcome.peak_rss_mb <= rss)
    limit = f"≤ {seconds:.0f} s" + (f", ≤ {rss / 1024:.0f} GB" if rss else "")
    return f"{'met' if met else 'MISSED'} ({limit})"


def stage_lines(n: int, objective: str, outcome: Outcome) -> str:
    stages = outcome.extra.get("summary", {}).get("stage_seconds", {})
    text = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in stages.items())
    check = outcome.extra.get("check", {})
    reasons = outcome.extra.get("unmatched_reasons", {})
    return f"- {n:,} {objective}: stages: {text}\n  - checks: {check}\n  - unmatched: {reasons}"


def cli_section(args: argparse.Namespace) -> list[str]:
    rows, notes = [], []
    for n in args.cli_sizes:
        print(f"twoway match end to end, n = {n}", flush=True)
        with tempfile.TemporaryDirectory(prefix="twoway-scale-") as scratch:
            people, pairs = Path(scratch) / "people.csv", Path(scratch) / "pairs.csv"
            with stopwatch() as writing:
                generate_population(n, args.seed, **args.options).write_csv(people)
            size = people.stat().st_size / 2**20
            run = twoway_match(people, pairs, args.timeout, "--seed", str(args.seed))
            count = sum(1 for _ in pairs.open()) - 1 if run.status == "ok" else 0
        target = TARGET_SECONDS.get(n)
        verdict = "—" if target is None else ("met" if run.seconds <= target else "MISSED")
        rows.append([f"{n:,}", f"{size:.0f}", run.status, f"{run.seconds:.1f}"])
        rows[-1] += [f"{run.peak_rss_mb:.0f}", f"{count:,}", verdict]
        notes.append(f"- {n:,}: CSV generated and written in {writing():.1f} s (not timed)")
        notes.append(f"  - the command's own account: {own_timing(run)}")
        if run.status != "ok":
            notes.append(f"  - stderr: {run.stderr[-500:]!r}")
    headers = ["n", "CSV MB", "status", "wall s", "peak RSS MB", "pairs written", "target"]
    return [f"### `twoway match` end to end\n\n{table(headers, rows)}\n", "\n".join(notes)]


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="10k only")
    parser.add_argument("--sizes", type=int, nargs="*")
    parser.add_argument("--cli-sizes", type=int, nargs="*", help="0 skips the CLI runs")
    parser.add_argument(
        "--objectives",
        nargs="*",
        default=["welfare"],
        help="welfare, stable, stable-proven (stable with the proof over all pairs at any size)",
    )
    parser.add_argument("--top-k", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--capacities", action="store_true", help="capacities 1–3 (60/30/10%%)")
    parser.add_argument("--languages", action="store_true")
    parser.add_argument("--timezones", action="store_true")
    parser.add_argument("--timeout", type=float, default=1200.0, help="seconds per run")
    args = parser.parse_args(argv)
    args.sizes = args.sizes or ([10_000] if args.quick else [10_000, 100_000, 1_000_000])
    cli = args.cli_sizes if args.cli_sizes is not None else [10_000 if args.quick else 100_000]
    args.cli_sizes = [n for n in cli if n > 0]
    args.options = {
        "capacities": args.capacities,
        "languages": args.languages,
        "timezones": args.timezones,
    }
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    print(machine_line(), flush=True)
    rows, stages = [], []
    for n in args.sizes:
        for objective in args.objectives:
            print(f"match(), n = {n}, {objective}", flush=True)
            outcome = run_engine(n, objective, args)
            if outcome.status == "error":
                print(outcome.error, flush=True)
            rows.append(engine_row(n, objective, outcome))
            stages.append(stage_lines(n, objective, outcome))
    print(f"\npopulation options: {args.options}, top_k {args.top_k}, seed {args.seed}\n")
    print(f"### match() at scale\n\n{table(ENGINE_HEADERS, rows)}\n")
    print("\n".join(stages) + "\n")
    if args.cli_sizes:
        print("\n".join(cli_section(args)))


if __name__ == "__main__":
    main()

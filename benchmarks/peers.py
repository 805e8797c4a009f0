"""Our engine against its peers, on the same input, in one run.

    .venv/bin/python -m benchmarks.peers            # full: n = 500, 1,000, 2,000 (takes long)
    .venv/bin/python -m benchmarks.peers --quick    # n = 500, 1,000; shorter timeouts

For each size: the full two-way graph (every pair with gain both ways, weighted by our pair
score) goes to networkx and rustworkx (exact maximum-weight matching), Irving's stable roommates
(``matching``, complete preference lists by our score), greedy by weight, and our engine's welfare
and stable objectives. Then mentor–mentee: scipy's ``linear_sum_assignment`` on the dense
mentors × mentees matrix against our mentor–mentee mode. Then end to end: ``twoway match`` from
the CSV to the written pairs against networkx's exact call on the same graph.

Each contender runs in a fresh process (see benchmarks/harness.py for how time and memory are
measured). Quality is judged for all on the full graph (benchmarks/quality.py).
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks.generator import Population, generate_population
from benchmarks.graph import FullGraph, check_against_engine, full_graph
from benchmarks.harness import Outcome, machine_line, run_contender, table
from benchmarks.quality import Quality, judge, percent, ratio
from twoway.engine.model import MatchConfig

EXACT = ("networkx", "rustworkx")


def peer_contenders(n: int, roommates_max: int, networkx_max: int) -> list[tuple[str, list[str]]]:
    """(label, contender arguments) for a peer-mode run at size n."""
    ours = ["ours", "--mode", "peer"]
    chosen = [
        ("ours welfare", [*ours, "--objective", "welfare"]),
        ("ours stable", [*ours, "--objective", "stable"]),
        ("rustworkx", ["rustworkx"]),
        ("greedy", ["greedy"]),
    ]
    if n <= networkx_max:
        chosen.append(("networkx", ["networkx"]))
    if n <= roommates_max:
        chosen.append(("roommates", ["roommates"]))
    return chosen


def run_size(
    population: Population,
    config: MatchConfig,
    contenders: list[tuple[str, list[str]]],
    args: argparse.Namespace,
    options: dict[str, Any],
) -> tuple[FullGraph, dict[str, tuple[Outcome, Quality | None]]]:
    """Run every contender on one population; judge each on the full graph."""
    graph = full_graph(population, config)
    worst = check_against_engine(graph, population.people(), config)
    if worst > 1e-9:
        raise SystemExit(f"our dense scores differ from the engine's pair_score by {worst}")
    results: dict[str, tuple[Outcome, Quality | None]] = {}
    with tempfile.TemporaryDirectory(prefix="twoway-peers-") as scratch:
        path = Path(scratch) / "graph.npz"
        graph.save(path)
        common = ["--graph", str(path), "--n", str(population.size), "--seed", str(args.seed)]
        common += ["--population", json.dumps(options)]
        for label, extra in contenders:
            outcome = run_contender(extra[0], [*extra[1:], *common], args.timeout)
            outcome.name = label
            quality = judge(graph, outcome.pairs, population.capacity) if outcome.ok else None
            results[label] = (outcome, quality)
            print(f"  {label}: {outcome.status} {outcome.seconds:.3f} s", flush=True)
    return graph, results


def optimum(results: dict[str, tuple[Outcome, Quality | None]]) -> float:
    """The best exact weight found (networkx on floats; rustworkx on scores ×1000 rounded)."""
    weights = [q.total_weight for name in EXACT if (q := results.get(name, (None, None))[1])]
    return max(weights, default=math.nan)


def report(
    title: str, results: dict[str, tuple[Outcome, Quality | None]], best: float, ours: str
) -> str:
    """One Markdown table: a row per contender, ratios ours/peer in the last columns."""
    mine = results[ours][0]
    headers = ["contender", "status", "time s", "peak RSS MB", "Δ RSS MB", "pairs", "weight"]
    headers += ["% of optimum", "balance", "blocking", "invalid", "time ours/peer"]
    headers += ["RSS ours/peer", "weight ours/peer"]
    rows = []
    for label, (outcome, quality) in results.items():
        rows.append(_row(label, outcome, quality, best, mine, results[ours][1]))
    return f"### {title}\n\n{table(headers, rows)}\n"


def _row(
    label: str,
    outcome: Outcome,
    quality: Quality | None,
    best: float,
    mine: Outcome,
    my_quality: Quality | None,
) -> list[str]:
    delta = outcome.peak_rss_mb - outcome.baseline_rss_mb
    cells = [label, outcome.status, f"{outcome.seconds:.3f}", f"{outcome.peak_rss_mb:.0f}"]
    cells.append("—" if math.isnan(delta) else f"{delta:.0f}")
    if quality is None:
        return cells + ["—"] * 6 + [ratio(mine.seconds, outcome.seconds), "—", "—"]
    cells += [
        str(quality.pairs),
        f"{quality.total_weight:.1f}",
        percent(quality.total_weight, best),
    ]
    cells += [
        f"{quality.mean_balance:.3f}",
        str(quality.blocking_pairs),
        str(quality.invalid_pairs),
    ]
    cells += [ratio(mine.seconds, outcome.seconds), ratio(mine.peak_rss_mb, outcome.peak_rss_mb)]
    my_weight = my_quality.total_weight if my_quality else math.nan
    cells.append(ratio(my_weight, quality.total_weight))
    return cells


def _graph(summary: dict[str, Any], key: str) -> str:
    return {"full": "all pairs", "candidates": "its candidates"}.get(summary.get(key, ""), "?")


def engine_lines(results: dict[str, tuple[Outcome, Quality | None]], best: float) -> str:
    """What our engine says of itself (summary) next to what the benchmark measured."""
    lines = []
    for label, (outcome, quality) in results.items():
        summary = outcome.extra.get("summary")
        if not summary or quality is None:
            continue
        stages = ", ".join(f"{k} {v:.3f}" for k, v in summary.get("stage_seconds", {}).items())
        lines.append(
            f"- {label}: engine says weight {summary['total_weight']:.1f}, upper bound "
            f"{summary['upper_bound']:.1f} (over {_graph(summary, 'bound_graph')}), gap "
            f"{summary['gap']:.4f}, blocking pairs {summary['blocking_pairs']} (over "
            f"{_graph(summary, 'blocking_graph')}), candidate edges "
            f"{summary['candidate_edges']}, pairs added from outside them "
            f"{summary.get('repair_edges', 0)}; measured on the full graph: "
            f"{percent(quality.total_weight, best)} of the optimum, "
            f"{quality.blocking_pairs} blocking pairs; stages: {stages}"
        )
        if summary["upper_bound"] < best - 1e-6:
            lines.append(
                f"  - its upper bound is BELOW the exact optimum {best:.1f}: it bounds the "
                "graph it solved only, not the full problem"
            )
        elif summary.get("bound_graph") == "full":
            lines.append(f"  - its full-graph bound is ≥ the exact optimum {best:.1f}")
    return "\n".join(lines) + "\n"


def trade_off(results: dict[str, tuple[Outcome, Quality | None]], best: float) -> str:
    """What stability costs in welfare, and what welfare costs in stability."""
    welfare, stable = results.get("ours welfare", (None, None))[1], results.get("ours stable")
    exact = results.get("networkx", results.get("rustworkx", (None, None)))[1]
    lines = []
    if stable and stable[1] and exact:
        lost = 1 - stable[1].total_weight / best
        lines.append(f"- stability costs {100 * lost:.2f}% of the optimal welfare (ours stable)")
    if exact:
        lines.append(f"- the welfare optimum has {exact.blocking_pairs} blocking pairs")
    if welfare:
        lines.append(f"- ours welfare has {welfare.blocking_pairs} blocking pairs")
    return "\n".join(lines) + "\n"


def peer_section(args: argparse.Namespace) -> list[str]:
    out = []
    for n in args.sizes:
        print(f"peer mode, n = {n}", flush=True)
        population = generate_population(n, args.seed)
        contenders = peer_contenders(n, args.roommates_max, args.networkx_max)
        graph, results = run_size(population, MatchConfig(), contenders, args, {})
        best = optimum(results)
        edges = int(graph.edges()[0].size)
        title = f"Peer mode, n = {n:,} ({edges:,} two-way edges, seed {args.seed})"
        out += [report(title, results, best, "ours welfare"), engine_lines(results, best)]
        out.append(trade_off(results, best))
        args.records.append({"section": "peer", "n": n, "results": _records(results)})
    return out


def mentor_section(args: argparse.Namespace) -> list[str]:
    out = []
    config = MatchConfig(mode="mentor-mentee")
    for n in args.mentor_sizes:
        print(f"mentor–mentee mode, n = {n}", flush=True)
        options = {"mentor_share": args.mentor_share}
        population = generate_population(n, args.seed, mentor_share=args.mentor_share)
        ours = ["ours", "--mode", "mentor-mentee"]
        contenders = [("ours mentor-mentee", ours), ("assignment", ["assignment"])]
        graph, results = run_size(population, config, contenders, args, options)
        best = results["assignment"][1].total_weight if results["assignment"][1] else math.nan
        mentors, mentees = graph.mentors.size, graph.mentees.size
        title = f"Mentor–mentee, n = {n:,} ({mentors:,} mentors × {mentees:,} mentees)"
        out += [report(title, results, best, "ours mentor-mentee"), engine_lines(results, best)]
        args.records.append({"section": "mentor", "n": n, "results": _records(results)})
    return out


def _records(results: dict[str, tuple[Outcome, Quality | None]]) -> dict[str, Any]:
    return {
        label: {
            "status": o.status,
            "seconds": o.seconds,
            "peak_rss_mb": o.peak_rss_mb,
            "baseline_rss_mb": o.baseline_rss_mb,
            "quality": asdict(q) if q else None,
            "extra": o.extra,
            "pairs": o.pairs,
        }
        for label, (o, q) in results.items()
    }


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="stop at n = 1,000; timeouts 300 s")
    parser.add_argument("--sizes", type=int, nargs="*", help="peer-mode sizes")
    parser.add_argument("--mentor-sizes", type=int, nargs="*", help="mentor–mentee sizes")
    parser.add_argument("--mentor-share", type=float, default=0.4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, help="seconds per contender")
    parser.add_argument("--roommates-max", type=int, default=1000)
    parser.add_argument("--networkx-max", type=int, default=2000)
    parser.add_argument("--end-to-end", type=int, help="n (default 2,000; quick 1,000), 0 skips")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    args = parser.parse_args(argv)
    args.sizes = args.sizes or ([500, 1000] if args.quick else [500, 1000, 2000])
    args.mentor_sizes = args.mentor_sizes or ([1000] if args.quick else [1000, 2000, 5000])
    if args.end_to_end is None:
        args.end_to_end = 1000 if args.quick else 2000
    args.timeout = args.timeout or (300.0 if args.quick else 1800.0)
    args.records = []
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    from benchmarks.end_to_end import end_to_end_section

    parts = [f"{machine_line()}\n"]
    parts += peer_section(args)
    parts += mentor_section(args)
    if args.end_to_end:
        parts += end_to_end_section(args)
    print("\n".join(parts))
    if args.json:
        args.json.write_text(json.dumps(args.records, indent=1, default=str))


if __name__ == "__main__":
    main()

"""End to end: ``twoway match`` from the CSV to the written pairs, against exact networkx.

Ours is timed on the wall clock of the whole ``twoway match`` process (interpreter start, reading
and normalising the CSV, scoring, matching, writing pairs and unmatched). networkx is timed on
its ``max_weight_matching`` call alone, on the graph we scored for it, so the ratio favours it.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import tempfile
from pathlib import Path

from benchmarks.generator import generate_population
from benchmarks.graph import full_graph
from benchmarks.harness import ROOT, Run, run_command, run_contender, table
from benchmarks.quality import judge, percent
from twoway.engine.model import MatchConfig

HEADERS = ["run", "status", "seconds", "peak RSS MB"]
TWOWAY = ROOT / ".venv" / "bin" / "twoway"


def twoway_match(
    csv_path: Path, out: Path, timeout: float, *extra: str, env: dict[str, str] | None = None
) -> Run:
    """Run ``twoway match`` on a file in a fresh process (its summary goes to ``Run.stderr``)."""
    command = [str(TWOWAY), "match", str(csv_path), "-o", str(out), *extra]
    return run_command(command, timeout, env)


def own_timing(run: Run) -> str:
    """The command's own account of where its time went (its "Time:" summary line)."""
    lines = [line for line in run.stderr.splitlines() if line.startswith("Time:")]
    return lines[-1] if lines else "(no timing line)"


def startup_seconds(timeout: float) -> float:
    """A fresh interpreter importing the engine and the command: the fixed cost of every run."""
    code = "import twoway.engine.cli, twoway.engine.match, twoway.engine.kernels"
    return run_command([sys.executable, "-c", code], timeout).seconds


def warm_up(scratch: Path, timeout: float) -> Run:
    """One small run so the compiled kernels are in numba's on-disk cache."""
    people, pairs = scratch / "warm.csv", scratch / "warm-pairs.csv"
    generate_population(50, 0).write_csv(people)
    return twoway_match(people, pairs, timeout)


def figure(value: float, spec: str) -> str:
    """A measured value for a table; "—" when it wasn't measured (NaN: not run, timed out)."""
    return "—" if math.isnan(value) else format(value, spec)


def read_pairs(path: Path) -> list[tuple[int, int]]:
    """Row indices of the pairs ``twoway match`` wrote (ids are p0, p1, …)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return [(int(row["a_id"][1:]), int(row["b_id"][1:])) for row in csv.DictReader(handle)]


def end_to_end_section(args: argparse.Namespace) -> list[str]:
    n = args.end_to_end
    print(f"end to end, n = {n}", flush=True)
    population = generate_population(n, args.seed)
    graph = full_graph(population, MatchConfig())
    with tempfile.TemporaryDirectory(prefix="twoway-e2e-") as scratch:
        people, pairs = Path(scratch) / "people.csv", Path(scratch) / "pairs.csv"
        population.write_csv(people)
        seed = ("--seed", str(args.seed))
        # A first run on a new machine compiles the kernels: an empty numba cache shows its cost.
        cold = twoway_match(people, pairs, args.timeout, *seed, env={"NUMBA_CACHE_DIR": scratch})
        warm_up(Path(scratch), args.timeout)
        ours = twoway_match(people, pairs, args.timeout, *seed)
        our_pairs = read_pairs(pairs) if ours.status == "ok" else []
        exact = _networkx_seconds(args, n, scratch)
    quality = judge(graph, our_pairs, population.capacity)
    rows = [
        ["ours: `twoway match` CSV → pairs", ours.status, figure(ours.seconds, ".2f")],
        ["ours, first run (empty numba cache)", cold.status, figure(cold.seconds, ".2f")],
        ["networkx `max_weight_matching` call", exact[0], figure(exact[1], ".2f")],
    ]
    for row, peak in zip(rows, (ours.peak_rss_mb, cold.peak_rss_mb, exact[2]), strict=True):
        row.append(figure(peak, ".0f"))
    verdict = "—"
    if ours.status == "ok" and exact[0] in ("ok", "timeout"):
        verdict = f"{exact[1] / ours.seconds:.0f}×"
        verdict += " at least (networkx timed out)" if exact[0] == "timeout" else ""
    return [
        f"### End to end, n = {n:,}\n\n{table(HEADERS, rows)}\n",
        f"- speed-up (networkx seconds / ours): {verdict} (target ≥ 100×)",
        f"- ours, the command's own account: {own_timing(ours)}",
        f"- a fresh interpreter importing the engine takes {startup_seconds(args.timeout):.2f} s",
        f"- ours end to end: {quality.pairs} pairs, weight {quality.total_weight:.1f}, "
        f"{quality.blocking_pairs} blocking pairs, {quality.invalid_pairs} invalid; "
        f"{percent(quality.total_weight, _best(args, n))} of the exact optimum; "
        f"{_same_as_direct(args, n, our_pairs)}\n",
    ]


def _same_as_direct(args: argparse.Namespace, n: int, pairs: list[tuple[int, int]]) -> str:
    """Whether the CLI's pairs are those match() gave the same people in the peer section."""
    for record in args.records:
        if record["section"] == "peer" and record["n"] == n:
            direct = record["results"].get("ours welfare", {}).get("pairs")
            if direct is not None:
                same = {tuple(sorted(p)) for p in pairs} == {tuple(sorted(p)) for p in direct}
                return "same pairs as match() in the peer section" if same else "PAIRS DIFFER"
    return "no direct run at this size to compare with"


def _networkx_seconds(args: argparse.Namespace, n: int, scratch: str) -> tuple[str, float, float]:
    """networkx's call time at size n: from the peer section when it ran there, else now.

    Not at all when ``--networkx-max`` is below n: the caller said it takes too long.
    """
    if n > args.networkx_max:
        return "not run", math.nan, math.nan
    for record in args.records:
        result = record["results"].get("networkx") if record["section"] == "peer" else None
        if record["n"] == n and result:
            return result["status"], result["seconds"], result["peak_rss_mb"]
    population = generate_population(n, args.seed)
    path = Path(scratch) / "graph.npz"
    full_graph(population, MatchConfig()).save(path)
    outcome = run_contender("networkx", ["--graph", str(path)], args.timeout)
    return outcome.status, outcome.seconds, outcome.peak_rss_mb


def _best(args: argparse.Namespace, n: int) -> float:
    for record in args.records:
        if record["section"] == "peer" and record["n"] == n:
            weights = [
                r["quality"]["total_weight"]
                for name, r in record["results"].items()
                if name in ("networkx", "rustworkx") and r["quality"]
            ]
            return max(weights, default=math.nan)
    return math.nan

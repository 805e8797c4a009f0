"""One contender per process: ``python -m benchmarks.contenders NAME --out result.json ...``.

Peers read the graph that benchmarks/peers.py wrote (``--graph``, an .npz of edges ``i, j, w``
with ``i < j`` and ``w`` our pair score), build their own structure from it (timed apart as
``build_seconds``) and are timed on the algorithm call alone. Our engine regenerates the same
population from the same seed and is timed on ``match()``, which includes its own scoring and
candidate generation: the peers get the scored graph for free. The naive greedy peer
(:func:`naive_greedy`, what one would write in an afternoon) also works on the people
themselves, regenerated the same way, and needs no graph.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from benchmarks.harness import current_rss_mb, stopwatch
from twoway.engine.model import MatchConfig, MatchResult, Person

Pairs = list[tuple[int, int]]
Result = tuple[float, Pairs, dict[str, Any]]
T = TypeVar("T")


def _load(path: str) -> dict[str, NDArray[Any]]:
    with np.load(path) as data:
        return {key: data[key] for key in data.files}


def run_networkx(args: argparse.Namespace) -> Result:
    import networkx as nx

    graph = _load(args.graph)
    with stopwatch() as build:
        g = nx.Graph()
        g.add_nodes_from(range(int(graph["n"])))
        g.add_weighted_edges_from(
            zip(graph["i"].tolist(), graph["j"].tolist(), graph["w"].tolist(), strict=True)
        )
    seconds, baseline, matching = _timed(lambda: nx.max_weight_matching(g))
    pairs = [(int(a), int(b)) for a, b in matching]
    return seconds, pairs, {"build_seconds": build(), "baseline_rss_mb": baseline}


def run_rustworkx(args: argparse.Namespace) -> Result:
    import rustworkx as rx

    graph = _load(args.graph)
    # rustworkx wants integer weights: our scores scaled by 1000 and rounded.
    weights = np.rint(graph["w"] * 1000).astype(np.int64)
    with stopwatch() as build:
        g = rx.PyGraph()
        g.add_nodes_from(range(int(graph["n"])))
        g.add_edges_from(
            list(zip(graph["i"].tolist(), graph["j"].tolist(), weights.tolist(), strict=True))
        )
    seconds, baseline, matching = _timed(
        lambda: rx.max_weight_matching(g, max_cardinality=False, weight_fn=int)
    )
    pairs = [(int(a), int(b)) for a, b in matching]
    return seconds, pairs, {"build_seconds": build(), "baseline_rss_mb": baseline}


def run_roommates(args: argparse.Namespace) -> Result:
    """Irving's algorithm on complete preference lists: everyone ranks everyone by our score."""
    from matching.games import StableRoommates

    sys.setrecursionlimit(1_000_000)
    graph = _load(args.graph)
    n = int(graph["n"])
    with stopwatch() as build:
        scores = _dense(graph, n)
        # Best first; ties (mostly zero scores) broken by index so the lists are deterministic.
        order = np.lexsort((np.broadcast_to(np.arange(n), (n, n)), -scores), axis=1)
        prefs = {a: [b for b in row if b != a] for a, row in enumerate(order.tolist())}
        game = StableRoommates.create_from_dictionary(prefs)
    seconds, baseline, solution = _timed(game.solve)
    pairs = {tuple(sorted((p.name, q.name))) for p, q in solution.items() if q is not None}
    # Complete lists pair up people with no gain one way too; such a pair is no pair for us.
    kept = [(int(a), int(b)) for a, b in pairs if scores[a, b] > 0]
    return seconds, kept, {"build_seconds": build(), "baseline_rss_mb": baseline}


def run_assignment(args: argparse.Namespace) -> Result:
    """scipy's Hungarian-style solver on the dense mentors × mentees matrix of our score."""
    from scipy.optimize import linear_sum_assignment

    graph = _load(args.graph)
    mentors, mentees = graph["mentors"], graph["mentees"]
    with stopwatch() as build:
        row = np.searchsorted(mentors, graph["i"])
        col = np.searchsorted(mentees, graph["j"])
        matrix = np.zeros((mentors.size, mentees.size))
        matrix[row, col] = graph["w"]
    seconds, baseline, (rows, cols) = _timed(lambda: linear_sum_assignment(matrix, maximize=True))
    # A zero-score assignment is no pair at all: nobody gains.
    kept = [
        (int(mentors[r]), int(mentees[c]))
        for r, c in zip(rows, cols, strict=True)
        if matrix[r, c] > 0
    ]
    return seconds, kept, {"build_seconds": build(), "baseline_rss_mb": baseline}


def run_greedy(args: argparse.Namespace) -> Result:
    """Greedy by weight on the full graph: the stable matching when scores are symmetric."""
    graph = _load(args.graph)
    seconds, baseline, pairs = _timed(lambda: _greedy(graph))
    return seconds, pairs, {"baseline_rss_mb": baseline}


def _greedy(graph: dict[str, NDArray[Any]]) -> Pairs:
    i, j, w = graph["i"], graph["j"], graph["w"]
    order = np.lexsort((j, i, -w))
    free = np.ones(int(graph["n"]), dtype=bool)
    pairs: Pairs = []
    for a, b in zip(i[order].tolist(), j[order].tolist(), strict=True):
        if free[a] and free[b]:
            free[a] = free[b] = False
            pairs.append((a, b))
    return pairs


def naive_greedy(people: Sequence[Person], config: MatchConfig | None = None) -> Pairs:
    """The naive greedy peer: rarest need first, first fitting teacher, one partner each.

    People go in order of their rarest wanted skill (fewest teachers; only wants that somebody
    teaches above the person's own level count), ties in input order. Each person still
    unmatched scans those wants rarest first and the teachers of each in input order, and takes
    the first unmatched teacher above their own level in the skill with whom they have gain
    both ways (``pair_score > 0`` under ``config``, a peer-mode :class:`MatchConfig`, the default
    unless given: so a partner must also want something the person teaches above their own
    level, and no hard constraint may part them). Capacity 1. Pairs are of row indices.
    """
    from twoway.engine.scoring import gain, pair_score

    config = config or MatchConfig()
    teachers: defaultdict[str, list[int]] = defaultdict(list)
    for i, person in enumerate(people):
        for skill in person.teaches:
            teachers[skill].append(i)
    top = {s: max(people[t].teaches[s] for t in rows) for s, rows in teachers.items()}
    wants: dict[int, list[str]] = {}
    for i, person in enumerate(people):
        learnable = [s for s in person.learns if person.teaches.get(s, 0) < top.get(s, 0)]
        if person.teaches and learnable:
            wants[i] = sorted(learnable, key=lambda s: len(teachers[s]))
    # Only people with something to learn can be partners, and the matched never again: leaving
    # both out of the scans changes no result. Dicts keep input order and drop people cheaply.
    candidates = {s: dict.fromkeys(t for t in rows if t in wants) for s, rows in teachers.items()}
    free = [True] * len(people)
    pairs: Pairs = []
    for i in sorted(wants, key=lambda i: len(teachers[wants[i][0]])):
        if not free[i]:
            continue
        person = people[i]
        for skill in wants[i]:
            own = person.teaches.get(skill, 0)
            partner = next(
                (
                    t
                    for t in candidates[skill]
                    if t != i
                    and people[t].teaches[skill] > own
                    and gain(person, people[t], config.weights) > 0  # cheap, rules most out
                    and pair_score(person, people[t], config) > 0
                ),
                None,
            )
            if partner is not None:
                for matched in (i, partner):
                    free[matched] = False
                    for taught in people[matched].teaches:
                        del candidates[taught][matched]
                pairs.append((i, partner))
                break
    return pairs


def run_naive(args: argparse.Namespace) -> Result:
    """The naive greedy peer on the population regenerated from the same seed and options."""
    from benchmarks.able import coverage
    from benchmarks.generator import generate_population

    people = generate_population(args.n, args.seed, **json.loads(args.population)).people()
    seconds, baseline, pairs = _timed(lambda: naive_greedy(people))
    return seconds, pairs, {"coverage": coverage(pairs, people), "baseline_rss_mb": baseline}


def run_ours(args: argparse.Namespace) -> Result:
    """Our engine on the population regenerated from the same seed and options."""
    from benchmarks.generator import generate_population
    from twoway.engine.match import match
    from twoway.engine.model import MatchConfig

    options = json.loads(args.population)
    people = generate_population(args.n, args.seed, **options).people()
    # "stable-proven": the stable objective with its proof over all pairs at any size.
    objective = "stable" if args.objective == "stable-proven" else args.objective
    config = MatchConfig(
        mode=args.mode,
        objective=objective,
        top_k=args.top_k,
        seed=args.seed,
        prove_stable=args.objective == "stable-proven",
    )
    seconds, baseline, result = _timed(lambda: match(people, config))
    pairs = [(int(p.a[1:]), int(p.b[1:])) for p in result.pairs]
    extra = {"summary": _summary(result.summary), "baseline_rss_mb": baseline}
    extra["check"] = _check(result, people, config)
    extra["unmatched_reasons"] = dict(Counter(u.reason for u in result.unmatched))
    return seconds, pairs, extra


def _check(result: MatchResult, people: list[Person], config: MatchConfig) -> dict[str, float]:
    """Validity of every pair, and the engine's scores re-scored on a sample by pair_score."""
    from twoway.engine.scoring import pair_score

    by_id = {p.id: p for p in people}
    degree = Counter(x for pair in result.pairs for x in (pair.a, pair.b))
    keys = [frozenset((pair.a, pair.b)) for pair in result.pairs]
    rng = np.random.default_rng(0)
    sample = rng.choice(len(result.pairs), min(2000, len(result.pairs)), replace=False)
    mismatch = 0.0
    for pair in (result.pairs[k] for k in sample.tolist()):
        expected = pair_score(by_id[pair.a], by_id[pair.b], config)
        mismatch = max(mismatch, abs(pair.score - expected))
    return {
        "self_pairs": sum(1 for pair in result.pairs if pair.a == pair.b),
        "repeated_pairs": len(keys) - len(set(keys)),
        "over_capacity": sum(1 for x, d in degree.items() if d > by_id[x].capacity),
        "unaccounted": len(people) - len(degree) - len(result.unmatched),
        "rescored_sample": len(sample),
        "max_score_mismatch": mismatch,
        "non_positive_scores": sum(1 for pair in result.pairs if pair.score <= 0),
    }


def _timed(call: Callable[[], T]) -> tuple[float, float, T]:
    """Seconds the call took, the resident set just before it (MB), and its value."""
    baseline = current_rss_mb()
    with stopwatch() as elapsed:
        value = call()
    return elapsed(), baseline, value


def _summary(summary: object) -> dict[str, Any]:
    fields = getattr(summary, "__slots__", ())
    return {name: getattr(summary, name) for name in fields}


def _dense(graph: dict[str, NDArray[Any]], n: int) -> NDArray[np.float64]:
    scores = np.zeros((n, n))
    scores[graph["i"], graph["j"]] = graph["w"]
    scores[graph["j"], graph["i"]] = graph["w"]
    return scores


CONTENDERS: dict[str, Callable[[argparse.Namespace], Result]] = {
    "networkx": run_networkx,
    "rustworkx": run_rustworkx,
    "roommates": run_roommates,
    "assignment": run_assignment,
    "greedy": run_greedy,
    "naive-greedy": run_naive,
    "ours": run_ours,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("name", choices=sorted(CONTENDERS))
    parser.add_argument("--out", required=True)
    parser.add_argument("--graph", default="")
    parser.add_argument("--n", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--population", default="{}", help="generator options as JSON")
    parser.add_argument("--mode", default="peer")
    parser.add_argument("--objective", default="welfare", help="welfare, stable, stable-proven")
    parser.add_argument("--top-k", type=int, default=20)
    args = parser.parse_args()
    seconds, pairs, extra = CONTENDERS[args.name](args)
    baseline = extra.pop("baseline_rss_mb")
    record = {"seconds": seconds, "baseline_rss_mb": baseline, "pairs": pairs, "extra": extra}
    Path(args.out).write_text(json.dumps(record, default=str))


if __name__ == "__main__":
    main()

"""Compile the engine's kernels once, at install time, so no real run pays for it.

Numba compiles each kernel on its first call and caches the machine code on disk (next to the
source, in ``__pycache__``). Without this step the first `twoway match` or match round on a
machine spends 25–40 s compiling; ``make install`` runs ``python -m twoway.engine.warm`` instead.
Every path is reached with small inputs: exact and bucket candidates, the LP, the auction and
local search, the stable repair, the fill and the stuck people's reads, the bit-set search, in
both modes.

First it drops the cache entries that no longer load. Numba pickles each kernel's argument types
into the cache index, the kernels' named tuples (``population.KernelArrays`` …) by class name; once
such a class is renamed or moved, an old index raises on load instead of being compiled afresh.

Run as a module, it says what it is doing only when a kernel really compiles (a newcomer's first
`make run` waits 30–135 s), and nothing when every kernel loads from the cache.
"""

from __future__ import annotations

import pickle
import sys
import time
from pathlib import Path
from typing import Any, TextIO

import numpy as np
from numba.core.event import Listener, install_listener

from twoway.engine import dense
from twoway.engine.candidates import candidate_graph, forbidden_codes
from twoway.engine.fill import Scanner
from twoway.engine.match import match
from twoway.engine.model import MatchConfig, Mode, Objective, Person, Role
from twoway.engine.population import build_population, config_params
from twoway.engine.solve import auction_solve
from twoway.engine.stable import row_bounds

ROLES: tuple[Role, ...] = ("either", "mentor", "mentee")
MODES: tuple[Mode, ...] = ("peer", "mentor-mentee")
OBJECTIVES: tuple[Objective, ...] = ("welfare", "stable")


def sample_people(n: int, seed: int = 0, levels: bool = True) -> list[Person]:
    """A small seeded population with every field in use (without levels: a survey's shape)."""
    rng = np.random.default_rng(seed)

    def skills() -> list[str]:
        count = int(rng.integers(3, 7))
        return [f"Skill{i}" for i in rng.choice(40, size=count, replace=False)]

    return [
        Person(
            id=f"w{i}",
            teaches={s: int(rng.integers(1, 6)) if levels else 3 for s in skills()},
            learns={s: int(rng.integers(1, 4)) if levels else 2 for s in skills()},
            capacity=int(rng.integers(1, 3)),
            role=ROLES[i % 3],
            group=f"g{i % 5}",
            utc_offset_minutes=int(rng.integers(-8, 9)) * 60,
            languages=frozenset({"english"}),
        )
        for i in range(n)
    ]


CACHE = Path(__file__).parent / "__pycache__"


def drop_unreadable_caches(folder: Path = CACHE) -> list[str]:
    """Remove the numba cache indexes in ``folder`` that no longer load, with their compiled
    code; returns their names. Numba writes them afresh on the next compile."""
    dropped = []
    for index in sorted(folder.glob("*.nbi")):
        try:
            with index.open("rb") as f:
                pickle.load(f)  # numba's version, then (source stamp, overloads)
                pickle.loads(f.read())
        except (AttributeError, ImportError, EOFError, pickle.UnpicklingError):
            for code in folder.glob(index.stem + ".*.nbc"):
                code.unlink(missing_ok=True)
            index.unlink(missing_ok=True)
            dropped.append(index.name)
    return dropped


def warm() -> float:
    """Run every compiled path once; returns the seconds it took."""
    start = time.perf_counter()
    drop_unreadable_caches()
    people = sample_people(400)
    for mode in MODES:
        for objective in OBJECTIVES:
            match(people, MatchConfig(mode=mode, objective=objective))
        config = MatchConfig(mode=mode)
        pop = build_population(people, config)
        graph = candidate_graph(pop, config, method="buckets")
        auction_solve(pop.size, graph.u, graph.v, graph.w, pop.capacity)
        Scanner(pop, config).neighbourhoods(np.arange(10, dtype=np.int64), 5, 100)
        # Without levels the bit-set search prices every pair (engine.dense): through the
        # list of every pair here, by searching the bit sets when the list is too long.
        match(sample_people(400, levels=False), config)
        _search_bit_sets(sample_people(400, levels=False), config)
    return time.perf_counter() - start


def _search_bit_sets(people: list[Person], config: MatchConfig) -> None:
    """One bit-set search of every pair, as pricing runs it when the pairs are too many to list."""
    pop = build_population(people, config)
    bits = dense.planes(pop)
    if bits is None:
        return
    n = pop.size
    rows = np.arange(n, dtype=np.int32)
    args = (pop.kernel_arrays(), config_params(config), forbidden_codes(pop, config))
    known, t = np.zeros(0, dtype=np.int64), np.zeros(n)
    dense.search_live(rows, t, row_bounds(pop, config), known, 5, dense.as_args(bits), *args)


COMPILING = "Compiling the matching engine's kernels (once, about a minute)…"


class Announcer(Listener):
    """Says once, at numba's first real compile (a kernel loaded from the cache is no compile),
    that the wait has begun; silent when every kernel is cached."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.started: float | None = None

    def on_start(self, event: Any) -> None:
        if self.started is None:
            self.started = time.perf_counter()
            print(COMPILING, end="", file=self.out, flush=True)

    def on_end(self, event: Any) -> None:
        pass

    def finish(self) -> None:
        if self.started is not None:
            print(f" done in {time.perf_counter() - self.started:.0f} s.", file=self.out)


def warm_and_tell(out: TextIO = sys.stdout) -> None:
    """:func:`warm`, announcing the compile and its duration only when something compiles."""
    announcer = Announcer(out)
    with install_listener("numba:compile", announcer):
        warm()
    announcer.finish()


if __name__ == "__main__":
    warm_and_tell()

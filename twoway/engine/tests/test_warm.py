"""The install-time warm-up reaches every kernel the engine calls from Python, so no real run
compiles one (helpers called only from other kernels are compiled into them), and first drops the
cache entries numba could no longer load."""

from __future__ import annotations

import pickle
from pathlib import Path

from twoway.engine import auction, buckets, dense, fill, kernels, outside, stable, warm

ENTRY_KERNELS = {
    kernels: [
        "exact_candidates",
        "unique_edges",
        "adjacency",
        "greedy",
        "local_search",
        "pair_weights",
    ],
    auction: ["auction", "best_response", "dual_descent"],
    buckets: [
        "_peer_entries",
        "_skill_entries",
        "_distinct_descending",
        "_rank_in",
        "_layout",
        "pack_rows",
        "bucket_candidates",
    ],
    stable: ["lock_weights"],
    outside: ["search_outside"],
    fill: ["_fill", "neighbourhood"],
    dense: [
        "search_outside",
        "_pair_counts",
        "_pair_fill",
        "mark_pairs",
        "price_pairs",
        "top_of_pairs",
    ],
}


def test_after_the_warm_up_every_kernel_called_from_python_has_been_compiled() -> None:
    warm.warm()
    cold = [
        f"{module.__name__}.{name}"
        for module, names in ENTRY_KERNELS.items()
        for name in names
        if not getattr(module, name).signatures
    ]
    assert cold == []


def test_the_warm_up_drops_a_cache_index_that_names_a_class_gone_since(tmp_path: Path) -> None:
    # Protocol 0: numba's version, then an index naming a class buckets.py no longer has.
    stale = pickle.dumps("0.68.1", protocol=0) + b"ctwoway.engine.buckets\nGoneSince\n."
    (tmp_path / "fill._fill-124.py311.nbi").write_bytes(stale)
    (tmp_path / "fill._fill-124.py311.1.nbc").write_bytes(b"code")
    fresh = pickle.dumps("0.68.1") + pickle.dumps((1.0, {}))
    (tmp_path / "fill._kind-214.py311.nbi").write_bytes(fresh)
    (tmp_path / "fill._kind-214.py311.1.nbc").write_bytes(b"code")

    assert warm.drop_unreadable_caches(tmp_path) == ["fill._fill-124.py311.nbi"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "fill._kind-214.py311.1.nbc",
        "fill._kind-214.py311.nbi",
    ]

"""The install-time warm-up reaches every kernel the engine calls from Python, so no real run
compiles one (helpers called only from other kernels are compiled into them)."""

from __future__ import annotations

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
    dense: ["search_outside"],
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

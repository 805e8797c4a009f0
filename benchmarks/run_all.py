"""Run the quick version of every benchmark in one go (``make bench``).

    .venv/bin/python benchmarks/run_all.py            # quick: a few minutes on 2 cores
    .venv/bin/python benchmarks/run_all.py --full     # the recorded runs: about an hour

Each benchmark runs as ``python -m benchmarks.NAME`` from the repository root, bounded by a
timeout; the output is Markdown, ready for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

QUICK = [
    (["peers", "--quick"], 1800),
    (["recall", "--quick"], 900),
    (["scale", "--quick"], 900),
]
FULL = [
    (["peers"], 3 * 3600),
    (["recall"], 1800),
    (["scale"], 3600),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="full sizes instead of --quick")
    args = parser.parse_args()
    failed = []
    for command, timeout in FULL if args.full else QUICK:
        print(f"\n## benchmarks.{' '.join(command)}\n", flush=True)
        try:
            code = subprocess.run(
                [sys.executable, "-m", f"benchmarks.{command[0]}", *command[1:]],
                cwd=ROOT,
                timeout=timeout,
                check=False,
            ).returncode
        except subprocess.TimeoutExpired:
            code = -1
            print(f"benchmarks.{command[0]} took longer than {timeout} s and was stopped")
        if code != 0:
            failed.append(command[0])
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

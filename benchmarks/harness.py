"""Running one contender in a fresh process and measuring it.

Method: each contender (our engine, networkx, rustworkx, …) runs in its own new Python process,
so no contender's memory or warm caches leak into another's figures. The child times only the
algorithm call with ``time.perf_counter`` and writes its result as JSON. The parent reaps the
child and reads its peak resident set (``ru_maxrss`` through GNU time, see :func:`run_command`):
the whole process (interpreter, libraries and input included; Rust and C memory counted, unlike
``tracemalloc``). The child also records its resident set just before the call
(``baseline``), so ``peak - baseline`` approximates what the algorithm itself added.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GNU_TIME = "/usr/bin/time"


@dataclass(slots=True)
class Outcome:
    """What one contender did: its pairs (row indices) and what it cost."""

    name: str
    status: str  # ok | timeout | error
    seconds: float = float("nan")
    peak_rss_mb: float = float("nan")
    baseline_rss_mb: float = float("nan")
    pairs: list[tuple[int, int]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def run_contender(name: str, args: list[str], timeout: float) -> Outcome:
    """Run ``python -m benchmarks.contenders NAME ARGS`` in a fresh process, bounded by timeout."""
    with tempfile.TemporaryDirectory(prefix="twoway-bench-") as scratch:
        out = Path(scratch) / "result.json"
        command = [sys.executable, "-m", "benchmarks.contenders", name, "--out", str(out), *args]
        run = run_command(command, timeout)
        if run.status == "timeout":
            return Outcome(name, "timeout", seconds=timeout, peak_rss_mb=run.peak_rss_mb)
        if run.status != "ok" or not out.exists():
            return Outcome(name, "error", peak_rss_mb=run.peak_rss_mb, error=run.stderr)
        return _outcome(name, json.loads(out.read_text()), run.peak_rss_mb)


@dataclass(frozen=True, slots=True)
class Run:
    status: str  # ok | timeout | error
    seconds: float  # wall clock, start to reaping
    peak_rss_mb: float  # the child's own ru_maxrss
    stderr: str  # its last 2,000 characters


def run_command(command: list[str], timeout: float, env: dict[str, str] | None = None) -> Run:
    """Run a command in a fresh process, killed after ``timeout`` seconds.

    ``env`` adds to (not replaces) this process's environment. Peak memory comes from GNU time
    (``/usr/bin/time -f %M``) when it is installed, else from ``os.wait4``: Linux carries the
    spawning process's own peak into a child's ``ru_maxrss`` across exec, so a child spawned by
    this (large) process would report at least our peak; GNU time is tiny, so its child's figure
    is the child's own.
    """
    environment = {**os.environ, **(env or {})}
    with tempfile.TemporaryDirectory(prefix="twoway-run-") as scratch:
        peak_file = Path(scratch) / "peak"
        wrapped = [GNU_TIME, "-q", "-f", "%M", "-o", str(peak_file), *command]
        wrapped = wrapped if Path(GNU_TIME).exists() else command
        with (Path(scratch) / "stderr").open("w+b") as stderr:
            start = time.perf_counter()
            child = subprocess.Popen(
                wrapped, cwd=ROOT, stderr=stderr, start_new_session=True, env=environment
            )
            killed = threading.Event()
            timer = threading.Timer(timeout, _kill_group, (child.pid, killed))
            timer.start()
            _, status, usage = os.wait4(child.pid, 0)
            seconds = time.perf_counter() - start
            timer.cancel()
            child.returncode = os.waitstatus_to_exitcode(status)
            stderr.seek(0)
            tail = stderr.read().decode(errors="replace")[-2000:]
        peak = _peak_kb(peak_file, usage.ru_maxrss) / 1024
    if killed.is_set():
        # GNU time was killed with its child and wrote nothing; wait4's figure would be ours.
        return Run("timeout", seconds, float("nan"), tail)
    return Run("ok" if child.returncode == 0 else "error", seconds, peak, tail)


def _peak_kb(peak_file: Path, fallback: int) -> int:
    """GNU time's figure (its last line), or the fallback when it wrote none."""
    if peak_file.exists():
        lines = peak_file.read_text().split()
        if lines and lines[-1].isdigit():
            return int(lines[-1])
    return fallback


def _outcome(name: str, data: dict[str, Any], peak: float) -> Outcome:
    return Outcome(
        name,
        "ok",
        seconds=float(data["seconds"]),
        peak_rss_mb=peak,
        baseline_rss_mb=float(data["baseline_rss_mb"]),
        pairs=[(int(a), int(b)) for a, b in data["pairs"]],
        extra=dict(data.get("extra", {})),
    )


def _kill_group(pid: int, killed: threading.Event) -> None:
    killed.set()
    # The child leads its own session (start_new_session), so this ends it and only it.
    with suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def current_rss_mb() -> float:
    """This process's resident set now, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    """This process's peak resident set so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    """``with stopwatch() as elapsed: ...`` then ``elapsed()`` gives the seconds it took."""
    start = time.perf_counter()
    end: list[float] = []
    yield lambda: (end[0] if end else time.perf_counter()) - start
    end.append(time.perf_counter())


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, so output can be pasted into docs/benchmarks.md as it is."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def machine_line() -> str:
    """Cores, memory, load and BLAS settings, printed at the top of every benchmark."""
    load = os.getloadavg()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    blas = os.environ.get("OPENBLAS_CORETYPE", "unset")
    when = time.strftime("%Y-%m-%d %H:%M %Z")
    return (
        f"machine: {os.cpu_count()} cores, {memory:.0f} GiB, load average {load[0]:.2f} "
        f"{load[1]:.2f} {load[2]:.2f}, OPENBLAS_CORETYPE={blas}, {when}"
    )

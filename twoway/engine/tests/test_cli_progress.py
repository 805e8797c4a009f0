"""The progress display (a bar on a terminal, stage lines for big runs in logs, else nothing), and
Ctrl-C during a run: exit 130 with nothing written."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from twoway.engine import cli
from twoway.engine import match as engine_match
from twoway.engine.progress import Progress, choose_style
from twoway.engine.tests.cli_helpers import people_file


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_and_a_quiet_run_gets_nothing() -> None:
    assert choose_style(Terminal(), quiet=False, people=10) == "bar"
    assert choose_style(Terminal(), quiet=True, people=10) == "off"


def test_a_log_gets_stage_lines_only_for_big_runs() -> None:
    assert choose_style(io.StringIO(), quiet=False, people=100) == "off"
    assert choose_style(io.StringIO(), quiet=False, people=50_000) == "lines"


def test_stage_lines_come_at_each_quarter() -> None:
    stream = io.StringIO()
    progress = Progress(stream, "lines")
    for done in range(0, 101):
        progress("candidates", done, 100)
    progress("solve", 0, 1)
    progress.finish()
    lines = stream.getvalue().splitlines()
    assert lines[:4] == [
        "candidates: started",
        "candidates: 25/100",
        "candidates: 50/100",
        "candidates: 75/100",
    ]
    assert lines[4].startswith("candidates: done in ")
    assert lines[5:] == ["solve: started"]


def test_the_bar_is_redrawn_in_place_and_ends_its_line() -> None:
    stream = Terminal()
    progress = Progress(stream, "bar")
    progress("candidates", 0, 4)
    progress("candidates", 4, 4)
    progress("solve", 1, 1)
    progress.finish()
    text = stream.getvalue()
    assert text.count("\n") == 2  # one per stage: the next output starts on a fresh line
    assert "candidates   [########################] 100%  4/4" in text
    assert text.startswith("\rcandidates")


def test_off_draws_nothing() -> None:
    stream = io.StringIO()
    progress = Progress(stream, "off")
    progress("solve", 1, 2)
    progress.finish()
    assert stream.getvalue() == ""


def interrupted_inside_numba(*args: object, **kwargs: object) -> None:
    """What a compiled call raises when Ctrl-C lands in it (seen in candidate search)."""
    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt as exc:
        raise SystemError(
            "CPUDispatcher(<function _layout>) returned a result with an exception set"
        ) from exc


def interrupted_in_python(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


def run_stopped_by(
    stop: Callable[..., None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str]:
    monkeypatch.setattr(engine_match, "candidate_graph", stop)
    people = people_file(tmp_path)
    err = io.StringIO()
    code = cli.main([str(people), "-o", str(tmp_path / "pairs.csv"), "--quiet"], stderr=err)
    return code, err.getvalue()


@pytest.mark.parametrize("stop", [interrupted_inside_numba, interrupted_in_python])
def test_ctrl_c_during_candidate_search_exits_130_and_writes_nothing(
    stop: Callable[..., None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, stderr = run_stopped_by(stop, tmp_path, monkeypatch)
    assert code == 130
    assert stderr == "twoway match: interrupted; nothing was written\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv"]


def test_a_system_error_not_caused_by_ctrl_c_is_not_taken_for_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise SystemError("a real bug")

    with pytest.raises(SystemError, match="a real bug"):
        run_stopped_by(broken, tmp_path, monkeypatch)

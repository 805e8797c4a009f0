"""The progress display: a bar on a terminal, stage lines for big runs in logs, else nothing."""

from __future__ import annotations

import io

from twoway.engine.progress import Progress, choose_style


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

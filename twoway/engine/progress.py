"""Progress on stderr for ``twoway match``: a redrawn bar on a terminal, plain lines otherwise.

The solver calls ``progress(stage, done, total)``; this module knows nothing about matching. It
adds no dependency and never writes to stdout, so output files and pipes stay clean.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Literal, TextIO

ProgressFn = Callable[[str, int, int], None]
Style = Literal["bar", "lines", "off"]

_BAR_WIDTH = 24
_REDRAW_SECONDS = 0.1


class Progress:
    """A ``progress(stage, done, total)`` callback that draws on ``stream``.

    ``bar`` redraws one line in place (for a terminal); ``lines`` prints a line when a stage starts,
    at each quarter of it and when it ends (for logs of long runs); ``off`` draws nothing.
    """

    def __init__(self, stream: TextIO, style: Style) -> None:
        self.stream = stream
        self.style = style
        self.stage = ""
        self._last_draw = 0.0
        self._last_quarter = -1
        self._stage_started = 0.0
        self._drawn = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.style == "off":
            return
        if stage != self.stage:
            self.finish()
            self.stage, self._last_quarter = stage, -1
        if self.style == "bar":
            self._draw_bar(stage, done, total)
        else:
            self._print_line(stage, done, total)

    def _draw_bar(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last_draw < _REDRAW_SECONDS and done < total:
            return
        self._last_draw = now
        share = done / total if total > 0 else 1.0
        filled = round(share * _BAR_WIDTH)
        bar = "#" * filled + "." * (_BAR_WIDTH - filled)
        self.stream.write(f"\r{stage:<12} [{bar}] {share:4.0%}  {done:,}/{total:,}\x1b[K")
        self.stream.flush()
        self._drawn = True

    def _print_line(self, stage: str, done: int, total: int) -> None:
        quarter = 4 * done // total if total > 0 else 4
        if quarter == self._last_quarter:
            return
        now = time.monotonic()
        if self._last_quarter < 0:
            self._stage_started = now
        self._last_quarter = quarter
        if quarter >= 4:
            line = f"{stage}: done in {now - self._stage_started:.1f} s"
        elif done == 0:
            line = f"{stage}: started"
        else:
            line = f"{stage}: {done:,}/{total:,}"
        self.stream.write(line + "\n")
        self.stream.flush()

    def finish(self) -> None:
        """End a bar's line, so whatever is printed next starts on a fresh line."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


def choose_style(stream: TextIO, *, quiet: bool, people: int, threshold: int = 5000) -> Style:
    """A bar on a terminal; stage lines when piped but the run is big enough to take a while."""
    if quiet:
        return "off"
    if stream.isatty():
        return "bar"
    return "lines" if people > threshold else "off"

"""Charts as inline SVG, drawn on the server: no JavaScript library, nothing from a CDN.

Each chart carries a <title> and a <desc> for screen readers, and the page shows the same numbers
as a table (the fallback, and the CSV export's source).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from twoway.engine.io.write import SafeWriter

WIDTH = 480
LABEL_WIDTH = 170
ROW_HEIGHT = 28
BAR_HEIGHT = 20
VALUE_GAP = 6


@dataclass
class Chart:
    """A named series of (label, value) rows with a title and a plain-words description."""

    key: str
    title: str
    description: str
    columns: tuple[str, str]
    rows: list[tuple[str, float]]
    note: str = ""
    extra: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(value for _, value in self.rows)

    def svg(self) -> SafeString:
        return bar_chart(self.key, self.title, self.description, self.rows)

    def csv(self) -> str:
        buffer = io.StringIO()
        writer = SafeWriter(buffer)
        writer.writerow(self.columns)
        for label, value in self.rows:
            writer.writerow([label, _number(value)])
        return buffer.getvalue()


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def bar_chart(
    key: str, title: str, description: str, rows: Sequence[tuple[str, float]]
) -> SafeString:
    """Horizontal bars, one per row, scaled to the largest value, each labelled with its value."""
    top = max((value for _, value in rows), default=0) or 1
    height = ROW_HEIGHT * len(rows) + 10
    span = WIDTH - LABEL_WIDTH - 50
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-labelledby="{key}-title {key}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{key}-title">{escape(title)}</title>',
        f'<desc id="{key}-desc">{escape(description)}</desc>',
    ]
    for index, (label, value) in enumerate(rows):
        y = 5 + index * ROW_HEIGHT
        length = max(span * value / top, 1 if value else 0)
        middle = y + BAR_HEIGHT / 2 + 5
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle:.1f}" text-anchor="end" class="chart-label">'
            f"{escape(label)}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" rx="3" '
            f'class="chart-bar"></rect>'
            f'<text x="{LABEL_WIDTH + length + VALUE_GAP:.1f}" y="{middle:.1f}" '
            f'class="chart-value">{_number(value)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above

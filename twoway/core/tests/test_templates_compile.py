"""Every template file of the project compiles: no unclosed block, unknown tag or filter, bad load.

A page test only compiles the templates it renders; this reads every file under a ``templates``
folder, including partials and emails a test might not reach, and two apps' files of the same
name (which the loader would resolve to one).
"""

from __future__ import annotations

from pathlib import Path

from django.template import TemplateSyntaxError, engines

PACKAGE = Path(__file__).resolve().parents[2]
FILES = sorted(
    path
    for folder in PACKAGE.rglob("templates")
    for path in folder.rglob("*")
    if path.is_file() and path.suffix in (".html", ".txt")
)


def test_every_template_file_compiles() -> None:
    assert len(FILES) > 50, f"expected the project's templates under {PACKAGE}"
    engine = engines["django"]
    broken = {}
    for path in FILES:
        try:
            engine.from_string(path.read_text(encoding="utf-8"))
        except TemplateSyntaxError as exc:
            broken[str(path.relative_to(PACKAGE))] = str(exc)
    assert broken == {}

"""Skill names: normalising free text onto the catalogue (case, spacing, punctuation, aliases).

The catalogue lives in ``data/skills.csv`` (``name,category,aliases`` with aliases separated by
``|``). The web app seeds its Skill table from the same file, so the command line and the site agree
on what "k8s" means.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CATALOGUE_PATH = Path(__file__).with_name("data") / "skills.csv"

_SEPARATORS = re.compile(r"[\s_\-/]+")
# Brackets are not trimmed: "Visual Basic (.Net)" must keep its closing one.
_EDGE_PUNCTUATION = " \t\r\n.,;:!?'\""
_NOT_WORDLIKE = re.compile(r"[^0-9a-z+#]")


def key(text: str) -> str:
    """The comparison key of a skill name: case-folded, separators as one space, edges trimmed.

    ``+``, ``#`` and inner dots survive, so C, C++ and C# stay apart.
    """
    folded = _SEPARATORS.sub(" ", text.casefold()).strip(_EDGE_PUNCTUATION)
    return " ".join(folded.split())


def compact_key(text: str) -> str:
    """A looser key without spaces or dots: "Node.js", "node js" and "nodejs" meet."""
    return _NOT_WORDLIKE.sub("", key(text))


def tidy(text: str) -> str:
    """A display form for a skill that isn't in the catalogue: trimmed, single-spaced."""
    cleaned = " ".join(text.strip(_EDGE_PUNCTUATION).split())
    return cleaned[:1].upper() + cleaned[1:] if cleaned.islower() else cleaned


@dataclass(frozen=True, slots=True)
class CatalogueSkill:
    name: str
    category: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a free-text entry resolved to.

    ``name`` is the catalogue's name when ``known``; otherwise the tidied text, to be created as a
    new skill. ``suggestion`` is a close catalogue spelling offered for an unknown entry.
    """

    name: str
    known: bool
    suggestion: str | None = None


class Catalogue:
    """An in-memory index of skills by key, compact key and alias."""

    def __init__(self, skills: list[CatalogueSkill]) -> None:
        self.skills = skills
        self._by_key: dict[str, str] = {}
        self._by_compact: dict[str, str] = {}
        for skill in skills:
            for spelling in (skill.name, *skill.aliases):
                self._by_key.setdefault(key(spelling), skill.name)
                self._by_compact.setdefault(compact_key(spelling), skill.name)

    @classmethod
    def from_csv(cls, path: Path = CATALOGUE_PATH) -> Catalogue:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        return cls(
            [
                CatalogueSkill(
                    name=row["name"].strip(),
                    category=row["category"].strip(),
                    aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
                )
                for row in rows
            ]
        )

    def resolve(self, text: str) -> Resolution:
        """Resolve free text: exact key, alias, compact key, then a close-spelling suggestion."""
        exact = self._by_key.get(key(text)) or self._by_compact.get(compact_key(text))
        if exact:
            return Resolution(name=exact, known=True)
        close = difflib.get_close_matches(key(text), list(self._by_key), n=1, cutoff=0.85)
        suggestion = self._by_key[close[0]] if close else None
        return Resolution(name=tidy(text), known=False, suggestion=suggestion)

    def canonical(self, text: str) -> str:
        """The name two spellings of one skill meet on (unknown skills keep their tidied text)."""
        return self.resolve(text).name


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    return Catalogue.from_csv()

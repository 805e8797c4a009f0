"""Resolving skill spellings onto the catalogue fast enough for files with thousands of new names.

:meth:`Catalogue.resolve <twoway.engine.skills.Catalogue.resolve>` offers a close catalogue
spelling for a name it doesn't know, through difflib, which compares the name with each of the
catalogue's ~800 spellings in turn: about 2.5 ms a name, so 8 s for a file naming 3,000 new skills.
:class:`Speller` gives the same answers, but first rules out, in one numpy step, every spelling
whose difflib ``quick_ratio`` (which bounds the similarity from above) is below the cutoff, so
difflib sees only the few spellings that could pass. It remembers each spelling it has resolved.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from twoway.engine.skills import (
    Catalogue,
    CatalogueSkill,
    Resolution,
    compact_key,
    default_catalogue,
    key,
    tidy,
)

if TYPE_CHECKING:  # numpy loads only when a name is unknown: most files never need it
    import numpy as np
    from numpy.typing import NDArray

# As in Catalogue.resolve: the one closest spelling at least this similar (difflib's ratio).
CUTOFF = 0.85
# The bound is compared with a little slack, so float rounding can't rule out a spelling that
# difflib would accept; difflib itself then applies the exact cutoff.
_SLACK = 1e-9


@dataclass(frozen=True, slots=True)
class _Characters:
    """Each spelling's character counts (a row per spelling) and length, for the bound."""

    columns: dict[str, int]
    counts: NDArray[np.int32]
    lengths: NDArray[np.float64]


class SpellingIndex:
    """A catalogue's spellings by key and compact key (as the catalogue indexes them), with the
    character counts that bound difflib's similarity of a new name to each spelling."""

    def __init__(self, skills: Sequence[CatalogueSkill]) -> None:
        self.by_key: dict[str, str] = {}
        self.by_compact: dict[str, str] = {}
        for skill in skills:
            for spelling in (skill.name, *skill.aliases):
                self.by_key.setdefault(key(spelling), skill.name)
                self.by_compact.setdefault(compact_key(spelling), skill.name)
        self.keys = list(self.by_key)

    def resolve(self, text: str) -> Resolution:
        """What :meth:`Catalogue.resolve` gives for ``text``."""
        word = key(text)
        exact = self.by_key.get(word) or self.by_compact.get(compact_key(text))
        if exact:
            return Resolution(name=exact, known=True)
        close = difflib.get_close_matches(word, self.possible(word), n=1, cutoff=CUTOFF)
        suggestion = self.by_key[close[0]] if close else None
        return Resolution(name=tidy(text), known=False, suggestion=suggestion)

    def possible(self, word: str) -> list[str]:
        """The spellings whose quick_ratio with ``word`` reaches the cutoff: all that may match."""
        if not word:
            return self.keys  # only an empty spelling could match, and the bound divides by 0
        import numpy as np

        chars = self._characters
        wanted = np.zeros(len(chars.columns), dtype=np.int32)
        for char in word:
            column = chars.columns.get(char)
            if column is not None:  # a character no spelling has matches nothing
                wanted[column] += 1
        shared = np.minimum(chars.counts, wanted).sum(axis=1)
        bound = 2.0 * shared / (chars.lengths + len(word))
        return [self.keys[i] for i in np.flatnonzero(bound >= CUTOFF - _SLACK)]

    @cached_property
    def _characters(self) -> _Characters:
        import numpy as np

        columns = {char: i for i, char in enumerate(sorted({c for k in self.keys for c in k}))}
        counts = np.zeros((len(self.keys), len(columns)), dtype=np.int32)
        for row, spelling in enumerate(self.keys):
            for char in spelling:
                counts[row, columns[char]] += 1
        lengths = np.array([len(k) for k in self.keys], dtype=np.float64)
        return _Characters(columns, counts, lengths)


class Speller:
    """Resolves spellings as ``catalogue`` does, remembering each one (a big file repeats a few
    thousand); ``resolved`` holds every spelling seen, for the notes on unknown skills."""

    def __init__(self, catalogue: Catalogue | None = None) -> None:
        self.index = spelling_index(catalogue or default_catalogue())
        self.resolved: dict[str, Resolution] = {}

    def resolve(self, text: str) -> Resolution:
        """The catalogue's resolution of ``text``."""
        resolution = self.resolved.get(text)
        if resolution is None:
            resolution = self.resolved[text] = self.index.resolve(text)
        return resolution

    def canonical(self, text: str) -> str:
        """The name two spellings of one skill meet on (unknown skills keep their tidied text)."""
        return self.resolve(text).name


@lru_cache(maxsize=8)
def spelling_index(catalogue: Catalogue) -> SpellingIndex:
    """The index of ``catalogue``'s spellings, built once per catalogue."""
    return SpellingIndex(catalogue.skills)

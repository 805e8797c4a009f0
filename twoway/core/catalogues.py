"""The translation catalogues (docs/i18n.md): one per app in ``<app>/locale``, and the project's
own templates in ``twoway/locale``; English is the source language, so only the other languages
of ``settings.LANGUAGES`` have catalogues.

- ``make``: extract every marked string (Django's makemessages: GNU gettext's xgettext), without
  source locations, so moving code never changes a catalogue.
- ``compile``: ``.po`` → ``.mo`` with polib (no GNU gettext needed to install and run).
- ``check``: every string translated in every shipped language (no empty or fuzzy entry), and
  the catalogues up to date with the code (``make`` would change nothing); the files are left
  as they were.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings
from django.utils.translation import to_locale

PROJECT = Path(settings.BASE_DIR) / "twoway"
# Folders of the project unit that belong to no catalogue of their own.
NOT_SOURCES = ["engine", "static", "locale", "tests", "migrations", "__pycache__", "node_modules"]
EXTENSIONS = ["html", "txt", "py"]


@dataclass(frozen=True)
class Unit:
    """A folder whose strings go to one catalogue: ``root/locale/<lang>/LC_MESSAGES``."""

    root: Path
    ignore: tuple[str, ...]

    @property
    def name(self) -> str:
        return "twoway" if self.root == PROJECT else self.root.name

    def po(self, language: str) -> Path:
        return self.root / "locale" / to_locale(language) / "LC_MESSAGES" / "django.po"


def shipped_languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES if code != "en"]


def units() -> list[Unit]:
    """Every app of the project with something to translate, and the project's own folder."""
    apps = sorted(p.parent for p in PROJECT.glob("*/apps.py") if p.parent.name not in NOT_SOURCES)
    project = Unit(PROJECT, tuple([*NOT_SOURCES, *(app.name for app in apps)]))
    # The engine is no Django app: its catalogue is read with the standard library's gettext
    # (engine/i18n.py), for `twoway match` and for the people-file problems of program imports.
    engine = Unit(PROJECT / "engine", ("tests", "locale", "data", "__pycache__"))
    return [project, *(Unit(app, tuple(NOT_SOURCES)) for app in apps), engine]


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    here = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(here)


def chosen(names: list[str] | None) -> list[Unit]:
    """The units named (``twoway`` is the project's own), or all of them."""
    every = units()
    if not names:
        return every
    known = {unit.name: unit for unit in every}
    missing = sorted(set(names) - set(known))
    if missing:
        raise ValueError(f"No catalogue named {', '.join(missing)}; known: {', '.join(known)}.")
    return [known[name] for name in names]


def make(names: list[str] | None = None) -> None:
    """Extract the marked strings into the units' catalogues (creating missing ones)."""
    languages = shipped_languages()
    for unit in chosen(names):
        (unit.root / "locale").mkdir(exist_ok=True)
        # LOCALE_PATHS would send every file under twoway/ to twoway/locale: each unit writes
        # to its own folder's locale only.
        with _inside(unit.root), override_settings(LOCALE_PATHS=[]):
            call_command(
                "makemessages",
                locale=languages,
                domain="django",
                extensions=EXTENSIONS,
                ignore_patterns=list(unit.ignore),
                no_location=True,
                no_obsolete=True,
                no_wrap=True,
                verbosity=0,
            )
        for language in languages:
            _tidy(unit.po(language), language)


# Plural rules per language (French counts 0 as singular); others: English's.
PLURALS = {"fr": "nplurals=2; plural=(n > 1);"}


def _tidy(path: Path, language: str) -> None:
    """A fixed header, so re-extracting unchanged code changes no byte."""
    if not path.exists():
        return
    catalogue = polib.pofile(str(path), wrapwidth=0)
    catalogue.header = "Twoway's interface. See docs/i18n.md."
    catalogue.metadata_is_fuzzy = False
    catalogue.metadata = {
        "Project-Id-Version": "Twoway",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURALS.get(language, "nplurals=2; plural=(n != 1);"),
    }
    catalogue.save(str(path))


def catalogues(names: list[str] | None = None) -> Iterator[tuple[Unit, str, Path]]:
    for unit in chosen(names):
        for language in shipped_languages():
            yield unit, language, unit.po(language)


def compile_all() -> int:
    """Every ``.po`` as a ``.mo`` beside it; the number written."""
    written = 0
    for path in sorted(PROJECT.glob("**/locale/*/LC_MESSAGES/django.po")):
        polib.pofile(str(path)).save_as_mofile(str(path.with_suffix(".mo")))
        written += 1
    return written


# A placeholder of Python's % formatting: a translation must keep exactly the original's
# (a missing or misspelt name raises when the string is formatted; Django's {{ }} in
# blocktranslate is already turned into %(name)s).
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdfr]|%[sdr]")


def untranslated(names: list[str] | None = None) -> list[str]:
    """One line per string a shipped language lacks (empty or fuzzy), or whose translation
    does not keep the original's placeholders."""
    problems = []
    for unit, language, path in catalogues(names):
        if not path.exists():
            continue  # reported by stale(): the unit has strings but no catalogue
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            if entry.fuzzy or not entry.translated():
                problems.append(f"{unit.name} [{language}]: {entry.msgid!r}")
            elif _placeholders_differ(entry):
                problems.append(
                    f"{unit.name} [{language}]: placeholders differ in the translation of "
                    f"{entry.msgid!r}"
                )
    return problems


def _placeholders(text: str) -> set[str]:
    return {match.group(0) for match in PLACEHOLDER.finditer(text)}


def _placeholders_differ(entry: polib.POEntry) -> bool:
    if "python-format" not in entry.flags:
        return False
    if not entry.msgid_plural:
        return _placeholders(entry.msgstr) != _placeholders(entry.msgid)
    wanted = _placeholders(entry.msgid) | _placeholders(entry.msgid_plural)
    # A singular may leave out the count ("one file" for %(count)s), never add a name.
    return any(not _placeholders(t) <= wanted for t in entry.msgstr_plural.values())


def _entries(path: Path) -> set[tuple[str, str, str]]:
    if not path.exists():
        return set()
    return {
        (e.msgctxt or "", e.msgid, e.msgid_plural or "")
        for e in polib.pofile(str(path))
        if not e.obsolete
    }


def stale(names: list[str] | None = None) -> list[str]:
    """What ``make`` would add to or drop from the catalogues; the files are left as they were."""
    before = {
        path: path.read_bytes() if path.exists() else None for _, _, path in catalogues(names)
    }
    had = {path: _entries(path) for path in before}
    try:
        make(names)
        problems = []
        for path, entries in had.items():
            now = _entries(path)
            where = path.relative_to(PROJECT.parent)
            problems += [f"{where}: new string {m[1]!r}" for m in sorted(now - entries)]
            gone = sorted(entries - now)
            problems += [f"{where}: string gone from the code {m[1]!r}" for m in gone]
        return problems
    finally:
        for path, content in before.items():
            if content is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(content)

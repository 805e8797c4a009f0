"""A pseudo-locale for the tests (docs/i18n.md): every string of every catalogue "translated" to
an accented, lengthened, bracketed copy (``Log in`` → ``⟦Ĺöĝ íñ ·····⟧``), so a page rendered in
it shows at once any text that did not go through the translation machinery: it is the only
plain ASCII left.

- ``pseudo_locale`` (a fixture in the root conftest.py) builds the catalogues once per run and
  makes ``PSEUDO`` (left to right) and ``PSEUDO_RTL`` (right to left) languages of the site.
- ``untranslated(html, allowed=...)`` lists the words of a page a reader would see that are not
  pseudo-translated, leaving out ``allowed`` ones (names, skills, titles: the test's data).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polib

PSEUDO = "en-xa"
PSEUDO_RTL = "ar-xb"

LETTERS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçðéƒĝĥíĵķĺɱñöþǫŕšţüṽŵẋýžÁƁÇÐÉƑĜĤÍĴĶĹṀÑÖÞǪŔŠŢÜṼŴẊÝŽ",
)
# What must reach the page as written: placeholders, tags, entities.
KEPT = re.compile(r"(%\([^)]*\)[sdfr]|%[sdfr%]|\{[^}]*\}|<[^>]*>|&[#\w]+;)")


def pseudo(text: str) -> str:
    """``text`` accented, a third longer and bracketed, its placeholders and tags unchanged."""
    if not text.strip():
        return text
    parts = KEPT.split(text)
    out = "".join(p if KEPT.fullmatch(p) else p.translate(LETTERS) for p in parts)
    return f"⟦{out}{' ' + '·' * (len(text) // 3) if len(text) > 6 else ''}⟧"


def _catalogue_files() -> list[polib.POFile | polib.MOFile]:
    """Every German catalogue a page may draw on: ours (.po), then Django's and every other
    installed app's (.mo), so Django's own words (a password rule) turn pseudo too."""
    import django
    from django.apps import apps

    from twoway.core.catalogues import PROJECT

    ours = [polib.pofile(str(p)) for p in sorted(PROJECT.glob("**/locale/de/LC_MESSAGES/*.po"))]
    theirs = [Path(django.__file__).parent / "conf" / "locale"]
    theirs += [Path(app.path) / "locale" for app in apps.get_app_configs()]
    compiled = [
        polib.mofile(str(folder / "de" / "LC_MESSAGES" / "django.mo"))
        for folder in theirs
        if PROJECT not in folder.parents and (folder / "de" / "LC_MESSAGES" / "django.mo").exists()
    ]
    return [*ours, *compiled]


def _entries() -> dict[tuple[str, str, str], polib.POEntry | polib.MOEntry]:
    """Every string of every catalogue (read from the German ones: all languages share them)."""
    found: dict[tuple[str, str, str], polib.POEntry | polib.MOEntry] = {}
    for catalogue in _catalogue_files():
        for entry in catalogue:
            key = (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")
            if entry.msgid and not entry.obsolete and key not in found:
                found[key] = entry
    return found


def build(folder: Path) -> Path:
    """The pseudo catalogues under ``folder`` (a locale path), for both pseudo languages."""
    catalogue = polib.POFile()
    catalogue.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    for entry in _entries().values():
        keep = "format" in (entry.msgctxt or "")  # a date format: letters with meaning
        made = polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid)
        if entry.msgid_plural:
            made.msgid_plural = entry.msgid_plural
            made.msgstr_plural = {
                0: entry.msgid if keep else pseudo(entry.msgid),
                1: entry.msgid_plural if keep else pseudo(entry.msgid_plural),
            }
        else:
            made.msgstr = entry.msgid if keep else pseudo(entry.msgid)
        catalogue.append(made)
    for language in ("en_XA", "ar_XB"):
        target = folder / language / "LC_MESSAGES"
        target.mkdir(parents=True, exist_ok=True)
        catalogue.save_as_mofile(str(target / "django.mo"))
    return folder


# Words that may stay as they are: Django's own day and month names (the pseudo-locale falls
# back to English for them), acronyms (UTC, CET, API, CSV) and the product's name.
_DATES = """Mon Tue Wed Thu Fri Sat Sun Monday Tuesday Wednesday Thursday Friday Saturday Sunday
Jan Feb Mar Apr May Jun Jul Aug Sep Sept Oct Nov Dec January February March April June July
August September October November December AM PM"""
DATE_WORDS = set(_DATES.split())
ALWAYS = {"Twoway", "English", "Deutsch", "Español", "Français", "htmx"}
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")


class _Text(HTMLParser):
    """The text a reader sees or hears: text nodes outside script, style and anything marked
    ``translate="no"``, and the shown attributes."""

    SKIPPED = {"script", "style", "code", "pre"}
    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        skip = (self.stack and self.stack[-1]) or tag in self.SKIPPED
        skip = skip or values.get("translate") == "no"
        if not skip:
            self.chunks += [values[a] or "" for a in SHOWN_ATTRIBUTES if values.get(a)]
            if tag == "input" and values.get("type") in ("submit", "button"):
                self.chunks.append(values.get("value") or "")
        if tag not in self.VOID:
            self.stack.append(bool(skip))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.chunks.append(data)


def untranslated(html: str, allowed: tuple[str, ...] | list[str] = ()) -> list[str]:
    """The plain words of ``html`` a reader sees that no translation produced."""
    parser = _Text()
    parser.feed(html)
    text = "\n".join(parser.chunks)
    for value in sorted([*allowed, *ALWAYS], key=len, reverse=True):
        if value:
            text = text.replace(value, " ")
    words = WORD.findall(text)
    return [
        w
        for w in words
        if len(w) > 1
        and w not in DATE_WORDS
        and w not in ALWAYS
        and not (w.isupper() and len(w) <= 5)
    ]


def main_of(html: str) -> str:
    """The page's own content, ``<main id="main">…</main>``, without the top bar and footer."""
    start = html.find('<main id="main"')
    end = html.rfind("</main>")
    return html[start : end + len("</main>")] if start >= 0 and end > start else html

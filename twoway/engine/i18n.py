"""The engine's words in the reader's language, without Django (docs/i18n.md).

The engine marks its human sentences (the ``twoway match`` summary and errors, the people file's
problems) with :func:`gettext` / :func:`ngettext`; the catalogues are the engine's own
(``twoway/engine/locale``, extracted and compiled with the project's: ``twoway translations``)
and are read with the standard library's :mod:`gettext`.

Which language: whatever a host registered with :func:`follow` says (the web app registers
Django's active language, so a program import's problems come in the manager's language); else,
on the command line, the usual environment variables (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``,
``LANG``). Machine formats (CSV, JSON, reason codes) never change with the language.
"""

from __future__ import annotations

import gettext as stdlib_gettext
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "django"

_source: Callable[[], str | None] | None = None


def follow(source: Callable[[], str | None]) -> None:
    """Take the language from ``source()`` from now on (a web app's active language)."""
    global _source
    _source = source


def _from_environment() -> str | None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        first = value.split(":")[0].split(".")[0].split("@")[0]
        if first and first not in ("C", "POSIX"):
            return first.replace("_", "-").lower()
    return None


def language() -> str:
    """The language the engine speaks now ("de", "fr-ca"…; "en" when none is known)."""
    chosen = _source() if _source is not None else _from_environment()
    return chosen or "en"


@cache
def _catalogue(code: str) -> stdlib_gettext.NullTranslations:
    base = code.split("-")[0]
    region = code.split("-")[1].upper() if "-" in code else ""
    wanted = [f"{base}_{region}", base] if region else [base]
    return stdlib_gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=wanted, fallback=True)


def gettext(message: str) -> str:
    return _catalogue(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalogue(language()).ngettext(singular, plural, n)


def gettext_noop(message: str) -> str:
    """Marks ``message`` for the catalogues where it is defined; translate it where it is used."""
    return message

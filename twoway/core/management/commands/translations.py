"""``twoway translations make|compile|check`` (core/catalogues.py, docs/i18n.md)."""

from __future__ import annotations

import shutil
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from twoway.core import catalogues


class Command(BaseCommand):
    help = "Extract, compile or check the translation catalogues (docs/i18n.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["make", "compile", "check"])
        parser.add_argument(
            "units",
            nargs="*",
            help="only these catalogues: app names (people, posts…) or twoway (the project's)",
        )

    def handle(self, *args: Any, action: str, units: list[str], **options: Any) -> None:
        try:
            catalogues.chosen(units)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if action == "compile":
            written = catalogues.compile_all()
            self.stdout.write(f"Compiled {written} catalogues.")
            return
        if shutil.which("xgettext") is None:
            raise CommandError(
                "GNU gettext is missing (Debian: apt-get install gettext); make install-dev "
                "installs it."
            )
        if action == "make":
            catalogues.make(units)
            self.stdout.write("Catalogues updated; translate the new strings, then compile.")
            return
        problems = [*catalogues.stale(units), *catalogues.untranslated(units)]
        if problems:
            shown = "\n".join(problems[:200])
            more = f"\n… and {len(problems) - 200} more" if len(problems) > 200 else ""
            raise CommandError(
                f"{len(problems)} translation problems (run `twoway translations make`, "
                f"translate, then compile):\n{shown}{more}"
            )
        self.stdout.write("Every string is translated and the catalogues are up to date.")

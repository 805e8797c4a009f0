"""The ``twoway`` command.

``twoway match ...`` runs the matching engine on a spreadsheet without Django (see
:mod:`twoway.engine.cli`). Every other sub-command is a Django management command, so
``twoway migrate``, ``twoway seed_demo`` and ``twoway runserver`` work like ``manage.py``.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["match"]:
        from twoway.engine.cli import main as match_main

        return int(match_main(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twoway.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["twoway", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``twoway demo_logins``: the demo logins and the site's address, printed last by `make run`.

With ``--wait-for URL`` it first waits until the server answers there, so the logins come after
the server's start-up lines instead of scrolling away above them.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from twoway.core.demo.seed import demo_logins
from twoway.core.management.logins import logins_print


def answers(url: str) -> bool:
    """Whether a web server answers at ``url`` (any HTTP status counts)."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


class Command(BaseCommand):
    help = "Print the demo logins and the site's address, once the server answers there."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--wait-for",
            metavar="URL",
            default="",
            help="Wait until a server answers at URL, then print it as the site's address.",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=120.0,
            help="Seconds to wait for the server (default 120).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        url = options["wait_for"] or settings.SITE_URL + "/"
        if options["wait_for"]:
            self._wait(url, options["timeout"])
        logins_print(self.stdout, self.style, demo_logins())
        self.stdout.write(self.style.SUCCESS(f"Twoway is running at {url}"))
        self.stdout.write("Press Ctrl-C to stop the server and the worker.")

    def _wait(self, url: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not answers(url):
            if time.monotonic() > deadline:
                raise CommandError(
                    f"Nothing answered at {url} within {timeout:.0f} s; the server's messages "
                    "above say why (another program on the port?)."
                )
            time.sleep(0.2)

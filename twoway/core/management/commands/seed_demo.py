"""``twoway seed_demo``: fill the database with Northwind Labs, the demo company.

See docs/demo.md for the cast and the logins. `make run` calls it with ``--if-empty
--no-logins`` (it prints the logins last, with ``demo_logins``, once the server answers).
Seeding sends no email: see :mod:`twoway.core.demo.seed`.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from twoway.accounts.models import User
from twoway.core.demo.data import ORGANISATION
from twoway.core.demo.personas import PERSONAS
from twoway.core.demo.plan import DEFAULT_MEMBERS, DEFAULT_SEED
from twoway.core.demo.seed import DemoLogin, demo_logins, demo_reset, demo_seed
from twoway.core.management.logins import logins_print

MAX_MEMBERS = 10_000


class Command(BaseCommand):
    help = (
        f"Create {ORGANISATION}, a demo company whose members teach and learn from each other. "
        "Refuses a database that already has accounts unless --if-empty (then it does nothing) "
        "or --reset (then it replaces the demo accounts and keeps the others)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing, except show the demo logins, when any account exists.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo accounts first (other accounts are kept), then seed again.",
        )
        parser.add_argument(
            "--no-logins",
            action="store_true",
            help="Print one summary line, not the demo logins (`twoway demo_logins` prints them).",
        )
        parser.add_argument(
            "--members",
            type=int,
            default=DEFAULT_MEMBERS,
            help=f"How many members, not counting the admin (default {DEFAULT_MEMBERS}).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"The random seed; the same seed gives the same people (default {DEFAULT_SEED}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self._check(options)
        if options["reset"]:
            removed = demo_reset()
            self.stdout.write(f"Removed {removed} demo accounts; other accounts are untouched.")
        elif User.objects.exists():
            if not options["if_empty"]:
                raise CommandError(
                    "The database already has accounts. Run with --reset to replace the demo "
                    "accounts (other accounts are kept), or --if-empty to skip quietly."
                )
            self.stdout.write("The database already has accounts, so the demo was not seeded.")
            self._print_logins(demo_logins(), options)
            return
        try:
            result = demo_seed(members=options["members"], seed=options["seed"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {result.members} members of {ORGANISATION} (seed {options['seed']}): "
                f"{result.taught} skills taught and {result.wanted} wanted, all email-verified."
            )
        )
        self._print_logins(result.logins, options)

    def _check(self, options: dict[str, Any]) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo creates accounts with a published password, so it does not run when "
                "TWOWAY_ENV=production. Use a development database for the demo."
            )
        if options["if_empty"] and options["reset"]:
            raise CommandError("Use --if-empty or --reset, not both.")
        if not len(PERSONAS) <= options["members"] <= MAX_MEMBERS:
            raise CommandError(
                f"--members must be between {len(PERSONAS)} and {MAX_MEMBERS}, "
                f"not {options['members']}."
            )

    def _print_logins(self, logins: list[DemoLogin], options: dict[str, Any]) -> None:
        if not options["no_logins"]:
            logins_print(self.stdout, self.style, logins)

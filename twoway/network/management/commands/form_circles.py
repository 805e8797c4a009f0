"""``twoway form_circles``: form circles among members who are open to partners and in no circle.

Uses the engine's circles mode (see docs/network.md). ``--dry-run`` prints the proposals and
writes nothing; otherwise each proposal becomes a closed circle and its members are notified.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from twoway.network.circles import CIRCLE_CONFIG, circles_create, circles_propose, open_members


class Command(BaseCommand):
    help = "Form peer circles (3–6 people who all learn and teach) from members in no circle."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="print, write nothing")
        parser.add_argument("--name", default="Peer circles", help="name prefix of the circles")
        parser.add_argument("--size-min", type=int, default=3)
        parser.add_argument("--size-max", type=int, default=6)
        parser.add_argument("--target", type=int, default=4, help="preferred size")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args: Any, **options: Any) -> None:
        if not 3 <= options["size_min"] <= options["size_max"] <= 6:
            raise CommandError("Circle sizes must be within 3–6, with --size-min ≤ --size-max.")
        profiles = list(open_members())
        config = replace(CIRCLE_CONFIG, seed=options["seed"])
        proposals = circles_propose(
            profiles=profiles,
            config=config,
            size_min=options["size_min"],
            size_max=options["size_max"],
            target_size=options["target"],
        )
        for number, proposal in enumerate(proposals, start=1):
            names = ", ".join(p.display_name for p in proposal.profiles)
            self.stdout.write(f"Circle {number} ({proposal.percent:.0f}%): {names}")
            for line in proposal.why:
                self.stdout.write(f"  {line}")
        seated = sum(len(p.profiles) for p in proposals)
        summary = f"{len(proposals)} circles for {seated} of {len(profiles)} open members."
        if options["dry_run"]:
            self.stdout.write(f"{summary} Dry run: nothing written.")
            return
        circles_create(proposals=proposals, name_prefix=options["name"])
        self.stdout.write(self.style.SUCCESS(f"{summary} Members are notified."))

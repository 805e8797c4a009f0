"""`twoway run_periodic`: run the due periodic jobs now, or start the worker's periodic tick."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from twoway.core import scheduler


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (nudges, reminders) that are due. With --schedule, queue the "
        "self-renewing tick for `twoway db_worker` instead (safe to repeat)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the periodic tick for the worker unless one is already waiting.",
        )

    def handle(self, *args: Any, schedule: bool, **options: Any) -> None:
        if schedule:
            queued = scheduler.schedule_tick()
            self.stdout.write(
                "Queued the periodic tick for the worker."
                if queued
                else "A periodic tick is already waiting (or the task backend cannot defer)."
            )
            return
        ran = scheduler.run_due_jobs()
        jobs = ", ".join(sorted(scheduler.registered_jobs())) or "none registered"
        self.stdout.write(f"Ran {len(ran)} due job(s): {', '.join(ran) or '-'} (jobs: {jobs}).")

from typing import Any

from django.core.management.base import BaseCommand

from twoway.people.catalogue import sync_skills


class Command(BaseCommand):
    help = "Add the skills and aliases of twoway/engine/data/skills.csv that the database lacks."

    def handle(self, *args: Any, **options: Any) -> None:
        added = sync_skills()
        self.stdout.write(f"Skills catalogue in sync ({added} rows added).")

"""Show the review queue's kept counts, or rebuild them from the data (after a bulk change
made outside the incident actions, such as raw SQL)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from speechwatch.incidents import queuecounts


class Command(BaseCommand):
    help = "Show (or --rebuild) the review queue's counts kept by the incident actions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="count again from the data")

    def handle(self, *args: Any, **opts: Any) -> None:
        counts = queuecounts.rebuild() if opts["rebuild"] else queuecounts.current()
        for key, n in counts.items():
            self.stdout.write(f"{key}\t{n}")

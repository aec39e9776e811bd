"""Rebuild the reports' per-month tallies from the data (after a bulk change made outside the
incident actions and the importer, such as raw SQL), or show their state."""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from speechwatch.incidents import monthtally
from speechwatch.incidents.models import MonthTally


class Command(BaseCommand):
    help = "Show (or --rebuild) the per-month tallies the incident actions keep for reports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="count again from the data")
        parser.add_argument(
            "--month", action="append", default=[], help="YYYY-MM: rebuild only these months"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        for month in opts["month"]:
            if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
                raise CommandError(f"--month: {month!r}: expected YYYY-MM, e.g. 2024-04")
        if opts["rebuild"]:
            rows = monthtally.rebuild_month_tallies(opts["month"] or None)
            self.stdout.write(f"rebuilt\t{rows} rows")
        self.stdout.write(f"built\t{'yes' if monthtally.is_built() else 'no'}")
        self.stdout.write(f"rows\t{MonthTally.objects.count()}")

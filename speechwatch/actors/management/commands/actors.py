from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from speechwatch.actors.queries import duplicate_actors


class Command(BaseCommand):
    help = "Actor tools. `actors duplicates` lists probable duplicates across spellings."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)
        dup = sub.add_parser("duplicates", help="list probable duplicate actors")
        dup.add_argument("--threshold", type=float, default=88.0, help="0–100 (default 88)")

    def handle(self, *args: Any, **options: Any) -> None:
        for pair in duplicate_actors(options["threshold"]):
            self.stdout.write(
                f"{pair.score:5.1f}  {pair.a.external_id} {pair.a.name!r}  ~  "
                f"{pair.b.external_id} {pair.b.name!r}"
            )

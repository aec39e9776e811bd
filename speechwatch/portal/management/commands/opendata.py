"""`speechwatch opendata build|status`: the open-data zip served at /data/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from speechwatch.portal import opendata


class Command(BaseCommand):
    help = "Build the open-data zip (the whole public data set) or show what is built."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="op", required=True)
        build = sub.add_parser("build", help="build the zip now (replaces the served file)")
        build.add_argument(
            "--out", type=Path, help=f"write here instead of var/opendata/{opendata.FILENAME}"
        )
        sub.add_parser("status", help="when the served zip was built, its size and counts")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["op"] == "build":
            built = opendata.build(options.get("out"))
            counts = ", ".join(f"{k} {v}" for k, v in built.counts.items())
            self.stdout.write(f"open data built: {built.path} ({counts})")
            return
        info = opendata.built_info()
        if info is None:
            self.stdout.write(f"not built yet: {opendata.zip_path()}")
            return
        self.stdout.write(
            f"{opendata.zip_path()}: built {info['built_at']}, {info['size']} bytes, "
            f"licence {info['licence']}, counts {info['counts']}"
        )

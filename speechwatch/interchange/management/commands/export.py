"""`speechwatch export --public|--full --format jsonl|csv --out DIR`: one file per record type."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from speechwatch.audit.record import Who
from speechwatch.interchange.actions import export_all
from speechwatch.interchange.formats import FORMATS


class Command(BaseCommand):
    help = (
        "Export every record type, one file each (public: published, non-confidential data only)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument(
            "--public", action="store_true", help="published records, no confidential fields"
        )
        scope.add_argument(
            "--full", action="store_true", help="everything, confidential fields included"
        )
        parser.add_argument("--format", dest="fmt", choices=sorted(FORMATS), default="jsonl")
        parser.add_argument("--out", type=Path, required=True, help="directory to write into")
        parser.add_argument(
            "--as", dest="label", default="cli", help="name recorded in the audit log"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths = export_all(
            options["out"],
            public=options["public"],
            fmt=options["fmt"],
            who=Who(label=options["label"]),
        )
        scope = "public" if options["public"] else "full"
        self.stdout.write(f"{scope} export: " + ", ".join(str(p) for p in paths))

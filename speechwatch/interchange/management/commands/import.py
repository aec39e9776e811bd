"""`speechwatch import PATH`: import a file or a directory of record files, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from speechwatch.audit.record import Who
from speechwatch.interchange.actions import ImportFailed, import_path


class Command(BaseCommand):
    help = (
        "Import records (JSON Lines or CSV; a file, or a directory with one file per record type)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--as", dest="label", default="cli", help="name recorded in the audit log"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = import_path(options["path"], who=Who(label=options["label"]))
        except ImportFailed as exc:
            self.stderr.write(exc.report())
            raise CommandError(
                f"import failed: {exc.total} problem(s) in {options['path']}, nothing written"
            ) from exc
        self.stdout.write(f"imported {options['path']}: {result.summary()}")

"""`speechwatch restore FILE`: fill an empty database and uploads folder from a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from speechwatch.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a `speechwatch backup` archive into the configured database, which must be "
        "empty (no tables), and the uploads folder, which must be empty."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="archive written by `speechwatch backup`")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = restore(options["archive"])
        except BackupError as exc:
            raise CommandError(f"restore: {exc}") from exc
        except DatabaseError as exc:  # unreachable server, missing database, no permission
            raise CommandError(f"restore: database: {str(exc).strip()}") from exc
        self.stdout.write(f"restored: {summary.text()}")
        self.stdout.write("next: `speechwatch init` applies any newer migrations of this version")

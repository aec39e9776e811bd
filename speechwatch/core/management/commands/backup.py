"""`speechwatch backup --out FILE`: database snapshot + uploaded files in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from speechwatch.core.backup import BackupError, create


class Command(BaseCommand):
    help = (
        "Write a consistent snapshot of the database and the uploaded files to one archive "
        "(tar.gz with manifest.json), while the application keeps running."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, required=True, help="archive to write")
        parser.add_argument(
            "--include-secret-key",
            action="store_true",
            help="also store var/secret_key (then keep the archive as safe as the key itself)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = create(options["out"], include_secret_key=options["include_secret_key"])
        except BackupError as exc:
            raise CommandError(f"backup: {exc}") from exc
        except DatabaseError as exc:  # unreachable server, missing database, no permission
            raise CommandError(f"backup: database: {str(exc).strip()}") from exc
        self.stdout.write(f"backup written: {summary.text()}")

"""`speechwatch demo`: initialise the database if needed, then load the demo data set."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from speechwatch.audit.record import Who
from speechwatch.demo.loader import DATA_DIR, load_demo
from speechwatch.interchange.actions import ImportFailed
from speechwatch.workspace.actions import DEMO_PASSWORD, create_demo_users


class Command(BaseCommand):
    help = "Load the demo data set (Kazakhstan, 2024); runs `init` first. Safe to re-run."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-init", action="store_true", help="skip `init` (schema, taxonomy)")
        parser.add_argument(
            "--as", dest="label", default="demo", help="name recorded in the audit log"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_init"]:
            call_command("init", stdout=self.stdout, stderr=self.stderr)
        try:
            result = load_demo(who=Who(label=options["label"]))
        except ImportFailed as exc:
            self.stderr.write(exc.report())
            raise CommandError(
                f"demo data in {DATA_DIR} failed to import; nothing written"
            ) from exc
        self.stdout.write(f"demo data loaded: {result.summary()}")
        users = create_demo_users(who=Who(label=options["label"]))
        self.stdout.write(
            f"demo users (password {DEMO_PASSWORD}): " + ", ".join(u.username for u in users)
        )

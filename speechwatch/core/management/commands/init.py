from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from speechwatch.core.setup import install_defaults


class Command(BaseCommand):
    help = "Create or upgrade the schema, load the default taxonomy and the reference regions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-migrate", action="store_true", help="skip schema migration")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        install_defaults()
        self.stdout.write("initialised: schema, regions, default taxonomy")

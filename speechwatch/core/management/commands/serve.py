from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the web application (development server on the embedded default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)"
        )
        parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
        parser.add_argument("--noreload", action="store_true", help="no auto-reload")

    def handle(self, *args: Any, **options: Any) -> None:
        host = options["host"]
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        call_command("runserver", f"{host}:{options['port']}", use_reloader=not options["noreload"])

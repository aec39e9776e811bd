"""`speechwatch worker [celery worker options]`: a Celery worker (needs SPEECHWATCH_BROKER_URL)."""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Run a Celery worker for news fetching and triage (scale-out)."
    celery_command = "worker"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("celery_args", nargs="*", help="passed to celery, e.g. --pool=solo")

    def run_from_argv(self, argv: list[str]) -> None:
        # everything after the command name goes to celery untouched (its own --help too)
        try:
            self.handle(celery_args=argv[2:])
        except CommandError as exc:
            self.stderr.write(f"CommandError: {exc}")
            sys.exit(1)

    def handle(self, *args: Any, **opts: Any) -> None:
        if not settings.SPEECHWATCH_BROKER_URL:
            raise CommandError("SPEECHWATCH_BROKER_URL is not set (e.g. redis://127.0.0.1:6379/0)")
        from speechwatch.celery import app

        app.start([self.celery_command, "--loglevel=INFO", *opts["celery_args"]])

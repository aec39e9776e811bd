"""`speechwatch fetch --once|--loop [--source NAME]`: the embedded fetcher (no Redis needed)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from speechwatch.news.fetch import fetch_due, fetch_source, make_client
from speechwatch.news.models import FetchRun, Source


class Command(BaseCommand):
    help = "Fetch due news sources once, or keep fetching on their schedule."

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--once", action="store_true", help="every due source, then exit")
        mode.add_argument("--loop", action="store_true", help="run as a daemon")
        parser.add_argument("--source", default="", help="this source now, due or not")
        parser.add_argument(
            "--interval", type=float, default=30.0, help="--loop: seconds between checks"
        )

    def report(self, runs: list[FetchRun]) -> None:
        for run in runs:
            state = f"error: {run.error.splitlines()[0]}" if run.error else "ok"
            self.stdout.write(
                f"{run.source.name}: {run.http_status or '-'} new {run.items_new} "
                f"revised {run.items_revised} seen {run.items_seen} {state}"
            )

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["source"]:
            source = Source.objects.filter(name=opts["source"]).first()
            if source is None:
                raise CommandError(f"--source {opts['source']!r}: no such source")
            self.report([fetch_source(source)])
            return
        if opts["once"]:
            self.report(fetch_due())
            return
        client = make_client()  # one client for the daemon: politeness and robots cache persist
        while True:  # pragma: no cover - the daemon; each pass is fetch_due, tested
            self.report(fetch_due(client=client))
            time.sleep(opts["interval"])

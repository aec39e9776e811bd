"""`speechwatch news export --format jsonl --out FILE`: one line per stored item."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from speechwatch.news.models import NewsItem


def item_record(item: NewsItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "source": item.source.name,
        "url": item.url,
        "canonical_url": item.canonical_url,
        "title": item.title,
        "lang": item.lang,
        "published_at": item.published_at.isoformat() if item.published_at else None,
        "text": item.text,
        "revision": item.revision,
        "revision_of": item.revision_of_id,
        "triage_state": item.triage_state,
        "dismiss_reason": item.dismiss_reason,
        "decided_at": item.decided_at.isoformat() if item.decided_at else None,
        "incident": item.incident.external_id if item.incident_id else None,  # type: ignore[union-attr]
    }


class Command(BaseCommand):
    help = "Export stored news items."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="one JSON line per stored item (every revision)")
        export.add_argument("--format", choices=["jsonl"], default="jsonl")
        export.add_argument("--out", required=True)

    def handle(self, *args: Any, **opts: Any) -> None:
        items = NewsItem.objects.select_related("source", "incident").order_by("pk")
        count = 0
        try:
            with open(opts["out"], "w", encoding="utf-8") as out:
                for item in items.iterator(chunk_size=2000):
                    out.write(json.dumps(item_record(item), ensure_ascii=False) + "\n")
                    count += 1
        except OSError as exc:
            raise CommandError(f"--out {opts['out']}: {exc}") from exc
        self.stdout.write(f"{count} items written to {opts['out']}")

"""`speechwatch sources add|list` (docs/news.md). The forms are stable: scripts depend on them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser

from speechwatch.audit.record import Who
from speechwatch.news.actions import NewsError, add_source
from speechwatch.news.models import Source, SourceKind

STARTER = Path(__file__).resolve().parents[2] / "data" / "starter_sources.yaml"
CLI = Who(label="cli")


def load_starter(path: Path = STARTER) -> tuple[int, int]:
    """Add the starter list's sources that are missing (disabled unless the file says
    otherwise); existing names are left as they are. Returns (added, kept)."""
    from speechwatch.actors.models import Actor

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CommandError(f"{path}: {exc}") from exc
    entries = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise CommandError(f"{path}: expected a top-level 'sources' list")
    added = kept = 0
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("url"):
            raise CommandError(f"{path}: entry {n}: name and url are required")
        if Source.objects.filter(name=entry["name"]).exists():
            kept += 1
            continue
        outlet = Actor.objects.filter(name=entry["outlet"]).first() if entry.get("outlet") else None
        try:
            add_source(
                CLI,
                kind=str(entry.get("kind", "rss")),
                url_or_path=str(entry["url"]),
                name=str(entry["name"]),
                lang=str(entry.get("lang") or ""),
                region=str(entry.get("region") or ""),
                outlet_id=outlet.pk if outlet else None,
                enabled=bool(entry.get("enabled", False)),
                seen_at=str(entry.get("seen_at") or ""),
            )
        except NewsError as exc:
            raise CommandError(f"{path}: entry {n}: {exc}") from exc
        added += 1
    return added, kept


def describe(source: Source) -> dict[str, Any]:
    run = source.runs.order_by("-started_at", "-id").first()
    return {
        "name": source.name,
        "kind": source.kind,
        "url": source.url_or_path,
        "lang": source.lang,
        "enabled": source.enabled,
        "next_due_at": source.next_due_at.isoformat() if source.next_due_at else None,
        "last_run": None
        if run is None
        else {
            "started_at": run.started_at.isoformat(),
            "http_status": run.http_status,
            "items_new": run.items_new,
            "items_seen": run.items_seen,
            "error": run.error,
        },
    }


class Command(BaseCommand):
    help = "Add or list news sources."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add a source, or the starter list (--starter)")
        add.add_argument("--kind", choices=SourceKind.values)
        add.add_argument("--url", help="feed/page/sitemap URL, or a path (telegram, folder)")
        add.add_argument("--name", default="")
        add.add_argument("--lang", default="")
        add.add_argument("--full-text", action="store_true", help="feeds: fetch each article")
        add.add_argument("--starter", action="store_true", help="load the starter list (disabled)")
        lst = sub.add_parser("list", help="every source with its last run and error")
        lst.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "list":
            rows = [describe(s) for s in Source.objects.all()]
            if opts["json"]:
                self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
                return
            for row in rows:
                run = row["last_run"]
                state = (
                    "never fetched"
                    if run is None
                    else (
                        f"error: {run['error'].splitlines()[0]}"
                        if run["error"]
                        else f"ok {run['http_status'] or ''} new {run['items_new']} "
                        f"seen {run['items_seen']}"
                    )
                )
                flag = "" if row["enabled"] else " (disabled)"
                self.stdout.write(f"{row['name']}\t{row['kind']}\t{row['url']}{flag}\t{state}")
            return
        if opts["starter"]:
            added, kept = load_starter()
            self.stdout.write(f"starter list: {added} added (disabled), {kept} already present")
            return
        if not opts["kind"] or not opts["url"]:
            raise CommandError("sources add: --kind and --url are required (or --starter)")
        try:
            source = add_source(
                CLI,
                kind=opts["kind"],
                url_or_path=opts["url"],
                name=opts["name"],
                lang=opts["lang"],
                full_text=opts["full_text"],
            )
        except NewsError as exc:
            raise CommandError(f"sources add: {exc}") from exc
        self.stdout.write(f"added source {source.name!r} ({source.kind})")

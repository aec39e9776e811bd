"""Demo news items (speechwatch/news/data/demo_news.jsonl) so a fresh inbox is not empty.

All fictional: two demo sources on `.example` hosts, disabled so a fetch run never polls them,
items stored through `store_item` like fetched ones (a re-run finds them `seen`, adds nothing).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db import transaction

from speechwatch.audit.record import Who, record
from speechwatch.news.actions import store_item
from speechwatch.news.models import Source, SourceKind
from speechwatch.news.parsed import ParsedItem

DEMO_NEWS = Path(__file__).resolve().parent / "data" / "demo_news.jsonl"
DEMO_SEEN_AT = "demo data (fictional outlet)"


@dataclass
class DemoNewsResult:
    sources: int
    new: int
    seen: int


def read_demo_news(path: Path = DEMO_NEWS) -> list[dict[str, object]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path.name}:{number}: {exc.msg}") from None
    return rows


def _demo_source(name: str, url: str, lang: str) -> Source:
    source, _ = Source.objects.get_or_create(
        name=name,
        defaults={"kind": SourceKind.RSS, "url_or_path": url, "lang": lang, "enabled": False,
                  "seen_at": DEMO_SEEN_AT},
    )  # fmt: skip
    return source


@transaction.atomic
def load_demo_news(*, who: Who, path: Path = DEMO_NEWS) -> DemoNewsResult:
    sources: dict[str, Source] = {}
    new = seen = 0
    for row in read_demo_news(path):
        name, url = str(row["source"]), str(row["url"])
        if name not in sources:
            feed = url.split("/", 3)
            sources[name] = _demo_source(name, f"{feed[0]}//{feed[2]}/feed.xml", str(row["lang"]))
        parsed = ParsedItem(
            url=url,
            title=str(row["title"]),
            text=str(row["text"]),
            published_at=datetime.fromisoformat(str(row["published_at"])),
            lang=str(row["lang"]),
            extraction="demo",
            raw=json.dumps(row, ensure_ascii=False).encode(),
        )
        stored = store_item(sources[name], parsed)
        if stored.status == "new":
            new += 1
        else:
            seen += 1
    if new:
        record(who, "news.demo.load", "news_source", "demo", after={"new": new, "seen": seen})
    return DemoNewsResult(len(sources), new, seen)

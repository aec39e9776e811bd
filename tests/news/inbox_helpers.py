"""Builders for the inbox and source-page tests: sources and items through the real actions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from speechwatch.actors.actions import create_actor
from speechwatch.audit.record import Who
from speechwatch.news.actions import add_source, store_item
from speechwatch.news.models import NewsItem, Source
from speechwatch.news.parsed import ParsedItem

SYSTEM = Who(label="test")
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def make_source(
    name: str = "Qazaq Test Feed", *, outlet: str = "Qazaq Test Media", lang: str = ""
) -> Source:
    actor = (
        create_actor(name=outlet, kind="organisation", type="media_outlet", who=SYSTEM)
        if outlet
        else None
    )
    return add_source(
        SYSTEM, kind="rss", url_or_path=f"https://{name.lower().replace(' ', '-')}.example/feed",
        name=name, lang=lang, outlet_id=actor.pk if actor else None,
    )  # fmt: skip


def make_item(source: Source, n: int, *, lang: str = "ru", days: int = 0) -> NewsItem:
    stored = store_item(
        source,
        ParsedItem(
            url=f"https://news.example/story-{n}?utm_source=x",
            title=f"Story {n}",
            text=f"Text of story {n}. A journalist was detained.",
            published_at=T0 + timedelta(days=days),
            lang=lang,
            extraction="feed",
        ),
        fetched_at=T0 + timedelta(minutes=n),
    )
    assert stored.item is not None
    return stored.item

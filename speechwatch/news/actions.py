"""Writes of the news app: sources, storing items (each story once), triage decisions.

The inbox and source pages write only through these functions.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from speechwatch.audit.record import Who, record
from speechwatch.news.canonical import canonical_url, content_hash
from speechwatch.news.models import (
    DismissReason,
    NewsItem,
    Source,
    SourceKind,
    TriageDecision,
    TriageState,
)
from speechwatch.news.parsed import ParsedItem

SOURCE_FIELDS = (
    "kind",
    "name",
    "url_or_path",
    "lang",
    "region",
    "poll_interval",
    "enabled",
    "full_text",
    "seen_at",
)


class NewsError(ValueError):
    """Bad input to a news action; nothing was written."""


def _source_snapshot(source: Source) -> dict[str, Any]:
    return {f: getattr(source, f) for f in SOURCE_FIELDS} | {"outlet": source.outlet_id}


@transaction.atomic
def add_source(
    who: Who,
    *,
    kind: str,
    url_or_path: str,
    name: str = "",
    lang: str = "",
    region: str = "",
    outlet_id: int | None = None,
    poll_interval: int = 1800,
    enabled: bool = True,
    full_text: bool = False,
    seen_at: str = "",
) -> Source:
    if kind not in SourceKind.values:
        raise NewsError(f"kind {kind!r}: expected one of {', '.join(SourceKind.values)}")
    if not url_or_path.strip():
        raise NewsError("url: required")
    name = (name or url_or_path).strip()[:200]
    if Source.objects.filter(name=name).exists():
        raise NewsError(f"name {name!r}: a source with this name exists")
    source = Source.objects.create(
        kind=kind,
        name=name,
        url_or_path=url_or_path.strip(),
        lang=lang,
        region=region,
        outlet_id=outlet_id,
        poll_interval=max(60, poll_interval),
        enabled=enabled,
        full_text=full_text,
        seen_at=seen_at,
    )
    record(who, "news.source.add", "news_source", source.pk, after=_source_snapshot(source))
    return source


@transaction.atomic
def update_source(who: Who, source: Source, **fields: Any) -> Source:
    """Change any of SOURCE_FIELDS (and `outlet_id`); e.g. update_source(who, s, enabled=True)."""
    before = _source_snapshot(source)
    for key, value in fields.items():
        if key not in (*SOURCE_FIELDS, "outlet_id"):
            raise NewsError(f"{key}: not a source field")
        setattr(source, key, value)
    if source.kind not in SourceKind.values:
        raise NewsError(f"kind {source.kind!r}: unknown")
    if fields.get("enabled"):
        source.next_due_at = None  # due now
    source.save()
    record(
        who,
        "news.source.update",
        "news_source",
        source.pk,
        before=before,
        after=_source_snapshot(source),
    )
    return source


@transaction.atomic
def delete_source(who: Who, source: Source) -> None:
    record(who, "news.source.delete", "news_source", source.pk, before=_source_snapshot(source))
    source.delete()


# --- storing items -----------------------------------------------------------------------


@dataclass
class Stored:
    item: NewsItem | None
    status: str  # new | seen | revised


def store_item(source: Source, parsed: ParsedItem, *, fetched_at: datetime | None = None) -> Stored:
    """Store one parsed item atomically: a known story with the same hash is `seen`; the same
    canonical URL (or Telegram message id) with a new hash becomes a new revision."""
    fetched_at = fetched_at or timezone.now()
    canon = canonical_url(parsed.url) if parsed.url else ""
    digest = content_hash(parsed.title, parsed.text)
    with transaction.atomic():
        if parsed.external_id:
            prev = (
                NewsItem.objects.filter(
                    source=source, external_id=parsed.external_id, is_latest=True
                )
                .order_by()
                .first()
            )
        elif canon:
            prev = NewsItem.objects.filter(canonical_url=canon, is_latest=True).first()
        else:
            prev = NewsItem.objects.filter(content_hash=digest, source=source).first()
        if prev is not None and prev.content_hash == digest:
            return Stored(prev, "seen")
        # the same text under another address (a syndicated copy) is one story
        syndicated = prev is None and not parsed.external_id
        if syndicated and NewsItem.objects.filter(content_hash=digest).exists():
            return Stored(None, "seen")
        item = _new_item(source, parsed, canon, digest, fetched_at)
        if prev is not None:
            item.revision = prev.revision + 1
            item.revision_of_id = prev.revision_of_id or prev.pk
            item.triage_state = prev.triage_state
            item.incident_id = prev.incident_id
            NewsItem.objects.filter(pk=prev.pk).update(is_latest=False)
        item.save()
    return Stored(item, "revised" if prev is not None else "new")


def store_items(
    source: Source, parsed_items: list[ParsedItem], *, fetched_at: datetime | None = None
) -> list[Stored]:
    """A feed's entries at once: two indexed lookups and one bulk insert for the common case
    (web items, new or seen). Revisions and items without a URL go through store_item; if the
    bulk insert fails, every new item is stored on its own, so a bad item costs only itself."""
    fetched_at = fetched_at or timezone.now()
    keyed = [(p, canonical_url(p.url), content_hash(p.title, p.text)) for p in parsed_items]
    simple = [k for k in keyed if k[1] and not k[0].external_id]
    urls = {k[1] for k in simple}
    known = {
        url: digest
        for url, digest in NewsItem.objects.filter(canonical_url__in=urls, is_latest=True)
        .order_by()
        .values_list("canonical_url", "content_hash")
    }
    hashes = set(
        NewsItem.objects.filter(content_hash__in={k[2] for k in simple})
        .order_by()
        .values_list("content_hash", flat=True)
    )
    results: list[Stored] = []
    fresh: list[NewsItem] = []
    slow: list[ParsedItem] = [k[0] for k in keyed if not (k[1] and not k[0].external_id)]
    for parsed, url, digest in simple:
        if url in known and known[url] != digest:
            slow.append(parsed)  # an edited story: a revision, one at a time
        elif url in known or digest in hashes:
            results.append(Stored(None, "seen"))
        else:
            known[url] = digest
            hashes.add(digest)
            fresh.append(_new_item(source, parsed, url, digest, fetched_at))
    try:
        with transaction.atomic():
            NewsItem.objects.bulk_create(fresh, batch_size=500)
        results += [Stored(item, "new") for item in fresh]
    except Exception:
        slow += [_as_parsed(item) for item in fresh]
    results += [store_item(source, parsed, fetched_at=fetched_at) for parsed in slow]
    return results


def _new_item(
    source: Source, parsed: ParsedItem, canon: str, digest: str, fetched_at: datetime
) -> NewsItem:
    return NewsItem(
        source=source,
        url=parsed.url[:2000],
        canonical_url=canon[:2000],
        external_id=parsed.external_id[:300],
        title=parsed.title[:1000],
        text=parsed.text,
        published_at=parsed.published_at,
        fetched_at=fetched_at,
        lang=(source.lang or parsed.lang)[:8],  # a declared source language wins
        content_hash=digest,
        extraction=parsed.extraction[:32],
        raw=zlib.compress(parsed.raw or parsed.text.encode(), 6),
    )


def _as_parsed(item: NewsItem) -> ParsedItem:
    return ParsedItem(
        url=item.url,
        title=item.title,
        text=item.text,
        published_at=item.published_at,
        lang=item.lang,
        extraction=item.extraction,
        raw=zlib.decompress(bytes(item.raw)),
    )


def manual_source() -> Source:
    source, _ = Source.objects.get_or_create(
        name="Added by hand",
        defaults={"kind": SourceKind.PAGE, "url_or_path": "manual:", "enabled": False},
    )
    return source


@transaction.atomic
def add_text(who: Who, *, text: str, title: str = "", url: str = "", lang: str = "") -> NewsItem:
    """A monitor pastes a text (optionally with its address) into the inbox."""
    if not text.strip():
        raise NewsError("text: required")
    parsed = ParsedItem(
        url=url.strip(),
        title=title.strip() or text.strip()[:120],
        text=text,
        lang=lang,
        extraction="manual",
        raw=text.encode(),
    )
    stored = store_item(manual_source(), parsed)
    if stored.item is None:
        raise NewsError("text: this story is already in the inbox")
    record(
        who,
        "news.item.add",
        "news_item",
        stored.item.pk,
        after={"url": url, "status": stored.status},
    )
    return stored.item


def add_url(who: Who, url: str, *, lang: str = "") -> NewsItem:
    """A monitor pastes a URL: fetched (with every guard of the client) and extracted.
    Raises FetchError (network/extraction) or NewsError (bad input)."""
    from speechwatch.news.fetch import fetch_article

    parsed = fetch_article(url.strip())
    parsed.lang = parsed.lang or lang
    with transaction.atomic():
        stored = store_item(manual_source(), parsed)
        item = (
            stored.item
            or NewsItem.objects.filter(
                content_hash=content_hash(parsed.title, parsed.text), is_latest=True
            ).first()
        )
        if item is None:
            raise NewsError("url: this story is already in the inbox")
        record(
            who, "news.item.add", "news_item", item.pk, after={"url": url, "status": stored.status}
        )
    return item


# --- triage -----------------------------------------------------------------------------


@transaction.atomic
def decide(
    who: Who,
    item: NewsItem,
    decision: str,
    *,
    reason: str = "",
    incident_id: int | None = None,
    suggestions: dict[str, Any] | None = None,
    corrections: dict[str, Any] | None = None,
) -> TriageDecision:
    """Record one decision on an item (state change + training label + audit)."""
    if decision not in TriageState.values:
        raise NewsError(f"decision {decision!r}: unknown")
    if decision == TriageState.DISMISSED and reason not in DismissReason.values:
        raise NewsError(f"reason {reason!r}: expected one of {', '.join(DismissReason.values)}")
    now = timezone.now()
    before = {"state": item.triage_state, "reason": item.dismiss_reason}
    item.triage_state = decision
    item.dismiss_reason = reason if decision == TriageState.DISMISSED else ""
    item.decided_by = who.user if who.user is not None and who.user.pk else None
    item.decided_at = now
    if incident_id is not None:
        item.incident_id = incident_id
    item.save(
        update_fields=["triage_state", "dismiss_reason", "decided_by", "decided_at", "incident"]
    )
    row = TriageDecision.objects.create(
        item=item,
        decision=decision,
        reason=item.dismiss_reason,
        incident_id=incident_id,
        user=item.decided_by,
        at=now,
        suggestions=suggestions or {},
        corrections=corrections or {},
    )
    record(
        who,
        "news.item.triage",
        "news_item",
        item.pk,
        before=before,
        after={"state": decision, "reason": item.dismiss_reason, "incident": incident_id},
    )
    return row


@transaction.atomic
def dismiss_items(who: Who, item_ids: Iterable[int], reason: str) -> int:
    """Bulk dismiss; all or nothing."""
    items = list(NewsItem.objects.select_for_update().filter(pk__in=list(item_ids)))
    for item in items:
        decide(who, item, TriageState.DISMISSED, reason=reason)
    return len(items)


def schedule_next(source: Source, now: datetime) -> None:
    Source.objects.filter(pk=source.pk).update(
        next_due_at=now + timedelta(seconds=source.poll_interval)
    )

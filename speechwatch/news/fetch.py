"""Fetch sources into items: one FetchRun per source; errors are recorded, never raised."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from speechwatch.news import pipeline
from speechwatch.news.actions import Stored, schedule_next, store_item, store_items
from speechwatch.news.canonical import canonical_url
from speechwatch.news.client import Client, Response, require_text
from speechwatch.news.folder import folder_files, parse_file
from speechwatch.news.models import FetchRun, NewsItem, Source, SourceKind
from speechwatch.news.parse import decode, extract_article, parse_feed, parse_sitemap
from speechwatch.news.parsed import FetchError, ParsedItem
from speechwatch.news.telegram import parse_export

log = logging.getLogger(__name__)
SITEMAP_PAGES_PER_RUN = 50


def make_client() -> Client:
    return Client(
        user_agent=f"SpeechWatch/1.0 (+mailto:{settings.ORGANISATION_EMAIL})",
        timeout=settings.SPEECHWATCH_FETCH_TIMEOUT,
        max_bytes=settings.SPEECHWATCH_FETCH_MAX_BYTES,
        politeness=settings.SPEECHWATCH_FETCH_POLITENESS,
        retries=settings.SPEECHWATCH_FETCH_RETRIES,
        backoff=settings.SPEECHWATCH_FETCH_BACKOFF,
        allow_private=settings.SPEECHWATCH_FETCH_ALLOW_PRIVATE,
        respect_robots=settings.SPEECHWATCH_FETCH_ROBOTS,
    )


def fetch_article(url: str, client: Client | None = None) -> ParsedItem:
    """One page, fetched and extracted (the inbox's "paste a URL"). Raises FetchError."""
    client = client or make_client()
    response = client.get(url)
    _check(response)
    require_text(response)
    html = decode(response.body, response.charset, url)
    item = extract_article(html, response.url, response.body)
    item.url = url
    return item


def _check(response: Response) -> None:
    if response.status != 200:
        raise FetchError(f"{response.url}: HTTP {response.status}")


class _Run:
    """Counts of one source's run; items are stored one at a time, each atomically."""

    def __init__(self, source: Source, run: FetchRun, now: datetime) -> None:
        self.source, self.run, self.now = source, run, now
        self.new_ids: list[int] = []
        self.errors: list[str] = []

    def store_many(self, items: list[ParsedItem]) -> None:
        try:
            results = store_items(self.source, items, fetched_at=self.now)
        except Exception as exc:  # the lookups failed: item by item, each on its own
            log.warning("batch store of %s failed (%s); item by item", self.source.name, exc)
            for parsed in items:
                self.store(parsed)
            return
        for stored in results:
            self.count(stored)

    def count(self, stored: Stored) -> None:
        if stored.status == "seen":
            self.run.items_seen += 1
        else:
            self.run.items_new += stored.status == "new"
            self.run.items_revised += stored.status == "revised"
            if stored.item is not None:
                self.new_ids.append(stored.item.pk)

    def store(self, parsed: ParsedItem) -> None:
        try:
            stored = store_item(self.source, parsed, fetched_at=self.now)
        except Exception as exc:  # one bad item never stops the run; nothing half-stored
            log.exception("storing an item of %s", self.source.name)
            self.errors.append(f"{parsed.url or parsed.external_id}: {type(exc).__name__}: {exc}")
            return
        self.count(stored)


def fetch_source(
    source: Source, client: Client | None = None, now: datetime | None = None
) -> FetchRun:
    """Fetch one source now. Never raises: the reason of a failure is the run's `error`."""
    now = now or timezone.now()
    run = FetchRun.objects.create(source=source, started_at=now)
    state = _Run(source, run, now)
    try:
        reader = READERS[source.kind]
        reader(state, client or make_client())
    except FetchError as exc:
        state.errors.insert(0, str(exc))
    except Exception as exc:  # a bug or a library failure on hostile input: record, go on
        log.exception("fetching %s", source.name)
        state.errors.insert(0, f"{type(exc).__name__}: {exc}")
    run.error = "\n".join(state.errors)[:4000]
    run.finished_at = timezone.now()
    run.save()
    schedule_next(source, now)
    if state.new_ids:
        pipeline.dispatch_triage(state.new_ids)
    return run


def _read_feed(state: _Run, client: Client) -> None:
    source = state.source
    response = client.get(source.url_or_path, etag=source.etag, last_modified=source.last_modified)
    state.run.http_status = response.status
    state.run.bytes = response.wire_bytes
    if response.not_modified:
        return
    _check(response)
    require_text(response)
    items = parse_feed(response.body, response.charset, source.url_or_path, state.errors)
    for parsed in items:
        if source.full_text and parsed.url and not _known(parsed.url):
            try:
                article = fetch_article(parsed.url, client)
                parsed.text, parsed.extraction = article.text, "trafilatura"
            except FetchError as exc:
                state.errors.append(str(exc))  # keep the summary; note why
    # one commit per feed (each item still its own savepoint), the validators with it: if the
    # process dies here, nothing is half-stored and the next run reads the whole feed again
    with transaction.atomic():
        state.store_many(items)
        Source.objects.filter(pk=source.pk).update(
            etag=response.headers.get("etag", "")[:500],
            last_modified=response.headers.get("last-modified", "")[:100],
        )


def _known(url: str) -> bool:
    return NewsItem.objects.filter(canonical_url=canonical_url(url)).exists()


def _read_page(state: _Run, client: Client) -> None:
    response = client.get(state.source.url_or_path)
    state.run.http_status, state.run.bytes = response.status, response.wire_bytes
    _check(response)
    require_text(response)
    html = decode(response.body, response.charset, response.url)
    state.store(extract_article(html, state.source.url_or_path, response.body))


def _read_sitemap(state: _Run, client: Client) -> None:
    response = client.get(state.source.url_or_path)
    state.run.http_status, state.run.bytes = response.status, response.wire_bytes
    _check(response)
    require_text(response)
    pages, nested = parse_sitemap(response.body, response.url)
    for url in nested[:5]:
        sub = client.get(url)
        _check(sub)
        pages += parse_sitemap(sub.body, url)[0]
    pages.sort(key=lambda p: p[1], reverse=True)  # newest first by lastmod
    fresh = [url for url, _ in pages if not _known(url)][:SITEMAP_PAGES_PER_RUN]
    state.run.items_seen += len(pages) - len(fresh)
    for url in fresh:
        try:
            state.store(fetch_article(url, client))
        except FetchError as exc:
            state.errors.append(str(exc))


def _read_telegram(state: _Run, client: Client) -> None:
    path = Path(state.source.url_or_path)
    files = sorted(path.rglob("result.json")) if path.is_dir() else [path]
    if not files or not files[0].is_file():
        raise FetchError(f"{path}: no Telegram export (result.json) found")
    latest = _latest_ids(state.source)
    for file in files:
        body = file.read_bytes()
        state.run.bytes += len(body)
        for parsed in parse_export(body, str(file), settings.TIME_ZONE):
            if parsed.external_id in latest:
                state.run.items_seen += 1  # already imported from an earlier export
                continue
            state.store(parsed)


def _latest_ids(source: Source) -> set[str]:
    return set(NewsItem.objects.filter(source=source).values_list("external_id", flat=True))


def _read_folder(state: _Run, client: Client) -> None:
    for path, name in folder_files(Path(state.source.url_or_path)):
        try:
            parsed_items = parse_file(path, name)
        except (FetchError, OSError, ValueError) as exc:
            state.errors.append(f"{name}: {exc}" if not str(exc).startswith(name) else str(exc))
            continue
        state.run.bytes += path.stat().st_size
        for parsed in parsed_items:
            state.store(parsed)


READERS: dict[str, Callable[[_Run, Client], None]] = {
    SourceKind.RSS: _read_feed,
    SourceKind.PAGE: _read_page,
    SourceKind.SITEMAP: _read_sitemap,
    SourceKind.TELEGRAM: _read_telegram,
    SourceKind.FOLDER: _read_folder,
}


def due_sources(now: datetime | None = None) -> list[Source]:
    now = now or timezone.now()
    return list(
        Source.objects.filter(enabled=True)
        .filter(Q(next_due_at__isnull=True) | Q(next_due_at__lte=now))
        .order_by("next_due_at", "pk")
    )


def fetch_due(now: datetime | None = None, client: Client | None = None) -> list[FetchRun]:
    """Every due source, one after another, sharing one client (so politeness holds)."""
    client = client or make_client()
    return [fetch_source(source, client) for source in due_sources(now)]


@transaction.atomic
def claim(source_id: int, now: datetime) -> Source | None:
    """Move a due source's next_due_at forward so a second enqueue of it is a no-op."""
    source = Source.objects.select_for_update().filter(pk=source_id).first()
    if source is None:
        return None
    schedule_next(source, now)
    return source

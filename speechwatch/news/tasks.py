"""Celery tasks: one per source fetch and per triage batch; all safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from speechwatch.celery import app as _app  # noqa: F401  (makes it the current app)
from speechwatch.news import pipeline
from speechwatch.news.fetch import claim, due_sources, fetch_source
from speechwatch.news.models import Source


@shared_task(name="news.enqueue_due")
def enqueue_due() -> int:
    """Beat, every minute: one fetch task per due source; the claim moves next_due_at on, so a
    second beat tick (or a second beat) before the fetch runs enqueues nothing twice."""
    now = timezone.now()
    sent = 0
    for source in due_sources(now):
        if claim(source.pk, now) is not None:
            fetch_source_task.delay(source.pk)
            sent += 1
    return sent


@shared_task(
    name="news.fetch_source",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=3,
)
def fetch_source_task(source_id: int) -> int | None:
    """Fetch one source now. Idempotent: a repeat re-reads with the stored ETag and stores
    nothing it already has. Returns the FetchRun id."""
    source = Source.objects.filter(pk=source_id).first()
    if source is None:
        return None  # deleted meanwhile
    return fetch_source(source).pk


@shared_task(name="news.fetch_source_named")
def fetch_source_named(name: str) -> int | None:
    source = Source.objects.filter(name=name).first()
    return fetch_source(source).pk if source is not None else None


@shared_task(name="news.triage_batch", autoretry_for=(ConnectionError,), max_retries=3)
def triage_batch(item_ids: list[int]) -> list[str]:
    """Run the registered triage stages (part 2) on new items; stages must be idempotent."""
    return pipeline.run_triage(list(item_ids))

"""Open-source news: sources, fetched items (with revisions), fetch runs and triage decisions.

Revisions: an edited story (same canonical URL, different content hash) becomes a new NewsItem
row whose `revision_of` points at the first revision and whose `revision` counts up; the inbox
shows only the latest revision (`is_latest`). The raw payload of every row stays as fetched.
"""

from __future__ import annotations

import zlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    RSS = "rss", _("RSS/Atom feed")
    PAGE = "page", _("Web page")
    SITEMAP = "sitemap", _("Sitemap")
    TELEGRAM = "telegram", _("Telegram export")
    FOLDER = "folder", _("Folder of files")


class TriageState(models.TextChoices):
    NEW = "new", _("New")
    INCIDENT = "incident", _("Incident created")
    ATTACHED = "attached", _("Attached to an incident")
    DISMISSED = "dismissed", _("Dismissed")


class DismissReason(models.TextChoices):
    NOT_VIOLATION = "not_violation", _("Not a violation")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")
    NOT_KAZAKHSTAN = "not_kazakhstan", _("Not Kazakhstan")
    DUPLICATE = "duplicate", _("Duplicate")


class Source(models.Model):
    kind = models.CharField(max_length=16, choices=SourceKind.choices)
    name = models.CharField(max_length=200, unique=True)
    url_or_path = models.CharField(max_length=2000)
    lang = models.CharField(max_length=8, blank=True)  # language hint: kk | ru | en | ""
    region = models.CharField(max_length=64, blank=True)  # reference Region code hint
    outlet = models.ForeignKey(
        "actors.Actor", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    poll_interval = models.PositiveIntegerField(default=1800)  # seconds
    enabled = models.BooleanField(default=True)
    full_text = models.BooleanField(default=False)  # feeds: fetch each article (trafilatura)
    seen_at = models.CharField(max_length=500, blank=True)  # where the address was seen
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    next_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NewsItem(models.Model):
    # db_index=False here and on triage_state: the indexes below lead with them.
    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="items", db_index=False
    )
    url = models.CharField(max_length=2000, blank=True)
    canonical_url = models.CharField(max_length=2000, blank=True, db_index=True)
    # message id within a Telegram channel / file name in a folder; "" for web items
    external_id = models.CharField(max_length=300, blank=True)
    title = models.CharField(max_length=1000, blank=True)
    text = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    fetched_at = models.DateTimeField(db_index=True)
    lang = models.CharField(max_length=8, blank=True, db_index=True)
    content_hash = models.CharField(max_length=64, db_index=True)
    extraction = models.CharField(max_length=32, blank=True)  # feed | trafilatura | page | …
    raw = models.BinaryField(editable=False)  # zlib-compressed payload, never modified
    revision = models.PositiveIntegerField(default=1)
    revision_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    is_latest = models.BooleanField(default=True, db_index=True)
    triage_state = models.CharField(
        max_length=16, choices=TriageState.choices, default=TriageState.NEW
    )
    dismiss_reason = models.CharField(max_length=24, choices=DismissReason.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    incident = models.ForeignKey(
        "incidents.Incident",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_items",
    )
    # Triage (speechwatch/triage): the score sorts the inbox (-1 = not scored yet); items
    # reporting one incident share `story`. The full result is the item's ItemTriage row.
    triage_score = models.FloatField(default=-1.0)
    story = models.CharField(max_length=200, blank=True, db_index=True)

    class Meta:
        ordering = ["-fetched_at", "-id"]
        indexes = [
            models.Index(fields=["source", "external_id"]),
            models.Index(fields=["triage_state", "is_latest", "-fetched_at"]),
            models.Index(fields=["triage_state", "is_latest", "-triage_score", "-id"]),
        ]

    def __str__(self) -> str:
        return self.title or self.url or f"item {self.pk}"

    @property
    def raw_bytes(self) -> bytes:
        return zlib.decompress(bytes(self.raw)) if self.raw else b""

    @property
    def first_id(self) -> int:
        return self.revision_of_id or self.pk


class ItemTriage(models.Model):
    """What triage suggested for one item, with the story features later batches match against.

    `result` is the full Triage (evidence offsets into title + "\n" + text included; see
    speechwatch/news/triage_store.py); `signature` the MinHash (uint32 × 64), `embedding` the
    int8-quantised embedding (384 bytes; empty when the item was not embedded), `features`
    the hashed agreement signals.
    """

    item = models.OneToOneField(
        NewsItem, on_delete=models.CASCADE, primary_key=True, related_name="triage"
    )
    result = models.JSONField(default=dict)
    published = models.DateField(null=True, blank=True, db_index=True)
    signature = models.BinaryField(default=b"")
    embedding = models.BinaryField(default=b"", blank=True)
    features = models.JSONField(default=dict)
    model_version = models.CharField(max_length=64, blank=True)
    triaged_at = models.DateTimeField()


class FetchRun(models.Model):
    # db_index=False: the (source, -started_at) index below leads with it.
    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="runs", db_index=False
    )
    started_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    http_status = models.PositiveIntegerField(null=True, blank=True)
    items_new = models.PositiveIntegerField(default=0)
    items_seen = models.PositiveIntegerField(default=0)
    items_revised = models.PositiveIntegerField(default=0)
    bytes = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["source", "-started_at"])]

    @property
    def ok(self) -> bool:
        return not self.error


class TriageDecision(models.Model):
    """One monitor decision on an item: kept as a training label for part 2."""

    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=16, choices=TriageState.choices)
    reason = models.CharField(max_length=24, blank=True)
    incident = models.ForeignKey(
        "incidents.Incident", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(db_index=True)
    suggestions = models.JSONField(default=dict, blank=True)  # what part 2 proposed
    corrections = models.JSONField(default=dict, blank=True)  # what the monitor changed

    class Meta:
        ordering = ["-at", "-id"]

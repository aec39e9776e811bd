"""Figures read back from published overviews, kept apart from incident records."""

from __future__ import annotations

from django.db import models


class OverviewDocument(models.Model):
    """One published overview file that was read; its figures point here."""

    source_name = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64, db_index=True)
    organisation = models.CharField(max_length=200, db_index=True)
    period = models.CharField(max_length=10)  # 2024-04, 2024-Q1, 2024-H1, 2024
    period_start = models.DateField()
    period_end = models.DateField()
    lang = models.CharField(max_length=8)
    taxonomy = models.CharField(max_length=64)
    title = models.TextField(blank=True)
    parsed = models.JSONField(default=dict)  # the reader's JSON, warnings included
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sha256", "organisation"], name="overview_document_unique"
            )
        ]
        ordering = ["organisation", "period_start", "id"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.period} ({self.source_name})"


class PublishedStatistics(models.Model):
    """A figure as published: `count` reports of `code` in a period. Codes are taxonomy codes, or
    `facet:<facet>=<value>` for a facet breakdown under `parent_code`. Rows below the acceptance
    threshold keep their best-guess code with `needs_review` set until a person confirms it."""

    organisation = models.CharField(max_length=200, db_index=True)
    period = models.CharField(max_length=10)
    period_start = models.DateField(db_index=True)
    period_end = models.DateField()
    code = models.CharField(max_length=160, db_index=True, blank=True)
    parent_code = models.CharField(max_length=160, blank=True)
    block = models.CharField(max_length=40, blank=True)
    count = models.IntegerField()
    others = models.BooleanField(default=False)  # the published list ended with "and others"
    phrase = models.TextField(blank=True)
    lang = models.CharField(max_length=8)
    document = models.ForeignKey(OverviewDocument, on_delete=models.CASCADE, related_name="figures")
    confidence = models.FloatField()
    method = models.CharField(max_length=20, blank=True)
    needs_review = models.BooleanField(default=False, db_index=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["organisation", "period_start", "document_id", "position"]
        verbose_name_plural = "published statistics"

    def __str__(self) -> str:
        return f"{self.organisation} {self.period} {self.code}={self.count}"


class PhraseMapping(models.Model):
    """A phrase → code mapping a person confirmed; reused by every later reading."""

    taxonomy = models.CharField(max_length=64)
    lang = models.CharField(max_length=8)
    key = models.CharField(max_length=500)  # mapping.confirmed_key(phrase)
    phrase = models.TextField()  # the phrase as first seen, for people
    code = models.CharField(max_length=160)
    confirmed_by = models.CharField(max_length=150, blank=True)
    confirmed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "key"], name="phrase_mapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.phrase} → {self.code}"

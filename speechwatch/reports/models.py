"""The monthly overview as stored: per-month editor overrides and frozen published versions.

A draft is computed from the incidents every time (monthly figures may come from
MonthFiguresCache, which is checked against the month's data before use). Only publishing freezes
a month (ReportVersion + one ReportRendition per language), so later edits to incidents cannot
change a published overview silently.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReportMonth(models.Model):
    """One month's overview: what the editor chose (overrides) and its published versions."""

    month = models.CharField(max_length=7, unique=True)  # "2024-04"
    # {"blocks": {...}, "featured_cases": [...], "also": [...], "text": {key: {lang: text}}, ...}
    overrides = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.CharField(max_length=150, blank=True)
    # Of the overrides (not a published version's number): every save adds 1.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        ordering = ["-month"]

    def __str__(self) -> str:
        return self.month

    def latest_version(self) -> ReportVersion | None:
        return self.versions.order_by("-number").first()


class ReportVersion(models.Model):
    """A published, frozen version of a month: figures plus the composed text per language."""

    report = models.ForeignKey(ReportMonth, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField()
    published_by = models.CharField(max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    template = models.CharField(max_length=120)
    template_version = models.PositiveIntegerField()
    overrides = models.JSONField(default=dict, blank=True)  # as they were when published
    figures = models.JSONField(default=dict)  # language-independent figures (compose.figures)
    lines = models.JSONField(default=list)  # "key: value" figure lines, for diffs
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique")
        ]
        ordering = ["report", "-number"]

    def __str__(self) -> str:
        return f"{self.report.month} v{self.number}"


class ReportRendition(models.Model):
    """One language of a published version: the whole composed Report (JSON) and its Markdown."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="renditions")
    lang = models.CharField(max_length=8)
    document = models.JSONField()  # compose.report_to_data(Report): re-rendered in any format
    figures = models.JSONField(default=dict)  # Report.figures of this language
    markdown = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "lang"], name="report_rendition_unique")
        ]
        ordering = ["version", "lang"]


class MonthFiguresCache(models.Model):
    """Derived data, not a record: the counted figures of one month, reused while the month's
    data is unchanged (build.py checks ``fingerprint`` before use and recomputes on mismatch).

    ``key`` hashes what the figures depend on besides the data (taxonomy, counting rules, the
    listing spec, the cache format); ``audit_mark``/``audit_window`` are the audit log's state
    when the fingerprint was last checked: unchanged, nothing was written since. Rows may be
    deleted at any time.
    """

    key = models.CharField(max_length=64)
    month = models.CharField(max_length=7)  # "2024-04"
    fingerprint = models.CharField(max_length=200)
    audit_mark = models.BigIntegerField(default=0)
    audit_window = models.IntegerField(default=0)
    payload = models.JSONField()  # figcache.entry_to_data
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "month"], name="report_month_figures_unique")
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.key[:8]}"

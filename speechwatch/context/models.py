from __future__ import annotations

from django.db import models

from speechwatch.reference.models import Region
from speechwatch.translated import Note, TitleSummary, TitleText


class ContextEvent(TitleText):
    """Not a violation but part of the climate ("Events in April"): statements, emergencies."""

    external_id = models.CharField(max_length=120, unique=True)
    date = models.DateField(db_index=True)
    kind = models.CharField(max_length=40, blank=True)  # statement, emergency, parliament, ...
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    source_urls = models.JSONField(default=list, blank=True)
    published = models.BooleanField(default=False)
    internal_notes = models.TextField(blank=True)  # confidential
    is_demo = models.BooleanField(default=False)
    import_run = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return self.external_id


class LegislativeItem(TitleSummary):
    """A bill, law or concept affecting media, followed through dated stages."""

    external_id = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=24, blank=True)  # law, bill, code, concept, regulation
    published = models.BooleanField(default=False)
    internal_notes = models.TextField(blank=True)  # confidential
    is_demo = models.BooleanField(default=False)
    import_run = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.external_id


class LegislativeStageKind(models.TextChoices):
    CONCEPT = "concept", "draft concept"
    DRAFT = "draft", "draft published"
    SUBMITTED = "submitted", "submitted to parliament"
    MAJILIS_FIRST = "majilis_first_reading", "Majilis first reading"
    MAJILIS_SECOND = "majilis_second_reading", "Majilis second reading"
    SENATE = "senate", "Senate"
    SIGNED = "signed", "signed"
    IN_FORCE = "in_force", "in force"
    WITHDRAWN = "withdrawn", "withdrawn"
    OTHER = "other", "other"


class LegislativeStage(Note):
    item = models.ForeignKey(LegislativeItem, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(max_length=32, choices=LegislativeStageKind.choices)
    date = models.DateField(db_index=True)

    class Meta:
        ordering = ["date", "id"]

from __future__ import annotations

from django.db import models


class ActorKind(models.TextChoices):
    PERSON = "person", "person"
    ORGANISATION = "organisation", "organisation"


class ActorType(models.TextChoices):
    JOURNALIST = "journalist", "journalist"
    BLOGGER = "blogger", "blogger"
    MEDIA_OUTLET = "media_outlet", "media outlet"
    NEWSMAKER = "newsmaker", "newsmaker"
    STATE_BODY = "state_body", "state body"
    OFFICIAL = "official", "official"
    COURT = "court", "court"
    LAW_ENFORCEMENT = "law_enforcement", "law enforcement"
    COMPANY = "company", "company"
    PRIVATE_PERSON = "private_person", "private person"
    UNKNOWN = "unknown", "unknown"


# Types counted as "representatives of the governmental sector" in victim breakdowns.
STATE_SECTOR_TYPES = frozenset({"state_body", "official", "court", "law_enforcement"})


class Actor(models.Model):
    """A person or organisation that is a victim or perpetrator in incidents and cases."""

    external_id = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=16, choices=ActorKind.choices)
    type = models.CharField(max_length=24, choices=ActorType.choices, db_index=True)
    name = models.CharField(max_length=300)
    # Other spellings, Cyrillic and Latin ("Azattyq", "Азаттык", "Азаттық").
    name_variants = models.JSONField(default=list, blank=True)
    internal_notes = models.TextField(blank=True)  # confidential
    is_demo = models.BooleanField(default=False)
    import_run = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

"""Incoming reports, stored exactly as received.

`Submission` is raw and immutable: a monitor turns it into a draft incident or merges it into
an existing one, and that decision is a separate row (`SubmissionOutcome`). Who sent it and how
to reach them lives apart in `Reporter`, which is confidential and never leaves the workspace.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from speechwatch.incidents.models import Incident, Precision
from speechwatch.reference.models import Region


class Channel(models.TextChoices):
    CORRESPONDENT = "correspondent", _("correspondent")
    PUBLIC = "public", _("public form")


class ImmutableError(RuntimeError):
    pass


class Submission(models.Model):
    external_id = models.CharField(max_length=120, unique=True)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    created_at = models.DateTimeField(db_index=True)
    language = models.CharField(max_length=8, blank=True)
    what_happened = models.TextField()
    occurred_on = models.DateField(null=True, blank=True)
    occurred_precision = models.CharField(
        max_length=8, choices=Precision.choices, default=Precision.UNKNOWN
    )
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    settlement = models.CharField(max_length=200, blank=True)
    affected = models.TextField(blank=True)  # who was affected
    acted = models.TextField(blank=True)  # who acted (the alleged perpetrator)
    links = models.JSONField(default=list, blank=True)
    # Of the staff's work on it (assignment, outcome), not of its content, which never changes:
    # those actions add 1 with a conditional UPDATE, never through save().
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.external_id

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ImmutableError("a submission is stored as received and never changed")
        super().save(*args, **kwargs)


class Reporter(models.Model):
    """Who sent a submission and how to reach them. Confidential."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="reporter")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=200, blank=True)
    email = models.CharField(max_length=254, blank=True)
    phone = models.CharField(max_length=60, blank=True)
    other_contact = models.CharField(max_length=300, blank=True)
    may_contact = models.BooleanField(default=False)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ImmutableError("reporter details are stored as received and never changed")
        super().save(*args, **kwargs)

    @property
    def display(self) -> str:
        if self.user_id and self.user is not None:
            return self.name or self.user.get_username()
        return self.name or self.email or self.phone or str(_("anonymous"))


class Attachment(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="intake/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]


class OutcomeKind(models.TextChoices):
    CONVERTED = "converted", _("turned into a new incident")
    MERGED = "merged", _("merged into an existing incident")
    REJECTED = "rejected", _("not taken up")


class SubmissionOutcome(models.Model):
    """What a monitor did with a submission (one decision per submission)."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="outcome")
    kind = models.CharField(max_length=16, choices=OutcomeKind.choices)
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    note = models.TextField(blank=True)

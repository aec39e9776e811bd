"""Staff-side working state: edit locks, assignments, comments, two-factor secrets, throttles.

Locks and assignments point at any reviewable record by (object_type, object_id) — the same
pair the audit log uses — so one queue can show who is working on submissions and incidents.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from speechwatch.incidents.models import Incident
from speechwatch.workspace.fields import EncryptedTextField


class Assignment(models.Model):
    """Who is responsible for a record in the review queue."""

    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=120)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["object_type", "object_id"], name="assignment_unique")
        ]


class EditLock(models.Model):
    """Who is editing a record right now; expires unless renewed by the open editor."""

    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=120)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    acquired_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["object_type", "object_id"], name="edit_lock_unique")
        ]


class Comment(models.Model):
    """An internal remark on an incident (confidential: never shown publicly)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]


class TwoFactor(models.Model):
    """A user's TOTP secret; `confirmed_at` is set once they proved their app has it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor"
    )
    secret = EncryptedTextField()  # Fernet-encrypted in the database (workspace/fields.py)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(null=True, blank=True)  # refuses replay of a used code


class Throttle(models.Model):
    """A fixed-window counter (wrong two-factor codes, reset mails, public reports per IP;
    password failures are counted by django-axes).

    Kept in the database so limits hold across worker processes without a shared cache."""

    key = models.CharField(max_length=200, unique=True)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

"""Staff-side working state: edit locks, comments, two-factor secrets (assignments and
throttles: staff/models.py, below intake/ and workspace/).

Locks point at any reviewable record by (object_type, object_id) — the same
pair the audit log uses — so one queue can show who is working on submissions and incidents.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from speechwatch.incidents.models import Incident
from speechwatch.staff.models import Assignment as Assignment  # moved to staff/, re-exported
from speechwatch.staff.models import Throttle as Throttle
from speechwatch.workspace.fields import EncryptedTextField


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

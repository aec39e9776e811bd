"""Who is responsible for a record, and rate-limit counters: the state that both intake/ and
workspace/ need, kept below both so that neither reaches into the other.

The tables keep the names they had in workspace/ (`db_table`): the models moved in the
migration state only (staff 0001, workspace 0004), no row was copied.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Assignment(models.Model):
    """Who is responsible for a record in the review queue, by (object_type, object_id) — the
    same pair the audit log uses — so one queue shows submissions, incidents and cases."""

    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=120)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        db_table = "workspace_assignment"
        constraints = [
            models.UniqueConstraint(fields=["object_type", "object_id"], name="assignment_unique")
        ]


class Throttle(models.Model):
    """A fixed-window counter (wrong two-factor codes, reset mails, public reports per IP;
    password failures are counted by django-axes).

    Kept in the database so limits hold across worker processes without a shared cache."""

    key = models.CharField(max_length=200, unique=True)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "workspace_throttle"

"""Stored model versions: each training run, its evaluation report and which one is in use."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ModelVersion(models.Model):
    """One trained triage model. Exactly one is active once any exists (actions.py writes)."""

    number = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_label = models.CharField(max_length=150, blank=True)
    taxonomy = models.CharField(max_length=64)
    trained_on = models.JSONField(default=dict)  # counts by origin, violations
    blob = models.BinaryField(editable=False)  # the pickled TriageModel
    sklearn_version = models.CharField(max_length=32)
    report = models.JSONField(default=dict)  # evaluation.EvalReport.as_dict() (cross-validated)
    thresholds = models.JSONField(default=dict)  # lang -> threshold; "" = other languages
    active = models.BooleanField(default=False)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=models.Q(active=True), name="one_active_model"
            )
        ]

    def __str__(self) -> str:
        return f"model {self.number}"

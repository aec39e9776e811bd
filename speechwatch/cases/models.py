from __future__ import annotations

from django.db import models

from speechwatch.actors.models import Actor
from speechwatch.incidents.models import Incident
from speechwatch.translated import Note, TitleSummary


class CaseKind(models.TextChoices):
    CRIMINAL = "criminal", "criminal"
    CIVIL = "civil", "civil"
    ADMINISTRATIVE = "administrative", "administrative"
    OTHER = "other", "other"


class Case(TitleSummary):
    """A matter spanning months (usually a legal case) that links incidents."""

    external_id = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=16, choices=CaseKind.choices, default=CaseKind.OTHER)
    opened_on = models.DateField(null=True, blank=True)
    published = models.BooleanField(default=False)
    internal_notes = models.TextField(blank=True)  # confidential
    is_demo = models.BooleanField(default=False)
    import_run = models.CharField(max_length=40, blank=True)
    # Every write to the case, its stages, links or defendants adds 1 (lib/conflicts.py).
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    incidents = models.ManyToManyField(Incident, through="CaseIncident", related_name="cases")

    class Meta:
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return self.external_id


class CaseIncident(models.Model):
    # The unique (case, incident) index serves lookups by case: no separate FK index.
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="incident_links", db_index=False
    )
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="case_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "incident"], name="case_incident_unique")
        ]


class Stage(models.TextChoices):
    PRE_TRIAL_CLAIM = "pre_trial_claim", "pre-trial claim"
    INVESTIGATION = "investigation", "investigation"
    CHARGE = "charge", "charge"
    FIRST_INSTANCE = "first_instance", "first instance"
    APPEAL = "appeal", "appeal"
    CASSATION = "cassation", "cassation"
    MEDIATION = "mediation", "mediation"
    CLOSED = "closed", "closed"


class Outcome(models.TextChoices):
    NONE = "", "—"
    FOR_MEDIA = "for_media", "for the media"
    AGAINST_MEDIA = "against_media", "against the media"
    SETTLED = "settled", "settled"
    DROPPED = "dropped", "dropped"


class CaseStage(Note):
    # db_index=False: case_stage_case_date (case, date) leads with it.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stages", db_index=False)
    stage = models.CharField(max_length=20, choices=Stage.choices)
    date = models.DateField()
    body = models.CharField(max_length=300, blank=True)  # court or body
    claim_amount = models.BigIntegerField(null=True, blank=True)  # tenge
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True, default="")

    class Meta:
        ordering = ["date", "id"]
        indexes = [
            models.Index(fields=["date"]),
            # Whether a case had a stage before a date, from the index alone (reports on
            # ongoing cases, cases/ongoing.py).
            models.Index(fields=["case", "date"], name="case_stage_case_date"),
        ]


class DefendantStatus(models.TextChoices):
    SUSPECT = "suspect", "suspect"
    CHARGED = "charged", "charged"
    DEFENDANT = "defendant", "defendant"
    CONVICTED = "convicted", "convicted"
    ACQUITTED = "acquitted", "acquitted"
    RELEASED = "released", "released"
    CLAIM_SATISFIED = "claim_satisfied", "claim satisfied"
    CLAIM_DISMISSED = "claim_dismissed", "claim dismissed"
    SETTLED = "settled", "settled"
    DROPPED = "dropped", "dropped"


class CaseDefendant(models.Model):
    # The unique (case, actor) index serves lookups by case: no separate FK index.
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="defendants", db_index=False
    )
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="case_defendants")
    status = models.CharField(max_length=20, choices=DefendantStatus.choices)
    status_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "actor"], name="case_defendant_unique")
        ]
        ordering = ["id"]

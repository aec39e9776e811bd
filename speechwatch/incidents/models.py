from __future__ import annotations

from django.conf import settings
from django.db import models

from speechwatch.actors.models import Actor
from speechwatch.reference.models import Region
from speechwatch.taxonomy.models import Category
from speechwatch.translated import LANGS as LANGS  # re-exported: imported from here
from speechwatch.translated import TitleSummary


class Precision(models.TextChoices):
    DAY = "day", "day"
    MONTH = "month", "month"
    UNKNOWN = "unknown", "unknown"


class Status(models.TextChoices):
    DRAFT = "draft", "draft"
    UNDER_REVIEW = "under_review", "under review"
    VERIFIED = "verified", "verified"
    PUBLISHED = "published", "published"
    REJECTED = "rejected", "rejected"


CASE_LINKED_INDEX = "incident_case_linked"


class Incident(TitleSummary):
    """One report of a violation: the unit every statistic counts."""

    external_id = models.CharField(max_length=120, unique=True)
    # Months are counted by recorded_on (when it became known), not by occurred_on.
    recorded_on = models.DateField()  # indexed by (recorded_on, id) and (status, recorded_on)
    occurred_on = models.DateField(null=True, blank=True)
    occurred_precision = models.CharField(
        max_length=8, choices=Precision.choices, default=Precision.UNKNOWN
    )
    # db_index=False: incident_region_recorded (region, recorded_on, id) serves every look-up by
    # region; a second index on the same column only cost each write and each bulk load.
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, db_index=False
    )
    settlement = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # never filtered on; one index less to maintain on bulk import
    )
    internal_notes = models.TextField(blank=True)  # confidential
    # Titles, summaries and settlement case-folded (incidents/search.py): set by every writer.
    search_text = models.TextField(blank=True, db_default="", editable=False)
    is_demo = models.BooleanField(default=False)
    import_run = models.CharField(max_length=40, blank=True)
    # Optimistic concurrency (lib/conflicts.py): every write adds 1; a form sends back the
    # version it read. db_default so the importer's raw INSERTs get 1 on both databases.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)
    # Set when the incident is linked to a case (cases/actions.py, the importer), so a report
    # finds its range's case reports in a small index instead of probing every incident's
    # links. Never cleared: readers still join the links, so a stale mark costs one look-up.
    case_linked = models.BooleanField(default=False, db_default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    categories = models.ManyToManyField(
        Category, through="IncidentCategory", related_name="incidents"
    )
    actors = models.ManyToManyField(Actor, through="IncidentActor", related_name="incidents")

    class Meta:
        indexes = [
            models.Index(fields=["status", "recorded_on"]),
            models.Index(fields=["recorded_on", "id"]),
            # A list filtered by region walks its region in list order (stops at the page).
            models.Index(fields=["region", "recorded_on", "id"], name="incident_region_recorded"),
            # Published case reports by date (cases/ongoing.py: reports on ongoing cases).
            models.Index(
                fields=["recorded_on"],
                condition=models.Q(case_linked=True, status=Status.PUBLISHED),
                name=CASE_LINKED_INDEX,
            ),
        ]
        ordering = ["-recorded_on", "-id"]

    def __str__(self) -> str:
        return self.external_id


class IncidentCategory(models.Model):
    # The unique (incident, category) index serves lookups by incident: no separate FK index.
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="category_links", db_index=False
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="incident_links")
    is_primary = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "category"], name="incident_category_unique"
            )
        ]


class Role(models.TextChoices):
    VICTIM = "victim", "victim"
    PERPETRATOR = "perpetrator", "perpetrator"


class IncidentActor(models.Model):
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="actor_links", db_index=False
    )
    # db_index=False: incident_actor_shared (actor, role, incident) serves look-ups by actor.
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="incident_links", db_index=False
    )
    role = models.CharField(max_length=12, choices=Role.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "actor", "role"], name="incident_actor_role_unique"
            )
        ]
        # Related incidents: the newest links of a shared victim (portal incident pages).
        indexes = [models.Index(fields=["actor", "role", "incident"], name="incident_actor_shared")]
        ordering = ["position", "id"]


class LegalReference(models.Model):
    """A normalised article reference: code PC/AdmC/CC…, article "274", optional part."""

    # db_index=False: reports_legalref_incident_article (incident, code, article) leads with it.
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="legal_refs", db_index=False
    )
    code = models.CharField(max_length=16)
    article = models.CharField(max_length=24)
    part = models.CharField(max_length=16, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["code", "article"])]
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.code} {self.article}" + (f"({self.part})" if self.part else "")


class SourceKind(models.TextChoices):
    URL = "url", "URL"
    OUTLET = "outlet", "outlet"
    CORRESPONDENT = "correspondent", "correspondent report"
    DOCUMENT = "document", "document"


class Source(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(max_length=16, choices=SourceKind.choices)
    url = models.URLField(max_length=1000, blank=True)
    outlet = models.CharField(max_length=300, blank=True)
    title = models.CharField(max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    # A confidential source never leaves the system: not on a public page, export or API.
    confidential = models.BooleanField(default=False)
    correspondent = models.CharField(max_length=300, blank=True)  # always confidential
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        # Suspected duplicates are incidents sharing a source URL (the review queue groups by it).
        indexes = [models.Index(fields=["url", "incident"])]


class IncidentTag(models.Model):
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="tags", db_index=False
    )
    tag = models.CharField(max_length=80, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["incident", "tag"], name="incident_tag_unique")
        ]
        ordering = ["tag"]


class QueueCount(models.Model):
    """The review queue's tab counts (incidents/queuecounts.py), kept by the incident actions in
    the same transaction as the write and rebuilt after a bulk import: reading them is one query
    whatever the number of incidents."""

    key = models.CharField(max_length=40, primary_key=True)
    n = models.BigIntegerField(default=0)


class MonthTally(models.Model):
    """Published incidents per recorded month, spread over every category they count under
    (incidents/monthtally.py): kept by the incident actions in the same transaction as the
    write, rebuilt after a bulk import, so a report counts a month from a few hundred rows
    however many incidents it holds. ``category_id`` 0 stands for every published incident."""

    month = models.CharField(max_length=7)  # YYYY-MM of recorded_on
    category_id = models.IntegerField()  # no foreign key: derived data, rebuilt at will
    facet = models.CharField(max_length=24)
    value = models.CharField(max_length=255)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "category_id", "facet", "value"], name="month_tally_unique"
            )
        ]
        # The same key with the count: a report reads its months' rows from the index alone.
        indexes = [
            models.Index(
                fields=["month", "category_id", "facet", "value", "n"], name="month_tally_cover"
            )
        ]


class TallyStamp(models.Model):
    """State of the month tallies (incidents/monthtally.py): when they were built, and the
    actors' stamp their victim and perpetrator types were last reconciled with."""

    key = models.CharField(max_length=40, primary_key=True)
    value = models.CharField(max_length=200)


class QueueMissing(models.Model):
    """Open incidents missing a category, region or source: the review queue's "missing" tab, kept
    like QueueCount with the list's order (recorded_on, id), so its page is an index walk instead
    of a check of every open incident. No foreign-key constraint: a bulk delete elsewhere leaves a
    harmless stale row (the tab still checks each listed incident)."""

    incident = models.OneToOneField(
        Incident,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="queue_missing",
    )
    recorded_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["recorded_on", "incident"], name="queue_missing_order")]


class QueueSharedUrl(models.Model):
    """Source URLs cited by more than one live incident and by how many (the "duplicates" tab),
    kept like QueueCount instead of grouping every source URL on each view."""

    url = models.CharField(max_length=1000, primary_key=True)
    n = models.PositiveIntegerField()

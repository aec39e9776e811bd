"""Load stage: the month's narrative as plain data — incident texts ("also in <month>"), context
events, legislative stages, featured cases with their history, the consistency checks' rows,
region labels. Confidential fields (internal notes, sources, correspondents) are never selected."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date

from django.db.models import Q

from speechwatch.cases.models import Case, CaseIncident, CaseStage
from speechwatch.context.models import ContextEvent, LegislativeStage
from speechwatch.incidents.models import (
    Incident,
    IncidentActor,
    IncidentCategory,
    Source,
    Status,
)
from speechwatch.reference.models import Region
from speechwatch.reports.monthdata import (
    CaseData,
    CaseIncidentData,
    CaseStageData,
    CheckRow,
    EventData,
    IncidentBrief,
    LegislativeEntryData,
)

__all__ = ["briefs", "cases_of", "check_rows", "events", "legislation", "regions_of"]

LANGS = ("en", "ru", "kk")
PUBLISHED = Status.PUBLISHED
NO_REGION = {"en": "—", "ru": "—", "kk": "—"}


def _values_texts(values: Mapping[str, object], prefix: str) -> dict[str, str]:
    return {lang: str(v) for lang in LANGS if (v := values.get(f"{prefix}_{lang}"))}


def briefs(start: date, end: date, only: Sequence[str] | None = None) -> list[IncidentBrief]:
    """The month's published incidents with their texts; ``only``: just these external ids
    (what the editor listed under "Also in <month>")."""
    fields = ["id", "external_id", "recorded_on", "occurred_on", "occurred_precision"]
    fields += [f"{p}_{lang}" for p in ("title", "summary") for lang in LANGS]
    found = Incident.objects.filter(status=PUBLISHED, recorded_on__gte=start, recorded_on__lte=end)
    if only is not None:
        found = found.filter(external_id__in=list(only))
    return [
        IncidentBrief(
            id=v["id"],
            external_id=v["external_id"],
            recorded_on=v["recorded_on"],
            occurred_on=v["occurred_on"],
            occurred_precision=v["occurred_precision"],
            title=_values_texts(v, "title"),
            summary=_values_texts(v, "summary"),
        )
        for v in found.order_by("recorded_on", "id").values(*fields)
    ]


def regions_of(per_region: Mapping[str, int]) -> list[tuple[str, dict[str, str], int]]:
    """(code, labels, incidents) per region code ("" = no region), most incidents first."""
    labels = dict(
        Region.objects.filter(code__in=[c for c in per_region if c]).values_list("code", "labels")
    )
    result = [
        (code, dict(labels.get(code) or {}) if code else dict(NO_REGION), n)
        for code, n in per_region.items()
        if n
    ]
    return sorted(result, key=lambda r: (-r[2], r[0]))


# -- narrative ----------------------------------------------------------------------------------


def events(start: date, end: date) -> list[EventData]:
    return [
        EventData(e.external_id, e.date, e.texts("title"), e.texts("text"))
        for e in ContextEvent.objects.filter(published=True, date__gte=start, date__lte=end)
        .order_by("date", "id")
        .only("external_id", "date", *[f"{p}_{lang}" for p in ("title", "text") for lang in LANGS])
    ]


def legislation(start: date, end: date) -> list[LegislativeEntryData]:
    return [
        LegislativeEntryData(
            item_external_id=s.item.external_id,
            item_title=s.item.texts("title"),
            item_summary=s.item.texts("summary"),
            stage=s.stage,
            date=s.date,
            note=s.texts("note"),
        )
        for s in LegislativeStage.objects.filter(
            item__published=True, date__gte=start, date__lte=end
        )
        .select_related("item")
        .order_by("date", "id")
    ]


def cases_of(start: date, end: date, requested: Sequence[str]) -> tuple[list[CaseData], list[str]]:
    """Published cases with a stage dated in [start, end] (the default featured ones, by id) and
    the ``requested`` external ids, with their stages and published incidents: four queries of
    the shown columns only (a month at a million incidents features dozens of cases)."""
    default = list(
        Case.objects.filter(published=True, stages__date__gte=start, stages__date__lte=end)
        .order_by("id")
        .values_list("external_id", flat=True)
        .distinct()
    )
    wanted = list(dict.fromkeys([*default, *requested]))
    fields = ["id", "external_id", "kind", "opened_on"]
    fields += [f"{p}_{lang}" for p in ("title", "summary") for lang in LANGS]
    cases = {
        v["external_id"]: v
        for v in Case.objects.filter(published=True, external_id__in=wanted).values(*fields)
    }
    ids = [v["id"] for v in cases.values()]
    stages: dict[int, list[CaseStageData]] = defaultdict(list)
    fields = ["case_id", "date", "stage", "outcome", "body"]
    fields += [f"note_{lang}" for lang in LANGS]
    for v in CaseStage.objects.filter(case_id__in=ids).order_by("date", "id").values(*fields):
        stages[v["case_id"]].append(
            CaseStageData(v["date"], v["stage"], v["outcome"], v["body"], _values_texts(v, "note"))
        )
    incidents: dict[int, list[CaseIncidentData]] = defaultdict(list)
    fields = ["case_id", "incident__external_id", "incident__recorded_on", "incident__occurred_on"]
    fields += [f"incident__title_{lang}" for lang in LANGS]
    for v in (
        CaseIncident.objects.filter(case_id__in=ids, incident__status=PUBLISHED)
        .order_by("incident__recorded_on", "incident_id")
        .values(*fields)
    ):
        incidents[v["case_id"]].append(
            CaseIncidentData(
                v["incident__external_id"],
                v["incident__recorded_on"],
                v["incident__occurred_on"],
                _values_texts(v, "incident__title"),
            )
        )
    result = [
        CaseData(
            external_id=c["external_id"],
            kind=c["kind"],
            title=_values_texts(c, "title"),
            summary=_values_texts(c, "summary"),
            opened_on=c["opened_on"],
            stages=tuple(stages[c["id"]]),
            incidents=tuple(incidents[c["id"]]),
        )
        for ext in wanted
        if (c := cases.get(ext)) is not None
    ]
    return result, [ext for ext in default if ext in cases]


def check_rows(taxonomy_id: int, start: date, end: date) -> list[CheckRow]:
    fields = ["id", "external_id", "status", "occurred_on", "region__code"]
    fields += [f"title_{lang}" for lang in LANGS]
    incidents = list(
        Incident.objects.filter(recorded_on__gte=start, recorded_on__lte=end)
        .exclude(status=Status.REJECTED)
        .order_by("recorded_on", "id")
        .values(*fields)
    )
    in_month = Q(incident__recorded_on__gte=start, incident__recorded_on__lte=end)
    categories: dict[int, list[str]] = defaultdict(list)
    for incident_id, code in IncidentCategory.objects.filter(
        in_month, category__taxonomy_id=taxonomy_id
    ).values_list("incident_id", "category__code"):
        categories[incident_id].append(code)
    with_source = set(Source.objects.filter(in_month).values_list("incident_id", flat=True))
    victims: dict[int, list[str]] = defaultdict(list)
    for incident_id, actor in IncidentActor.objects.filter(in_month, role="victim").values_list(
        "incident_id", "actor__external_id"
    ):
        victims[incident_id].append(actor)
    return [
        CheckRow(
            external_id=v["external_id"],
            status=v["status"],
            title=_values_texts(v, "title"),
            occurred_on=v["occurred_on"],
            categories=tuple(sorted(categories[v["id"]])),
            region=v["region__code"] or "",
            has_source=v["id"] in with_source,
            victims=tuple(sorted(victims[v["id"]])),
        )
        for v in incidents
    ]

"""Load stage: the month's narrative as plain data — incident texts ("also in <month>"), context
events, legislative stages, featured cases with their history, the consistency checks' rows,
region labels. Confidential fields (internal notes, sources, correspondents) are never selected."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date

from django.db import connection
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
from speechwatch.lib.rawsql import as_date, fetch_all, maybe_date
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
    return _texts([values.get(f"{prefix}_{lang}") for lang in LANGS])


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
    the ``requested`` external ids, with their stages and published incidents: three plain
    queries of the shown columns (a month at a million incidents features dozens of cases, and
    model rows cost more than the reading)."""
    qn = connection.ops.quote_name
    case, stage, link, incident = (
        qn(m._meta.db_table) for m in (Case, CaseStage, CaseIncident, Incident)
    )
    columns = "c.id, c.external_id, c.kind, c.opened_on, " + _text_columns("c", "title", "summary")
    found = fetch_all(
        f"SELECT {columns} FROM {case} c WHERE c.published AND c.id IN "
        f"(SELECT s.case_id FROM {stage} s WHERE s.date >= %s AND s.date <= %s) ORDER BY c.id",
        [start, end],
    )
    default = [row[1] for row in found]
    known = set(default)
    extra = [ext for ext in dict.fromkeys(requested) if ext not in known]
    if extra:
        marks = ", ".join(["%s"] * len(extra))
        found += fetch_all(
            f"SELECT {columns} FROM {case} c WHERE c.published AND c.external_id IN ({marks})",
            extra,
        )
    cases = {row[1]: row for row in found}
    ids = ", ".join(str(int(row[0])) for row in found) or "NULL"
    stages: dict[int, list[CaseStageData]] = defaultdict(list)
    for case_id, day, kind, outcome, body, *notes in fetch_all(
        f"SELECT s.case_id, s.date, s.stage, s.outcome, s.body, {_text_columns('s', 'note')} "
        f"FROM {stage} s WHERE s.case_id IN ({ids}) ORDER BY s.date, s.id",
        [],
    ):
        stages[case_id].append(CaseStageData(as_date(day), kind, outcome, body, _texts(notes)))
    incidents: dict[int, list[CaseIncidentData]] = defaultdict(list)
    for case_id, ext, recorded_on, occurred_on, *titles in fetch_all(
        f"SELECT ci.case_id, i.external_id, i.recorded_on, i.occurred_on, "
        f"{_text_columns('i', 'title')} FROM {link} ci JOIN {incident} i ON i.id = ci.incident_id "
        f"WHERE ci.case_id IN ({ids}) AND i.status = %s ORDER BY i.recorded_on, ci.incident_id",
        [PUBLISHED],
    ):
        incidents[case_id].append(
            CaseIncidentData(ext, as_date(recorded_on), maybe_date(occurred_on), _texts(titles))
        )
    result = [
        CaseData(
            external_id=ext,
            kind=kind,
            title=_texts(texts[:3]),
            summary=_texts(texts[3:]),
            opened_on=maybe_date(opened_on),
            stages=tuple(stages[pk]),
            incidents=tuple(incidents[pk]),
        )
        for wanted in dict.fromkeys([*default, *requested])
        if (row := cases.get(wanted)) is not None
        for pk, ext, kind, opened_on, *texts in (row,)
    ]
    return result, default


def _text_columns(alias: str, *prefixes: str) -> str:
    return ", ".join(f"{alias}.{prefix}_{lang}" for prefix in prefixes for lang in LANGS)


def _texts(values: Sequence[object]) -> dict[str, str]:
    """Texts in LANGS order (as _text_columns selects them), the empty ones left out."""
    return {lang: str(v) for lang, v in zip(LANGS, values, strict=True) if v}


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

"""Materialise one month of the database into plain frozen dataclasses (``MonthData``).

This is the only module of the report pipeline that queries. Everything it returns is public:
confidential fields (internal notes, confidential sources, correspondents) are never selected.
Cost is bounded by the month (and, for comparisons and charts, by the year-to-date range and the
last twelve months) through indexed range filters and aggregate queries, never by the size of the
database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Q

from speechwatch.cases.models import Case, CaseIncident, CaseStage
from speechwatch.context.models import ContextEvent, LegislativeStage
from speechwatch.incidents.models import (
    Incident,
    IncidentActor,
    IncidentCategory,
    LegalReference,
    Source,
    Status,
)
from speechwatch.lib.dates import add_months, month_bounds
from speechwatch.reference.models import Region
from speechwatch.reports.rows import CategoryInfo, IncidentRow, Period, Taxonomy
from speechwatch.reports.rules import CountingRules
from speechwatch.taxonomy.models import Category
from speechwatch.taxonomy.queries import default_taxonomy

__all__ = [
    "CaseData",
    "CaseIncidentData",
    "CaseStageData",
    "CheckRow",
    "EventData",
    "Footer",
    "IncidentBrief",
    "LegislativeEntryData",
    "MonthData",
    "PeriodCounts",
    "build_month",
    "footer_from_settings",
    "period_counts",
]

LANGS = ("en", "ru", "kk")
PUBLISHED = Status.PUBLISHED
Texts = Mapping[str, str]


# -- the materialised month -------------------------------------------------------------------


@dataclass(frozen=True)
class EventData:
    external_id: str
    date: date
    title: Texts
    text: Texts


@dataclass(frozen=True)
class LegislativeEntryData:
    item_external_id: str
    item_title: Texts
    item_summary: Texts
    stage: str
    date: date
    note: Texts


@dataclass(frozen=True)
class CaseStageData:
    date: date
    stage: str
    outcome: str
    body: str
    note: Texts


@dataclass(frozen=True)
class CaseIncidentData:
    external_id: str
    recorded_on: date
    occurred_on: date | None
    title: Texts


@dataclass(frozen=True)
class CaseData:
    external_id: str
    kind: str
    title: Texts
    summary: Texts
    opened_on: date | None
    stages: tuple[CaseStageData, ...]
    incidents: tuple[CaseIncidentData, ...]  # published incidents only


@dataclass(frozen=True)
class IncidentBrief:
    """A published incident recorded in the month, as an "Also in <month>" item needs it."""

    id: int
    external_id: str
    recorded_on: date
    occurred_on: date | None
    occurred_precision: str
    title: Texts
    summary: Texts


@dataclass(frozen=True)
class CheckRow:
    """A non-rejected incident recorded in the month, for the pre-publication checks."""

    external_id: str
    status: str
    title: Texts
    occurred_on: date | None
    categories: tuple[str, ...]
    region: str
    has_source: bool
    victims: tuple[str, ...]


@dataclass(frozen=True)
class PeriodCounts:
    """Aggregate counts of a period under the counting rules (published incidents only).

    ``counts``: code -> distinct incidents having it or a category below it (new-cases-only
    blocks without reports on ongoing cases); ``ongoing``: block -> reports on ongoing cases;
    ``legal``: item code -> legal reference -> distinct incidents.
    """

    period: Period
    counts: Mapping[str, int]
    ongoing: Mapping[str, int] = field(default_factory=dict)
    legal: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    def count(self, code: str) -> int:
        return self.counts.get(code, 0)


@dataclass(frozen=True)
class Footer:
    organisation: str
    email: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class MonthData:
    year: int
    month: int
    taxonomy_code: str
    categories: tuple[CategoryInfo, ...]
    rows: tuple[IncidentRow, ...]
    incidents: tuple[IncidentBrief, ...]
    events: tuple[EventData, ...]
    legislation: tuple[LegislativeEntryData, ...]
    cases: tuple[CaseData, ...]  # published cases with a stage in the month + requested ones
    default_featured: tuple[str, ...]  # external ids of published cases with a stage this month
    previous_month: PeriodCounts | None
    ytd: PeriodCounts | None
    ytd_last_year: PeriodCounts | None
    history: tuple[tuple[str, Mapping[str, int]], ...]  # ("2023-05", {block: count}) x 12
    regions: tuple[tuple[str, Texts, int], ...]  # (code, labels, incidents), most first
    footer: Footer
    checks: tuple[CheckRow, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def period(self) -> Period:
        return Period.month(self.year, self.month)

    def taxonomy(self) -> Taxonomy:
        return Taxonomy(self.categories)


def footer_from_settings() -> Footer:
    return Footer(
        organisation=str(settings.ORGANISATION_NAME),
        email=str(settings.ORGANISATION_EMAIL),
        lines=tuple(getattr(settings, "REPORT_CONTACT_LINES", ()) or ()),
    )


def _texts(obj: object, prefix: str) -> dict[str, str]:
    return {lang: value for lang in LANGS if (value := getattr(obj, f"{prefix}_{lang}", ""))}


def _values_texts(values: Mapping[str, object], prefix: str) -> dict[str, str]:
    return {lang: str(v) for lang in LANGS if (v := values.get(f"{prefix}_{lang}"))}


# -- taxonomy ---------------------------------------------------------------------------------


def load_categories() -> tuple[int, str, list[CategoryInfo]]:
    """The default taxonomy: its id, code and categories in file order."""
    taxonomy = default_taxonomy()
    rows = list(
        Category.objects.filter(taxonomy=taxonomy)
        .order_by("position")
        .values_list("id", "code", "parent__code", "block", "labels", "depth", "position")
    )
    infos = [
        CategoryInfo(code, parent, block, dict(labels or {}), depth, position)
        for _, code, parent, block, labels, depth, position in rows
    ]
    return taxonomy.id, taxonomy.code, infos


def _category_ids(taxonomy_id: int) -> dict[str, int]:
    return dict(Category.objects.filter(taxonomy_id=taxonomy_id).values_list("code", "id"))


def _descendant_ids(tax: Taxonomy, ids: Mapping[str, int]) -> dict[str, list[int]]:
    """code -> ids of the code and every category below it."""
    below: dict[str, list[int]] = defaultdict(list)
    for code in tax.codes():
        for ancestor in tax.lineage(code):
            below[ancestor].append(ids[code])
    return dict(below)


# -- new cases ----------------------------------------------------------------------------------


def _ongoing_ids(start: date, end: date) -> dict[int, date]:
    """Published incidents recorded in [start, end] that report on a case already followed before
    their own month: the case had another incident recorded, or a stage dated, earlier.
    Returns incident id -> recorded_on. Bounded by the case-linked incidents of the range."""
    links = list(
        CaseIncident.objects.filter(
            incident__status=PUBLISHED,
            incident__recorded_on__gte=start,
            incident__recorded_on__lte=end,
        ).values_list("case_id", "incident_id", "incident__recorded_on")
    )
    if not links:
        return {}
    case_ids = {case_id for case_id, _, _ in links}
    first: dict[int, date] = {}
    for case_id, day in (
        CaseStage.objects.filter(case_id__in=case_ids)
        .values("case_id")
        .annotate(first=Min("date"))
        .values_list("case_id", "first")
    ):
        first[case_id] = day
    for case_id, day in (
        CaseIncident.objects.filter(case_id__in=case_ids)
        .exclude(incident__status=Status.REJECTED)
        .values("case_id")
        .annotate(first=Min("incident__recorded_on"))
        .values_list("case_id", "first")
    ):
        first[case_id] = min(day, first.get(case_id, day))
    ongoing: dict[int, date] = {}
    for case_id, incident_id, recorded_on in links:
        if case_id in first and first[case_id] < recorded_on.replace(day=1):
            ongoing[incident_id] = recorded_on
    return ongoing


# -- the month's rows ---------------------------------------------------------------------------


def _month_rows(taxonomy_id: int, start: date, end: date) -> list[IncidentRow]:
    in_month = Q(incident__status=PUBLISHED, incident__recorded_on__gte=start) & Q(
        incident__recorded_on__lte=end
    )
    base = list(
        Incident.objects.filter(status=PUBLISHED, recorded_on__gte=start, recorded_on__lte=end)
        .order_by("recorded_on", "id")
        .values_list("id", "recorded_on", "occurred_on", "region__code")
    )
    categories: dict[int, list[str]] = defaultdict(list)
    for incident_id, code in (
        IncidentCategory.objects.filter(in_month, category__taxonomy_id=taxonomy_id)
        .order_by("id")
        .values_list("incident_id", "category__code")
    ):
        categories[incident_id].append(code)
    victims: dict[int, list[str]] = defaultdict(list)
    perpetrators: dict[int, list[str]] = defaultdict(list)
    for incident_id, role, actor_type in IncidentActor.objects.filter(in_month).values_list(
        "incident_id", "role", "actor__type"
    ):
        (victims if role == "victim" else perpetrators)[incident_id].append(actor_type)
    refs: dict[int, list[str]] = defaultdict(list)
    for incident_id, code, article in (
        LegalReference.objects.filter(in_month)
        .order_by("position", "id")
        .values_list("incident_id", "code", "article")
    ):
        refs[incident_id].append(f"{code} {article}")
    cases: dict[int, list[int]] = defaultdict(list)
    for incident_id, case_id in CaseIncident.objects.filter(in_month).values_list(
        "incident_id", "case_id"
    ):
        cases[incident_id].append(case_id)
    ongoing = _ongoing_ids(start, end)
    return [
        IncidentRow(
            id=incident_id,
            recorded_on=recorded_on,
            # Incidents without a category of this taxonomy cannot be counted; the
            # consistency checks name them.
            categories=tuple(categories[incident_id]),
            victim_types=tuple(dict.fromkeys(victims[incident_id])),
            perpetrator_types=tuple(dict.fromkeys(perpetrators[incident_id])),
            region=region or "",
            legal_refs=tuple(dict.fromkeys(refs[incident_id])),
            case_ids=tuple(sorted(cases[incident_id])),
            is_new_case=incident_id not in ongoing,
            occurred_on=occurred_on,
        )
        for incident_id, recorded_on, occurred_on, region in base
    ]


def _briefs(start: date, end: date) -> list[IncidentBrief]:
    fields = ["id", "external_id", "recorded_on", "occurred_on", "occurred_precision"]
    fields += [f"{p}_{lang}" for p in ("title", "summary") for lang in LANGS]
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
        for v in Incident.objects.filter(
            status=PUBLISHED, recorded_on__gte=start, recorded_on__lte=end
        )
        .order_by("recorded_on", "id")
        .values(*fields)
    ]


# -- aggregates: comparisons and charts ---------------------------------------------------------


def period_counts(
    period: Period,
    taxonomy_id: int,
    tax: Taxonomy,
    rules: CountingRules,
    legal_items: Iterable[str] = (),
) -> PeriodCounts:
    """Counts of every code over ``period`` from a GROUP BY category query plus small
    corrections (incidents with several categories under one code, reports on ongoing cases),
    so the cost follows the period, not the database."""
    ids = _category_ids(taxonomy_id)
    code_of = {pk: code for code, pk in ids.items()}
    in_period = Q(
        incident__status=PUBLISHED,
        incident__recorded_on__gte=period.start,
        incident__recorded_on__lte=period.end,
    )
    base = IncidentCategory.objects.filter(in_period, category_id__in=list(code_of))
    counts: dict[str, int] = dict.fromkeys(tax.codes(), 0)
    # (incident, category) is unique, so a category's row count is its incident count; a code
    # above several categories adds them up, less the incidents counted twice under it.
    for category_id, n in (
        base.order_by()
        .values("category_id")
        .annotate(n=Count("id"))
        .values_list("category_id", "n")
    ):
        for code in tax.lineage(code_of[category_id]):
            counts[code] += n
    several = (
        base.order_by()
        .values("incident_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values("incident_id")
    )
    per_incident: dict[int, list[str]] = defaultdict(list)
    for incident_id, category_id in IncidentCategory.objects.filter(
        incident_id__in=several, category_id__in=list(code_of)
    ).values_list("incident_id", "category_id"):
        per_incident[incident_id].append(code_of[category_id])
    for codes in per_incident.values():
        hits: dict[str, int] = defaultdict(int)
        for code in codes:
            for above in tax.lineage(code):
                hits[above] += 1
        for code, k in hits.items():
            counts[code] -= k - 1
    ongoing_ids = list(_ongoing_ids(period.start, period.end)) if rules.new_cases_only else []
    ongoing_codes = _codes_of(ongoing_ids, taxonomy_id, tax)
    ongoing: dict[str, int] = {}
    for incident_codes in ongoing_codes.values():
        for code in incident_codes:
            block = tax.block_of(code)
            if block in rules.new_cases_only:
                counts[code] -= 1
                if code == block:
                    ongoing[block] = ongoing.get(block, 0) + 1
    legal = _legal_counts(period, ids, tax, legal_items, set(ongoing_ids), rules)
    return PeriodCounts(period=period, counts=counts, ongoing=ongoing, legal=legal)


def _legal_counts(
    period: Period,
    ids: Mapping[str, int],
    tax: Taxonomy,
    items: Iterable[str],
    ongoing: set[int],
    rules: CountingRules,
) -> dict[str, dict[str, int]]:
    """item code -> legal reference -> distinct incidents of the item citing it (two queries
    bounded by the period's incidents with legal references)."""
    items = [item for item in items if item in ids]
    if not items:
        return {}
    in_period = Q(
        incident__status=PUBLISHED,
        incident__recorded_on__gte=period.start,
        incident__recorded_on__lte=period.end,
    )
    refs: dict[int, set[str]] = defaultdict(set)
    for incident_id, code, article in LegalReference.objects.filter(in_period).values_list(
        "incident_id", "code", "article"
    ):
        refs[incident_id].add(f"{code} {article}")
    wanted = {ids[c]: c for c in tax.codes() if any(tax.is_within(c, item) for item in items)}
    members: dict[str, set[int]] = defaultdict(set)
    for incident_id, category_id in IncidentCategory.objects.filter(
        in_period, category_id__in=list(wanted), incident_id__in=list(refs) or [0]
    ).values_list("incident_id", "category_id"):
        for item in items:
            if tax.is_within(wanted[category_id], item):
                members[item].add(incident_id)
    result: dict[str, dict[str, int]] = {}
    for item in items:
        counted = members[item]
        if tax.block_of(item) in rules.new_cases_only:
            counted = counted - ongoing
        per_ref: dict[str, int] = defaultdict(int)
        for incident_id in counted:
            for ref in refs[incident_id]:
                per_ref[ref] += 1
        result[item] = dict(sorted(per_ref.items(), key=lambda kv: (-kv[1], kv[0])))
    return result


def _codes_of(incident_ids: Sequence[int], taxonomy_id: int, tax: Taxonomy) -> dict[int, set[str]]:
    """incident id -> every code it counts under (its categories and their ancestors)."""
    result: dict[int, set[str]] = defaultdict(set)
    for chunk in _chunks(incident_ids, 500):
        for incident_id, code in IncidentCategory.objects.filter(
            incident_id__in=chunk, category__taxonomy_id=taxonomy_id
        ).values_list("incident_id", "category__code"):
            result[incident_id].update(tax.lineage(code))
    return dict(result)


def _chunks(values: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _blocks(tax: Taxonomy) -> list[str]:
    return list(dict.fromkeys(tax.block_of(code) for code in tax.codes()))


def _history(
    year: int, month: int, taxonomy_id: int, tax: Taxonomy, rules: CountingRules
) -> list[tuple[str, dict[str, int]]]:
    """Block totals of the twelve months ending with ``month``, in one grouped query."""
    first_year, first_month = add_months(year, month, -11)
    start = date(first_year, first_month, 1)
    end = month_bounds(year, month)[1]
    blocks = _blocks(tax)
    ids = _category_ids(taxonomy_id)
    below = _descendant_ids(tax, ids)
    rows = (
        IncidentCategory.objects.filter(
            incident__status=PUBLISHED,
            incident__recorded_on__gte=start,
            incident__recorded_on__lte=end,
            category__taxonomy_id=taxonomy_id,
        )
        .order_by()
        .values("incident__recorded_on")
        .annotate(
            **{
                f"b{i}": Count("incident_id", distinct=True, filter=Q(category_id__in=below[b]))
                for i, b in enumerate(blocks)
            }
        )
    )
    # Grouped by day (no date functions, which SQLite runs in Python); an incident has one
    # recorded_on, so distinct counts per day add up to distinct counts per month.
    found: dict[tuple[int, int], dict[str, int]] = {}
    for r in rows:
        values: dict[str, Any] = dict(r)
        day: date = values["incident__recorded_on"]
        month_counts = found.setdefault((day.year, day.month), dict.fromkeys(blocks, 0))
        for i, b in enumerate(blocks):
            month_counts[b] += int(values[f"b{i}"])
    if rules.new_cases_only:
        ongoing = _ongoing_ids(start, end)
        codes = _codes_of(list(ongoing), taxonomy_id, tax)
        for incident_id, day in ongoing.items():
            for block in rules.new_cases_only & codes.get(incident_id, set()):
                found[(day.year, day.month)][block] -= 1
    result = []
    for k in range(12):
        y, m = add_months(first_year, first_month, k)
        result.append((f"{y:04d}-{m:02d}", found.get((y, m), dict.fromkeys(blocks, 0))))
    return result


def _regions(start: date, end: date) -> list[tuple[str, dict[str, str], int]]:
    counted = (
        Incident.objects.filter(status=PUBLISHED, recorded_on__gte=start, recorded_on__lte=end)
        .values("region_id")
        .annotate(n=Count("id"))
        .values_list("region_id", "n")
    )
    per_region = dict(counted)
    regions = {
        r.id: r for r in Region.objects.filter(id__in=[i for i in per_region if i is not None])
    }
    result = []
    for region_id, n in per_region.items():
        region = regions.get(region_id) if region_id is not None else None
        code = region.code if region else ""
        labels = dict(region.labels) if region else {"en": "—", "ru": "—", "kk": "—"}
        result.append((code, labels, n))
    return sorted(result, key=lambda r: (-r[2], r[0]))


# -- narrative ----------------------------------------------------------------------------------


def _events(start: date, end: date) -> list[EventData]:
    return [
        EventData(e.external_id, e.date, _texts(e, "title"), _texts(e, "text"))
        for e in ContextEvent.objects.filter(published=True, date__gte=start, date__lte=end)
        .order_by("date", "id")
        .only("external_id", "date", *[f"{p}_{lang}" for p in ("title", "text") for lang in LANGS])
    ]


def _legislation(start: date, end: date) -> list[LegislativeEntryData]:
    return [
        LegislativeEntryData(
            item_external_id=s.item.external_id,
            item_title=_texts(s.item, "title"),
            item_summary=_texts(s.item, "summary"),
            stage=s.stage,
            date=s.date,
            note=_texts(s, "note"),
        )
        for s in LegislativeStage.objects.filter(
            item__published=True, date__gte=start, date__lte=end
        )
        .select_related("item")
        .order_by("date", "id")
    ]


def _cases(start: date, end: date, requested: Sequence[str]) -> tuple[list[CaseData], list[str]]:
    default = list(
        Case.objects.filter(published=True, stages__date__gte=start, stages__date__lte=end)
        .order_by("id")
        .values_list("external_id", flat=True)
        .distinct()
    )
    wanted = list(dict.fromkeys([*default, *requested]))
    cases = {
        c.external_id: c
        for c in Case.objects.filter(published=True, external_id__in=wanted).prefetch_related(
            "stages"
        )
    }
    incidents: dict[int, list[CaseIncidentData]] = defaultdict(list)
    fields = ["case_id", "incident__external_id", "incident__recorded_on", "incident__occurred_on"]
    fields += [f"incident__title_{lang}" for lang in LANGS]
    for v in (
        CaseIncident.objects.filter(case__external_id__in=list(cases), incident__status=PUBLISHED)
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
            external_id=c.external_id,
            kind=c.kind,
            title=_texts(c, "title"),
            summary=_texts(c, "summary"),
            opened_on=c.opened_on,
            stages=tuple(
                CaseStageData(s.date, s.stage, s.outcome, s.body, _texts(s, "note"))
                for s in sorted(c.stages.all(), key=lambda s: (s.date, s.id))
            ),
            incidents=tuple(incidents[c.id]),
        )
        for ext in wanted
        if (c := cases.get(ext)) is not None
    ]
    return result, [ext for ext in default if ext in cases]


def _checks(taxonomy_id: int, start: date, end: date) -> list[CheckRow]:
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


# -- entry point --------------------------------------------------------------------------------


def build_month(
    year: int,
    month: int,
    rules: CountingRules,
    *,
    featured: Sequence[str] = (),
    legal_items: Iterable[str] = (),
    comparisons: bool = True,
    charts: bool = True,
    checks: bool = False,
    footer: Footer | None = None,
) -> MonthData:
    """Everything the overview of ``year``-``month`` needs, as plain data.

    ``featured`` adds cases (external ids) beyond the default ones; ``legal_items`` are the codes
    whose article breakdown the comparisons quote.
    """
    taxonomy_id, taxonomy_code, infos = load_categories()
    tax = Taxonomy(infos)
    period = Period.month(year, month)
    start, end = period.start, period.end
    cases, default_featured = _cases(start, end, featured)
    previous = ytd = ytd_last = None
    legal_items = tuple(legal_items)
    if comparisons:
        py, pm = add_months(year, month, -1)
        previous = period_counts(Period.month(py, pm), taxonomy_id, tax, rules)
        this_ytd = Period.year_to_date(year, month)
        ytd = period_counts(this_ytd, taxonomy_id, tax, rules, legal_items)
        ytd_last = period_counts(
            this_ytd.same_period_last_year(), taxonomy_id, tax, rules, legal_items
        )
    return MonthData(
        year=year,
        month=month,
        taxonomy_code=taxonomy_code,
        categories=tuple(infos),
        rows=tuple(_month_rows(taxonomy_id, start, end)),
        incidents=tuple(_briefs(start, end)),
        events=tuple(_events(start, end)),
        legislation=tuple(_legislation(start, end)),
        cases=tuple(cases),
        default_featured=tuple(default_featured),
        previous_month=previous,
        ytd=ytd,
        ytd_last_year=ytd_last,
        history=tuple(_history(year, month, taxonomy_id, tax, rules)) if charts else (),
        regions=tuple(_regions(start, end)) if charts else (),
        footer=footer or footer_from_settings(),
        checks=tuple(_checks(taxonomy_id, start, end)) if checks else (),
    )

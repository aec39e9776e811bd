"""Materialise one month of the database into plain frozen dataclasses (``MonthData``).

This is the only module of the report pipeline that queries. Everything it returns is public:
confidential fields (internal notes, confidential sources, correspondents) are never selected.
Cost is bounded by the month (and, for comparisons and charts, by the year-to-date range and the
last twelve months) through indexed range filters and aggregate queries, never by the size of the
database.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from speechwatch.actors.models import Actor
from speechwatch.audit.models import AuditEvent
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
from speechwatch.overviews.models import OverviewDocument
from speechwatch.reference.models import Region
from speechwatch.reports.counting import (
    BlockSpec,
    CountingError,
    Figures,
    count_period,
    figures_from_published,
    sum_figures,
)
from speechwatch.reports.figcache import (
    MonthEntry,
    cache_key,
    entry_from_data,
    entry_to_data,
    month_fingerprint,
)
from speechwatch.reports.models import MonthFiguresCache
from speechwatch.reports.monthcounts import count_months
from speechwatch.reports.monthdata import (
    CaseData,
    CaseIncidentData,
    CaseStageData,
    CheckRow,
    EventData,
    Footer,
    IncidentBrief,
    LegislativeEntryData,
    MonthData,
    PeriodCounts,
)
from speechwatch.reports.rows import CategoryInfo, IncidentRow, Period, PublishedFigure, Taxonomy
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
    "clear_figures_cache",
    "footer_from_settings",
    "period_counts",
    "published_organisation",
]

LANGS = ("en", "ru", "kk")
PUBLISHED = Status.PUBLISHED
NO_REGION = {"en": "—", "ru": "—", "kk": "—"}
logger = logging.getLogger(__name__)
Texts = Mapping[str, str]


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


def _load_taxonomy() -> tuple[tuple[int, str, int], list[tuple[int, CategoryInfo]]]:
    """The default taxonomy ((id, code, version)) and its categories with their ids, in order."""
    taxonomy = default_taxonomy()
    rows = list(
        Category.objects.filter(taxonomy=taxonomy)
        .order_by("position")
        .values_list("id", "code", "parent__code", "block", "labels", "depth", "position")
    )
    pairs = [
        (pk, CategoryInfo(code, parent, block, dict(labels or {}), depth, position))
        for pk, code, parent, block, labels, depth, position in rows
    ]
    return (taxonomy.id, taxonomy.code, taxonomy.version), pairs


def load_categories() -> tuple[int, str, list[CategoryInfo]]:
    """The default taxonomy: its id, code and categories in file order."""
    (taxonomy_id, code, _), pairs = _load_taxonomy()
    return taxonomy_id, code, [info for _, info in pairs]


def _category_ids(taxonomy_id: int) -> dict[str, int]:
    return dict(Category.objects.filter(taxonomy_id=taxonomy_id).values_list("code", "id"))


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


def _month_rows(
    codes: Mapping[int, str], start: date, end: date, *, actors: bool = True
) -> list[IncidentRow]:
    """Published incidents recorded in [start, end] as the counting engine's rows. ``codes``:
    category id -> code of the taxonomy counted. ``actors=False`` leaves out victim and
    perpetrator types (the counts-only figures do not need them): one query less."""
    in_range = Q(incident__status=PUBLISHED, incident__recorded_on__gte=start) & Q(
        incident__recorded_on__lte=end
    )
    base = list(
        Incident.objects.filter(status=PUBLISHED, recorded_on__gte=start, recorded_on__lte=end)
        .order_by("recorded_on", "id")
        .values_list("id", "recorded_on", "occurred_on", "region__code")
    )
    if not base:
        return []
    categories: dict[int, list[str]] = defaultdict(list)
    for incident_id, category_id in (
        IncidentCategory.objects.filter(in_range, category_id__in=list(codes))
        .order_by("id")
        .values_list("incident_id", "category_id")
    ):
        categories[incident_id].append(codes[category_id])
    victims: dict[int, list[str]] = defaultdict(list)
    perpetrators: dict[int, list[str]] = defaultdict(list)
    if actors:
        for incident_id, role, actor_type in IncidentActor.objects.filter(in_range).values_list(
            "incident_id", "role", "actor__type"
        ):
            (victims if role == "victim" else perpetrators)[incident_id].append(actor_type)
    refs: dict[int, list[str]] = defaultdict(list)
    for incident_id, code, article in (
        LegalReference.objects.filter(in_range)
        .order_by("position", "id")
        .values_list("incident_id", "code", "article")
    ):
        refs[incident_id].append(f"{code} {article}")
    cases: dict[int, list[int]] = defaultdict(list)
    for incident_id, case_id in CaseIncident.objects.filter(in_range).values_list(
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


def _briefs(start: date, end: date, only: Sequence[str] | None = None) -> list[IncidentBrief]:
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


def _regions(per_region: Mapping[str, int]) -> list[tuple[str, dict[str, str], int]]:
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


# -- monthly figures, cached -------------------------------------------------------------------

# Audit events checked for late commits: a transaction that allocated an audit id before the
# newest one seen but committed afterwards still lands in this window (see _audit_state).
AUDIT_WINDOW = 10_000
MonthKey = tuple[int, int]


def _key(month: MonthKey) -> str:
    return f"{month[0]:04d}-{month[1]:02d}"


def _months(first: MonthKey, last: MonthKey) -> list[MonthKey]:
    result = [first]
    while result[-1] < last:
        result.append(add_months(*result[-1], 1))
    return result


def _runs(months: Sequence[MonthKey]) -> list[list[MonthKey]]:
    """Consecutive months grouped, so each run is read with one set of range queries."""
    runs: list[list[MonthKey]] = []
    for month in sorted(months):
        if runs and add_months(*runs[-1][-1], 1) == month:
            runs[-1].append(month)
        else:
            runs.append([month])
    return runs


def _audit_state() -> tuple[int, int]:
    """(newest audit event id, events among the last AUDIT_WINDOW ids). Every action records an
    audit event, so while both are unchanged nothing was written: cached months need no check.
    The count catches a transaction that committed after a newer id was already visible."""
    last = AuditEvent.objects.aggregate(m=Max("id"))["m"] or 0
    window = AuditEvent.objects.filter(id__gt=last - AUDIT_WINDOW, id__lte=last).count()
    return last, window


def _fingerprints(months: Sequence[MonthKey]) -> dict[MonthKey, str]:
    """figcache.month_fingerprint of each month, fresh from the database: one indexed range
    aggregate per month, one pass over the case links of the span, one over actors."""
    start = month_bounds(*min(months))[0]
    end = month_bounds(*max(months))[1]
    ongoing: dict[MonthKey, list[int]] = defaultdict(list)
    for incident_id, day in _ongoing_ids(start, end).items():
        ongoing[(day.year, day.month)].append(incident_id)
    actors = Actor.objects.aggregate(n=Count("id"), u=Max("updated_at"))
    actor_stamp = f"{actors['n']}@{actors['u'].isoformat() if actors['u'] else '-'}"
    result = {}
    for month in months:
        first, last = month_bounds(*month)
        agg = Incident.objects.filter(recorded_on__gte=first, recorded_on__lte=last).aggregate(
            n=Count("id"), s=Sum("id"), u=Max("updated_at")
        )
        result[month] = month_fingerprint(
            agg["n"], agg["s"] or 0, agg["u"], ongoing.get(month, ()), actor_stamp
        )
    return result


class _MonthFigures:
    """Counted figures per month, from MonthFiguresCache when still valid, else computed from
    the month's rows (and stored). Two kinds of entries: *counts* (every code's count, legal
    references, regions; no blocks listed) for comparisons and charts, shared by every report;
    and the report month's figures under its listing spec."""

    def __init__(
        self,
        taxonomy: tuple[int, str, int],
        pairs: Sequence[tuple[int, CategoryInfo]],
        rules: CountingRules,
        *,
        use_cache: bool,
    ) -> None:
        self.tax = Taxonomy([info for _, info in pairs])
        self.codes = {pk: info.code for pk, info in pairs}
        self.taxonomy, self.pairs, self.rules = taxonomy, pairs, rules
        # Comparisons count by recorded_on with only the legal-reference facet: cheaper rows.
        self.counts_rules = replace(rules, facets=("legal_ref",), groups={}, month_by="recorded_on")
        self.counts_key = cache_key(taxonomy, pairs, self.counts_rules, None)
        self.use_cache = use_cache
        self.stats = {"fresh": 0, "checked": 0, "computed": 0}

    def _compute(
        self, wanted: Sequence[tuple[str, MonthKey]], spec: Sequence[BlockSpec] | None
    ) -> dict[tuple[str, MonthKey], MonthEntry]:
        """Counts entries from aggregate queries (monthcounts.py), one set per run of
        consecutive months; the report month's entry under its spec from the month's rows."""
        out: dict[tuple[str, MonthKey], MonthEntry] = {}
        for run in _runs(sorted({m for k, m in wanted if k == self.counts_key})):
            start, end = month_bounds(*run[0])[0], month_bounds(*run[-1])[1]
            counted_months = count_months(
                run, self.codes, self.tax, self.counts_rules, _ongoing_ids(start, end)
            )
            out.update({(self.counts_key, m): e for m, e in counted_months.items()})
        spec_wanted = [(k, m) for k, m in wanted if k != self.counts_key]
        for run in _runs(sorted({m for _, m in spec_wanted})):
            start, end = month_bounds(*run[0])[0], month_bounds(*run[-1])[1]
            per_month: dict[MonthKey, list[IncidentRow]] = {m: [] for m in run}
            for row in _month_rows(self.codes, start, end):
                per_month[(row.recorded_on.year, row.recorded_on.month)].append(row)
            for month, rows in per_month.items():
                regions: dict[str, int] = defaultdict(int)
                for row in rows:
                    regions[row.region] += 1
                counted = [row for row in rows if row.categories]
                period = Period.month(*month)
                for key, m in spec_wanted:
                    if m == month:
                        figures = count_period(counted, self.tax, self.rules, spec or (), period)
                        out[(key, m)] = MonthEntry(figures, dict(regions))
        self.stats["computed"] += len(out)
        return out

    def entries(
        self, months: Sequence[MonthKey], report: MonthKey | None, spec: Sequence[BlockSpec] | None
    ) -> tuple[dict[MonthKey, MonthEntry], MonthEntry | None]:
        """Counts entries of ``months``, and the ``report`` month's entry under ``spec``."""
        spec_key = cache_key(self.taxonomy, self.pairs, self.rules, spec) if spec else ""
        wanted = [(self.counts_key, m) for m in dict.fromkeys(months)]
        if report is not None and spec is not None:
            wanted.append((spec_key, report))
        found = self._cached(wanted, spec) if self.use_cache else self._compute(wanted, spec)
        counts = {m: found[(self.counts_key, m)] for m in months}
        return counts, found.get((spec_key, report)) if report is not None and spec else None

    def _cached(
        self, wanted: Sequence[tuple[str, MonthKey]], spec: Sequence[BlockSpec] | None
    ) -> dict[tuple[str, MonthKey], MonthEntry]:
        audit = _audit_state()  # read before the data, so a later write shows as a change
        stored = {
            (row.key, _month_tuple(row.month)): row
            for row in MonthFiguresCache.objects.filter(
                key__in={k for k, _ in wanted}, month__in={_key(m) for _, m in wanted}
            )
        }
        found: dict[tuple[str, MonthKey], MonthEntry] = {}
        unsure = []
        for w in wanted:
            row = stored.get(w)
            if row is not None and (row.audit_mark, row.audit_window) == audit:
                found[w] = entry_from_data(row.payload)
            else:
                unsure.append(w)
        self.stats["fresh"] += len(found)
        if not unsure:
            return found
        prints = _fingerprints(sorted({m for _, m in unsure}))
        confirmed, stale = [], []
        for w in unsure:
            row = stored.get(w)
            if row is not None and row.fingerprint == prints[w[1]]:
                found[w] = entry_from_data(row.payload)
                confirmed.append(row.pk)
            else:
                stale.append(w)
        self.stats["checked"] += len(confirmed)
        computed = self._compute(stale, spec) if stale else {}
        found.update(computed)
        now = timezone.now()
        try:
            with transaction.atomic():  # a savepoint: a failed cache write cannot break callers
                if confirmed:
                    MonthFiguresCache.objects.filter(pk__in=confirmed).update(
                        audit_mark=audit[0], audit_window=audit[1]
                    )
                if computed:
                    MonthFiguresCache.objects.bulk_create(
                        [
                            MonthFiguresCache(
                                key=key,
                                month=_key(month),
                                fingerprint=prints[month],
                                audit_mark=audit[0],
                                audit_window=audit[1],
                                payload=entry_to_data(entry),
                                computed_at=now,
                            )
                            for (key, month), entry in computed.items()
                        ],
                        update_conflicts=True,
                        unique_fields=["key", "month"],
                        update_fields=[
                            "fingerprint",
                            "audit_mark",
                            "audit_window",
                            "payload",
                            "computed_at",
                        ],
                    )
        except DatabaseError:
            logger.warning("report figures cache: could not store", exc_info=True)
        return found


def _month_tuple(key: str) -> MonthKey:
    year, month = key.split("-")
    return int(year), int(month)


def clear_figures_cache() -> int:
    """Forget every cached month (derived data: the next report recomputes what it needs)."""
    deleted, _ = MonthFiguresCache.objects.all().delete()
    return deleted


# -- periods known only from published overviews ------------------------------------------------


def _normal(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def published_organisation(rules: CountingRules) -> str | None:
    """The organisation name under which this installation's own overviews were read back:
    settings.REPORT_PUBLISHED_ORGANISATION if set, else the stored name that matches the
    organisation's name or the rules' organisation ("Adil Soz" ~ "«Adil Soz» Foundation")."""
    configured = getattr(settings, "REPORT_PUBLISHED_ORGANISATION", "")
    if configured:
        return str(configured)
    ours = [n for n in (_normal(str(settings.ORGANISATION_NAME)), _normal(rules.organisation)) if n]
    for name in OverviewDocument.objects.values_list("organisation", flat=True).distinct():
        theirs = _normal(name)
        if theirs and any(theirs in own or own in theirs for own in ours):
            return str(name)
    return None


def _from_published(
    months: Sequence[MonthKey], tax: Taxonomy, rules: CountingRules
) -> dict[MonthKey, Figures]:
    """Figures of months read back from published overviews, for months without incidents."""
    if not months or not OverviewDocument.objects.exists():
        return {}
    organisation = published_organisation(rules)
    if organisation is None:
        return {}
    # Imported here: the overviews reader is only needed when such periods exist.
    from speechwatch.overviews.queries import published_figures

    start, end = month_bounds(*min(months))[0], month_bounds(*max(months))[1]
    per_month: dict[MonthKey, list[PublishedFigure]] = defaultdict(list)
    for f in published_figures(organisation, start, end):
        month = (f.period_start.year, f.period_start.month)
        # Monthly figures only (a quarter cannot be split), of codes this taxonomy knows.
        if month in months and f.period_end == month_bounds(*month)[1] and f.code in tax:
            per_month[month].append(
                PublishedFigure(Period(f.period_start, f.period_end), f.code, f.count)
            )
    return {
        month: figures_from_published(found, tax, (), Period.month(*month))
        for month, found in per_month.items()
    }


def _has_incidents(figures: Figures) -> bool:
    return any(figures.counts.values()) or any(figures.ongoing.values())


def _period_counts(
    parts: Sequence[Figures], period: Period, tax: Taxonomy, legal_items: Sequence[str]
) -> PeriodCounts:
    """A period's counts as the sum of its months (an incident belongs to exactly one month)."""
    total = sum_figures(parts)
    legal: dict[str, dict[str, int]] = {}
    for item in legal_items:
        if item in tax:
            refs = total.facets.get(item, {}).get("legal_ref", {})
            legal[item] = dict(sorted(refs.items(), key=lambda kv: (-kv[1], kv[0])))
    return PeriodCounts(
        period=period,
        counts={code: total.count(code) for code in tax.codes()},
        ongoing={block: n for block, n in total.ongoing.items() if n},
        legal=legal,
    )


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
    spec: Sequence[BlockSpec] | None = None,
    also: Sequence[str] | None = None,
    cache: bool = True,
    published: bool = True,
) -> MonthData:
    """Everything the overview of ``year``-``month`` needs, as plain data.

    ``featured`` adds cases (external ids) beyond the default ones; ``legal_items`` are the codes
    whose article breakdown the comparisons quote. With ``spec`` (what the template lists) the
    month's figures are counted here (``MonthData.figures``, cached) and no rows are
    materialised; without it ``MonthData.rows`` carries the month for the counting engine.
    ``also`` limits the incident texts to those external ids. ``cache=False`` recomputes every
    month from the incidents; ``published=False`` never falls back to published overviews.
    """
    taxonomy, pairs = _load_taxonomy()
    infos = [info for _, info in pairs]
    tax = Taxonomy(infos)
    codes = {pk: info.code for pk, info in pairs}
    period = Period.month(year, month)
    start, end = period.start, period.end
    this: MonthKey = (year, month)
    cases, default_featured = _cases(start, end, featured)
    legal_items = tuple(legal_items)

    needed: list[MonthKey] = []
    if comparisons:
        needed += _months((year - 1, 1), (year - 1, month)) + _months((year, 1), this)
        needed.append(add_months(year, month, -1))
    if charts:
        needed += _months(add_months(year, month, -11), this)
    needed = sorted(set(needed))
    store = _MonthFigures(taxonomy, pairs, rules, use_cache=cache)
    try:
        counted, own = store.entries(needed, this, tuple(spec) if spec is not None else None)
    except CountingError:
        # A listing the engine refuses (bad overrides): compose counts the rows and names it.
        counted, own = store.entries(needed, None, None)
        spec = None

    figures: dict[MonthKey, Figures] = {m: e.figures for m, e in counted.items()}
    from_published: dict[MonthKey, Figures] = {}
    if published:
        empty = [m for m in needed if m != this and not _has_incidents(figures[m])]
        from_published = _from_published(empty, tax, rules)
        figures.update(from_published)

    previous = ytd = ytd_last = None
    if comparisons:
        previous_key = add_months(year, month, -1)
        previous = _period_counts(
            [figures[previous_key]], Period.month(*previous_key), tax, legal_items
        )
        this_ytd = Period.year_to_date(year, month)
        ytd = _period_counts(
            [figures[m] for m in _months((year, 1), this)], this_ytd, tax, legal_items
        )
        ytd_last = _period_counts(
            [figures[m] for m in _months((year - 1, 1), (year - 1, month))],
            this_ytd.same_period_last_year(),
            tax,
            legal_items,
        )
    history: list[tuple[str, dict[str, int] | None]] = []
    regions: list[tuple[str, dict[str, str], int]] = []
    if charts:
        blocks = _blocks(tax)
        for m in _months(add_months(year, month, -11), this):
            known = m == this or _has_incidents(figures[m])
            history.append((_key(m), {b: figures[m].count(b) for b in blocks} if known else None))
        entry = own or counted[this]
        regions = _regions(entry.regions)
    return MonthData(
        year=year,
        month=month,
        taxonomy_code=taxonomy[1],
        categories=tuple(infos),
        rows=() if own is not None else tuple(_month_rows(codes, start, end)),
        incidents=tuple(_briefs(start, end, also)),
        events=tuple(_events(start, end)),
        legislation=tuple(_legislation(start, end)),
        cases=tuple(cases),
        default_featured=tuple(default_featured),
        previous_month=previous,
        ytd=ytd,
        ytd_last_year=ytd_last,
        history=tuple(history),
        regions=tuple(regions),
        footer=footer or footer_from_settings(),
        checks=tuple(_checks(taxonomy[0], start, end)) if checks else (),
        figures=own.figures if own is not None else None,
        spec=tuple(spec) if own is not None and spec is not None else None,
        published_months=tuple(_key(m) for m in sorted(from_published)),
        cache_stats=dict(store.stats),
    )

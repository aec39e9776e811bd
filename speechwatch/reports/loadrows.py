"""Load stage: the taxonomy, the month's incidents as the counting engine's rows (new or on an
ongoing case: cases/ongoing.py), and ``period_counts`` (an independent aggregate check of a
period's counts).
Queries bounded by the month or period through indexed range filters."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from django.db import connection
from django.db.models import Count, Q

from speechwatch.actors.models import Actor
from speechwatch.cases.models import CaseIncident
from speechwatch.cases.ongoing import ongoing_between
from speechwatch.incidents.models import (
    Incident,
    IncidentActor,
    IncidentCategory,
    LegalReference,
    Status,
)
from speechwatch.lib.rawsql import as_date, chunks, fetch_all, maybe_date
from speechwatch.reference.models import Region
from speechwatch.reports.monthdata import PeriodCounts
from speechwatch.reports.rows import CategoryInfo, IncidentRow, Period, Taxonomy
from speechwatch.reports.rules import CountingRules
from speechwatch.taxonomy.models import Category
from speechwatch.taxonomy.queries import default_taxonomy

__all__ = [
    "category_ids",
    "load_categories",
    "load_taxonomy",
    "month_rows",
    "period_counts",
]

PUBLISHED = Status.PUBLISHED


# -- taxonomy ---------------------------------------------------------------------------------


def load_taxonomy() -> tuple[tuple[int, str, int], list[tuple[int, CategoryInfo]]]:
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
    (taxonomy_id, code, _), pairs = load_taxonomy()
    return taxonomy_id, code, [info for _, info in pairs]


def category_ids(taxonomy_id: int) -> dict[str, int]:
    return dict(Category.objects.filter(taxonomy_id=taxonomy_id).values_list("code", "id"))


# -- the month's rows ---------------------------------------------------------------------------


def _folded(column: str, table: str, where: str) -> str:
    """A correlated subquery folding one column of an incident's linked rows into one string
    (separator chr(30)): one index look-up per incident instead of a join per link table."""
    if connection.vendor == "postgresql":
        return f"(SELECT string_agg({column}, chr(30)) FROM {table} WHERE {where})"
    return f"(SELECT group_concat({column}, char(30)) FROM {table} WHERE {where})"


def _unfold(text: str | None) -> list[str]:
    return text.split("\x1e") if text else []


def month_rows(
    codes: Mapping[int, str],
    start: date,
    end: date,
    *,
    actors: bool = True,
) -> list[IncidentRow]:
    """Published incidents recorded in [start, end] as the counting engine's rows. ``codes``:
    category id -> code of the taxonomy counted. ``actors=False`` leaves out victim and
    perpetrator types (the counts-only figures do not need them).

    One query: the incidents of the range (index on (status, recorded_on)) with their
    categories, legal references, actor types and cases folded in by correlated subqueries,
    each an index look-up. Order inside an incident's lists does not matter to the counting
    engine (it counts distinct values); the rows come in (recorded_on, id) order."""
    qn = connection.ops.quote_name
    link, legal, actor, people, case, incident, region = (
        qn(m._meta.db_table)
        for m in (
            IncidentCategory,
            LegalReference,
            IncidentActor,
            Actor,
            CaseIncident,
            Incident,
            Region,
        )
    )
    text = "::text" if connection.vendor == "postgresql" else ""
    in_tax = ", ".join(str(int(pk)) for pk in sorted(codes)) or "NULL"
    # The actor's type by a scalar look-up: a join here lets PostgreSQL hash the whole actors
    # table once per incident.
    typed = f"(SELECT a.type FROM {people} a WHERE a.id = ia.actor_id)"
    columns = [
        _folded(
            f"ic.category_id{text}",
            f"{link} ic",
            # The unary + keeps SQLite to the incident's few links instead of one index
            # look-up per category of the taxonomy.
            f"ic.incident_id = i.id AND +ic.category_id IN ({in_tax})",
        ),
        _folded("lr.code || ' ' || lr.article", f"{legal} lr", "lr.incident_id = i.id"),
        _folded(typed, f"{actor} ia", "ia.incident_id = i.id AND ia.role = 'victim'")
        if actors
        else "NULL",
        _folded(typed, f"{actor} ia", "ia.incident_id = i.id AND ia.role <> 'victim'")
        if actors
        else "NULL",
        _folded(f"ci.case_id{text}", f"{case} ci", "ci.incident_id = i.id"),
    ]
    where = "i.status = %s AND i.recorded_on >= %s AND i.recorded_on <= %s"
    params: list[str | date] = [PUBLISHED, start, end]
    sql = (
        f"SELECT i.id, i.recorded_on, i.occurred_on, r.code, {', '.join(columns)} "
        f"FROM {incident} i LEFT JOIN {region} r ON r.id = i.region_id "
        f"WHERE {where} ORDER BY i.recorded_on, i.id"
    )
    found = fetch_all(sql, params)
    if not found:
        return []
    ongoing = ongoing_between(start, end)
    return [
        IncidentRow(
            id=incident_id,
            recorded_on=as_date(recorded_on),
            # Incidents without a category of this taxonomy cannot be counted; the
            # consistency checks name them.
            categories=tuple(codes[int(c)] for c in sorted(_unfold(cats), key=int)),
            victim_types=tuple(dict.fromkeys(_unfold(victims))),
            perpetrator_types=tuple(dict.fromkeys(_unfold(perpetrators))),
            region=region_code or "",
            legal_refs=tuple(dict.fromkeys(_unfold(refs))),
            case_ids=tuple(sorted(int(c) for c in _unfold(cases))),
            is_new_case=incident_id not in ongoing,
            occurred_on=maybe_date(occurred_on),
        )
        for (
            incident_id,
            recorded_on,
            occurred_on,
            region_code,
            cats,
            refs,
            victims,
            perpetrators,
            cases,
        ) in found
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
    ids = category_ids(taxonomy_id)
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
    ongoing_list = list(ongoing_between(period.start, period.end)) if rules.new_cases_only else []
    ongoing_codes = _codes_of(ongoing_list, taxonomy_id, tax)
    ongoing: dict[str, int] = {}
    for incident_codes in ongoing_codes.values():
        for code in incident_codes:
            block = tax.block_of(code)
            if block in rules.new_cases_only:
                counts[code] -= 1
                if code == block:
                    ongoing[block] = ongoing.get(block, 0) + 1
    legal = _legal_counts(period, ids, tax, legal_items, set(ongoing_list), rules)
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
    for chunk in chunks(incident_ids, 500):
        for incident_id, code in IncidentCategory.objects.filter(
            incident_id__in=chunk, category__taxonomy_id=taxonomy_id
        ).values_list("incident_id", "category__code"):
            result[incident_id].update(tax.lineage(code))
    return dict(result)

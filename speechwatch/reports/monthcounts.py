"""The *counts* figures of many months (comparisons, year to date, the 12-month chart) from
aggregate queries: no incident rows are materialised.

Per run of consecutive months, GROUP BY queries over the published incidents recorded in the
run (index-covered: incident (status, recorded_on), link (incident, category)): category links
per (month, category) and distinct incidents per (month, category, legal reference), spread in
Python to every code the category stands under (its lineage and block); incidents per (month,
region). Two corrections from small sets of rows: an incident with two categories under one code
counts once there, and incidents reporting on an ongoing case leave the blocks counted as new
cases only. The result equals ``counting.count_period`` over the month's rows with the
counts rules (tests/reports_db/test_month_counts.py checks it month by month).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date

from django.db import connection

from speechwatch.incidents.models import Incident, IncidentCategory, LegalReference, Status
from speechwatch.lib.dates import month_bounds
from speechwatch.reference.models import Region
from speechwatch.reports.counting import Figures
from speechwatch.reports.figcache import MonthEntry
from speechwatch.reports.rows import Period, Taxonomy
from speechwatch.reports.rules import CountingRules

__all__ = ["count_months"]

MonthKey = tuple[int, int]
PUBLISHED = Status.PUBLISHED


def _month_sql() -> str:
    # recorded_on is a date: SQLite stores it as 'YYYY-MM-DD' text.
    if connection.vendor == "postgresql":
        return "to_char(i.recorded_on, 'YYYY-MM')"
    return "substr(i.recorded_on, 1, 7)"


def _expansion(codes: Mapping[int, str], tax: Taxonomy) -> dict[int, set[str]]:
    """category id -> every code an incident in it counts under (as ``counting._expanded``)."""
    return {pk: {*tax.lineage(code), tax.block_of(code)} for pk, code in codes.items()}


def _grouped(select: str, joins: str, group: str, params: Sequence[str | date]) -> list[tuple]:  # type: ignore[type-arg]
    incident = Incident._meta.db_table
    sql = (
        f"SELECT {_month_sql()} AS m, {select} FROM {incident} i {joins} "
        "WHERE i.status = %s AND i.recorded_on >= %s AND i.recorded_on <= %s "
        f"GROUP BY m, {group}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def count_months(
    months: Sequence[MonthKey],
    codes: Mapping[int, str],
    tax: Taxonomy,
    rules: CountingRules,
    ongoing: Mapping[int, date],
) -> dict[MonthKey, MonthEntry]:
    """Counts entries (figures with no block listed, legal references as the only facet,
    regions) of ``months``, one run of consecutive ``months`` at a time. ``codes``: category id
    -> code of the taxonomy counted; ``ongoing``: incident id -> recorded_on of the incidents of
    the months that report on an ongoing case (``build._ongoing_ids``)."""
    expansion = _expansion(codes, tax)
    start = month_bounds(*min(months))[0]
    end = month_bounds(*max(months))[1]
    wanted = {f"{y:04d}-{m:02d}": (y, m) for y, m in months}
    members: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    refs: dict[str, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    regions: dict[str, dict[str, int]] = defaultdict(dict)
    base: list[str | date] = [PUBLISHED, start, end]
    if expansion:
        _count_codes(expansion, base, members, refs)
    region_codes = dict(Region.objects.values_list("id", "code"))
    for m, region_id, n in _grouped("i.region_id, COUNT(*)", "", "i.region_id", base):
        code = region_codes.get(region_id, "") if region_id is not None else ""
        regions[m][code] = regions[m].get(code, 0) + n

    ongoing_blocks: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    if ongoing and rules.new_cases_only:
        _take_out_ongoing(ongoing, codes, expansion, tax, rules, members, refs, ongoing_blocks)

    result = {}
    for key, month in wanted.items():
        counts = {code: n for code, n in sorted(members.get(key, {}).items()) if n}
        facets: dict[str, dict[str, dict[str, int]]] = {}
        for code in counts:
            found = {ref: n for ref, n in refs.get(key, {}).get(code, {}).items() if n}
            ranked = dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))
            facets[code] = {"legal_ref": ranked} if ranked else {}
        figures = Figures(
            period=Period.month(*month),
            blocks=(),
            counts=counts,
            facets=facets,
            ongoing={b: n for b, n in sorted(ongoing_blocks.get(key, {}).items())},
        )
        result[month] = MonthEntry(figures, dict(sorted(regions.get(key, {}).items())))
    return result


def _count_codes(
    expansion: Mapping[int, set[str]],
    base: list[str | date],
    members: dict[str, dict[str, int]],
    refs: dict[str, dict[str, dict[str, int]]],
) -> None:
    """Distinct incidents per (month, code) and per (month, code, legal reference).

    Counted per category (a plain GROUP BY over the index-covered links), then spread to every
    code the category stands under; an incident with two categories under the same code was
    counted twice there, so those few incidents are read back and the extra counts taken off."""
    category = IncidentCategory._meta.db_table
    legal = LegalReference._meta.db_table
    in_tax = ", ".join(str(int(pk)) for pk in sorted(expansion))
    # "+": the taxonomy filter must not drive the link index (one probe per category id).
    links = f"JOIN {category} ic ON ic.incident_id = i.id AND +ic.category_id IN ({in_tax})"
    for m, cat, n in _grouped("ic.category_id, COUNT(*)", links, "ic.category_id", base):
        for code in expansion[cat]:
            members[m][code] += n
    for m, cat, ref_code, article, n in _grouped(
        "ic.category_id, lr.code, lr.article, COUNT(DISTINCT i.id)",
        f"{links} JOIN {legal} lr ON lr.incident_id = i.id",
        "ic.category_id, lr.code, lr.article",
        base,
    ):
        for code in expansion[cat]:
            refs[m][code][f"{ref_code} {article}"] += n
    multi = (
        f"{links} JOIN {category} ic2 ON ic2.incident_id = i.id "
        f"AND ic2.category_id <> ic.category_id AND +ic2.category_id IN ({in_tax})"
    )
    cats: dict[int, set[int]] = defaultdict(set)
    month_of: dict[int, str] = {}
    for m, incident_id, cat, _ in _grouped(
        "ic.incident_id, ic.category_id, COUNT(*)", multi, "ic.incident_id, ic.category_id", base
    ):
        cats[incident_id].add(cat)
        month_of[incident_id] = m
    if not cats:
        return
    their_refs: dict[int, set[str]] = defaultdict(set)
    for _, incident_id, ref_code, article, _ in _grouped(
        "ic.incident_id, lr.code, lr.article, COUNT(*)",
        f"{multi} JOIN {legal} lr ON lr.incident_id = i.id",
        "ic.incident_id, lr.code, lr.article",
        base,
    ):
        their_refs[incident_id].add(f"{ref_code} {article}")
    for incident_id, found in cats.items():
        m = month_of[incident_id]
        reached: dict[str, int] = defaultdict(int)
        for cat in found:
            for code in expansion[cat]:
                reached[code] += 1
        for code, times in reached.items():
            if times > 1:
                members[m][code] -= times - 1
                for ref in their_refs.get(incident_id, ()):
                    refs[m][code][ref] -= times - 1


def _take_out_ongoing(
    ongoing: Mapping[int, date],
    codes: Mapping[int, str],
    expansion: Mapping[int, set[str]],
    tax: Taxonomy,
    rules: CountingRules,
    members: dict[str, dict[str, int]],
    refs: dict[str, dict[str, dict[str, int]]],
    ongoing_blocks: dict[str, dict[str, int]],
) -> None:
    """Reports on ongoing cases leave every code of a new-cases-only block; the block notes them."""
    ids = list(ongoing)
    cats: dict[int, set[str]] = defaultdict(set)
    for incident_id, category_id in IncidentCategory.objects.filter(
        incident_id__in=ids, category_id__in=list(codes)
    ).values_list("incident_id", "category_id"):
        cats[incident_id] |= expansion[category_id]
    their_refs: dict[int, set[str]] = defaultdict(set)
    for incident_id, ref_code, article in LegalReference.objects.filter(
        incident_id__in=list(cats)
    ).values_list("incident_id", "code", "article"):
        their_refs[incident_id].add(f"{ref_code} {article}")
    for incident_id, expanded in cats.items():
        day = ongoing[incident_id]
        key = f"{day.year:04d}-{day.month:02d}"
        for code in expanded:
            block = tax.block_of(code) if code in tax else code
            if block not in rules.new_cases_only:
                continue
            if code == block:
                ongoing_blocks[key][block] += 1
            members[key][code] -= 1
            for ref in their_refs.get(incident_id, ()):
                refs[key][code][ref] -= 1

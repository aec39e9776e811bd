"""The *counts* figures of many months (comparisons, year to date, the 12-month chart) from
aggregate queries: no incident rows are materialised.

Per run of consecutive months, one GROUP BY query over the published incidents recorded in the
run (index-covered: incident (status, recorded_on), link (incident, category), legal reference
(incident, code, article)): incidents per (month, set of categories, set of legal references),
spread in Python to every code the categories stand under (their lineage and block); and
incidents per (month, region) from the index alone.
An incident is counted once per code however many of its categories fall under it. One
correction from a small set of rows: incidents reporting on an ongoing case leave the blocks
counted as new cases only. The result equals ``counting.count_period`` over the month's rows
with the counts rules (tests/reports_db/test_month_counts.py checks it month by month).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date

from django.db import connection

from speechwatch.incidents.models import Incident, IncidentCategory, LegalReference, Status
from speechwatch.lib.dates import month_bounds
from speechwatch.lib.rawsql import fetch_all
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


def _combos(
    in_tax: str, params: Sequence[str | date]
) -> tuple[list[tuple[str, str | None, str | None, int]], list[tuple[str, int | None, int]]]:
    """(month, category ids, legal references, incidents) of the published incidents recorded
    in the range, grouped by what they were classified with; and (month, region id, incidents)
    from the index alone (a separate query: in the first one's groups it would multiply them).

    One pass over the incidents (index range on (status, recorded_on)) with two index-only
    look-ups each (SQLite: correlated subqueries; PostgreSQL: joins grouped per incident): the
    incident's categories of this taxonomy and its legal references, each folded into one
    string. Incidents sharing the same month,
    categories, references and region fall into one group, so a few hundred to a few thousand
    groups come back however many incidents the range holds, and every count made from them in
    Python is of *distinct* incidents (an incident is one group member). On PostgreSQL the
    incidents come from an index-only scan (reports/migrations/0005 adds the id to the index)."""
    incident = Incident._meta.db_table
    category = IncidentCategory._meta.db_table
    legal = LegalReference._meta.db_table
    where = "WHERE i.status = %s AND i.recorded_on >= %s AND i.recorded_on <= %s"
    if connection.vendor == "postgresql":
        month = "to_char(i.recorded_on, 'YYYY-MM')"
        # The same per incident as set-based joins: a third less server CPU at 1M than
        # correlated subqueries (each a sub-plan run per incident).
        sql = (
            f"WITH inc AS MATERIALIZED (SELECT i.id, {month} AS m FROM {incident} i {where}), "
            "c AS (SELECT ic.incident_id, string_agg(ic.category_id::text, ',' "
            f"ORDER BY ic.category_id) AS cats FROM inc JOIN {category} ic "
            f"ON ic.incident_id = inc.id WHERE ic.category_id IN ({in_tax}) "
            "GROUP BY ic.incident_id), "
            "r AS (SELECT lr.incident_id, string_agg(lr.code || chr(31) || lr.article, chr(30) "
            f"ORDER BY lr.code, lr.article) AS refs FROM inc JOIN {legal} lr "
            "ON lr.incident_id = inc.id GROUP BY lr.incident_id) "
            "SELECT inc.m, c.cats, r.refs, COUNT(*) FROM inc "
            "LEFT JOIN c ON c.incident_id = inc.id LEFT JOIN r ON r.incident_id = inc.id "
            "GROUP BY inc.m, c.cats, r.refs"
        )
    else:  # SQLite: recorded_on is 'YYYY-MM-DD' text; the index gives categories in order
        month = "substr(i.recorded_on, 1, 7)"
        # "+": the taxonomy filter must not drive the link index (one probe per category id).
        cats = (
            f"SELECT group_concat(ic.category_id, ',') FROM {category} ic "
            f"WHERE ic.incident_id = i.id AND +ic.category_id IN ({in_tax})"
        )
        refs = (
            f"SELECT group_concat(lr.code || char(31) || lr.article, char(30)) FROM {legal} lr "
            "WHERE lr.incident_id = i.id"
        )
        sql = (
            f"SELECT m, cats, refs, COUNT(*) FROM (SELECT {month} AS m, ({cats}) AS cats, "
            f"({refs}) AS refs FROM {incident} i {where}) AS per_incident GROUP BY m, cats, refs"
        )
    per_region = (
        f"SELECT {month} AS m, i.region_id, COUNT(*) FROM {incident} i {where} "
        "GROUP BY m, i.region_id"
    )
    return fetch_all(sql, params), fetch_all(per_region, params)


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
    the months that report on an ongoing case (``cases.ongoing.ongoing_between``)."""
    expansion = _expansion(codes, tax)
    start = month_bounds(*min(months))[0]
    end = month_bounds(*max(months))[1]
    wanted = {f"{y:04d}-{m:02d}": (y, m) for y, m in months}
    members: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    refs: dict[str, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    regions: dict[str, dict[str, int]] = defaultdict(dict)
    region_codes = dict(Region.objects.values_list("id", "code"))
    in_tax = ", ".join(str(int(pk)) for pk in sorted(expansion)) or "NULL"
    spread: dict[str, frozenset[str]] = {}  # category ids -> every code they count under
    groups, per_region = _combos(in_tax, [PUBLISHED, start, end])
    for m, region_id, n in per_region:
        code = region_codes.get(region_id, "") if region_id is not None else ""
        regions[m][code] = regions[m].get(code, 0) + n
    for m, cats, ref_text, n in groups:
        if not cats:  # no category of this taxonomy: counted in the regions only
            continue
        if cats not in spread:
            spread[cats] = frozenset().union(*(expansion[int(c)] for c in cats.split(",")))
        cited = set(ref_text.replace("\x1f", " ").split("\x1e")) if ref_text else set()
        for counted in spread[cats]:
            members[m][counted] += n
            for ref in cited:
                refs[m][counted][ref] += n

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

"""The month's rows from the one-query loader equal the rows read link table by link table
through the ORM, and the figures counted from them equal the report's figures, for every demo
month (SQLite and PostgreSQL: the loader's SQL differs per database)."""

from __future__ import annotations

from collections import defaultdict

from speechwatch.cases.models import CaseIncident
from speechwatch.cases.ongoing import ongoing_between
from speechwatch.incidents.models import Incident, IncidentActor, IncidentCategory, LegalReference
from speechwatch.lib.dates import month_bounds
from speechwatch.reports.build import build_month
from speechwatch.reports.counting import count_period
from speechwatch.reports.loadrows import load_taxonomy, month_rows
from speechwatch.reports.queries import report_rules, report_template
from speechwatch.reports.rows import IncidentRow, Period, Taxonomy

MONTHS = [(y, m) for y in (2023, 2024) for m in range(1, 13)]


def _reference(codes: dict[int, str], year: int, month: int) -> list[IncidentRow]:
    """One ORM query per link table, as plainly as possible."""
    start, end = month_bounds(year, month)
    incidents = Incident.objects.filter(
        status="published", recorded_on__gte=start, recorded_on__lte=end
    ).order_by("recorded_on", "id")
    ids = list(incidents.values_list("id", flat=True))
    cats, victims, others, refs, cases = (defaultdict(set) for _ in range(5))
    for i, c in IncidentCategory.objects.filter(incident_id__in=ids).values_list(
        "incident_id", "category_id"
    ):
        if c in codes:
            cats[i].add(codes[c])
    for i, role, kind in IncidentActor.objects.filter(incident_id__in=ids).values_list(
        "incident_id", "role", "actor__type"
    ):
        (victims if role == "victim" else others)[i].add(kind)
    for i, code, article in LegalReference.objects.filter(incident_id__in=ids).values_list(
        "incident_id", "code", "article"
    ):
        refs[i].add(f"{code} {article}")
    for i, case in CaseIncident.objects.filter(incident_id__in=ids).values_list(
        "incident_id", "case_id"
    ):
        cases[i].add(case)
    ongoing = ongoing_between(start, end)
    return [
        IncidentRow(
            id=pk,
            recorded_on=recorded,
            categories=tuple(sorted(cats[pk])),
            victim_types=tuple(sorted(victims[pk])),
            perpetrator_types=tuple(sorted(others[pk])),
            region=region or "",
            legal_refs=tuple(sorted(refs[pk])),
            case_ids=tuple(sorted(cases[pk])),
            is_new_case=pk not in ongoing,
            occurred_on=occurred,
        )
        for pk, recorded, occurred, region in incidents.values_list(
            "id", "recorded_on", "occurred_on", "region__code"
        )
    ]


def _normal(row: IncidentRow) -> IncidentRow:
    return IncidentRow(
        id=row.id,
        recorded_on=row.recorded_on,
        categories=tuple(sorted(row.categories)),
        victim_types=tuple(sorted(row.victim_types)),
        perpetrator_types=tuple(sorted(row.perpetrator_types)),
        region=row.region,
        legal_refs=tuple(sorted(row.legal_refs)),
        case_ids=row.case_ids,
        is_new_case=row.is_new_case,
        occurred_on=row.occurred_on,
    )


def test_every_demo_month_loads_the_same_rows_and_figures(demo) -> None:
    _, pairs = load_taxonomy()
    codes = {pk: info.code for pk, info in pairs}
    tax = Taxonomy([info for _, info in pairs])
    rules, spec = report_rules(), report_template().block_specs()
    seen = 0
    for year, month in MONTHS:
        reference = _reference(codes, year, month)
        loaded = month_rows(codes, *month_bounds(year, month))
        assert [_normal(row) for row in loaded] == reference, (year, month)
        seen += len(loaded)
        if year == 2024:  # the report month's figures under the template's listing
            counted = [row for row in reference if row.categories]
            expected = count_period(counted, tax, rules, spec, Period.month(year, month))
            data = build_month(year, month, rules, spec=spec, comparisons=False, cache=False)
            assert data.figures == expected, (year, month)
    assert seen > 0

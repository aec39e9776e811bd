"""Property: for random incident sets imported through the real importer, every number in the
composed figures equals a direct ORM count (month, items, facets, comparisons, charts)."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from hypothesis import given, settings
from hypothesis import strategies as st

from speechwatch.actors.models import STATE_SECTOR_TYPES
from speechwatch.cases.models import CaseIncident, CaseStage
from speechwatch.incidents.models import Incident, LegalReference
from speechwatch.lib.dates import month_bounds
from speechwatch.reports.queries import draft
from speechwatch.reports.rows import Period
from speechwatch.taxonomy.models import Category
from tests.reports_db.records import actor, import_records, incident

CODES = [
    "R.obstruction",
    "R.discrediting",
    "R.threat",
    "I.refusal",
    "I.cyber",
    "L",
    "L.criminal",
    "L.criminal.false_info",
    "L.civil",
    "L.administrative",
    "L.administrative.false_info",
    "L.administrative.defamation",
]
ACTORS = {
    "act-j": "journalist",
    "act-o": "official",
    "act-s": "state_body",
    "act-c": "private_person",
}
REFS = ["PC 274", "PC 174", "AdmC 456-2", "CC 143"]
START = date(2023, 1, 1)
DAYS = (date(2024, 5, 31) - START).days
APRIL_DAYS = ((date(2024, 4, 1) - START).days, (date(2024, 4, 30) - START).days)
# Half the incidents fall in April 2024, the month checked most closely.
DAY = st.one_of(st.integers(0, DAYS), st.integers(*APRIL_DAYS))

incidents_strategy = st.lists(
    st.fixed_dictionaries(
        {
            "day": DAY,
            "categories": st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True),
            "status": st.sampled_from(["published"] * 4 + ["verified", "draft", "rejected"]),
            "region": st.sampled_from(["almaty", "astana", ""]),
            "victims": st.lists(st.sampled_from(sorted(ACTORS)), max_size=2, unique=True),
            "refs": st.lists(st.sampled_from(REFS), max_size=2, unique=True),
        }
    ),
    min_size=1,
    max_size=40,
)
cases_strategy = st.lists(
    st.fixed_dictionaries(
        {
            "members": st.lists(st.integers(0, 39), min_size=1, max_size=3, unique=True),
            "stages": st.lists(DAY, max_size=2),
        }
    ),
    max_size=5,
)


def _records(incidents: list[dict[str, Any]], cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    records = [actor(ext, kind) for ext, kind in ACTORS.items()]
    for i, spec in enumerate(incidents):
        records.append(
            incident(
                f"p-{i}",
                recorded_on=(START + timedelta(days=spec["day"])).isoformat(),
                occurred_on="",
                categories=spec["categories"],
                status=spec["status"],
                region=spec["region"],
                victims=spec["victims"],
                legal_refs=spec["refs"],
            )
        )
    for k, spec in enumerate(cases):
        members = [f"p-{i}" for i in spec["members"] if i < len(incidents)]
        if not members:
            continue
        records.append(
            {
                "schema_version": 1,
                "type": "case",
                "external_id": f"case-{k}",
                "kind": "criminal",
                "title": {"en": f"Case {k}"},
                "incidents": members,
                "stages": [
                    {
                        "stage": "investigation",
                        "date": (START + timedelta(days=d)).isoformat(),
                        "body": "",
                        "claim_amount": None,
                        "outcome": "",
                        "note": {},
                    }
                    for d in spec["stages"]
                ],
                "defendants": [],
                "published": True,
            }
        )
    return records


# -- direct ORM counts, written independently of build.py ----------------------------------------


def _below(code: str) -> list[str]:
    return [
        c
        for c in Category.objects.values_list("code", flat=True)
        if c == code or c.startswith(code + ".")
    ]


def _ongoing(incident_: Incident) -> bool:
    month_start = incident_.recorded_on.replace(day=1)
    for case_id in CaseIncident.objects.filter(incident=incident_).values_list(
        "case_id", flat=True
    ):
        if CaseStage.objects.filter(case_id=case_id, date__lt=month_start).exists():
            return True
        if (
            CaseIncident.objects.filter(case_id=case_id, incident__recorded_on__lt=month_start)
            .exclude(incident__status="rejected")
            .exists()
        ):
            return True
    return False


def _counted(code: str, period: Period, extra: Q | None = None) -> int:
    found = Incident.objects.filter(
        status="published",
        recorded_on__gte=period.start,
        recorded_on__lte=period.end,
        category_links__category__code__in=_below(code),
    )
    if extra is not None:
        found = found.filter(extra)
    found = found.distinct()
    if code.split(".")[0] == "L":
        return sum(1 for i in found if not _ongoing(i))
    return found.count()


def _legal(code: str, ref: str, period: Period) -> int:
    abbr, article = ref.split(" ")
    ids = LegalReference.objects.filter(code=abbr, article=article).values("incident_id")
    return _counted(code, period, Q(id__in=ids))


def _check(month: str) -> None:
    year, number = (int(x) for x in month.split("-"))
    report = draft(month, ("en",)).reports["en"]
    figures = report.figures
    period = Period.month(year, number)
    for code, n in figures["counts"].items():
        assert n == _counted(code, period), code
    for block, spec in figures["blocks"].items():
        assert spec["total"] == _counted(block, period), block
        for item, item_spec in spec["items"].items():
            assert item_spec["count"] == _counted(item, period), item
            for part, n in item_spec["breakdown"].items():
                assert n == _counted(part, period), part
            for facet, n in item_spec["facets"].items():
                assert facet == "victim_group=state_sector"
                state = Q(
                    actor_links__role="victim", actor_links__actor__type__in=STATE_SECTOR_TYPES
                )
                assert n == _counted(item, period, state), (item, facet)
    comparisons = figures["comparisons"]
    py, pm = (year, number - 1) if number > 1 else (year - 1, 12)
    periods = {
        "previous_month": Period.month(py, pm),
        "ytd": Period.year_to_date(year, number),
        "ytd_last_year": Period.year_to_date(year, number).same_period_last_year(),
    }
    for key, p in periods.items():
        for code, n in comparisons[key]["counts"].items():
            assert n == _counted(code, p), (key, code)
        for item, refs in comparisons[key]["legal"].items():
            for ref, n in refs.items():
                assert n == _legal(item, ref, p), (key, item, ref)
    for key, blocks in figures["charts"]["blocks_12_months"].items():
        y, m = (int(x) for x in key.split("-"))
        p = Period(*month_bounds(y, m))
        if blocks is None:  # no data (a gap in the chart): nothing was counted that month
            assert all(_counted(block, p) == 0 for block in ("R", "I", "L")), key
            continue
        for block, n in blocks.items():
            assert n == _counted(block, p), (key, block)
    regions = figures["charts"].get("regions", {})
    for code, n in regions.items():
        region = Q(region__code=code) if code != "-" else Q(region__isnull=True)
        assert (
            n
            == Incident.objects.filter(
                region,
                status="published",
                recorded_on__gte=period.start,
                recorded_on__lte=period.end,
            ).count()
        )


@settings(max_examples=12)
@given(incidents=incidents_strategy, cases=cases_strategy)
def test_every_figure_equals_a_direct_orm_count(installed, incidents, cases) -> None:
    with transaction.atomic():
        with tempfile.TemporaryDirectory() as tmp:
            import_records(Path(tmp), _records(incidents, cases))
        for month in ("2024-04", "2024-01"):
            _check(month)
        transaction.set_rollback(True)

"""Figures from kept month tallies equal the counting engine's over the month's rows: random
months (hypothesis) and a few chosen ones (table-driven), every facet, listing and breakdown."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speechwatch.incidents.monthtally import contributions, ongoing_rows
from speechwatch.reports.counting import BlockSpec, BreakdownSpec, count_period
from speechwatch.reports.rows import IncidentRow, Period
from speechwatch.reports.rules import default_rules
from speechwatch.reports.tallycount import (
    TallyUnsupported,
    figures_from_tally,
    regions_from_tally,
    supports,
)
from tests.reports.factories import TAXONOMY

RULES = default_rules()
APRIL = Period.month(2024, 4)
CODES = sorted(TAXONOMY.codes())
VICTIMS = ["journalist", "official", "court", "citizen", "blogger"]
PERPETRATORS = ["state_body", "private_person", "unknown", "court"]
REFS = ["PC 274", "CAO 456-2", "PC 130"]
REGIONS = ["", "almaty", "astana"]
SPECS = [
    [BlockSpec("R"), BlockSpec("I"), BlockSpec("L")],
    [
        BlockSpec("R", items=("R.threat", "R.attack")),
        BlockSpec("I", items=("I.refusal",)),
        BlockSpec(
            "L",
            breakdowns={
                "L.administrative": BreakdownSpec("codes", ("L.administrative.false_info",)),
                "L.criminal": BreakdownSpec("legal_ref"),
            },
        ),
    ],
    [BlockSpec("L", items=("L.administrative",), breakdowns={"L.administrative": BreakdownSpec()})],
]


def tally(rows: list[IncidentRow]) -> Counter:  # type: ignore[type-arg]
    """The month's tally as the writers keep it, reports on ongoing cases counted apart."""
    total: Counter = Counter()  # type: ignore[type-arg]
    for row in rows:
        own = contributions(
            row.categories,
            TAXONOMY.lineage,
            region=row.region,
            victim_types=row.victim_types,
            perpetrator_types=row.perpetrator_types,
            legal_refs=row.legal_refs,
        )
        total.update(own)
        if not row.is_new_case:
            total.update(ongoing_rows(own, row.id, lambda c: TAXONOMY.block_of(c) == c))
    return total


def check(rows: list[IncidentRow], spec: list[BlockSpec], rules=RULES) -> None:  # type: ignore[no-untyped-def]
    total = tally(rows)
    expected = count_period(rows, TAXONOMY, rules, spec, APRIL)
    assert figures_from_tally(total, TAXONOMY, rules, spec, APRIL) == expected
    regions = Counter(row.region for row in rows)
    assert regions_from_tally(total) == dict(sorted(regions.items()))


def row(i: int, *categories: str, **over) -> IncidentRow:  # type: ignore[no-untyped-def]
    return IncidentRow(id=i, recorded_on=date(2024, 4, 10), categories=categories, **over)


CASES = {
    "empty month": [],
    "one incident in two items of a block counts once in it": [row(1, "R.threat", "R.attack")],
    "a code above two of one incident's codes counts it once": [
        row(1, "L.administrative.false_info", "L.administrative.defamation", legal_refs=("PC 1",))
    ],
    "two journalists' types in one group count once": [
        row(1, "R.threat", victim_types=("journalist", "blogger")),
        row(2, "R.threat", victim_types=("journalist",)),
    ],
    "reports on ongoing cases leave L only": [
        row(1, "L.criminal", "R.threat", is_new_case=False, legal_refs=("PC 274",)),
        row(2, "L.criminal", legal_refs=("PC 274",)),
    ],
    "only ongoing reports in L": [row(1, "L.civil", is_new_case=False, region="almaty")],
    "an unlisted item makes 'and others'": [row(1, "R.insult"), row(2, "R.threat")],
}


@pytest.mark.parametrize("spec", SPECS, ids=["all", "listed", "breakdown"])
@pytest.mark.parametrize("name", list(CASES))
def test_chosen_months(name: str, spec: list[BlockSpec]) -> None:
    check(CASES[name], spec)


def test_counts_rules_as_comparisons_use_them() -> None:
    from dataclasses import replace

    counts_rules = replace(RULES, facets=("legal_ref",), groups={})
    check(
        [row(1, "L.criminal", legal_refs=("PC 274", "PC 130")), row(2, "R.threat")],
        [],
        counts_rules,
    )


def test_rules_the_tallies_cannot_count_are_refused() -> None:
    from dataclasses import replace

    by_occurrence = replace(RULES, month_by="occurred_on")
    assert not supports(by_occurrence)
    with pytest.raises(TallyUnsupported):
        figures_from_tally({}, TAXONOMY, by_occurrence, [], APRIL)


@st.composite
def months(draw: st.DrawFn) -> list[IncidentRow]:
    n = draw(st.integers(0, 30))
    return [
        IncidentRow(
            id=i,
            recorded_on=date(2024, 4, draw(st.integers(1, 30))),
            categories=tuple(draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=3))),
            victim_types=tuple(draw(st.lists(st.sampled_from(VICTIMS), max_size=3))),
            perpetrator_types=tuple(draw(st.lists(st.sampled_from(PERPETRATORS), max_size=2))),
            region=draw(st.sampled_from(REGIONS)),
            legal_refs=tuple(draw(st.lists(st.sampled_from(REFS), max_size=2))),
            is_new_case=draw(st.booleans()),
        )
        for i in range(n)
    ]


@settings(max_examples=60, deadline=None)
@given(months(), st.sampled_from(range(len(SPECS))))
def test_random_months(rows: list[IncidentRow], spec: int) -> None:
    check(rows, SPECS[spec])

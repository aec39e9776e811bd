"""For random rows, every count equals a direct count over the rows."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from speechwatch.reports.counting import BlockSpec, count_month
from speechwatch.reports.rows import IncidentRow
from speechwatch.reports.rules import default_rules
from tests.reports.factories import TAXONOMY

RULES = default_rules()
CODES = sorted(TAXONOMY.codes())
SPEC = [BlockSpec("R"), BlockSpec("I"), BlockSpec("L")]
VICTIMS = ["journalist", "official", "court", "citizen"]


@st.composite
def incident_rows(draw: st.DrawFn) -> list[IncidentRow]:
    n = draw(st.integers(0, 40))
    return [
        IncidentRow(
            id=i,
            recorded_on=draw(st.dates(date(2024, 3, 25), date(2024, 5, 5))),
            categories=tuple(draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=3))),
            victim_types=tuple(draw(st.lists(st.sampled_from(VICTIMS), max_size=2))),
            is_new_case=draw(st.booleans()),
        )
        for i in range(n)
    ]


def _counted(row: IncidentRow, code: str) -> bool:
    """Direct reading of the rules: in April, carrying ``code`` or something below it, and not a
    report on an ongoing case of a new-cases-only block."""
    if (row.recorded_on.year, row.recorded_on.month) != (2024, 4):
        return False
    block = TAXONOMY[code].block
    if block in RULES.new_cases_only and not row.is_new_case:
        return False
    return any(TAXONOMY.is_within(c, code) for c in row.categories)


@given(incident_rows())
def test_counts_equal_direct_counts(rows: list[IncidentRow]) -> None:
    figures = count_month(rows, TAXONOMY, RULES, SPEC, 2024, 4)
    by_id = {row.id: row for row in rows}
    for code in CODES:
        assert figures.count(code) == sum(_counted(row, code) for row in rows), code
    for block in figures.blocks:
        distinct = {row.id for row in rows if _counted(row, block.code)}
        assert block.total == len(distinct)
        # Every sub-category is listed, so only incidents coded with the bare block escape.
        escaped = {
            i for i in distinct if not any(_counted(by_id[i], item.code) for item in block.items)
        }
        assert block.others is bool(escaped)
        assert block.total <= sum(item.count for item in block.items) + len(escaped)
        for item in block.items:
            assert item.count == sum(_counted(row, item.code) for row in rows)
            state = sum(
                _counted(row, item.code) and bool({"official", "court"} & set(row.victim_types))
                for row in rows
            )
            assert item.facet("victim_group", "state_sector") == state


@given(incident_rows(), st.sets(st.sampled_from([c.code for c in TAXONOMY.children("R")])))
def test_others_iff_an_incident_escapes_the_listed_items(
    rows: list[IncidentRow], listed: set[str]
) -> None:
    items = tuple(sorted(listed))
    block = count_month(rows, TAXONOMY, RULES, [BlockSpec("R", items)], 2024, 4).block("R")
    escaped = [
        row for row in rows if _counted(row, "R") and not any(_counted(row, code) for code in items)
    ]
    assert block.others is bool(escaped)

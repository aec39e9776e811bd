"""The counting rules of domain.md, table by table, on hand-made rows."""

from __future__ import annotations

from datetime import date

import pytest

from speechwatch.reports.counting import (
    BlockFigure,
    BlockSpec,
    BreakdownSpec,
    CountingError,
    Figures,
    count_month,
    count_period,
    figures_from_published,
    sum_figures,
    year_to_date,
)
from speechwatch.reports.rows import IncidentRow, Period, PublishedFigure
from speechwatch.reports.rules import default_rules, parse_rules
from tests.reports.factories import TAXONOMY, Rows

RULES = default_rules()
ALL = [BlockSpec("R"), BlockSpec("I"), BlockSpec("L")]


def april(rows: Rows, spec: list[BlockSpec] = ALL) -> Figures:
    return count_month(rows, TAXONOMY, RULES, spec, 2024, 4)


def count_of(block: BlockFigure, code: str) -> int:
    item = block.item(code)
    assert item is not None, f"{code} is not listed in block {block.code}"
    return item.count


def test_incident_in_two_categories_counts_in_both_items_and_once_in_the_block() -> None:
    rows = Rows()
    rows.add(1, "R.threat", "R.insult")
    rows.add(1, "R.threat")
    figures = april(rows)
    block = figures.block("R")
    assert block.total == 2
    assert count_of(block, "R.threat") == 2
    assert count_of(block, "R.insult") == 1


def test_incident_in_two_blocks_counts_in_each_block() -> None:
    rows = Rows()
    rows.add(1, "R.attack", "I.cyber")
    figures = april(rows)
    assert (figures.block("R").total, figures.block("I").total) == (1, 1)


def test_sub_category_counts_in_its_ancestors() -> None:
    rows = Rows()
    rows.add(2, "L.administrative.false_info")
    rows.add(1, "L.administrative")
    figures = april(rows)
    assert figures.count("L.administrative.false_info") == 2
    assert figures.count("L.administrative") == 3
    assert figures.count("L") == 3
    assert count_of(figures.block("L"), "L.administrative") == 3


def test_incident_with_a_category_and_its_sub_category_counts_once() -> None:
    rows = Rows()
    rows.add(1, "L.administrative", "L.administrative.defamation")
    assert april(rows).count("L.administrative") == 1


def test_new_cases_only_block_lists_ongoing_cases_apart() -> None:
    rows = Rows()
    new = rows.add(3, "L.criminal")
    ongoing = rows.add(2, "L.criminal", "R.detention", is_new_case=False)
    figures = april(rows)
    block = figures.block("L")
    assert block.total == 3
    assert count_of(block, "L.criminal") == 3
    assert block.ongoing == 2
    assert block.ongoing_ids == tuple(r.id for r in ongoing)
    assert figures.ongoing == {"L": 2}
    assert {r.id for r in new}.isdisjoint(block.ongoing_ids)
    # The rule is about block L only: the same incidents still count in block R.
    assert figures.block("R").total == 2


def test_without_the_rule_ongoing_cases_count() -> None:
    rules = parse_rules("organisation: other\nversion: 1\nnew_cases_only: []\n")
    rows = Rows()
    rows.add(3, "L.criminal")
    rows.add(2, "L.criminal", is_new_case=False)
    block = count_month(rows, TAXONOMY, rules, ALL, 2024, 4).block("L")
    assert (block.total, block.ongoing) == (5, 0)


@pytest.mark.parametrize(
    ("items", "others"),
    [
        (("R.threat", "R.insult"), False),
        (("R.threat",), True),
        (("R.attack",), True),
        (None, False),
    ],
)
def test_others_when_listed_items_leave_incidents_out(
    items: tuple[str, ...] | None, others: bool
) -> None:
    rows = Rows()
    rows.add(2, "R.threat")
    rows.add(1, "R.insult", "R.threat")  # covered by R.threat alone, too
    rows.add(1, "R.insult")
    block = april(rows, [BlockSpec("R", items)]).block("R")
    assert block.others is others


def test_listing_all_gives_every_sub_category_in_taxonomy_order() -> None:
    block = april(Rows(), [BlockSpec("L")]).block("L")
    assert [i.code for i in block.items] == ["L.criminal", "L.civil", "L.administrative"]
    assert [i.count for i in block.items] == [0, 0, 0]
    assert block.total == 0 and not block.others


def test_month_is_assigned_by_recorded_on() -> None:
    rows = Rows()
    rows.add(1, "R.threat", recorded_on=date(2024, 4, 1), occurred_on=date(2024, 3, 20))
    rows.add(1, "R.threat", recorded_on=date(2024, 4, 30))
    rows.add(1, "R.threat", recorded_on=date(2024, 3, 31))
    rows.add(1, "R.threat", recorded_on=date(2024, 5, 1))
    assert april(rows).block("R").total == 2


def test_month_by_occurred_on_is_configuration() -> None:
    rules = parse_rules("organisation: o\nversion: 1\nmonth_by: occurred_on\n")
    rows = Rows()
    rows.add(1, "R.threat", recorded_on=date(2024, 4, 1), occurred_on=date(2024, 3, 20))
    rows.add(1, "R.threat", recorded_on=date(2024, 5, 2), occurred_on=date(2024, 4, 20))
    assert count_month(rows, TAXONOMY, rules, ALL, 2024, 4).block("R").total == 1
    rows.add(1, "R.threat")
    with pytest.raises(CountingError, match=r"incident 3: no occurred_on date"):
        count_month(rows, TAXONOMY, rules, ALL, 2024, 4)


def test_facet_breakdowns() -> None:
    rows = Rows()
    rows.add(4, "R.discrediting", victim_types=("official",), region="Almaty")
    rows.add(2, "R.discrediting", victim_types=("court", "state_body"), region="Astana")
    rows.add(1, "R.discrediting", victim_types=("journalist",), perpetrator_types=("unknown",))
    item = april(rows, [BlockSpec("R", ("R.discrediting",))]).block("R").items[0]
    assert item.facets["victim_type"] == {
        "official": 4,
        "court": 2,
        "state_body": 2,
        "journalist": 1,
    }
    # Two state-sector victims in one incident still make one state-sector incident.
    assert item.facet("victim_group", "state_sector") == 6
    assert item.facet("victim_group", "media") == 1
    assert item.facets["region"] == {"Almaty": 4, "Astana": 2}
    assert item.facet("perpetrator_group", "unknown") == 1


def test_breakdown_by_children_and_by_legal_article() -> None:
    rows = Rows()
    rows.add(2, "L.administrative.false_info", legal_refs=("CAO 456-2",))
    rows.add(3, "L.administrative.defamation", legal_refs=("CAO 73-3",))
    rows.add(7, "L.criminal", legal_refs=("PC 274",))
    rows.add(1, "L.criminal", legal_refs=("PC 274", "PC 174"))
    rows.add(1, "L.criminal", legal_refs=("PC 174",))
    spec = BlockSpec(
        "L",
        breakdowns={
            "L.administrative": BreakdownSpec("children"),
            "L.criminal": BreakdownSpec("legal_ref"),
        },
    )
    block = april(rows, [spec]).block("L")
    admin = block.item("L.administrative")
    criminal = block.item("L.criminal")
    assert admin is not None and criminal is not None
    assert [(p.code, p.count) for p in admin.breakdown] == [
        ("L.administrative.false_info", 2),
        ("L.administrative.defamation", 3),
        ("L.administrative.election", 0),
    ]
    assert [(p.code, p.count, p.kind) for p in criminal.breakdown] == [
        ("PC 274", 8, "legal_ref"),
        ("PC 174", 2, "legal_ref"),
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            IncidentRow(7, date(2024, 4, 2), ("R.unknown",)),
            "incident 7: unknown category 'R.unknown'",
        ),
        (IncidentRow(8, date(2024, 4, 2), ()), "incident 8: has no category"),
    ],
)
def test_bad_rows_are_named(row: IncidentRow, message: str) -> None:
    with pytest.raises(CountingError, match=message):
        count_month([row], TAXONOMY, RULES, ALL, 2024, 4)


def test_duplicate_rows_are_refused() -> None:
    row = IncidentRow(3, date(2024, 4, 2), ("R.threat",))
    with pytest.raises(CountingError, match="incident 3: appears twice"):
        count_month([row, row], TAXONOMY, RULES, ALL, 2024, 4)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (BlockSpec("R", ("I.cyber",)), "block R: listed item 'I.cyber' is not inside the block"),
        (BlockSpec("R", ("R.nope",)), "block R: listed item 'R.nope' is not in the taxonomy"),
        (BlockSpec("R", ("R.threat", "R.threat")), "block R: an item is listed twice"),
        (
            BlockSpec("L", breakdowns={"L.civil": BreakdownSpec("codes", ("L.criminal",))}),
            "item L.civil: breakdown code 'L.criminal' is not below it",
        ),
    ],
)
def test_bad_listing_is_named(spec: BlockSpec, message: str) -> None:
    with pytest.raises(CountingError, match=message):
        april(Rows(), [spec])


def test_year_to_date_equals_the_sum_of_the_months() -> None:
    rows = Rows()
    for month in range(1, 8):
        rows.add(month, "L.criminal", recorded_on=date(2024, month, 3))
        rows.add(1, "R.threat", "R.insult", recorded_on=date(2024, month, 28))
    rows.add(5, "L.criminal", recorded_on=date(2024, 8, 1))
    rows.add(5, "L.criminal", recorded_on=date(2023, 7, 1))
    ytd = year_to_date(rows, TAXONOMY, RULES, ALL, 2024, 7)
    months = [count_month(rows, TAXONOMY, RULES, ALL, 2024, m) for m in range(1, 8)]
    summed = sum_figures(months)
    assert ytd.period == Period(date(2024, 1, 1), date(2024, 7, 31)) == summed.period
    assert ytd.block("L").total == 28 == summed.block("L").total
    assert ytd.block("R").total == 7 == summed.block("R").total
    assert ytd.counts == summed.counts
    assert count_of(ytd.block("R"), "R.threat") == 7


def test_overlapping_periods_do_not_add() -> None:
    one = count_month([], TAXONOMY, RULES, ALL, 2024, 4)
    ytd = year_to_date([], TAXONOMY, RULES, ALL, 2024, 4)
    with pytest.raises(CountingError, match="overlap"):
        sum_figures([one, ytd])


def test_figures_from_published_months() -> None:
    april_ = Period.month(2024, 4)
    published = [
        PublishedFigure(Period.month(2024, 3), "L", 15),
        PublishedFigure(april_, "L", 20),
        PublishedFigure(april_, "L.criminal", 3),
        PublishedFigure(april_, "L.civil", 9),
        PublishedFigure(Period.month(2024, 5), "L", 99),
    ]
    figures = figures_from_published(
        published,
        TAXONOMY,
        [BlockSpec("L", ("L.criminal", "L.civil"))],
        Period(date(2024, 3, 1), april_.end),
    )
    block = figures.block("L")
    assert block.total == 35
    assert block.others  # 3 + 9 < 35
    assert figures.count("L.civil") == 9


def test_period_helpers() -> None:
    assert Period.month(2024, 2) == Period(date(2024, 2, 1), date(2024, 2, 29))
    assert Period.year_to_date(2024, 2).same_period_last_year() == Period(
        date(2023, 1, 1), date(2023, 2, 28)
    )
    with pytest.raises(ValueError, match="ends"):
        Period(date(2024, 2, 1), date(2024, 1, 1))
    assert count_period([], TAXONOMY, RULES, [], Period.month(2024, 1)).blocks == ()

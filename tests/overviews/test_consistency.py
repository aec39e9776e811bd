"""Published sums that do not add up, and totals that contradict each other, are flagged."""

from __future__ import annotations

import pytest

from speechwatch.overviews.mapping import Mapper
from speechwatch.overviews.reader import read_text

TITLE = "Violations of freedom of speech in Kazakhstan May 2024\n"
R = "There were {n} reports of violations of the rights of journalists, media, and newsmakers. Among them:\n"  # noqa: E501
ITEMS = (
    "10 reports involved obstruction of journalists' lawful professional activities\n"
    "6 reports of threats to journalists\n"
)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        (TITLE + R.format(n=16) + ITEMS, []),
        (TITLE + R.format(n=15) + ITEMS, ["sum_exceeds_total"]),
        (TITLE + R.format(n=18) + ITEMS, ["sum_below_total"]),
        (TITLE + R.format(n=18) + ITEMS + "and others\n", []),
        (
            TITLE + "12 reports of administrative accusations, including 8 for defamation and "
            "6 under charges of disseminating false information\n",
            ["implicit_block", "breakdown_exceeds_count"],
        ),
        (
            TITLE + R.format(n=16) + ITEMS + "In total, 20 reports were recorded.\n",
            ["grand_total_mismatch"],
        ),
        (
            TITLE
            + R.format(n=16)
            + ITEMS
            + "There were 17 reports of violations of the rights of journalists and media.\n",
            ["sum_below_total", "total_conflict"],
        ),
    ],
)
def test_flags(mapper: Mapper, text: str, kinds: list[str]) -> None:
    ov = read_text(text, mapper)
    assert [w.kind for w in ov.warnings] == kinds


def test_flagged_figures_are_not_fixed(mapper: Mapper) -> None:
    ov = read_text(TITLE + R.format(n=15) + ITEMS, mapper)
    assert ov.blocks[0].total == 15 and [i.count for i in ov.blocks[0].items] == [10, 6]
    assert "add up to 16" in ov.warnings[0].message and "15" in ov.warnings[0].message

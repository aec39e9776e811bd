"""The report generator's own statistics (en, ru) read back to the figures it was given."""

from __future__ import annotations

import pytest

from speechwatch.overviews.mapping import Mapper
from speechwatch.overviews.reader import read_text
from speechwatch.reports.counting import count_month
from speechwatch.reports.phrasing import render_statistics, render_text
from speechwatch.reports.rules import default_rules
from speechwatch.reports.template import default_template
from tests.reports.factories import TAXONOMY, april_2024


def generated(lang: str) -> str:
    template = default_template()
    figures = count_month(april_2024(), TAXONOMY, default_rules(), template.block_specs(), 2024, 4)
    parts = [render_text(template, k, lang, 2024, 4) for k in ("title", "intro", "statistics")]
    parts += [p.text() for p in render_statistics(figures, template, lang, TAXONOMY)]
    parts += [render_text(template, "events", lang, 2024, 4)]
    return "\n".join(p for p in parts if p)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_generated_statistics_read_back(lang: str, mapper: Mapper) -> None:
    ov = read_text(generated(lang), mapper)
    assert ov.lang == lang and ov.period is not None and ov.period.label == "2024-04"
    got = [
        (
            b.code,
            b.total,
            b.others,
            [(i.code, i.count, [(p.code, p.count) for p in i.items]) for i in b.items],
        )
        for b in ov.blocks
    ]
    assert got == [
        ("R", 20, True, [
            ("R.obstruction", 2, []),
            ("R.discrediting", 8, [("facet:victim_type=state_sector", 7)]),
        ]),
        ("I", 12, True, [("I.refusal", 5, []), ("I.cyber", 3, [])]),
        ("L", 20, False, [
            ("L.criminal", 3, []),
            ("L.civil", 9, []),
            ("L.administrative", 8, [
                ("L.administrative.false_info", 2),
                ("L.administrative.defamation", 3),
            ]),
        ]),
    ]  # fmt: skip
    assert ov.blocks[2].ongoing == 2
    assert ov.warnings == []

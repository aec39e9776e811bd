"""The published April 2024 overview reads back to exactly its figures, events and cases."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from speechwatch.overviews.mapping import Mapper
from speechwatch.overviews.parse import Overview
from speechwatch.overviews.reader import read_text, to_json


@pytest.fixture(scope="module")
def ov(reference_text: str, mapper: Mapper) -> Overview:
    return read_text(reference_text, mapper, source="adilsoz-2024-04-en.txt")


def figures(ov: Overview) -> list[Any]:
    def items(its):  # type: ignore[no-untyped-def]
        return [(i.code, i.count, items(i.items)) for i in its]

    return [(b.code, b.total, items(b.items)) for b in ov.blocks]


def test_figures_are_exactly_the_published_ones(ov: Overview) -> None:
    assert figures(ov) == [
        (
            "R",
            20,
            [
                ("R.obstruction", 2, []),
                ("R.discrediting", 8, [("facet:victim_type=state_sector", 7, [])]),
            ],
        ),
        ("I", 12, [("I.refusal", 5, []), ("I.cyber", 3, [])]),
        (
            "L",
            20,
            [
                ("L.criminal", 3, []),
                ("L.civil", 9, []),
                (
                    "L.administrative",
                    8,
                    [
                        ("L.administrative.false_info", 2, []),
                        ("L.administrative.defamation", 3, []),
                    ],
                ),
            ],
        ),
    ]


def test_every_phrase_is_mapped_confidently(ov: Overview) -> None:
    for b in ov.blocks:
        assert b.match.accepted
        for it in b.items:
            assert it.match.accepted, it.phrase
            assert all(p.match.accepted for p in it.items)
    facet = ov.blocks[0].items[1].items[0]
    assert facet.facet and "governmental sector" in facet.phrase


def test_period_organisation_language(ov: Overview) -> None:
    assert ov.period is not None and ov.period.label == "2024-04"
    assert ov.organisation == "Adil Soz"
    assert ov.lang == "en"


def test_dated_events(ov: Overview) -> None:
    dated = [(e.section, e.on) for e in ov.entries if e.on]
    assert dated == [
        ("events", date(2024, 4, 6)),
        ("events", date(2024, 4, 22)),
        ("events", date(2024, 4, 25)),
        ("legislation", date(2024, 4, 5)),
        ("legislation", date(2024, 4, 17)),
        ("cases", date(2024, 4, 24)),
        ("cases", date(2024, 4, 26)),
        ("also", date(2024, 4, 1)),
    ]
    # An undated paragraph continues the entry above it.
    assert "On the same day" in ov.entries[1].text


def test_legislative_items_and_stages(ov: Overview) -> None:
    data = to_json(ov)
    assert [(x["date"], x["stage"]) for x in data["legislation"]] == [
        ("2024-04-05", "concept"),
        ("2024-04-17", "majilis_second_reading"),
    ]
    assert '"On Mass Media"' in data["legislation"][1]["text"]


def test_case_titles_and_also_items(ov: Overview) -> None:
    assert [c.title for c in ov.cases] == [
        "Refusal of Accreditation to Azattyq Correspondents",
        "Detention of ProTenge Editor-in-Chief Jamila Maricheva",
    ]
    assert ov.cases[0].text.startswith("The media corporation Radio Free Europe")
    also = [e for e in ov.entries if e.section == "also"]
    assert [e.on for e in also] == [None, date(2024, 4, 1)]
    assert also[0].text.startswith("It became known in April")
    assert [h.kind for h in ov.headings] == ["events", "legislation", "case", "case", "also"]


def test_reference_sums_are_flagged_not_fixed(ov: Overview) -> None:
    # R lists 2 + 8 of 20 and I 5 + 3 of 12 without "and others": reported, figures kept.
    kinds = [(w.kind, w.line) for w in ov.warnings]
    assert kinds == [("sum_below_total", 4), ("sum_below_total", 7)]
    assert ov.blocks[0].total == 20


def test_json_shape(ov: Overview) -> None:
    data = to_json(ov)
    assert data["file"] == "adilsoz-2024-04-en.txt" and data["period"] == "2024-04"
    block = data["blocks"][2]
    assert {"code", "phrase", "total", "others", "items"} <= set(block)
    item = block["items"][2]
    assert {"code", "phrase", "count", "confidence", "items"} <= set(item)
    assert isinstance(item["confidence"], float)
    assert item["items"][0]["code"] == "L.administrative.false_info"
    assert all({"date", "text"} <= set(e) for e in data["events"])
    assert all({"kind", "message"} <= set(w) for w in data["warnings"])

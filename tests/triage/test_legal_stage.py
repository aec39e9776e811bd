"""Stage "legal" and the reference forms of lib/legal it relies on."""

from __future__ import annotations

import pytest

from speechwatch.lib.legal import find_legal_refs
from speechwatch.triage.legalstage import legal_refs, legal_stage
from speechwatch.triage.types import Document, Triage

FORMS = [
    ("ҚК 274-бабы бойынша іс қозғалды", ["PC 274"]),
    ("ҚР ҚК-нің 274-бабының 2-бөлігі", ["PC 274(2)"]),
    ("ст. 274 УК РК", ["PC 274"]),
    ("ч.2 ст.174 УК", ["PC 174(2)"]),
    ("по части 2 статьи 174 УК РК", ["PC 174(2)"]),
    ("статьи 456-2 КоАП", ["AdmC 456-2"]),
    ("Article 274 of the Criminal Code", ["PC 274"]),
    # regressions (lib/legal.py): these were missed
    ("under Article 274 of the Kazakh Criminal Code", ["PC 274"]),
    ("charged under Part 2 of Article 274 of Kazakhstan's Penal Code, for", ["PC 274(2)"]),
    ("Article 174 of Kazakhstan’s Penal Code", ["PC 174"]),
    ("ÄQBtK 456-2-baby boıynşa aıyppūl saldy", ["AdmC 456-2"]),
    ("QK 274-baby boıynşa", ["PC 274"]),
    ("Kazakhstan's 2024 law on mass media", []),
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_reference_forms(text, expected):
    assert [str(r) for r in find_legal_refs(text)] == expected


def test_headline_and_body_mention_of_one_article_count_once():
    text = "Журналисту предъявлено обвинение по ст. 274 УК\nЕму вменяют ч.3 ст. 274 УК РК."
    refs, _ = legal_refs(text)
    assert refs == ["PC 274(3)"]


def test_evidence_offsets_point_into_the_full_text():
    doc = Document("a", "Блогер под следствием", "Дело возбуждено по ч.2 ст.174 УК РК вчера.")
    results = [Triage(key="a")]
    legal_stage([doc], results, None)
    assert results[0].legal_refs == ["PC 174(2)"]
    (ev,) = results[0].legal_evidence
    assert doc.full_text[ev.start : ev.end] == ev.phrase
    assert "174" in ev.phrase


def test_no_references():
    assert legal_refs("Журналист получил 2 удара и 15 суток") == ([], ())

"""Metrics of evaluation.py on hand-made labels and results: every number checked by hand."""

from __future__ import annotations

import json

import pytest

from speechwatch.triage.evaluation import PRF, evaluate, render_json, render_text
from speechwatch.triage.labelled import LabelError, parse_lines, read_labelled, to_document
from speechwatch.triage.types import CodeScore, Triage


def label(
    lang: str, violation: bool, codes: tuple[str, ...] = (), **kw: object
) -> dict[str, object]:
    return {"id": "x", "lang": lang, "violation": violation, "codes": list(codes), **kw}


def result(violation: bool, score: float, codes: tuple[str, ...] = (), **kw: object) -> Triage:
    return Triage(
        key="x", violation=violation, score=score, codes=[CodeScore(c, 0.5) for c in codes], **kw
    )


# (label, result) pairs: ru has tp, fp, fn, tn; kk has tp, tp, fn; en has tn
PAIRS = [
    (label("ru", True, ("R.detention",)), result(True, 0.9, ("R.detention", "R.attack"))),
    (label("ru", False), result(True, 0.7, ("I.blocking",))),
    (label("ru", True, ("I.refusal",)), result(False, 0.2, ("I.blocking", "I.refusal"))),
    (label("ru", False), result(False, 0.1)),
    (label("kk", True, ("L.civil",)), result(True, 0.8, ("R.discrediting", "L.civil"))),
    (
        label("kk", True, ("R.attack",)),
        result(True, 0.95, ("R.threat", "R.insult", "R.obstruction", "R.attack")),
    ),
    (label("kk", True, ("R.threat",)), result(False, 0.4, ("R.threat",))),
    (label("en", False), result(False, 0.05)),
]


@pytest.fixture(scope="module")
def report():
    return evaluate([p[0] for p in PAIRS], [p[1] for p in PAIRS])


@pytest.mark.parametrize(
    ("lang", "tp", "fp", "fn", "precision", "recall"),
    [
        ("all", 3, 1, 2, 3 / 4, 3 / 5),
        ("ru", 1, 1, 1, 1 / 2, 1 / 2),
        ("kk", 2, 0, 1, 1.0, 2 / 3),
        ("en", 0, 0, 0, 0.0, 0.0),
    ],
)
def test_violation_per_language(report, lang, tp, fp, fn, precision, recall):
    m = report.violation[lang]
    assert (m.tp, m.fp, m.fn) == (tp, fp, fn)
    assert m.precision == pytest.approx(precision)
    assert m.recall == pytest.approx(recall)


def test_languages_listed_after_all(report):
    assert list(report.violation) == ["all", "en", "kk", "ru"]


@pytest.mark.parametrize(
    ("block", "tp", "fp", "fn"),
    [
        # R: gold R items 1, 6, 7; predicted-violation with top code in R: 1, 5, 6
        ("R", 2, 1, 1),
        # I: gold item 3 (missed); predicted item 2 (top I.blocking, not a violation)
        ("I", 0, 1, 1),
        # L: gold item 5, predicted as R → a miss for L
        ("L", 0, 0, 1),
    ],
)
def test_blocks(report, block, tp, fp, fn):
    m = report.blocks[block]
    assert (m.tp, m.fp, m.fn) == (tp, fp, fn)


def test_top_codes(report):
    # main codes of the 5 violations: first in 1, 7; among three in 1, 3, 5, 7 (item 6: fourth)
    assert (report.top1.right, report.top1.total) == (2, 5)
    assert (report.top3.right, report.top3.total) == (4, 5)


def test_brier_and_bins(report):
    truth = [1, 0, 1, 0, 1, 1, 1, 0]
    scores = [0.9, 0.7, 0.2, 0.1, 0.8, 0.95, 0.4, 0.05]
    assert report.brier == pytest.approx(
        sum((s - t) ** 2 for s, t in zip(scores, truth, strict=True)) / 8
    )
    by_low = {round(b.low, 1): b for b in report.bins if b.count}
    assert by_low[0.9].count == 2 and by_low[0.9].observed == 1.0
    assert by_low[0.0].count == 1 and by_low[0.0].observed == 0.0
    assert by_low[0.7].mean_score == pytest.approx(0.7)
    assert sum(b.count for b in report.bins) == 8


@pytest.mark.parametrize(
    ("stories", "clusters", "tp", "fp", "fn"),
    [
        (["a", "a", "b", "b"], ["1", "1", "2", "2"], 2, 0, 0),
        (["a", "a", "a", None], ["1", "1", "2", "2"], 1, 1, 2),
        ([None, None, None], ["1", "1", "1"], 0, 3, 0),
        (["a", "a", "b"], ["", "", ""], 0, 0, 1),
    ],
)
def test_same_incident_pairs(stories, clusters, tp, fp, fn):
    labels = [label("ru", False, story=s) for s in stories]
    results = [result(False, 0.0, cluster=c) for c in clusters]
    pairs = evaluate(labels, results).pairs
    assert (pairs.tp, pairs.fp, pairs.fn) == (tp, fp, fn)


@pytest.mark.parametrize(
    ("field", "gold", "predicted", "right"),
    [
        ("region", "almaty", "almaty", 1),
        ("region", "almaty", None, 0),
        ("date", "2024-03", "2024-03", 1),
        ("date", "2024-03-02", "2024-03", 0),
        ("legal_refs", ["PC 274", "AdmC 456-2"], ["AdmC 456-2", "PC 274"], 1),
        ("legal_refs", ["PC 274(2)"], ["PC 274"], 0),
    ],
)
def test_field_accuracy(field, gold, predicted, right):
    res = result(False, 0.0, **{field: predicted})
    report = evaluate([label("ru", False, **{field: gold})], [res])
    acc = {"region": report.region, "date": report.date, "legal_refs": report.legal}[field]
    assert (acc.right, acc.total) == (right, 1)


def test_unlabelled_fields_are_not_counted():
    report = evaluate(
        [label("en", False, region=None, date=None, legal_refs=[])], [result(False, 0)]
    )
    assert report.region.total == report.date.total == report.legal.total == 0


def test_mismatched_lengths_and_parts_are_errors():
    with pytest.raises(ValueError, match="2 labelled items but 1 results"):
        evaluate([label("ru", False)] * 2, [result(False, 0)])
    with pytest.raises(ValueError, match="unknown metric parts: nope"):
        evaluate([], [], parts=("nope",))


def test_prf_without_predictions_is_zero():
    assert (PRF().precision, PRF().recall, PRF().f1) == (0.0, 0.0, 0.0)


def test_renderers(report):
    text = render_text(report)
    assert "violation" in text and "main code top-3: 0.800 (4/5)" in text
    assert "calibration: Brier" in text
    data = json.loads(render_json(report))
    assert data["violation"]["kk"]["tp"] == 2
    assert data["top1"] == {"accuracy": 0.4, "right": 2, "total": 5}
    assert data["blocks"]["R"]["tp"] == 2


def test_parts_limit_the_output():
    report = evaluate(
        [label("ru", True, ("R.attack",))], [result(True, 1.0, ("R.attack",))], ("violation",)
    )
    assert set(report.as_dict()) == {"items", "parts", "violation"}
    assert "top-3" not in render_text(report)


GOOD = '{"id": "a", "lang": "ru", "title": "t", "text": "x", "violation": false, "codes": []}'


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "f.jsonl:2: not JSON"),
        (
            '{"id": "b", "lang": "de", "title": "", "text": "", "violation": true, "codes": []}',
            "f.jsonl:2: lang: expected one of kk, ru, en",
        ),
        (
            '{"id": "b", "lang": "ru", "title": "", "text": "", "violation": "yes", "codes": []}',
            "f.jsonl:2: violation: expected bool",
        ),
        (
            '{"id": "b", "lang": "ru", "title": "", "text": "", "violation": true, "codes": [1]}',
            "f.jsonl:2: codes: expected a list of taxonomy codes",
        ),
        (
            '{"id": "b", "lang": "ru", "title": "", "text": "", "violation": true, "codes": [], '
            '"published": "2024-13-01"}',
            "f.jsonl:2: published: expected YYYY-MM-DD",
        ),
        (GOOD, "f.jsonl:2: id: 'a' appears twice"),
        ("[]", "f.jsonl:2: not a JSON object"),
    ],
)
def test_bad_labelled_lines_are_named(line, message):
    with pytest.raises(LabelError) as err:
        parse_lines([GOOD, line], "f.jsonl")
    assert message in str(err.value)


def test_labelled_files_and_documents(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(
        GOOD.replace('"text": "x"', '"text": "x", "published": "2024-03-01"') + "\n\n",
        encoding="utf-8",
    )
    (item,) = read_labelled([path])
    doc = to_document(item)
    assert (doc.key, doc.full_text, str(doc.published), doc.lang_hint) == (
        "a",
        "t\nx",
        "2024-03-01",
        "",
    )
    assert to_document(item, hint=True).lang_hint == "ru"
    with pytest.raises(LabelError, match="cannot read"):
        read_labelled([tmp_path / "missing.jsonl"])

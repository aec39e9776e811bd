"""The fast paths give exactly what scikit-learn and the plain rules give (pure, no database).

Vectorising, scoring and locating evidence were rewritten to cost less per item; these tests
pin each one to the library computation it replaces, so a speed-up can never move a score.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

from speechwatch.triage.features import Sample, _pattern, char_wb_grams, locate
from speechwatch.triage.legalstage import legal_refs
from tests.triage.learnkit import profile, tiny_items, tiny_model

# Written for these tests; short words, Kazakh letters, Latin Kazakh, digits, odd spacing.
TEXTS = [
    "Ә а, ab abc — «Орда» 15-го\tянваря   2024",
    "Қарағандыда тілші ұсталды. Полиция тілшіні бөлімге алып кетті.",
    "Qarağandyda tilşi ūstaldy; Almaty police detain journalist Askar Nurlanov's crew",
    "В Алматы задержали журналиста Аскара Нурланова по ч. 2 ст. 274 УК РК",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_char_grams_are_sklearns(text: str) -> None:
    analyzer = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()
    assert char_wb_grams(text) == analyzer(text)


def _samples() -> list[Sample]:
    items = tiny_items()
    return [Sample(f"{i['title']}\n{i['text']}", i["lang"], True) for i in items] + [
        Sample(t, "kk", False) for t in TEXTS
    ]


def test_vectoriser_matrix_is_sklearns() -> None:
    vec = tiny_model().vectoriser
    samples = _samples()
    words, chars = vec._inputs(samples)
    slow = sp.hstack([vec.word.transform(words), vec.char.transform(chars)], format="csr")
    fast = vec.transform(samples)
    assert fast.shape == slow.shape and abs(fast - slow).max() == 0


def test_model_scores_are_sklearns() -> None:
    model = tiny_model()
    model._linear = None
    x = model.vectoriser.transform(_samples())
    assert np.allclose(model.relevance_scores(x), model.relevance.predict_proba(x)[:, 1])
    assert np.allclose(model.code_scores(x), model.codes.predict_proba(x))


def test_taxonomy_prior_is_sklearns() -> None:
    prof = profile()
    texts = [s.text for s in _samples()]
    slow = (prof.vectoriser.transform(texts) @ prof.matrix.T).toarray()
    assert np.allclose(prof.similarity(texts), slow)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Журналиста ЗАДЕРЖАЛИ вчера", ["задержали"]),
        ("Его задержали, — журналиста!", ["задержали", "журналиста"]),
        ("передержали журналиста", ["задержали"]),  # inside a word: no
        ("Ёлка и елка", ["елка"]),  # ё folded
        ("tilşi ūstaldy", ["ūstaldy"]),
        ("a_b задержали", ["b"]),  # "_" is a word character
        ("İstanbul police", ["police"]),  # folding changes the length: the pattern serves
        ("задержали", ["задержали", "журналиста"]),
    ],
)
def test_locate_finds_what_the_pattern_finds(text: str, words: list[str]) -> None:
    m = _pattern(tuple(words)).search(text)
    found = locate(text, words)
    expected = (m.start(), m.end()) if m else None
    assert ((found.start, found.end) if found else None) == expected


def test_legal_lines_without_digits_are_skipped_and_others_read() -> None:
    text = "Статья УК РК о клевете\nЕму вменяют ч. 2 ст. 274 УК РК и ст. 456-2 КоАП."
    assert legal_refs(text)[0] == ["PC 274(2)", "AdmC 456-2"]

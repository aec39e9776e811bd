"""The relevance stage and the model behind it, on a model trained from the tiny corpus."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from speechwatch.triage import stages
from speechwatch.triage.features import Sample, Vectoriser, context_tokens, guess_lang, locate
from speechwatch.triage.model import Example, OutOfFold, best_threshold, choose_thresholds
from speechwatch.triage.relevance import relevance_stage, samples_for
from speechwatch.triage.types import Document, Triage
from tests.triage.learnkit import context, docs, tiny_items, tiny_model


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Журналиста задержали в Алматы", "ru"),
        ("Журналистті полиция ұстады", "kk"),
        ("A journalist was detained", "en"),
        ("", "en"),
    ],
)
def test_guess_lang(text, lang):
    assert guess_lang(text) == lang


@pytest.mark.parametrize(
    ("lang", "place", "tokens"),
    [
        ("ru", True, "zzlangru zzplacekz"),
        ("kk", False, "zzlangkk zzplacenone"),
        ("", None, "zzlangxx zzplaceunknown"),
    ],
)
def test_context_tokens(lang, place, tokens):
    assert context_tokens(lang, place) == tokens


@pytest.mark.parametrize(
    ("text", "words", "found"),
    [
        ("Полиция задержала журналиста.", ["задержала", "журналиста"], "задержала журналиста"),
        ("Журналист — задержан!", ["журналист", "задержан"], "Журналист — задержан"),
        ("Алёна пришла", ["алена"], "Алёна"),
        ("the reporter", ["report"], None),  # whole words only
    ],
)
def test_locate(text, words, found):
    ev = locate(text, words)
    assert (ev.phrase if ev else None) == found
    if ev:
        assert text[ev.start : ev.end] == ev.phrase


@pytest.mark.parametrize(
    ("scores", "truth", "expected"),
    [
        ([0.1, 0.3, 0.6, 0.9], [False, False, True, True], 0.45),  # plateau 0.31..0.60 → middle
        ([0.1, 0.9], [True, True], 0.5),  # one class only → the default
        ([0.05, 0.1, 0.95, 0.97], [False, False, True, True], 0.5),  # clamped to 0.2..0.8
    ],
)
def test_best_threshold(scores, truth, expected):
    assert best_threshold(scores, truth) == pytest.approx(expected, abs=0.011)


def test_thresholds_per_language_need_enough_items():
    items = [Example(Sample("x", "ru", True), i % 2 == 0) for i in range(12)]
    items += [Example(Sample("x", "kk", True), i % 2 == 0) for i in range(4)]
    oof = OutOfFold([0.7 if e.violation else 0.3 for e in items], [{} for _ in items])
    chosen = choose_thresholds(items, oof)
    assert set(chosen) == {"", "ru"}  # kk has too few items: the overall threshold serves


def test_vectoriser_word_part_comes_first():
    vec = Vectoriser()
    samples = [Sample(i["title"] + "\n" + i["text"], i["lang"], True) for i in tiny_items()]
    x = vec.fit_transform(samples)
    names = vec.word_names()
    assert x.shape[0] == len(samples) and len(names) == vec.n_word < x.shape[1]
    assert "zzlangkk" in set(names)


@pytest.fixture(scope="module")
def scored():
    items = list(tiny_items())
    batch = docs(items)
    results = [Triage(key=d.key, region=i.get("region")) for d, i in zip(batch, items, strict=True)]
    relevance_stage(batch, results, context(tiny_model()))
    return items, batch, results


def test_scores_are_probabilities_and_violation_follows_the_threshold(scored):
    items, _, results = scored
    model = tiny_model()
    for item, res in zip(items, results, strict=True):
        assert 0.0 <= res.score <= 1.0
        assert res.violation == (res.score >= model.threshold(item["lang"]))


def test_training_items_are_separated(scored):
    items, _, results = scored
    pos = [r.score for i, r in zip(items, results, strict=True) if i["violation"]]
    neg = [r.score for i, r in zip(items, results, strict=True) if not i["violation"]]
    assert np.mean(pos) > np.mean(neg)


def test_evidence_points_into_the_full_text(scored):
    _, batch, results = scored
    with_evidence = [(d, r) for d, r in zip(batch, results, strict=True) if r.relevance_evidence]
    assert with_evidence
    for doc, res in with_evidence:
        for ev in res.relevance_evidence:
            assert doc.full_text[ev.start : ev.end] == ev.phrase
            assert not ev.phrase.lower().startswith("zz")


def test_batch_is_vectorised_once_for_both_stages(monkeypatch):
    model = tiny_model()
    calls = []
    original = model.vectoriser.transform
    monkeypatch.setattr(
        model.vectoriser, "transform", lambda s: calls.append(len(s)) or original(s)
    )
    batch = docs()
    stages.run(batch, context(model), only=["relevance", "categories"])
    assert calls == [len(batch)]


def test_language_from_the_language_stage_wins():
    doc = Document(key="a", title="Журналиста задержали", text="", lang_hint="en")
    assert samples_for([doc], [Triage(key="a", lang="kk")])[0].lang == "kk"
    assert samples_for([doc], [Triage(key="a")])[0].lang == "en"
    assert (
        samples_for([Document(key="b", title="Журналиста", text="")], [Triage(key="b")])[0].lang
        == "ru"
    )


def test_no_model_leaves_results_alone():
    res = [Triage(key="a")]
    relevance_stage([Document(key="a", title="t", text="x")], res, context(None))
    assert res[0].score == 0.0 and not res[0].violation


def test_model_survives_pickling_without_its_batch_cache():
    model = tiny_model()
    model.features([Sample("Журналиста задержали", "ru", True)])
    copy = pickle.loads(pickle.dumps(model))
    assert copy._cache is None
    x = copy.features([Sample("Журналиста задержали", "ru", True)])
    assert copy.relevance_scores(x)[0] == pytest.approx(model.relevance_scores(x)[0])

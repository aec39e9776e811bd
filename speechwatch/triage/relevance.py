"""Stage "relevance" (order 60): the calibrated probability that an item reports a violation of
freedom of expression under the installed taxonomy.

Reads the "model" part of the context (starter.py: the active model version, else the starter
model trained from the shipped corpus). The whole batch is vectorised once and the matrix is
kept for the categories stage. `violation` applies the model's threshold for the item's
language; `relevance_evidence` holds the words that raised the score most.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from speechwatch.triage.features import Sample, guess_lang, top_word_evidence
from speechwatch.triage.model import TriageModel
from speechwatch.triage.stages import register
from speechwatch.triage.types import Document, Triage

EVIDENCE_FROM = 0.3  # below this score nobody looks at why: skip the work


def item_lang(doc: Document, res: Triage) -> str:
    return res.lang or doc.lang_hint or guess_lang(doc.full_text)


def samples_for(docs: Sequence[Document], results: Sequence[Triage]) -> list[Sample]:
    """What the model reads: the text, the language (from the language stage when it ran) and
    whether the place stage found a place in Kazakhstan."""
    return [
        Sample(d.full_text, item_lang(d, r), bool(r.region))
        for d, r in zip(docs, results, strict=True)
    ]


@register("relevance", 60)
def relevance_stage(docs: Sequence[Document], results: list[Triage], context: Any) -> None:
    model: TriageModel | None = context.get("model")
    if model is None or not docs:
        return
    samples = samples_for(docs, results)
    x = model.features(samples)
    scores = model.relevance_scores(x)
    weights = names = None
    for i, (sample, res) in enumerate(zip(samples, results, strict=True)):
        res.score = float(scores[i])
        res.violation = res.score >= model.threshold(sample.lang)
        if res.score < EVIDENCE_FROM:
            continue
        if weights is None:
            weights, names = model.relevance_weights(), model.vectoriser.word_names()
        assert names is not None
        res.relevance_evidence = top_word_evidence(
            sample.text, x, i, weights, names, model.vectoriser.n_word
        )

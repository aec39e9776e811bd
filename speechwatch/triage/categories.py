"""Stage "categories" (order 70): ranked taxonomy codes with scores and the phrases behind them.

Two sources, blended: the learned one-vs-rest model (when it was trained on the installed
taxonomy) and the taxonomy prior (profile.py: resemblance to each code's labels, synonyms and
descriptions). Another organisation's taxonomy, with no labelled items yet, gets the prior
alone. Loader "taxonomy_profile" builds the prior from the installed default taxonomy (or
`LoadOptions.taxonomy`), from the shipped file when no database is used.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import scipy.sparse as sp

from speechwatch.taxonomy.tree import TaxonomyDoc
from speechwatch.triage.context import LoadOptions, register_loader
from speechwatch.triage.features import overlaps, top_word_evidence, word_spans
from speechwatch.triage.model import TriageModel
from speechwatch.triage.profile import TaxonomyProfile, build_profile
from speechwatch.triage.relevance import EVIDENCE_FROM, samples_for
from speechwatch.triage.stages import register
from speechwatch.triage.types import CodeScore, Document, Evidence, Triage

LEARNED_WEIGHT = 0.7  # share of the learned model in the blend; the prior has the rest
PRIOR_SCALE = 2.0  # cosine similarities rarely pass 0.5: stretch them to 0..1
TOP = 3
MORE_FROM = 0.25  # codes beyond the third are listed when they score at least this
MAX_CODES = 5

__all__ = ["blend", "categories_stage", "load_taxonomy_profile"]


def blend(
    profile: TaxonomyProfile, prior: np.ndarray, learned: np.ndarray, names: Sequence[str]
) -> np.ndarray:
    """Scores over profile.codes: the learned probabilities (columns named `names`) blended
    with the prior; the prior alone when nothing was learned for this taxonomy."""
    prior_scores = np.minimum(1.0, prior * PRIOR_SCALE)
    if learned.shape[1] == 0:
        return prior_scores
    mapped = np.zeros_like(prior_scores)
    index = {c: j for j, c in enumerate(profile.codes)}
    for k, name in enumerate(names):
        j = index.get(name)
        if j is not None:
            mapped[:, j] = learned[:, k]
    return LEARNED_WEIGHT * mapped + (1 - LEARNED_WEIGHT) * prior_scores


def code_scores(
    profile: TaxonomyProfile,
    model: TriageModel | None,
    texts: Sequence[str],
    x: sp.csr_matrix | None,
) -> np.ndarray:
    prior = profile.similarity(texts)
    if model is None or x is None or model.taxonomy != profile.code:
        return blend(profile, prior, np.zeros((len(texts), 0)), [])
    return blend(profile, prior, model.code_scores(x), model.code_names)


def _learned_evidence(
    model: TriageModel | None, profile: TaxonomyProfile, text: str, x: Any, i: int, code: str
) -> list[Evidence]:
    """The words that raised the learned score of `code` for row i (none without a model)."""
    if model is None or x is None or model.taxonomy != profile.code:
        return []
    try:
        weights = model.code_weights(model.code_names.index(code))
    except ValueError:
        return []
    if not len(weights):
        return []
    names, n_word = model.vectoriser.word_names(), model.vectoriser.n_word
    return list(top_word_evidence(text, x, i, weights, names, n_word, 2))


def _merge(first: Sequence[Evidence], more: Sequence[Evidence]) -> tuple[Evidence, ...]:
    found = list(first)
    for ev in more:
        if all(not overlaps(ev, e) for e in found):
            found.append(ev)
    return tuple(sorted(found[:3], key=lambda e: e.start))


@register("categories", 70)
def categories_stage(docs: Sequence[Document], results: list[Triage], context: Any) -> None:
    profile: TaxonomyProfile | None = context.get("taxonomy_profile")
    if profile is None or not docs or not profile.codes:
        return
    model: TriageModel | None = context.get("model")
    samples = samples_for(docs, results)
    texts = [s.text for s in samples]
    x = model.features(samples) if model is not None else None
    scores = code_scores(profile, model, texts, x)
    for i, res in enumerate(results):
        row = scores[i]
        order = np.argsort(-row)[:MAX_CODES]
        keep = [int(j) for n, j in enumerate(order) if n < TOP or row[j] >= MORE_FROM]
        if not (res.violation or res.score >= EVIDENCE_FROM):
            res.codes = [CodeScore(profile.codes[j], float(row[j])) for j in keep]
            continue
        text = texts[i]
        spans = list(word_spans(text))
        res.codes = []
        for n, j in enumerate(keep):
            code = profile.codes[j]
            # the learned model's words for the top code only: the cost per item stays small
            learned = _learned_evidence(model, profile, text, x, i, code) if n == 0 else []
            evidence = _merge(profile.evidence(text, code, spans), learned)
            res.codes.append(CodeScore(code, float(row[j]), evidence))


@lru_cache(maxsize=8)
def _profile_for(code: str, checksum: str, document_json: str) -> TaxonomyProfile:
    import json

    from speechwatch.taxonomy.yamlload import doc_from_data

    doc: TaxonomyDoc = doc_from_data(json.loads(document_json), filename=f"<installed {code}>")
    return build_profile(doc)


@lru_cache(maxsize=8)
def _shipped_profile(code: str) -> TaxonomyProfile:
    from speechwatch.taxonomy.yamlload import builtin_taxonomy_path, load_taxonomy

    return build_profile(load_taxonomy(builtin_taxonomy_path(code)))


@register_loader("taxonomy_profile")
def load_taxonomy_profile(options: LoadOptions) -> TaxonomyProfile:
    import json

    from django.conf import settings

    code = options.taxonomy
    if options.use_db:
        from speechwatch.taxonomy.models import Taxonomy
        from speechwatch.taxonomy.queries import default_taxonomy

        try:
            found = Taxonomy.objects.filter(code=code).first() if code else default_taxonomy()
        except Taxonomy.DoesNotExist:
            found = None
        if found is not None:
            return _profile_for(
                found.code, found.checksum or str(found.version), json.dumps(found.document)
            )
    return _shipped_profile(code or settings.DEFAULT_TAXONOMY)

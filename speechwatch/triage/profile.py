"""The taxonomy prior: how much an item's words resemble each code's labels, synonyms and
descriptions (in every language the taxonomy gives). Pure, no Django.

Any organisation's taxonomy works with the prior alone, before any labelled item exists: it
reads codes and label data only, never a particular code's meaning. Words are reduced to crude
stems (features.stems) and weighted by TF-IDF across the codes, so words every code shares
("journalist") count little and distinctive ones ("accreditation", "блокировка") count a lot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from speechwatch.taxonomy.tree import Node, TaxonomyDoc
from speechwatch.triage.features import STEM, stems, tfidf_of, word_spans
from speechwatch.triage.types import Evidence

LABEL_WEIGHT = 2  # labels and synonyms count twice as much as a description


def _node_text(node: Node) -> list[str]:
    parts: list[str] = []
    for text in node.labels.values():
        parts.extend([text] * LABEL_WEIGHT)
    for values in node.synonyms.values():
        for text in values:
            parts.extend([text] * LABEL_WEIGHT)
    parts.extend(node.description.values())
    return parts


@dataclass
class TaxonomyProfile:
    code: str  # the taxonomy's code
    codes: list[str]  # the codes ranked: nodes without children
    blocks: dict[str, str]  # code -> its block's code
    vectoriser: TfidfVectorizer
    matrix: sp.csr_matrix  # one L2-normalised row per code
    vocab: list[frozenset[str]] = field(default_factory=list)  # stems of each code's texts
    min_idf: float = 0.0  # stems at or below it occur in every code's texts

    def similarity(self, texts: Sequence[str]) -> np.ndarray:
        """Cosine similarity of every text with every code: shape (len(texts), len(codes))."""
        if not texts:
            return np.zeros((0, len(self.codes)), dtype=np.float32)
        x = self._counts(texts)
        return np.asarray((x @ self.matrix.T).toarray(), dtype=np.float32)

    def _counts(self, texts: Sequence[str]) -> sp.csr_matrix:
        """`self.vectoriser.transform(texts)`, counting the stems of the batch in one pass."""
        vec = self.vectoriser
        if vec.analyzer is not _analyse or vec.ngram_range != (1, 1):
            return vec.transform(list(texts))
        return tfidf_of(vec, (stems(text) for text in texts))

    def evidence(
        self, text: str, code: str, spans: list[tuple[int, int, str]] | None = None, k: int = 2
    ) -> tuple[Evidence, ...]:
        """The longest runs of words whose stems belong to the code's profile texts (stems
        every code shares do not count). `spans`: word_spans(text), when already computed."""
        try:
            vocab = self.vocab[self.codes.index(code)]
        except ValueError:
            return ()
        runs: list[tuple[int, int]] = []
        start = end = -1
        for s, e, st in spans if spans is not None else word_spans(text):
            short = "~" + st[: STEM - 1]
            if (st in vocab and self._idf(st) > self.min_idf) or (
                short in vocab and self._idf(short) > self.min_idf
            ):
                if start < 0:
                    start = s
                end = e
                continue
            if start >= 0:
                runs.append((start, end))
                start = -1
        if start >= 0:
            runs.append((start, end))
        runs.sort(key=lambda r: (-(r[1] - r[0]), r[0]))
        return tuple(
            sorted((Evidence(s, e, text[s:e]) for s, e in runs[:k]), key=lambda v: v.start)
        )

    def _idf(self, st: str) -> float:
        idx = self.vectoriser.vocabulary_.get(st)
        return float(self.vectoriser.idf_[idx]) if idx is not None else 0.0


def _analyse(text: str) -> list[str]:
    return stems(text)


def build_profile(doc: TaxonomyDoc) -> TaxonomyProfile:
    parents = {n.parent for n in doc.nodes if n.parent}
    leaves = [n for n in doc.nodes if n.code not in parents]
    texts = [" ".join(_node_text(n)) for n in leaves]
    vectoriser = TfidfVectorizer(analyzer=_analyse, sublinear_tf=True, dtype=np.float32)
    matrix = vectoriser.fit_transform(texts).tocsr()
    vocab = [frozenset(_analyse(t)) for t in texts]
    profile = TaxonomyProfile(
        code=doc.code,
        codes=[n.code for n in leaves],
        blocks={n.code: n.block for n in doc.nodes},
        vectoriser=vectoriser,
        matrix=matrix,
        vocab=vocab,
    )
    # stems found in every code's texts ("journalist") are no evidence of any one code
    idf = vectoriser.idf_
    profile.min_idf = float(idf.min()) + 1e-6 if len(idf) else 0.0
    return profile

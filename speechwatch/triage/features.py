"""Text features shared by the relevance and category models: pure, no Django.

One model serves Kazakh, Russian and English: words (1-2-grams) and character n-grams
(`char_wb` 3-5, hashed, which cope with Kazakh and Russian endings without a lemmatiser) over
case-folded text, plus a language token and a place token (does the item name a place in
Kazakhstan?) in the word part. `stems` is the crude stemmer of the taxonomy prior: the first
letters of each word, enough to match "задержан" with "задержание" or "журналистті" with
"журналист".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.pipeline import Pipeline, make_pipeline

from speechwatch.triage.types import Evidence

LANGS = ("kk", "ru", "en")
KK_LETTERS = frozenset("әғқңөұүһі")
CYRILLIC = re.compile(r"[а-яё]")
WORD_RE = re.compile(r"[^\W\d_]+")
STEM = 5
CHAR_FEATURES = 2**18
TOKEN_PREFIX = "zz"  # marks the synthetic tokens so evidence never points at them


def fold(text: str) -> str:
    return text.lower().replace("ё", "е")


def guess_lang(text: str) -> str:
    """A fallback when no language stage ran: Kazakh letters → kk, Cyrillic → ru, else en."""
    low = text[:600].lower()
    if not KK_LETTERS.isdisjoint(low):
        return "kk"
    return "ru" if CYRILLIC.search(low) else "en"


def context_tokens(lang: str, kz_place: bool | None) -> str:
    place = "unknown" if kz_place is None else ("kz" if kz_place else "none")
    return f"{TOKEN_PREFIX}lang{lang or 'xx'} {TOKEN_PREFIX}place{place}"


@dataclass(frozen=True)
class Sample:
    """What the vectoriser reads for one item."""

    text: str  # Document.full_text
    lang: str
    kz_place: bool | None  # the place stage found a Kazakhstan place; None = not known


def _word_tfidf() -> TfidfVectorizer:
    return TfidfVectorizer(
        ngram_range=(1, 2), sublinear_tf=True, min_df=1, max_features=60000, dtype=np.float32
    )


def _char_tfidf() -> Pipeline:
    # hashed: no vocabulary lookup in Python per n-gram, which halves the cost per item
    return make_pipeline(
        HashingVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            n_features=CHAR_FEATURES,
            alternate_sign=False,
            norm=None,
            dtype=np.float32,
        ),
        TfidfTransformer(sublinear_tf=True),
    )


class Vectoriser:
    """Word and character TF-IDF side by side; `n_word` columns come first."""

    def __init__(self) -> None:
        self.word = _word_tfidf()
        self.char = _char_tfidf()
        self.n_word = 0
        self._names: np.ndarray | None = None

    @staticmethod
    def _inputs(samples: Sequence[Sample]) -> tuple[list[str], list[str]]:
        folded = [fold(s.text) for s in samples]
        words = [
            f"{context_tokens(s.lang, s.kz_place)} {t}"
            for s, t in zip(samples, folded, strict=True)
        ]
        return words, folded

    def fit_transform(self, samples: Sequence[Sample]) -> sp.csr_matrix:
        words, chars = self._inputs(samples)
        w = self.word.fit_transform(words)
        c = self.char.fit_transform(chars)
        self.n_word = w.shape[1]
        self._names = None
        return sp.hstack([w, c], format="csr")

    def transform(self, samples: Sequence[Sample]) -> sp.csr_matrix:
        words, chars = self._inputs(samples)
        return sp.hstack([self.word.transform(words), self.char.transform(chars)], format="csr")

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_names": None}  # rebuilt on demand; keeps stored models small

    def word_names(self) -> np.ndarray:
        """Word feature names, built once (evidence asks for them per item)."""
        names = getattr(self, "_names", None)
        if names is None:
            names = np.asarray(self.word.get_feature_names_out())
            self._names = names
        return names


def top_word_evidence(
    text: str,
    x: sp.csr_matrix,
    i: int,
    weights: np.ndarray,
    names: np.ndarray,
    n_word: int,
    k: int = 3,
) -> tuple[Evidence, ...]:
    """The word n-grams of row i that pushed a linear score up most, located in `text`."""
    lo, hi = x.indptr[i], x.indptr[i + 1]
    idx, vals = x.indices[lo:hi], x.data[lo:hi]
    keep = idx < n_word
    idx, vals = idx[keep], vals[keep]
    if not len(idx):
        return ()
    contrib = vals * weights[idx]
    order = np.argsort(-contrib)
    out: list[Evidence] = []
    for j in order:
        if contrib[j] <= 0 or len(out) >= k:
            break
        name = str(names[idx[j]])
        if name.startswith(TOKEN_PREFIX) or not _telling(name):
            continue
        found = locate(text, name.split())
        if found is not None and all(not overlaps(found, e) for e in out):
            out.append(found)
    return tuple(sorted(out, key=lambda e: e.start))


def _telling(ngram: str) -> bool:
    """Worth showing as evidence: a number, a phrase, or a word of four letters or more."""
    return " " in ngram or ngram.isdigit() or len(ngram) >= 4


@lru_cache(maxsize=50000)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    pattern = r"(?<!\w)" + r"\W+".join(re.escape(w) for w in words) + r"(?!\w)"
    # ё was folded to е: let either match
    return re.compile(pattern.replace("е", "[её]"), re.IGNORECASE)


def locate(text: str, words: Sequence[str]) -> Evidence | None:
    """The first place where the folded words occur in a row (any punctuation between)."""
    if not words:
        return None
    m = _pattern(tuple(words)).search(text)
    return Evidence(m.start(), m.end(), m.group(0)) if m else None


def overlaps(a: Evidence, b: Evidence) -> bool:
    return a.start < b.end and b.start < a.end


def stem(word: str) -> str:
    return fold(word)[:STEM]


def stems(text: str) -> list[str]:
    """Each word's stem, and for longer words also a shorter one ("~угро" joins "угрожали" and
    "угрозы", whose 5-letter stems differ)."""
    out: list[str] = []
    for m in WORD_RE.finditer(text):
        word = m.group(0)
        if len(word) >= 3:
            st = stem(word)
            out.append(st)
            if len(word) >= STEM + 1:
                out.append("~" + st[: STEM - 1])
    return out


def word_spans(text: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, stem) of every word of 3+ letters."""
    for m in WORD_RE.finditer(text):
        if len(m.group(0)) >= 3:
            yield m.start(), m.end(), stem(m.group(0))

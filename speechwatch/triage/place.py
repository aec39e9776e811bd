"""Stage "place" (order 40): the settlement and region where the reported event happened.

Places are looked up in the gazetteer (gazetteer.py: settlements by period, foreign places,
national bodies); region names ("Карагандинская область", "Qaraǵandy oblysy", "ВКО") go through
`lib.regions.RegionMatcher`. The incident's place is the first place named (the text starts with
the headline and the lead); a foreign place there gives the region "abroad"; an item naming no place
but a national body (a ministry, parliament) is in Astana. A name shared by places in two regions
takes the region named elsewhere in the text, else the larger place. Endings and place words:
data/gazetteer/grammar.yaml (gazetteer.grammar).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from speechwatch.lib.regions import RegionMatcher
from speechwatch.lib.text import compact_key
from speechwatch.triage.gazetteer import Gazetteer, Grammar, grammar, shipped_gazetteer
from speechwatch.triage.stages import register
from speechwatch.triage.types import Document, Evidence, Triage

ABROAD = "abroad"  # the region code of kz-regions.yaml for places outside Kazakhstan
MAX_WORDS = 3  # longest settlement name, in words ("Бауыржан Момышулы", "Жаңа Шүлбі")

_QUOTED_RE = re.compile(r"«[^«»]{1,60}»|“[^“”]{1,60}”")
_TOKEN_RE = re.compile(r"[^\W\d_]+(?:[-‐'’][^\W\d_]+)*")


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    kind: str  # settlement | region | foreign
    settlements: tuple[int, ...] = ()
    region: str | None = None
    name: str = ""  # foreign places: the English name


def _region_phrase(phrase: str, g: Grammar) -> str:
    """The region word and a Russian adjective in the form the region list uses."""
    form = g.region_adjective_form
    phrase = g.region_hyphen_adjective.sub(rf"\g<1>о-\g<2>{form}", phrase)
    phrase = g.region_adjective.sub(rf"\g<1>{form}", phrase)
    for pattern, word in g.region_forms:
        phrase = pattern.sub(word, phrase)
    return phrase


# compact_key transliterates letter by letter; a news flow repeats its words, so each word's key
# is computed once per process
_token_key = lru_cache(maxsize=100_000)(compact_key)


def find_places(text: str, gaz: Gazetteer) -> list[Hit]:
    """Every settlement, region and foreign place named in `text`, in order."""
    tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]
    keys = [_token_key(t[0]) for t in tokens]
    hits: list[Hit] = []
    covered_until = -1
    matcher = gaz.regions
    g = grammar()
    derived = g.adjective_endings + g.demonym_endings  # a lower-case word needs one of these
    quoted = [(m.start(), m.end()) for m in _QUOTED_RE.finditer(text)]
    # each token is tested once for a region word ("область", "oblysy"), not up to four times
    rw = [bool(g.region_words.match(t[0])) for t in tokens] + [False, False]
    for i, (tok, start, _end) in enumerate(tokens):
        if start < covered_until:
            continue
        if matcher is not None:
            # A region: "<Name> область/облысы/region" or "область <Name>", or "ВКО".
            region_hit = None
            spans = []
            if rw[i + 1]:
                spans.append(i + 1)
                if rw[i + 2]:
                    spans.append(i + 2)
            if rw[i] and i + 1 < len(tokens) and tok.casefold() != "region":
                spans.append(i + 1)
            if rw[i + 2]:
                spans.append(i + 2)  # "Восточно Казахстанская область" typed with a space
            for j in spans:
                phrase = text[start : tokens[j][2]]
                spec = matcher.match(_region_phrase(phrase, g))
                if spec is not None and spec.kind in ("region", "city"):
                    region_hit = Hit(start, tokens[j][2], "region", region=spec.code)
                    break
            if region_hit is None and tok.isupper() and 2 <= len(tok) <= 4:
                spec = matcher.match(tok)
                if spec is not None and spec.kind == "region":
                    region_hit = Hit(start, _end, "region", region=spec.code)
            if region_hit is not None:
                hits.append(region_hit)
                covered_until = region_hit.end
                continue
        lower_adj = not tok[0].isupper()
        if lower_adj and not keys[i].endswith(derived):
            continue
        if any(a <= start < b for a, b in quoted):
            continue  # «Ак Жайык» is a newspaper, not the village
        for n in range(1 if lower_adj else min(MAX_WORDS, len(tokens) - i), 0, -1):
            end = tokens[i + n - 1][2]
            # Per-word keys joined: the key of the phrase, cheaply.
            key = "".join(keys[i : i + n])
            if n > 1 and not gaz.may_match(key):
                continue
            found, inflected = gaz.lookup_derived(key) if lower_adj else gaz.lookup(key)
            weak = bool(found) and all(gaz.settlements[k].weak for k in found)
            if weak and not _placed(tokens, i, n, key, inflected, g):
                found = []  # "Сатпаев сказал": a surname, not the town
            if found:
                hits.append(Hit(start, end, "settlement", tuple(found)))
                covered_until = end
                break
            if n > 1:
                continue
            foreign = gaz.foreign_name(key) if not lower_adj else None
            if foreign:
                hits.append(Hit(start, end, "foreign", name=foreign))
                break
            code = _region_by_adjective(key, matcher, g)
            if code:
                hits.append(Hit(start, end, "region", region=code))
    return hits


def _region_by_adjective(key: str, matcher: RegionMatcher | None, g: Grammar) -> str | None:
    """ "маңғыстаулық" → mangystau, "Жамбылском" → zhambyl."""
    if matcher is None:
        return None
    for end in (*g.demonym_endings, *g.adjective_endings):
        if key.endswith(end) and len(key) - len(end) >= 4:
            spec = matcher.match(key[: -len(end)])
            if spec is not None and spec.kind == "region":
                return spec.code
    return None


def _placed(
    tokens: list[tuple[str, int, int]], i: int, n: int, key: str, inflected: bool, g: Grammar
) -> bool:
    """A weak name counts only with a place word or preposition beside it."""
    if i > 0 and tokens[i - 1][0].casefold().rstrip(".") in g.place_before:
        return True
    if i + n < len(tokens) and tokens[i + n][0].casefold() in g.place_after:
        return True
    return inflected and key.endswith(g.place_endings)


def _day(value: str | None, published: date | None) -> date:
    if value:
        try:
            return date.fromisoformat(value if len(value) == 10 else value + "-01")
        except ValueError:
            pass
    return published or date.today()


def resolve(text: str, gaz: Gazetteer, day: date) -> tuple[str | None, str, tuple[Evidence, ...]]:
    """(region, settlement, evidence) for one item: the first place named (in text order, so
    the headline's and the lead's come first)."""
    hits = find_places(text, gaz)
    if not hits:
        m = gaz.capital.search(text) if gaz.capital is not None else None
        if m is None:
            return None, "", ()
        return "astana", "Astana", (Evidence(m.start(), m.end(), m.group(0)),)
    chosen = hits[0]
    ev = (Evidence(chosen.start, chosen.end, text[chosen.start : chosen.end]),)
    if chosen.kind == "foreign":
        return ABROAD, chosen.name, ev
    named = {h.region for h in hits if h.kind == "region"}
    named |= {
        gaz.settlements[h.settlements[0]].region_on(day)
        for h in hits
        if h.kind == "settlement" and len(h.settlements) == 1
    }
    if chosen.kind == "region":
        # A settlement of that region named later says where exactly.
        for h in hits:
            for k in h.settlements:
                if gaz.settlements[k].region_on(day) == chosen.region:
                    return chosen.region, gaz.settlements[k].name, ev
        return chosen.region, "", ev
    cands = [gaz.settlements[k] for k in chosen.settlements]
    best = max(cands, key=lambda s: (s.region_on(day) in named, s.pop))
    return best.region_on(day), best.name, ev


@register("place", 40)
def place_stage(docs: Sequence[Document], results: list[Triage], context: Any) -> None:
    gaz = context.get("gazetteer") if context is not None else None
    if gaz is None:
        gaz = shipped_gazetteer()
    for doc, res in zip(docs, results, strict=True):
        day = _day(res.date, doc.published)
        res.region, res.settlement, res.region_evidence = resolve(doc.full_text, gaz, day)

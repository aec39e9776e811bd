"""Stage "place" (order 40): the settlement and region where the reported event happened.

The gazetteer (data/gazetteer/settlements.yaml, sources named there) lists settlements with
their Russian, Kazakh and other names and the region each belongs to by period; names are
compared as `compact_key` (one Latin folding of every script, so Kazakh Latin and English
spellings meet the Cyrillic ones). Inflected forms are read by removing a Russian or Kazakh
case ending from the folded word ("в Караганде", "Шымкенттегі", "Астанадан"); region names
("Карагандинская область", "Qaraǵandy oblysy", "ВКО") go through `lib.regions.RegionMatcher`.
The incident's place is the first place named in the headline and lead (else in the text); a
foreign place there (data/gazetteer/foreign.yaml) gives the region "abroad"; an item naming no
place but a national body (a ministry, parliament: data/gazetteer/capital.yaml) is in Astana.
A name shared by places in two regions takes the region named elsewhere in the text, else the
larger place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from speechwatch.lib.regions import RegionMatcher, load_region_set
from speechwatch.lib.text import compact_key, transliterate
from speechwatch.triage.context import LoadOptions, register_loader
from speechwatch.triage.stages import register
from speechwatch.triage.types import Document, Evidence, Triage

DATA = Path(__file__).resolve().parent / "data" / "gazetteer"
ABROAD = "abroad"  # the region code of kz-regions.yaml for places outside Kazakhstan
MAX_WORDS = 3  # longest settlement name, in words ("Бауыржан Момышулы", "Жаңа Шүлбі")

# Russian adjective endings in folded form; a lower-case word is read only with one of them.
_ADJ_ENDINGS = ("skogo", "skomu", "skoi", "skom", "skie", "skih", "skii", "ski", "ska", "sku",
                "skoe", "inskogo", "inskoi", "inskom", "inski", "inska", "inskie", "enskogo",
                "enski", "enskoi", "enskom")  # fmt: skip
# Case endings in folded (compact_key) form, longest first: Kazakh locative/ablative/dative/
# genitive/attributive and Russian case endings.
_ENDINGS = sorted(
    {
        "ning",
        "ding",
        "ting",  # Kazakh genitive -ның/-дың/-тың
        "ndagi",
        "ndegi",
        "dagi",
        "degi",
        "tagi",
        "tegi",
        "agi",
        "egi",
        "dan",
        "den",
        "tan",
        "ten",
        "nan",
        "nen",
        "nda",
        "nde",
        "nin",
        "din",
        "tin",
        "da",
        "de",
        "ta",
        "te",
        "ga",
        "ge",
        "ka",
        "ke",
        "na",
        "ne",
        "ni",
        "di",
        "ti",
        "gi",
        "om",
        "oi",
        "ei",
        "em",
        "im",
        "u",
        "a",
        "e",
        "i",
        "o",
        # Kazakh demonyms (Павлодарлық, Ridderlik, Жезқазғандық) and Russian adjectives
        # (семейского, Бескарагайском, карагандинского) and inhabitants (павлодарцы)
        "lik",
        "dik",
        "tik",
        "ik",
        "liktar",
        "likter",
        "ogo",
        "omu",
        "ets",
        "tsi",
        "tsev",
        # Kazakh epenthetic і after a final consonant cluster: Степногорскіде, Минскідегі
        "ide",
        "ida",
        "idegi",
        "idagi",
        "iden",
        "idan",
        "ige",
        "ini",
        "inin",
        *_ADJ_ENDINGS,
    },
    key=len,
    reverse=True,
)
_ENDING_SET = frozenset(_ENDINGS)
_MAX_ENDING = max(map(len, _ENDINGS))
# Demonym and adjective endings: "маңғыстаулық", "Жамбылском районе" name a region too.
_DEMONYM = ("lik", "dik", "tik")
# Endings that make a weak name ("Сатпаев", "Абай") a place on their own: "Сәтбаевта".
_PLACE_ENDINGS = ("dagi", "degi", "tagi", "tegi", "dan", "den", "tan", "ten", "da", "de",
                  "ta", "te")  # fmt: skip
_PLACE_BEFORE = frozenset(
    [
        "г",
        "гор",
        "город",
        "городе",
        "города",
        "городу",
        "с",
        "село",
        "селе",
        "села",
        "сёл",
        "пос",
        "поселок",
        "посёлок",
        "поселке",
        "п",
        "в",
        "во",
        "из",
        "под",
        "по",
        "near",
        "in",
        "from",
        "at",
        "town",
        "village",
        "city",
    ]
)
_PLACE_AFTER = frozenset(
    [
        "қаласы",
        "қаласында",
        "қаласындағы",
        "қаласынан",
        "ауылы",
        "ауылында",
        "ауылындағы",
        "ауылынан",
        "кенті",
        "кентінде",
        "town",
        "city",
        "village",
        "district",
        "ауданы",
        "ауданында",
    ]
)
_REGION_WORDS = re.compile(
    r"^(?:област\w*|облыс\w*|обл|region|oblast|oblysy|oblysynda|province|край)$", re.I
)
_QUOTED_RE = re.compile(r"«[^«»]{1,60}»|“[^“”]{1,60}”")
_TOKEN_RE = re.compile(r"[^\W\d_]+(?:[-‐'’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")
_RU_ADJ = re.compile(r"(\w+?)(?:ской|ского|скому|ским|ском|скую|ская)\b", re.I)
_RU_HYPHEN_ADJ = re.compile(r"(\w+)о-(\w+?)(?:ской|ского|скому|ским|ском|скую|ская)\b", re.I)


@dataclass(frozen=True)
class Settlement:
    name: str  # the normalised name reported ("Semey")
    periods: tuple[tuple[str, date | None, date | None], ...]  # (region, from, to)
    pop: int
    weak: bool

    def region_on(self, day: date) -> str:
        for region, start, end in self.periods:
            if (start is None or day >= start) and (end is None or day <= end):
                return region
        return self.periods[-1][0]


@dataclass
class Gazetteer:
    settlements: list[Settlement] = field(default_factory=list)
    exact: dict[str, list[int]] = field(default_factory=dict)
    stems: dict[str, list[int]] = field(default_factory=dict)
    foreign: dict[str, str] = field(default_factory=dict)  # folded name → English name
    foreign_stems: dict[str, str] = field(default_factory=dict)  # "moskv" → Moscow
    regions: RegionMatcher | None = None
    capital: re.Pattern[str] | None = None  # national bodies: an item naming only these → Astana
    _prefixes: tuple[int, frozenset[str]] = field(default=(-1, frozenset()), repr=False)

    def may_match(self, key: str) -> bool:
        """Whether `lookup(key)` can find anything: any hit is a name (or stem) that starts
        `key` and is at most one case ending shorter, so `key` cut by that much must begin
        some name. Saves the ending loop for most multi-word phrases."""
        size = len(self.exact) + len(self.stems)
        if self._prefixes[0] != size:  # built once; rebuilt if names are added
            pre = {n[:i] for n in (*self.exact, *self.stems) for i in range(1, len(n) + 1)}
            self._prefixes = (size, frozenset(pre))
        return key[: max(3, len(key) - _MAX_ENDING)] in self._prefixes[1]

    def lookup(self, key: str) -> tuple[list[int], bool]:
        """(settlement indexes, inflected) for one folded phrase."""
        if key in self.exact:
            return self.exact[key], False
        if key in self.stems:  # doubled letters fold away: "Семее" → "seme", stem of "semei"
            return self.stems[key], True
        # Longest ending first, by length: a handful of set look-ups instead of a scan.
        for n in range(min(_MAX_ENDING, len(key) - 3), 0, -1):
            if key[-n:] in _ENDING_SET:
                base = key[:-n]
                hit = self.exact.get(base) or self.stems.get(base)
                if hit:
                    return hit, True
        return [], False

    def lookup_derived(self, key: str) -> tuple[list[int], bool]:
        """A lower-case derived word: "семейского", "шымкенттік" (never a bare case ending)."""
        for end in (*_ADJ_ENDINGS, *_DEMONYM):
            base = key[: -len(end)]
            if key.endswith(end) and len(base) >= 5:
                hit = self.exact.get(base) or self.stems.get(base)
                if hit:
                    return hit, True
        return [], False

    def foreign_name(self, key: str) -> str | None:
        if key in self.foreign:
            return self.foreign[key]
        for n in range(min(_MAX_ENDING, len(key) - 3), -1, -1):
            if n == 0 or key[-n:] in _ENDING_SET:
                base = key[: len(key) - n]
                found = self.foreign.get(base) or self.foreign_stems.get(base)
                if found:
                    return found
        return None


def _periods(region: str, raw: Any, successions: dict[str, tuple[date, str]]) -> tuple:
    if raw:
        return tuple((p["region"], p.get("valid_from"), p.get("valid_to")) for p in raw)
    if region in successions:
        start, before = successions[region]
        return ((before, None, date.fromordinal(start.toordinal() - 1)), (region, start, None))
    return ((region, None, None),)


def parse_gazetteer(
    raw: Any, foreign: Any, capital: Any = None, source: str = "settlements.yaml"
) -> Gazetteer:
    codes = {s.code for s in load_region_set("kz")}
    succ = {s["region"]: (s["valid_from"], s["before"]) for s in raw.get("successions") or []}
    gaz = Gazetteer(regions=RegionMatcher(load_region_set("kz")))
    for region, entries in raw["regions"].items():
        if region not in codes:
            raise ValueError(f"{source}: unknown region code {region!r}")
        for i, e in enumerate(entries):
            if not e.get("ru"):
                raise ValueError(f"{source}: {region} entry {i} has no ru name")
            names = [e["ru"], e.get("kk") or "", e.get("en") or "", *(e.get("alt") or [])]
            s = Settlement(
                name=e.get("en") or transliterate(e["ru"]),
                periods=_periods(region, e.get("periods"), succ),
                pop=int(e.get("pop") or 0),
                weak=bool(e.get("weak")),
            )
            idx = len(gaz.settlements)
            gaz.settlements.append(s)
            for name in filter(None, names):
                key = compact_key(str(name))
                if len(key) < 2:
                    continue
                gaz.exact.setdefault(key, [])
                if idx not in gaz.exact[key]:
                    gaz.exact[key].append(idx)
                if key[-1] in "aeiou" and len(key) >= 5:
                    stem = gaz.stems.setdefault(key[:-1], [])
                    if idx not in stem:
                        stem.append(idx)
    gaz.foreign = {compact_key(str(n)): str(names[0]) for names in foreign["places"] for n in names}
    gaz.foreign_stems = {
        k[:-1]: v for k, v in gaz.foreign.items() if len(k) >= 5 and k[-1] in "aeiou"
    }
    if capital:
        stems = sorted((re.escape(s) for s in capital["stems"]), key=len, reverse=True)
        abbr = sorted(re.escape(s) for s in capital["abbreviations"])
        gaz.capital = re.compile(rf"(?<!\w)(?:(?i:{'|'.join(stems)})|(?:{'|'.join(abbr)})(?!\w))")
    return gaz


@cache
def _shipped() -> Gazetteer:
    raw = yaml.safe_load((DATA / "settlements.yaml").read_text(encoding="utf-8"))
    foreign = yaml.safe_load((DATA / "foreign.yaml").read_text(encoding="utf-8"))
    capital = yaml.safe_load((DATA / "capital.yaml").read_text(encoding="utf-8"))
    return parse_gazetteer(raw, foreign, capital)


@register_loader("gazetteer")
def load_gazetteer(options: LoadOptions) -> Gazetteer:
    return _shipped()


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    kind: str  # settlement | region | foreign
    settlements: tuple[int, ...] = ()
    region: str | None = None
    name: str = ""  # foreign places: the English name


def _region_phrase(phrase: str) -> str:
    phrase = _RU_HYPHEN_ADJ.sub(r"\1о-\2ская", phrase)
    phrase = _RU_ADJ.sub(r"\1ская", phrase)
    phrase = re.sub(r"\bобласт\w*", "область", phrase, flags=re.I)
    phrase = re.sub(r"\bоблыс\w*", "облысы", phrase, flags=re.I)
    return re.sub(r"\boblys\w*", "oblysy", phrase, flags=re.I)


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
    quoted = [(m.start(), m.end()) for m in _QUOTED_RE.finditer(text)]
    # each token is tested once for a region word ("область", "oblysy"), not up to four times
    rw = [bool(_REGION_WORDS.match(t[0])) for t in tokens] + [False, False]
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
                spec = matcher.match(_region_phrase(phrase))
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
        if lower_adj and not keys[i].endswith(_ADJ_ENDINGS + _DEMONYM):
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
            if weak and not _placed(tokens, i, n, key, inflected):
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
            code = _region_by_adjective(key, matcher)
            if code:
                hits.append(Hit(start, end, "region", region=code))
    return hits


def _region_by_adjective(key: str, matcher: RegionMatcher | None) -> str | None:
    """ "маңғыстаулық" → mangystau, "Жамбылском" → zhambyl."""
    if matcher is None:
        return None
    for end in (*_DEMONYM, *_ADJ_ENDINGS):
        if key.endswith(end) and len(key) - len(end) >= 4:
            spec = matcher.match(key[: -len(end)])
            if spec is not None and spec.kind == "region":
                return spec.code
    return None


def _placed(tokens: list[tuple[str, int, int]], i: int, n: int, key: str, inflected: bool) -> bool:
    """A weak name counts only with a place word or preposition beside it."""
    if i > 0 and tokens[i - 1][0].casefold().rstrip(".") in _PLACE_BEFORE:
        return True
    if i + n < len(tokens) and tokens[i + n][0].casefold() in _PLACE_AFTER:
        return True
    return inflected and key.endswith(_PLACE_ENDINGS)


def _day(value: str | None, published: date | None) -> date:
    if value:
        try:
            return date.fromisoformat(value if len(value) == 10 else value + "-01")
        except ValueError:
            pass
    return published or date.today()


def resolve(
    text: str, gaz: Gazetteer, day: date, lead_end: int
) -> tuple[str | None, str, tuple[Evidence, ...]]:
    """(region, settlement, evidence) for one item."""
    hits = find_places(text, gaz)
    if not hits:
        m = gaz.capital.search(text) if gaz.capital is not None else None
        if m is None:
            return None, "", ()
        return "astana", "Astana", (Evidence(m.start(), m.end(), m.group(0)),)
    lead = [h for h in hits if h.start < lead_end]
    chosen = (lead or hits)[0]
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


def lead_end(doc: Document) -> int:
    text = doc.full_text
    start = len(doc.title) + 1 if doc.title else 0
    m = _SENTENCE_END.search(text, start)
    return m.end() if m else len(text)


@register("place", 40)
def place_stage(docs: Sequence[Document], results: list[Triage], context: Any) -> None:
    gaz = context.get("gazetteer") if context is not None else None
    if gaz is None:
        gaz = _shipped()
    for doc, res in zip(docs, results, strict=True):
        day = _day(res.date, doc.published)
        res.region, res.settlement, res.region_evidence = resolve(
            doc.full_text, gaz, day, lead_end(doc)
        )

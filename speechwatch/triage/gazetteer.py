"""The gazetteer the place stage reads: settlements, foreign places and national bodies.

data/gazetteer/settlements.yaml (sources named there) lists settlements with their Russian, Kazakh
and other names and the region each belongs to by period; foreign.yaml lists places abroad and
capital.yaml the national bodies (a ministry, parliament) that put an item in Astana. Names are
compared as `compact_key` (one Latin folding of every script, so Kazakh Latin and English
spellings meet the Cyrillic ones). Inflected forms are read by removing a Russian or Kazakh case
ending from the folded word ("в Караганде", "Шымкенттегі", "Астанадан"); the endings and the
words that mark a place (place.py) are in grammar.yaml, read once per process by `grammar()`.

Its own module, apart from the stage (place.py), because it is data and its look-up: loaded once
per run by the loader "gazetteer", while place.py holds the reading of a text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from speechwatch.lib.datafile import checked_list, is_lower_word, known_keys, read_yaml
from speechwatch.lib.regions import RegionMatcher, load_region_set
from speechwatch.lib.text import compact_key, transliterate
from speechwatch.triage.context import LoadOptions, register_loader

DATA = Path(__file__).resolve().parent / "data" / "gazetteer"

# The plain lists of grammar.yaml: endings cut from folded words, and words as written.
_FOLDED = ("adjective_endings", "demonym_endings", "place_endings")
_WRITTEN = ("place_before", "place_after", "region_word_stems", "region_words",
            "region_adjective_endings")  # fmt: skip
_KEYS = {*_FOLDED, *_WRITTEN, "case_endings", "region_word_forms", "region_adjective_form"}


@dataclass(frozen=True)
class Grammar:
    """How place names are written in text (data/gazetteer/grammar.yaml, which says why)."""

    adjective_endings: tuple[str, ...]  # file order: the first that leaves a name wins
    demonym_endings: tuple[str, ...]
    case_endings: frozenset[str]  # every ending cut from an inflected name
    max_ending: int
    place_endings: tuple[str, ...]  # for str.endswith
    place_before: frozenset[str]
    place_after: frozenset[str]
    region_words: re.Pattern[str]  # matches one whole token: "области", "oblysy"
    region_forms: tuple[tuple[re.Pattern[str], str], ...]  # (region word, the form listed)
    region_adjective: re.Pattern[str]  # "Карагандинской": group 1 is the stem
    region_hyphen_adjective: re.Pattern[str]  # "Восточно-Казахстанской": groups 1 and 2
    region_adjective_form: str  # "ская"


def _words(raw: dict[str, Any], key: str, source: str) -> list[str]:
    """A non-empty list of lower-case words (letters only) without repeats, else a ValueError
    naming the file and the list: every list here is compared word by word."""
    return checked_list(raw.get(key), key, source, is_lower_word, "one lower-case word", "words")


def _endings(raw: dict[str, Any], key: str, source: str) -> list[str]:
    value = _words(raw, key, source)
    for e in value:
        if not e.isascii():  # cut from compact_key forms, which are Latin
            raise ValueError(f"{source}: {key}: {e!r} is not a folded (Latin) ending")
    return value


def parse_grammar(raw: Any, source: str = "grammar.yaml") -> Grammar:
    """The checked lists of grammar.yaml; any fault is a ValueError that starts with `source`."""
    raw = known_keys(raw, _KEYS, source)
    lists = {k: _endings(raw, k, source) for k in _FOLDED}
    lists |= {k: _words(raw, k, source) for k in _WRITTEN}
    groups = raw.get("case_endings")
    if not isinstance(groups, dict) or not groups:
        raise ValueError(f"{source}: case_endings must map group names to lists of endings")
    case = [e for g in groups for e in _endings(groups, g, f"{source}: case_endings")]
    adj, dem = lists["adjective_endings"], lists["demonym_endings"]
    if twice := sorted({e for e in case if case.count(e) > 1} | (set(case) & {*adj, *dem})):
        raise ValueError(f"{source}: case_endings repeat {', '.join(twice)}")
    for i, short in enumerate(adj):  # the longer base first: see grammar.yaml
        if later := [e for e in adj[:i] if len(e) > len(short) and e.endswith(short)]:
            raise ValueError(f"{source}: adjective_endings: {short!r} must precede {later[0]!r}")
    forms = raw.get("region_word_forms")
    form = raw.get("region_adjective_form")
    words = [*forms, *forms.values()] if isinstance(forms, dict) else []
    if not (words and all(map(is_lower_word, words))):
        raise ValueError(f"{source}: region_word_forms must map word stems to words")
    if not is_lower_word(form):
        raise ValueError(f"{source}: region_adjective_form must be one lower-case word")
    ends = set(case) | set(adj) | set(dem)
    region = [rf"{re.escape(s)}\w*" for s in lists["region_word_stems"]]
    region += [re.escape(w) for w in lists["region_words"]]
    adj_alts = "|".join(re.escape(e) for e in lists["region_adjective_endings"])
    return Grammar(
        adjective_endings=tuple(adj),
        demonym_endings=tuple(dem),
        case_endings=frozenset(ends),
        max_ending=max(map(len, ends)),
        place_endings=tuple(lists["place_endings"]),
        place_before=frozenset(lists["place_before"]),
        place_after=frozenset(lists["place_after"]),
        region_words=re.compile(rf"^(?:{'|'.join(region)})$", re.I),
        region_forms=tuple(
            (re.compile(rf"\b{re.escape(stem)}\w*", re.I), f) for stem, f in forms.items()
        ),
        region_adjective=re.compile(rf"(\w+?)(?:{adj_alts})\b", re.I),
        region_hyphen_adjective=re.compile(rf"(\w+)о-(\w+?)(?:{adj_alts})\b", re.I),
        region_adjective_form=str(form),
    )


def load_grammar(path: Path) -> Grammar:
    return parse_grammar(read_yaml(path), str(path))


@cache
def grammar() -> Grammar:
    """The shipped grammar, read once per process."""
    return load_grammar(DATA / "grammar.yaml")


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
        return key[: max(3, len(key) - grammar().max_ending)] in self._prefixes[1]

    def lookup(self, key: str) -> tuple[list[int], bool]:
        """(settlement indexes, inflected) for one folded phrase."""
        if key in self.exact:
            return self.exact[key], False
        if key in self.stems:  # doubled letters fold away: "Семее" → "seme", stem of "semei"
            return self.stems[key], True
        # Longest ending first, by length: a handful of set look-ups instead of a scan.
        g = grammar()
        for n in range(min(g.max_ending, len(key) - 3), 0, -1):
            if key[-n:] in g.case_endings:
                base = key[:-n]
                hit = self.exact.get(base) or self.stems.get(base)
                if hit:
                    return hit, True
        return [], False

    def lookup_derived(self, key: str) -> tuple[list[int], bool]:
        """A lower-case derived word: "семейского", "шымкенттік" (never a bare case ending)."""
        g = grammar()
        for end in (*g.adjective_endings, *g.demonym_endings):
            base = key[: -len(end)]
            if key.endswith(end) and len(base) >= 5:
                hit = self.exact.get(base) or self.stems.get(base)
                if hit:
                    return hit, True
        return [], False

    def foreign_name(self, key: str) -> str | None:
        if key in self.foreign:
            return self.foreign[key]
        g = grammar()
        for n in range(min(g.max_ending, len(key) - 3), -1, -1):
            if n == 0 or key[-n:] in g.case_endings:
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
def shipped_gazetteer() -> Gazetteer:
    grammar()  # read and checked with the names, so a bad file stops the load, not a text
    raw = yaml.safe_load((DATA / "settlements.yaml").read_text(encoding="utf-8"))
    foreign = yaml.safe_load((DATA / "foreign.yaml").read_text(encoding="utf-8"))
    capital = yaml.safe_load((DATA / "capital.yaml").read_text(encoding="utf-8"))
    return parse_gazetteer(raw, foreign, capital)


@register_loader("gazetteer")
def load_gazetteer(options: LoadOptions) -> Gazetteer:
    return shipped_gazetteer()

"""The gazetteer the place stage reads: settlements, foreign places and national bodies.

data/gazetteer/settlements.yaml (sources named there) lists settlements with their Russian, Kazakh
and other names and the region each belongs to by period; foreign.yaml lists places abroad and
capital.yaml the national bodies (a ministry, parliament) that put an item in Astana. Names are
compared as `compact_key` (one Latin folding of every script, so Kazakh Latin and English
spellings meet the Cyrillic ones). Inflected forms are read by removing a Russian or Kazakh case
ending from the folded word ("в Караганде", "Шымкенттегі", "Астанадан").

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

from speechwatch.lib.regions import RegionMatcher, load_region_set
from speechwatch.lib.text import compact_key, transliterate
from speechwatch.triage.context import LoadOptions, register_loader

DATA = Path(__file__).resolve().parent / "data" / "gazetteer"

# Russian adjective endings in folded form; a lower-case word is read only with one of them.
ADJ_ENDINGS = ("skogo", "skomu", "skoi", "skom", "skie", "skih", "skii", "ski", "ska", "sku",
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
        *ADJ_ENDINGS,
    },
    key=len,
    reverse=True,
)
_ENDING_SET = frozenset(_ENDINGS)
_MAX_ENDING = max(map(len, _ENDINGS))
# Demonym and adjective endings: "маңғыстаулық", "Жамбылском районе" name a region too.
DEMONYM_ENDINGS = ("lik", "dik", "tik")


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
        for end in (*ADJ_ENDINGS, *DEMONYM_ENDINGS):
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
def shipped_gazetteer() -> Gazetteer:
    raw = yaml.safe_load((DATA / "settlements.yaml").read_text(encoding="utf-8"))
    foreign = yaml.safe_load((DATA / "foreign.yaml").read_text(encoding="utf-8"))
    capital = yaml.safe_load((DATA / "capital.yaml").read_text(encoding="utf-8"))
    return parse_gazetteer(raw, foreign, capital)


@register_loader("gazetteer")
def load_gazetteer(options: LoadOptions) -> Gazetteer:
    return shipped_gazetteer()

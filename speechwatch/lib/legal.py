"""References to articles of Kazakhstan's codes: one normal form, many input spellings.

The normal form is ``"<CODE> <article>[(<part>)]"``, e.g. "PC 274", "AdmC 456-2", "PC 274(2)".
Hyphenated numbers such as 456-2 or 73-3 are article numbers (articles inserted later between
456 and 457), never "article 456, part 2"; a part is always written explicitly ("ч. 2",
"part 2", "2-бөлігі") or in brackets in the normal form.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import total_ordering

__all__ = [
    "CODES",
    "CODE_ABBREVIATIONS",
    "CODE_ALIASES",
    "LegalRef",
    "find_legal_refs",
    "parse_legal_ref",
]

# Labels of each code in the three publication languages.
CODES: dict[str, dict[str, str]] = {
    "PC": {
        "en": "Penal Code",
        "ru": "Уголовный кодекс",
        "kk": "Қылмыстық кодекс",
    },
    "AdmC": {
        "en": "Code of Administrative Offences",
        "ru": "Кодекс об административных правонарушениях",
        "kk": "Әкімшілік құқық бұзушылық туралы кодекс",
    },
    "CC": {
        "en": "Civil Code",
        "ru": "Гражданский кодекс",
        "kk": "Азаматтық кодекс",
    },
    "CPC": {
        "en": "Criminal Procedure Code",
        "ru": "Уголовно-процессуальный кодекс",
        "kk": "Қылмыстық-процестік кодекс",
    },
    "CivPC": {
        "en": "Civil Procedure Code",
        "ru": "Гражданский процессуальный кодекс",
        "kk": "Азаматтық процестік кодекс",
    },
    "APPC": {
        "en": "Administrative Procedural and Process Code",
        "ru": "Административный процедурно-процессуальный кодекс",
        "kk": "Әкімшілік рәсімдік-процестік кодекс",
    },
    "Const": {
        "en": "Constitution",
        "ru": "Конституция",
        "kk": "Конституция",
    },
}

# Short forms as used in running text ("ст. 274 УК РК", "ҚР ҚК 274-бабы"); ru is the form
# that follows "ст. N" (genitive), kk the form that precedes "N-бабы".
CODE_ABBREVIATIONS: dict[str, dict[str, str]] = {
    "PC": {"en": "PC", "ru": "УК РК", "kk": "ҚР ҚК"},
    "AdmC": {"en": "AdmC", "ru": "КоАП РК", "kk": "ҚР ӘҚБтК"},
    "CC": {"en": "CC", "ru": "ГК РК", "kk": "ҚР АК"},
    "CPC": {"en": "CPC", "ru": "УПК РК", "kk": "ҚР ҚПК"},
    "CivPC": {"en": "CivPC", "ru": "ГПК РК", "kk": "ҚР АПК"},
    "APPC": {"en": "APPC", "ru": "АППК РК", "kk": "ҚР ӘРПК"},
    "Const": {"en": "Const", "ru": "Конституции РК", "kk": "ҚР Конституциясының"},
}

# Regex fragments (matched case-insensitively, after "РК"/"of the Republic of Kazakhstan"
# and similar have been removed) naming each code. Inflected Russian and Kazakh forms are
# covered by \w* stems; Kazakh abbreviations may carry a case suffix ("ҚК-нің").
CODE_ALIASES: dict[str, tuple[str, ...]] = {
    "PC": (
        r"уголовн\w*\s+кодекс\w*",
        r"ук",
        r"penal\s+code",
        r"criminal\s+code",
        r"қылмыстық\s+кодекс\w*",
        r"қк",
        r"qylmystyq\s+kodeks\w*",  # Kazakh Latin (2021)
        r"qk",
    ),
    "AdmC": (
        r"кодекс\w*\s+об\s+административных\s+правонарушениях",
        r"коап",
        r"code\s+(?:of|on)\s+administrative\s+(?:offen[cs]es|violations)",
        r"administrative\s+(?:offen[cs]es\s+)?code",
        r"әкімшілік\s+құқық\s*бұзушылық\w*\s+туралы\s+кодекс\w*",
        r"әқбтк",
        r"әқбк",
        r"[äá]qbtk",  # Kazakh Latin (2021, 2018)
    ),
    "CC": (
        r"гражданск\w*\s+кодекс\w*",
        r"гк",
        r"civil\s+code",
        r"азаматтық\s+кодекс\w*",
        r"ак",
    ),
    "CPC": (
        r"уголовно-процессуальн\w*\s+кодекс\w*",
        r"упк",
        r"criminal\s+procedur\w*\s+code",
        r"code\s+of\s+criminal\s+procedure",
        r"қылмыстық[-\s]процест\w*\s+кодекс\w*",
        r"қпк",
    ),
    "CivPC": (
        r"гражданск\w*[-\s]процессуальн\w*\s+кодекс\w*",
        r"гпк",
        r"civil\s+procedur\w*\s+code",
        r"code\s+of\s+civil\s+procedure",
        r"азаматтық\s+процест\w*\s+кодекс\w*",
        r"апк",
    ),
    "APPC": (
        r"административн\w*\s+процедурно-процессуальн\w*\s+кодекс\w*",
        r"аппк",
        r"administrative\s+procedur\w*\s+(?:and\s+process\w*\s+)?code",
        r"әкімшілік\s+рәсімдік-процест\w*\s+кодекс\w*",
        r"әрпк",
    ),
    "Const": (
        # Not "конституционный закон" (a constitutional law is not the Constitution).
        r"конституци(?:и|ю|ей|я\w*)",
        r"constitution",
    ),
}

# Canonical code names are matched case-sensitively in running text: "PC 2" in an English
# sentence about computers must not become a reference, whereas "PC 274" typed into a field is.
_CANONICAL = "|".join(sorted(CODES, key=len, reverse=True))

_ARTICLE_RE = re.compile(r"\d{1,4}(?:-\d{1,3})?")
_PART_RE = re.compile(r"\d{1,2}")


def _article_key(article: str) -> tuple[int, ...]:
    return tuple(int(n) for n in article.split("-"))


@total_ordering
@dataclass(frozen=True)
class LegalRef:
    """One article (optionally one part of it) of one code.

    Ordering is natural rather than lexical (PC 73 < PC 274, an article before its parts),
    which also keeps ``sorted()`` from failing on a mix of ``part=None`` and parts.
    """

    code: str
    article: str
    part: str | None = None

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown legal code {self.code!r} (known: {', '.join(CODES)})")
        if not _ARTICLE_RE.fullmatch(self.article):
            raise ValueError(f"not an article number: {self.article!r} (expected e.g. 274, 456-2)")
        if self.part is not None and not _PART_RE.fullmatch(self.part):
            raise ValueError(f"not a part number: {self.part!r} (expected e.g. 2)")
        # Canonical digits ("0274" → "274") so that equality agrees with ordering.
        object.__setattr__(self, "article", "-".join(str(n) for n in _article_key(self.article)))
        if self.part is not None:
            object.__setattr__(self, "part", str(int(self.part)))

    def __str__(self) -> str:
        base = f"{self.code} {self.article}"
        return f"{base}({self.part})" if self.part else base

    def sort_key(self) -> tuple[int, tuple[int, ...], int]:
        return (list(CODES).index(self.code), _article_key(self.article), int(self.part or 0))

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, LegalRef):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    @property
    def without_part(self) -> LegalRef:
        return LegalRef(self.code, self.article)

    def describe(self, lang: str = "en") -> str:
        """Human form for publications: "Article 274 of the Penal Code", "ч. 2 ст. 274 УК РК"."""
        if lang == "ru":
            abbr = CODE_ABBREVIATIONS[self.code]["ru"]
            text = f"ст. {self.article} {abbr}"
            return f"ч. {self.part} {text}" if self.part else text
        if lang == "kk":
            abbr = CODE_ABBREVIATIONS[self.code]["kk"]
            if self.part:
                return f"{abbr} {self.article}-бабының {self.part}-бөлігі"
            return f"{abbr} {self.article}-бабы"
        label = CODES[self.code]["en"]
        text = f"Article {self.article} of the {label}"
        return f"Part {self.part} of {text}" if self.part else text


# --- scanning ------------------------------------------------------------------------------

# Removed before scanning: they qualify the code but never change which code it is.
_COUNTRY_RE = re.compile(
    r"(?:\bof\s+)?(?:\bthe\s+)?\brepublic\s+of\s+kazakhstan(?:['’]s)?\b"
    # "Kazakhstan's" first: "of Kazakhstan's Penal Code" must not leave a stray "'s"
    r"|(?:\bof\s+)?\bkazakhstan['’]s\b|\bof\s+kazakhstan\b|(?:\bof\s+)?(?:\bthe\s+)?\brk\b"
    # "the Kazakh Criminal Code": the adjective before a code's name
    r"|\bkazakh(?:stani)?\b(?=\s+(?:criminal|penal|administrative|civil|code)\b)"
    r"|\bреспублики\s+казахстан\b|\bрк\b"
    r"|\bқазақстан\s+республикасы\w*|\bқр\b",
    re.IGNORECASE,
)
# Dashes between digits are hyphens of an article number ("456–2" typed with an en dash).
_DIGIT_DASH_RE = re.compile(r"(?<=\d)\s?[‐‑‒–—−]\s?(?=\d)")
_WS_RE = re.compile(r"\s+")

# Not a Kazakhstan code: "УК РФ", "Criminal Code of Russia".
_FOREIGN = r"(?!\s*(?:рф\b|российской|of\s+(?:the\s+)?russia|кр\b|кыргызской|рб\b))"
_KK_SUFFIX = r"(?:-[^\W\d_]+)?"  # Kazakh case ending on an abbreviation: ҚК-нің, ҚК-ге


def _code_group(code: str) -> str:
    aliases = sorted(CODE_ALIASES[code], key=len, reverse=True)
    alts = "|".join(aliases) + f"|(?-i:{re.escape(code)})"
    return rf"(?P<c_{code}>(?<!\w)(?:{alts})(?!\w){_KK_SUFFIX}){_FOREIGN}"


_CODE = "(?:" + "|".join(_code_group(c) for c in sorted(CODES, key=len, reverse=True)) + ")"
_CODE_RE = re.compile(_CODE, re.IGNORECASE)

# A point (пункт) before the part is accepted but not recorded: LegalRef stops at parts.
_POINT_PRE = (
    r"(?:(?:п\.|пп\.|пункт\w*|подпункт\w*|point|subparagraph|para\.?|paragraph)"
    r"\s*\d{1,2}\)?\s*,?\s*)?"
)
_PART_PRE = (
    r"(?:(?:part|ч\.|ч|часть|части|частью|частям)\s*(?P<pp>\d{1,2})"
    r"\s*,?\s*(?:of\s+(?:the\s+)?)?)"
)
_ART_WORDS = (
    r"articles?|arts?\.|art|статьям|статьями|статьях|статья|статьи|статье|стать[её]й|статей"
    r"|ст\.\s*ст\.|ст\.|ст|баптың|бап"
)
_ART_PRE = rf"(?:{_ART_WORDS})\s*"
_ART_SUF = r"(?:\s?-?\s?(?:баб|бап|bab|bap)\w*)"  # Kazakh Cyrillic and Latin
_NUM = r"(?P<a>\d{1,4}(?:-\d{1,3})?)"
# An unprefixed number is only taken when it looks like an article (at most three digits), so
# "в 2023 УК изменили" does not become "PC 2023".
_NUM_BARE = r"(?<![\d.,/-])(?P<a>\d{1,3}(?:-\d{1,3})?)(?![\d])"
_PART_POST = (
    r"(?:\s*\((?P<pb>\d{1,2})\)"
    # "ст. 274, ч. 1 ст. 174": a part followed by an article belongs to that next article.
    rf"|\s*,?\s*(?:part|ч\.|ч|часть|части)\s*(?P<pa>\d{{1,2}})(?!\d)"
    rf"(?!\s*,?\s*(?:of\s+(?:the\s+)?)?(?:{_ART_WORDS})\s*\d)"
    r"|\s*(?P<pk>\d{1,2})\s?-?\s?бөлі\w*)"
)


def _item(kind: str) -> str:
    """Regex for one article mention; ``kind`` selects how the number may be introduced."""
    if kind == "prefixed":
        core = rf"{_ART_PRE}{_NUM}{_ART_SUF}?"
    elif kind == "suffixed":
        core = rf"(?<![\d.,/-]){_NUM}{_ART_SUF}"
    else:
        core = _NUM_BARE
    return rf"(?<!\w){_POINT_PRE}{_PART_PRE}?{core}{_PART_POST}?"


def _strip_groups(pattern: str) -> str:
    # Lists are matched with group-free copies; items are then re-read one by one.
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


_SEP = r"\s*(?:,\s*and|,|\band\b|\bи\b|\bжәне\b|\bor\b|\bили\b)\s*"
_ITEM_PREFIXED = _strip_groups(_item("prefixed"))
_ITEM_SUFFIXED = _strip_groups(_item("suffixed"))
_ITEM_BARE = _strip_groups(_item("bare"))
_ITEM_ANY = f"(?:{_ITEM_PREFIXED}|{_ITEM_SUFFIXED}|{_ITEM_BARE})"
_CONNECT = r"\s*,?\s*(?:(?:of|under|in)\s+(?:the\s+)?)?"
# Re-reads a matched list item by item, with each kind's groups prefixed by the kind.
_ITEM_RE = re.compile(
    "|".join(
        f"(?P<{k}>{_item(k).replace('(?P<', f'(?P<{k}_')})"
        for k in ("prefixed", "suffixed", "bare")
    ),
    re.IGNORECASE,
)


# How far before a code a list of articles may start ("ч. 2 ст. 274, ч. 1 ст. 174 … УК").
_WINDOW = 300
# A: articles before the code ("ч. 2 ст. 274 УК", "Article 274 of the Penal Code").
# A bare number must touch the code ("456-2 КоАП"); "1, УК" or "5 of the Code" are not read.
_A_TAIL = re.compile(
    rf"(?:(?:{_ITEM_PREFIXED}|{_ITEM_SUFFIXED})(?:{_SEP}{_ITEM_ANY})*{_CONNECT}"
    rf"|{_ITEM_BARE}\s*)\Z",
    re.IGNORECASE,
)
# After the code a further "ст. N" more likely starts a new reference whose code follows
# ("ГК ст. 143, ст. 5 Конституционного закона"), so continuations are bare/suffixed only.
_MORE_C = f"(?:{_SEP}(?:{_ITEM_SUFFIXED}|{_ITEM_BARE}))*"
# A Kazakh plural ("ҚК 174, 274-баптары") puts the suffix on the last number only.
_KK_PLURAL = f"{_ITEM_BARE}(?:{_SEP}{_ITEM_BARE})*{_SEP}{_ITEM_SUFFIXED}"
# C: code before the articles ("ҚР ҚК 274-бабы", "Penal Code, art. 274", "PC 274(2)").
_C_HEAD = re.compile(
    rf"\s*,?\s*(?:{_ITEM_PREFIXED}|{_ITEM_SUFFIXED}|{_KK_PLURAL}){_MORE_C}", re.IGNORECASE
)
# A bare number after a code ("УК 274") is read only after the canonical code name or in a
# field holding one reference: in running text "по УК 15 лет" is not a reference.
_C_HEAD_BARE = re.compile(rf"\s*,?\s*{_ITEM_BARE}{_MORE_C}", re.IGNORECASE)
_C_PREFIXED = re.compile(rf"\s*,?\s*{_ITEM_PREFIXED}", re.IGNORECASE)
_NEXT_CODE = re.compile(rf"{_CONNECT}{_strip_groups(_CODE)}", re.IGNORECASE)


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    refs: tuple[LegalRef, ...]


def _scan(s: str, lenient: bool) -> list[_Found]:
    """References in cleaned text, anchored on code mentions.

    Anchoring on the code (and looking a bounded distance before/after it) keeps the scan
    linear: one regex over the whole text would retry every list of numbers at every offset.
    """
    found: list[_Found] = []
    consumed = 0
    for cm in _CODE_RE.finditer(s):
        if cm.start() < consumed:
            continue
        code = next(name.removeprefix("c_") for name, v in cm.groupdict().items() if v)
        lo = max(consumed, cm.start() - _WINDOW)
        if a := _A_TAIL.search(s, lo, cm.start()):
            refs = tuple(LegalRef(code, art, part) for art, part in _items(a.group(0)))
            found.append(_Found(a.start(), cm.end(), refs))
            consumed = cm.end()
            continue
        c = _C_HEAD.match(s, cm.end())
        if c is None and (lenient or cm.group(0) == code):
            c = _C_HEAD_BARE.match(s, cm.end())
        if c is not None and _C_PREFIXED.match(s, cm.end()) and _NEXT_CODE.match(s, c.end()):
            # "УК РК, ст. 5 КоАП": "ст. 5" belongs to the code after it, not before.
            c = None
        if c is not None:
            refs = tuple(LegalRef(code, art, part) for art, part in _items(c.group(0)))
            found.append(_Found(cm.start(), c.end(), refs))
            consumed = c.end()
    return found


def _clean(text: str) -> str:
    s = unicodedata.normalize("NFKC", text)
    s = _DIGIT_DASH_RE.sub("-", s)
    s = _COUNTRY_RE.sub(" ", s)
    return _WS_RE.sub(" ", s).strip()


def _items(fragment: str) -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []
    for m in _ITEM_RE.finditer(fragment):
        kind = next(k for k in ("prefixed", "suffixed", "bare") if m.group(k) is not None)
        groups = {k.removeprefix(f"{kind}_"): v for k, v in m.groupdict().items() if v}
        part = groups.get("pp") or groups.get("pb") or groups.get("pa") or groups.get("pk")
        found.append((groups["a"], part))
    return found


def find_legal_refs(text: str) -> list[LegalRef]:
    """All references in running text, in order of first appearance, without repeats."""
    seen: set[LegalRef] = set()
    out: list[LegalRef] = []
    for hit in _scan(_clean(text), lenient=False):
        for ref in hit.refs:
            if ref not in seen:
                seen.add(ref)
                out.append(ref)
    return out


_EXAMPLES = "e.g. 'PC 274', 'ст. 274 УК РК', 'Article 274 of the Penal Code'"
_CANONICAL_FIELD_RE = re.compile(
    rf"({_CANONICAL})\s*{_NUM}\s*(?:\(\s*(?P<p>\d{{1,2}})\s*\))?", re.IGNORECASE
)
# Trailing description in brackets, e.g. "ст. 274 УК РК (ложная информация)".
_TRAILING_NOTE_RE = re.compile(r"\s*\([^()\d]*\)\s*$")
_FILLER_RE = re.compile(r"^[\s.,;:()\-–—]*$")


def parse_legal_ref(text: str) -> LegalRef:
    """Read exactly one reference from a field value; ValueError says what was not understood."""
    s = _clean(text or "")
    if not s:
        raise ValueError(f"empty legal reference ({_EXAMPLES})")
    if m := _CANONICAL_FIELD_RE.fullmatch(s):
        code = next(c for c in CODES if c.casefold() == m[1].casefold())
        return LegalRef(code, m["a"], m["p"])
    s = _TRAILING_NOTE_RE.sub("", s).rstrip(" .;,")
    hits = _scan(s, lenient=True)
    refs = [ref for hit in hits for ref in hit.refs]
    if not refs:
        if not _CODE_RE.search(s):
            raise ValueError(f"could not read a legal code in {text!r} ({_EXAMPLES})")
        if not re.search(r"\d", s):
            raise ValueError(f"could not read an article number in {text!r} ({_EXAMPLES})")
        raise ValueError(f"could not read {text!r} as a legal reference ({_EXAMPLES})")
    if len(refs) > 1:
        listed = ", ".join(str(r) for r in refs)
        raise ValueError(f"several legal references in {text!r} ({listed}); give one")
    hit = hits[0]
    leftover = f"{s[: hit.start]} {s[hit.end :]}".strip()
    if not _FILLER_RE.match(leftover):
        unread = leftover.strip(" .,;:-–—")
        raise ValueError(f"could not read {unread!r} in legal reference {text!r}")
    return refs[0]

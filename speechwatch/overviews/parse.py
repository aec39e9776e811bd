"""Read a published overview's plain text back into structure. Pure: no ORM, no I/O.

    parse_overview(text, mapper, lang=None, source="") -> Overview

The text is split into lines (bullets dropped, glued numbers "26reports" split), then read top
to bottom: the title (the period named there wins), the intro (a different month there is a
warning), the statistics (blocks, items, breakdowns, facet sentences, "and others", notes), then
the narrative: section headings, dated entries, featured case titles, "Also in …" items, and the
closing method line. The mapper (mapping.py) turns each phrase into a taxonomy code and also
decides whether a counted clause is a block header or an item. domain.md ("How published
overviews vary") lists the variations this handles.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from speechwatch.overviews.mapping import ACCEPT, Mapper, Match, detect_lang
from speechwatch.overviews.periods import Period, find_date_at_start, find_periods

__all__ = [
    "Block",
    "Case",
    "Entry",
    "Item",
    "Overview",
    "Warning",
    "parse_overview",
]


# ---------------------------------------------------------------- result types


@dataclass(frozen=True)
class Warning:
    kind: str
    message: str
    line: int = 0


@dataclass
class Item:
    phrase: str
    count: int
    match: Match
    line: int
    items: list[Item] = field(default_factory=list)
    facet: bool = False  # "In 7 cases, …": a breakdown by a facet, not by a finer category
    others: bool = False  # its breakdown ended with "and others"
    implicit_count: bool = False  # no number in the text: one
    notes: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.match.code


@dataclass
class Block:
    phrase: str
    total: int | None
    match: Match
    line: int
    items: list[Item] = field(default_factory=list)
    others: bool = False
    notes: list[str] = field(default_factory=list)
    implicit: bool = False  # no header in the text; opened by its first item
    ongoing: int | None = None  # "do not include reports on ongoing cases (2)"

    @property
    def code(self) -> str:
        return self.match.code


@dataclass
class Entry:
    """A narrative entry: dated ("April 6: …", "12 января …") or not ("It became known …")."""

    section: str  # events | legislation | also | cases | reports | body
    on: date | None
    text: str
    line: int
    case: str = ""  # the featured case it belongs to


@dataclass
class Case:
    title: str
    text: str
    line: int


@dataclass
class Heading:
    kind: str
    text: str
    line: int


@dataclass
class Overview:
    source: str
    lang: str
    title: str
    organisation: str
    period: Period | None
    intro_periods: list[Period]
    blocks: list[Block]
    entries: list[Entry]
    cases: list[Case]
    headings: list[Heading]
    grand_totals: list[tuple[int, int]]  # (total, line): "In total, 52 reports …"
    warnings: list[Warning]

    @property
    def events(self) -> list[Entry]:
        return [e for e in self.entries if e.on is not None]


# ---------------------------------------------------------------- lines

_BULLET_RE = re.compile(
    r"(?m)^ *(?:[•●▪■◦·∙○►▶✓✔❖➢\*]|[-–—](?= *\S)|\d{1,2}[.)](?= +\D)|[a-zа-я]\)(?= ))\ *"
)
_GLUED_RE = re.compile(r"(\d{1,5})(?!st\b|nd\b|rd\b|th\b)([^\W\d_]{2,})")
_GLUED_AFTER_RE = re.compile(r"([a-zа-яё])(\d{1,4})(?= [a-zа-яё])")
# Only runs of odd spaces: a plain single space (nearly all of them) is not touched.
_WS_RE = re.compile(
    r"[\t\u00a0\u2000-\u200b\u202f\u205f\u3000][ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]*| {2,}"
)


def _unglue(m: re.Match[str]) -> str:
    # "26reports" → "26 reports", but not "e5small", "3.5mln" or "456-2a".
    before = m.string[m.start() - 1] if m.start() else " "
    if before.isalnum() or before in "_.,/-":
        return m.group(0)
    return f"{m.group(1)} {m.group(2)}"


@dataclass
class Line:
    no: int
    text: str


def prepare_lines(text: str) -> list[Line]:
    # Whole-text substitutions (one regex pass each) keep this fast on long documents.
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00ad", "").replace("\ufeff", "")
    text = _WS_RE.sub(" ", text)
    text = _BULLET_RE.sub("", text)
    text = _GLUED_RE.sub(_unglue, text)
    text = _GLUED_AFTER_RE.sub(r"\1 \2", text)
    return [Line(no, s.strip()) for no, s in enumerate(text.split("\n"), start=1) if s.strip()]


# ---------------------------------------------------------------- phrases and counts

_NUM_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "a": 1, "an": 1, "single": 1,
    "один": 1, "одно": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5,
    "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
    "бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8,
    "тоғыз": 9, "он": 10,
}  # fmt: skip
_NUM = r"(\d{1,5}|one|two|three|four|five|six|seven|eight|nine|ten|один|одно|одна|два|две|три|четыре|пять|шесть|семь|восемь|девять|десять)"  # noqa: E501
_COUNT_NOUN = r"(?:reports?|cases?|incidents?|facts?|instances?|times|claims?|lawsuits?|accusations?|charges?|сообщени\w*|случа\w*|факт\w*|инцидент\w*|эпизод\w*|иск\w*|дел[оа]?|обвинени\w*|хабарлама\w*|жағдай\w*)"  # noqa: E501
_PREFIX = r"(?:(?:there\s+(?:were|was|have\s+been)|in\s+total,?|a\s+total\s+of|total:?|overall,?|altogether,?|we\s+recorded|recorded:?|registered:?|всего(?:\s+было)?|(?:было\s+)?зафиксирован[оаы]?|зарегистрирован[оаы]?|отмечен[оаы]?|выявлен[оаы]?|поступил[оаи]?|барлығы)\s+)"  # noqa: E501
_LEADING_RE = re.compile(rf"^{_PREFIX}?{_NUM}(?=[\s:—–\-]|$)\s*(?:[—–\-:]\s*)?(.*)$", re.I | re.S)
_TRAILING_RE = re.compile(
    rf"^(.*?\S)\s*(?:[—–\-:]\s*|\(\s*){_NUM}\s*\)?\s*(?:{_COUNT_NOUN})?$", re.I | re.S
)
_KK_TRAILING_RE = re.compile(
    rf"^(.*?\S)\s+{_NUM}\s+(?:хабарлама|жағдай|іс)\w*(?:\s+тіркелді)?$", re.I
)
_NOT_A_COUNT_AFTER = re.compile(
    r"^(?:%|per\s*cent|percent|процент|пайыз|st\b|nd\b|rd\b|th\b|[-–]\s*\d|[.,]\d|\s*(?:million|billion|thousand|tenge|тенге|тг|млн|млрд|тыс|теңге|years?|лет|год|жыл|hours?|days?|час|дн|күн)\b)",
    re.I,
)
_MONTH_AFTER = re.compile(
    r"^\s*(?:january|february|march|april|may|june|july|august|september|october|november|december|январ|феврал|март|апрел|ма[йяе]\b|июн|июл|август|сентябр|октябр|ноябр|декабр|қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан)",
    re.I,
)

_FILLER_HEAD_RE = re.compile(
    r"^(?:(?:reports?|cases?|incidents?|facts?|instances?|сообщени\w*|случа\w*|факт\w*|инцидент\w*|эпизод\w*)\b\s*)?"
    r"(?:[—–\-:]\s*)?"
    r"(?:(?:involved|involving|related\s+to|relating\s+to|pertained\s+to|pertaining\s+to|concerned|concerning|regarding|about|of|on|were\s+recorded\s+(?:of|on)|о|об|обо|по)\s+)?"
    r"(?:the\s+)?",
    re.I,
)
_FILLER_TAIL_RE = re.compile(
    r"\s*(?:were|was|have been|has been)\s+(?:recorded|registered|reported)$|\s+(?:зафиксирован[оаы]?|зарегистрирован[оаы]?|тіркелді)$",  # noqa: E501
    re.I,
)
_PAREN_RE = re.compile(r"\s*\(([^()]*)\)")

# "including", "among them", "в том числе" …: what follows is a breakdown or the block's items.
_LEAD_WORDS = (
    r"including|among\s+them|among\s+which|of\s+which|of\s+them|these\s+included|these\s+include|"
    r"this\s+included|they\s+included|namely|in\s+particular|"
    r"в\s+том\s+числе|в\s+т\.\s?ч\.|среди\s+них|из\s+них|в\s+их\s+числе|в\s+числе\s+которых|"
    r"а\s+именно|в\s+частности|олардың\s+ішінде|оның\s+ішінде|соның\s+ішінде"
)
_LEAD_INNER_RE = re.compile(rf"(?:,|;|\s)\s*(?:{_LEAD_WORDS})\b\s*:?\s*", re.I)
_LEAD_START_RE = re.compile(rf"^(?:{_LEAD_WORDS})\b\s*:?\s*", re.I)
_OTHERS_RE = re.compile(
    r"(?:^|,?\s+)(?:and\s+(?:some\s+)?others?|and\s+other\s+\w+|etc\.?|et\s+al\.?|и\s+другие|и\s+др\.?|и\s+прочие|и\s+прочее|және\s+басқа\w*|т\.\s?б\.?)\s*[.;:]?$",
    re.I,
)
_PART_SPLIT_RE = re.compile(
    rf"\s*(?:,?\s*as\s+well\s+as|,?\s*а\s+также|,?\s*сондай-ақ|,?\s*and|,?\s*(?<!\w)и(?!\w)|,?\s*және|;|,)\s+(?={_NUM}(?:\s|$|[—–\-:]))",
    re.I,
)
_FACET_RE = re.compile(
    rf"^(?:in|в)\s+{_NUM}\s+(?:of\s+(?:these|them|which)\s+)?(?:cases?|instances?|reports?|случа\w*|эпизод\w*|из\s+них)\b\s*,?\s*(?:[—–\-:]\s*)?(.*)$",
    re.I | re.S,
)
_KK_FACET_RE = re.compile(rf"^{_NUM}\s+жағдайда\s*,?\s*(.*)$", re.I | re.S)
_NOTE_RE = re.compile(
    r"^(?:\*|note\b|notes\b|примечание|ескерту|data on|данные о|деректер|\()|do not include|не включают|ongoing|продолжающ|жалғасып",  # noqa: E501
    re.I,
)
_NOTE_START_RE = re.compile(
    r"^(?:\*|note\b|notes\b|примечание|ескерту|data\s+on|данные\s+о|деректер|сотқа\s+дейінгі\s+және\s+сот\s+істері\s+туралы\s+деректер|\()",
    re.I,
)
_ONGOING_RE = re.compile(r"(?:ongoing|продолжающ|жалғасып)[^()]*\((\d{1,4})\)", re.I)
_GRAND_RE = re.compile(
    rf"^(?:in\s+total|a\s+total\s+of|overall|altogether|всего|итого|барлығы)\b[,:]?\s*(?:(?:in|за|в)\s+\S+\s+(?:\d{{4}}\s*)?(?:года?\s*)?,?\s*)?(?:were\s+recorded\s+|было\s+)?(?:зафиксирован[оаы]?\s+|зарегистрирован[оаы]?\s+)?{_NUM}\b",
    re.I,
)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUM_WORDS[word.lower()]


def _is_year(word: str, rest: str) -> bool:
    return word.isdigit() and len(word) == 4 and 1900 <= int(word) <= 2100


@dataclass
class Clause:
    count: int | None
    phrase: str
    notes: list[str]


def clean_phrase(text: str) -> str:
    s = text.strip().strip(" ,;:.—–-").strip()
    s = _FILLER_HEAD_RE.sub("", s, count=1)
    s = _FILLER_TAIL_RE.sub("", s)
    return s.strip(" ,;:.—–-\"'").strip()


def split_count(text: str) -> Clause:
    """The count of a clause and the phrase around it: '2 reports involved X', 'X – 2', 'X (2)'."""
    notes: list[str] = []
    s = text.strip().rstrip(" .;,:")

    def keep_note(m: re.Match[str]) -> str:
        inner = m.group(1).strip()
        if re.fullmatch(r"\d{1,5}", inner) and m.end() == len(s):
            return m.group(0)  # "X (5)": a trailing count, handled below
        if inner:
            notes.append(inner)
        return ""

    s = _PAREN_RE.sub(keep_note, s).strip().rstrip(" .;,:")
    m = _LEADING_RE.match(s)
    if m:
        word, rest = m.group(1), m.group(2)
        if (
            not _is_year(word, rest)
            and not _NOT_A_COUNT_AFTER.match(rest)
            and not _MONTH_AFTER.match(rest)
            and (word.isdigit() or re.match(_COUNT_NOUN, rest, re.I))
        ):
            return Clause(_number(word), clean_phrase(rest), notes)
    for pattern in (_TRAILING_RE, _KK_TRAILING_RE):
        m = pattern.match(s)
        if m and not _is_year(m.group(2), "") and m.group(2).isdigit():
            return Clause(_number(m.group(2)), clean_phrase(m.group(1)), notes)
    return Clause(None, clean_phrase(s), notes)


def split_parts(text: str) -> tuple[list[str], bool]:
    """'2 for X and 3 for Y and others' → (['2 for X', '3 for Y'], True)."""
    s = text.strip().rstrip(" .;")
    others = False
    m = _OTHERS_RE.search(s)
    if m:
        others = True
        s = s[: m.start()].rstrip(" ,;")
    parts = [p.strip(" ,;") for p in _PART_SPLIT_RE.split(s)]
    return [p for p in parts if p and not re.fullmatch(_NUM, p, re.I)], others


_ABBREV = ("ст", "г", "гг", "т", "ч", "п", "no", "art", "st", "mr", "ms", "dr", "им", "тыс", "млн",
           "обл", "u.s", "vs", "etc", "ул", "пр")  # fmt: skip
_SENT_RE = re.compile(r"(?<=[.!?])[\"»”]?\s+(?=[\"«“A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9])")


def split_sentences(text: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _SENT_RE.finditer(text):
        before = text[start : m.start()].rstrip('"»”')
        last = re.split(r"[\s(]", before)[-1].rstrip(".").lower()
        if last in _ABBREV or (len(last) == 1 and last.isalpha()):
            continue
        out.append(text[start : m.end()].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


# ---------------------------------------------------------------- headings and sections

_HEADINGS: list[tuple[str, re.Pattern[str]]] = [
    (
        "events",
        re.compile(
            r"^(?:main\s+|key\s+)?events\b|^события\b|^основные\s+события|оқиғалар[ыі]?$|^оқиғалар",
            re.I,
        ),
    ),
    (
        "legislation",
        re.compile(
            r"^(?:legislative\s+(?:changes|news|developments|initiatives)|legislation|changes\s+(?:in|to)\s+(?:the\s+)?legislation|law\s?-?making|изменения\s+в\s+законодательств\w*|законодательн\w+\s+(?:изменения|инициативы)|законодательство|законотворчество|заңнамадағы\s+өзгерістер|заңнама)\b",
            re.I,
        ),
    ),
    (
        "also",
        re.compile(
            r"^(?:also\b|other\s+(?:events|news|incidents)|также\b|кроме\s+того\b|другие\s+события|сондай-ақ\b)",
            re.I,
        ),
    ),
    ("reports", re.compile(r"^(?:it\s+reports|сообщается|хабарлайды)\s*:?\s*$", re.I)),
    (
        "cases",
        re.compile(
            r"^(?:featured\s+cases|notable\s+cases|cases|резонансные\s+дела|резонансные\s+случаи|дела)\s*:?$",
            re.I,
        ),
    ),
    (
        "statistics",
        re.compile(r"^(?:statistics|статистика|статистика\s+нарушений|статистика)\s*:?$", re.I),
    ),
]
_CLOSING_RE = re.compile(
    r"^(?:the\s+monitoring\s+(?:was|is)\s+prepared|monitoring\s+(?:was\s+)?prepared|мониторинг\s+(?:подготовлен|составлен)|мониторинг\s.*дайындалды|обзор\s+подготовлен)",
    re.I,
)
_CONTACT_RE = re.compile(
    r"@|e-?mail|\bhead\s+of\b|руководитель|контакт|contact|tel\.|тел\.|www\.|https?://", re.I
)


def heading_kind(text: str) -> str | None:
    if len(text) > 90 or text.endswith((".", ";", ",")):
        return None
    s = text.strip(" :")
    for kind, pattern in _HEADINGS:
        if pattern.search(s):
            # "Also in April:" is a heading; "Also, the court …" is a sentence.
            if kind == "also" and not (text.endswith(":") or len(s.split()) <= 5):
                return None
            if kind in ("events", "legislation") and len(s.split()) > 8:
                return None
            return kind
    letters = [c for c in s if c.isalpha()]
    if len(letters) >= 6 and all(c.isupper() for c in letters) and len(s.split()) <= 10:
        return "other"
    return None


def looks_like_title(text: str) -> bool:
    """A featured case's title: short, no closing punctuation, not a quote or a contact line."""
    words = text.split()
    if not 2 <= len(words) <= 16 or len(text) > 130:
        return False
    if text.endswith((".", ",", ";", ":", "!", "?", "…")) or text[0] in "\"«“'(–—-":
        return False
    if _CONTACT_RE.search(text) or not (text[0].isupper() or text[0].isdigit()):
        return False
    return not re.search(r"[.!?][\"»”]?\s+\S", text)  # two sentences: a paragraph, not a title


# ---------------------------------------------------------------- organisation

_KNOWN_ORGS = [
    ("Adil Soz", re.compile(r"adil\s*soz|адил\s*соз|әділ\s*сөз", re.I)),
    (
        "Glasnost Defence Foundation",
        re.compile(r"glasnost\s+defen[cs]e|фонд\w*\s+защиты\s+гласности", re.I),
    ),
    (
        "Institute of Mass Information",
        re.compile(
            r"institute\s+of\s+mass\s+information|институт\w*\s+массовой\s+информации|інститут\w*\s+масової\s+інформації",
            re.I,
        ),
    ),
    ("NANSMIT", re.compile(r"nansmit|нансмит", re.I)),
    (
        "Justice for Journalists",
        re.compile(r"justice\s+for\s+journalists|правосудие\s+для\s+журналистов", re.I),
    ),
    ("Mapping Media Freedom", re.compile(r"mapping\s+media\s+freedom", re.I)),
    ("U.S. Press Freedom Tracker", re.compile(r"press\s+freedom\s+tracker", re.I)),
]
_ORG_GENERIC = [
    re.compile(
        r"(?:foundation|fund|institute|centre|center|union|фонд|институт|центр|союз|қоры)\w*\s+[«\"“]([^»\"”]{2,60})[»\"”]",
        re.I,
    ),
    re.compile(
        r"^(?:the\s+)?(.{3,120}?)\s+(?:presents|publishes|has\s+prepared|представляет|публикует|подготовил|ұсынады)\b",
        re.I,
    ),
]


def find_organisation(lines: list[str]) -> str:
    head = "\n".join(lines)
    for name, pattern in _KNOWN_ORGS:
        if pattern.search(head):
            return name
    for pattern in _ORG_GENERIC:
        for line in lines:
            m = pattern.search(line)
            if m:
                return m.group(1).strip(' «»"“”')
    return ""


# ---------------------------------------------------------------- the parser


class _Stats:
    """The statistics reader: one call per sentence, keeping the open block and last item."""

    def __init__(self, mapper: Mapper) -> None:
        self.mapper = mapper
        self.blocks: list[Block] = []
        self.block: Block | None = None
        self.item: Item | None = None
        self.warnings: list[Warning] = []
        self.grand: list[tuple[int, int]] = []

    # -- helpers
    def _open(self, phrase: str, total: int | None, match: Match, line: int) -> Block:
        b = Block(phrase, total, match, line)
        self.blocks.append(b)
        self.block, self.item = b, None
        return b

    def _add_item(self, it: Item) -> None:
        if self.block is None or (
            self.block.implicit and it.code and not it.code.startswith(self.block.code + ".")
        ):
            code = it.code.split(".", 1)[0] if it.code and not it.code.startswith("facet:") else ""
            self._open(
                "", None, Match(code, it.match.confidence if code else 0.0, "implied"), it.line
            )
            assert self.block is not None
            self.block.implicit = True
        self.block.items.append(it)
        self.item = it

    def _parts(self, tail: str, parent: Item, line: int) -> None:
        parts, others = split_parts(tail)
        parent.others = parent.others or others
        for p in parts:
            c = split_count(p)
            if c.count is None:
                parent.notes.append(p)
                continue
            match = self.mapper.part(c.phrase, parent.code)
            parent.items.append(
                Item(
                    c.phrase,
                    c.count,
                    match,
                    line,
                    facet=match.code.startswith("facet:"),
                    notes=c.notes,
                )
            )

    def _block_items(self, tail: str, line: int) -> None:
        parts, others = split_parts(tail)
        if self.block is not None:
            self.block.others = self.block.others or others
        for p in parts:
            self.clause(p, line, in_block=True)

    # -- entry points
    def is_stat_line(self, text: str) -> bool:
        """Could this line belong to the statistics? Used to find where they start and end."""
        if (
            _LEAD_START_RE.match(text)
            or _OTHERS_RE.fullmatch(text.strip())
            or _FACET_RE.match(text)
        ):
            return True
        if self.blocks and _NOTE_RE.search(text):
            return True
        first = split_sentences(text)[0]
        head = _LEAD_INNER_RE.split(first, maxsplit=1)[0]
        c = split_count(head)
        if c.count is not None:
            if self.blocks and len(first) < 250 and _LEADING_RE.match(first):
                return True  # a counted line inside the statistics, even if its words are new
            mb = self.mapper.block(c.phrase, deep=False)
            mi = self.mapper.item(c.phrase, self.block.code if self.block else "", deep=False)
            return max(mb.confidence, mi.confidence) >= 0.5
        if self.blocks and len(text) < 160:
            return self.mapper.item(
                c.phrase, self.block.code if self.block else "", deep=False
            ).accepted
        return False

    def line(self, text: str, line: int) -> None:
        for sentence in split_sentences(text):
            self.sentence(sentence, line)

    def sentence(self, s: str, line: int) -> None:
        stripped = s.strip()
        if _OTHERS_RE.fullmatch(stripped):
            if self.block is not None:
                self.block.others = True
            return
        g = _GRAND_RE.match(stripped)
        if g and self.mapper.block(split_count(stripped).phrase, deep=False).confidence < ACCEPT:
            self.grand.append((_number(g.group(1)), line))
            return
        lead = _LEAD_START_RE.match(stripped)
        if lead:
            rest = stripped[lead.end() :]
            if rest:
                self._block_items(rest, line)
            return
        f = _FACET_RE.match(stripped) or _KK_FACET_RE.match(stripped)
        if f and (self.item is not None or self.block is not None):
            n, phrase = _number(f.group(1)), f.group(2).rstrip(" .;")
            parent_code = self.item.code if self.item else (self.block.code if self.block else "")
            match = self.mapper.facet_or_part(phrase, parent_code)
            sub = Item(phrase, n, match, line, facet=match.code.startswith("facet:"))
            if self.item is not None:
                self.item.items.append(sub)
            elif self.block is not None:
                self.block.notes.append(stripped)
            return
        if self.blocks and (
            _NOTE_START_RE.match(stripped)
            or (_NOTE_RE.search(stripped) and not _LEADING_RE.match(stripped))
        ):
            assert self.block is not None
            self.block.notes.append(stripped)
            ongoing = _ONGOING_RE.search(stripped)
            if ongoing:
                self.block.ongoing = int(ongoing.group(1))
            return
        self.clause(stripped, line, in_block=False)

    def clause(self, s: str, line: int, *, in_block: bool) -> None:
        m = _LEAD_INNER_RE.search(s)
        head, tail = (s[: m.start()], s[m.end() :]) if m else (s, "")
        others = False
        if not tail:
            om = _OTHERS_RE.search(head)
            if om and om.start() > 0:
                others, head = True, head[: om.start()]
        c = split_count(head)
        open_code = self.block.code if self.block else ""
        if c.count is None:
            if not c.phrase:
                return
            mi = self.mapper.item(c.phrase, open_code, deep=False)
            if mi.accepted and self.blocks:  # "Report of copyright infringement": one
                it = Item(c.phrase, 1, mi, line, implicit_count=True, notes=c.notes)
                self._add_item(it)
                if others and self.block is not None:
                    self.block.others = True
                return
            mb = self.mapper.block(c.phrase, deep=False)
            if m is not None and not tail and mb.confidence >= 0.5:
                self._open(c.phrase, None, mb, line).notes.extend(c.notes)
                return
            self.warnings.append(Warning("unparsed", f"line {line}: not understood: {s!r}", line))
            if self.block is not None:
                self.block.notes.append(s)
            return
        mb = self.mapper.block(c.phrase, deep=False)
        mi = self.mapper.item(c.phrase, open_code, deep=False)
        better = mb.confidence > mi.confidence
        header = not in_block and (
            (better and (mb.accepted or m is not None or self.block is None))
            or (m is not None and not tail and not mi.accepted and mb.confidence >= 0.4)
            or (self.block is None and m is not None and not tail and not mi.accepted)
        )
        if header:
            if not mb.accepted:
                mb = self.mapper.block(c.phrase)
            b = self._open(c.phrase, c.count, mb, line)
            b.notes.extend(c.notes)
            b.others = others
            if tail:
                self._block_items(tail, line)
            return
        if not mi.accepted:
            mi = self.mapper.item(c.phrase, open_code)
        it = Item(c.phrase, c.count, mi, line, notes=c.notes)
        self._add_item(it)
        if others and self.block is not None:
            self.block.others = True
        if tail:
            self._parts(tail, it, line)


def parse_overview(
    text: str, mapper: Mapper, lang: str | None = None, source: str = ""
) -> Overview:
    lines = prepare_lines(text)
    lang = lang or detect_lang(text)
    warnings: list[Warning] = []
    if not lines:
        return Overview(
            source,
            lang,
            "",
            "",
            None,
            [],
            [],
            [],
            [],
            [],
            [],
            [Warning("empty", f"{source or 'input'}: no text")],
        )

    # Title: leading short lines without closing punctuation (an HTML title may span two).
    title_lines = [lines[0]]
    for ln in lines[1:3]:
        if (
            not find_periods(" ".join(t.text for t in title_lines), years=False)
            and len(ln.text) < 80
            and not ln.text.endswith((".", ":"))
            and heading_kind(ln.text) is None
        ):
            title_lines.append(ln)
        else:
            break
    title = " ".join(t.text for t in title_lines)
    pos = len(title_lines)
    title_periods = [p for _, p in find_periods(title)]
    period = title_periods[0] if title_periods else None

    stats = _Stats(mapper)
    intro: list[Line] = []
    i = pos
    # Intro and statistics: until the first heading, dated entry or narrative paragraph.
    while i < len(lines):
        ln = lines[i]
        if heading_kind(ln.text) or _CLOSING_RE.match(ln.text):
            break
        if find_date_at_start(ln.text, period.year if period else 2000)[0] is not None:
            break
        if stats.is_stat_line(ln.text):
            stats.line(ln.text, ln.no)
        elif stats.blocks:
            break
        else:
            intro.append(ln)
        i += 1
    warnings.extend(stats.warnings)

    intro_periods = [p for ln in intro for _, p in find_periods(ln.text, years=False)]
    if period is None and intro_periods:
        period = intro_periods[0]
    if period is None:
        # An annual text: "… 2023" in the title or intro, with no month or quarter.
        years = [p for ln in [*title_lines, *intro] for _, p in find_periods(ln.text)]
        period = years[0] if years else None
    organisation = find_organisation([title, *(ln.text for ln in intro[:4])])

    entries, cases, headings = _narrative(lines[i:], period)
    if period is None:
        dated = [e.on for e in entries if e.on]
        if dated:
            period = Period("month", dated[0].year, dated[0].month)
            warnings.append(
                Warning(
                    "period_guessed",
                    f"no period named; taken from the first dated entry ({period.label})",
                )
            )
        else:
            warnings.append(
                Warning("no_period", "no month, quarter or year named in the title or intro")
            )
    if period is not None:
        _fix_years(entries, period)
    if not stats.blocks:
        warnings.append(Warning("no_statistics", "no statistics block found"))
    return Overview(
        source=source,
        lang=lang,
        title=title,
        organisation=organisation,
        period=period,
        intro_periods=intro_periods,
        blocks=stats.blocks,
        entries=entries,
        cases=cases,
        headings=headings,
        grand_totals=stats.grand,
        warnings=warnings,
    )


_PLACEHOLDER_YEAR = 1904  # a leap year, so "February 29" survives until the real year is known


def _fix_years(entries: list[Entry], period: Period) -> None:
    for e in entries:
        if e.on is not None and e.on.year == _PLACEHOLDER_YEAR:
            try:
                e.on = e.on.replace(year=period.year)
            except ValueError:
                e.on = None


# Sections whose paragraphs are separate entries; elsewhere an undated paragraph continues the
# entry above it ("On the same day, …").
_LIST_SECTIONS = ("also", "reports")


def _narrative(
    lines: list[Line], period: Period | None
) -> tuple[list[Entry], list[Case], list[Heading]]:
    entries: list[Entry] = []
    cases: list[Case] = []
    headings: list[Heading] = []
    section = "body"
    case: Case | None = None
    entry: Entry | None = None
    year = period.year if period else _PLACEHOLDER_YEAR
    for ln in lines:
        text = ln.text
        if _CLOSING_RE.match(text):
            break
        kind = heading_kind(text)
        if kind:
            headings.append(Heading(kind, text, ln.no))
            section, case, entry = kind, None, None
            continue
        on, _end = find_date_at_start(text, year)
        if on is None and section not in _LIST_SECTIONS and looks_like_title(text):
            case = Case(text, "", ln.no)
            cases.append(case)
            entry = None
            headings.append(Heading("case", text, ln.no))
            continue
        if case is not None:
            case.text = f"{case.text}\n{text}" if case.text else text
            if on is not None:
                entries.append(Entry("cases", on, text, ln.no, case=case.title))
            continue
        if on is not None or section in _LIST_SECTIONS or entry is None:
            entry = Entry(section, on, text, ln.no)
            entries.append(entry)
        else:
            entry.text = f"{entry.text}\n{text}"
    return entries, cases, headings

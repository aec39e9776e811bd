"""Counts and phrases: "2 reports involved X", "X – 2", "X (2)", "— 24 сообщения", "екі". Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from speechwatch.overviews.periods import MONTH_RE

# ---------------------------------------------------------------- phrases and counts

_NUM_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "a": 1, "an": 1, "single": 1,
    "один": 1, "одно": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5,
    "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
    "бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8,
    "тоғыз": 9, "он": 10,
    "once": 1, "twice": 2, "однажды": 1, "дважды": 2, "трижды": 3, "одного": 1, "двух": 2,
    "трех": 3, "трёх": 3,
}  # fmt: skip
NUM = r"(\d{1,5}|one|two|three|four|five|six|seven|eight|nine|ten|once|twice|один|одно|одна|одного|два|две|двух|три|трех|трёх|четыре|пять|шесть|семь|восемь|девять|десять|однажды|дважды|трижды|бір|екі|үш|төрт|бес|алты|жеті|сегіз|тоғыз)"  # noqa: E501
_COUNT_NOUN = r"(?:reports?|cases?|incidents?|facts?|instances?|times|claims?|lawsuits?|suits?|journalists?|people|persons|журналист\w*|человек|раз[а]?|accusations?|charges?|сообщени\w*|случа\w*|факт\w*|инцидент\w*|эпизод\w*|иск\w*|дел[оа]?|обвинени\w*|хабарлама\w*|жағдай\w*)"  # noqa: E501
_PREFIX = r"(?:(?:there\s+(?:were|was|have\s+been)|in\s+total,?|a\s+total\s+of|total:?|overall,?|altogether,?|we\s+recorded|recorded:?|registered:?|всего(?:\s+было)?|(?:было\s+)?зафиксирован[оаы]?|зарегистрирован[оаы]?|отмечен[оаы]?|выявлен[оаы]?|поступил[оаи]?|барлығы)\s+)"  # noqa: E501
LEADING_RE = re.compile(rf"^{_PREFIX}?{NUM}(?=[\s:—–\-]|$)\s*(?:[—–\-:]\s*)?(.*)$", re.I | re.S)
TRAILING_RE = re.compile(
    rf"^(.*?\S)\s*(?:[—–\-:]\s*|\(\s*){NUM}\s*\)?\s*({_COUNT_NOUN})?$", re.I | re.S
)
_KK_TRAILING_RE = re.compile(
    rf"^(.*?\S)\s+{NUM}\s+(хабарлама|жағдай|іс|факт)\w*(?:\s+тіркелді)?$", re.I
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
    r"(?:(?:из\s+них|of\s+(?:them|which)|дают\s+информацию|сообщают|описывают|касаются|reported|concerned)\s+)*"
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
LEAD_INNER_RE = re.compile(rf"(?:,|;|\s)\s*(?:{_LEAD_WORDS})(?!\w)\s*:?\s*", re.I)
LEAD_START_RE = re.compile(rf"^(?:{_LEAD_WORDS})(?!\w)\s*:?\s*", re.I)
# "47 из них дают …": "of them" belongs to the count, it does not open a list.
NUM_OF_THEM_RE = re.compile(r"^(\d{1,5})\s+(?:из\s+них|of\s+them|of\s+which)\s+", re.I)
OTHERS_RE = re.compile(
    r"(?:^|,?\s+)(?:and\s+(?:some\s+)?others?|and\s+other\s+\w+|etc\.?|et\s+al\.?|и\s+другие|и\s+др\.?|и\s+прочие|и\s+прочее|және\s+басқа\w*|т\.\s?б\.?)\s*[.;:]?$",
    re.I,
)
_PART_SPLIT_RE = re.compile(
    rf"\s*(?:,?\s*as\s+well\s+as|,?\s*а\s+также|,?\s*сондай-ақ|,?\s*and|,?\s*(?<!\w)и(?!\w)|,?\s*және|;|,)\s+(?={NUM}(?:\s|$|[—–\-:]))",
    re.I,
)
FACET_RE = re.compile(
    rf"^(?:in|в)\s+{NUM}\s+(?:of\s+(?:these|them|which)\s+)?(?:cases?|instances?|reports?|случа\w*|эпизод\w*|из\s+них)\b\s*,?\s*(?:[—–\-:]\s*)?(.*)$",
    re.I | re.S,
)
KK_FACET_RE = re.compile(rf"^{NUM}\s+жағдайда\s*,?\s*(.*)$", re.I | re.S)
NOTE_RE = re.compile(
    r"^(?:\*|note\b|notes\b|примечание|ескерту|data on|данные о|деректер|\()|do not include|не включают|ongoing|продолжающ|жалғасып",  # noqa: E501
    re.I,
)
NOTE_START_RE = re.compile(
    r"^(?:\*|note\b|notes\b|примечание|ескерту|data\s+on|данные\s+о|деректер|сотқа\s+дейінгі\s+және\s+сот\s+істері\s+туралы\s+деректер|\()",
    re.I,
)
ONGOING_RE = re.compile(r"(?:ongoing|продолжающ|жалғасып)[^()]*\((\d{1,4})\)", re.I)
GRAND_RE = re.compile(
    rf"^(?:in\s+total|a\s+total\s+of|overall|altogether|всего|итого|барлығы)\b[,:]?\s*(?:(?:in|за|в)\s+\S+\s+(?:\d{{4}}\s*)?(?:года?\s*)?,?\s*)?(?:were\s+recorded\s+|было\s+)?(?:зафиксирован[оаы]?\s+|зарегистрирован[оаы]?\s+)?{NUM}\b",
    re.I,
)


def parse_number(word: str) -> int:
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


# Counts that need no noun: "threatened — twice", "задерживали трижды".
_TIMES = frozenset({"once", "twice", "однажды", "дважды", "трижды"})

# "In November, two suits …", "В октябре 2012 года …": the month is the overview's, not the count.
MONTH_LEAD_RE = re.compile(
    rf"^(?:in|в|во)\s+{MONTH_RE}(?:\s+(?:19|20)\d\d)?(?:\s*(?:года|г\.))?\s*,?\s+(?=\S)", re.I
)


def split_count(text: str) -> Clause:
    """The count of a clause and the phrase around it: '2 reports involved X', 'X – 2', 'X (2)'."""
    notes: list[str] = []
    s = MONTH_LEAD_RE.sub("", text.strip(), count=1).rstrip(" .;,:")

    def keep_note(m: re.Match[str]) -> str:
        inner = m.group(1).strip()
        if re.fullmatch(r"\d{1,5}", inner) and m.end() == len(s):
            return m.group(0)  # "X (5)": a trailing count, handled below
        if inner:
            notes.append(inner)
        return ""

    s = _PAREN_RE.sub(keep_note, s).strip().rstrip(" .;,:")
    m = LEADING_RE.match(s)
    if m:
        word, rest = m.group(1), m.group(2)
        if (
            not _is_year(word, rest)
            and not _NOT_A_COUNT_AFTER.match(rest)
            and not _MONTH_AFTER.match(rest)
            and (word.isdigit() or re.match(_COUNT_NOUN, rest, re.I))
        ):
            return Clause(parse_number(word), clean_phrase(rest), notes)
    for pattern in (TRAILING_RE, _KK_TRAILING_RE):
        m = pattern.match(s)
        # A number word counts only with its noun: "— одно сообщение", "үш жағдай".
        word = m.group(2) if m else ""
        if m and not _is_year(word, "") and (word.isdigit() or m.group(3) or word in _TIMES):
            return Clause(parse_number(m.group(2)), clean_phrase(m.group(1)), notes)
    return Clause(None, clean_phrase(s), notes)


def split_parts(text: str) -> tuple[list[str], bool]:
    """'2 for X and 3 for Y and others' → (['2 for X', '3 for Y'], True)."""
    s = text.strip().rstrip(" .;")
    others = False
    m = OTHERS_RE.search(s)
    if m:
        others = True
        s = s[: m.start()].rstrip(" ,;")
    parts = [p.strip(" ,;") for p in _PART_SPLIT_RE.split(s)]
    return [p for p in parts if p and not re.fullmatch(NUM, p, re.I)], others


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

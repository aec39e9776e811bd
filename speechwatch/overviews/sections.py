"""The narrative around the statistics: headings, titles, the organisation, dated entries. Pure."""

from __future__ import annotations

import re

from speechwatch.overviews.periods import MONTH_RE, Period, find_date_at_start
from speechwatch.overviews.types import Case, Entry, Heading, Line

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
CLOSING_RE = re.compile(
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


_PLACEHOLDER_YEAR = 1904  # a leap year, so "February 29" survives until the real year is known


def fix_years(entries: list[Entry], period: Period) -> None:
    for e in entries:
        if e.on is not None and e.on.year == _PLACEHOLDER_YEAR:
            try:
                e.on = e.on.replace(year=period.year)
            except ValueError:
                e.on = None


# Sections whose paragraphs are separate entries; elsewhere an undated paragraph continues the
# entry above it ("On the same day, …").
_LIST_SECTIONS = ("also", "reports")


def read_narrative(
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
        if CLOSING_RE.match(text):
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


_PUBDATE_RE = re.compile(
    rf"^(?:download|скачать|жүктеу)?\s*\d{{1,2}}\s+{MONTH_RE}\s+(?:19|20)\d\d(?:\s*(?:года|г\.|ж\.))?$"
    rf"|^(?:19|20)\d\d\s+жылғы?\s+\d{{1,2}}\s+{MONTH_RE}$"
    rf"|^\d{{1,2}}\.\d{{1,2}}\.(?:19|20)\d\d$",
    re.I,
)


def is_pubdate(text: str) -> bool:
    """A line that is only a date ("17 may 2024", "Скачать 16 августа 2023"): when published."""
    return len(text) < 40 and _PUBDATE_RE.match(text.strip()) is not None

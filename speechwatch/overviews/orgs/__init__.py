"""Statistics readers of other organisations, selected by taxonomy code (readers.PLUGINS).

`gdf`: the Glasnost Defence Foundation's "Category – N (names, places)" lines;
`imi`: the Institute of Mass Information's barometer, figures in running prose.
"""

from __future__ import annotations

import re

from speechwatch.overviews.periods import Period

__all__ = ["ORGANISATIONS", "organisation_for", "refine_lang", "refine_period"]

# The organisation a taxonomy's overviews come from, when the text does not name it.
ORGANISATIONS = {
    "gdf": "Glasnost Defence Foundation",
    "imi": "Institute of Mass Information",
}

# Ukrainian month names (periods.py reads en/ru/kk titles): stem → month.
_UK_MONTHS = ("січ", "лют", "берез", "квіт", "трав", "черв", "лип", "серп", "верес", "жовт",
              "листопад", "груд")  # fmt: skip
_UK_TITLE_RE = re.compile(
    r"(?<!\w)(" + "|".join(_UK_MONTHS) + r")[а-яіїєґ]*\s+((?:19|20)\d\d)(?!\d)", re.I
)

_UK_HALF_RE = re.compile(r"(перше|друге)\s+півріччя\s+((?:19|20)\d\d)(?!\d)", re.I)


def organisation_for(taxonomy: str, detected: str) -> str:
    return detected or ORGANISATIONS.get(taxonomy, "")


def refine_period(title: str, period: Period | None) -> Period | None:
    """A Ukrainian month or half-year in the title ("за серпень 2019 року", "перше півріччя
    2021 року") makes a year-only period that month or half."""
    if period is not None and period.kind != "year":
        return period
    half = _UK_HALF_RE.search(title)
    if half is not None:
        return Period("half", int(half.group(2)), 1 if half.group(1).lower() == "перше" else 2)
    m = _UK_TITLE_RE.search(title)
    if m is None:
        return period
    month = next(i for i, s in enumerate(_UK_MONTHS, 1) if m.group(1).lower().startswith(s))
    return Period("month", int(m.group(2)), month)


_UK_ONLY_RE = re.compile(r"[їєґ]", re.I)
_KK_ONLY_RE = re.compile(r"[әғқңөұүһ]", re.I)


def refine_lang(text: str, lang: str) -> str:
    """Ukrainian text is detected as Kazakh (both have "і"); ї, є, ґ without Kazakh letters
    make it Ukrainian."""
    if lang == "kk" and _UK_ONLY_RE.search(text) and not _KK_ONLY_RE.search(text):
        return "uk"
    return lang

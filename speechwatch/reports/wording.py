"""Fixed texts (data/wording.yaml) and the small text helpers the sections share: picking a text
in the report's language with a visible fallback, filling "{Month_in}"-style placeholders,
capitalising. Pure: no queries."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import yaml
from babel.dates import format_date as babel_format_date

from speechwatch.reports.language import LanguageError, fallback_text
from speechwatch.reports.overrides import Overrides

__all__ = [
    "BECAME_KNOWN",
    "COMMON_FIRST_WORDS",
    "FIXED_TEXTS",
    "STAGE_LABELS",
    "TextPicker",
    "capitalise",
    "decap",
    "fill",
    "month_label",
]

_DATA = yaml.safe_load((Path(__file__).parent / "data" / "wording.yaml").read_text("utf-8"))
# Texts the default template does not (yet) carry; a month's overrides may replace any of them
# ("heading:featured_cases", "became_known", ...).
FIXED_TEXTS: dict[str, dict[str, str]] = _DATA["texts"]
BECAME_KNOWN: dict[str, str] = _DATA["became_known"]
STAGE_LABELS: dict[str, dict[str, str]] = _DATA["stages"]
# First words that start a sentence but not a name, so "In March, the court…" may lower them.
COMMON_FIRST_WORDS = frozenset(_DATA["common_first_words"])


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def decap(text: str) -> str:
    """Lower the first letter when the sentence continues another ("In January, the court…"),
    unless the first word may be a name or an acronym."""
    match = re.match(r"[\w-]+", text)
    if match and match.group(0).lower() in COMMON_FIRST_WORDS:
        return text[:1].lower() + text[1:]
    return text


def fill(pattern: str, **values: str) -> str:
    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        value = values[name.lower()]
        return capitalise(value) if name[:1].isupper() else value

    return re.sub(r"\{([A-Za-z_]+)\}", one, pattern)


class TextPicker:
    """Picks texts in the report's language; fallbacks are marked and collected as warnings."""

    def __init__(self, lang: str, order: Sequence[str], overrides: Overrides) -> None:
        self.lang = lang
        self.order = tuple(order)
        self.overrides = overrides
        self.warnings: list[str] = []

    def pick(self, texts: Mapping[str, str], where: str) -> tuple[str, str | None] | None:
        """(text, fallback language or None); None when no language has a text."""
        try:
            text, used, is_fallback = fallback_text(texts, self.lang, self.order)
        except LanguageError:
            return None
        if is_fallback:
            self.warnings.append(f"{where}: no {self.lang} text, shown in {used}")
            return text, used
        return text, None

    def own(self, key: str) -> str | None:
        """The editor's text for ``key`` in this language, if any (never another language's)."""
        return self.overrides.text.get(key, {}).get(self.lang) or None

    def fixed(self, key: str) -> str:
        return self.own(key) or FIXED_TEXTS[key].get(self.lang) or FIXED_TEXTS[key]["en"]


def month_label(lang: str, key: str) -> str:
    """A short axis label ("Apr 2024", "апр. 2024", "сәу. 2024"): full titles crowd the chart."""
    year, month = (int(part) for part in key.split("-"))
    return babel_format_date(date(year, month, 1), "LLL yyyy", locale=lang)

"""A template bound to one language (``Phraser``): picks texts with visible fallbacks and fills
placeholders with numbers, nouns in the right plural and month names. ``Paragraph`` is one
statistics block as plain text. Shared by the statistics and the comparison sentences."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from speechwatch.reports.language import (
    PHRASES,
    LanguageError,
    PluralForms,
    fallback_text,
    format_number,
    month_name,
    month_phrase,
    phrase,
)
from speechwatch.reports.rows import Taxonomy
from speechwatch.reports.template import ReportTemplate, TemplateError, Texts

__all__ = ["PLACEHOLDER", "Number", "Paragraph", "Phraser", "capitalise", "cased", "month_values"]

Number = int | Decimal
PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)(?::([a-z]+))?\}")


@dataclass(frozen=True)
class Paragraph:
    """One statistics block as structured plain text."""

    block: str
    header: str
    lead: str
    items: tuple[str, ...]
    layout: Literal["lines", "inline"] = "lines"
    others: str | None = None
    notes: tuple[str, ...] = ()
    fallbacks: tuple[str, ...] = field(default=(), compare=False)

    def text(self) -> str:
        """The block as plain text, the way the published overview lays it out."""
        if not self.items:
            lines = [self.header]
        elif self.layout == "inline":
            body = " ".join(p for p in (self.header, self.lead, self.items[0]) if p)
            lines = [f"{body} {self.others}" if self.others else body]
        else:
            lines = [f"{self.header} {self.lead}".strip(), *self.items]
            if self.others:
                lines.append(self.others)
        return "\n".join([*lines, *self.notes])


def month_values(lang: str, year: int, month: int) -> dict[str, str]:
    """Month placeholders: {month_title} {month_in} {month_of} {month} {month_in_short}."""
    short = {
        "en": f"in {month_name('en', month)}",
        "ru": f"в {month_name('ru', month, 'prepositional')}",
        "kk": month_name("kk", month, "locative"),
    }
    if lang not in short:
        raise LanguageError(f"unsupported language {lang!r}")
    return {
        "month_title": month_phrase(lang, year, month, "title"),
        "month_in": month_phrase(lang, year, month, "in"),
        "month_of": month_phrase(lang, year, month, "of"),
        "month": month_name(lang, month),
        "month_in_short": short[lang],
    }


class Phraser:
    """A template bound to one language: picks texts (with fallbacks) and fills placeholders."""

    def __init__(
        self, template: ReportTemplate, lang: str, taxonomy: Taxonomy | None = None
    ) -> None:
        self.template = template
        self.lang = lang
        self.taxonomy = taxonomy
        self.nouns: dict[str, Mapping[str, PluralForms]] = {**PHRASES, **template.nouns}
        self.fallbacks: list[str] = []

    def pick(self, texts: Texts, where: str) -> str:
        try:
            text, used, is_fallback = fallback_text(texts, self.lang, self.template.fallback_order)
        except LanguageError as exc:
            raise TemplateError(f"template {self.template.name}: {where}: {exc}") from exc
        if is_fallback:
            self.fallbacks.append(f"{where}: {used}")
        return text

    def fill(
        self, pattern: str, n: Number | None = None, values: Mapping[str, str] | None = None
    ) -> str:
        filled: Mapping[str, str] = values or {}

        def one(match: re.Match[str]) -> str:
            name, case = match.group(1), match.group(2)
            key = name.lower()
            if case is None and key in filled:
                return cased(name, filled[key])
            if case is None and key == "n" and n is not None:
                return format_number(self.lang, n)
            noun = f"{key}:{case}" if case else key
            if noun in self.nouns and n is not None:
                return cased(name, phrase(noun, self.lang, n, self.nouns))
            raise TemplateError(
                f"template {self.template.name}: no value for {match.group(0)} in {pattern!r}"
            )

        return PLACEHOLDER.sub(one, pattern)

    def text(
        self,
        texts: Texts,
        where: str,
        n: Number | None = None,
        values: Mapping[str, str] | None = None,
    ) -> str:
        return self.fill(self.pick(texts, where), n, values)

    def label(self, code: str) -> str:
        """A category's label in this language; a missing one falls back visibly."""
        info = self.taxonomy[code] if self.taxonomy and code in self.taxonomy else None
        if info is None or not info.labels:
            return code
        return self.pick(info.labels, f"label of {code}")

    def join(self, parts: Sequence[str], last: Texts | None = None) -> str:
        lists = (
            self.template.lists.get(self.lang)
            or self.template.lists[self.template.fallback_order[0]]
        )
        final = self.pick(last, "last") if last else lists["last"]
        if len(parts) <= 1:
            return "".join(parts)
        return lists["sep"].join(parts[:-1]) + final + parts[-1]


def cased(name: str, value: str) -> str:
    # {MONTH_TITLE} upper-cases the value; {Month_in} capitalises it at a sentence start.
    if name.isupper() and len(name) > 1:
        return value.upper()
    if name[:1].isupper():
        return capitalise(value)
    return value


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]

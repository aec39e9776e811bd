"""A month's editorial choices (``ReportMonth.overrides``): parsed and checked, then applied to
the template's listing. Also the month keys the editor and the command line write ("2024-04").
Pure: no queries."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from speechwatch.lib.dates import QUERY_YEARS
from speechwatch.reports.counting import BreakdownSpec
from speechwatch.reports.language import LANGUAGES
from speechwatch.reports.template import ReportTemplate, TemplateError, apply_overrides

__all__ = [
    "Overrides",
    "OverridesError",
    "effective_template",
    "month_key",
    "parse_overrides",
    "today_key",
]


class OverridesError(ValueError):
    """Overrides that cannot be used; the message names the field."""


@dataclass(frozen=True)
class Overrides:
    """A month's editorial choices, stored as JSON with the ReportMonth.

    ``{"blocks": {"R": {"items": [codes] | "all"}}, "breakdowns": {"L.administrative": [codes]},
    "featured_cases": [case external ids], "also": [incident external ids],
    "text": {key: {lang: text}}, "comparisons": true, "charts": true}``. Text keys: title,
    intro, statistics, methodology, heading:<section>, case:<ext id>, event:<ext id>,
    legislation:<ext id>, also:<ext id>, and the keys of compose._TEXTS.
    """

    blocks: Mapping[str, Any] = field(default_factory=dict)
    breakdowns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    featured_cases: tuple[str, ...] | None = None
    also: tuple[str, ...] = ()
    text: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    comparisons: bool = True
    charts: bool = True


_OVERRIDE_KEYS = {"blocks", "breakdowns", "featured_cases", "also", "text", "comparisons", "charts"}


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise OverridesError(f"overrides: {where}: expected a list of non-empty strings")
    if len(set(value)) != len(value):
        raise OverridesError(f"overrides: {where}: lists a value twice")
    return tuple(value)


def parse_overrides(data: Mapping[str, Any] | None) -> Overrides:
    data = dict(data or {})
    for key in data:
        if key not in _OVERRIDE_KEYS:
            known = ", ".join(sorted(_OVERRIDE_KEYS))
            raise OverridesError(f"overrides: {key}: unknown field (expected one of {known})")
    blocks = data.get("blocks", {})
    if not isinstance(blocks, dict):
        raise OverridesError("overrides: blocks: expected a mapping of block code to choices")
    breakdowns_doc = data.get("breakdowns", {})
    if not isinstance(breakdowns_doc, dict):
        raise OverridesError("overrides: breakdowns: expected a mapping of item code to codes")
    breakdowns = {
        str(code): _str_list(codes, f"breakdowns.{code}") for code, codes in breakdowns_doc.items()
    }
    featured = data.get("featured_cases")
    text_doc = data.get("text", {})
    if not isinstance(text_doc, dict):
        raise OverridesError("overrides: text: expected a mapping of key to {lang: text}")
    texts: dict[str, dict[str, str]] = {}
    for key, per_lang in text_doc.items():
        if not isinstance(per_lang, dict):
            raise OverridesError(f"overrides: text.{key}: expected a mapping of language to text")
        for lang, value in per_lang.items():
            if lang not in LANGUAGES:
                raise OverridesError(f"overrides: text.{key}.{lang}: unknown language")
            if not isinstance(value, str):
                raise OverridesError(f"overrides: text.{key}.{lang}: expected a string")
        texts[str(key)] = {lang: v for lang, v in per_lang.items() if v}
    for flag in ("comparisons", "charts"):
        if not isinstance(data.get(flag, True), bool):
            raise OverridesError(f"overrides: {flag}: expected true or false")
    return Overrides(
        blocks=blocks,
        breakdowns=breakdowns,
        featured_cases=None if featured is None else _str_list(featured, "featured_cases"),
        also=_str_list(data.get("also", []), "also"),
        text=texts,
        comparisons=bool(data.get("comparisons", True)),
        charts=bool(data.get("charts", True)),
    )


def effective_template(template: ReportTemplate, overrides: Overrides) -> ReportTemplate:
    """The template with the month's listing choices (items per block, breakdown codes)."""
    try:
        tpl = apply_overrides(template, {"blocks": dict(overrides.blocks)})
    except TemplateError as exc:
        raise OverridesError(str(exc)) from exc
    if overrides.breakdowns:
        items = dict(tpl.items)
        for code, codes in overrides.breakdowns.items():
            if code not in items:
                raise OverridesError(
                    f"overrides: breakdowns.{code}: the template has no sentence for {code!r}"
                )
            items[code] = replace(items[code], breakdown=BreakdownSpec(by="codes", codes=codes))
        tpl = replace(tpl, items=items)
    return tpl


def month_key(value: str) -> tuple[int, int]:
    """'2024-04' -> (2024, 4); raises ValueError naming the value. Years outside
    lib.dates.QUERY_YEARS (1900..2200) are refused like every other month parameter."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", value.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"month {value!r}: expected YYYY-MM, e.g. 2024-04")
    low, high = QUERY_YEARS
    if not low <= int(match.group(1)) <= high:
        raise ValueError(f"month {value!r}: the year must be {low}..{high}")
    return int(match.group(1)), int(match.group(2))


def today_key(today: date) -> str:
    return f"{today.year:04d}-{today.month:02d}"

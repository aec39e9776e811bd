"""Report templates as data: a versioned YAML file says which sections come in which order, which
items each statistics block lists, and every sentence in every language.

A published report stores the template name and version plus its per-month overrides (which
items to list), so re-rendering it later gives the same text. Files are checked when loaded: an
unknown field, a placeholder no renderer fills or a missing language is reported with the file and
field, never discovered halfway through rendering.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from speechwatch.reports.counting import BreakdownSpec
from speechwatch.reports.language import LANGUAGES, PHRASES, PluralForms
from speechwatch.reports.rows import Taxonomy

__all__ = [
    "DEFAULT_TEMPLATE_PATH",
    "SECTIONS",
    "BlockTemplate",
    "FacetSentence",
    "ItemTemplate",
    "ReportTemplate",
    "TemplateError",
    "Texts",
    "apply_overrides",
    "default_template",
    "load_template",
    "parse_template",
    "placeholders",
    "unknown_codes",
]
from speechwatch.reports.templatemodel import (
    CONTEXT_PLACEHOLDERS,
    DEFAULT_TEMPLATE_PATH,
    SECTIONS,
    BlockTemplate,
    FacetSentence,
    ItemTemplate,
    ReportTemplate,
    TemplateError,
    Texts,
    placeholders,
)

# -- loading --------------------------------------------------------------------------------------


def load_template(path: Path | str) -> ReportTemplate:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read: {exc.strerror}") from exc
    return parse_template(text, source=str(path))


def default_template() -> ReportTemplate:
    return load_template(DEFAULT_TEMPLATE_PATH)


class _Reader:
    """Checks one template document; every error names the source and the field path."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.languages: tuple[str, ...] = LANGUAGES
        self.nouns: set[str] = set(PHRASES)

    def fail(self, where: str, message: str) -> TemplateError:
        return TemplateError(f"{self.source}: {where}: {message}")

    def mapping(self, value: Any, where: str, allowed: set[str] | None = None) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "expected a mapping")
        if allowed is not None:
            for key in value:
                if key not in allowed:
                    expected = ", ".join(sorted(allowed))
                    raise self.fail(f"{where}.{key}", f"unknown field (expected one of {expected})")
        return value

    def string(self, value: Any, where: str) -> str:
        if not isinstance(value, str):
            raise self.fail(where, "expected a string")
        return value

    def texts(self, value: Any, where: str, extra: frozenset[str] = frozenset()) -> dict[str, str]:
        """Language -> text; every placeholder must be one the renderers fill."""
        texts = self.mapping(value, where)
        for lang, text in texts.items():
            if lang not in self.languages:
                raise self.fail(f"{where}.{lang}", f"language not in {list(self.languages)}")
            self.string(text, f"{where}.{lang}")
            for name in placeholders(text):
                key = name.lower() if ":" not in name else name
                if key not in {"n", *CONTEXT_PLACEHOLDERS, *extra} and key not in self.nouns:
                    raise self.fail(f"{where}.{lang}", f"unknown placeholder {{{name}}}")
        if not texts:
            raise self.fail(where, "has no text in any language")
        return dict(texts)


_TOP = {
    "template",
    "version",
    "languages",
    "fallback_order",
    "sections",
    "organisation",
    "text",
    "nouns",
    "lists",
    "including",
    "others",
    "defaults",
    "legal_codes",
    "article_format",
    "articles",
    "blocks",
    "items",
}


def parse_template(text: str, source: str = "<template>") -> ReportTemplate:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark is not None else source
        raise TemplateError(f"{where}: not valid YAML: {exc}") from exc
    r = _Reader(source)
    doc = r.mapping(doc, "(top level)", _TOP)

    name = doc.get("template")
    if not isinstance(name, str) or not name:
        raise r.fail("template", "required, the template's name")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise r.fail("version", "required, a positive integer")
    languages = tuple(doc.get("languages") or ())
    if not languages or any(lang not in LANGUAGES for lang in languages):
        raise r.fail("languages", f"expected a non-empty list drawn from {list(LANGUAGES)}")
    r.languages = languages
    fallback = tuple(doc.get("fallback_order") or languages)
    if any(lang not in languages for lang in fallback):
        raise r.fail("fallback_order", f"may only name the template's languages {languages}")
    sections = tuple(doc.get("sections") or SECTIONS)
    for i, section in enumerate(sections):
        if section not in SECTIONS:
            raise r.fail(f"sections[{i}]", f"{section!r} is not one of {', '.join(SECTIONS)}")

    nouns = _nouns(r, doc.get("nouns", {}))
    r.nouns |= set(nouns)
    text_doc = r.mapping(doc.get("text", {}), "text", set(SECTIONS))
    texts = {key: r.texts(value, f"text.{key}") for key, value in text_doc.items()}
    lists = {
        lang: {
            k: r.string(v, f"lists.{lang}.{k}")
            for k, v in r.mapping(spec, f"lists.{lang}", {"sep", "last"}).items()
        }
        for lang, spec in r.mapping(doc.get("lists", {}), "lists").items()
    }
    for lang in languages:
        if set(lists.get(lang, {})) != {"sep", "last"}:
            raise r.fail(f"lists.{lang}", "needs both 'sep' and 'last'")
    defaults_doc = r.mapping(doc.get("defaults", {}), "defaults", {"item", "part", "legal_ref"})
    defaults = {k: r.texts(v, f"defaults.{k}") for k, v in defaults_doc.items()}
    for key in ("item", "part", "legal_ref"):
        if key not in defaults:
            raise r.fail(f"defaults.{key}", "required")
    article_doc = r.mapping(doc.get("article_format", {}), "article_format", {"long", "short"})
    article_format = {k: r.texts(v, f"article_format.{k}") for k, v in article_doc.items()}
    for key in ("long", "short"):
        if key not in article_format:
            raise r.fail(f"article_format.{key}", "required")

    blocks = tuple(
        _block(r, spec, f"blocks[{i}]") for i, spec in enumerate(doc.get("blocks") or [])
    )
    if not blocks:
        raise r.fail("blocks", "required, a non-empty list")
    codes = [b.code for b in blocks]
    if len(set(codes)) != len(codes):
        raise r.fail("blocks", "lists a block twice")
    items = {
        str(code): _item(r, str(code), spec)
        for code, spec in r.mapping(doc.get("items", {}), "items").items()
    }
    return ReportTemplate(
        name=name,
        version=version,
        languages=languages,
        fallback_order=fallback,
        sections=sections,
        organisation=r.texts(doc.get("organisation", {}), "organisation"),
        text=texts,
        nouns=nouns,
        lists=lists,
        including=r.texts(doc.get("including", {}), "including"),
        others=r.texts(doc.get("others", {}), "others"),
        defaults=defaults,
        legal_codes={
            str(k): r.texts(v, f"legal_codes.{k}")
            for k, v in r.mapping(doc.get("legal_codes", {}), "legal_codes").items()
        },
        article_format=article_format,
        articles={
            str(k): r.texts(v, f"articles.{k}")
            for k, v in r.mapping(doc.get("articles", {}), "articles").items()
        },
        blocks=blocks,
        items=items,
    )


def _nouns(r: _Reader, value: Any) -> dict[str, dict[str, PluralForms]]:
    nouns: dict[str, dict[str, PluralForms]] = {}
    for key, per_lang in r.mapping(value, "nouns").items():
        where = f"nouns.{key}"
        if not re.fullmatch(r"[a-z_]+(?::[a-z]+)?", str(key)):
            raise r.fail(where, "a noun key is lower-case letters and '_', optionally ':case'")
        entry: dict[str, PluralForms] = {}
        for lang, forms in r.mapping(per_lang, where).items():
            if lang not in r.languages:
                raise r.fail(f"{where}.{lang}", f"language not in {list(r.languages)}")
            if isinstance(forms, str):
                entry[lang] = forms
                continue
            forms = r.mapping(
                forms, f"{where}.{lang}", {"zero", "one", "two", "few", "many", "other"}
            )
            if "other" not in forms:
                raise r.fail(f"{where}.{lang}", "needs an 'other' form")
            entry[lang] = {k: r.string(v, f"{where}.{lang}.{k}") for k, v in forms.items()}
        nouns[str(key)] = entry
    return nouns


def _items_choice(r: _Reader, value: Any, where: str) -> tuple[str, ...] | None:
    if value is None or value == "all":
        return None
    if not isinstance(value, list) or not all(isinstance(c, str) and c for c in value):
        raise r.fail(where, "expected 'all' or a list of category codes")
    if len(set(value)) != len(value):
        raise r.fail(where, "lists a code twice")
    return tuple(value)


def _block(r: _Reader, value: Any, where: str) -> BlockTemplate:
    allowed = {"code", "header", "lead", "layout", "items", "last", "item_end", "ongoing"}
    spec = r.mapping(value, where, allowed)
    code = r.string(spec.get("code"), f"{where}.code")
    where = f"blocks.{code}"
    layout = spec.get("layout", "lines")
    if layout not in ("lines", "inline"):
        raise r.fail(f"{where}.layout", f"{layout!r} is not one of lines, inline")
    return BlockTemplate(
        code=code,
        header=r.texts(spec.get("header"), f"{where}.header"),
        lead=r.texts(spec.get("lead"), f"{where}.lead"),
        layout=layout,
        items=_items_choice(r, spec.get("items", "all"), f"{where}.items"),
        last=r.texts(spec["last"], f"{where}.last") if "last" in spec else {},
        item_end=r.string(spec.get("item_end", ""), f"{where}.item_end"),
        ongoing=r.texts(spec["ongoing"], f"{where}.ongoing") if "ongoing" in spec else {},
    )


def _item(r: _Reader, code: str, value: Any) -> ItemTemplate:
    where = f"items.{code}"
    spec = r.mapping(value, where, {"text", "breakdown", "facets"})
    breakdown = None
    if "breakdown" in spec:
        b = r.mapping(spec["breakdown"], f"{where}.breakdown", {"by", "codes"})
        by = b.get("by", "children")
        if by not in ("children", "legal_ref", "codes"):
            raise r.fail(f"{where}.breakdown.by", f"{by!r} is not children, legal_ref or codes")
        codes = b.get("codes", [])
        if by == "codes" and not codes:
            raise r.fail(f"{where}.breakdown.codes", "required when breaking down by codes")
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise r.fail(f"{where}.breakdown.codes", "expected a list of category codes")
        breakdown = BreakdownSpec(by=by, codes=tuple(codes))
    facets = []
    for i, facet in enumerate(spec.get("facets") or []):
        fwhere = f"{where}.facets[{i}]"
        f = r.mapping(facet, fwhere, {"facet", "value", "text"})
        facets.append(
            FacetSentence(
                facet=r.string(f.get("facet"), f"{fwhere}.facet"),
                value=r.string(f.get("value"), f"{fwhere}.value"),
                text=r.texts(f.get("text"), f"{fwhere}.text"),
            )
        )
    return ItemTemplate(
        code=code,
        text=r.texts(spec.get("text"), f"{where}.text"),
        breakdown=breakdown,
        facets=tuple(facets),
    )


# -- per-month overrides and checks against a taxonomy ----------------------------------------


def apply_overrides(
    template: ReportTemplate, overrides: Mapping[str, Any], source: str = "overrides"
) -> ReportTemplate:
    """The template with a month's overrides, as stored with the report.

    Supported: ``{"blocks": {"R": {"items": "all" | [codes]}}}``.
    """
    r = _Reader(source)
    doc = r.mapping(dict(overrides), "(top level)", {"blocks"})
    changed = {b.code: b for b in template.blocks}
    for code, spec in r.mapping(doc.get("blocks", {}), "blocks").items():
        if code not in changed:
            raise r.fail(f"blocks.{code}", f"the template has no block {code!r}")
        spec = r.mapping(spec, f"blocks.{code}", {"items"})
        if "items" in spec:
            items = _items_choice(r, spec["items"], f"blocks.{code}.items")
            changed[code] = replace(changed[code], items=items)
    return replace(template, blocks=tuple(changed[b.code] for b in template.blocks))


def unknown_codes(template: ReportTemplate, taxonomy: Taxonomy) -> list[str]:
    """Codes the template names that the taxonomy lacks (a template written for another one)."""
    problems = []
    for block in template.blocks:
        if block.code not in {taxonomy[c].block for c in taxonomy.codes()}:
            problems.append(f"blocks.{block.code}: no such block in the taxonomy")
        for code in block.items or ():
            if code not in taxonomy:
                problems.append(f"blocks.{block.code}.items: unknown category {code!r}")
    for code, item in template.items.items():
        if code not in taxonomy:
            problems.append(f"items.{code}: unknown category")
        if item.breakdown is not None:
            problems.extend(
                f"items.{code}.breakdown.codes: unknown category {c!r}"
                for c in item.breakdown.codes
                if c not in taxonomy
            )
    return problems

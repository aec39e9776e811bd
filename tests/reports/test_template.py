"""The report template is data: the default loads, broken ones name the field, overrides apply."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from speechwatch.reports.counting import BreakdownSpec
from speechwatch.reports.template import (
    DEFAULT_TEMPLATE_PATH,
    SECTIONS,
    TemplateError,
    apply_overrides,
    default_template,
    load_template,
    parse_template,
    unknown_codes,
)
from tests.reports.factories import TAXONOMY


def test_default_template_has_the_reference_structure() -> None:
    template = default_template()
    assert template.version >= 1
    assert template.sections == SECTIONS
    assert [b.code for b in template.blocks] == ["R", "I", "L"]
    assert template.block("R").items == ("R.obstruction", "R.discrediting")
    assert template.block("L").items is None
    assert template.items["L.administrative"].breakdown == BreakdownSpec("children")
    assert unknown_codes(template, TAXONOMY) == []


def test_every_default_text_exists_in_every_language() -> None:
    doc = yaml.safe_load(DEFAULT_TEMPLATE_PATH.read_text(encoding="utf-8"))
    missing: list[str] = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            if {"en", "ru", "kk"} & set(node) and where.split(".")[0] != "lists":
                missing.extend(f"{where}.{lang}" for lang in ("en", "ru", "kk") if lang not in node)
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    walk(doc, "")
    assert missing == []


def _broken(change: str, replacement: str) -> str:
    text = DEFAULT_TEMPLATE_PATH.read_text(encoding="utf-8")
    assert change in text
    return text.replace(change, replacement, 1)


@pytest.mark.parametrize(
    ("change", "replacement", "message"),
    [
        ("version: 1", "version: zero", "version: required"),
        (
            "{n} {report} involved",
            "{n} {raport} involved",
            "items.R.obstruction.text.en: unknown placeholder {raport}",
        ),
        ("    layout: inline", "    layout: table", "blocks.I.layout: 'table' is not one of"),
        ("sections: [title,", "sections: [cover,", "sections[0]: 'cover' is not one of"),
        (
            "    breakdown: {by: children}",
            "    breakdown: {by: size}",
            "items.L.administrative.breakdown.by",
        ),
        ('  en: {sep: ", ", last: " and "}', '  en: {sep: ", "}', "lists.en: needs both"),
        ("organisation:\n", "organization:\n", "organization: unknown field"),
        (
            "      - facet: victim_group\n",
            "      - facet: [victim_group]\n",
            "items.R.discrediting.facets[0].facet: expected a string",
        ),
        (
            "  criminal_case:\n    en: {one: criminal case, other: criminal cases}",
            "  criminal_case:\n    en: {one: criminal case}",
            "nouns.criminal_case.en: needs an 'other' form",
        ),
        (
            '    kk: "{n} {admin_accusation}"',
            '    de: "{n}"',
            "items.L.administrative.text.de: language not in",
        ),
    ],
)
def test_broken_template_names_the_field(change: str, replacement: str, message: str) -> None:
    with pytest.raises(TemplateError, match=r"^t\.yaml") as info:
        parse_template(_broken(change, replacement), source="t.yaml")
    assert message in str(info.value)


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("template: x\nversion: [1\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=rf"^{path}:\d+: not valid YAML"):
        load_template(path)


def test_month_overrides_choose_items() -> None:
    template = default_template()
    changed = apply_overrides(
        template, {"blocks": {"R": {"items": ["R.threat"]}, "L": {"items": "all"}}}
    )
    assert changed.block("R").items == ("R.threat",)
    assert changed.block("L").items is None
    assert template.block("R").items == ("R.obstruction", "R.discrediting")  # unchanged
    assert [s.items for s in changed.block_specs()] == [
        ("R.threat",),
        ("I.refusal", "I.cyber"),
        None,
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"blocks": {"X": {"items": "all"}}}, "overrides: blocks.X: the template has no block 'X'"),
        (
            {"blocks": {"R": {"items": "some"}}},
            "overrides: blocks.R.items: expected 'all' or a list",
        ),
        ({"blocks": {"R": {"colour": 1}}}, "overrides: blocks.R.colour: unknown field"),
        ({"title": "x"}, "overrides: (top level).title: unknown field"),
    ],
)
def test_bad_overrides_are_named(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(TemplateError) as info:
        apply_overrides(default_template(), overrides)
    assert message in str(info.value)


def test_unknown_codes_against_another_taxonomy() -> None:
    template = apply_overrides(default_template(), {"blocks": {"R": {"items": ["R.gone"]}}})
    assert unknown_codes(template, TAXONOMY) == ["blocks.R.items: unknown category 'R.gone'"]

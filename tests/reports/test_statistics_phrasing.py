"""Rendering details: singulars, zero items, default phrasing by label, visible fallbacks."""

from __future__ import annotations

from dataclasses import replace

from speechwatch.reports.counting import BlockSpec, BreakdownSpec, count_month
from speechwatch.reports.phrasing import Paragraph, render_statistics
from speechwatch.reports.rules import default_rules
from speechwatch.reports.template import (
    ItemTemplate,
    ReportTemplate,
    apply_overrides,
    default_template,
)
from tests.reports.factories import TAXONOMY, Rows

RULES = default_rules()


def render(
    rows: Rows,
    lang: str,
    overrides: dict[str, object] | None = None,
    template: ReportTemplate | None = None,
) -> list[Paragraph]:
    template = apply_overrides(template or default_template(), overrides or {})
    figures = count_month(rows, TAXONOMY, RULES, template.block_specs(), 2024, 4)
    return render_statistics(figures, template, lang, TAXONOMY)


def test_singular_and_no_others_when_items_cover_the_block() -> None:
    rows = Rows()
    rows.add(1, "R.obstruction")
    r, i, l_ = render(rows, "en")
    assert r.header.startswith("There were 1 report of")
    assert r.items == (
        "1 report involved obstruction of journalists' lawful professional activities",
    )
    assert r.others is None
    assert i.items == () and i.lead == "" and i.text() == i.header
    assert l_.text() == l_.header


def test_russian_singular_and_few() -> None:
    rows = Rows()
    rows.add(21, "R.obstruction")
    rows.add(2, "I.refusal")
    r, i, _ = render(rows, "ru")
    assert r.header.startswith("Зафиксировано 21 сообщение о")
    assert r.items[0].startswith("21 сообщение о воспрепятствовании")
    assert i.items[0].startswith("2 случая отказа")


def test_item_without_own_sentence_uses_its_label() -> None:
    rows = Rows()
    rows.add(4, "R.threat")
    (r, _, _) = render(rows, "en", {"blocks": {"R": {"items": ["R.threat"]}}})
    assert r.items == ("4 reports: R.threat",)


def test_breakdown_by_legal_article() -> None:
    template = default_template()
    items = dict(template.items)
    items["L.criminal"] = replace(items["L.criminal"], breakdown=BreakdownSpec("legal_ref"))
    template = replace(template, items=items)
    rows = Rows()
    rows.add(2, "L.criminal", legal_refs=("PC 274",))
    rows.add(1, "L.criminal", legal_refs=("PC 174",))
    (_, _, l_) = render(rows, "en", template=template)
    assert l_.items[0] == (
        "3 cases in criminal proceedings, including 2 under Article 274 of the Penal Code "
        "and 1 under Article 174 of the Penal Code"
    )


def test_missing_translation_falls_back_visibly() -> None:
    template = default_template()
    items = dict(template.items)
    items["R.obstruction"] = ItemTemplate(
        "R.obstruction", {"ru": "{n} {report} о воспрепятствовании"}
    )
    template = replace(template, items=items)
    rows = Rows()
    rows.add(5, "R.obstruction")
    (r, _, _) = render(rows, "kk", template=template)
    assert r.items[0] == "[ru] 5 хабарлама о воспрепятствовании"
    assert r.fallbacks == ("items.R.obstruction.text: ru",)


def test_ongoing_note_only_when_there_are_ongoing_cases() -> None:
    rows = Rows()
    rows.add(1, "L.civil")
    (_, _, l_) = render(rows, "en")
    assert l_.notes == ()


def test_block_spec_listing_follows_template() -> None:
    specs = default_template().block_specs()
    assert specs[0] == BlockSpec(
        "R", ("R.obstruction", "R.discrediting"), {"L.administrative": BreakdownSpec("children")}
    )

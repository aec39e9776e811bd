"""Figures + template + language -> sentences. Pure: no queries, no markup.

``render_statistics`` gives one ``Paragraph`` per block (header, lead, item lines, "and others",
notes); the HTML/Markdown/DOCX/PDF renderers format those. Texts missing in the requested language
come from the template's fallback order with a visible marker ("[ru] …") and are listed in
``Paragraph.fallbacks`` so a reviewer sees them. Comparison wording ("1.5 times more", "9 against
7") lives here too because it is grammar, not configuration.
"""

from __future__ import annotations

from speechwatch.reports.comparewords import (
    against,
    article_share,
    format_article,
    growth_sentence,
    ratio_words,
    ytd_sentence,
)
from speechwatch.reports.counting import BlockFigure, Figures, ItemFigure
from speechwatch.reports.phraser import Paragraph, Phraser, capitalise, month_values
from speechwatch.reports.rows import Taxonomy
from speechwatch.reports.template import ReportTemplate, Texts

__all__ = [
    "Paragraph",
    "Phraser",
    "against",
    "article_share",
    "format_article",
    "growth_sentence",
    "month_values",
    "ratio_words",
    "render_statistics",
    "render_text",
    "ytd_sentence",
]


def render_text(template: ReportTemplate, key: str, lang: str, year: int, month: int) -> str | None:
    """A section's own text (title, intro, headings, methodology); None when it has none."""
    texts = template.text.get(key)
    if texts is None:
        return None
    p = Phraser(template, lang)
    org = p.pick(template.organisation, "organisation")
    return p.text(texts, f"text.{key}", None, {**month_values(lang, year, month), "org": org})


def render_statistics(
    figures: Figures, template: ReportTemplate, lang: str, taxonomy: Taxonomy | None = None
) -> list[Paragraph]:
    """One paragraph per block of the template, in its order; zero items are not mentioned."""
    paragraphs = []
    for block in template.blocks:
        p = Phraser(template, lang, taxonomy)
        figure = figures.block(block.code)
        items = [_item_sentence(p, item) for item in figure.items if item.count > 0]
        header = p.text(block.header, f"blocks.{block.code}.header", figure.total)
        lead = p.pick(block.lead, f"blocks.{block.code}.lead") if items else ""
        others = p.pick(template.others, "others") if figure.others else None
        if block.layout == "inline":
            items = [p.join(items, block.last or None)] if items else []
        else:
            # Each line starts a sentence (Kazakh items open with a word, not the figure).
            count = len(items) - (0 if others else 1)
            items = [
                capitalise(s) + (block.item_end if i < count else "") for i, s in enumerate(items)
            ]
        notes = _notes(p, block.code, block.ongoing, figure)
        paragraphs.append(
            Paragraph(
                block=block.code,
                header=header,
                lead=lead,
                items=tuple(items),
                layout=block.layout,
                others=others,
                notes=notes,
                fallbacks=tuple(p.fallbacks),
            )
        )
    return paragraphs


def _notes(p: Phraser, code: str, ongoing: Texts, figure: BlockFigure) -> tuple[str, ...]:
    if not figure.ongoing or not ongoing:
        return ()
    return (p.text(ongoing, f"blocks.{code}.ongoing", figure.ongoing),)


def _item_sentence(p: Phraser, item: ItemFigure) -> str:
    spec = p.template.items.get(item.code)
    where = f"items.{item.code}"
    if spec is None:
        text = p.text(
            p.template.defaults["item"], "defaults.item", item.count, {"label": p.label(item.code)}
        )
    else:
        text = p.text(spec.text, f"{where}.text", item.count)
    parts = [_part(p, part) for part in item.breakdown if part.count > 0]
    if parts:
        text += p.pick(p.template.including, "including") + p.join(parts)
    facets = [
        p.text(f.text, f"{where}.facets", item.facet(f.facet, f.value))
        for f in (spec.facets if spec else ())
        if item.facet(f.facet, f.value) > 0
    ]
    if facets:
        text = text.rstrip(".") + ". " + " ".join(facets)
    return text


def _part(p: Phraser, part: ItemFigure) -> str:
    if part.kind == "legal_ref":
        article = format_article(p.template, p.lang, part.code)
        return p.text(
            p.template.defaults["legal_ref"], "defaults.legal_ref", part.count, {"article": article}
        )
    spec = p.template.items.get(part.code)
    if spec is not None:
        return p.text(spec.text, f"items.{part.code}.text", part.count)
    return p.text(
        p.template.defaults["part"], "defaults.part", part.count, {"label": p.label(part.code)}
    )

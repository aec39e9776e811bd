"""DOCX read back with python-docx: real heading and list styles, a figures table, images."""

from __future__ import annotations

import io

import docx
import pytest
from docx.document import Document

from speechwatch.reports.document import Report
from speechwatch.reports.render_docx import render_docx
from tests.reports_render.helpers import EN_LANDMARKS, EN_STAT_PHRASES, assert_in_order, flat
from tests.reports_render.samples import EN_FIGURES_IN_ORDER, KK_WORDS, april_en

IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def _read(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def doc_en() -> Document:
    return _read(render_docx(april_en()))


def _text(doc: Document) -> str:
    return flat(" ".join(p.text for p in doc.paragraphs))


def test_figures_and_headings_in_order(doc_en: Document) -> None:
    text = _text(doc_en)
    assert_in_order(text, EN_STAT_PHRASES)
    assert_in_order(text, [x for x in EN_LANDMARKS if x != "Statistics"])


def test_headings_have_heading_styles(doc_en: Document) -> None:
    headings = [
        (p.style.name, p.text)
        for p in doc_en.paragraphs
        if p.style is not None and (p.style.name.startswith("Heading") or p.style.name == "Title")
    ]
    assert headings == [
        ("Title", "Violations of freedom of speech in Kazakhstan April 2024"),
        ("Heading 1", "EVENTS IN APRIL 2024"),
        ("Heading 1", "LEGISLATIVE CHANGES"),
        ("Heading 1", "Refusal of Accreditation to Azattyq Correspondents"),
        ("Heading 1", "[ru] Detention of ProTenge Editor-in-Chief Jamila Maricheva"),
        ("Heading 1", "Also in April:"),
    ]


def test_featured_cases_under_a_heading_are_heading_2(report_en: Report) -> None:
    from dataclasses import replace

    sections = tuple(
        replace(s, heading="Featured cases") if s.key == "featured_cases" else s
        for s in report_en.sections
    )
    doc = _read(render_docx(replace(report_en, sections=sections)))
    styles = {p.text: p.style.name for p in doc.paragraphs if p.style is not None}
    assert styles["Featured cases"] == "Heading 1"
    assert styles["Refusal of Accreditation to Azattyq Correspondents"] == "Heading 2"


def test_statistics_items_are_bullets(doc_en: Document) -> None:
    bullets = [p.text for p in doc_en.paragraphs if p.style and p.style.name == "List Bullet"]
    assert len(bullets) == 5
    assert bullets[0].startswith("2 reports involved obstruction")
    assert bullets[-1].startswith("8 administrative accusations, including 2")


def test_table_holds_the_figures(doc_en: Document) -> None:
    assert len(doc_en.tables) == 1
    rows = [[c.text for c in row.cells] for row in doc_en.tables[0].rows]
    assert rows[0] == ["Category", "Reports"]
    assert tuple(r[1] for r in rows[1:]) == EN_FIGURES_IN_ORDER
    assert rows[1][0] == "Violations of the rights of journalists, media and newsmakers"


def test_charts_are_embedded_pngs(doc_en: Document) -> None:
    images = [r.target_part for r in doc_en.part.rels.values() if r.reltype == IMAGE]
    assert len(images) == 3
    assert all(part.blob.startswith(b"\x89PNG\r\n\x1a\n") for part in images)
    captions = [p.text for p in doc_en.paragraphs if p.style and p.style.name == "Caption"]
    assert captions == [
        "Statistics",
        "Reports by block, last 12 months",
        "Categories in April 2024",
        "Incidents by region",
    ]


def test_dates_bold_and_fallback_marked(doc_en: Document) -> None:
    entry = next(p for p in doc_en.paragraphs if p.text.startswith("April 6:"))
    assert entry.runs[0].text == "April 6: " and entry.runs[0].bold
    fallback = next(p for p in doc_en.paragraphs if p.text.startswith("[ru] April 1:"))
    assert fallback.runs[0].text == "[ru] " and fallback.runs[0].bold
    script = next(p for p in doc_en.paragraphs if "Payload" in p.text)
    assert script.text.endswith("<script>alert('x')</script>")  # text, not markup, in Word


def test_core_properties(doc_en: Document) -> None:
    props = doc_en.core_properties
    assert props.title == "Violations of freedom of speech in Kazakhstan April 2024"
    assert props.language == "en"


def test_russian_and_kazakh(report_ru: Report, report_kk: Report) -> None:
    ru = _text(_read(render_docx(report_ru)))
    assert_in_order(ru, ["20 сообщений", "2 сообщения", "1 сообщение", "СОБЫТИЯ АПРЕЛЯ 2024"])
    kk_doc = _read(render_docx(report_kk))
    kk = _text(kk_doc)
    for word in KK_WORDS:
        assert word in kk
    cells = [c.text for row in kk_doc.tables[0].rows for c in row.cells]
    assert "Санат" in cells and "Әкімшілік айыптар" in cells


def test_and_others_is_the_last_bullet(report_ru: Report) -> None:
    paragraphs = _read(render_docx(report_ru)).paragraphs
    others = [p for p in paragraphs if p.text == "и другие."]
    assert len(others) == 1 and others[0].style.name == "List Bullet"

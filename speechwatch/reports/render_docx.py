"""The overview as a Word document (python-docx), for editors who finish the text in Word.

Real structure, not look-alike formatting: the title has the Title style, section headings
Heading 1, featured cases Heading 2 (Heading 1 when their section has no heading), statistics
items List Bullet, the figures a table, and the charts embedded PNG pictures with captions.
"""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from speechwatch.reports import formats
from speechwatch.reports.charts import FONT_FAMILY, chart_png
from speechwatch.reports.document import Report

__all__ = ["render_docx"]

_BADGE_COLOUR = RGBColor(0x7A, 0x4B, 0x00)
_FIXED_TIME = datetime(2000, 1, 1)  # core properties get a fixed date: same report, same file


def _setup(doc: DocxDocument, report: Report) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT_FAMILY  # type: ignore[attr-defined]
    normal.font.size = Pt(10.5)  # type: ignore[attr-defined]
    # Word picks the font per script: set it for Cyrillic ("cs"/"hAnsi") too, not just ASCII.
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT_FAMILY)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), {"en": "en-GB", "ru": "ru-RU", "kk": "kk-KZ"}.get(report.lang, "en"))
    props = doc.core_properties
    props.title = report.title
    props.language = report.lang
    props.subject = report.month
    props.author = ""
    props.last_modified_by = ""
    props.revision = 1
    props.created = _FIXED_TIME
    props.modified = _FIXED_TIME
    props.comments = ""


def _badge(par: DocxParagraph, lang: str | None) -> None:
    if lang:
        run = par.add_run(f"[{lang}] ")
        run.bold = True
        run.font.color.rgb = _BADGE_COLOUR


def _text(par: DocxParagraph, text: str) -> None:
    # A single newline inside a paragraph is a line break, as in the HTML.
    for i, line in enumerate(text.split("\n")):
        if i:
            par.add_run().add_break()
        par.add_run(line)


def render_docx(report: Report) -> bytes:
    doc = Document()
    _setup(doc, report)
    for block in formats.outline(report):
        match block:
            case formats.Heading(text=text, level=level):
                doc.add_heading(text, level)
            case formats.Para(text=text, role="version"):
                doc.add_paragraph().add_run(text).italic = True
            case formats.Para(text=text, role=role, fallback_lang=lang):
                par = doc.add_paragraph()
                _badge(par, lang)
                _text(par, text)
                if role == "methodology":
                    for run in par.runs:
                        run.italic = True
            case formats.StatsBlock(paragraph=p):
                parts = formats.stat_parts(p)
                doc.add_paragraph(parts.head)
                for item in parts.items:
                    doc.add_paragraph(item, style="List Bullet")
                for tail in parts.tail:
                    doc.add_paragraph(tail)
            case formats.TableBlock(caption=caption, columns=columns, rows=rows):
                doc.add_paragraph(caption, style="Caption")
                table = doc.add_table(rows=1, cols=2)
                table.style = "Table Grid"
                head = table.rows[0].cells
                head[0].text, head[1].text = columns
                for cell in head:
                    cell.paragraphs[0].runs[0].bold = True
                for row in rows:
                    cells = table.add_row().cells
                    cells[0].text = row.label
                    cells[1].text = str(row.count)
                    label = cells[0].paragraphs[0]
                    label.paragraph_format.left_indent = Inches(0.25 * row.depth)
                    cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    if row.depth == 0:
                        for cell in cells:
                            cell.paragraphs[0].runs[0].bold = True
                    elif row.depth == 2:
                        label.runs[0].italic = True
            case formats.ChartsBlock(charts=charts):
                for chart in charts:
                    doc.add_picture(io.BytesIO(chart_png(chart)), width=Inches(6.3))
                    doc.add_paragraph(chart.title, style="Caption")
            case formats.EntryBlock(entry=e):
                if e.heading:
                    doc.add_paragraph().add_run(e.heading).bold = True
                for i, text in enumerate(formats.entry_paragraphs(e.text)):
                    par = doc.add_paragraph()
                    if i == 0:
                        _badge(par, e.fallback_lang)
                        if e.date_label:
                            par.add_run(f"{e.date_label}: ").bold = True
                    _text(par, text)
            case formats.CaseBlock(case=c, level=level):
                heading = doc.add_heading("", level)
                _badge(heading, c.fallback_lang)
                heading.add_run(c.title)
                for text in c.paragraphs:
                    if text.strip():
                        _text(doc.add_paragraph(), text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


formats.register(
    "docx",
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    render_docx,
)

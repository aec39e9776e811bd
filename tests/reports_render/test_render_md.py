"""Markdown: headings, lists and the table in order; text escaped; no images."""

from __future__ import annotations

import re

import pytest

from speechwatch.reports.document import Report
from speechwatch.reports.render_md import escape, render_md
from tests.reports_render.helpers import EN_LANDMARKS, EN_STAT_PHRASES, assert_in_order, flat
from tests.reports_render.samples import EN_FIGURES_IN_ORDER, KK_WORDS


@pytest.fixture
def md_en(report_en: Report) -> str:
    return render_md(report_en)


def test_figures_and_headings_in_order(md_en: str) -> None:
    text = flat(md_en.replace("**", ""))
    assert_in_order(text, EN_STAT_PHRASES)
    assert_in_order(text, EN_LANDMARKS)


def test_structure(md_en: str) -> None:
    lines = md_en.splitlines()
    assert lines[0] == "# Violations of freedom of speech in Kazakhstan April 2024"
    headings = [line for line in lines if line.startswith("#")]
    assert headings == [
        "# Violations of freedom of speech in Kazakhstan April 2024",
        "## EVENTS IN APRIL 2024",
        "## LEGISLATIVE CHANGES",
        "## Refusal of Accreditation to Azattyq Correspondents",
        "## `[ru]` Detention of ProTenge Editor-in-Chief Jamila Maricheva",
        "## Also in April:",
    ]
    items = [line for line in lines if line.startswith("- ")]
    assert len(items) == 5
    assert "**April 6:** As of April 6" in md_en
    assert "`[ru]` **April 1:** Автор" in md_en


def test_table_holds_the_figures_in_order(md_en: str) -> None:
    rows = [line for line in md_en.splitlines() if line.startswith("| ") and "---" not in line]
    counts = [row.rstrip(" |").rsplit("| ", 1)[1].strip("* ") for row in rows[1:]]
    assert tuple(counts) == EN_FIGURES_IN_ORDER
    assert rows[0] == "| Category | Reports |"


def test_escapes_markup(md_en: str) -> None:
    assert "<script>" not in md_en
    assert "\\<script\\>alert('x')\\</script\\>" in md_en
    assert "![" not in md_en  # charts are not embedded


def test_russian_and_kazakh(report_ru: Report, report_kk: Report) -> None:
    ru = render_md(report_ru)
    assert_in_order(
        flat(ru),
        ["20 сообщений", "2 сообщения", "1 сообщение", "## СОБЫТИЯ АПРЕЛЯ 2024", "Эл. почта"],
    )
    kk = render_md(report_kk)
    for word in KK_WORDS:
        assert word in kk
    assert "## ЗАҢНАМАЛЫҚ ӨЗГЕРІСТЕР" in kk


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("*bold* _it_ [x](y) `c`", r"\*bold\* \_it\_ \[x\](y) \`c\`"),
        ("# not a heading", r"\# not a heading"),
        ("- not a list\n+ nor this", "\\- not a list\n\\+ nor this"),
        ("2024. A year", r"2024\. A year"),
        ("a - b, 2024-2029", "a - b, 2024-2029"),
        ("AT&T &amp; co", "AT&T &amp;amp; co"),
        ("a | b", r"a \| b"),
        ("«Әділ сөз» 20 хабарлама", "«Әділ сөз» 20 хабарлама"),
    ],
)
def test_escape(text: str, expected: str) -> None:
    assert escape(text) == expected


def test_heading_text_is_escaped(report_en: Report) -> None:
    from dataclasses import replace

    md = render_md(replace(report_en, title="#1 <b>"))
    assert re.search(r"^# \\#1 \\<b\\>$", md, re.M)


def test_and_others_is_the_last_list_item(report_ru: Report) -> None:
    md = render_md(report_ru)
    assert "- 1 сообщение о нападении на журналиста.\n- и другие." in md

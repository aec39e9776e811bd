"""HTML: self-contained, escaped, the figures and headings in the published order."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from speechwatch.reports.document import Report
from speechwatch.reports.render_html import linkify, render_html
from tests.reports_render.helpers import (
    EN_LANDMARKS,
    EN_STAT_PHRASES,
    assert_in_order,
    html_text,
)
from tests.reports_render.samples import EN_FIGURES_IN_ORDER, KK_WORDS, SCRIPT, SOURCE_URL, april_en


@pytest.fixture(scope="module")
def html_en() -> str:
    return render_html(april_en())


def test_figures_and_headings_in_order(html_en: str) -> None:
    text = html_text(html_en)
    assert_in_order(text, EN_STAT_PHRASES)
    assert_in_order(text, EN_LANDMARKS)


def test_table_holds_the_figures_in_order(html_en: str) -> None:
    counts = re.findall(r'<td class="n">(\d+)</td>', html_en)
    assert tuple(counts) == EN_FIGURES_IN_ORDER
    assert 'data-code="L.administrative.defamation"' in html_en


def test_statistics_blocks_keep_their_layout(html_en: str) -> None:
    blocks = re.findall(r'<div class="stats" data-block="(\w+)">(.*?)</div>', html_en, re.S)
    assert [code for code, _ in blocks] == ["R", "I", "L"]
    layout = {code: body for code, body in blocks}
    assert layout["R"].count("<li>") == 2
    assert "<li>" not in layout["I"]  # inline block: one sentence
    assert layout["L"].count("<li>") == 3
    assert 'class="note">Data on pre-trial' in layout["L"]


def test_self_contained_no_external_resources(html_en: str) -> None:
    assert not re.search(r'\bsrc\s*=\s*"(?!data:)', html_en)
    assert "<link" not in html_en and "@import" not in html_en
    assert not re.search(r"url\(\s*['\"]?https?:", html_en)
    assert "<!DOCTYPE svg" not in html_en and "<?xml" not in html_en
    # The only http(s) links are the ones written in the texts (sources).
    hrefs = re.findall(r'href="(https?://[^"]*)"', html_en)
    assert hrefs == [SOURCE_URL]


def test_charts_are_inline_svg_with_unique_ids(html_en: str) -> None:
    assert html_en.count("<svg") == 3
    for key in ("blocks_12_months", "categories", "regions"):
        assert f'id="chart-{key}"' in html_en
    ids = re.findall(r'\bid="([^"]+)"', html_en)
    assert len(ids) == len(set(ids))
    refs = set(re.findall(r'href="#([^"]+)"', html_en))
    assert refs <= set(ids)


def test_escapes_markup_in_texts(html_en: str) -> None:
    assert SCRIPT not in html_en
    assert "<script" not in html_en
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html_en
    assert "hysteria &amp; disinformation" in html_en
    assert "&quot;On Mass Media&quot;" in html_en


def test_fallback_text_has_a_visible_marker(html_en: str) -> None:
    assert html_en.count('<span class="fallback"') == 2
    assert re.search(r'class="fallback"[^>]*>\[ru\]</span> <span class="date">April 1:', html_en)


def test_contacts_and_version(html_en: str) -> None:
    assert '<p class="version">draft</p>' in html_en
    assert '<a href="mailto:lena@adilsoz.kz">lena@adilsoz.kz</a>' in html_en


def test_russian(report_ru: Report) -> None:
    html = render_html(report_ru)
    text = html_text(html)
    assert '<html lang="ru">' in html
    assert_in_order(
        text,
        [
            "20 сообщений о нарушениях",
            "2 сообщения о воспрепятствовании",
            "1 сообщение о нападении",
            "и другие.",
            "12 сообщений",
            "21 сообщение",
            "Категория",
            "СОБЫТИЯ АПРЕЛЯ 2024",
            "6 апреля:",
            "ИЗМЕНЕНИЯ В ЗАКОНОДАТЕЛЬСТВЕ",
        ],
    )


def test_kazakh_letters_survive(report_kk: Report) -> None:
    text = html_text(render_html(report_kk))
    for word in KK_WORDS:
        assert word in text
    assert "ЗАҢНАМАЛЫҚ ӨЗГЕРІСТЕР" in text  # upper-cased with Kazakh letters intact


def test_no_table_no_charts_still_renders(report_en: Report) -> None:
    html = render_html(replace(report_en, table=(), charts=(), version_label=""))
    assert "<table" not in html and "<svg" not in html and 'class="version"' not in html
    assert_in_order(html_text(html), EN_STAT_PHRASES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain <b>", "plain &lt;b&gt;"),
        (
            "see (https://a.kz/x).",
            'see (<a href="https://a.kz/x" rel="nofollow noopener">https://a.kz/x</a>).',
        ),
        (
            "https://a.kz/wiki/X_(y), next",
            '<a href="https://a.kz/wiki/X_(y)" rel="nofollow noopener">https://a.kz/wiki/X_(y)</a>'
            ", next",
        ),
        (
            "write to info@adilsoz.kz.",
            'write to <a href="mailto:info@adilsoz.kz">info@adilsoz.kz</a>.',
        ),
        (
            'https://a.kz/?q="><script>',
            '<a href="https://a.kz/?q=" rel="nofollow noopener">'
            "https://a.kz/?q=</a>&quot;&gt;&lt;script&gt;",
        ),
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("line one\nline two", "line one<br>\nline two"),
    ],
)
def test_linkify(text: str, expected: str) -> None:
    assert linkify(text) == expected


def test_and_others_is_the_last_list_item(report_ru: Report) -> None:
    # PDF prints this HTML: "and others" inside the list, never a loose paragraph after it.
    html = render_html(report_ru)
    assert "<li>1 сообщение о нападении на журналиста.</li>\n<li>и другие.</li>\n</ul>" in html
    assert "<p>и другие.</p>" not in html

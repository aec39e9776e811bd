"""PDF: WeasyPrint from the HTML; fonts embedded; pdftotext reads the figures and letters back."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from speechwatch.reports.document import Report
from speechwatch.reports.render_pdf import render_pdf
from tests.reports_render.helpers import EN_LANDMARKS, EN_STAT_PHRASES, assert_in_order, flat
from tests.reports_render.samples import KK_WORDS

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
    reason="poppler-utils (pdftotext, pdffonts) not installed",
)


def _pdftotext(pdf: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return done.stdout.decode("utf-8")


def _fonts(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True, text=True, timeout=60
    ).stdout


@pytest.fixture(scope="module")
def pdf_en() -> bytes:
    from tests.reports_render.samples import april_en

    return render_pdf(april_en())


def test_is_a_pdf(pdf_en: bytes) -> None:
    assert pdf_en.startswith(b"%PDF-")
    assert pdf_en.rstrip().endswith(b"%%EOF")


def test_figures_and_headings_extract_in_order(pdf_en: bytes) -> None:
    text = flat(_pdftotext(pdf_en))
    assert_in_order(text, EN_STAT_PHRASES)
    assert_in_order(text, EN_LANDMARKS)
    assert "<script>alert('x')</script>" in text  # shown as text, escaped in the HTML


def test_fonts_are_embedded(pdf_en: bytes, tmp_path: Path) -> None:
    table = _fonts(pdf_en, tmp_path).splitlines()[2:]
    assert table, "no fonts in the PDF"
    for line in table:
        name, emb = line.split()[0], line.split()[-5]
        assert "DejaVu" in name
        assert emb == "yes", line


def test_kazakh_letters_extract_intact(report_kk: Report) -> None:
    text = flat(_pdftotext(render_pdf(report_kk)))
    for word in KK_WORDS:
        assert word in text
    assert "ЗАҢНАМАЛЫҚ ӨЗГЕРІСТЕР" in text
    for letter in "әғқңөұүһі":
        assert letter in text


def test_russian_plural_forms_extract(report_ru: Report) -> None:
    text = flat(_pdftotext(render_pdf(report_ru)))
    assert_in_order(text, ["20 сообщений", "2 сообщения", "1 сообщение", "СОБЫТИЯ АПРЕЛЯ 2024"])


def test_renders_in_a_few_seconds(report_en: Report) -> None:
    render_pdf(report_en)  # warm: WeasyPrint import and font loading happen once
    start = time.perf_counter()
    render_pdf(report_en)
    assert time.perf_counter() - start < 10

"""The PDF loads its own DejaVu Sans faces through the locked-down fetcher, with no warning."""

from __future__ import annotations

import logging

import pytest

from speechwatch.reports import render_pdf as module
from speechwatch.reports.document import Report
from speechwatch.reports.render_pdf import PdfError, font_files, render_pdf


def test_writing_a_pdf_logs_no_weasyprint_warning(
    report_en: Report, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    fetched: list[str] = []
    allowed = module._allowed

    def spy(url: str) -> bool:
        fetched.append(url)
        return allowed(url)

    monkeypatch.setattr(module, "_allowed", spy)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = render_pdf(report_en)
    assert pdf.startswith(b"%PDF-")
    warnings = [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("weasyprint") and r.levelno >= logging.WARNING
    ]
    assert warnings == []  # browsers' print CSS too is left out of what WeasyPrint reads
    # Every shipped face went through the fetcher (the faces were loaded, not skipped).
    assert {p.as_uri() for p in font_files().values()} <= set(fetched)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("data:text/plain,x", True),
        ("https://example.org/font.ttf", False),
        ("file:///etc/passwd", False),
    ],
)
def test_the_fetcher_loads_only_the_fonts_and_data_uris(url: str, ok: bool) -> None:
    fetcher = module._fetcher()
    call = getattr(fetcher, "fetch", fetcher)
    if ok:
        assert call(url).read() == b"x"
    else:
        with pytest.raises(PdfError):
            call(url)


def test_the_fetcher_reads_a_shipped_face() -> None:
    fetcher = module._fetcher()
    call = getattr(fetcher, "fetch", fetcher)
    path = font_files()[("normal", "normal")]
    body = call(path.as_uri())
    data = body.read() if hasattr(body, "read") else body["string"]
    assert data[:4] in (b"\x00\x01\x00\x00", b"true")  # a TrueType file

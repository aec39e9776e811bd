"""The Kazakh demo overview is Kazakh: no event, case or "also" item falls back to Russian."""

from __future__ import annotations

from speechwatch.reports.queries import draft
from tests.reports_db.conftest import APRIL


def test_april_overview_in_kazakh_needs_no_fallback(demo) -> None:
    report = draft(APRIL, ("kk",)).reports["kk"]
    assert report.warnings == ()
    assert "[ru]" not in "\n".join(p for s in report.sections for p in s.paragraphs)
    also = report.section("also")
    assert also is not None and all(e.fallback_lang is None for e in also.entries)

"""Months without incident-level data take their figures from published overviews read back
(PublishedStatistics): the year-over-year comparison and the 12-month chart use them, and the
report says so."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from speechwatch.audit.record import Who
from speechwatch.overviews.actions import import_overview
from speechwatch.overviews.reader import build_mapper, read_text
from speechwatch.reports.queries import draft
from tests.reports_db.test_figures_cache import publish_incident

WHO = Who(label="test")
REFERENCE = Path(__file__).resolve().parents[1] / "data" / "adilsoz-2024-04-en.txt"


def import_reference_as(period: str, month_name: str, sha: str) -> None:
    """The April 2024 reference overview, its period changed (April 2024 -> ``month_name``)."""
    if not REFERENCE.is_file():
        pytest.skip("reference overview not available")
    text = REFERENCE.read_text(encoding="utf-8").replace("April 2024", month_name)
    ov = read_text(text, build_mapper("adilsoz-2024", embeddings=False), source=f"{period}.txt")
    assert ov.period is not None and ov.period.label == period
    import_overview(ov, sha256=sha * 64, taxonomy="adilsoz-2024", who=WHO, drafts=False)


@pytest.fixture
def incidents_2023(installed) -> None:
    publish_incident("a", date(2023, 4, 3), ["R.threat"])
    publish_incident("b", date(2023, 4, 9), ["L.civil"])
    publish_incident("c", date(2023, 2, 9), ["I.refusal"])


def test_year_over_year_uses_published_figures(incidents_2023) -> None:
    import_reference_as("2022-04", "April 2022", "a")
    d = draft("2023-04", ("en", "ru"))
    comparisons = d.reports["en"].figures["comparisons"]
    # January–April 2022 has no incidents: April 2022 as published (R 20, I 12, L 20).
    assert {c: comparisons["ytd_last_year"]["counts"][c] for c in "RIL"} == {
        "R": 20,
        "I": 12,
        "L": 20,
    }
    assert comparisons["ytd_last_year"]["counts"]["L.civil"] == 9
    assert {c: comparisons["ytd"]["counts"][c] for c in "RIL"} == {"R": 1, "I": 1, "L": 1}
    assert d.reports["en"].figures["published_months"] == ["2022-04"]
    en = "\n".join(d.reports["en"].section("comparisons").paragraphs)  # type: ignore[union-attr]
    assert "Figures for April 2022 are taken from published overviews." in en
    assert "20 against 1" not in en  # the sentence compares 2023 with 2022, not the reverse
    ru = "\n".join(d.reports["ru"].section("comparisons").paragraphs)  # type: ignore[union-attr]
    assert "Данные за апрель 2022 года взяты из опубликованных обзоров." in ru


def test_chart_months_without_incidents_use_published_figures(incidents_2023) -> None:
    import_reference_as("2022-05", "May 2022", "b")
    report = draft("2023-04", overrides={"comparisons": False}).reports["en"]
    history = {c.key: c for c in report.charts}["blocks_12_months"]
    assert history.labels[0] == "May 2022"
    assert [values[0] for _, values in history.series] == [20, 12, 20]
    assert [values[-1] for _, values in history.series] == [1, 0, 1]
    methodology = report.section("methodology")
    assert methodology is not None
    assert "Figures for May 2022 are taken from published overviews." in methodology.paragraphs


def test_months_with_incidents_keep_their_own_figures(incidents_2023) -> None:
    import_reference_as("2023-02", "February 2023", "c")  # February 2023 has an incident
    d = draft("2023-04")
    assert "published_months" not in d.reports["en"].figures
    assert d.reports["en"].figures["comparisons"]["ytd"]["counts"]["I"] == 1

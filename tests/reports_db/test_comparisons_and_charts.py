"""Comparisons (month over month, year to date) and chart data come from aggregate queries and
agree with the month-by-month figures of the counting engine."""

from __future__ import annotations

from speechwatch.incidents.models import Incident
from speechwatch.reports.queries import draft
from tests.reports_db.conftest import APRIL


def test_previous_month_figures_equal_the_march_report(demo) -> None:
    april = draft(APRIL).reports["en"].figures["comparisons"]["previous_month"]["counts"]
    march = draft("2024-03").reports["en"].figures
    for code in "RIL":
        assert april[code] == march["blocks"][code]["total"]


def test_year_to_date_is_the_sum_of_the_months(demo) -> None:
    ytd = draft(APRIL).reports["en"].figures["comparisons"]["ytd"]["counts"]
    months = [draft(f"2024-0{m}").reports["en"].figures["counts"] for m in range(1, 5)]
    for code in ("R", "I", "L", "L.criminal", "L.civil", "L.administrative", "R.discrediting"):
        assert ytd[code] == sum(m.get(code, 0) for m in months)


def test_comparison_wording(demo) -> None:
    section = draft(APRIL, ("en", "ru", "kk")).reports
    en = "\n".join(section["en"].section("comparisons").paragraphs)  # type: ignore[union-attr]
    assert "Compared with the previous month (March 2024):" in en
    assert "grew 1.2 times: 20 against 16." in en
    assert (
        "In January–April 2024, 65 legal cases were recorded, 1.7 times more than in the same "
        "period last year (37)." in en
    )
    assert "of the 12 criminal cases, 9 under the false-information article (PC 274)" in en
    ru = "\n".join(section["ru"].section("comparisons").paragraphs)  # type: ignore[union-attr]
    assert "из 12 уголовных дел 9 — по статье о распространении заведомо ложной информации" in ru
    # the month stands mid-sentence: lower case in Russian, as Kazakh always writes it
    assert "По сравнению с предыдущим месяцем (март 2024):" in ru
    kk = "\n".join(section["kk"].section("comparisons").paragraphs)  # type: ignore[union-attr]
    assert "Алдыңғы аймен салыстырғанда (2024 жылғы наурыз):" in kk


def test_charts(demo) -> None:
    report = draft(APRIL).reports["en"]
    charts = {c.key: c for c in report.charts}
    assert set(charts) == {"blocks_12_months", "categories", "regions"}
    history = charts["blocks_12_months"]
    assert len(history.labels) == 12 and history.labels[-1] == "Apr 2024"
    assert [values[-1] for _, values in history.series] == [20, 12, 20]
    published = Incident.objects.filter(
        status="published", recorded_on__year=2024, recorded_on__month=4
    ).count()
    assert sum(charts["regions"].series[0][1]) == published
    categories = charts["categories"]
    assert categories.series[0][1] == tuple(sorted(categories.series[0][1], reverse=True))


def test_comparisons_can_be_switched_off(demo) -> None:
    report = draft(APRIL, overrides={"comparisons": False, "charts": False}).reports["en"]
    assert report.section("comparisons") is None
    assert report.charts == ()
    assert "comparisons" not in report.figures


def test_month_without_data_is_none_not_zero(installed, tmp_path) -> None:
    # Issue 11 item 2: a month with no counted incident and no published overview is a gap.
    from tests.reports_db.records import import_records, incident

    import_records(
        tmp_path,
        [incident("apr"), incident("feb", recorded_on="2024-02-05", occurred_on="2024-02-01")],
    )
    report = draft(APRIL).reports["en"]
    chart = {c.key: c for c in report.charts}["blocks_12_months"]
    r_values = dict(chart.series)[next(label for label, _ in chart.series)]
    assert r_values[-1] == 1 and r_values[-3] == 1  # April, February
    assert r_values[-2] is None and r_values[0] is None  # March, May 2023: no data
    history = report.figures["charts"]["blocks_12_months"]
    assert history["2024-03"] is None and history["2024-04"]["R"] == 1
    assert chart.no_data

"""Charts: valid SVG and PNG, reproducible bytes, Cyrillic/Kazakh labels drawn with real glyphs."""

from __future__ import annotations

import io
import re
import warnings
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from speechwatch.reports.charts import chart_png, chart_svg, inline_svg
from speechwatch.reports.document import Chart, Report

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("index", [0, 1, 2])
def test_svg_is_valid_and_byte_identical(report_en: Report, index: int) -> None:
    chart = report_en.charts[index]
    svg = chart_svg(chart)
    assert svg == chart_svg(chart)
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag == f"{SVG_NS}svg"
    assert "<dc:date>" not in svg and "matplotlib.org" not in svg


@pytest.mark.parametrize("index", [0, 1, 2])
def test_png_is_valid_and_reproducible(report_en: Report, index: int) -> None:
    chart = report_en.charts[index]
    png = chart_png(chart)
    assert png == chart_png(chart)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.width > 800 and image.height > 200


def test_kinds(report_en: Report) -> None:
    assert [c.kind for c in report_en.charts] == ["line", "barh", "barh"]
    bar = Chart("x", "Bars", "bar", ("a", "b"), (("2023", (1, 2)), ("2024", (3, 4))))
    ET.fromstring(chart_svg(bar).encode("utf-8"))


def test_kazakh_and_russian_labels_have_glyphs(report_kk: Report, report_ru: Report) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for chart in (*report_kk.charts, *report_ru.charts):
            chart_svg(chart)
            chart_png(chart)
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert missing == []


def test_charts_do_not_touch_global_matplotlib_state(report_en: Report) -> None:
    import matplotlib

    before = dict(matplotlib.rcParams)
    chart_svg(report_en.charts[0])
    assert dict(matplotlib.rcParams) == before


def test_inline_svg_strips_prolog_and_prefixes_ids(report_en: Report) -> None:
    svg = chart_svg(report_en.charts[1])
    inline = inline_svg(svg, "c1")
    assert inline.startswith("<svg") and "<!DOCTYPE" not in inline and "<?xml" not in inline
    ids = re.findall(r'\bid="([^"]+)"', inline)
    assert ids and all(i.startswith("c1-") for i in ids)
    refs = re.findall(r'(?:href="#|url\(#)([^")]+)', inline)
    assert refs and set(refs) <= set(ids)
    ET.fromstring(inline.encode("utf-8"))


def test_month_without_data_is_a_gap_marked_no_data() -> None:
    # None (no data) is not 0: the line breaks there and the month is marked "no data".
    from speechwatch.reports.charts import gaps

    chart = Chart(
        "blocks_12_months",
        "Reports",
        "line",
        ("Jan", "Feb", "Mar", "Apr"),
        (("R", (3, None, 0, 5)), ("I", (1, None, 2, 0))),
        no_data="нет данных",
    )
    assert gaps(chart) == [1]
    svg = chart_svg(chart)
    ET.fromstring(svg.encode("utf-8"))
    assert svg.count("нет данных") == 1  # svg.fonttype none: text stays text
    zero = Chart(chart.key, chart.title, "line", chart.labels, (("R", (3, 0, 0, 5)),))
    assert gaps(zero) == [] and chart_svg(zero) != svg
    assert chart_png(chart) != chart_png(zero)

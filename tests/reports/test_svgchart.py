"""The report's SVG charts (lib/svgchart.py, standalone style): valid, escaped, gaps as gaps."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import speechwatch.reports
from speechwatch.lib.svgchart import Line, int_ticks, line_chart, svg_chart
from speechwatch.reports.document import Chart

NS = "{http://www.w3.org/2000/svg}"
LINE = Chart(
    "blocks_12_months",
    "Reports <by> block",
    "line",
    ("Jan 2024", "Feb 2024", "Mar 2024", "Apr 2024"),
    (
        ("Violations of the rights of journalists, media and newsmakers", (3, None, 0, 5)),
        ("Restrictions of the right to receive and spread information", (1, None, 2, 0)),
        ("Legal claims & cases <script>", (1, None, 2, 7)),
    ),
    no_data="нет данных",
)
BARS = Chart(
    "categories",
    "Сообщения по категориям",
    "barh",
    ("Воспрепятствование законной профессиональной деятельности журналистов", "Угрозы"),
    (("сообщения", (12, None)),),
)


@pytest.mark.parametrize(
    ("top", "expected"),
    [(0, (1, [0, 1])), (1, (1, [0, 1])), (7, (8, [0, 2, 4, 6, 8])), (20, (20, [0, 5, 10, 15, 20]))],
)
def test_ticks_are_whole_numbers_from_zero(top: int, expected: tuple[int, list[int]]) -> None:
    assert int_ticks(top) == expected


@pytest.mark.parametrize("chart", [LINE, BARS], ids=["line", "barh"])
def test_valid_escaped_reproducible_and_without_style(chart: Chart) -> None:
    svg = svg_chart(chart)
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg" and svg == svg_chart(chart)
    assert "<script>" not in svg and "style=" not in svg
    texts = "".join(t.text or "" for t in root.iter(f"{NS}text"))
    assert chart.title in texts or chart.title in (root.find(f"{NS}title").text or "")
    height = float(root.get("height", 0))
    assert all(float(t.get("y", 0)) < height for t in root.iter(f"{NS}text"))


def test_a_month_without_data_breaks_the_lines_and_is_marked() -> None:
    svg = svg_chart(LINE)
    assert svg.count(">нет данных<") == 1
    # Each series is drawn as two runs around the gap (Jan alone is only a point).
    paths = re.findall(r'<path d="M[^"]*" fill="none" stroke="#\w+" stroke-width="1.6"', svg)
    assert len(paths) == 3
    zero = Chart(LINE.key, LINE.title, "line", LINE.labels, (("R", (3, 0, 0, 5)),))
    assert "нет данных" not in svg_chart(zero)


def test_bars_count_what_is_there() -> None:
    svg = svg_chart(BARS)
    assert ">12<" in svg and ">0<" in svg  # None is no bar, shown as 0


def test_one_writer_in_two_styles() -> None:
    """The portal's charts and the overview's come from lib/svgchart.py; only their look differs:
    the page's classes (portal.css) or presentation attributes of the standalone file."""
    page = line_chart(["a", "b"], [Line("x", [1, None])], ident="p", title="t", desc="d")
    report = svg_chart(LINE)
    assert 'class="sc-nodata"' in page and "font-size=" not in page
    assert "class=" not in report and 'font-size="9" fill="#666666"' in report
    assert not (Path(speechwatch.reports.__file__).parent / "svgchart.py").exists()

"""JSON: the computed figures round-trip; output is deterministic."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest

from speechwatch.reports.document import Report
from speechwatch.reports.render_json import render_json


def test_round_trips_to_the_figures(report_en: Report) -> None:
    data = json.loads(render_json(report_en))
    assert data["figures"] == report_en.figures
    assert data["figures"]["blocks"]["L"]["items"]["L.civil"] == 9
    assert {k: data[k] for k in ("month", "lang", "template", "template_version", "version")} == {
        "month": "2024-04",
        "lang": "en",
        "template": "adilsoz-2024",
        "template_version": 3,
        "version": "draft",
    }


def test_keys_sorted_and_identical_across_runs(report_en: Report) -> None:
    first = render_json(report_en)
    assert first == render_json(report_en)
    assert list(json.loads(first)) == sorted(json.loads(first))
    # Insertion order of the figures does not change the bytes.
    shuffled = dict(reversed(list(report_en.figures.items())))
    assert render_json(replace(report_en, figures=shuffled)) == first


def test_non_ascii_kept_readable(report_kk: Report) -> None:
    figures = {"labels": {"L.administrative": "Әкімшілік айыптар"}}
    out = render_json(replace(report_kk, figures=figures))
    assert "Әкімшілік айыптар" in out and "\\u" not in out


def test_stray_decimal_is_a_number_and_bad_value_is_an_error(report_en: Report) -> None:
    out = render_json(replace(report_en, figures={"ratio": Decimal("1.5"), "n": Decimal(9)}))
    assert json.loads(out)["figures"] == {"n": 9, "ratio": 1.5}
    with pytest.raises(TypeError, match="cannot represent"):
        render_json(replace(report_en, figures={"x": object()}))

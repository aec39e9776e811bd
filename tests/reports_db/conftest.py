from __future__ import annotations

import re
from typing import Any

import pytest

from speechwatch.audit.record import Who
from speechwatch.reports.document import Report

EDITOR = Who(label="editor")
APRIL = "2024-04"
# What the editor of the April 2024 overview chose: the administrative breakdown names only
# false information and defamation (as the published overview does).
APRIL_OVERRIDES: dict[str, Any] = {
    "breakdowns": {
        "L.administrative": ["L.administrative.false_info", "L.administrative.defamation"]
    },
}
REFERENCE_ORDER = [20, 2, 8, 7, 12, 5, 3, 20, 3, 9, 8, 2, 3]


@pytest.fixture
def demo(installed):
    from speechwatch.demo.loader import load_demo

    load_demo()
    return EDITOR


def statistics_text(report: Report) -> str:
    section = report.section("statistics")
    assert section is not None
    return "\n".join(p.text() for p in section.statistics)


def numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text.replace("DDoS", ""))]

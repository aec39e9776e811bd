from __future__ import annotations

import pytest

from speechwatch.reports.document import Report
from tests.reports_render.samples import april_en, april_kk, april_ru


@pytest.fixture
def report_en() -> Report:
    return april_en()


@pytest.fixture
def report_ru() -> Report:
    return april_ru()


@pytest.fixture
def report_kk() -> Report:
    return april_kk()

from __future__ import annotations

import pytest

from speechwatch.audit.record import Who

WHO = Who(label="test")


@pytest.fixture
def world(installed):
    return WHO

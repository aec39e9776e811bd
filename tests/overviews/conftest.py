from __future__ import annotations

from pathlib import Path

import pytest

from speechwatch.overviews.mapping import Mapper
from speechwatch.overviews.reader import build_mapper

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "adilsoz-2024-04-en.txt"
if not REFERENCE.is_file():  # CI lays shared/ beside the clone
    REFERENCE = Path("/work/shared/reference/adilsoz-2024-04-en.txt")


@pytest.fixture(scope="session")
def mapper() -> Mapper:
    """The adilsoz-2024 mapper without the embedding stage: fast and deterministic."""
    return build_mapper("adilsoz-2024", embeddings=False)


@pytest.fixture(scope="session")
def reference_text() -> str:
    if not REFERENCE.is_file():
        pytest.skip("reference overview not available")
    return REFERENCE.read_text(encoding="utf-8")

from __future__ import annotations

from pathlib import Path

import pytest

from speechwatch.overviews.mapping import Mapper
from speechwatch.overviews.reader import build_mapper

# The published Adil Soz overview for April 2024 (public text), kept with the tests.
REFERENCE = Path(__file__).resolve().parents[1] / "data" / "adilsoz-2024-04-en.txt"


@pytest.fixture(scope="session")
def mapper() -> Mapper:
    """The adilsoz-2024 mapper without the embedding stage: fast and deterministic."""
    return build_mapper("adilsoz-2024", embeddings=False)


@pytest.fixture(scope="session")
def reference_text() -> str:
    if not REFERENCE.is_file():
        pytest.skip("reference overview not available")
    return REFERENCE.read_text(encoding="utf-8")

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.load_profile("default")


@pytest.fixture(autouse=True)
def _fresh_public_cache():
    """A test's rolled-back writes can repeat a publication generation: start each test empty."""
    from speechwatch.portal import cache

    cache.clear()


@pytest.fixture
def installed(db):
    """A database with the default taxonomy and regions installed, as `speechwatch init` does."""
    from speechwatch.core.setup import install_defaults

    install_defaults()

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


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """The API's per-address limit is off in tests (tests/api turns it on where it is checked);
    password hashing speed is not under test. Publishing schedules an open-data build in a
    thread, which would write to the real var/: tests that want one call
    speechwatch.portal.opendata.build() themselves."""
    settings.API_RATE = "off"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SPEECHWATCH_OPEN_DATA_AUTOBUILD = False
    settings.SPEECHWATCH_STATISTICS_WARM = False  # no background thread: requests build the table


@pytest.fixture
def installed(db):
    """A database with the default taxonomy and regions installed, as `speechwatch init` does."""
    from speechwatch.core.setup import install_defaults

    install_defaults()

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections

from tests.e2e.test_browser_workflow import ARGS, CHROMIUM, sync_playwright


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    # Password hashing speed is not under test; uploads must not land in the real var/.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "uploads"
    # The live server speaks plain http on localhost.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture(autouse=True)
def _no_cached_counts():
    # Cached queue counts are keyed on row ids, which a flushed database reuses.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def browser(monkeypatch) -> Iterator[Any]:
    """One headless Debian Chromium per test (never a downloaded browser build)."""
    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls are
    # synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    assert sync_playwright is not None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
            # While Playwright's event loop is set, Django keeps the test's database connection
            # per async context, apart from the one the test database's teardown closes: close
            # it here, or PostgreSQL refuses to drop a database "accessed by other users".
            connections.close_all()

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

from tests.workspace.helpers import make_users


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    # Password hashing speed is not under test; uploads must not land in the real var/.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "uploads"
    # Cached queue counts are keyed on row ids, which a rolled-back test may reuse.
    cache.clear()


@pytest.fixture
def users(installed) -> dict[str, User]:
    return make_users()

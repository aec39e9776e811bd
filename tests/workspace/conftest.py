from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from tests.workspace.helpers import make_users


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    # Password hashing speed is not under test; uploads must not land in the real var/.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def users(installed) -> dict[str, User]:
    return make_users()

"""`speechwatch secret-key`: write a random SECRET_KEY to var/secret_key once (mode 0600)."""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


def write_secret_key_file() -> bool:
    """Create the key file if it does not exist; True when it was created. Never overwrites:
    a new key signs everyone out and makes the encrypted two-factor seeds unreadable."""
    path = settings.SECRET_KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(64) + "\n")
    return True


class Command(BaseCommand):
    help = "Write a random SECRET_KEY to var/secret_key (once; read when SECRET_KEY is unset)."

    def handle(self, *args: Any, **options: Any) -> None:
        path = settings.SECRET_KEY_FILE
        if write_secret_key_file():
            self.stdout.write(f"secret key written to {path} (mode 0600)")
        else:
            self.stdout.write(f"secret key kept: {path} exists")
        if os.environ.get("SECRET_KEY"):
            self.stdout.write("note: SECRET_KEY is set in the environment and takes precedence")

"""Encryption at rest for small secrets (two-factor seeds): Fernet with HKDF-derived keys.

The key comes from SPEECHWATCH_FIELD_KEY, or, when that is empty, from SECRET_KEY. Older keys
(SPEECHWATCH_FIELD_OLD_KEYS, SECRET_KEY_FALLBACKS and SECRET_KEY itself) still decrypt, so a key
can be rotated: set the new key, list the old one as old, run `speechwatch roles reencrypt`, then
drop the old key (docs/web-app.md).
"""

from __future__ import annotations

import base64
import logging
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models

log = logging.getLogger(__name__)
SALT = b"speechwatch-field-encryption-v1"


def derive_key(secret: str) -> bytes:
    """A Fernet key (urlsafe base64 of 32 bytes) derived from any secret string."""
    hkdf = HKDF(algorithm=SHA256(), length=32, salt=SALT, info=b"fernet")
    return base64.urlsafe_b64encode(hkdf.derive(secret.encode("utf-8")))


def key_secrets() -> tuple[str, ...]:
    """The secrets to derive keys from, the one that encrypts first; duplicates dropped."""
    primary = settings.FIELD_ENCRYPTION_KEY or settings.SECRET_KEY
    candidates = [
        primary,
        *settings.FIELD_ENCRYPTION_OLD_KEYS,
        settings.SECRET_KEY,
        *getattr(settings, "SECRET_KEY_FALLBACKS", []),
    ]
    return tuple(dict.fromkeys(s for s in candidates if s))


@lru_cache(maxsize=8)
def _fernet(secrets: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(derive_key(s)) for s in secrets])


def encrypt(plain: str) -> str:
    return _fernet(key_secrets()).encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """The plain text; raises InvalidToken when no configured key opens it."""
    return _fernet(key_secrets()).decrypt(token.encode("ascii")).decode("utf-8")


def is_encrypted(value: str) -> bool:
    try:
        decrypt(value)
    except (InvalidToken, ValueError, UnicodeError):
        return False
    return True


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text kept encrypted in the database and plain in Python. Not for lookups (each encryption
    differs). A value no configured key opens reads as "" (logged): e.g. two-factor must then be
    reset by an admin, rather than every page failing."""

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        try:
            return decrypt(value)
        except (InvalidToken, ValueError, UnicodeError):
            log.error("%s: cannot decrypt a value; check SPEECHWATCH_FIELD_KEY", self.model)
            return ""


def encrypt_plain_rows(connection: Any, table: str, column: str) -> int:
    """Encrypt the values of `column` that are still plain (data migration); returns the count."""
    qn = connection.ops.quote_name  # table and column names are ours, not input
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {qn(column)} FROM {qn(table)}")
        rows = [(pk, value) for pk, value in cursor.fetchall() if value and not is_encrypted(value)]
        for pk, value in rows:
            cursor.execute(
                f"UPDATE {qn(table)} SET {qn(column)} = %s WHERE id = %s",
                [encrypt(value), pk],
            )
    return len(rows)


def decrypt_rows(connection: Any, table: str, column: str) -> int:
    """The reverse of encrypt_plain_rows (migrating backwards)."""
    qn = connection.ops.quote_name  # table and column names are ours, not input
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {qn(column)} FROM {qn(table)}")
        rows = [(pk, value) for pk, value in cursor.fetchall() if value and is_encrypted(value)]
        for pk, value in rows:
            cursor.execute(
                f"UPDATE {qn(table)} SET {qn(column)} = %s WHERE id = %s",
                [decrypt(value), pk],
            )
    return len(rows)

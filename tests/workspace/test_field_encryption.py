"""Two-factor secrets are encrypted at rest (workspace/fields.py) and survive a key rotation."""

from __future__ import annotations

from django.db import connection

from speechwatch.workspace import fields
from speechwatch.workspace.actions import start_two_factor
from speechwatch.workspace.models import TwoFactor
from speechwatch.workspace.user_actions import reencrypt_secrets
from tests.workspace.helpers import SYSTEM


def raw_secret(pk: int) -> str:
    table = connection.ops.quote_name(TwoFactor._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT secret FROM {table} WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def test_raw_column_is_not_the_secret(users) -> None:
    row = start_two_factor(users["editor"])
    secret = TwoFactor.objects.get(pk=row.pk).secret
    assert len(secret) == 32 and secret.isalnum()
    stored = raw_secret(row.pk)
    assert secret not in stored and secret.lower() not in stored.lower()
    assert fields.decrypt(stored) == secret


def test_existing_plain_rows_are_encrypted_by_the_migration_step(users) -> None:
    row = start_two_factor(users["editor"])
    secret = row.secret
    table = TwoFactor._meta.db_table
    with connection.cursor() as cursor:  # as the rows were before migration 0003
        cursor.execute(
            f"UPDATE {connection.ops.quote_name(table)} SET secret = %s WHERE id = %s",
            [secret, row.pk],
        )
    assert raw_secret(row.pk) == secret
    assert fields.encrypt_plain_rows(connection, table, "secret") == 1
    assert raw_secret(row.pk) != secret
    assert TwoFactor.objects.get(pk=row.pk).secret == secret
    assert fields.encrypt_plain_rows(connection, table, "secret") == 0  # idempotent


def test_key_rotation(users, settings) -> None:
    settings.FIELD_ENCRYPTION_KEY = "first field key"
    row = start_two_factor(users["editor"])
    secret = row.secret
    settings.FIELD_ENCRYPTION_KEY = "second field key"
    settings.FIELD_ENCRYPTION_OLD_KEYS = ["first field key"]
    assert TwoFactor.objects.get(pk=row.pk).secret == secret  # old key still opens it
    assert reencrypt_secrets(who=SYSTEM) == 1
    settings.FIELD_ENCRYPTION_OLD_KEYS = []
    assert TwoFactor.objects.get(pk=row.pk).secret == secret  # now under the new key alone
    settings.FIELD_ENCRYPTION_KEY = "a key nobody configured"
    settings.SECRET_KEY = "and another secret key"
    assert TwoFactor.objects.get(pk=row.pk).secret == ""  # unreadable, not a crash


def test_derive_key_is_stable_and_distinct() -> None:
    assert fields.derive_key("a") == fields.derive_key("a")
    assert fields.derive_key("a") != fields.derive_key("b")
    assert len(fields.derive_key("a")) == 44  # urlsafe base64 of 32 bytes

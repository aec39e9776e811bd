# Two-factor secrets were stored in clear: widen the column and encrypt the rows already there.

from typing import Any

from django.db import migrations

import speechwatch.workspace.fields
from speechwatch.workspace.fields import decrypt_rows, encrypt_plain_rows


def encrypt_existing(apps: Any, schema_editor: Any) -> None:
    table = apps.get_model("workspace", "TwoFactor")._meta.db_table
    encrypt_plain_rows(schema_editor.connection, table, "secret")


def decrypt_existing(apps: Any, schema_editor: Any) -> None:
    table = apps.get_model("workspace", "TwoFactor")._meta.db_table
    decrypt_rows(schema_editor.connection, table, "secret")


class Migration(migrations.Migration):
    dependencies = [
        ("workspace", "0002_role_groups"),
    ]

    operations = [
        migrations.AlterField(
            model_name="twofactor",
            name="secret",
            field=speechwatch.workspace.fields.EncryptedTextField(),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]

# Assignment and Throttle now belong to staff/ (staff 0001): state only, tables and rows stay.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workspace", "0003_encrypt_two_factor_secret"),
        ("staff", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Assignment"),
                migrations.DeleteModel(name="Throttle"),
            ],
            database_operations=[],
        ),
    ]

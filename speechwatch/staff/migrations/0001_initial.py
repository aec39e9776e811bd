# Assignment and Throttle moved here from workspace/: state only, the tables keep their names.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("workspace", "0003_encrypt_two_factor_secret"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Throttle",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),  # noqa: E501
                        ("key", models.CharField(max_length=200, unique=True)),
                        ("window_start", models.DateTimeField()),
                        ("count", models.PositiveIntegerField(default=0)),
                    ],
                    options={"db_table": "workspace_throttle"},
                ),
                migrations.CreateModel(
                    name="Assignment",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),  # noqa: E501
                        ("object_type", models.CharField(max_length=40)),
                        ("object_id", models.CharField(max_length=120)),
                        ("at", models.DateTimeField()),
                        ("assigned_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),  # noqa: E501
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL)),  # noqa: E501
                    ],
                    options={
                        "db_table": "workspace_assignment",
                        "constraints": [models.UniqueConstraint(fields=("object_type", "object_id"), name="assignment_unique")],  # noqa: E501
                    },
                ),
            ],
            database_operations=[],
        ),
    ]

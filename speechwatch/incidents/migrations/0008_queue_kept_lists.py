import django.db.models.deletion
from django.db import migrations, models


def forget_counts(apps, schema_editor):
    # The new kept lists start empty: without counts, the next queue view rebuilds all of them.
    apps.get_model("incidents", "QueueCount").objects.using(schema_editor.connection.alias).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0007_queue_counts"),
    ]

    operations = [
        migrations.CreateModel(
            name="QueueMissing",
            fields=[
                (
                    "incident",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="queue_missing",
                        serialize=False,
                        to="incidents.incident",
                    ),
                ),
                ("recorded_on", models.DateField()),
            ],
            options={
                "indexes": [
                    models.Index(fields=["recorded_on", "incident"], name="queue_missing_order")
                ],
            },
        ),
        migrations.CreateModel(
            name="QueueSharedUrl",
            fields=[
                ("url", models.CharField(max_length=1000, primary_key=True, serialize=False)),
                ("n", models.PositiveIntegerField()),
            ],
        ),
        migrations.RunPython(forget_counts, migrations.RunPython.noop),
    ]

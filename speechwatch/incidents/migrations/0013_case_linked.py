"""Incident.case_linked: marks incidents linked to a case, with a small partial index of the
published ones by date (reports on ongoing cases, reports/loadrows.py). Existing links set it."""

from typing import Any

from django.db import migrations, models


def mark_linked(apps: Any, schema_editor: Any) -> None:
    Incident = apps.get_model("incidents", "Incident")
    CaseIncident = apps.get_model("cases", "CaseIncident")
    linked = CaseIncident.objects.values("incident_id")
    Incident.objects.filter(id__in=linked).update(case_linked=True)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_case_version"),
        ("incidents", "0012_search_vector_words"),
    ]

    operations = [
        # One ALTER on both databases: Django would rebuild the whole table on SQLite for a NOT
        # NULL column, dropping the indexes and full-text triggers other migrations added.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="incident",
                    name="case_linked",
                    field=models.BooleanField(db_default=False, default=False, editable=False),
                )
            ],
            database_operations=[
                migrations.RunSQL(
                    'ALTER TABLE "incidents_incident" '
                    'ADD COLUMN "case_linked" boolean DEFAULT false NOT NULL',
                    reverse_sql='ALTER TABLE "incidents_incident" DROP COLUMN "case_linked"',
                )
            ],
        ),
        migrations.RunPython(mark_linked, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(
                condition=models.Q(("case_linked", True), ("status", "published")),
                fields=["recorded_on"],
                name="incident_case_linked",
            ),
        ),
    ]

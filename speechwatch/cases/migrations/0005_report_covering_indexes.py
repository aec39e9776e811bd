"""CaseStage (case, date): whether a case had a stage before a date, from the index alone."""

from typing import Any

from django.db import migrations, models

from speechwatch.lib.sqlitestats import analyze


def analyze_index(apps: Any, schema_editor: Any) -> None:
    analyze(schema_editor, "case_stage_case_date")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_case_version"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="casestage",
            index=models.Index(fields=["case", "date"], name="case_stage_case_date"),
        ),
        migrations.RunPython(analyze_index, migrations.RunPython.noop),
    ]

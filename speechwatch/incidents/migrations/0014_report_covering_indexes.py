"""MonthTally's key with its count: a report reads its months' rows from the index alone."""

from typing import Any

from django.db import migrations, models

from speechwatch.lib.sqlitestats import analyze


def analyze_index(apps: Any, schema_editor: Any) -> None:
    analyze(schema_editor, "month_tally_cover")


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0013_case_linked"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="monthtally",
            index=models.Index(
                fields=["month", "category_id", "facet", "value", "n"], name="month_tally_cover"
            ),
        ),
        migrations.RunPython(analyze_index, migrations.RunPython.noop),
    ]

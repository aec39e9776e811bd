"""Drop the index of CaseStage.case alone: case_stage_case_date (case, date) leads with it."""

import django.db.models.deletion
from django.db import migrations, models

from speechwatch.lib.dropindex import Dropped, drop_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_report_covering_indexes"),
    ]

    operations = [
        drop_indexes(
            [
                migrations.AlterField(
                    model_name="casestage",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="stages",
                        to="cases.case",
                    ),
                ),
            ],
            [Dropped("cases_casestage_case_id_575d36d0", "cases_casestage", "case_id")],
        ),
    ]
